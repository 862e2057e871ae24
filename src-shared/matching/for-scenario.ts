// What a scenario saved from captured messages needs to make the same matching decisions on a
// fresh engine: the directory as it stood just before the first of them (the starting directory
// changed by every earlier message), the settings in force, and each one's decision with the user
// it landed on. A pure function of the same inputs the engine derives matching from.
import { Matcher } from './matcher';
import type { MatchInputs } from './match-inputs';
import type { MatchingSettings, MatchOutcome, StartingUser, UserRef } from './types';

export interface SavedDecision {
  outcome: MatchOutcome;
  conflict: boolean;
  /** The user it updated or created, as it was right after; absent when unmatched. */
  user?: UserRef;
  /** In a conflict: the user the email found and the one the userId named. */
  byEmail?: UserRef;
  byUsername?: UserRef;
}

export interface MatchingForScenario {
  settings: MatchingSettings;
  /** The directory just before the first selected message, as starting users. */
  users: StartingUser[];
  /** Selected seq -> its decision (only messages the rule ran on). */
  decisions: Map<number, SavedDecision>;
  /**
   * Messages between the first and the last selected one, not selected, that created or changed a
   * user: the file does not send them, so its run may decide otherwise.
   */
  unselected: number[];
}

/**
 * Runs the rule from the starting directory over the inputs in order, up to the last of `seqs`.
 * Undefined when the rule ran on none of them (out of the matched scope, or not captured).
 */
export function matchingForScenario(start: readonly StartingUser[], settings: MatchingSettings, inputs: MatchInputs, seqs: readonly number[]): MatchingForScenario | undefined {
  const wanted = new Set(seqs);
  if (wanted.size === 0) return undefined;
  const first = Math.min(...wanted);
  const last = Math.max(...wanted);
  const matcher = new Matcher(start, settings, inputs);
  let users: StartingUser[] | undefined;
  const decisions = new Map<number, SavedDecision>();
  const unselected: number[] = [];
  for (let p = 0; p < inputs.length; p++) {
    const seq = inputs.seq(p);
    if (seq > last) break;
    if (users === undefined && seq >= first) users = snapshot(matcher);
    if (!matcher.matchAt(p)) continue;
    const i = matcher.size - 1;
    const d = matcher.decisionAt(i);
    if (!wanted.has(seq)) {
      if (users !== undefined && (d.outcome === 'created' || d.changes.length > 0)) unselected.push(seq);
      continue;
    }
    const saved: SavedDecision = { outcome: d.outcome, conflict: d.conflict };
    const user = matcher.userAfterAt(i);
    if (user) saved.user = user;
    if (d.conflict) {
      saved.byEmail = d.byEmail;
      saved.byUsername = d.byUsername;
    }
    decisions.set(seq, saved);
  }
  if (decisions.size === 0) return undefined;
  return { settings: { ...settings }, users: users ?? snapshot(matcher), decisions, unselected };
}

function snapshot(matcher: Matcher): StartingUser[] {
  return matcher.users.map((u) => {
    const s: StartingUser = { id: u.id, properties: { ...u.properties } };
    if (u.username !== undefined) s.username = u.username;
    if (u.email !== undefined) s.email = u.email;
    return s;
  });
}
