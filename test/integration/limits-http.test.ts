// Segment's size limits, exact to the byte, over real HTTP with multi-byte characters, plain and
// gzip: 32,768 bytes per message accepted and 32,769 refused; 512,000 bytes per request accepted
// and 512,001 refused. Expected numbers are typed out here (Segment's documented 32 KB and
// 500 KB), not read from the code under test.
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

const MESSAGE_LIMIT = 32_768;
const REQUEST_LIMIT = 512_000;

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function post(path: string, text: string, gzip: boolean): Promise<{ status: number; json: any }> {
  const body = gzip ? gzipSync(Buffer.from(text, 'utf8')) : Buffer.from(text, 'utf8');
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(body.length) };
    if (gzip) headers['content-encoding'] = 'gzip';
    const req = request(new URL(path, t.engine.url), { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A message whose JSON is exactly `size` UTF-8 bytes, padded with `filler` (1 to 4 bytes each)
 * and ASCII to make up the rest; `tag` makes it findable.
 */
function messageOfSize(size: number, filler: string, tag: string): Record<string, unknown> {
  const base = { type: 'track', userId: 'limit-user', event: 'Limit', messageId: tag, properties: { pad: '' } };
  const empty = bytes(JSON.stringify(base));
  const n = Math.floor((size - empty) / bytes(filler));
  const message = { ...base, properties: { pad: filler.repeat(n) + 'a'.repeat(size - empty - n * bytes(filler)) } };
  expect(bytes(JSON.stringify(message))).toBe(size);
  return message;
}

/** A batch body of exactly `size` bytes: 16 messages of multi-byte text (each under 32 KB), ASCII padding at the end. */
function batchOfSize(size: number, filler: string, tag: string): string {
  const each = Math.floor((size - 2_000) / 16);
  const batch = Array.from({ length: 16 }, (_, i) => messageOfSize(Math.min(each, MESSAGE_LIMIT - 100), filler, `${tag}-${i}`));
  const empty = bytes(JSON.stringify({ batch, pad: '' }));
  const text = JSON.stringify({ batch, pad: 'p'.repeat(size - empty) });
  expect(bytes(text)).toBe(size);
  return text;
}

const stored = async (messageId: string) => ((await (await fetch(`${t.engine.url}/api/messages?messageId=${messageId}`)).json()) as unknown[]).length;

// é: 2 bytes, 日: 3 bytes (a string of n such characters is 3n bytes but n UTF-16 units), 😀: 4 bytes (2 units).
const FILLERS = [['2-byte', 'é'], ['3-byte', '日'], ['4-byte', '😀']] as const;

describe('32 KB per message, to the byte', () => {
  for (const gzip of [false, true]) {
    for (const [name, filler] of FILLERS) {
      it(`${gzip ? 'gzip' : 'plain'}, ${name} characters: 32,768 bytes stored, 32,769 refused naming the item and its size`, async () => {
        const tag = `m-${gzip ? 'gz' : 'plain'}-${name}`;
        const atLimit = await post('/v1/batch', JSON.stringify({ batch: [messageOfSize(MESSAGE_LIMIT, filler, `${tag}-ok`)] }), gzip);
        expect(atLimit).toEqual({ status: 200, json: { success: true } });
        expect(await stored(`${tag}-ok`)).toBe(1);

        const over = await post('/v1/batch', JSON.stringify({ batch: [{ type: 'identify', userId: 'x', messageId: `${tag}-first` }, messageOfSize(MESSAGE_LIMIT + 1, filler, `${tag}-over`)] }), gzip);
        expect(over.status).toBe(400);
        expect(over.json).toEqual({ success: false, code: 'message-too-large', error: "batch[1] is 32,769 bytes; Segment's limit is 32 KB (32,768 bytes) per message", message: "batch[1] is 32,769 bytes; Segment's limit is 32 KB (32,768 bytes) per message" });
        expect(await stored(`${tag}-over`)).toBe(0);
        expect(await stored(`${tag}-first`)).toBe(0); // nothing of a refused request is kept

        // A single call, same limit.
        expect((await post('/v1/track', JSON.stringify(messageOfSize(MESSAGE_LIMIT, filler, `${tag}-single-ok`)), gzip)).status).toBe(200);
        const single = await post('/v1/track', JSON.stringify(messageOfSize(MESSAGE_LIMIT + 1, filler, `${tag}-single-over`)), gzip);
        expect(single).toEqual({ status: 400, json: { success: false, code: 'message-too-large', error: "the track message is 32,769 bytes; Segment's limit is 32 KB (32,768 bytes) per message", message: "the track message is 32,769 bytes; Segment's limit is 32 KB (32,768 bytes) per message" } });
      });
    }
  }
});

describe('500 KB per request, to the byte', () => {
  for (const [name, filler] of FILLERS) {
    it(`plain, ${name} characters: 512,000 bytes stored, 512,001 refused with its size`, async () => {
      const tag = `r-plain-${name}`;
      const ok = await post('/v1/batch', batchOfSize(REQUEST_LIMIT, filler, `${tag}-ok`), false);
      expect(ok).toEqual({ status: 200, json: { success: true } });
      expect(await stored(`${tag}-ok-15`)).toBe(1);
      const over = await post('/v1/batch', batchOfSize(REQUEST_LIMIT + 1, filler, `${tag}-over`), false);
      expect(over).toEqual({ status: 400, json: { success: false, code: 'request-too-large', error: "the request body is 512,001 bytes; Segment's limit is 500 KB (512,000 bytes) per request", message: "the request body is 512,001 bytes; Segment's limit is 500 KB (512,000 bytes) per request" } });
      expect(await stored(`${tag}-over-0`)).toBe(0);
    });
  }

  it('gzip: 512,000 bytes once decompressed stored, 512,001 refused (the compressed size does not count)', async () => {
    const ok = await post('/v1/batch', batchOfSize(REQUEST_LIMIT, '日', 'r-gz-ok'), true);
    expect(ok).toEqual({ status: 200, json: { success: true } });
    expect(await stored('r-gz-ok-0')).toBe(1);
    const text = batchOfSize(REQUEST_LIMIT + 1, '日', 'r-gz-over');
    expect(gzipSync(text).length).toBeLessThan(REQUEST_LIMIT / 10);
    const over = await post('/v1/batch', text, true);
    expect(over).toEqual({
      status: 400,
      json: { success: false, code: 'request-too-large', error: "the request body is over 512,000 bytes once decompressed; Segment's limit is 500 KB (512,000 bytes) per request", message: "the request body is over 512,000 bytes once decompressed; Segment's limit is 500 KB (512,000 bytes) per request" },
    });
    expect(await stored('r-gz-over-0')).toBe(0);
  });
});

// Each message is stored with the batch-level fields it takes: a valid 405 KB request (a 300 KB
// batch-level context and 2,400 one-line messages) was written as 720 MB of captures, in seconds,
// with gigabytes of memory. Eventbench's own limit: 16 MB of such copies per request.
describe('batch-level fields copied into every message', () => {
  it('a request whose copies come to over 16 MB is a 400 saying so, and nothing of it is stored', async () => {
    const batch = Array.from({ length: 2400 }, (_, i) => ({ type: 'track', userId: 'amp', event: 'Amplified', messageId: `amp-${i}` }));
    const text = JSON.stringify({ batch, context: { page: { title: 'x'.repeat(300_000) } } });
    expect(bytes(text)).toBeLessThan(REQUEST_LIMIT);
    const over = await post('/v1/batch', text, true);
    expect(over.status).toBe(400);
    expect(over.json).toMatchObject({ success: false, code: 'request-too-large', error: expect.stringMatching(/^the batch-level context \(300,\d{3} bytes\) would be copied into each of the 2,400 messages, 72\d,\d{3},\d{3} bytes in all; Eventbench stores at most 16,777,216 bytes/) });
    expect(await stored('amp-0')).toBe(0);
    // analytics-go's batch-level context, on as many messages: stored.
    const ok = await post('/v1/batch', JSON.stringify({ batch, context: { library: { name: 'analytics-go', version: '3.0.0' } } }), false);
    expect(ok).toEqual({ status: 200, json: { success: true } });
    expect(await stored('amp-2399')).toBe(1);
  });
});
