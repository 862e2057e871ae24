// A request whose body breaks off as invalid HTTP part way (a chunk size that is not hex, a chunk
// without its CRLF: a hand-written chunked encoder), or whose client half-closes before the
// Content-Length arrived, is answered at once with a 400 that says so, and the connection closed.
// It was answered by nothing: the refusal waited for the request's own answer, which waited for a
// body that could no longer come, until the 60 s idle timeout closed the socket without a word.
import { connect as tcpConnect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

/** Writes `bytes` (half-closing after them when told) and reads until the server ends the connection. */
function exchange(bytes: Buffer | string, halfClose = false): Promise<string> {
  const { hostname, port } = new URL(t.engine.url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = tcpConnect({ port: Number(port), host: hostname, allowHalfOpen: true }, () => (halfClose ? s.end(bytes) : s.write(bytes)));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.once('error', reject);
    s.once('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
      s.destroy();
    });
  });
}

const host = () => `Host: ${new URL(t.engine.url).host}`;
const chunkedHead = (path: string, extra = '') => `POST ${path} HTTP/1.1\r\n${host()}\r\nContent-Type: application/json\r\n${extra}Transfer-Encoding: chunked\r\n\r\n`;
/** One good chunk of `text`, then a chunk size that is not hex. */
const brokenChunks = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\nzz\r\nmore\r\n`;
const answers = (text: string) =>
  [...text.matchAll(/HTTP\/1\.1 (\d{3})[^\r]*\r\n(?:[^\r]+\r\n)*\r\n(\{[^\n]*?\})(?=HTTP\/1\.1 |$)/g)].map((m) => ({ status: Number(m[1]), body: JSON.parse(m[2]) as Record<string, unknown> }));
const stored = async (userId: string) => ((await (await fetch(`${t.engine.url}/api/messages?userId=${userId}`)).json()) as unknown[]).length;
const chunkError = 'the request body is not valid HTTP (HPE_INVALID_CHUNK_SIZE: Invalid character in chunk size); the connection is closed after this answer';

describe('a body that breaks off as invalid HTTP', () => {
  it('on the Tracking API: a 400 naming what broke, at once; nothing captured', async () => {
    const text = await exchange(chunkedHead('/v1/track') + brokenChunks('{"userId":"broken-1","event":"Broken"'));
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text).toMatch(/\r\nConnection: close\r\n/i);
    expect(answers(text)).toEqual([{ status: 400, body: { success: false, code: 'invalid-body', error: chunkError, message: chunkError } }]);
    expect(await stored('broken-1')).toBe(0);
  });

  it('on a webhook, gzipped or not', async () => {
    const plain = await exchange(chunkedHead('/webhook/broken') + brokenChunks('{"userId":"broken-2"'));
    expect(answers(plain)).toEqual([{ status: 400, body: { success: false, code: 'invalid-body', error: chunkError } }]);
    const gz = gzipSync(JSON.stringify({ userId: 'broken-2', event: 'Gz' }));
    const half = gz.subarray(0, 10);
    const zipped = await exchange(Buffer.concat([Buffer.from(chunkedHead('/webhook/broken', 'Content-Encoding: gzip\r\n')), Buffer.from(`${half.length.toString(16)}\r\n`), half, Buffer.from('\r\nzz\r\n')]));
    expect(answers(zipped)).toEqual([{ status: 400, body: { success: false, code: 'invalid-body', error: chunkError } }]);
    expect(await stored('broken-2')).toBe(0);
  });

  it('on an import: the answer says after which line it stopped, and that nothing of it was stored', async () => {
    const line = JSON.stringify({ type: 'track', userId: 'broken-3', event: 'Imported', messageId: 'broken-3-a' });
    const text = await exchange(chunkedHead('/api/import') + brokenChunks(`${line}\n`));
    // Lines are stored in chunks, and a stream that fails leaves no trace of its unwritten chunk.
    expect(answers(text)).toEqual([{ status: 400, body: { error: `the import stopped after line 1 (0 messages stored before it): ${chunkError}`, imported: 0, line: 1 } }]);
    expect(await stored('broken-3')).toBe(0);
  });

  it('after a pipelined request: that one answered first, then the 400', async () => {
    const good = JSON.stringify({ userId: 'broken-4', event: 'Good' });
    const first = `POST /v1/track HTTP/1.1\r\n${host()}\r\nContent-Length: ${Buffer.byteLength(good)}\r\n\r\n${good}`;
    const text = await exchange(first + chunkedHead('/v1/track') + brokenChunks('{"userId":"broken-4"'));
    expect(answers(text).map((a) => [a.status, a.body.code])).toEqual([
      [200, undefined],
      [400, 'invalid-body'],
    ]);
    expect(await stored('broken-4')).toBe(1);
  });

  it('a client that half-closes before its Content-Length arrived is told the body was cut short', async () => {
    const text = await exchange(`POST /v1/track HTTP/1.1\r\n${host()}\r\nContent-Length: 100\r\n\r\n{"userId":"broken-5"`, true);
    const error = 'the request body is not valid HTTP (HPE_INVALID_EOF_STATE: the client closed its side of the connection before the whole body arrived); the connection is closed after this answer';
    expect(answers(text)).toEqual([{ status: 400, body: { success: false, code: 'invalid-body', error, message: error } }]);
    expect(await stored('broken-5')).toBe(0);
  });
});
