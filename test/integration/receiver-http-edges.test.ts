// The receiver's HTTP answers to the letter (issue #15: the mutation run over src-main/receiver
// left these unchecked): CORS on every /v1 answer, the methods each path allows, what is
// recorded of the request headers, the content encodings a body may come in, and the webhook's
// refusals. Real HTTP on loopback against an engine in this process.
import { request } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request through node:http: repeated headers stay repeated, and any Host or method can be sent. */
function raw(path: string, opts: { method?: string; headers?: Record<string, string | string[]>; body?: Buffer | string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, t.engine.url);
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };

async function lastCapture(): Promise<CapturedMessage> {
  const list = await t.engine.call('messages.list', undefined);
  return (await t.engine.call('messages.get', { seq: list.at(-1)!.seq }))!;
}

const SEGMENT_HEADERS = 'Authorization, Content-Type, Content-Encoding, X-Retry-Count';

describe('CORS on the Tracking API', () => {
  it('a POST from a page: its origin allowed back, Vary: Origin, and the exact success body', async () => {
    const r = await raw('/v1/track', { method: 'POST', headers: { ...JSON_TYPE, origin: 'http://localhost:5173' }, body: JSON.stringify({ userId: 'c-1', event: 'Cors' }) });
    expect(r.status).toBe(200);
    expect(r.body).toBe('{"success":true}');
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['content-length']).toBe('16');
    expect(r.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(r.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
    expect(r.headers['access-control-allow-headers']).toBe(SEGMENT_HEADERS);
    expect(r.headers['access-control-max-age']).toBe('600');
    expect(r.headers.vary).toBe('Origin');
  });

  it('a POST with no Origin (a server-side library): any origin, nothing to vary on', async () => {
    const r = await raw('/v1/track', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ userId: 'c-2', event: 'Cors' }) });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.headers.vary).toBeUndefined();
    // '*' with credentials is no answer a browser takes: without an Origin, none is said.
    expect(r.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it("a page whose fetches carry credentials (analytics-next's deliveryStrategy.config.credentials: 'include', for a proxy that reads cookies): its preflight and POST allow them for its origin", async () => {
    // Chromium refused analytics-next's every send without it ("the value of the
    // 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true'"):
    // nothing was captured, and the library retried each event for good.
    const origin = { origin: 'http://localhost:5173' };
    const preflight = await raw('/v1/t', { method: 'OPTIONS', headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    const post = await raw('/v1/t', { method: 'POST', headers: { ...origin, 'content-type': 'text/plain', cookie: 'session=abc' }, body: JSON.stringify({ userId: 'c-3', event: 'With Cookies', writeKey: 'wk_cookies' }) });
    expect(post.status).toBe(200);
    expect(post.headers['access-control-allow-credentials']).toBe('true');
    expect(post.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const captured = await lastCapture();
    expect(captured.message).toMatchObject({ event: 'With Cookies' });
    // The page's cookie is recorded redacted, as an Authorization is.
    expect(JSON.stringify(captured.headers)).not.toContain('session=abc');
  });

  it('a preflight allows the headers the page names, once each, after Segment’s own, and drops what is not a header name', async () => {
    const r = await raw('/v1/t', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': `content-type, X-Trace-Id,  , bad header, ${'x'.repeat(65)}, ${'y'.repeat(64)}, X-Trace-Id`,
      },
    });
    expect(r.status).toBe(204);
    expect(r.body).toBe('');
    expect(r.headers['access-control-allow-headers']).toBe(`${SEGMENT_HEADERS}, content-type, X-Trace-Id, ${'y'.repeat(64)}`);
    expect(r.headers['access-control-max-age']).toBe('600');
    expect(r.headers.vary).toBe('Origin');
  });

  it('a preflight echoes at most 20 requested names', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `X-H${i}`);
    const r = await raw('/v1/batch', { method: 'OPTIONS', headers: { 'access-control-request-headers': names.join(', ') } });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-headers']).toBe(`${SEGMENT_HEADERS}, ${names.slice(0, 20).join(', ')}`);
    expect(r.headers['access-control-allow-origin']).toBe('*');
  });

  it('a 404 and a 405 carry CORS too, and the 405 says what is allowed', async () => {
    const notFound = await raw('/v1/nope', { method: 'POST', headers: { ...JSON_TYPE, origin: 'http://localhost:5173' }, body: '{}' });
    expect(notFound.status).toBe(404);
    expect(notFound.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(JSON.parse(notFound.body)).toMatchObject({ success: false });
    const put = await raw('/v1/track', { method: 'PUT', headers: { ...JSON_TYPE, origin: 'http://localhost:5173' }, body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('POST, OPTIONS');
    expect(put.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(JSON.parse(put.body)).toEqual({ success: false, code: 'method-not-allowed', error: 'PUT is not allowed on /v1/track; use POST', message: 'PUT is not allowed on /v1/track; use POST' });
  });
});

describe('recorded request headers', () => {
  it('lower-cased, a repeated header joined with ", ", credentials redacted but their scheme', async () => {
    const r = await raw('/v1/track', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-Custom': ['one', 'two'],
        'Proxy-Authorization': 'Basic cHJveHk6cGFzcw==',
        Cookie: 'session=abc',
        'User-Agent': 'edge-test/1.0',
      },
      body: JSON.stringify({ userId: 'h-1', event: 'Headers' }),
    });
    expect(r.status).toBe(200);
    const c = await lastCapture();
    expect(c.message).toMatchObject({ userId: 'h-1' });
    expect(c.headers['x-custom']).toBe('one, two');
    expect(c.headers['proxy-authorization']).toBe('Basic [redacted]');
    expect(c.headers.cookie).toBe('[redacted]');
    expect(c.headers['user-agent']).toBe('edge-test/1.0');
    expect(JSON.stringify(c.headers)).not.toContain('cHJveHk6cGFzcw');
    expect(JSON.stringify(c.headers)).not.toContain('abc');
  });

  // Header names are the client's: "constructor" was recorded as "function Object() { [native
  // code] }, x" (the recorder joined it to what every object inherits) and "__proto__" was lost.
  it('a header named like what every object inherits is recorded as sent, on the webhook too', async () => {
    const headers = { 'content-type': 'application/json', Constructor: 'x', ['__proto__']: 'y', toString: 'z' };
    const recorded = async (path: string, body: string) => {
      expect((await raw(path, { method: 'POST', headers, body })).status).toBe(200);
      const h = (await lastCapture()).headers;
      return { keys: Object.keys(h).filter((k) => ['constructor', '__proto__', 'tostring'].includes(k)), values: [h.constructor, h['__proto__'], h.tostring] };
    };
    const expected = { keys: ['constructor', '__proto__', 'tostring'], values: ['x', 'y', 'z'] };
    expect(await recorded('/v1/track', JSON.stringify({ userId: 'h-3', event: 'Headers' }))).toEqual(expected);
    expect(await recorded('/webhook/hdr', JSON.stringify({ type: 'track', userId: 'h-4', event: 'Headers' }))).toEqual(expected);
  });

  // Node reads header bytes as Latin-1: a User-Agent sent in UTF-8 was recorded, and shown in the
  // detail pane, as "CafÃ©-App/1.0 â" with two invisible characters after it.
  it('a header value sent in UTF-8 is recorded as written, a Latin-1 one byte for character, on the webhook too', async () => {
    const sendRaw = (path: string, headerBytes: Buffer, body: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(new URL(t.engine.url).port), '127.0.0.1');
        let answer = '';
        socket.on('data', (c: Buffer) => (answer += c.toString('latin1')));
        socket.on('error', reject);
        socket.on('close', () => resolve(answer));
        const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
        socket.end(Buffer.concat([Buffer.from(head, 'latin1'), headerBytes, Buffer.from(`\r\n${body}`, 'utf8')]));
      });
    const headers = Buffer.concat([Buffer.from('User-Agent: '), Buffer.from('Café-App/1.0 ✓ 日本', 'utf8'), Buffer.from('\r\nX-Legacy: Caf'), Buffer.from([0xe9]), Buffer.from('\r\n')]);
    for (const [path, body] of [['/v1/track', { userId: 'h-utf8', event: 'Headers' }], ['/webhook/hdr', { type: 'track', userId: 'h-utf8-hook', event: 'Headers' }]] as const) {
      expect(await sendRaw(path, headers, JSON.stringify(body))).toMatch(/^HTTP\/1\.1 200 /);
      const h = (await lastCapture()).headers;
      expect(h['user-agent']).toBe('Café-App/1.0 ✓ 日本');
      expect(h['x-legacy']).toBe('Café');
    }
    // A refused request is named by its User-Agent in the Connect tab's activity: the same words.
    expect(await sendRaw('/v1/nope', headers, '{}')).toMatch(/^HTTP\/1\.1 404 /);
    const activity = (await (await fetch(`${t.engine.url}/api/activity`)).json()) as { endpoint?: string; client?: string }[];
    expect(activity.at(-1)).toMatchObject({ endpoint: '/v1/nope', client: 'Café-App/1.0 ✓ 日本' });
  });

  it('an Authorization without a scheme is redacted whole', async () => {
    const r = await raw('/v1/track', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'justatoken' }, body: JSON.stringify({ userId: 'h-2', event: 'Headers', writeKey: 'wk_h2' }) });
    expect(r.status).toBe(200);
    const c = await lastCapture();
    expect(c.message).toMatchObject({ userId: 'h-2' });
    expect(c.headers.authorization).toBe('[redacted]');
  });
});

