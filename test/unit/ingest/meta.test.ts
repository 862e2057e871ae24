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

describe('runIngestJob bytes', () => {
  it('encodes every message line whole, also when an all-ASCII body turns into non-ASCII text (escapes)', () => {
    const decoded = (r: ReturnType<typeof runIngestJob>) => {
      if (!r.ok) throw new Error(r.error);
      const bytes = Buffer.from(r.json);
      return r.jsonEnds.map((end, i) => JSON.parse(bytes.toString('utf8', i === 0 ? 0 : r.jsonEnds[i - 1], end)));
    };
    const stamp = { receivedAt: '2026-11-23T10:00:00.000Z', receivedAtMs: 0 };
    // A single call with writeKey in the body is re-serialized: "\u00e9" becomes é (two bytes).
    const single = runIngestJob({ path: 'track', body: Buffer.from('{"event":"Caf\\u00e9","userId":"u","writeKey":"wk","messageId":"m"}'), ...stamp });
    expect(decoded(single)).toEqual([{ event: 'Café', userId: 'u', messageId: 'm', type: 'track', receivedAt: stamp.receivedAt }]);
    // Batch-level fields are copied into each message as re-serialized text.
    const batch = runIngestJob({ path: 'batch', body: Buffer.from('{"batch":[{"type":"track","event":"A","userId":"u","messageId":"1"},{"type":"track","event":"B","userId":"u","messageId":"2"}],"context":{"city":"Plze\\u0148 \\ud83d\\ude00"}}'), ...stamp });
    expect(decoded(batch).map((m) => (m as { context: unknown }).context)).toEqual([{ city: 'Plzeň 😀' }, { city: 'Plzeň 😀' }]);
  });
});
