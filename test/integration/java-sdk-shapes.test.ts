// Segment's Java library, analytics-java, as it reaches the receiver: the exact requests it sends
// (method, path, headers, body bytes, gzip), recorded from the real library run against the
// receiver through a byte-logging proxy, and rebuilt here in TypeScript (CI has no Java), posted
// over a real socket. Each call type, Gson's HTML-safe escapes, a long past 2^53, doubles as Java
// writes them, nested maps, null values, Date and Instant values, a caller's own timestamp,
// context and integrations; then what was stored, answered and found.
//
// analytics-java at its repository head (3.5.5-SNAPSHOT, past the 3.5.4 release; built by hand with
// javac against Debian's okhttp 3.13 and gson 2.10, retrofit and backo from source, AutoValue as
// the annotation processor), sending through a flush and its sample BlockingFlush plugin:
//   - Analytics.Builder: `endpoint("http://127.0.0.1:8787")` posts to endpoint + DEFAULT_PATH,
//     "/v1/import/" (trailing slash: it was a 404, "unknown Tracking API path", and the library
//     gave up on the batch: every message of a Java app lost); `setUploadURL(url)` posts to the URL
//     as given; `endpoint("http://…:8787/")` to //v1/import/.
//   - AnalyticsRequestInterceptor: Authorization Basic (key, ""), User-Agent
//     'analytics-java/<version>', X-Retry-Count on a retry; okhttp adds Content-Type
//     'application/json; charset=UTF-8' (retrofit's GsonConverterFactory), Content-Length, Host,
//     Connection: Keep-Alive, Accept-Encoding: gzip. Its sample GzipRequestInterceptor gzips
//     (okio's GzipSink: OS byte 0) with no length, so the body comes chunked.
//   - Batch (AutoValue, Gson): {batch, sentAt, context: {library, instanceId}, sequence, writeKey}:
//     the write key in the body as well; a batch-level context with a per-process instanceId.
//     The batch sentAt is the first message's own sentAt when one was set
//     (MessageBuilder.sentAt), else now.
//   - Gson with its defaults: HTML-safe escapes (< > & = ' as \u003c \u003e \u0026 \u003d
//     \u0027; U+2028/9 as \u2028), null map values left out (serializeNulls off), doubles as
//     Double.toString ("1.0", "1.0E-7", "1.0E21", "-0.0"), longs in full; every message has
//     `integrations` ({} when none); Date values (timestamps, properties) as Iso8601Utils.format,
//     'yyyy-MM-ddTHH:mm:ss.SSSZ' in UTC; Instant values as Instant.toString ('…T14:00:00Z').
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { writeKeyFingerprint } from '../../src-main/store/write-key';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { expectNothingAgainstTheLibrary, expectWriteKeyNotInLog, rawPost } from './helpers/real-client';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

async function messages(query = 'limit=1000'): Promise<CapturedMessage[]> {
  return (await (await fetch(`${t.engine.url}/api/messages?${query}`)).json()) as CapturedMessage[];
}

async function capturesOf(ids: string[]): Promise<Map<string, CapturedMessage>> {
  const byId = new Map((await messages()).map((c) => [c.message.messageId as string, c]));
  for (const id of ids) expect(byId.has(id), id).toBe(true);
  return byId;
}

/** A number as Java wrote it (Double.toString's "1.0", "1.0E-7", "-0.0"; a long's 19 digits), kept as its text. */
class Literal {
  constructor(readonly text: string) {}
}
const lit = (text: string) => new Literal(text);

const GSON_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\t': '\\t',
  '\b': '\\b',
  '\n': '\\n',
  '\r': '\\r',
  '\f': '\\f',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '=': '\\u003d',
  "'": '\\u0027',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** Gson's JsonWriter (htmlSafe, serializeNulls off): its escapes, nulls in objects left out, members in insertion order. */
function gson(value: unknown): string {
  if (value instanceof Literal) return value.text;
  if (typeof value === 'string') return `"${value.replace(/["\\\u0000-\u001f<>&='\u2028\u2029]/g, (c) => GSON_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(gson).join(',')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `${gson(k)}:${gson(v)}`)
      .join(',')}}`;
  }
  return String(value);
}

/** Iso8601Utils.format: UTC, milliseconds, 'Z'. */
const javaDate = (ms: number) => new Date(ms).toISOString();

const WRITE_KEY = 'java_WRITEKEY_246810';
const VERSION = '3.5.5-SNAPSHOT';
const library = { name: 'analytics-java', version: VERSION };

