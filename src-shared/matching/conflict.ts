// A conflict's two users, for the list rows, the trace pane and the user filter (the renderer reads
// it too, without the matcher).
import type { MatchDecision } from './types';

/**
 * The directory id of the user that lost a decision's conflict: of the user the email found and
 * the one the userId named, the one the setting did not choose (the outcome says which it chose).
 * Undefined when the decision had no conflict.
 */
export function conflictLoser(d: Pick<MatchDecision, 'conflict' | 'outcome' | 'byEmail' | 'byUsername'>): string | undefined {
  if (!d.conflict) return undefined;
  return (d.outcome === 'matched-by-email' ? d.byUsername : d.byEmail)?.id;
}
