// A client that sends `Expect: 100-continue` (curl does for bodies over 1 MB, and with -H
// 'Expect: 100-continue') waits for "100 Continue" before it uploads the body. A body whose
// Content-Length is already over the endpoint's limit is answered its 400 at once, the same
// words as when the body is sent, instead of "100 Continue" and an upload that is thrown away.
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { rawExchange } from './helpers/raw-exchange';

let t: TestEngine;
let port: number;
beforeAll(async () => {
  t = await startTestEngine();
  port = Number(new URL(t.engine.url).port);
});
afterAll(() => t.dispose());

/**
 * Sends the head of a request (no body), then what `onContinue` returns once "100 Continue"
 * arrives; resolves with everything read when the server closes, or after `waitMs`.
 */
function exchange(head: string, onContinue: () => Buffer | undefined = () => undefined, waitMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const s = connect(port, '127.0.0.1', () => s.write(head));
    let continued = false;
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(done, waitMs);
    s.on('data', (c: Buffer) => {
      chunks.push(c);
      const text = Buffer.concat(chunks).toString('utf8');
      if (!continued && text.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) {
        continued = true;
        const body = onContinue();
        if (body) s.write(body);
      }
      // A final answer read whole (its Content-Length of body after the head) is the end.
      const final = text.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '');
      const split = final.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(final.slice(0, split))?.[1];
      if (split >= 0 && length !== undefined && Buffer.byteLength(final.slice(split + 4)) >= Number(length)) done();
    });
    s.on('error', () => undefined);
    s.on('close', done);
  });
}

const head = (path: string, length: number, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\n${extra}\r\n`;

const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { code?: string; error?: string };

describe('Expect: 100-continue with a Content-Length over the limit', () => {
  it.each([
    ['/v1/batch', 600_000, "the request body is 600,000 bytes; Segment's limit is 500 KB (512,000 bytes) per request"],
    ['/v1/track', 512_001, "the request body is 512,001 bytes; Segment's limit is 500 KB (512,000 bytes) per request"],
    ['/v1/t', 600_000, "the request body is 600,000 bytes; Segment's limit is 500 KB (512,000 bytes) per request"],
    ['/webhook/big', 6_000_000, 'the webhook body is 6,000,000 bytes; the limit is 5,242,880 bytes'],
  ])('to %s (%i bytes) is answered 400 at once, not 100 Continue', async (path, length, error) => {
    let asked = false;
    const text = await exchange(head(path, length), () => {
      asked = true;
      return undefined;
    });
    expect(asked).toBe(false);
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text).toMatch(/\r\nConnection: close\r\n/i);
    expect(bodyOf(text)).toMatchObject({ success: false, code: 'request-too-large', error });
    // The same words as the 400 for that body sent whole (no Expect).
    const sent = await fetch(`${t.engine.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(length, 0x20) });
    expect(sent.status).toBe(400);
    expect(await sent.json()).toMatchObject({ code: 'request-too-large', error });
    // And the server still answers.
    expect((await fetch(`${t.engine.url}/api/health`)).status).toBe(200);
  });

  it('a body within the limit gets 100 Continue and is captured', async () => {
    const body = Buffer.from(JSON.stringify({ batch: [{ type: 'track', userId: 'u-expect', event: 'Expect Within' }] }));
    const text = await exchange(head('/v1/batch', body.length), () => body);
    expect(text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    expect(bodyOf(text.slice('HTTP/1.1 100 Continue\r\n\r\n'.length))).toEqual({ success: true });
  });

  // A gzipped body's Content-Length is not its size once decompressed (which the limit
  // measures), so it is not judged by it: it is read, and refused only if it really is too large.
  it('a gzipped body is not refused by its Content-Length', async () => {
    const body = gzipSync(JSON.stringify({ type: 'track', userId: 'u-expect', event: 'Expect Gzip' }));
    const text = await exchange(head('/v1/track', body.length, 'Content-Encoding: gzip\r\n'), () => body);
    expect(text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
  });

  it('the automation API still gets 100 Continue', async () => {
    const body = Buffer.from('{}');
    const text = await exchange(head('/api/clock', body.length), () => body);
    expect(text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 \d{3} /);
  });
});

describe('an Expect other than 100-continue', () => {
  // RFC 9110 lets a server refuse an expectation it does not know with 417; Node's own 417 had an
  // empty body, so the client was not told which header, or what to do.
  it('is a 417 naming the header as sent, the body is read and the connection still answers', async () => {
    const body = '{"userId":"u","event":"E"}';
    const req = (expect: string) => `POST /v1/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: ${expect}\r\n\r\n${body}`;
    const next = `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`;
    const text = await rawExchange(t.engine.url, req('200-ok') + next);
    expect(text).toMatch(/^HTTP\/1\.1 417 Expectation Failed\r\n/);
    const first = text.slice(0, text.indexOf('HTTP/1.1 200'));
    expect(bodyOf(first)).toEqual({
      success: false,
      code: 'expectation-failed',
      error: 'Expect: 200-ok is not an expectation this server knows (only 100-continue); send the request without it',
      message: 'Expect: 200-ok is not an expectation this server knows (only 100-continue); send the request without it',
    });
    expect(text).toMatch(/HTTP\/1\.1 200 OK\r\n[\s\S]*"status":"ok"/);
    const total = (await (await fetch(`${t.engine.url}/api/messages?event=E`)).json()) as unknown[];
    expect(total).toHaveLength(0);
  });
});
