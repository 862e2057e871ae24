// A body far over the limits (100 MB, as a mistaken `curl --data-binary @export.json` sends) is
// refused like any body over the limit: the client reads a 400 that names the size, not a
// connection reset. Past 64 MB the receiver used to destroy the socket, so curl, fetch and Node's
// http client saw ECONNRESET and no answer. Sent the way those clients send: the whole body with
// its Content-Length, then the answer is read. Nothing stored before is lost, and the server
// keeps answering.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

const MB = 1024 * 1024;
const SIZE = 100 * MB;

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

/** Posts SIZE bytes of JSON-looking text (one 1 MB buffer written 100 times), then reads the answer. */
function postHuge(path: string, headers: Record<string, string> = {}): Promise<{ status: number; json: { code?: string; error?: string } }> {
  const chunk = Buffer.alloc(MB, 0x20);
  chunk.write('{"type":"track","userId":"u","event":"Huge","properties":{"pad":"');
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, t.engine.url), { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(SIZE), ...headers } }, (res) => {
      const got: Buffer[] = [];
      res.on('data', (c: Buffer) => got.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(got).toString('utf8')) }));
    });
    req.on('error', reject);
    let sent = 0;
    const more = () => {
      while (sent < SIZE) {
        sent += MB;
        if (!req.write(chunk)) return void req.once('drain', more);
      }
      req.end();
    };
    more();
  });
}

describe('a 100 MB body', { timeout: 60_000 }, () => {
  it.each([
    ['/v1/track', {}, 'request-too-large', `the request body is ${SIZE.toLocaleString('en-US')} bytes; Segment's limit is 500 KB (512,000 bytes) per request`],
    ['/v1/batch', {}, 'request-too-large', `the request body is ${SIZE.toLocaleString('en-US')} bytes; Segment's limit is 500 KB (512,000 bytes) per request`],
    ['/webhook/huge', {}, 'request-too-large', `the webhook body is ${SIZE.toLocaleString('en-US')} bytes; the limit is 5,242,880 bytes`],
    ['/v1/track', { 'content-encoding': 'br' }, 'unsupported-encoding', 'Content-Encoding "br" is not supported; send the body as is or gzip it'],
  ])('to %s %j is answered 400 %s, saying why', async (path, headers, code, error) => {
    const before = await fetch(`${t.engine.url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'track', userId: 'kept', event: 'Before Huge' }) });
    expect(before.status).toBe(200);
    const answer = await postHuge(path, headers);
    expect(answer).toEqual({ status: 400, json: expect.objectContaining({ code, error }) });
    const health = await fetch(`${t.engine.url}/api/health`);
    expect(health.status).toBe(200);
    const kept = (await (await fetch(`${t.engine.url}/api/messages?event=Before%20Huge`)).json()) as unknown[];
    expect(kept.length).toBeGreaterThan(0);
  });
});
