// Client write keys are not kept in clear (issue #13.8): the log, /api/messages, the export and
// the engine's commands hold a masked form and a fingerprint; filters and grouping by source use
// the fingerprint; a log written before keys were masked still loads, masked when read and when
// exported.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeKeyFingerprint } from '../../src-main/store/write-key';
import { postJson, startTestEngine, eventually, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
const KEY_A = 'wk_live_SECRET_alpha_7f3e9';
const KEY_B = 'wk_live_SECRET_bravo_7f3e9'; // masks the same as KEY_A: only the fingerprint tells them apart

function expectNoKey(text: string, ...keys: string[]): void {
  for (const k of keys) {
    expect(text).not.toContain(k);
    expect(text).not.toContain(Buffer.from(`${k}:`).toString('base64'));
  }
}

describe('write keys are masked and fingerprinted, never kept', () => {
  it('in the log, /api/messages, the export and messages.get; the session filter tells same-looking keys apart', async () => {
    t = await startTestEngine();
    const url = t.engine.url;
    expect((await postJson(`${url}/v1/track`, { anonymousId: 'a-1', event: 'From A' }, basic(KEY_A))).status).toBe(200);
    expect((await postJson(`${url}/v1/batch`, { writeKey: KEY_B, batch: [{ type: 'track', anonymousId: 'b-1', event: 'From B' }] })).status).toBe(200);

    const log = await readFile(join(t.dataDir, 'captures.ndjson'), 'utf8');
    expectNoKey(log, KEY_A, KEY_B);
    const messages = await (await fetch(`${url}/api/messages`)).text();
    expectNoKey(messages, KEY_A, KEY_B);
    const exported = await (await fetch(`${url}/api/export`)).text();
    expectNoKey(exported, KEY_A, KEY_B);
    expectNoKey(await t.engine.call('messages.export', undefined), KEY_A, KEY_B);

    const [a, b] = JSON.parse(messages) as { origin: Record<string, unknown> }[];
    expect(a.origin).toEqual({ kind: 'tracking', endpoint: '/v1/track', writeKey: 'wk_…3e9', writeKeyFingerprint: writeKeyFingerprint(KEY_A), writeKeySource: 'basic' });
    expect(b.origin).toMatchObject({ writeKey: 'wk_…3e9', writeKeyFingerprint: writeKeyFingerprint(KEY_B), writeKeySource: 'body' });
    expect(a.origin.writeKeyFingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(a.origin.writeKeyFingerprint).not.toBe(b.origin.writeKeyFingerprint);
    expect((await t.engine.call('messages.list', undefined)).map((s) => s.writeKeyMasked)).toEqual(['wk_…3e9', 'wk_…3e9']);

    // Sessions by source: by the key (hashed by the engine) or by a capture's fingerprint.
    const sessions = async (q: string) => ((await (await fetch(`${url}/api/sessions?${q}`)).json()) as { anonymousId: string }[]).map((s) => s.anonymousId);
    await eventually(t.engine, async () => (await sessions('')).length === 2);
    expect(await sessions(`writeKey=${KEY_A}`)).toEqual(['a-1']);
    expect(await sessions(`writeKey=${writeKeyFingerprint(KEY_B)}`)).toEqual(['b-1']);
    expect(await sessions('writeKey=wk_…3e9')).toEqual([]); // a masked form is no source
  });

  it('a log written with keys in clear still loads, masked when read and when exported', async () => {
    t = await startTestEngine();
    await t.engine.close();
    const file = join(t.dataDir, 'captures.ndjson');
    const request = { requestId: 'r1', receivedAt: '2026-01-01T09:00:00.000Z', origin: { kind: 'tracking', endpoint: '/v1/batch', writeKey: KEY_A, writeKeySource: 'basic' }, headers: { authorization: 'Basic [redacted]' } };
    const fullRecord = { seq: 2, requestId: 'r0', receivedAt: '2026-01-01T09:00:01.000Z', origin: { kind: 'tracking', endpoint: '/v1/track', writeKey: KEY_B, writeKeySource: 'body' }, headers: {}, messageIdAssigned: false, dropReasons: [], message: { type: 'track', anonymousId: 'b-1', event: 'Old B', messageId: 'm2' } };
    await writeFile(file, [JSON.stringify({ request }), JSON.stringify({ seq: 1, message: { type: 'track', anonymousId: 'a-1', event: 'Old A', messageId: 'm1' } }), JSON.stringify(fullRecord), ''].join('\n'));
    const engine = await t.restart();
    expect(engine.info().storeWarnings).toEqual([]);
    const one = await engine.call('messages.get', { seq: 1 });
    const two = await engine.call('messages.get', { seq: 2 });
    expect(one?.origin).toMatchObject({ writeKey: 'wk_…3e9', writeKeyFingerprint: writeKeyFingerprint(KEY_A) });
    expect(two?.origin).toMatchObject({ writeKey: 'wk_…3e9', writeKeyFingerprint: writeKeyFingerprint(KEY_B) });
    expectNoKey(await (await fetch(`${engine.url}/api/messages`)).text(), KEY_A, KEY_B);
    const exported = await (await fetch(`${engine.url}/api/export`)).text();
    expectNoKey(exported, KEY_A, KEY_B);
    expect(exported.trimEnd().split('\n')).toHaveLength(3);
    expect(JSON.parse(exported.split('\n')[2])).toMatchObject({ seq: 2, message: { event: 'Old B' }, origin: { writeKeyFingerprint: writeKeyFingerprint(KEY_B) } });
    expectNoKey(await engine.call('messages.export', undefined), KEY_A, KEY_B);
    // The session filter finds the old messages by key.
    await eventually(engine, async () => (await engine.call('sessions.list', { writeKey: KEY_A })).length === 1);
    expect((await engine.call('sessions.list', { writeKey: KEY_A })).map((s) => s.anonymousId)).toEqual(['a-1']);
  });

  it('an imported line with credentials in its headers is stored with them redacted, as the receiver records them', async () => {
    t = await startTestEngine();
    const signature = 'ab'.repeat(20);
    // A file another tool wrote (or edited by hand): the origin masked on import, but the
    // headers carried the same key (Basic auth), an invalid signature and a cookie in clear.
    const request = { requestId: 'r1', receivedAt: '2026-01-01T09:00:00.000Z', origin: { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'invalid', received: signature } }, headers: { 'x-signature': signature, cookie: 'session=SECRET_cookie' } };
    const fullRecord = { seq: 2, requestId: 'r2', receivedAt: '2026-01-01T09:00:01.000Z', origin: { kind: 'tracking', endpoint: '/v1/track', writeKey: KEY_A, writeKeySource: 'basic' }, headers: { ...basic(KEY_A), 'proxy-authorization': `Bearer ${KEY_B}` }, message: { type: 'track', anonymousId: 'b-1', event: 'B' } };
    const ndjson = [JSON.stringify({ request }), JSON.stringify({ seq: 1, message: { type: 'track', anonymousId: 'a-1', event: 'A' } }), JSON.stringify(fullRecord)].join('\n');
    const res = await fetch(`${t.engine.url}/api/import`, { method: 'POST', body: ndjson });
    expect(await res.json()).toEqual({ imported: 2, errors: [] });
    await t.engine.call('messages.import', { ndjson });
    for (const text of [await readFile(join(t.dataDir, 'captures.ndjson'), 'utf8'), await (await fetch(`${t.engine.url}/api/export`)).text(), await (await fetch(`${t.engine.url}/api/messages`)).text()]) {
      expectNoKey(text, KEY_A, KEY_B);
      expect(text).not.toContain(signature);
      expect(text).not.toContain('SECRET_cookie');
    }
    const one = await t.engine.call('messages.get', { seq: 1 });
    expect(one?.headers).toEqual({ 'x-signature': '[redacted: 40 hex digits]', cookie: '[redacted]' });
    expect((await t.engine.call('messages.get', { seq: 2 }))?.headers).toEqual({ authorization: 'Basic [redacted]', 'proxy-authorization': 'Bearer [redacted]' });
  });
  // A plain Segment message imported with its write key (analytics.js puts one in each event it
  // batches; a dump of what a client sent has it): posted, the key authenticates and is taken out;
  // imported, it was stored, listed and exported in clear.
  it('a plain message imported with its writeKey: the key is taken out of it, the origin has it masked and fingerprinted', async () => {
    t = await startTestEngine();
    const ndjson = [
      JSON.stringify({ type: 'track', anonymousId: 'a-1', event: 'A', writeKey: KEY_A, properties: { id: 9007199254740993 } }).replace('9007199254740992', '9007199254740993'),
      JSON.stringify({ writeKey: KEY_B, type: 'identify', userId: 'u-1' }),
      JSON.stringify({ type: 'track', anonymousId: 'a-2', event: 'C', writeKey: 12345 }),
    ].join('\n');
    expect(ndjson).toContain('9007199254740993');
    expect(await (await fetch(`${t.engine.url}/api/import`, { method: 'POST', body: ndjson })).json()).toEqual({ imported: 3, errors: [] });
    for (const text of [await readFile(join(t.dataDir, 'captures.ndjson'), 'utf8'), await (await fetch(`${t.engine.url}/api/export`)).text(), await (await fetch(`${t.engine.url}/api/messages`)).text()]) {
      expectNoKey(text, KEY_A, KEY_B);
      expect(text).not.toContain('12345');
    }
    const listed = (await (await fetch(`${t.engine.url}/api/messages`)).json()) as { origin: Record<string, unknown>; message: Record<string, unknown> }[];
    expect(listed.map((m) => m.origin)).toEqual([
      { kind: 'tracking', endpoint: '/api/import', writeKey: 'wk_…3e9', writeKeyFingerprint: writeKeyFingerprint(KEY_A), writeKeySource: 'body' },
      { kind: 'tracking', endpoint: '/api/import', writeKey: 'wk_…3e9', writeKeyFingerprint: writeKeyFingerprint(KEY_B), writeKeySource: 'body' },
      { kind: 'tracking', endpoint: '/api/import', writeKeySource: 'none', writeKeyWarning: "the message's writeKey is a number, not text: it was not taken as the write key (send it as a string)" },
    ]);
    expect(listed.map((m) => 'writeKey' in m.message)).toEqual([false, false, false]);
    // The rest of the message as the line had it: an id past 2^53 keeps its digits.
    expect(await (await fetch(`${t.engine.url}/api/messages?event=A`)).text()).toContain('"id":9007199254740993');
  });
});
