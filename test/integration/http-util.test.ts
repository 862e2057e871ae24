// The receiver's HTTP helpers on their own (src-main/receiver/http-util.ts; issue #15: mutants
// left by the receiver's tests): readBody with a small limit over real HTTP on loopback, the
// order in which it answers (never before the request has ended), sendJson's headers and
// recordedHeaders' redaction. A request whose end the test controls is a Readable with headers.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody, recordedHeaders, sendJson, tooLargeText } from '../../src-main/receiver/http-util';

const LIMIT = 100;
const message = (bytes: number | undefined) => `size ${bytes === undefined ? 'unknown' : bytes}`;

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req, LIMIT, message).then((r) => {
      sendJson(res, 200, r.ok ? { ok: true, text: r.bytes.toString('utf8') } : r);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Posts `chunks` one write each (chunked unless a content-length is given). */
function post(chunks: (Buffer | string)[], headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/', base), { method: 'POST', headers }, (res) => {
      const got: Buffer[] = [];
      res.on('data', (c: Buffer) => got.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(got).toString('utf8') }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

const json = async (chunks: (Buffer | string)[], headers: Record<string, string> = {}) => JSON.parse((await post(chunks, headers)).body);

describe('tooLargeText', () => {
  it('names the size and the limit with thousands separators, or says "over the limit once decompressed" when the size is unknown', () => {
    expect(tooLargeText('the body', 1_234_567, 1_048_576)).toBe('the body is 1,234,567 bytes; the limit is 1,048,576 bytes');
    expect(tooLargeText('the webhook body', undefined, 5_242_880)).toBe('the webhook body is over the limit of 5,242,880 bytes once decompressed');
  });
});

describe('readBody over HTTP', () => {
  it('a body in several chunks is read whole, in order', async () => {
    expect(await json(['{"a":', '"b', 'c"}'])).toEqual({ ok: true, text: '{"a":"bc"}' });
    expect(await json([])).toEqual({ ok: true, text: '' });
  });

  it('exactly the limit is read; one byte more is refused with the size of the whole body', async () => {
    expect(await json(['x'.repeat(LIMIT)])).toEqual({ ok: true, text: 'x'.repeat(LIMIT) });
    expect(await json(['x'.repeat(60), 'x'.repeat(41)])).toEqual({ ok: false, status: 400, code: 'request-too-large', error: 'size 101' });
    // Read to its end, so the size counts the chunks after the limit too.
    expect(await json(['x'.repeat(LIMIT + 1), 'y'.repeat(500), 'z'.repeat(1000)])).toEqual({ ok: false, status: 400, code: 'request-too-large', error: 'size 1601' });
  });

  it('gzip: the limit counts decompressed bytes, and a refusal cannot name the size', async () => {
    const gz = { 'content-encoding': 'gzip' };
    expect(await json([gzipSync('y'.repeat(LIMIT))], gz)).toEqual({ ok: true, text: 'y'.repeat(LIMIT) });
    expect(await json([gzipSync('y'.repeat(LIMIT + 1))], gz)).toEqual({ ok: false, status: 400, code: 'request-too-large', error: 'size unknown' });
    // Far over the limit: the gunzip output goes on after the request has ended.
    expect(await json([gzipSync('y'.repeat(10_000_000))], gz)).toEqual({ ok: false, status: 400, code: 'request-too-large', error: 'size unknown' });
    // Its compressed bytes sent in pieces.
    const zipped = gzipSync('z'.repeat(LIMIT));
    expect(await json([zipped.subarray(0, 5), zipped.subarray(5, 12), zipped.subarray(12)], gz)).toEqual({ ok: true, text: 'z'.repeat(LIMIT) });
  });

  it('other encodings are refused by name; "identity" and none are read as is', async () => {
    expect(await json(['abc'], { 'content-encoding': ' Br ' })).toEqual({ ok: false, status: 400, code: 'unsupported-encoding', error: 'Content-Encoding "br" is not supported; send the body as is or gzip it' });
    expect(await json(['abc'], { 'content-encoding': 'identity' })).toEqual({ ok: true, text: 'abc' });
    expect(await json(['abc'])).toEqual({ ok: true, text: 'abc' });
  });

  it('a body that is not gzip is refused saying why', async () => {
    const r = await json(['not gzip at all'], { 'content-encoding': 'gzip' });
    expect(r).toMatchObject({ ok: false, status: 400, code: 'invalid-gzip' });
    expect(r.error).toMatch(/^Content-Encoding is gzip but the body is not valid gzip: \S/);
  });
});

/** A request whose chunks and end the test pushes itself. */
function fakeRequest(headers: Record<string, string> = {}): Readable & { headers: Record<string, string>; rawHeaders: string[] } {
  const req = new Readable({ read() {}, autoDestroy: false }) as Readable & { headers: Record<string, string>; rawHeaders: string[] };
  req.headers = headers;
  // As Node gives them: name, value, name, value (the Content-Encoding is read from these).
  req.rawHeaders = Object.entries(headers).flat();
  return req;
}

/** Resolves at the next call of req.resume() (readBody resumes a request it stops reading, to drain it). */
function nextResume(req: Readable): Promise<void> {
  return new Promise((resolve) => {
    const resume = req.resume.bind(req);
    req.resume = () => {
      req.resume = resume;
      resume();
      resolve();
      return req;
    };
  });
}

/** 'pending' when `p` has not settled by the next turn of the event loop (no timer, no clock). */
const stateOf = <T>(p: Promise<T>) => Promise.race([p, new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')))]);

describe('readBody waits for the request to end', () => {
  it('an unsupported encoding is answered only once the body is drained', async () => {
    const req = fakeRequest({ 'content-encoding': 'deflate' });
    const p = readBody(req as unknown as IncomingMessage, LIMIT, message);
    req.push('abc');
    expect(await stateOf(p)).toBe('pending');
    req.push(null);
    expect(await p).toMatchObject({ ok: false, code: 'unsupported-encoding' });
  });

  it('a gzip error that comes before the end is answered at the end, as invalid gzip', async () => {
    const req = fakeRequest({ 'content-encoding': 'gzip' });
    const p = readBody(req as unknown as IncomingMessage, LIMIT, message);
    const resumed = nextResume(req); // the gunzip error resumes the request, to drain it
    req.push('this is not gzip');
    await resumed;
    expect(await stateOf(p)).toBe('pending');
    req.push('more');
    req.push(null);
    expect(await p).toMatchObject({ ok: false, status: 400, code: 'invalid-gzip' });
  });

  it('a plain body over the limit is answered at the end, with its full size', async () => {
    const req = fakeRequest();
    const p = readBody(req as unknown as IncomingMessage, LIMIT, message);
    req.push('x'.repeat(LIMIT + 1));
    expect(await stateOf(p)).toBe('pending');
    req.push('x'.repeat(9));
    req.push(null);
    expect(await p).toEqual({ ok: false, status: 400, code: 'request-too-large', error: 'size 110' });
  });

  // A client sends its whole body before it reads the answer: a request cut off past a cap (it was
  // 64 MB) left it a reset instead of the 400. The request timeout bounds a body that never ends.
  it('a body far over the limit is still drained to its end and answered with its full size, never cut off', async () => {
    const mb = Buffer.alloc(1 << 20, 0x20);
    const huge = fakeRequest();
    const read = readBody(huge as unknown as IncomingMessage, LIMIT, message);
    for (let i = 0; i < 100; i++) huge.push(mb);
    expect(await stateOf(read)).toBe('pending');
    huge.push(null);
    expect(await read).toEqual({ ok: false, status: 400, code: 'request-too-large', error: `size ${100 * (1 << 20)}` });
    expect(huge.destroyed).toBe(false);
  });

  it('an aborted request is answered as aborted', async () => {
    const req = fakeRequest();
    const p = readBody(req as unknown as IncomingMessage, LIMIT, message);
    req.push('abc');
    req.destroy(new Error('socket hang up'));
    expect(await p).toEqual({ ok: false, status: 400, code: 'aborted', error: 'request aborted: socket hang up' });
  });

  // The body of an encoding we cannot read is drained, not read: it must still end when the client
  // goes away (the handler waited for an 'end' that never came, holding the request for good); one
  // that keeps sending is drained to its end, as any refused body is (the request timeout bounds it).
  it('an unsupported encoding: an aborted request is answered as aborted, and a large one is drained to its end', async () => {
    const aborted = fakeRequest({ 'content-encoding': 'br' });
    const p = readBody(aborted as unknown as IncomingMessage, LIMIT, message);
    aborted.push('abc');
    aborted.destroy(new Error('socket hang up'));
    expect(await p).toEqual({ ok: false, status: 400, code: 'aborted', error: 'request aborted: socket hang up' });

    const large = fakeRequest({ 'content-encoding': 'br' });
    const drained = readBody(large as unknown as IncomingMessage, LIMIT, message);
    const mb = Buffer.alloc(1 << 20, 0x20);
    for (let i = 0; i < 100; i++) large.push(mb);
    expect(await stateOf(drained)).toBe('pending');
    large.push(null);
    expect(await drained).toMatchObject({ ok: false, status: 400, code: 'unsupported-encoding' });
    expect(large.destroyed).toBe(false);
  });
});

describe('sendJson', () => {
  it('the JSON with its byte length, uncached; extra headers added and able to replace ours', async () => {
    const s = createServer((req, res) => sendJson(res, 418, { text: 'é日😀' }, req.url === '/typed' ? { 'Content-Type': 'text/plain', 'X-Extra': 'yes' } : {}));
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
      const plain = await fetch(`${url}/`);
      expect(plain.status).toBe(418);
      expect(plain.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(plain.headers.get('cache-control')).toBe('no-store');
      expect(plain.headers.get('content-length')).toBe(String(Buffer.byteLength('{"text":"é日😀"}')));
      expect(await plain.text()).toBe('{"text":"é日😀"}');
      const typed = await fetch(`${url}/typed`);
      expect(typed.headers.get('content-type')).toBe('text/plain');
      expect(typed.headers.get('x-extra')).toBe('yes');
      expect(typed.headers.get('cache-control')).toBe('no-store');
    } finally {
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });
});

describe('recordedHeaders', () => {
  const headersOf = (rawHeaders: string[]) => recordedHeaders({ rawHeaders } as IncomingMessage);

  it('lower-cases names, joins repeats with ", " and keeps other values as sent', () => {
    expect(headersOf(['Content-Type', 'application/json', 'X-A', 'one', 'x-a', 'two', 'X-A', ''])).toEqual({ 'content-type': 'application/json', 'x-a': 'one, two, ' });
  });

  it('redacts credentials: the scheme of an Authorization kept, cookies and signatures hidden', () => {
    const h = headersOf([
      'Authorization', 'Basic d2s6',
      'Proxy-Authorization', '  Bearer abc.def',
      'Cookie', 'session=abc; theme=dark',
      'X-Signature', 'not-a-hex-signature',
      'X-Other', 'Basic d2s6',
    ]);
    expect(h.authorization).toBe('Basic [redacted]');
    expect(h['proxy-authorization']).toBe('Bearer [redacted]');
    expect(h.cookie).toBe('[redacted]'); // not "session=abc; [redacted]": only Authorization keeps a scheme
    expect(h['x-signature']).not.toContain('not-a-hex-signature');
    expect(h['x-other']).toBe('Basic d2s6');
    expect(headersOf(['Authorization', 'token-without-scheme']).authorization).toBe('[redacted]');
    expect(headersOf(['Authorization', 'Basic']).authorization).toBe('[redacted]');
  });
});
