import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { formatCount, MAX_BATCH_MESSAGES, MAX_MESSAGE_BYTES, MAX_REQUEST_BYTES } from '../../../src-shared/tracking-api/limits';
import { parseTrackingRequest, type TrackingPath } from '../../../src-shared/tracking-api/parse';

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

/** A message whose JSON.stringify is exactly `bytes` UTF-8 bytes, padded with `filler` (1 or 2 bytes each). */
function messageOfSize(bytes: number, filler = 'x', base: JsonObject = { type: 'track', event: 'E', userId: 'u' }): JsonObject {
  const fillerBytes = byteLength(filler);
  const empty = byteLength(JSON.stringify({ ...base, properties: { pad: '' } }));
  const count = Math.floor((bytes - empty) / fillerBytes);
  const message = { ...base, properties: { pad: filler.repeat(count) + 'y'.repeat(bytes - empty - count * fillerBytes) } };
  expect(byteLength(JSON.stringify(message))).toBe(bytes);
  return message;
}

function parse(path: TrackingPath, body: unknown) {
  const bodyText = JSON.stringify(body);
  return parseTrackingRequest({ path, bodyText, bodyBytes: byteLength(bodyText) });
}

describe('32 KB per message', () => {
  it('accepts a batch item of exactly 32,768 bytes and rejects 32,769, naming the item', () => {
    const small = { type: 'identify', userId: 'u' };
    expect(parse('batch', { batch: [small, messageOfSize(MAX_MESSAGE_BYTES)] }).ok).toBe(true);
    expect(parse('batch', { batch: [small, messageOfSize(MAX_MESSAGE_BYTES + 1)] })).toEqual({
      ok: false,
      status: 400,
      code: 'message-too-large',
      error: "batch[1] is 32,769 bytes; Segment's limit is 32 KB (32,768 bytes) per message",
    });
  });

  it('counts UTF-8 bytes, not characters', () => {
    const accented = messageOfSize(MAX_MESSAGE_BYTES + 1, 'é');
    expect(JSON.stringify(accented).length).toBeLessThan(MAX_MESSAGE_BYTES);
    const result = parse('batch', { batch: [accented] });
    expect(result).toMatchObject({ ok: false, code: 'message-too-large', error: expect.stringMatching(/^batch\[0\] is 32,769 bytes/) });
    expect(parse('batch', { batch: [messageOfSize(MAX_MESSAGE_BYTES, '日')] }).ok).toBe(true);
    // 3 bytes per UTF-16 unit: 32,769 bytes in about 10,900 units, well under any 2-bytes-per-unit guess.
    expect(parse('batch', { batch: [messageOfSize(32_769, '日')] })).toMatchObject({ ok: false, error: expect.stringMatching(/^batch\[0\] is 32,769 bytes/) });
    expect(parse('batch', { batch: [messageOfSize(32_769, '😀')] })).toMatchObject({ ok: false, error: expect.stringMatching(/^batch\[0\] is 32,769 bytes/) });
  });

  it('applies to single calls too', () => {
    const base = { event: 'E', userId: 'u', type: 'track' };
    expect(parse('track', messageOfSize(MAX_MESSAGE_BYTES, 'x', base)).ok).toBe(true);
    expect(parse('track', messageOfSize(MAX_MESSAGE_BYTES + 1, 'x', base))).toMatchObject({
      ok: false,
      code: 'message-too-large',
      error: "the track message is 32,769 bytes; Segment's limit is 32 KB (32,768 bytes) per message",
    });
  });
});

