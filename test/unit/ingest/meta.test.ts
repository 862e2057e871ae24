// The ingest worker's result fields travel to the main thread as one text (encodeMeta): the round
// trip must give back exactly what the job computed, whatever the ids hold.
import { describe, expect, it } from 'vitest';
import { decodeMeta, encodeMeta, runIngestJob } from '../../../src-main/ingest/ingest-job';

describe('encodeMeta / decodeMeta', () => {
  it('round-trips every field: missing and non-ASCII ids, numbers as ids, drop reasons, several types and names', () => {
    const batch = [
      { type: 'track', event: 'Notification Clicked', userId: 'ü-😀-"quoted"', messageId: 'm-1' },
      { type: 'identify', anonymousId: 'a\\b\nc', traits: { email: 'x@y.co' } }, // messageId assigned
      { type: 'track', userId: 42, messageId: 'x'.repeat(120) }, // no event, id too long
      { type: 'page', name: 'Pricing', anonymousId: '', messageId: '' },
      { type: 'group', groupId: 'g', messageId: 'm-1' },
      {},
    ];
    const result = runIngestJob({ path: 'batch', body: Buffer.from(JSON.stringify({ batch, writeKey: 'wk' })), authorizationHeader: 'Bearer x', receivedAt: '2026-11-23T10:00:00.000Z', receivedAtMs: 0 });
    if (!result.ok) throw new Error(result.error);
    const { json: _json, ...meta } = result;
    expect(meta.dropReasons.some((d) => d.length > 0)).toBe(true);
    expect(meta.userIds).toContain(undefined);
    expect(meta.authWarning).toBeDefined();
    expect(decodeMeta(encodeMeta(meta))).toEqual(meta);
  });
});
