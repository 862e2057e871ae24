// A MessageSummary for tests that need rows without capturing messages: a clean track from the
// Tracking API's batch endpoint, with any field given in `fields` instead.
import type { MessageSummary } from '../src-shared/capture';

export function summaryRow(seq: number, fields: Partial<MessageSummary> = {}): MessageSummary {
  return {
    seq,
    receivedAt: '2026-11-30T10:00:00.000Z',
    type: 'track',
    name: `Row ${seq}`,
    origin: 'tracking',
    endpoint: '/v1/batch',
    dropCodes: [],
    findingProfiles: [],
    findingCounts: [],
    errorCount: 0,
    warningCount: 0,
    ...fields,
  } as MessageSummary;
}
