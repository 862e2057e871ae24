// Segment's Ruby and Go server libraries, as they reach the receiver: the exact requests each one
// sends (method, path, headers, body), recorded from the real libraries against a capture server
// and rebuilt here in TypeScript (CI has only Node), posted over a real socket. Each call type,
// Time values with offsets, nil fields, symbol keys, unicode, nested properties, integrations and
// context, a caller's own messageId and the library's own; then what was stored and what was said.
//
// analytics-ruby 2.5.0 (gem `analytics-ruby`, lib/segment/analytics/):
//   - transport.rb, Transport#send_request: POST `PATH` ('/v1/import', defaults.rb) with
//     `JSON.generate(sentAt:, batch:)`, Basic auth (write key, no password), headers from
//     Defaults::Request::HEADERS (Accept, Content-Type, User-Agent 'analytics-ruby/2.5.0') plus
//     Net::HTTP's Accept-Encoding, Host and Content-Length. No writeKey in the body.
//   - field_parser.rb, FieldParser.parse_for_*: context.library added to every message; times from
//     Utils#time_in_iso8601: '%Y-%m-%dT%H:%M:%S.%3N' then 'Z' for a UTC Time, else '+hh:mm' (a
//     local Time.now gives '-05:00', '+05:45', even '+00:00'); top-level Time/Date values in
//     properties/traits isoified ('1990-04-05' for a Date), nested ones left to Time#to_s; nil
//     traits/properties become {}; page without a name sends "" ; `options` passed through.
//   - client.rb, Client#enqueue: `messageId ||= uid` (a v4 uuid); a caller's message_id is to_s'd.
//   Note: Transport#initialize does `options[:ssl] ||= SSL`, so `ssl: false` is ignored: pointing
//   it at http://127.0.0.1 needs the Transport patched (README, "Real clients").
//
// analytics-go 3.0.0 (module github.com/segmentio/analytics-go/v3):
//   - analytics.go, client.send/upload: POST `Endpoint + "/v1/batch"` with
//     `json.Marshal(batch{MessageId, SentAt, Messages, Context})`: a batch-level messageId (a uuid
//     of the request, not of any message) and context (the library), Basic auth (key, ""),
//     User-Agent 'analytics-go (version: 3.0.0)', Content-Type, Content-Length; Go's transport adds
//     Accept-Encoding: gzip.
//   - message.go/track.go…: times are time.Time marshalled as RFC 3339 with nanoseconds, trailing
//     zeros cut ('…:00Z', '….12345678-05:00', '….123456789Z'); empty fields omitted (a page without
//     a name has none); Traits.SetFirstName writes `firstName`; EnableAll writes `"all": true`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { parseIsoTime } from '../../src-shared/tracking-api/time';
import { writeKeyFingerprint } from '../../src-main/store/write-key';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { expectNothingAgainstTheLibrary, expectWriteKeyNotInLog, rawPost } from './helpers/real-client';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