function javaHeaders(body: Buffer | null, extra: [string, string][] = []): [string, string][] {
  return [
    ['Authorization', `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`],
    ['User-Agent', `analytics-java/${VERSION}`],
    ...extra,
    ['Content-Type', 'application/json; charset=UTF-8'],
    body === null ? ['Transfer-Encoding', 'chunked'] : ['Content-Length', String(body.length)],
    ['Host', '127.0.0.1:8787'],
    ['Connection', 'Keep-Alive'],
    ['Accept-Encoding', 'gzip'],
  ];
}

/**
 * The batch the library sent for one run of the recorded program (its nine calls, in order), with
 * ids prefixed by `run` and times around now. Returns the messages as JavaScript reads them and
 * the body text as Gson wrote it.
 */
function javaBatch(run: string, opts: { ownSentAtMs?: number; nowMs?: number; uuid?: string } = {}) {
  const now = opts.nowMs ?? Date.now();
  const custom = Date.parse('2026-05-02T10:00:00.123Z'); // .timestamp(new Date(1777716000123L))
  const called = (i: number) => javaDate(now - 54 + i);
  const instanceId = '30861957-13c0-4bb4-bb4a-4e3ebe1f5135';
  const traits = {
    email: 'ann@example.com',
    name: 'Ann <Admin> & "Co" \'x\' = /y/',
    last_name: null, // left out by Gson
    created_at: javaDate(1704164645000),
    名前: 'アン',
    emoji: '😀',
    big: lit('9223372036854775807'), // Long.MAX_VALUE
    score: 0.30000000000000004, // 0.1 + 0.2
    ratio: lit('1.0'),
    tiny: lit('1.0E-7'),
    huge: lit('1.0E21'),
  };
  const properties = {
    order_id: 'o-1',
    total: 12.5,
    count: 3,
    coupon: null,
    items: [
      { sku: 'a', qty: 2, added_at: javaDate(1777680000000) },
      { sku: 'b', qty: 1 },
    ],
    ships_at: '2026-05-03T14:00:00Z', // Instant.ofEpochMilli(1777816800000L): Instant.toString
    nested: { deep: { deeper: { x: '</script>' } } },
    url: 'https://ex.com/a?b=1&c=2',
    empty: '',
    bool: true,
    line: 'a\nb\tc\u2028d',
    neg: lit('-0.0'),
    float: lit('1.5'), // 1.5f
    long_min: lit('-9223372036854775808'),
  };
  const context = { ip: '10.0.0.5', locale: 'de-CH', app: { name: 'java-it', version: '1.0' }, traits: { email: 'zoë@example.com' } };
  const ownSentAt = opts.ownSentAtMs === undefined ? undefined : javaDate(opts.ownSentAtMs);
  const sent = [
    { type: 'identify', messageId: `${run}identify-1`, timestamp: javaDate(custom), context, userId: 'u-java-1', integrations: {}, traits },
    {
      type: 'track',
      messageId: `${run}track-1`,
      timestamp: javaDate(custom),
      userId: 'u-java-1',
      integrations: { Mixpanel: false, Amplitude: { session_id: 12345, 'a=b': '<script>' } },
      event: 'Order Completed <b>&amp;</b>',
      properties,
    },
    { type: 'track', messageId: `${run}track-2`, timestamp: called(0), anonymousId: 'anon-java', integrations: {}, event: 'Signed Up', properties: { module: 'onboarding' } },
    { type: 'group', messageId: `${run}group-1`, timestamp: called(1), userId: 'u-java-1', integrations: {}, groupId: 'g-java', traits: { name: 'Acme ☃', employees: 42, is_churned: false, description: null } },
    { type: 'page', messageId: `${run}page-1`, timestamp: called(4), userId: 'u-java-1', integrations: {}, name: 'Docs', properties: { path: '/docs', title: 'Start', referrer: null }, category: 'Help' },
    { type: 'screen', messageId: `${run}screen-1`, timestamp: called(9), userId: 'u-java-1', integrations: {}, name: 'Settings', properties: { tab: 'privacy' } },
    { type: 'alias', messageId: `${run}alias-1`, timestamp: called(15), userId: 'u-java-1', integrations: {}, previousId: 'anon-java' },
    // IdentifyMessage.builder().userId("u-java-2"): the library's own messageId (a v4 uuid); with
    // .sentAt(date) that date goes into the message, and becomes the whole batch's sentAt.
    { type: 'identify', messageId: opts.uuid ?? randomUUID(), ...(ownSentAt ? { sentAt: ownSentAt } : {}), timestamp: called(18), userId: 'u-java-2', integrations: {} },
    { type: 'track', messageId: `${run}track-3`, timestamp: called(24), userId: 'u-java-3', integrations: {}, event: 'No Props' },
  ];
  const sentAt = ownSentAt ?? javaDate(now);
  const text = gson({ batch: sent, sentAt, context: { library, instanceId }, sequence: 1, writeKey: WRITE_KEY });
  // Each message as JSON reads it: nulls gone (Gson never wrote them), literals as numbers; -0.0 as
  // -0, as the API writes it (with the client's text, "-0.0"; it wrote JSON.stringify's 0).
  const read = sent.map((m) => JSON.parse(gson(m)) as Record<string, unknown>);
  return { sent: read, text, sentAt, batchContext: { library, instanceId } };
}

