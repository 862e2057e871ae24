// Users that look like one person: the "we have two users for one person" report.
import { looseEmailKey, looseUsernameKey } from './matcher';
import type { DirectoryUser, MatchDecision, UserRef } from './types';

export type DuplicateKind = 'same-email' | 'email-case-or-space' | 'same-username' | 'username-space-or-invisible' | 'username-is-email' | 'same-anonymous-id' | 'conflict-split' | 'username-passed-on';

export interface DuplicateGroup {
  kind: DuplicateKind;
  /** What they share: the email (as compared loosely), the username, or the anonymousId; for a conflict, the email and the userId. */
  key: string;
  /**
   * conflict-split: the messages whose email found one of them and whose userId named the other;
   * username-passed-on: the message that renamed the first user, and the one that created the second with its old username.
   */
  messages?: number[];
  /** The users, each with the messages that created or changed it (seqs, in order). */
  users: (UserRef & { createdBy: number | null; messages: number[] })[];
}

const entry = (u: DirectoryUser) => ({ id: u.id, username: u.username, email: u.email, createdBy: u.createdBy, messages: [...u.touchedBy] });

function groupBy(users: readonly DirectoryUser[], keyOf: (u: DirectoryUser) => string | undefined): Map<string, DirectoryUser[]> {
  const m = new Map<string, DirectoryUser[]>();
  for (const u of users) {
    const k = keyOf(u);
    if (k === undefined || k === '') continue;
    const list = m.get(k);
    if (list) list.push(u);
    else m.set(k, [u]);
  }
  return m;
}

/**
 * `decisions`: those flagged as a conflict, and those that created a user with a username another
 * user had until a message renamed it (others are skipped). A conflict is one person the
 * directory holds as two users: the message's email found one, its userId named the other, and
 * whichever won, each keeps its field (domain.md: email wins by default, the trace flags it).
 */
export function findDuplicates(users: readonly DirectoryUser[], decisions: readonly MatchDecision[] = []): DuplicateGroup[] {
  const groups: DuplicateGroup[] = [];
  const byLoose = groupBy(users, (u) => (u.email === undefined ? undefined : looseEmailKey(u.email)));
  for (const [key, list] of byLoose) {
    if (list.length < 2) continue;
    const exact = list.every((u) => u.email === list[0].email);
    groups.push({ kind: exact ? 'same-email' : 'email-case-or-space', key, users: list.map(entry) });
  }
  // The rule finds a user by username (= the message's userId) and takes the first: the others
  // with that username can never be found by it. (Anonymous users share one only through their
  // anonymousId, reported below.)
  for (const [key, list] of groupBy(users, (u) => u.username)) {
    if (list.length > 1 && !list.every((u) => u.createdBy !== null && u.anonymousId === key)) groups.push({ kind: 'same-username', key, users: list.map(entry) });
  }
  // `bob ` or `bob` + U+200B is not `bob` to the rule (it compares exactly): a message with one
  // found nobody and made a user beside the other, though they read the same.
  for (const [key, list] of groupBy(users, (u) => (u.username === undefined ? undefined : looseUsernameKey(u.username)))) {
    if (list.length > 1 && !list.every((u) => u.username === list[0].username)) groups.push({ kind: 'username-space-or-invisible', key, users: list.map(entry) });
  }
  for (const u of users) {
    if (u.username === undefined) continue;
    const others = byLoose.get(looseEmailKey(u.username))?.filter((o) => o !== u);
    if (others && others.length > 0) groups.push({ kind: 'username-is-email', key: looseEmailKey(u.username), users: [u, ...others].map(entry) });
  }
  const created = users.filter((u) => u.createdBy !== null);
  for (const [key, list] of groupBy(created, (u) => u.anonymousId)) {
    if (list.length > 1) groups.push({ kind: 'same-anonymous-id', key, users: list.map(entry) });
  }
  const byId = new Map<string, DirectoryUser>();
  for (const u of users) if (!byId.has(u.id)) byId.set(u.id, u);
  const pairs = new Map<string, DuplicateGroup>();
  for (const d of decisions) {
    if (!d.conflict || !d.byEmail || !d.byUsername) continue;
    const a = byId.get(d.byEmail.id);
    const b = byId.get(d.byUsername.id);
    if (!a || !b || a === b) continue;
    const pair = JSON.stringify([a.id, b.id].sort());
    const group = pairs.get(pair);
    if (group) group.messages!.push(d.seq);
    else pairs.set(pair, { kind: 'conflict-split', key: `email ${d.byEmail.email ?? ''}, userId ${d.byUsername.username ?? ''}`, users: [a, b].map(entry), messages: [d.seq] });
  }
  groups.push(...pairs.values());
  // A user renamed (its email found it, the message's userId was another), then a message with its
  // old username found nobody and created a user with it: the person behind that userId is now two
  // users (the report said nothing of the second one).
  for (const d of decisions) {
    const f = d.usernameFormerly;
    if (d.outcome !== 'created' || !f || d.userId === undefined) continue;
    const was = byId.get(f.user.id);
    const made = byId.get(d.userId);
    if (!was || !made || was === made) continue;
    groups.push({ kind: 'username-passed-on', key: f.user.username ?? '', users: [was, made].map(entry), messages: [f.seq, d.seq] });
  }
  return groups;
}

export const DUPLICATE_KIND_TEXT: Record<DuplicateKind, string> = {
  'same-email': 'the same email',
  'email-case-or-space': 'the same email but for case or spacing',
  'same-username': 'the same username (a userId finds only the first of them)',
  'username-space-or-invisible': 'the same username but for space or invisible characters',
  'username-is-email': "a username equal to another user's email",
  'same-anonymous-id': 'created by messages with the same anonymousId',
  'conflict-split': "split by a conflict: a message's email found one user and its userId another",
  'username-passed-on': 'a username passed on: its user was renamed, and a later message with it created another user',
};