async function capturesOf(requestMessageIds: string[]): Promise<Map<string, CapturedMessage>> {
  const all = (await (await fetch(`${t.engine.url}/api/messages?limit=1000`)).json()) as CapturedMessage[];
  const byId = new Map(all.map((c) => [c.message.messageId as string, c]));
  for (const id of requestMessageIds) expect(byId.has(id), id).toBe(true);
  return byId;
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** Ruby's Utils#time_in_iso8601 for a Time at `ms` in a zone `offsetMin` minutes east of UTC (null: a UTC Time). */
function rubyTime(ms: number, offsetMin: number | null): string {
  const d = new Date(ms + (offsetMin ?? 0) * 60_000);
  const local = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
  if (offsetMin === null) return `${local}Z`;
  return `${local}${offsetMin < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
}

/** Go's time.Time MarshalJSON (RFC 3339, nanoseconds with trailing zeros cut) at `ms` + `extraNanos`, `offsetMin` east of UTC. */
function goTime(ms: number, extraNanos: number, offsetMin: number): string {
  const d = new Date(ms + offsetMin * 60_000);
  const nanos = `${pad(d.getUTCMilliseconds(), 3)}${pad(extraNanos, 6)}`.replace(/0+$/, '');
  const zone = offsetMin === 0 ? 'Z' : `${offsetMin < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${nanos ? `.${nanos}` : ''}${zone}`;
}

describe('analytics-ruby 2.5.0: its batches to /v1/import', () => {
  const WRITE_KEY = 'rb_WRITEKEY_123456';
  const library = { name: 'analytics-ruby', version: '2.5.0' };
  const NY = -300; // a server whose TZ is America/New_York: Time.now is local, '-05:00'
  const now = Date.now();
  const sentAt = rubyTime(now, NY);
  const calledAt = rubyTime(now - 15, NY);
  // Time.new(2026, 5, 2, 13, 0, 0, '+02:00'): 11:00 UTC.
  const withOffset = '2026-05-02T13:00:00.000+02:00';
  const batch = [
    {
      context: { ip: '10.0.0.3', locale: 'fr-FR', app: { name: 'rb-it', version: '1.0' }, traits: { email: 'zoë@example.com' }, library },
      messageId: 'rb-identify-1',
      timestamp: withOffset,
      userId: 'u-rb-1',
      type: 'identify',
      traits: { email: 'ann@example.com', first_name: 'Ann', last_name: null, created_at: '2024-01-02T03:04:05.000Z', birthday: '1990-04-05', 名前: 'アン' },
    },
    {
      context: { library },
      messageId: 'rb-track-1',
      // Time.at(…, 123456789, :nsec).utc: three digits, 'Z'.
      timestamp: '2026-05-02T10:00:00.123Z',
      userId: 'u-rb-1',
      integrations: { All: true, Mixpanel: false },
      type: 'track',
      event: 'Order Completed',
      properties: { order_id: 'o-1', total: 12.5, coupon: null, items: [{ sku: 'a', qty: 2, added_at: '2026-05-01 00:00:00 UTC' }], ships_at: '2026-05-03T09:00:00.000-05:00' },
    },
    { context: { library }, messageId: 'rb-track-2', timestamp: calledAt, anonymousId: 'anon-rb', type: 'track', event: 'Signed Up', properties: { module: 'onboarding' } },
    { context: { library }, messageId: 'rb-group-1', timestamp: calledAt, userId: 'u-rb-1', type: 'group', groupId: 'g-rb', traits: { name: 'Acme ☃', createdAt: '2024-01-02T00:00:00.000Z', employees: 42, is_churned: false, description: null } },
    { context: { library }, messageId: 'rb-page-1', timestamp: calledAt, userId: 'u-rb-1', type: 'page', name: 'Docs', properties: { path: '/docs', title: 'Start', referrer: null } },
    { context: { library }, messageId: 'rb-page-2', timestamp: calledAt, anonymousId: 'anon-rb', type: 'page', name: '', properties: {} },
    { context: { library }, messageId: 'rb-screen-1', timestamp: calledAt, userId: 'u-rb-1', type: 'screen', name: 'Settings', properties: { tab: 'privacy' }, category: 'Prefs' },
    { context: { library }, messageId: 'rb-alias-1', timestamp: calledAt, userId: 'u-rb-1', type: 'alias', previousId: 'anon-rb' },
    // track(user_id: 'u-rb-2', event: :symbol_event, properties: { 'string_key' => 1, sym_key: 2 }, options: { foo: 1 }, message_id: 42)
    { context: { library }, messageId: '42', timestamp: calledAt, userId: 'u-rb-2', options: { foo: 1 }, type: 'track', event: 'symbol_event', properties: { string_key: 1, sym_key: 2 } },
    // identify(user_id: 'u-rb-3', traits: nil): the library's own messageId.
    { context: { library }, messageId: '18f10434-5cca-403b-8722-f2201cf84a1a', timestamp: calledAt, userId: 'u-rb-3', type: 'identify', traits: {} },
  ];
  const body = JSON.stringify({ sentAt, batch });
  const headers: [string, string][] = [
    ['Accept', 'application/json'],
    ['Content-Type', 'application/json'],
    ['User-Agent', 'analytics-ruby/2.5.0'],
    ['Accept-Encoding', 'gzip;q=1.0,deflate;q=0.6,identity;q=0.3'],
    ['Authorization', `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`],
    ['Host', 'api.segment.io'],
    ['Content-Length', String(Buffer.byteLength(body))],
  ];

  it('is answered 200 {"success":true} (it was a 404: every message of a Ruby app lost)', async () => {
    const res = await rawPost(t.engine.url, '/v1/import', headers, body);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ success: true });
  });

  it('stores every message as sent, with the batch sentAt and the receipt time, endpoint shown as /v1/import', async () => {
    const byId = await capturesOf(batch.map((m) => m.messageId));
    for (const sent of batch) {
      const c = byId.get(sent.messageId)!;
      expect(c.message).toEqual({ ...sent, sentAt, receivedAt: c.receivedAt });
      expect(c.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/import', writeKey: 'rb_…456', writeKeyFingerprint: writeKeyFingerprint(WRITE_KEY), writeKeySource: 'basic' });
      expect(c.origin).not.toHaveProperty('authWarning');
      expect(c.headers['user-agent']).toBe('analytics-ruby/2.5.0');
      expect(c.headers.authorization).toBe('Basic [redacted]');
      expect(c.messageIdAssigned).toBe(false);
      // Nothing against what the library itself sets: Segment's spec finds nothing at all (nulls,
      // "" page names, offsets, the legacy `options` included), and no finding names a library field.
      expectNothingAgainstTheLibrary(c, ['type', 'messageId', 'timestamp', 'sentAt', 'receivedAt', 'context', 'options']);
    }
    // The endpoint filter takes it as sent, or short (as it takes "batch").
    for (const endpoint of ['/v1/import', 'import']) {
      const rows = (await (await fetch(`${t.engine.url}/api/messages?endpoint=${encodeURIComponent(endpoint)}`)).json()) as CapturedMessage[];
      expect(rows.map((r) => r.message.messageId)).toEqual(batch.map((m) => m.messageId));
    }
    await expectWriteKeyNotInLog(t.dataDir, WRITE_KEY);
  });

  it('reads the times with their offsets: event time, and no clock-skew note for a sentAt in another zone', async () => {
    const byId = await capturesOf(['rb-identify-1', 'rb-track-2']);
    const identify = byId.get('rb-identify-1')!;
    const [eventTime] = await t.engine.call('messages.eventTimes', { seqs: [identify.seq] });
    expect(eventTime).toBe(withOffset);
    expect(parseIsoTime(eventTime)).toBe(Date.parse('2026-05-02T11:00:00.000Z'));
    // sentAt −05:00 against a receipt in UTC: no clock-skew note (they are the same instant).
    expect(byId.get('rb-track-2')!.findings.filter((f) => f.rule === 'segment.sentAt.clock-skew')).toEqual([]);
    expect(Math.abs(parseIsoTime(sentAt)! - Date.parse(identify.receivedAt))).toBeLessThan(10_000);
  });

  it('says what Freshsuccess would miss, and a null trait counts as missing', async () => {
    const byId = await capturesOf(['rb-identify-1', 'rb-page-2', 'rb-group-1']);
    expect(byId.get('rb-identify-1')!.findings.map((f) => f.path)).toEqual(['anonymousId', 'groupId', 'traits.last_name']);
    expect(byId.get('rb-group-1')!.findings.map((f) => f.path)).toEqual(['anonymousId', 'traits.email']);
    expect(byId.get('rb-page-2')!.findings).toEqual([]); // Freshsuccess ignores pages; Segment takes a page named ""
  });
});

describe('analytics-go 3.0.0: its batches to /v1/batch', () => {
  const WRITE_KEY = 'go_WRITEKEY_654321';
  const library = { name: 'analytics-go', version: '3.0.0' };
  const NY = -300;
  const now = Date.now();
  const sentAt = goTime(now, 420_315, NY);
  const calledAt = goTime(now - 1, 881_110, NY);
  const batch = [
    {
      type: 'identify',
      messageId: 'go-identify-1',
      userId: 'u-go-1',
      timestamp: '2026-05-02T13:00:00+02:00', // time.Date(2026, 5, 2, 13, 0, 0, 0, Europe/Paris): no fraction at all
      context: { app: { name: 'go-it', version: '1.0' }, ip: '10.0.0.4', locale: 'de-DE', traits: { email: 'zoë@example.com' } },
      traits: { created_at: '2024-01-02T03:04:05Z', email: 'ann@example.com', firstName: 'Ann', last_name: null, 名前: 'アン' },
    },
    {
      type: 'track',
      messageId: 'go-track-1',
      userId: 'u-go-1',
      event: 'Order Completed',
      timestamp: '2026-05-02T10:00:00.123456789Z',
      properties: { coupon: null, items: [{ qty: 2, sku: 'a' }], revenue: 12.5, ships_at: '2026-05-02T13:00:00+02:00' },
      integrations: { Mixpanel: false, all: true },
    },
    { type: 'track', messageId: 'go-track-2', anonymousId: 'anon-go', event: 'Signed Up', timestamp: calledAt, properties: { module: 'onboarding' } },
    { type: 'group', messageId: 'go-group-1', userId: 'u-go-1', groupId: 'g-go', timestamp: calledAt, traits: { createdAt: '2024-01-02T00:00:00Z', description: null, employees: 42, is_churned: false, name: 'Acme ☃' } },
    { type: 'page', messageId: 'go-page-1', userId: 'u-go-1', name: 'Docs', timestamp: calledAt, properties: { path: '/docs', referrer: null, title: 'Start' } },
    { type: 'page', messageId: 'go-page-2', anonymousId: 'anon-go', timestamp: calledAt },
    { type: 'screen', messageId: 'go-screen-1', userId: 'u-go-1', name: 'Settings', timestamp: calledAt, properties: { tab: 'privacy' } },
    { type: 'alias', messageId: 'go-alias-1', previousId: 'anon-go', userId: 'u-go-1', timestamp: calledAt },
    { type: 'identify', messageId: '446b2b8a-6099-4cc8-a74c-0872077ad353', userId: 'u-go-2', timestamp: calledAt },
  ];
  const batchMessageId = 'e3b56e33-7fee-4942-827b-ea87db83f17a';
  const body = JSON.stringify({ messageId: batchMessageId, sentAt, batch, context: { library } });
  const headers: [string, string][] = [
    ['Host', 'api.segment.io'],
    ['User-Agent', 'analytics-go (version: 3.0.0)'],
    ['Content-Length', String(Buffer.byteLength(body))],
    ['Authorization', `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`],
    ['Content-Type', 'application/json'],
    ['Accept-Encoding', 'gzip'],
  ];

  it('stores each message as sent, with the batch context merged in and the batch messageId on none', async () => {
    const res = await rawPost(t.engine.url, '/v1/batch', headers, body);
    expect(res.status).toBe(200);
    const byId = await capturesOf(batch.map((m) => m.messageId));
    expect(byId.has(batchMessageId)).toBe(false);
    for (const sent of batch) {
      const c = byId.get(sent.messageId)!;
      const ownContext = 'context' in sent ? sent.context : {};
      expect(c.message).toEqual({ ...sent, context: { ...ownContext, library }, sentAt, receivedAt: c.receivedAt });
      expect(c.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/batch', writeKey: 'go_…321', writeKeyFingerprint: writeKeyFingerprint(WRITE_KEY), writeKeySource: 'basic' });
      expect(c.messageIdAssigned).toBe(false);
      expectNothingAgainstTheLibrary(c, ['type', 'messageId', 'timestamp', 'sentAt', 'receivedAt', 'context']);
    }
    const [identify, track] = await t.engine.call('messages.eventTimes', { seqs: [byId.get('go-identify-1')!.seq, byId.get('go-track-1')!.seq] });
    expect(parseIsoTime(identify)).toBe(Date.parse('2026-05-02T11:00:00.000Z'));
    expect(parseIsoTime(track)).toBe(Date.parse('2026-05-02T10:00:00.123Z'));
    await expectWriteKeyNotInLog(t.dataDir, WRITE_KEY);
  });

  it('with an Endpoint ending in "/" it posts to //v1/batch: refused in words, as a 404 in JSON (it was a 405 "use GET")', async () => {
    const before = (await t.engine.call('messages.list', undefined)).length;
    const one = JSON.stringify({ messageId: 'b2', sentAt, batch: [{ ...batch[2], messageId: 'go-slash-1' }], context: { library } });
    const res = await rawPost(t.engine.url, '//v1/batch', headers.map(([k, v]) => [k, k === 'Content-Length' ? String(Buffer.byteLength(one)) : v]), one);
    expect(res.status).toBe(404);
    const why = '//v1/batch has a doubled slash: the client\'s host or endpoint ends in "/", so it asked for //v1/batch instead of /v1/batch. Events sent there never reach Segment either: set the host without the trailing slash.';
    // With `code` and `message`, as every refusal (analytics-python reads both).
    expect(JSON.parse(res.body)).toEqual({ success: false, code: 'doubled-slash', error: why, message: why });
    expect((await t.engine.call('messages.list', undefined)).length).toBe(before);
    expect((await rawPost(t.engine.url, '///webhook/pf', [['Host', 'example.com'], ['Content-Type', 'application/json'], ['Content-Length', '2']], '{}')).status).toBe(404);
  });

  it('a settings download from a cdnURL ending in "/" (//v1/projects/…/settings) is told what to set, not that events never reach Segment', async () => {
    const res = await fetch(`${t.engine.url}//v1/projects/${WRITE_KEY}/settings`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      code: 'doubled-slash',
      message: `//v1/projects/${WRITE_KEY}/settings has a doubled slash: the client's host, cdnURL or cdnHost ends in "/", so it asked for //v1/projects/${WRITE_KEY}/settings instead of /v1/projects/${WRITE_KEY}/settings: set it without the trailing slash.`,
    });
  });
});
