// Segment's Python library, analytics-python 2.3.4 (segment/analytics), as the receiver gets it over
// a real socket. CI has no Python, so the requests are built here, byte for byte as the library
// writes them (recorded from the library against this receiver):
// - request.py `post`: POST {host}/v1/batch, body json.dumps({"batch": [...], "sentAt", "writeKey"})
//   with Python's default separators (", " and ": ") and ensure_ascii (every non-ASCII character
//   as \uXXXX, an astral one as a surrogate pair); headers Content-Type: application/json and
//   User-Agent: analytics-python/2.3.4 (requests adds Accept, Accept-Encoding, Connection), no
//   Authorization (the write key is only in the body; OAuth mode adds Bearer), and
//   Content-Encoding: gzip with gzip=True. sentAt is datetime.now(tz=tzutc()).isoformat():
//   microseconds and "+00:00". sync_mode=True posts the same body with a batch of one.
// - client.py `_enqueue` (and `track`, `identify`...): every message carries integrations, context
//   (context.library = analytics-python 2.3.4), timestamp (isoformat, milliseconds, the datetime's
//   own offset), messageId, and both userId and anonymousId, the one not given as null
//   (stringify_id); page and screen carry name and category, null when not given; alias adds
//   anonymousId last. utils.py `clean`: Decimal -> float, Enum -> its value, set -> list; dates
//   and datetimes in properties/traits go out as isoformat() (naive ones without an offset). userId
//   and anonymousId are stringified, groupId and previousId go as given (a number stays one).
// - json.dumps writes float('nan') as NaN, which is not JSON: Segment answers 400.
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage, JsonObject } from '../../src-shared/capture';
import { prettyLine } from '../../src-main/cli/print';
import { writeKeyFingerprint } from '../../src-main/store/write-key';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { expectWriteKeyNotInLog } from './helpers/real-client';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const WRITE_KEY = 'pyWrItEkEy0000000123';
const LIBRARY = { name: 'analytics-python', version: '2.3.4' };
/** A float Python writes as NaN (float('nan')): JSON has no such value. */
const PY_NAN = Symbol('NaN');

/** json.dumps(value) with Python's defaults: ", " and ": " separators, ensure_ascii. */
function pyDumps(value: unknown): string {
  if (value === PY_NAN) return 'NaN';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyDumps).join(', ')}]`;
  return `{${Object.entries(value as object)
    .map(([k, v]) => `${pyDumps(k)}: ${pyDumps(v)}`)
    .join(', ')}}`;
}

/** datetime.isoformat() of an aware UTC datetime: "+00:00", to the millisecond (timestamp) or microsecond (sentAt). */
function pyIso(ms: number, timespec: 'milliseconds' | 'microseconds'): string {
  return `${new Date(ms).toISOString().slice(0, 23)}${timespec === 'microseconds' ? '417' : ''}+00:00`;
}

/** POSTs a body as analytics-python's request.py `post` does (headers as recorded), to `path`. */
function pyPost(path: string, body: string, gzip = false): Promise<{ status: number; text: string }> {
  const bytes = gzip ? gzipSync(Buffer.from(body, 'utf8')) : Buffer.from(body, 'utf8');
  const headers: Record<string, string> = {
    'User-Agent': 'analytics-python/2.3.4',
    'Accept-Encoding': 'gzip, deflate',
    Accept: '*/*',
    Connection: 'keep-alive',
    'Content-Type': 'application/json',
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    'Content-Length': String(bytes.length),
  };
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, t.engine.url), { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

/** The body request.py `post` sends for these messages: batch, then sentAt, then writeKey. */
function pyBatch(batch: unknown[], sentAtMs = Date.now()): { body: string; sentAt: string } {
  const sentAt = pyIso(sentAtMs, 'microseconds');
  return { body: pyDumps({ batch, sentAt, writeKey: WRITE_KEY }), sentAt };
}

async function captured(query: string): Promise<CapturedMessage[]> {
  const res = await fetch(`${t.engine.url}/api/messages?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as CapturedMessage[];
}

