// No message can break the API or the UI: nesting deeper than can be re-serialized is refused up
// front with a 400 that says why (Tracking API, webhooks, import alike), and a fuzz run of
// random bodies against every ingest endpoint always gets an answer below 500 while the log stays
// readable, before and after a restart.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const nested = (depth: number) => '{"type":"track","userId":"u","event":"Deep","properties":{"x":' + '['.repeat(depth) + ']'.repeat(depth) + '}}';
const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = { 'content-type': 'application/json' }) => fetch(`${t.engine.url}${path}`, { method: 'POST', headers, body });

describe('deep nesting', () => {
  it.each([
    ['/v1/track', nested(5000)],
    ['/v1/batch', `{"batch":[${nested(5000)}]}`],
    ['/webhook/deep', nested(15000)],
  ])('%s refuses 5,000+ levels with a 400 that says why', async (path, body) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { code: string; error: string };
    expect(answer.code).toBe('too-deep');
    expect(answer.error).toMatch(/nests objects and arrays [\d,]+ levels deep; Eventbench accepts at most 256/);
  });

  it('import reports the too-deep line by number and keeps the others', async () => {
    const res = await post('/api/import', [JSON.stringify({ type: 'track', userId: 'u', event: 'Fine' }), nested(3000)].join('\n'), { 'content-type': 'application/x-ndjson' });
    const answer = (await res.json()) as { imported: number; errors: { line: number; message: string }[] };
    expect(answer.imported).toBe(1);
    expect(answer.errors).toEqual([{ line: 2, message: expect.stringContaining('levels deep') }]);
  });

  // The log line wraps a message in one more object ({"seq", "message"}): a message of 256 levels,
  // which the Tracking API takes, was exported as a 257-level line and refused by the import, so an
  // export imported back lost it. The limit is the message's, as where it was received.
  it('a message of exactly 256 levels comes back from its export; one of 257 in an exported line is refused, naming the message', async () => {
    const at256 = '{"type":"track","userId":"u","event":"Deep256","properties":{"x":' + '['.repeat(254) + ']'.repeat(254) + '}}';
    expect((await post('/v1/track', at256)).status).toBe(200);
    const lines = (await (await fetch(`${t.engine.url}/api/export`)).text()).split('\n');
    const at = lines.findIndex((l) => l.includes('Deep256'));
    const [request, message] = [lines[at - 1], lines[at]];
    expect(request).toMatch(/^\{"request"/);
    const at257 = message.replace('"x":[', '"x":[[').replace(']}', ']]}');
    const res = await post('/api/import', [request, message, at257].join('\n'), { 'content-type': 'application/x-ndjson' });
    const answer = (await res.json()) as { imported: number; errors: { line: number; message: string }[] };
    expect(answer.errors).toEqual([{ line: 3, message: 'the message nests objects and arrays 257 levels deep; Eventbench accepts at most 256 (deeper JSON cannot be shown or sent on again)' }]);
    expect(answer.imported).toBe(1);
    const rows = (await (await fetch(`${t.engine.url}/api/messages?event=Deep256`)).json()) as unknown[];
    expect(rows).toHaveLength(2);
  });

  it('accepts 250 levels, and every answer that includes it still works', async () => {
    expect((await post('/v1/track', nested(250))).status).toBe(200);
    const res = await fetch(`${t.engine.url}/api/messages?event=Deep`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBe(1);
  });
});

// The match filter is JSON in the query string: a URL of 16 KB holds 7,000 levels of it, and
// checking a message against it recursed until "internal error: Maximum call stack size exceeded" (500).
describe('a match filter nested too deep', () => {
  it.each(['/api/messages?', '/api/messages/wait?timeoutMs=100&'])('%s answers 400 naming the depth, as a body nested so deep is answered', async (path) => {
    const match = `{"properties":{"x":${'['.repeat(7000)}${']'.repeat(7000)}}}`;
    const res = await fetch(`${t.engine.url}${path}match=${encodeURIComponent(match).replace(/%5B/g, '[').replace(/%5D/g, ']')}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('match nests objects and arrays 7,002 levels deep; Eventbench accepts at most 256 (deeper JSON cannot be shown or sent on again)');
  });
});

// A webhook body may be 5 MB: one identify can carry 150,000 traits, each a user property change.
describe('a message with 150,000 keys', { timeout: 90_000 }, () => {
  it('is listed with its matching outcome, and its decision explained', async () => {
    const traits: Record<string, string> = {};
    for (let i = 0; i < 150_000; i++) traits[`key_${i}`] = `v${i}`;
    expect((await post('/webhook/wide', JSON.stringify({ type: 'identify', userId: 'wide-user', anonymousId: 'a', traits }))).status).toBe(200);
    // The list was cut after "[": the decision's property changes were spread into one push call.
    const res = await fetch(`${t.engine.url}/api/messages?userId=wide-user`);
    const listed = (await res.json()) as { seq: number; matching?: { outcome: string } }[];
    expect(listed).toHaveLength(1);
    expect(listed[0].matching?.outcome).toBe('created');
    const decision = await t.engine.call('matching.get', { seq: listed[0].seq });
    expect(decision?.changes.filter((c) => c.field.startsWith('properties.key_'))).toHaveLength(150_000);
  });
});

// Many requests and a restart: a timeout here catches a hang, not slowness (10 s seen under load).
describe('fuzz: random bodies against every ingest endpoint', { timeout: 90_000 }, () => {
  it('always answers below 500, and the log stays readable across a restart', async () => {
    const endpoints = ['/v1/track', '/v1/batch', '/v1/t', '/v1/b', '/v1/identify', '/webhook/fuzz', '/api/import'];
    const body = fc.oneof(
      fc.json().map((j) => j),
      fc.jsonValue().map((v) => JSON.stringify({ batch: [v, { type: 'track', userId: 'u', event: 'E', properties: { v } }] })),
      fc.string({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
      fc.integer({ min: 1, max: 6000 }).map((d) => nested(d)),
      fc.string({ minLength: 33_000, maxLength: 33_010 }).map((s) => JSON.stringify({ type: 'track', userId: 'u', event: s })),
    );
    const headers = fc.record({
      'content-type': fc.constantFrom('application/json', 'text/plain', 'application/x-ndjson', 'image/png', ''),
      authorization: fc.constantFrom('', 'Basic ' + Buffer.from('k:').toString('base64'), 'Bearer x', 'Basic !!!', 'Basic ' + Buffer.from(':').toString('base64')),
      'content-encoding': fc.constantFrom('', '', '', 'gzip', 'br'),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), body, headers, async (path, b, h) => {
        const clean = Object.fromEntries(Object.entries(h).filter(([, v]) => v !== ''));
        const res = await post(path, b, clean);
        await res.arrayBuffer();
        expect(res.status, `${path} answered ${res.status}`).toBeLessThan(500);
      }),
      { numRuns: 120 },
    );
    const read = async () => {
      const res = await fetch(`${t.engine.url}/api/messages?limit=100000`);
      expect(res.status).toBe(200);
      return ((await res.json()) as unknown[]).length;
    };
    const before = await read();
    const restarted = await t.restart();
    expect(restarted.info().storeWarnings).toEqual([]);
    expect(await read()).toBe(before);
  });
});

describe('size errors say the size', () => {
  it('a gzip webhook body that inflates past the limit says so, with the limit', async () => {
    const { gzipSync } = await import('node:zlib');
    const huge = gzipSync(Buffer.from(JSON.stringify({ type: 'track', userId: 'u', event: 'Big', properties: { pad: 'x'.repeat(6 * 1024 * 1024) } })));
    const res = await post('/webhook/big', huge, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(/^the webhook body is over the limit of [\d,]+ bytes once decompressed$/);
  });
});

// Strings JSON.parse takes but UTF-8 cannot hold: lone surrogates (\ud800, \udc00), in values and
// in keys, beside a pair. They are stored as the client's escapes, so they come back exactly from
// the API, the export, an import of it and a restart (a UTF-8 write would have made each U+FFFD);
// a webhook signed over the raw body or over JSON.stringify of it is valid either way.
describe('lone surrogates', () => {
  const body = '{"type":"identify","userId":"lone\\ud800","anonymousId":"a\\udc00","traits":{"email":"x\\udc00@example.com","k\\ud83d":"\\ud83d\\ude00 \\udbff"}}';
  const expected = JSON.parse(body) as Record<string, unknown>;
  const messagesOf = async (userId: string) => {
    const res = await fetch(`${t.engine.url}/api/messages?${new URLSearchParams({ match: JSON.stringify({ userId }) })}`);
    return ((await res.json()) as { message: Record<string, unknown>; origin: { endpoint: string } }[]).map((m): Record<string, unknown> => ({ endpoint: m.origin.endpoint, ...m.message }));
  };

  it('come back exactly from the list, the export, its import and a restart; a signature over either form is valid', async () => {
    const { createHmac } = await import('node:crypto');
    expect((await post('/v1/identify', body)).status).toBe(200);
    await t.engine.call('webhooks.save', { name: 'lone', secret: 's3cret', rejectInvalid: false });
    for (const signed of [body, JSON.stringify(expected)]) {
      const res = await post('/webhook/lone', body, { 'content-type': 'application/json', 'x-signature': createHmac('sha1', 's3cret').update(signed).digest('hex') });
      expect(await res.json()).toMatchObject({ signature: 'valid' });
    }
    // The Tracking API capture's two export lines (its request, its message), imported back.
    const lines = (await (await fetch(`${t.engine.url}/api/export`)).text()).split('\n');
    const at = lines.findIndex((l, i) => l.includes('"/v1/identify"') && lines[i + 1]?.includes('lone'));
    expect(lines[at + 1]).toContain('"userId":"lone\\ud800"'); // the client's escape, not U+FFFD
    const res = await post('/api/import', [lines[at], lines[at + 1]].join('\n'), { 'content-type': 'application/x-ndjson' });
    // Imported into the engine it came from: its messageId was stored before, which the answer says.
    expect(await res.json()).toEqual({ imported: 1, errors: [], warnings: [{ line: 2, message: expect.stringMatching(/^messageId "[^"]+" was already in the log \(#\d+\): this file, or part of it, was imported before/) }] });

    const check = async () => {
      const got = await messagesOf('lone\ud800');
      expect(got.map((m) => m.endpoint)).toEqual(['/v1/identify', '/webhook/lone', '/webhook/lone', '/v1/identify']);
      for (const m of got) expect({ userId: m.userId, anonymousId: m.anonymousId, traits: m.traits }).toEqual({ userId: expected.userId, anonymousId: expected.anonymousId, traits: expected.traits });
    };
    await check();
    await t.restart();
    await check();
  });
});