describe('content encodings', () => {
  const body = (userId: string) => JSON.stringify({ userId, event: 'Encoded' });

  it('gzip however it is spelled (x-gzip, upper case, spaces), and identity or empty as is', async () => {
    for (const [i, encoding] of ['x-gzip', ' GZIP ', 'gzip'].entries()) {
      const r = await raw('/v1/track', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: gzipSync(body(`gz-${i}`)) });
      expect(r.status, encoding).toBe(200);
      expect((await lastCapture()).message).toMatchObject({ userId: `gz-${i}` });
    }
    for (const [i, encoding] of ['identity', ''].entries()) {
      const r = await raw('/v1/track', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: body(`id-${i}`) });
      expect(r.status, encoding).toBe(200);
      expect((await lastCapture()).message).toMatchObject({ userId: `id-${i}` });
    }
  });

  it('anything else is a 400 naming the encoding, on the webhook too', async () => {
    const r = await raw('/v1/track', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'Deflate' }, body: body('x') });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({ success: false, code: 'unsupported-encoding', error: 'Content-Encoding "deflate" is not supported; send the body as is or gzip it', message: 'Content-Encoding "deflate" is not supported; send the body as is or gzip it' });
    const hook = await raw('/webhook/enc', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, body: body('x') });
    expect(hook.status).toBe(400);
    expect(JSON.parse(hook.body)).toMatchObject({ success: false, code: 'unsupported-encoding' });
  });

  // Node's parser takes "Transfer-Encoding: gzip, chunked" and hands over the body unchunked but
  // still gzipped: it was read as JSON, a 400 "unexpected \u001f" that never said why.
  it('a transfer coding besides chunked is a 400 naming it, on the webhook too', async () => {
    const why = 'Transfer-Encoding "gzip, chunked" is not supported: send the body chunked or with a Content-Length, and compress it with Content-Encoding: gzip';
    const r = await raw('/v1/track', { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'gzip, chunked' }, body: gzipSync(body('te')) });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({ success: false, code: 'unsupported-encoding', error: why, message: why });
    const hook = await raw('/webhook/enc', { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'Gzip,Chunked' }, body: gzipSync(body('te')) });
    expect(hook.status).toBe(400);
    expect(JSON.parse(hook.body)).toMatchObject({ success: false, code: 'unsupported-encoding', error: expect.stringContaining('Transfer-Encoding "gzip,chunked" is not supported') });
    const chunked = await raw('/v1/track', { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: body('te-chunked') });
    expect(chunked.status).toBe(200);
  });

  it('a gzip body that is not gzip is a 400 saying so, and a gzip webhook body reads like a plain one', async () => {
    const r = await raw('/v1/track', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: Buffer.from(body('x')) });
    expect(r.status).toBe(400);
    const answer = JSON.parse(r.body);
    expect(answer).toMatchObject({ success: false, code: 'invalid-gzip' });
    expect(answer.error).toMatch(/^Content-Encoding is gzip but the body is not valid gzip: /);
    const hook = await raw('/webhook/enc', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ type: 'track', userId: 'wz', event: 'Zipped' })) });
    expect(hook.status).toBe(200);
    expect((await lastCapture()).message).toMatchObject({ userId: 'wz', event: 'Zipped' });
  });
});

