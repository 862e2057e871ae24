// Every bad input gets Segment's documented answer, and the engine keeps serving afterwards.
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, postJson, type TestEngine } from './helpers/engine';
import { writeKeyFingerprint } from '../../src-main/store/write-key';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

/** After every bad request, a good one must still be captured. */
async function stillServes(): Promise<void> {
  const before = t.engine.info().messageCount;
  const res = await postJson(`${t.engine.url}/v1/track`, { userId: 'still', event: 'Still Serving' });
  expect(res.status).toBe(200);
  expect(res.json).toEqual({ success: true });
  expect(t.engine.info().messageCount).toBe(before + 1);
}

function rawPost(path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, t.engine.url);
    const req = request(url, { method: 'POST', headers: { 'content-length': String(body.length), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('Tracking API answers like Segment', () => {
  it('200 with an unusable Authorization header, which is recorded with the write key taken from the body', async () => {
    const res = await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'Token Sent', writeKey: 'wk_body_1' }, { authorization: 'Token abc.def' });
    expect(res.status).toBe(200);
    const rows = (await (await fetch(`${t.engine.url}/api/messages?event=Token%20Sent`)).json()) as { origin: Record<string, unknown>; headers: Record<string, string> }[];
    expect(rows).toHaveLength(1);
    expect(rows[0].origin).toMatchObject({ writeKey: 'wk_…y_1', writeKeyFingerprint: writeKeyFingerprint('wk_body_1'), writeKeySource: 'body' });
    expect(rows[0].origin.authWarning).toContain('"Token" scheme');
    expect(rows[0].headers.authorization).toBe('Token [redacted]');
    // Segment's OAuth mode (a Bearer token, the write key in the body) is no problem.
    await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'OAuth Sent', writeKey: 'wk_oauth' }, { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig' });
    const oauth = (await (await fetch(`${t.engine.url}/api/messages?event=OAuth%20Sent`)).json()) as { origin: Record<string, unknown>; headers: Record<string, string> }[];
    expect(oauth[0].origin).toMatchObject({ writeKeySource: 'body', writeKeyFingerprint: writeKeyFingerprint('wk_oauth') });
    expect(oauth[0].origin).not.toHaveProperty('authWarning');
    expect(oauth[0].headers.authorization).toBe('Bearer [redacted]');
    // A usable header leaves no warning behind.
    await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'Basic Sent' }, { authorization: `Basic ${Buffer.from('wk_basic:').toString('base64')}` });
    const basic = (await (await fetch(`${t.engine.url}/api/messages?event=Basic%20Sent`)).json()) as { origin: Record<string, unknown> }[];
    expect(basic[0].origin).toMatchObject({ writeKey: 'wk_…sic', writeKeyFingerprint: writeKeyFingerprint('wk_basic'), writeKeySource: 'basic' });
    expect(basic[0].origin).not.toHaveProperty('authWarning');
  });

  it('200 with a writeKey that is not text: recorded as why it was not taken, never its value, and kept across a restart', async () => {
    expect((await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'Numeric Key', writeKey: 8675309 })).status).toBe(200);
    const read = async () => ((await (await fetch(`${t.engine.url}/api/messages?event=Numeric%20Key`)).json()) as { origin: Record<string, unknown>; message: Record<string, unknown> }[])[0];
    const why = "the body's writeKey is a number, not text: it was not taken as the write key (send it as a string)";
    expect((await read()).origin).toEqual({ kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none', writeKeyWarning: why });
    expect((await read()).message).not.toHaveProperty('writeKey');
    await t.restart();
    expect((await read()).origin.writeKeyWarning).toBe(why);
    expect(await (await fetch(`${t.engine.url}/api/export`)).text()).not.toContain('8675309');
  });

  it('400 for invalid JSON, naming where', async () => {
    const res = await postJson(`${t.engine.url}/v1/track`, '{"userId": "u", "event": }');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ success: false, code: 'invalid-json' });
    expect(res.json.error).toMatch(/line 1, column \d+/);
    await stillServes();
  });

  // curl -d '…' with JSON pasted from a chat or a wiki page: the character is named and shown as an
  // escape; the answer read 'found " "' (a space, which JSON allows).
  it('400 naming a no-break space or a typographic quote in the JSON, where the body showed it as is', async () => {
    const nbsp = await rawPost('/v1/track', Buffer.from('{\u00a0"userId": "u", "event": "E"}'), { 'content-type': 'application/json' });
    expect(nbsp.status).toBe(400);
    expect(nbsp.json.error).toBe(
      'invalid JSON at line 1, column 2 (position 1): expected a double-quoted property name, found "\\u00a0" (a no-break space: JSON takes only plain spaces, tabs and line breaks between its parts; text pasted from a web page, a chat or a word processor carries such spaces), near `{\\u00a0"userId": "u", "eve`…',
    );
    const quotes = await rawPost('/v1/track', Buffer.from('{"userId": \u201cu\u201d, "event": "E"}'), { 'content-type': 'application/json' });
    expect(quotes.json.error).toMatch(/^invalid JSON at line 1, column 12 \(position 11\): unexpected "\u201c" \(a typographic double quote: JSON takes only straight double quotes \("\); a word processor or a chat app turned them\) where a value was expected/);
    await stillServes();
  });

  it('400 for a body that is not an object', async () => {
    for (const body of ['[1,2]', '"text"', 'null']) {
      const res = await postJson(`${t.engine.url}/v1/track`, body);
      expect(res.status, body).toBe(400);
      expect(res.json).toMatchObject({ success: false, code: 'not-an-object' });
    }
    await stillServes();
  });

  it('400 for a batch without "batch", naming the path the client used (/v1/import for analytics-ruby, /v1/b for analytics.js and mobile)', async () => {
    for (const path of ['/v1/batch', '/v1/import', '/v1/b']) {
      const res = await postJson(`${t.engine.url}${path}`, { messages: [{ type: 'track', userId: 'u', event: 'E' }] });
      expect(res.status, path).toBe(400);
      const error = `the body has no "batch" field; ${path} expects {"batch": [ ...messages ]}`;
      expect(res.json, path).toEqual({ success: false, code: 'batch-not-array', error, message: error });
    }
    await stillServes();
  });

  it('400 for a message over 32 KB, naming the batch index', async () => {
    const big = { type: 'track', userId: 'u', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } };
    const res = await postJson(`${t.engine.url}/v1/batch`, { batch: [{ type: 'track', userId: 'u', event: 'ok' }, big] });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ success: false, code: 'message-too-large' });
    expect(res.json.error).toContain('batch[1]');
    expect(res.json.error).toContain('32 KB');
    await stillServes();
  });

  it('400 for a request over 500 KB (and nothing from it is captured)', async () => {
    const before = t.engine.info().messageCount;
    const batch = Array.from({ length: 40 }, (_, i) => ({ type: 'track', userId: 'u', event: `e${i}`, properties: { pad: 'y'.repeat(15_000) } }));
    const res = await postJson(`${t.engine.url}/v1/batch`, { batch });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ success: false, code: 'request-too-large' });
    expect(res.json.error).toMatch(/500 KB/);
    expect(t.engine.info().messageCount).toBe(before);
    await stillServes();
  });

  it('400 for more than 2,500 messages', async () => {
    const batch = Array.from({ length: 2501 }, () => ({ type: 'track', userId: 'u', event: 'e' }));
    const res = await postJson(`${t.engine.url}/v1/batch`, { batch });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ success: false, code: 'too-many-messages' });
    expect(res.json.error).toContain('2,501');
    await stillServes();
  });

  it('accepts a gzip body, measuring the decompressed size', async () => {
    const body = gzipSync(JSON.stringify({ batch: [{ type: 'track', userId: 'gz', event: 'Gzipped', messageId: 'gz-1' }] }));
    const res = await rawPost('/v1/batch', body, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res).toEqual({ status: 200, json: { success: true } });
    const rows = (await (await fetch(`${t.engine.url}/api/messages?userId=gz`)).json()) as any[];
    expect(rows[0].message).toMatchObject({ event: 'Gzipped', messageId: 'gz-1' });
    expect(rows[0].headers['content-encoding']).toBe('gzip');

    // 600 KB of zeros gzips to under 1 KB: still a request over 500 KB.
    const bomb = gzipSync(JSON.stringify({ batch: [{ type: 'track', userId: 'u', event: 'e', properties: { p: '0'.repeat(600_000) } }] }));
    expect(bomb.length).toBeLessThan(5000);
    const big = await rawPost('/v1/batch', bomb, { 'content-encoding': 'gzip' });
    expect(big.status).toBe(400);
    expect(big.json.code).toBe('request-too-large');

    const broken = await rawPost('/v1/track', Buffer.from('definitely not gzip'), { 'content-encoding': 'gzip' });
    expect(broken.status).toBe(400);
    expect(broken.json.code).toBe('invalid-gzip');
    const br = await rawPost('/v1/track', Buffer.from('{}'), { 'content-encoding': 'br' });
    expect(br.status).toBe(400);
    expect(br.json.error).toMatch(/Content-Encoding "br" is not supported/);
    await stillServes();
  });

  it('answers CORS preflights so analytics.js on a local page can send', async () => {
    const res = await fetch(`${t.engine.url}/v1/batch`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, content-encoding' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = res.headers.get('access-control-allow-headers')!.toLowerCase();
    for (const h of ['authorization', 'content-type', 'content-encoding']) expect(allowed).toContain(h);
    const post = await postJson(`${t.engine.url}/v1/page`, { anonymousId: 'a', name: 'Home' }, { origin: 'http://localhost:5173' });
    expect(post.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('takes the write key from the body when there is no Basic auth, and types a single call by its path', async () => {
    await postJson(`${t.engine.url}/v1/identify`, { writeKey: 'body_key_123456', userId: 'bk', type: 'track' });
    const [row] = (await (await fetch(`${t.engine.url}/api/messages?userId=bk`)).json()) as any[];
    expect(row.origin).toMatchObject({ writeKey: 'bod…456', writeKeyFingerprint: writeKeyFingerprint('body_key_123456'), writeKeySource: 'body' });
    expect(row.message.type).toBe('identify');
  });

  it('masks the write key in the list: a 6-character key completely, a longer one but its ends', async () => {
    for (const [i, [key, masked]] of [['abc123', '••••••'], ['abc1234', 'abc…234']].entries()) {
      const res = await postJson(`${t.engine.url}/v1/track`, { userId: `mask-${i}`, event: 'Masked' }, { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
      expect(res.status).toBe(200);
      const row = (await t.engine.call('messages.list', undefined)).find((r) => r.userId === `mask-${i}`);
      expect(row?.writeKeyMasked).toBe(masked);
      expect(JSON.stringify(row)).not.toContain(key);
    }
  });

  it('records drop reasons, assigned messageIds and duplicates', async () => {
    await postJson(`${t.engine.url}/v1/batch`, {
      batch: [
        { type: 'track', event: 'No Identity' },
        { type: 'track', userId: 'dr' },
        { type: 'track', userId: 'dr', event: 'Twice', messageId: 'dup-1' },
        { type: 'track', userId: 'dr', event: 'Twice', messageId: 'dup-1' },
        { type: 'track', userId: 'dr', event: 'Long Id', messageId: 'm'.repeat(101) },
      ],
    });
    const rows = (await (await fetch(`${t.engine.url}/api/messages?endpoint=batch&limit=5`)).json()) as any[];
    const codes = rows.map((r) => r.dropReasons.map((d: { code: string }) => d.code));
    expect(codes).toEqual([['missing-identity'], ['missing-event'], [], ['duplicate-message-id'], ['message-id-too-long']]);
    expect(rows[0].messageIdAssigned).toBe(true);
    expect(typeof rows[0].message.messageId).toBe('string');
    expect(rows[2].messageIdAssigned).toBe(false);
  });

  it('404 for unknown Tracking API paths, 405 for other methods', async () => {
    const unknown = await postJson(`${t.engine.url}/v1/identity`, {});
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatch(/unknown Tracking API path \/v1\/identity/);
    const get = await fetch(`${t.engine.url}/v1/track`);
    expect(get.status).toBe(405);
    await stillServes();
  });
});