/** One request body as recorded from the library (run 'nosent': no call sets sentAt), byte for byte. */
const RECORDED_BODY = String.raw`{"batch":[{"type":"identify","messageId":"nosent-java-identify-1","timestamp":"2026-05-02T10:00:00.123Z","context":{"ip":"10.0.0.5","locale":"de-CH","app":{"name":"java-it","version":"1.0"},"traits":{"email":"zoë@example.com"}},"userId":"u-java-1","integrations":{},"traits":{"email":"ann@example.com","name":"Ann \u003cAdmin\u003e \u0026 \"Co\" \u0027x\u0027 \u003d /y/","created_at":"2024-01-02T03:04:05.000Z","名前":"アン","emoji":"😀","big":9223372036854775807,"score":0.30000000000000004,"ratio":1.0,"tiny":1.0E-7,"huge":1.0E21}},{"type":"track","messageId":"nosent-java-track-1","timestamp":"2026-05-02T10:00:00.123Z","userId":"u-java-1","integrations":{"Mixpanel":false,"Amplitude":{"session_id":12345,"a\u003db":"\u003cscript\u003e"}},"event":"Order Completed \u003cb\u003e\u0026amp;\u003c/b\u003e","properties":{"order_id":"o-1","total":12.5,"count":3,"items":[{"sku":"a","qty":2,"added_at":"2026-05-02T00:00:00.000Z"},{"sku":"b","qty":1}],"ships_at":"2026-05-03T14:00:00Z","nested":{"deep":{"deeper":{"x":"\u003c/script\u003e"}}},"url":"https://ex.com/a?b\u003d1\u0026c\u003d2","empty":"","bool":true,"line":"a\nb\tc\u2028d","neg":-0.0,"float":1.5,"long_min":-9223372036854775808}},{"type":"track","messageId":"nosent-java-track-2","timestamp":"2026-12-03T09:30:54.677Z","anonymousId":"anon-java","integrations":{},"event":"Signed Up","properties":{"module":"onboarding"}},{"type":"group","messageId":"nosent-java-group-1","timestamp":"2026-12-03T09:30:54.678Z","userId":"u-java-1","integrations":{},"groupId":"g-java","traits":{"name":"Acme ☃","employees":42,"is_churned":false}},{"type":"page","messageId":"nosent-java-page-1","timestamp":"2026-12-03T09:30:54.681Z","userId":"u-java-1","integrations":{},"name":"Docs","properties":{"path":"/docs","title":"Start"},"category":"Help"},{"type":"screen","messageId":"nosent-java-screen-1","timestamp":"2026-12-03T09:30:54.686Z","userId":"u-java-1","integrations":{},"name":"Settings","properties":{"tab":"privacy"}},{"type":"alias","messageId":"nosent-java-alias-1","timestamp":"2026-12-03T09:30:54.692Z","userId":"u-java-1","integrations":{},"previousId":"anon-java"},{"type":"identify","messageId":"02d3a218-876e-468b-9564-932ba440d1f3","timestamp":"2026-12-03T09:30:54.695Z","userId":"u-java-2","integrations":{}},{"type":"track","messageId":"nosent-java-track-3","timestamp":"2026-12-03T09:30:54.701Z","userId":"u-java-3","integrations":{},"event":"No Props"}],"sentAt":"2026-12-03T09:30:54.731Z","context":{"library":{"name":"analytics-java","version":"3.5.5-SNAPSHOT"},"instanceId":"30861957-13c0-4bb4-bb4a-4e3ebe1f5135"},"sequence":1,"writeKey":"java_WRITEKEY_246810"}`;