describe('webhook refusals', () => {
  const event = { type: 'track', userId: 'w-1', event: 'Hook' };
  const post = (name: string, body: string, method = 'POST') => raw(`/webhook/${name}`, { method, headers: { 'content-type': 'application/json' }, body });

  it('a name of 1 to 64 letters, digits, "-" and "_"; a longer one is refused, quoting at most 80 characters of it', async () => {
    expect((await post('a', JSON.stringify(event))).status).toBe(200);
    const ok = await post(`A-z_9${'n'.repeat(59)}`, JSON.stringify(event));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ success: true, captured: 1, signature: 'no-secret' });
    const long = await post('n'.repeat(65), JSON.stringify(event));
    expect(long.status).toBe(400);
    expect(JSON.parse(long.body)).toEqual({ success: false, code: 'invalid-webhook-name', error: `webhook name "${'n'.repeat(65)}" is 65 characters long; a name has 1 to 64` });
    const longer = await post('m'.repeat(100), JSON.stringify(event));
    expect(JSON.parse(longer.body).error).toBe(`webhook name "${'m'.repeat(80)}" is 100 characters long; a name has 1 to 64`);
    const dot = await post('a.b', JSON.stringify(event));
    expect(dot.status).toBe(400);
    expect(JSON.parse(dot.body).error).toBe('webhook name "a.b" holds ".": a name may use only letters, digits, "-" and "_" (it is part of the URL)');
  });

  it('other methods: 405, POST allowed', async () => {
    const r = await raw('/webhook/pf');
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('POST');
    expect(JSON.parse(r.body)).toEqual({ success: false, error: "GET is not allowed on /webhook/pf; Segment's webhook destination uses POST" });
  });

  it('bodies that are not events, each with its own code', async () => {
    const cases: [string, string, RegExp][] = [
      ['[]', 'empty-array', /^the webhook body is an empty array: nothing to capture$/],
      [JSON.stringify([event, 'text']), 'item-not-object', /^element \[1\] of the webhook array must be an event object, but it is /],
      [JSON.stringify([null]), 'item-not-object', /^element \[0\] /],
      ['"text"', 'not-an-object', /^the webhook body must be an event object or an array of them, but it is /],
      ['42', 'not-an-object', /^the webhook body must be an event object or an array of them/],
      ['{"type":"track",', 'invalid-json', /^invalid JSON in the webhook body at line 1, column 17 \(position 16\): expected a double-quoted property name, found end of input, near /],
      ['', 'invalid-json', /^invalid JSON in the webhook body: the body is empty$/],
    ];
    for (const [body, code, error] of cases) {
      const r = await post('shape', body);
      expect(r.status, body).toBe(400);
      const answer = JSON.parse(r.body);
      expect(answer.success).toBe(false);
      expect(answer.code, body).toBe(code);
      expect(answer.error).toMatch(error);
    }
  });

  it('an array of more than 5,000 events is refused whole (a few KB of gzip can hold millions), 5,000 are taken', async () => {
    const before = t.engine.info().messageCount;
    const over = await post('many', JSON.stringify(Array.from({ length: 5001 }, () => ({}))));
    expect(over.status).toBe(413);
    expect(JSON.parse(over.body)).toEqual({ success: false, code: 'too-many-events', error: 'the webhook array has 5,001 events; Eventbench takes at most 5,000 per request: send them in smaller batches' });
    expect(t.engine.info().messageCount).toBe(before);
    const most = await post('many', JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({ type: 'track', event: `E${i}`, userId: 'u' }))));
    expect(JSON.parse(most.body)).toMatchObject({ success: true, captured: 5000 });
  });

  it('an array of events is captured whole, in order', async () => {
    const before = t.engine.info().messageCount;
    const r = await post('arr', JSON.stringify([{ ...event, event: 'One' }, { ...event, event: 'Two' }, { ...event, event: 'Three' }]));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ success: true, captured: 3, signature: 'no-secret' });
    expect(t.engine.info().messageCount).toBe(before + 3);
    const list = await t.engine.call('messages.list', undefined);
    expect(list.slice(-3).map((s) => s.name)).toEqual(['One', 'Two', 'Three']);
  });

  it('with rejectInvalid: 401 naming why, the request still captured; a valid signature is a 200', async () => {
    await t.engine.call('webhooks.save', { name: 'strict', secret: 'k3y', rejectInvalid: true });
    const missing = await post('strict', JSON.stringify([event, event]));
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({
      success: false,
      code: 'signature-missing',
      error: 'the request has no X-Signature header; webhook "strict" rejects unsigned or badly signed requests',
      captured: 2,
    });
    const bad = await raw('/webhook/strict', { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': '0'.repeat(40) }, body: JSON.stringify(event) });
    expect(bad.status).toBe(401);
    expect(JSON.parse(bad.body)).toEqual({
      success: false,
      code: 'signature-invalid',
      error: 'the request has an X-Signature that does not match the shared secret; webhook "strict" rejects unsigned or badly signed requests',
      captured: 1,
    });
    expect((await lastCapture()).origin).toMatchObject({ kind: 'webhook', webhook: 'strict', signature: { status: 'invalid' } });
  });
});

