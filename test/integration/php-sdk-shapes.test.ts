// Segment's PHP library, analytics-php 3.8.2 (segmentio/analytics-php, lib/), as the receiver gets
// it over a real socket. CI has no PHP, so the requests are rebuilt here byte for byte as the
// library writes them (recorded from the library, PHP 8.2 and curl 7.88, against this receiver):
// - Consumer/QueueConsumer.php `payload`: the body is json_encode(['batch' => [...], 'sentAt' =>
//   date('c')]) with no flags: "/" written "\/", every non-ASCII character as a lower-case \uXXXX
//   (an astral one as a surrogate pair), no spaces, a float with no fraction as an integer (1.0 is
//   written 1: no JSON_PRESERVE_ZERO_FRACTION), PHP ints as they are (PHP_INT_MAX, past 2^53).
//   No writeKey in the body. sentAt and timestamp are date('c'): seconds, the server's offset
//   ("+00:00", "-05:00"), never "Z" or a fraction.
// - Consumer/LibCurl.php (the default `lib_curl`): POST https://{host}/v1/batch (always https:
//   `protocol` is a fixed property; Segment's own e2e-cli subclasses LibCurl to set 'http://', as
//   the Connect tab's snippet does), Basic auth (write key, no password: CURLOPT_USERPWD "key:"),
//   Content-Type, User-Agent analytics-php/3.8.2, Content-Encoding: gzip with compress_request
//   (gzencode). curl adds Host and Accept: */*. A 4xx goes to error_handler(code, body) and the
//   batch is dropped (flush() still returns true); 5xx and 429 are retried for up to ~10 s.
// - Consumer/ForkCurl.php (`fork_curl`): the same request made by the curl command; gzipped it is
//   `echo '<json>' | gzip`, so the JSON carries echo's newline inside the gzip.
// - Consumer/Socket.php (`socket`): its own request text over ssl:// or tls:// to port 443 (fixed):
//   Host, Content-Type, Authorization, Accept: application/json, User-Agent, [Content-Encoding],
//   then "Content-length" (lower-case l).
// - Client.php `message`: properties (track, page, screen) and traits (identify, group) default
//   to [] and an empty one is cast to an object, so it goes as {}; anything else empty goes as []
//   (integrations => [] is sent "integrations":[]; Segment drops a message whose properties are
//   [], analytics-php issue #38). context.library = {name, version, consumer} ("LibCurl",
//   "ForkCurl", "Socket"). timestamp: (int) of what was given, then date('c'): a float loses its
//   fraction, and a string is cast too ('2026-12-03 09:30:00' becomes 2026, 1970-01-01T00:33:46).
//   messageId: a v4 uuid of mt_rand. userId, groupId go as given: a PHP int is a JSON number.
// - Batches: flush_at 100; the 500 KB check is on serialize()'s length, not the JSON's, so a batch
//   of CJK text (6 bytes a character escaped, 3 serialized) is sent over 500 KB and refused.
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage, JsonObject } from '../../src-shared/capture';
import { prettyLine, printCaptures } from '../../src-main/cli/print';
import { writeKeyFingerprint } from '../../src-main/store/write-key';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { expectNothingAgainstTheLibrary, expectWriteKeyNotInLog } from './helpers/real-client';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const WRITE_KEY = 'phpWriteKey_0000123';
const VERSION = '3.8.2';
type Consumer = 'LibCurl' | 'ForkCurl' | 'Socket';

/** A PHP int literal JavaScript cannot hold (PHP_INT_MAX, 2^53 + 1): written into the body as is. */
class PhpInt {
  constructor(readonly literal: string) {}
}
const BIG_TAG = '\u0000php-int:';

