// What-if: two runs of the rule over the same messages (settings now and then), compared
// decision by decision (by seq) and user by user (by directory id, stable across runs).
import type { MatchingResult } from './matcher';
import type { DirectoryUser, MatchDecision, MatchOutcome, UserRef } from './types';

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
  fields: { field: string; now: unknown; then: unknown }[];
}
export interface MatchingComparison {
  decisions: ChangedDecision[];
  users: { added: UserRef[]; removed: UserRef[]; changed: ChangedUser[] };
}

const brief = (d: MatchDecision | undefined): DecisionBrief | null => (d ? { outcome: d.outcome, userId: d.userId, conflict: d.conflict } : null);
const sameBrief = (a: DecisionBrief | null, b: DecisionBrief | null) => a === b || (!!a && !!b && a.outcome === b.outcome && a.userId === b.userId && a.conflict === b.conflict);
const ref = (u: DirectoryUser): UserRef => ({ id: u.id, username: u.username, email: u.email });

const same = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/** The fields that differ between a user now and then (username, email, each property). */
function changedFields(u: DirectoryUser, t: DirectoryUser): ChangedUser['fields'] {
  const fields: ChangedUser['fields'] = [];
  if (u.username !== t.username) fields.push({ field: 'username', now: u.username, then: t.username });
  if (u.email !== t.email) fields.push({ field: 'email', now: u.email, then: t.email });
  for (const k in u.properties) if (!same(u.properties[k], t.properties[k])) fields.push({ field: `properties.${k}`, now: u.properties[k], then: t.properties[k] });
  for (const k in t.properties) if (!(k in u.properties)) fields.push({ field: `properties.${k}`, now: undefined, then: t.properties[k] });
  return fields;
}

export function compareMatching(now: MatchingResult, then: MatchingResult): MatchingComparison {
  const thenBySeq = new Map(then.decisions.map((d) => [d.seq, d]));
  const decisions: ChangedDecision[] = [];
  const seen = new Set<number>();
  for (const d of now.decisions) {
    seen.add(d.seq);
    const t = thenBySeq.get(d.seq);
    if (!sameBrief(brief(d), brief(t))) decisions.push({ seq: d.seq, messageId: d.messageId, type: d.type, now: brief(d), then: brief(t) });
  }
  for (const t of then.decisions) {
    if (!seen.has(t.seq)) decisions.push({ seq: t.seq, messageId: t.messageId, type: t.type, now: null, then: brief(t) });
  }
  decisions.sort((a, b) => a.seq - b.seq);

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
