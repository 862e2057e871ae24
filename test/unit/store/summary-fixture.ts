// A row summary for the MessageIndex tests: a tracking-API track at AT, overridden by `extra`.
import type { MessageSummary } from '../../../src-shared/capture';

export const AT = '2026-01-01T00:00:00.000Z';

export function summary(seq: number, extra: Partial<MessageSummary> = {}): MessageSummary {
  return {
    seq,
    receivedAt: AT,
    type: 'track',
    name: 'E',
    origin: 'tracking',
    endpoint: '/v1/track',
    writeKeyMasked: 'abc…xyz',
    dropCodes: [],
    findingProfiles: [],
    findingCounts: [],
    errorCount: 0,
    warningCount: 0,
    ...extra,
  };
}
