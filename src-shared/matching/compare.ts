// What-if: two runs of the rule over the same messages (settings now and then), compared
// decision by decision (by seq) and user by user (by directory id, stable across runs).
import { ownProperty } from './extract';
import type { MatchingResult } from './matcher';
import type { DirectoryUser, MatchOutcome, UserRef } from './types';

export interface DecisionBrief {
  outcome: MatchOutcome;
  userId?: string;
  conflict: boolean;
}
export interface ChangedDecision {
  seq: number;
  messageId?: string;
  type?: string;
  /** null: the message is not matched under those settings (scope). */
  now: DecisionBrief | null;
  then: DecisionBrief | null;
}
export interface ChangedUser {
  id: string;
  /** nowJson, thenJson: over the contract, a value holding a number a double cannot hold, with its digits (exact-values.ts). */
  fields: { field: string; now: unknown; then: unknown; nowJson?: string; thenJson?: string }[];
}
export interface MatchingComparison {
  decisions: ChangedDecision[];
  users: { added: UserRef[]; removed: UserRef[]; changed: ChangedUser[] };
}

const briefAt = (m: MatchingResult, i: number): DecisionBrief => ({ outcome: m.outcomeAt(i), userId: m.userIdAt(i), conflict: m.conflictAt(i) });
const sameAt = (a: MatchingResult, i: number, b: MatchingResult, j: number) => a.outcomeAt(i) === b.outcomeAt(j) && a.userIdAt(i) === b.userIdAt(j) && a.conflictAt(i) === b.conflictAt(j);
const ref = (u: DirectoryUser): UserRef => ({ id: u.id, username: u.username, email: u.email });

const same = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/** The fields that differ between a user now and then (username, email, each property). */
function changedFields(u: DirectoryUser, t: DirectoryUser): ChangedUser['fields'] {
  const fields: ChangedUser['fields'] = [];
  if (u.username !== t.username) fields.push({ field: 'username', now: u.username, then: t.username });
  if (u.email !== t.email) fields.push({ field: 'email', now: u.email, then: t.email });
  // Own keys only: a property named `constructor` or `toString` is the sender's, not Object.prototype's.
  for (const k of Object.keys(u.properties)) {
    const now = u.properties[k];
    const then = ownProperty(t.properties, k);
    if (!same(now, then)) fields.push({ field: `properties.${k}`, now, then });
  }
  for (const k of Object.keys(t.properties)) if (!Object.hasOwn(u.properties, k)) fields.push({ field: `properties.${k}`, now: undefined, then: t.properties[k] });
  return fields;
}

export function compareMatching(now: MatchingResult, then: MatchingResult): MatchingComparison {
  // Both runs' decisions are in seq order: one walk over both, in step.
  const decisions: ChangedDecision[] = [];
  const entry = (m: MatchingResult, i: number, nowBrief: DecisionBrief | null, thenBrief: DecisionBrief | null): ChangedDecision => {
    const input = m.inputAt(i);
    return { seq: input.seq, messageId: input.messageId, type: input.type, now: nowBrief, then: thenBrief };
  };
  let i = 0;
  let j = 0;
  while (i < now.size || j < then.size) {
    const a = i < now.size ? now.seqAt(i) : Infinity;
    const b = j < then.size ? then.seqAt(j) : Infinity;
    if (a === b) {
      if (!sameAt(now, i, then, j)) decisions.push(entry(now, i, briefAt(now, i), briefAt(then, j)));
      i++;
      j++;
    } else if (a < b) {
      decisions.push(entry(now, i, briefAt(now, i), null));
      i++;
    } else {
      decisions.push(entry(then, j, null, briefAt(then, j)));
      j++;
    }
  }

  const thenById = new Map(then.users.map((u) => [u.id, u]));
  const nowIds = new Set<string>();
  const removed: UserRef[] = [];
  const changed: ChangedUser[] = [];
  for (const u of now.users) {
    nowIds.add(u.id);
    const t = thenById.get(u.id);
    if (!t) {
      removed.push(ref(u));
      continue;
    }
    const fields = changedFields(u, t);
    if (fields.length > 0) changed.push({ id: u.id, fields });
  }
  const added = then.users.filter((u) => !nowIds.has(u.id)).map(ref);
  return { decisions, users: { added, removed, changed } };
}