describe('analytics-java: its batches to /v1/import/ (endpoint("http://127.0.0.1:8787"))', () => {
  const run = javaBatch('java-');

  it('rebuilds the recorded body byte for byte (Gson\'s escapes, numbers, member order), given its times and ids', () => {
    const recorded = javaBatch('nosent-java-', { nowMs: Date.parse('2026-12-03T09:30:54.731Z'), uuid: '02d3a218-876e-468b-9564-932ba440d1f3' });
    expect(recorded.text).toBe(RECORDED_BODY);
    // Excerpts, as recorded.
    for (const recorded of [
      '"name":"Ann \\u003cAdmin\\u003e \\u0026 \\"Co\\" \\u0027x\\u0027 \\u003d /y/"',
      '"big":9223372036854775807,"score":0.30000000000000004,"ratio":1.0,"tiny":1.0E-7,"huge":1.0E21}',
      '"integrations":{"Mixpanel":false,"Amplitude":{"session_id":12345,"a\\u003db":"\\u003cscript\\u003e"}},"event":"Order Completed \\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e"',
      '"ships_at":"2026-05-03T14:00:00Z","nested":{"deep":{"deeper":{"x":"\\u003c/script\\u003e"}}},"url":"https://ex.com/a?b\\u003d1\\u0026c\\u003d2","empty":"","bool":true,"line":"a\\nb\\tc\\u2028d","neg":-0.0,"float":1.5,"long_min":-9223372036854775808}',
      '"groupId":"g-java","traits":{"name":"Acme ☃","employees":42,"is_churned":false}}',
      `"context":{"library":{"name":"analytics-java","version":"${VERSION}"},"instanceId":"30861957-13c0-4bb4-bb4a-4e3ebe1f5135"},"sequence":1,"writeKey":"${WRITE_KEY}"}`,
    ]) {
      expect(run.text).toContain(recorded);
    }
    expect(run.text.startsWith('{"batch":[{"type":"identify","messageId":"java-identify-1","timestamp":"2026-05-02T10:00:00.123Z","context":{"ip":"10.0.0.5"')).toBe(true);
    expect(run.text).not.toContain('null');
  });

  it('is answered 200 {"success":true} (it was a 404 "unknown Tracking API path /v1/import/": every message of a Java app lost)', async () => {
    const body = Buffer.from(run.text);
    const res = await rawPost(t.engine.url, '/v1/import/', javaHeaders(body), body);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ success: true });
  });

  it('stores every message as sent, the batch context (library, instanceId) merged in, the batch sentAt; endpoint shown as /v1/import/', async () => {
    const byId = await capturesOf(run.sent.map((m) => m.messageId as string));
    for (const sent of run.sent) {
      const c = byId.get(sent.messageId as string)!;
      const ownContext = (sent.context ?? {}) as Record<string, unknown>;
      expect(c.message).toEqual({ ...sent, context: { ...run.batchContext, ...ownContext }, sentAt: run.sentAt, receivedAt: c.receivedAt });
      // The batch's sequence and writeKey are the request's, not the message's.
      expect(c.message).not.toHaveProperty('sequence');
      expect(c.message).not.toHaveProperty('writeKey');
      expect(c.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/import/', writeKey: 'jav…810', writeKeyFingerprint: writeKeyFingerprint(WRITE_KEY), writeKeySource: 'basic' });
      expect(c.origin).not.toHaveProperty('authWarning');
      expect(c.headers['user-agent']).toBe(`analytics-java/${VERSION}`);
      expect(c.headers.authorization).toBe('Basic [redacted]');
      expect(c.messageIdAssigned).toBe(false);
      // Nothing against what the library sets: `integrations: {}` on every message, the batch's
      // instanceId, Double.toString's numbers, no clock-skew note for a sentAt taken just now.
      expectNothingAgainstTheLibrary(c, ['type', 'messageId', 'timestamp', 'sentAt', 'receivedAt', 'context', 'integrations']);
    }
    // The endpoint filter takes it as sent, without the slash, or short.
    for (const endpoint of ['/v1/import/', '/v1/import', 'import', 'import/']) {
      const rows = await messages(`endpoint=${encodeURIComponent(endpoint)}`);
      expect(rows.map((r) => r.message.messageId), endpoint).toEqual(run.sent.map((m) => m.messageId));
    }
    await expectWriteKeyNotInLog(t.dataDir, WRITE_KEY);
  });

  it('reads Gson\'s escapes as the characters, keeps Long.MAX_VALUE\'s digits, and search finds the characters', async () => {
    const byId = await capturesOf(['java-identify-1', 'java-track-1']);
    const identify = byId.get('java-identify-1')!.message as { traits: Record<string, unknown> };
    expect(identify.traits.name).toBe('Ann <Admin> & "Co" \'x\' = /y/');
    // GET /api/messages writes the client's digits, not JavaScript's 9223372036854775808.
    const raw = await (await fetch(`${t.engine.url}/api/messages?limit=1000`)).text();
    expect(raw).toContain('"big":9223372036854775807');
    expect(raw).toContain('"long_min":-9223372036854775808');
    const track = byId.get('java-track-1')!.message as { event: string; integrations: Record<string, Record<string, unknown>> };
    expect(track.event).toBe('Order Completed <b>&amp;</b>');
    expect(track.integrations.Amplitude).toEqual({ session_id: 12345, 'a=b': '<script>' });
    const found = async (text: string) => (await messages(`text=${encodeURIComponent(text)}`)).map((c) => c.message.messageId).filter((id) => String(id).startsWith('java-'));
    expect(await found('<Admin> & ')).toEqual(['java-identify-1']);
    expect(await found("'x' = /y/")).toEqual(['java-identify-1']);
    expect(await found('</script>')).toEqual(['java-track-1']);
    expect(await found('?b=1&c=2')).toEqual(['java-track-1']);
    expect(await found('<b>&amp;</b>')).toEqual(['java-track-1']);
    expect(await found('"a=b":"<script>"')).toEqual(['java-track-1']);
    expect(await found('c\u2028d')).toEqual(['java-track-1']);
  });
});