describe('X-Signature as recorded', () => {
  it('an empty header is a missing signature, recorded as empty', async () => {
    await t.engine.call('webhooks.save', { name: 'signed', secret: 's3cret', rejectInvalid: false });
    const r = await raw('/webhook/signed', { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': '' }, body: JSON.stringify({ type: 'track', userId: 's-1', event: 'Empty Sig' }) });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({
      success: true,
      captured: 1,
      signature: 'missing',
      signatureProblem: 'the request has an empty X-Signature header; webhook "signed" does not reject such requests, so it was captured, marked missing',
    });
    const c = await lastCapture();
    expect(c.headers['x-signature']).toBe('[redacted: empty]');
    expect(c.origin).toMatchObject({ signature: { status: 'missing' } });
  });

  it('an invalid one reads back the same after a restart (the redacted form is not redacted again)', async () => {
    const own = await startTestEngine();
    try {
      await own.engine.call('webhooks.save', { name: 'pf', secret: 's3cret', rejectInvalid: false });
      const res = await fetch(`${own.engine.url}/webhook/pf`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': 'f'.repeat(41) }, body: JSON.stringify({ type: 'track', userId: 's-2', event: 'Bad Sig' }) });
      expect(res.status).toBe(200);
      const want = { status: 'invalid', received: '[redacted: 41 characters, not 40 hex digits]' };
      expect((await own.engine.call('messages.get', { seq: 1 }))?.origin).toMatchObject({ signature: want });
      const engine = await own.restart();
      const back = await engine.call('messages.get', { seq: 1 });
      expect(back?.origin).toMatchObject({ signature: want });
      expect(back?.headers['x-signature']).toBe('[redacted: 41 characters, not 40 hex digits]');
    } finally {
      await own.dispose();
    }
  });
});

describe('duplicate messageIds per kind of source', () => {
  it('a raw Segment message imported is checked against Tracking API captures, not against webhook ones', async () => {
    const own = await startTestEngine();
    try {
      const url = own.engine.url;
      expect((await fetch(`${url}/v1/track`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ userId: 'd-1', event: 'Seen', messageId: 'seen-by-tracking' }) })).status).toBe(200);
      expect((await fetch(`${url}/webhook/pf`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ type: 'track', userId: 'd-1', event: 'Seen', messageId: 'seen-by-webhook' }) })).status).toBe(200);
      const ndjson = [
        { type: 'track', userId: 'd-1', event: 'Imported', messageId: 'seen-by-tracking' },
        { type: 'track', userId: 'd-1', event: 'Imported', messageId: 'seen-by-webhook' },
      ]
        .map((m) => JSON.stringify(m))
        .join('\n');
      expect(await own.engine.call('messages.import', { ndjson })).toMatchObject({ imported: 2, errors: [] });
      const [a, b] = [await own.engine.call('messages.get', { seq: 3 }), await own.engine.call('messages.get', { seq: 4 })];
      expect(a?.message.messageId).toBe('seen-by-tracking');
      expect(a?.dropReasons.map((d) => d.code)).toEqual(['duplicate-message-id']);
      expect(b?.message.messageId).toBe('seen-by-webhook');
      expect(b?.dropReasons).toEqual([]);
    } finally {
      await own.dispose();
    }
  });
});

describe('a body well over the limit', () => {
  it('is read to its end and answered with its size, not cut off (the client reads the 400)', async () => {
    const body = Buffer.alloc(2_000_000, 0x20);
    const r = await raw('/v1/batch', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({ success: false, code: 'request-too-large', error: "the request body is 2,000,000 bytes; Segment's limit is 500 KB (512,000 bytes) per request", message: "the request body is 2,000,000 bytes; Segment's limit is 500 KB (512,000 bytes) per request" });
    const hook = await raw('/webhook/big', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(6_000_000, 0x20) });
    expect(hook.status).toBe(400);
    expect(JSON.parse(hook.body)).toEqual({ success: false, code: 'request-too-large', error: 'the webhook body is 6,000,000 bytes; the limit is 5,242,880 bytes' });
  });
});