describe('500 KB per request', () => {
  /** A valid batch body of exactly `bytes` bytes (padding in an unused top-level field). */
  function batchBodyOfSize(bytes: number): string {
    const empty = JSON.stringify({ batch: [{ type: 'track', event: 'E', userId: 'u' }], pad: '' });
    const text = JSON.stringify({ batch: [{ type: 'track', event: 'E', userId: 'u' }], pad: 'p'.repeat(bytes - byteLength(empty)) });
    expect(byteLength(text)).toBe(bytes);
    return text;
  }

  it('accepts exactly 512,000 bytes and rejects 512,001', () => {
    const atLimit = batchBodyOfSize(MAX_REQUEST_BYTES);
    expect(parseTrackingRequest({ path: 'batch', bodyText: atLimit, bodyBytes: MAX_REQUEST_BYTES }).ok).toBe(true);
    const over = batchBodyOfSize(MAX_REQUEST_BYTES + 1);
    expect(parseTrackingRequest({ path: 'batch', bodyText: over, bodyBytes: MAX_REQUEST_BYTES + 1 })).toEqual({
      ok: false,
      status: 400,
      code: 'request-too-large',
      error: "the request body is 512,001 bytes; Segment's limit is 500 KB (512,000 bytes) per request",
    });
  });

  it('checks the size before parsing, so an oversized invalid body is still "too large"', () => {
    const result = parseTrackingRequest({ path: 'track', bodyText: '{', bodyBytes: MAX_REQUEST_BYTES + 1 });
    expect(result).toMatchObject({ ok: false, code: 'request-too-large' });
  });
});

describe('2,500 messages per batch', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'track', event: 'E', userId: `u${i}` }));

  it('accepts exactly 2,500 and rejects 2,501', () => {
    const atLimit = parse('batch', { batch: items(MAX_BATCH_MESSAGES) });
    expect(atLimit.ok && atLimit.messages.length).toBe(2500);
    expect(parse('batch', { batch: items(MAX_BATCH_MESSAGES + 1) })).toEqual({
      ok: false,
      status: 400,
      code: 'too-many-messages',
      error: `"batch" has 2,501 messages; Segment's limit is 2,500 messages per batch`,
    });
  });
});

// Each message is stored with the batch-level fields it takes: a 400 KB batch-level context over
// 2,400 messages, a valid 500 KB request, was 1 GB of captures (and seconds of work, gigabytes of
// memory). Eventbench's own limit on those copies; a library's context of a few hundred bytes is
// far under it on 2,500 messages.
describe('batch-level fields copied into every message: 16 MB per request', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'track', event: 'E', userId: `u${i}` }));
  /** A batch-level context whose member ("context":{...}) is exactly `bytes` bytes. */
  const contextOf = (bytes: number) => ({ pad: 'c'.repeat(bytes - byteLength('"context":{"pad":""}')) });

  it('refuses copies over 16,777,216 bytes in all, naming the fields, their size and the count; takes them up to it', () => {
    expect(parse('batch', { batch: items(2048), context: contextOf(8192) }).ok).toBe(true);
    expect(parse('batch', { batch: items(2049), context: contextOf(8192) })).toEqual({
      ok: false,
      status: 400,
      code: 'request-too-large',
      error:
        'the batch-level context (8,192 bytes) would be copied into each of the 2,049 messages, 16,785,408 bytes in all; Eventbench stores at most 16,777,216 bytes of such copies per request: send a smaller batch-level context or fewer messages per batch',
    });
  });

  it('counts every batch-level field an item takes, in UTF-8 bytes', () => {
    const result = parse('batch', { batch: items(2400), sentAt: '2026-01-01T00:00:00.000Z', integrations: { All: true }, context: { pad: '日'.repeat(2500) } });
    expect(result).toMatchObject({ ok: false, code: 'request-too-large', error: expect.stringMatching(/^the batch-level sentAt, context, integrations \(7,\d{3} bytes\) would be copied into each of the 2,400 messages/) });
    // analytics-java's batch-level context (its library and an instanceId) on 2,500 messages.
    const java = { library: { name: 'analytics-java', version: '3.5.5-SNAPSHOT' }, instanceId: '6d3c1e3c-3a0c-4f1f-9f0a-0b7e1f4f3c2d' };
    expect(parse('batch', { batch: items(MAX_BATCH_MESSAGES), context: java, sentAt: '2026-01-01T00:00:00.000Z' }).ok).toBe(true);
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect([0, 999, 1000, 32768, 1234567].map(formatCount)).toEqual(['0', '999', '1,000', '32,768', '1,234,567']);
  });
});
