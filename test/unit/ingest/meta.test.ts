// What the ingest job gives: each message's JSON line as byte ranges (the body's own bytes where
// the text is a slice of it), and the fields the worker passes to the main thread through shared
// memory (encodeResult / decodeResult), which must come back exactly as computed.
import { describe, expect, it } from 'vitest';
import { decodeResult, encodeResult, runIngestJob, splitIds, type IngestResult } from '../../../src-main/ingest/ingest-job';

const stamp = { receivedAt: '2026-11-23T10:00:00.000Z', receivedAtMs: 0 };

/** Message i's JSON line, from its two byte ranges. */
function lines(r: IngestResult): string[] {
  if (!r.ok) throw new Error(r.error);
  const bytes = Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
  return Array.from({ length: r.ranges.length / 4 }, (_, i) => bytes.toString('utf8', r.ranges[4 * i], r.ranges[4 * i + 1]) + bytes.toString('utf8', r.ranges[4 * i + 2], r.ranges[4 * i + 3]));
}

describe('runIngestJob bytes', () => {
  it('gives each message line whole: copied from the body where it can, written otherwise', () => {
    const batch = [
      { type: 'track', event: 'A', userId: 'u', messageId: '1' },
      { type: 'track', event: 'B', userId: 'u', messageId: '2', receivedAt: 'client' }, // re-serialized
      { type: 'track', event: 'C', userId: 'u' }, // assigned id in its tail
    ];
    const body = Buffer.from(JSON.stringify({ batch, sentAt: '2026-11-23T09:59:59.000Z' }));
    const r = runIngestJob({ path: 'batch', body, ...stamp });
    if (!r.ok) throw new Error(r.error);
    const parsed = lines(r).map((l) => JSON.parse(l));
    expect(parsed.map((m) => m.event)).toEqual(['A', 'B', 'C']);
    for (const m of parsed) expect(m).toMatchObject({ receivedAt: stamp.receivedAt, sentAt: '2026-11-23T09:59:59.000Z' });
    expect(parsed[2].messageId).toBe(splitIds(r).messageIds[2]);
    // The first message's text is the body's own bytes; the two others' share one tail, written once.
    expect(r.ranges[1]).toBeLessThanOrEqual(body.length);
    expect([r.ranges[2], r.ranges[3]]).not.toEqual([r.ranges[10], r.ranges[11]]);
    expect(r.bytes.length).toBeLessThan(body.length + 600);
  });

  it('writes what an all-ASCII body turns into non-ASCII (escapes) as UTF-8, whole', () => {
    const single = runIngestJob({ path: 'track', body: Buffer.from('{"event":"Caf\\u00e9","userId":"u","writeKey":"wk","messageId":"m"}'), ...stamp });
    expect(lines(single).map((l) => JSON.parse(l))).toEqual([{ event: 'Café', userId: 'u', messageId: 'm', type: 'track', receivedAt: stamp.receivedAt }]);
    const batch = runIngestJob({ path: 'batch', body: Buffer.from('{"batch":[{"type":"track","event":"A","userId":"u","messageId":"1"},{"type":"track","event":"B","userId":"u","messageId":"2"}],"context":{"city":"Plze\\u0148 \\ud83d\\ude00"}}'), ...stamp });
    expect(lines(batch).map((l) => JSON.parse(l).context)).toEqual([{ city: 'Plzeň 😀' }, { city: 'Plzeň 😀' }]);
  });

  it('writes every text of a non-ASCII body (its characters are not its bytes)', () => {
    const r = runIngestJob({ path: 'batch', body: Buffer.from(JSON.stringify({ batch: [{ type: 'track', event: 'Café ✓', userId: 'ü' }, { type: 'track', event: '😀', userId: 'u' }] })), ...stamp });
    expect(lines(r).map((l) => JSON.parse(l).event)).toEqual(['Café ✓', '😀']);
  });
});