describe('analytics-java: the other ways it is pointed here, and how it sends', () => {
  it('with its sample GzipRequestInterceptor: gzipped, chunked (no Content-Length), still /v1/import/', async () => {
    const run = javaBatch('gzip-java-');
    const gz = gzipSync(run.text);
    gz[9] = 0; // okio's GzipSink writes OS 0 where zlib writes 3 (Unix)
    const res = await rawPost(t.engine.url, '/v1/import/', [['Content-Encoding', 'gzip'], ...javaHeaders(null)], gz);
    expect(res.status).toBe(200);
    const byId = await capturesOf(run.sent.map((m) => m.messageId as string));
    for (const sent of run.sent) {
      const c = byId.get(sent.messageId as string)!;
      expect(c.message).toEqual({ ...sent, context: { ...run.batchContext, ...((sent.context ?? {}) as object) }, sentAt: run.sentAt, receivedAt: c.receivedAt });
      expect(c.headers['content-encoding']).toBe('gzip');
      expectNothingAgainstTheLibrary(c, ['type', 'messageId', 'timestamp', 'sentAt', 'receivedAt', 'context', 'integrations']);
    }
  });

  it('setUploadURL("http://127.0.0.1:8787/v1/batch") posts to that URL as given; a retry carries X-Retry-Count', async () => {
    const run = javaBatch('upload-java-');
    const body = Buffer.from(run.text);
    // Recorded after a 503 from a stand-in: the same request again, with X-Retry-Count: 1.
    const res = await rawPost(t.engine.url, '/v1/batch', javaHeaders(body, [['X-Retry-Count', '1']]), body);
    expect(res.status).toBe(200);
    const byId = await capturesOf(run.sent.map((m) => m.messageId as string));
    for (const sent of run.sent) expect(byId.get(sent.messageId as string)!.origin).toMatchObject({ endpoint: '/v1/batch', writeKeySource: 'basic' });
  });

  it('endpoint("http://127.0.0.1:8787/") posts to //v1/import/: refused in words, naming /v1/import/', async () => {
    const before = (await messages()).length;
    const run = javaBatch('slash-java-');
    const body = Buffer.from(run.text);
    const res = await rawPost(t.engine.url, '//v1/import/', javaHeaders(body), body);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ success: false, code: 'doubled-slash' });
    expect(JSON.parse(res.body).error).toContain('instead of /v1/import/');
    expect((await messages()).length).toBe(before);
  });

  it('a message given its own sentAt: the library makes it the whole batch\'s, and each message gets the clock-skew note Segment would correct by', async () => {
    const ownSentAtMs = Date.parse('2026-05-02T10:00:00.999Z'); // .sentAt(new Date(1777716000999L))
    const run = javaBatch('sent-java-', { ownSentAtMs });
    expect(run.sentAt).toBe('2026-05-02T10:00:00.999Z');
    const body = Buffer.from(run.text);
    expect((await rawPost(t.engine.url, '/v1/import/', javaHeaders(body), body)).status).toBe(200);
    const byId = await capturesOf(run.sent.map((m) => m.messageId as string));
    for (const sent of run.sent) {
      const c = byId.get(sent.messageId as string)!;
      expect(c.message.sentAt).toBe('2026-05-02T10:00:00.999Z');
      expect(c.dropReasons).toEqual([]);
      expect(c.findings.filter((f) => f.profile === 'segment').map((f) => f.rule)).toEqual(['segment.sentAt.clock-skew']);
    }
  });
});
