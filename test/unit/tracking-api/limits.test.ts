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

describe('formatCount', () => {
  it('groups thousands', () => {
    expect([0, 999, 1000, 32768, 1234567].map(formatCount)).toEqual(['0', '999', '1,000', '32,768', '1,234,567']);
  });
});
