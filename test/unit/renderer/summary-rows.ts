// Synthetic inspector rows: a mix of types, identities, endpoints, drop reasons and findings that
// repeats with seq. Shared by the renderer's unit tests and the filters bench.
import type { MessageSummary } from '../../../src-shared/capture';

export function summary(seq: number, over: Partial<MessageSummary> = {}): MessageSummary {
  const types = ['track', 'identify', 'page', 'group'];
  return {
    seq,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + seq * 1000).toISOString(),
    type: types[seq % types.length],
    name: `Event ${seq % 50}`,
    userId: seq % 3 === 0 ? undefined : `user-${seq % 1000}`,
    anonymousId: `anon-${seq % 777}`,
    origin: seq % 10 === 0 ? 'webhook' : 'tracking',
    endpoint: seq % 10 === 0 ? '/webhook/pf' : seq % 2 ? '/v1/batch' : '/v1/track',
    dropCodes: seq % 17 === 0 ? ['missing-identity'] : [],
    findingProfiles: seq % 5 === 0 ? ['freshsuccess'] : seq % 7 === 0 ? ['provesource'] : [],
    errorCount: seq % 5 === 0 ? 2 : 0,
    warningCount: seq % 7 === 0 ? 1 : 0,
    ...over,
  };
}