describe('encodeResult / decodeResult', () => {
  it('round-trips every field: missing and non-ASCII ids, numbers as ids, drop reasons, several types and names', () => {
    const batch = [
      { type: 'track', event: 'Notification Clicked', userId: 'ü-😀-"quoted"', messageId: 'm-1' },
      { type: 'identify', anonymousId: 'a\\b\nc', traits: { email: 'x@y.co' } }, // messageId assigned
      { type: 'track', userId: 42, messageId: 'x'.repeat(120) }, // no event, id too long
      { type: 'page', name: 'Pricing', anonymousId: '', messageId: '' },
      { type: 'group', groupId: 'g', messageId: 'm-1' },
      { messageId: 12345 }, // the client's id replaced, kept beside it
    ];
    const result = runIngestJob({ path: 'batch', body: Buffer.from(JSON.stringify({ batch, writeKey: 'wk' })), authorizationHeader: 'Token x', ...stamp });
    if (!result.ok) throw new Error(result.error);
    expect(result.dropReasons.some((d) => d.length > 0)).toBe(true);
    expect(splitIds(result).userIds).toEqual(['ü-😀-"quoted"', undefined, '42', undefined, undefined, undefined]);
    expect(splitIds(result).anonymousIds).toEqual([undefined, 'a\\b\nc', undefined, '', undefined, undefined]);
    expect(result.authWarning).toBeDefined();
    expect(result.clientMessageIds).toEqual([[3, ''], [5, 12345]]);
    const slot = Buffer.alloc(64 * 1024);
    Buffer.from(result.bytes).copy(slot, 0);
    const encoded = encodeResult(result, slot, result.bytes.length);
    if (!encoded) throw new Error('did not fit');
    expect(encoded.columnsOffset % 4).toBe(0);
    const decoded = decodeResult(slot, result.bytes.length, encoded);
    const { bytes, ranges, ...fields } = result;
    const { bytes: decodedBytes, ranges: decodedRanges, ...decodedFields } = decoded;
    expect(decodedFields).toEqual(fields);
    expect(Buffer.from(decodedBytes).equals(Buffer.from(bytes))).toBe(true);
    expect([...decodedRanges]).toEqual([...ranges]);
    // Too little room: says so rather than write part of it.
    expect(encodeResult(result, slot.subarray(0, result.bytes.length + 40), result.bytes.length)).toBeUndefined();
  });

  it('round-trips the keys written twice that the receiver replaced, and gives none when there are none', () => {
    const result = runIngestJob({ path: 'track', body: Buffer.from('{"writeKey":"a","receivedAt":"x","userId":"u","writeKey":"b","receivedAt":"y"}'), ...stamp });
    if (!result.ok) throw new Error(result.error);
    expect(result.replacedKeyRepeats?.map((s) => s.split(' ')[0])).toEqual(['writeKey', 'receivedAt']);
    const slot = Buffer.alloc(64 * 1024);
    Buffer.from(result.bytes).copy(slot, 0);
    expect(decodeResult(slot, result.bytes.length, encodeResult(result, slot, result.bytes.length)!).replacedKeyRepeats).toEqual(result.replacedKeyRepeats);
    const clean = runIngestJob({ path: 'track', body: Buffer.from('{"userId":"u","event":"E"}'), ...stamp });
    if (!clean.ok) throw new Error(clean.error);
    expect('replacedKeyRepeats' in decodeResult(slot, clean.bytes.length, encodeResult(clean, slot, clean.bytes.length)!)).toBe(false);
  });

  it('round-trips where a body is not UTF-8 (a Windows-1252 byte), and gives no encoding for one that is', () => {
    const body = Buffer.from('{"type":"track","event":"Caf\xe9","userId":"u","messageId":"m-enc"}', 'latin1');
    const result = runIngestJob({ path: 'track', body, authorizationHeader: 'Basic d2s6', ...stamp });
    if (!result.ok) throw new Error(result.error);
    expect(result.encoding).toMatchObject({ sequences: 1, places: [{ offset: body.indexOf(0xe9), bytes: 'E9' }] });
    const slot = Buffer.alloc(64 * 1024);
    Buffer.from(result.bytes).copy(slot, 0);
    const encoded = encodeResult(result, slot, result.bytes.length)!;
    expect(decodeResult(slot, result.bytes.length, encoded).encoding).toEqual(result.encoding);
    const utf8 = runIngestJob({ path: 'track', body: Buffer.from('{"type":"track","event":"Café ☕","userId":"u","messageId":"m-utf8"}'), authorizationHeader: 'Basic d2s6', ...stamp });
    if (!utf8.ok) throw new Error(utf8.error);
    expect('encoding' in utf8).toBe(false);
    const utf8Encoded = encodeResult(utf8, slot, utf8.bytes.length)!;
    expect('encoding' in decodeResult(slot, utf8.bytes.length, utf8Encoded)).toBe(false);
  });
});