/** json_encode($value) with no flags. */
function phpJsonEncode(value: unknown): string {
  const json = JSON.stringify(value, (_k, v: unknown) => (v instanceof PhpInt ? BIG_TAG + v.literal : v));
  return json
    .replace(/"\\u0000php-int:(-?\d+)"/g, '$1')
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => (c === '\u007f' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** date('c') for a UTC server at `ms`: seconds and "+00:00". */
function phpDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

function libraryOf(consumer: Consumer) {
  return { name: 'analytics-php', version: VERSION, consumer };
}

/** The messages of one flush of the recorded script, key order as Client.php `message` leaves them. */
function phpMessages(tag: string, consumer: Consumer, now: number): JsonObject[] {
  const ts = phpDate(now - 1000);
  const context = { library: libraryOf(consumer) };
  const m = (x: object) => x as JsonObject;
  return [
    m({ userId: 'u-php-1', messageId: `${tag}-identify`, traits: { email: 'zoë@example.com', name: 'Zoë Ñúñez', site: 'https://example.com/a/b', created_at: '2024-01-02T03:04:05+00:00', nickname: null, plan: 'pro', logins: new PhpInt('9007199254740993'), balance: 1, ratio: 0.1, tags: [], jp: '日本語 😀' }, type: 'identify', context, timestamp: ts }),
    // 'context' => ['ip' => ..., 'locale' => ...]: merged after the library's
    m({ userId: 'u-php-1', event: 'Order Completed', messageId: `${tag}-track`, properties: { total: 12.5, revenue: 10, count: 3, big: new PhpInt('9223372036854775807'), url: 'https://shop.example.com/cart?x=1&y=2', items: [{ sku: 'a/b', qty: 2 }], empty_list: [], empty_map: {}, city: 'Zürich', nested: { deep: { x: true, y: null } } }, context: { library: libraryOf(consumer), ip: '10.0.0.9', locale: 'de-CH' }, integrations: { All: true, Mixpanel: false }, timestamp: ts, type: 'track' }),
    // no properties, and 'properties' => []: both sent as {}
    m({ anonymousId: 'anon-php', event: 'No Props', messageId: `${tag}-track-noprops`, properties: {}, context, timestamp: ts, type: 'track' }),
    m({ anonymousId: 'anon-php', event: 'Empty Props', messageId: `${tag}-track-emptyprops`, properties: {}, context, timestamp: ts, type: 'track' }),
    // 'timestamp' => 1780480200 (and 1780480200.25: the fraction is cut by (int))
    m({ userId: 'u-php-1', event: 'With Time', messageId: `${tag}-track-time`, timestamp: '2026-06-03T09:50:00+00:00', properties: { a: 1 }, context, type: 'track' }),
    // 'timestamp' => '2026-12-03 09:30:00': (int) makes it 2026 seconds past 1970
    m({ userId: 'u-php-1', event: 'With String Time', messageId: `${tag}-track-strtime`, timestamp: '1970-01-01T00:33:46+00:00', properties: { a: 1 }, context, type: 'track' }),
    m({ userId: 42, event: 'Int User', messageId: `${tag}-track-intuser`, properties: {}, context, timestamp: ts, type: 'track' }),
    m({ userId: 'u-php-1', groupId: 'g-php', messageId: `${tag}-group`, traits: { name: 'Acme ☃', employees: 42 }, context, timestamp: ts, type: 'group' }),
    m({ userId: 'u-php-1', name: 'Docs', category: 'Help', messageId: `${tag}-page`, properties: { path: '/docs', url: 'https://example.com/docs' }, context, timestamp: ts, type: 'page' }),
    m({ anonymousId: 'anon-php', messageId: `${tag}-page-bare`, properties: {}, context, timestamp: ts, type: 'page' }),
    m({ userId: 'u-php-1', name: 'Settings', messageId: `${tag}-screen`, properties: { tab: 'privacy' }, context, timestamp: ts, type: 'screen' }),
    m({ userId: 'u-php-1', previousId: 'anon-php', messageId: `${tag}-alias`, context, timestamp: ts, type: 'alias' }),
    // identify(['userId' => ...]) with no messageId: the library's own; 'type' set by Segment::identify first
    m({ userId: 'u-php-2', type: 'identify', traits: {}, context, timestamp: ts, messageId: randomUUID() }),
  ];
}

/** The body QueueConsumer `payload` sends, json_encoded. */
function phpBody(batch: unknown[], sentAtMs = Date.now()): { body: string; sentAt: string } {
  const sentAt = phpDate(sentAtMs);
  return { body: phpJsonEncode({ batch, sentAt }), sentAt };
}

/** The body of a LibCurl batch of the messages `make` writes with the library's context and a timestamp of now (date('c')). */
function libCurlBody(make: (context: { library: ReturnType<typeof libraryOf> }, ts: string) => unknown[]): string {
  return phpBody(make({ library: libraryOf('LibCurl') }, phpDate(Date.now()))).body;
}

/** Header lines as each consumer sends them (recorded), Content-Length last. */
function phpHeaders(consumer: Consumer, bytes: number, gzip: boolean): [string, string][] {
  const auth: [string, string] = ['Authorization', `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`];
  const ua: [string, string] = ['User-Agent', `analytics-php/${VERSION}`];
  const enc: [string, string][] = gzip ? [['Content-Encoding', 'gzip']] : [];
  if (consumer === 'Socket') {
    return [['Host', 'localhost'], ['Content-Type', 'application/json'], auth, ['Accept', 'application/json'], ua, ...enc, ['Content-length', String(bytes)]];
  }
  return [['Host', '127.0.0.1:8787'], auth, ['Accept', '*/*'], ['Content-Type', 'application/json'], ...enc, ua, ['Content-Length', String(bytes)]];
}

/** POSTs exactly these header lines and body bytes to /v1/batch. */
function phpPost(consumer: Consumer, body: string, gzip = false): Promise<{ status: number; text: string }> {
  // ForkCurl gzips `echo '<json>'`: the newline goes in too.
  const plain = Buffer.from(consumer === 'ForkCurl' && gzip ? `${body}\n` : body, 'utf8');
  const bytes = gzip ? gzipSync(plain) : plain;
  const url = new URL(t.engine.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path: '/v1/batch', headers: phpHeaders(consumer, bytes.length, gzip).flat(), setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

async function captured(query: string): Promise<CapturedMessage[]> {
  const res = await fetch(`${t.engine.url}/api/messages?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as CapturedMessage[];
}

/** The message as JSON.parse reads it (a PhpInt as the double JavaScript makes of it). */
function parsedAs(sent: JsonObject): JsonObject {
  return JSON.parse(phpJsonEncode(sent)) as JsonObject;
}

describe('analytics-php 3.8.2 request shapes', () => {
  it('encodes as json_encode does (checked against a recorded request)', () => {
    const recorded =
      '{"userId":"u-php-1","messageId":"php-lc-identify","traits":{"email":"zo\\u00eb@example.com","name":"Zo\\u00eb \\u00d1\\u00fa\\u00f1ez","site":"https:\\/\\/example.com\\/a\\/b","created_at":"2024-01-02T03:04:05+00:00","nickname":null,"plan":"pro","logins":9007199254740993,"balance":1,"ratio":0.1,"tags":[],"jp":"\\u65e5\\u672c\\u8a9e \\ud83d\\ude00"},"type":"identify","context":{"library":{"name":"analytics-php","version":"3.8.2","consumer":"LibCurl"}},"timestamp":"2026-12-03T09:21:51+00:00"}';
    const [identify] = phpMessages('php-lc', 'LibCurl', Date.parse('2026-12-03T09:21:52Z'));
    expect(phpJsonEncode(identify)).toBe(recorded);
    const track =
      '{"userId":"u-php-1","event":"Order Completed","messageId":"php-lc-track","properties":{"total":12.5,"revenue":10,"count":3,"big":9223372036854775807,"url":"https:\\/\\/shop.example.com\\/cart?x=1&y=2","items":[{"sku":"a\\/b","qty":2}],"empty_list":[],"empty_map":{},"city":"Z\\u00fcrich","nested":{"deep":{"x":true,"y":null}}},"context":{"library":{"name":"analytics-php","version":"3.8.2","consumer":"LibCurl"},"ip":"10.0.0.9","locale":"de-CH"},"integrations":{"All":true,"Mixpanel":false},"timestamp":"2026-12-03T09:21:51+00:00","type":"track"}';
    expect(phpJsonEncode(phpMessages('php-lc', 'LibCurl', Date.parse('2026-12-03T09:21:52Z'))[1])).toBe(track);
  });

  const cases: [Consumer, boolean][] = [
    ['LibCurl', false],
    ['LibCurl', true],
    ['ForkCurl', false],
    ['ForkCurl', true],
    ['Socket', false],
    ['Socket', true],
  ];
  it.each(cases)('stores each call type intact from a %s batch (gzip %s), write key from Basic auth, nothing against the library', async (consumer, gzip) => {
    const tag = `php-${consumer}-${gzip ? 'gz' : 'plain'}`;
    const now = Date.now();
    const messages = phpMessages(tag, consumer, now);
    const { body, sentAt } = phpBody(messages, now);
    expect(body).toContain('"city":"Z\\u00fcrich"');
    expect(body).toContain('"url":"https:\\/\\/shop.example.com\\/cart?x=1&y=2"');
    expect(await phpPost(consumer, body, gzip)).toEqual({ status: 200, text: '{"success":true}' });

    for (const sent of messages) {
      const [c] = await captured(`messageId=${sent.messageId as string}`);
      expect(c.message).toEqual({ ...parsedAs(sent), sentAt, receivedAt: c.receivedAt });
      expect(Object.keys(c.message)).toEqual([...Object.keys(sent), 'sentAt', 'receivedAt']);
      expect(c.messageIdAssigned).toBe(false);
      expect(c.origin).toEqual({ kind: 'tracking', endpoint: '/v1/batch', writeKey: 'php…123', writeKeyFingerprint: writeKeyFingerprint(WRITE_KEY), writeKeySource: 'basic' });
      expect(c.headers['user-agent']).toBe('analytics-php/3.8.2');
      expect(c.headers.authorization).toBe('Basic [redacted]');
      if (sent.userId === 42) {
        // 'userId' => 42 goes as a number: Segment's spec types it as a string.
        expect(c.findings.filter((f) => f.profile === 'segment').map((f) => `${f.rule} ${f.severity}`)).toEqual(['segment.base.userId.type warning']);
      } else if (sent.timestamp === '1970-01-01T00:33:46+00:00') {
        // The string timestamp PHP cast to (int): the event would be dated 1970 everywhere.
        const early = c.findings.filter((f) => f.profile === 'segment');
        expect(early.map((f) => `${f.rule} ${f.severity}`)).toEqual(['segment.timestamp.before-2000 warning']);
        expect(early[0].message).toContain('analytics-php sends a string timestamp as (int) of it');
      } else {
        // Offsets without a fraction, {} for empty properties/traits, the library's context: nothing.
        expectNothingAgainstTheLibrary(c, ['type', 'messageId', 'timestamp', 'sentAt', 'receivedAt', 'context']);
      }
    }
    // The event time is the message's own timestamp, as sent (1970 for the string PHP cast to int).
    const rows = await captured(`text=${tag}-`);
    const times = await t.engine.call('messages.eventTimes', { seqs: rows.map((r) => r.seq) });
    expect(times).toEqual(rows.map((r) => r.message.timestamp));
    expect(times).toContain('1970-01-01T00:33:46+00:00');
    await expectWriteKeyNotInLog(t.dataDir, WRITE_KEY);
  });

  it('keeps the digits of PHP ints past 2^53 and finds by text what json_encode escaped, also after a restart', async () => {
    const now = Date.now();
    const messages = phpMessages('php-exact', 'LibCurl', now);
    expect((await phpPost('LibCurl', phpBody(messages, now).body)).status).toBe(200);
    const raw = await (await fetch(`${t.engine.url}/api/messages?messageId=php-exact-track`)).text();
    expect(raw).toContain('"big":9223372036854775807');
    const seqOf = async (messageId: string) => (await captured(`messageId=${messageId}`))[0].seq;
    const track = await seqOf('php-exact-track');
    const identify = await seqOf('php-exact-identify');
    const found = async (text: string) => (await captured(`text=${encodeURIComponent(text)}`)).map((c) => c.seq).filter((s) => s === track || s === identify);
    const check = async () => {
      expect(await found('https://shop.example.com/cart')).toEqual([track]);
      expect(await found('"sku":"a/b"')).toEqual([track]);
      expect(await found('zürich')).toEqual([track]);
      expect(await found('Ñúñez')).toEqual([identify]);
      expect(await found('😀')).toEqual([identify]);
      expect(await found('9007199254740993')).toEqual([identify]);
      // The escapes are how json_encode wrote it, not what the message holds.
      expect(await found('\\/')).toEqual([]);
      expect(await found('u00fc')).toEqual([]);
    };
    await check();
    await t.restart();
    await check();
  });

  it('a PHP int userId or groupId past 2^53 is listed, filtered and printed with its own digits, also after a restart', async () => {
    // track(['userId' => 9007199254740993, ...]); group([... 'groupId' => 1234567890123456789])
    const body = libCurlBody((context, ts) => [
      { userId: new PhpInt('9007199254740993'), event: 'Big Id', messageId: 'php-bigid-track', properties: {}, context, timestamp: ts, type: 'track' },
      { userId: new PhpInt('9007199254740993'), groupId: new PhpInt('1234567890123456789'), messageId: 'php-bigid-group', traits: {}, context, timestamp: ts, type: 'group' },
    ]);
    expect(body).toContain('"userId":9007199254740993,');
    const printed: string[] = [];
    const stopPrinting = printCaptures(t.engine, 'json', (line) => printed.push(line));
    expect((await phpPost('LibCurl', body)).status).toBe(200);
    for (let i = 0; i < 100 && printed.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    stopPrinting();
    // serve --print json: the client's digits, and no messageJson beside the message (it wrote …992 and both).
    expect(printed).toHaveLength(2);
    expect(printed[1]).toContain('"userId":9007199254740993,"groupId":1234567890123456789,');
    for (const line of printed) expect(JSON.parse(line)).not.toHaveProperty('messageJson');
    const check = async () => {
      // JavaScript reads 9007199254740993 as 9007199254740992: the filter took that, not the client's id.
      expect((await captured('userId=9007199254740993')).map((c) => c.message.messageId)).toEqual(['php-bigid-track', 'php-bigid-group']);
      expect(await captured('userId=9007199254740992')).toEqual([]);
      const list = await t.engine.call('messages.list', undefined);
      const rows = list.filter((s) => s.userId?.startsWith('90071992547409'));
      expect(rows.map((s) => [s.userId, s.name])).toEqual([
        ['9007199254740993', 'Big Id'],
        ['9007199254740993', '1234567890123456789'],
      ]);
    };
    await check();
    const [group] = await t.engine.call('messages.get', { seq: (await captured('messageId=php-bigid-group'))[0].seq }).then((c) => [c!]);
    expect(prettyLine(group)).toMatch(/ group +"1234567890123456789" user=9007199254740993 {2}\/v1\/batch/);
    await t.restart();
    await check();
  });

  it('says what json_encode did when an object is sent as [] (an empty PHP array; Segment dropped such properties, analytics-php #38)', async () => {
    // track(['integrations' => [], 'context' => ['traits' => []]]); identify(['traits' => ['a', 'b']])
    const body = libCurlBody((context, ts) => [
      { userId: 'u-int', event: 'Empty Integrations', messageId: 'php-int-empty', integrations: [], context: { ...context, traits: [] }, properties: {}, timestamp: ts, type: 'track' },
      { userId: 'u-int', messageId: 'php-id-list', traits: ['a', 'b'], type: 'identify', context, timestamp: ts },
    ]);
    expect(body).toContain('"integrations":[],');
    expect((await phpPost('LibCurl', body)).status).toBe(200);
    const [empty] = await captured('messageId=php-int-empty');
    const [finding] = empty.findings.filter((f) => f.profile === 'segment');
    expect(finding).toMatchObject({ rule: 'segment.base.integrations.type', severity: 'error', path: 'integrations' });
    expect(finding.message).toBe(
      "Integrations (integrations) must be an object for Segment, but it is an empty array ([]): PHP's json_encode writes an empty array so; send new \\stdClass() or (object) [] for {}.",
    );
    // A list is not what json_encode made of an empty map: no PHP hint.
    const [list] = await captured('messageId=php-id-list');
    expect(list.findings.filter((f) => f.profile === 'segment').map((f) => f.message)).toEqual(['Traits (traits) must be an object for Segment, but it is an array.']);
  });

  it("answers what analytics-php passes to error_handler: a batch its serialize() check let through is refused over 500 KB, with code and message", async () => {
    // 100 tracks of 1,100 × '漢': each ~6,800 bytes of JSON (\u6f22), ~3,500 serialized.
    const text = '漢'.repeat(1100);
    const body = libCurlBody((context, ts) => Array.from({ length: 100 }, (_, i) => ({ userId: 'u-big', event: 'Big', messageId: `php-big-${i}`, properties: { text }, context, timestamp: ts, type: 'track' })));
    expect(Buffer.byteLength(body)).toBeGreaterThan(512_000);
    for (const gzip of [false, true]) {
      const answer = await phpPost('LibCurl', body, gzip);
      expect(answer.status).toBe(400);
      const json = JSON.parse(answer.text);
      expect(json).toMatchObject({ success: false, code: 'request-too-large' });
      expect(json.message).toBe(json.error);
      expect(json.message).toMatch(/Segment's limit is 500 KB \(512,000 bytes\) per request/);
    }
    expect(await captured('messageId=php-big-0')).toEqual([]);
  });
});