/** The messages of one flush, key order and values as client.py `_enqueue` leaves them. */
function pythonMessages(tag: string, now: number): JsonObject[] {
  const ts = pyIso(now - 500, 'milliseconds');
  const context = { library: LIBRARY };
  return [
    // identify('user-1', traits) with a naive datetime, a date, a Decimal, an Enum, a set and a None
    { integrations: {}, anonymousId: null, timestamp: ts, context, type: 'identify', userId: 'user-1', traits: { email: 'Ana@Example.com', first_name: 'Ána', last_name: 'Ñúñez', createdAt: '2026-01-15T09:30:00.250000', birthday: '1990-05-17', balance: 12.5, plan: 'pro', tags: ['a', 'b'], nickname: null }, messageId: `${tag}-identify` },
    // track with the caller's aware timestamp, context and integrations; properties nest, hold unicode
    { integrations: { All: false, Mixpanel: true }, anonymousId: null, properties: { city: 'Zürich', price: 9.99, when: '2026-12-03T07:10:00.123456+00:00', day: '2026-12-03', nested: { deep: { list: [1, 2.5, null, true, '😀'] } }, jp: '日本語 😀', none: null }, timestamp: pyIso(now - 60_000, 'milliseconds'), context: { ip: '1.2.3.4', traits: { email: 'ana@example.com' }, library: LIBRARY }, userId: 'user-1', type: 'track', event: 'Tour Start', messageId: `${tag}-track` },
    // track(anonymous_id=...) with a timestamp in another offset
    { integrations: {}, anonymousId: 'sess-1', properties: { module: 'reports' }, timestamp: '2026-06-01T12:00:00.000+02:00', context, userId: null, type: 'track', event: 'Feature Used', messageId: `${tag}-track-anon` },
    { integrations: {}, anonymousId: null, properties: { url: 'https://example.com/docs', referrer: null }, timestamp: ts, category: 'Docs', context, userId: 'user-1', type: 'page', name: 'Getting started', messageId: `${tag}-page` },
    // page(anonymous_id=...) with neither name nor category: both null
    { integrations: {}, anonymousId: 'anon-2', properties: {}, timestamp: ts, category: null, context, userId: null, type: 'page', name: null, messageId: `${tag}-page-anon` },
    { integrations: {}, anonymousId: null, properties: { step: 1 }, timestamp: ts, category: 'Onboarding', context, userId: 'user-1', type: 'screen', name: 'Welcome', messageId: `${tag}-screen` },
    // group('user-1', 42, ...): a numeric group_id is sent as a number
    { integrations: {}, anonymousId: null, timestamp: ts, groupId: 42, context, userId: 'user-1', traits: { name: 'Acme', createdAt: '2025-03-01T08:00:00', employees: 42, is_churned: false }, type: 'group', messageId: `${tag}-group` },
    // alias: anonymousId comes last, null
    { integrations: {}, previousId: 'anon-1', timestamp: ts, context, userId: 'user-1', type: 'alias', messageId: `${tag}-alias`, anonymousId: null },
  ];
}

