// A decision's full trace, rebuilt on demand from the compact decision, its message's MatchInput
// and the settings it was made under: every field read and where from, the value before and after
// normalizing, the lookups and what they found, the conflict, what a loser kept, and the user after.
import { isGroupCall } from './extract';
import { emailKey } from './matcher';
import { EMAIL_PATHS, type ExplainedDecision, type MatchDecision, type MatchInput, type MatchingSettings, type TraceStep, type UserRef } from './types';

/** The user after the decision: the one found (or a new one) with the username/email changes applied. */
function userAfter(d: MatchDecision, before: UserRef | undefined): UserRef {
  const after: UserRef = { id: d.userId!, username: before?.username, email: before?.email };
  for (const c of d.changes) {
    if (c.field === 'username') after.username = c.after as string;
    else if (c.field === 'email') after.email = c.after as string;
  }
  return after;
}

/** A username lookup that found a user, with the others that had the username too. */
function usernameFound(d: MatchDecision, key: string, found: UserRef): TraceStep & { kind: 'lookup-username' } {
  const step: TraceStep & { kind: 'lookup-username' } = { kind: 'lookup-username', key, found };
  if (d.usernameAlsoFound) step.alsoFound = d.usernameAlsoFound;
  if (d.usernameAlsoFoundUser) step.alsoFoundUser = d.usernameAlsoFoundUser;
  return step;
}

export function explainDecision(d: MatchDecision, input: MatchInput, settings: MatchingSettings): ExplainedDecision {
  const trace: TraceStep[] = [];
  const { emailComparison } = settings;
  let key: string | undefined;
  let usedEmail: string | undefined;
  for (let i = 0; i < 3; i++) {
    const read = input.emails[i];
    const path = EMAIL_PATHS[i];
    if (read.state !== 'text') {
      trace.push({ kind: 'read-email', path, read, used: false });
    } else if (i === 0 && isGroupCall(input.type)) {
      trace.push({ kind: 'read-email', path, read, used: false, skipped: 'group-traits' });
    } else if (key !== undefined) {
      trace.push({ kind: 'read-email', path, read, used: false, skipped: 'earlier-email' });
    } else {
      const normalized = emailKey(read.value, emailComparison);
      if (normalized === '') trace.push({ kind: 'read-email', path, read, normalized, used: false, skipped: 'empty-after-normalizing' });
      else {
        trace.push({ kind: 'read-email', path, read, normalized, used: true });
        key = normalized;
        usedEmail = read.value;
      }
    }
  }
  trace.push({ kind: 'read-id', path: 'userId', read: input.userId });
  const userId = input.userId.state === 'text' ? input.userId.value : undefined;

  if (key !== undefined) {
    const step: TraceStep & { kind: 'lookup-email' } = { kind: 'lookup-email', key, comparison: emailComparison };
    if (d.byEmail) step.found = d.byEmail;
    if (d.alsoFound) step.alsoFound = d.alsoFound;
    if (d.alsoFoundUser) step.alsoFoundUser = d.alsoFoundUser;
    if (d.nearMiss) step.nearMiss = d.nearMiss;
    if (!d.byEmail && d.emailFormerly) step.formerly = d.emailFormerly;
    trace.push(step);
  }
  if (userId !== undefined) {
    trace.push(
      d.byUsername
        ? usernameFound(d, userId, d.byUsername)
        : { kind: 'lookup-username', key: userId, ...(d.usernameFormerly ? { formerly: d.usernameFormerly } : {}), ...(d.usernameNearMiss ? { nearMiss: d.usernameNearMiss } : {}) },
    );
  }

  let before: UserRef | undefined;
  if (key === undefined && userId === undefined) {
    trace.push({ kind: 'no-identity', setting: settings.noIdentity });
    if (settings.noIdentity === 'create-anonymous') {
      trace.push({ kind: 'read-id', path: 'anonymousId', read: input.anonymousId });
      if (input.anonymousId.state === 'text') {
        const anonymousId = input.anonymousId.value;
        trace.push(
          d.byUsername
            ? { ...usernameFound(d, anonymousId, d.byUsername), viaAnonymousId: true }
            : { kind: 'lookup-username', key: anonymousId, viaAnonymousId: true, ...(d.usernameNearMiss ? { nearMiss: d.usernameNearMiss } : {}) },
        );
      }
    }
    before = d.byUsername;
  } else if (d.conflict && d.byEmail && d.byUsername) {
    const winner = settings.conflict === 'email-wins' ? 'email' : 'userId';
    trace.push({ kind: 'conflict', byEmail: d.byEmail, byUsername: d.byUsername, winner });
    before = winner === 'email' ? d.byEmail : d.byUsername;
    // The loser holds the field the winner would have taken: it stays where it is.
    if (winner === 'email' && userId !== undefined && before.username !== userId) {
      trace.push({ kind: 'kept', field: 'username', value: before.username, wanted: userId, heldBy: d.byUsername });
    }
    if (winner === 'userId' && usedEmail !== undefined && (before.email === undefined || emailKey(before.email, emailComparison) !== key)) {
      trace.push({ kind: 'kept', field: 'email', value: before.email, wanted: emailComparison === 'exact' ? usedEmail : usedEmail.trim(), heldBy: d.byEmail });
    }
  } else {
    before = d.outcome === 'matched-by-email' ? d.byEmail : d.outcome === 'matched-by-username' ? d.byUsername : undefined;
  }
  if (d.outcome === 'created') trace.push({ kind: 'created', user: userAfter(d, undefined) });
  else if (d.outcome !== 'unmatched') trace.push({ kind: 'updated', user: userAfter(d, before) });
  return { ...d, trace };
}
