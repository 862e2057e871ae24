// Builders for matching tests: a Segment message -> MatchInput, as the engine extracts it.
import type { JsonObject } from '../../../src-shared/capture';
import { explainDecision } from '../../../src-shared/matching/explain';
import { extractMatchInput, type MatchInputs } from '../../../src-shared/matching/match-inputs';
import { deriveMatching } from '../../../src-shared/matching/matcher';
import { DEFAULT_MATCHING_SETTINGS } from '../../../src-shared/matching/settings';
import type { ExplainedDecision, MatchInput, MatchingSettings, StartingUser } from '../../../src-shared/matching/types';

export function input(seq: number, message: JsonObject, origin: 'webhook' | 'tracking' = 'webhook', inputs?: MatchInputs): MatchInput {
  const o =
    origin === 'webhook'
      ? ({ kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } } as const)
      : ({ kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'none' } as const);
  return extractMatchInput({ seq, receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), origin: o, message: { messageId: `m-${seq}`, ...message } }, inputs);
}

/** Every combination of the four settings (16). */
export function allSettings(): MatchingSettings[] {
  const out: MatchingSettings[] = [];
  for (const emailComparison of ['ignore-case-and-space', 'exact'] as const)
    for (const noIdentity of ['unmatched', 'create-anonymous'] as const)
      for (const conflict of ['email-wins', 'userId-wins'] as const)
        for (const scope of ['webhook', 'webhook-and-tracking'] as const) out.push({ emailComparison, noIdentity, conflict, scope });
  return out;
}

export const settingsName = (s: MatchingSettings) => `${s.emailComparison}/${s.noIdentity}/${s.conflict}/${s.scope}`;
export const DEFAULTS = DEFAULT_MATCHING_SETTINGS;

/** deriveMatching, with every decision's trace rebuilt (as the engine does on demand). */
export function deriveExplained(start: readonly StartingUser[], settings: MatchingSettings, inputs: MatchInput[]) {
  const r = deriveMatching(start, settings, inputs);
  const bySeq = new Map(inputs.map((i) => [i.seq, i]));
  const decisions: ExplainedDecision[] = r.decisions.map((d) => explainDecision(d, bySeq.get(d.seq)!, settings));
  return { decisions, users: r.users };
}