describe('analytics-python 2.3.4 request shapes', () => {
  it.each([false, true])('stores each call type intact from its batch (gzip=%s), write key from the body, nothing against the library', async (gzip) => {
    const tag = gzip ? 'py-gz' : 'py-plain';
    const now = Date.now();
    const messages = pythonMessages(tag, now);
    const { body, sentAt } = pyBatch(messages, now);
    expect(body).toContain('"Z\\u00fcrich"'); // as json.dumps writes it
    const answer = await pyPost('/v1/batch', body, gzip);
    expect(answer).toEqual({ status: 200, text: '{"success":true}' });

    for (const sent of messages) {
      const [c] = await captured(`messageId=${sent.messageId as string}`);
      expect(c.message).toEqual({ ...sent, sentAt, receivedAt: c.receivedAt });
      expect(Object.keys(c.message)).toEqual([...Object.keys(sent), 'sentAt', 'receivedAt']);
      expect(c.messageIdAssigned).toBe(false);
      expect(c.origin).toEqual({ kind: 'tracking', endpoint: '/v1/batch', writeKey: 'pyW…123', writeKeyFingerprint: writeKeyFingerprint(WRITE_KEY), writeKeySource: 'body' });
      expect(c.headers['user-agent']).toBe('analytics-python/2.3.4');
      expect(c.headers).not.toHaveProperty('authorization');
      expect(c.dropReasons).toEqual([]);
      // A null id is no id and no fault; microsecond and offset times are ISO-8601. The one Segment
      // finding is the numeric groupId (Segment's spec types it as a string).
      expect(c.findings.filter((f) => f.profile === 'segment').map((f) => f.rule)).toEqual(sent.type === 'group' ? ['segment.group.groupId.type'] : []);
      for (const f of c.findings) expect(['timestamp', 'sentAt', 'context', 'integrations', 'messageId', 'type'].some((p) => f.path === p || f.path.startsWith(`${p}.`)), f.rule).toBe(false);
    }
    // The event time is the message's own timestamp, as sent.
    const rows = await captured(`text=${tag}-`);
    const times = await t.engine.call('messages.eventTimes', { seqs: rows.map((r) => r.seq) });
    expect(times).toEqual(rows.map((r) => r.message.timestamp));
    await expectWriteKeyNotInLog(t.dataDir, WRITE_KEY);
  });

  it('finds by text what json.dumps escaped (ensure_ascii): Zürich, 日本語, an emoji, also after a restart', async () => {
    const now = Date.now();
    const messages = pythonMessages('py-search', now);
    expect((await pyPost('/v1/batch', pyBatch(messages, now).body)).status).toBe(200);
    const seqOf = async (messageId: string) => (await captured(`messageId=${messageId}`))[0].seq;
    const track = await seqOf('py-search-track');
    const identify = await seqOf('py-search-identify');
    const found = async (text: string) => (await captured(`text=${encodeURIComponent(text)}`)).map((c) => c.seq).filter((s) => s === track || s === identify);
    const check = async () => {
      expect(await found('zürich')).toEqual([track]);
      expect(await found('日本語')).toEqual([track]);
      expect(await found('😀')).toEqual([track]);
      expect(await found('"city": "Zürich"')).toEqual([track]);
      expect(await found('Ñúñez')).toEqual([identify]);
      // The escape is how the client wrote it, not what the message holds.
      expect(await found('u00fc')).toEqual([]);
    };
    await check();
    await t.restart(); // the log read back from the file
    await check();
  });

  it('answers a refused request with the code and message analytics-python reads (it gives up on a 4xx rather than retrying)', async () => {
    // request.py `post`: raise APIError(res.status_code, payload['code'], payload['message']); a
    // KeyError instead is retried like a network error.
    const nan = pyBatch([{ integrations: {}, anonymousId: null, properties: { score: PY_NAN }, timestamp: pyIso(Date.now(), 'milliseconds'), context: { library: LIBRARY }, userId: 'user-1', type: 'track', event: 'Scored', messageId: 'py-nan' }]);
    expect(nan.body).toContain('"score": NaN');
    const refused = await pyPost('/v1/batch', nan.body);
    expect(refused.status).toBe(400);
    const json = JSON.parse(refused.text);
    expect(json).toMatchObject({ success: false, code: 'invalid-json' });
    expect(json.message).toBe(json.error);
    expect(json.message).toMatch(/^invalid JSON at line 1, column \d+ \(position \d+\): NaN and Infinity are not JSON values \(Python's json\.dumps writes them for float\('nan'\) and float\('inf'\)\); send null or a number/);
    expect(await captured('messageId=py-nan')).toEqual([]);

    // host='http://127.0.0.1:8787/v1' (a path the library appends /v1/batch to)
    const wrongHost = await pyPost('/v1/v1/batch', pyBatch([]).body);
    expect(wrongHost.status).toBe(404);
    expect(JSON.parse(wrongHost.text)).toMatchObject({ success: false, code: 'unknown-path', message: "unknown Tracking API path /v1/v1/batch: the client's host (its host, endpoint or dataPlaneUrl option) ends in /v1, and the library adds /v1/batch after it: set it without /v1 (scheme, name and port alone)" });
  });

  it('--print pretty names the ids it has: a null id is left out, a numeric groupId shown', async () => {
    const now = Date.now();
    expect((await pyPost('/v1/batch', pyBatch(pythonMessages('py-pretty', now), now).body)).status).toBe(200);
    const line = async (messageId: string) => prettyLine((await captured(`messageId=${messageId}`))[0]);
    const identify = await line('py-pretty-identify');
    expect(identify).toContain(' user=user-1  /v1/batch');
    expect(identify).not.toContain('anon=');
    expect(await line('py-pretty-page-anon')).toMatch(/ page +anon=anon-2 {2}\/v1\/batch/);
    expect(await line('py-pretty-group')).toMatch(/ group +"42" user=user-1 {2}\/v1\/batch/);
    expect(await line('py-pretty-alias')).toMatch(/ alias +user=user-1 {2}\/v1\/batch/);
  });
});
