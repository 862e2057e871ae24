// A straightforward reference implementation of Product Fruits' rule, for property tests only:
// one plain object per decision, linear scans of the directory instead of indexes, no shared
// objects, no snapshots tables, no columns. The Matcher must give exactly the same decisions and
// directory for the same inputs.
import { createdUserId, emailKey, looseEmailKey, looseUsernameKey } from '../../../src-shared/matching/matcher';
import type { DirectoryUser, FieldChange, MatchDecision, MatchInput, MatchingSettings, StartingUser, UserRef } from '../../../src-shared/matching/types';

const refOf = (u: DirectoryUser): UserRef => ({ id: u.id, username: u.username, email: u.email });
const sameValue = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));

export function referenceMatching(start: readonly StartingUser[], settings: MatchingSettings, inputs: readonly MatchInput[]): { decisions: MatchDecision[]; users: DirectoryUser[] } {
  const users: DirectoryUser[] = start.map((s) => ({
    id: s.id,
    ...(s.username !== undefined ? { username: s.username } : {}),
    ...(s.email !== undefined ? { email: s.email } : {}),
    properties: { ...s.properties },
    sources: {},
    createdBy: null,
    touchedBy: [],
  }));
  const decisions: MatchDecision[] = [];
  const cmp = settings.emailComparison;
  /** Each time a user's username or email (its comparison key) was changed away from a value, in order. */
  const changedTo: { field: 'username' | 'email'; key: string; user: UserRef; seq: number; after: string | undefined }[] = [];
  /** Users whose email compares equal to key, in directory order. */
  const withEmail = (key: string) => users.filter((u) => u.email !== undefined && emailKey(u.email, cmp) !== '' && emailKey(u.email, cmp) === key);
  const withUsername = (name: string) => users.find((u) => u.username === name);
  /** Notes the users other than `found` that have the username, when there are any. */
  const noteOtherHolders = (d: MatchDecision, name: string, found: DirectoryUser) => {
    const others = users.filter((u) => u.username === name && u !== found);
    if (others.length === 0) return;
    d.usernameAlsoFound = others.length;
    d.usernameAlsoFoundUser = refOf(others[0]);
  };

  for (const input of inputs) {
    if (settings.scope === 'webhook' && input.origin !== 'webhook') continue;
    const d: MatchDecision = { seq: input.seq, messageId: input.messageId, type: input.type, receivedAt: input.receivedAt, outcome: 'unmatched', conflict: false, changes: [] };
    decisions.push(d);

    let key: string | undefined;
    let email: string | undefined;
    for (const [at, read] of input.emails.entries()) {
      // A group call's traits are the account's: its traits.email is not the user's.
      if (at === 0 && input.type === 'group') continue;
      if (read.state !== 'text' || emailKey(read.value, cmp) === '') continue;
      key = emailKey(read.value, cmp);
      email = cmp === 'exact' ? read.value : read.value.trim();
      break;
    }
    const userId = input.userId.state === 'text' ? input.userId.value : undefined;
    let byEmail: DirectoryUser | undefined;
    if (key !== undefined) {
      const found = withEmail(key);
      byEmail = found[0];
      if (byEmail) {
        d.byEmail = refOf(byEmail);
        if (found.length > 1) {
          d.alsoFound = found.length - 1;
          d.alsoFoundUser = refOf(found[1]);
        }
      } else if (cmp === 'exact') {
        const near = users.find((u) => u.email !== undefined && looseEmailKey(u.email) === looseEmailKey(key!));
        if (near) d.nearMiss = refOf(near);
      }
    }
    let byUsername: DirectoryUser | undefined;
    if (userId !== undefined) {
      // The user the email found has this username: the userId names that user (no conflict), even
      // when an earlier user of the directory shares the username (the Matcher's rule as shipped).
      byUsername = byEmail?.username === userId ? byEmail : withUsername(userId);
      if (byUsername) {
        d.byUsername = refOf(byUsername);
        noteOtherHolders(d, userId, byUsername);
      } else if (looseUsernameKey(userId) !== '') {
        const near = users.find((u) => u.username !== undefined && looseUsernameKey(u.username) === looseUsernameKey(userId));
        if (near) d.usernameNearMiss = refOf(near);
      }
    }

    let target: DirectoryUser | undefined;
    let username = userId;
    if (byEmail && byUsername && byEmail !== byUsername) {
      d.conflict = true;
      target = settings.conflict === 'email-wins' ? byEmail : byUsername;
      d.outcome = settings.conflict === 'email-wins' ? 'matched-by-email' : 'matched-by-username';
    } else if (byEmail) {
      target = byEmail;
      d.outcome = 'matched-by-email';
    } else if (byUsername) {
      target = byUsername;
      d.outcome = 'matched-by-username';
    } else if (key !== undefined || userId !== undefined) {
      d.outcome = 'created';
    } else {
      const anonymousId = input.anonymousId.state === 'text' ? input.anonymousId.value : undefined;
      if (settings.noIdentity === 'unmatched' || anonymousId === undefined) continue;
      target = withUsername(anonymousId);
      if (target) {
        d.byUsername = refOf(target);
        noteOtherHolders(d, anonymousId, target);
      } else if (looseUsernameKey(anonymousId) !== '') {
        const near = users.find((u) => u.username !== undefined && looseUsernameKey(u.username) === looseUsernameKey(anonymousId));
        if (near) d.usernameNearMiss = refOf(near);
      }
      d.outcome = target ? 'matched-by-username' : 'created';
      username = anonymousId;
      byUsername = target;
    }

    // A lookup that found nobody: the user that last had it, before this message changed anything.
    if (userId !== undefined && d.byUsername === undefined) {
      const f = changedTo.findLast((l) => l.field === 'username' && l.key === userId);
      if (f) d.usernameFormerly = { user: f.user, seq: f.seq, changedTo: f.after };
    }
    if (key !== undefined && d.byEmail === undefined) {
      const f = changedTo.findLast((l) => l.field === 'email' && l.key === key);
      if (f) d.emailFormerly = { user: f.user, seq: f.seq, changedTo: f.after };
    }
    const created = target === undefined;
    const user: DirectoryUser = target ?? { id: createdUserId(input.seq, (id) => users.some((u) => u.createdBy === null && u.id === id)), properties: {}, sources: {}, createdBy: input.seq, touchedBy: [] };
    if (created) {
      if (input.anonymousId.state === 'text') user.anonymousId = input.anonymousId.value;
      users.push(user);
    }
    const changes: FieldChange[] = [];
    const from = { seq: input.seq, at: input.receivedAt };
    const before = refOf(user);
    if (username !== undefined && user.username !== username && (byUsername === undefined || byUsername === user)) {
      changes.push({ field: 'username', before: user.username, after: username });
      user.username = username;
      user.sources.username = from;
    }
    const userKey = user.email === undefined ? undefined : emailKey(user.email, cmp);
    if (email !== undefined && userKey !== key && (byEmail === undefined || byEmail === user)) {
      changes.push({ field: 'email', before: user.email, after: email });
      user.email = email;
      user.sources.email = from;
    }
    for (const k in input.traits) {
      if (sameValue(user.properties[k], input.traits[k])) continue;
      changes.push({ field: `properties.${k}`, before: user.properties[k], after: input.traits[k] });
      user.properties[k] = input.traits[k];
      user.sources[`properties.${k}`] = from;
    }
    if (before.username !== undefined && user.username !== before.username) changedTo.push({ field: 'username', key: before.username, user: before, seq: input.seq, after: user.username });
    const beforeKey = before.email === undefined ? '' : emailKey(before.email, cmp);
    if (beforeKey !== '' && user.email !== before.email && emailKey(user.email!, cmp) !== beforeKey) changedTo.push({ field: 'email', key: beforeKey, user: before, seq: input.seq, after: user.email });
    if (created || changes.length > 0) user.touchedBy.push(input.seq);
    d.userId = user.id;
    d.changes = changes;
  }
  return { decisions, users };
}
