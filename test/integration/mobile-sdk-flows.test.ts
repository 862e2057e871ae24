// Segment's other mobile and .NET libraries end to end over TLS, as each finds the receiver: the
// settings request it makes (its header lines), what it reads from the answer to build its upload
// URL, then its batch to that URL (header lines and body bytes as its source writes them), and
// what was stored, found and answered. CI has no Xcode, Android SDK, .NET or Flutter: each request
// is rebuilt from the library's source, cited file and line. Read at:
//   analytics-ios 4.1.8 (segmentio/analytics-ios 4b096894, the classic Objective-C library),
//   analytics-android 4.11.4 (segmentio/analytics-android 58d74728, the classic Java library),
//   Analytics-CSharp (its HTTPClient.cs with X-Retry-Count and Basic auth, Storage.cs, Types.cs,
//   and Serialization.NET's JsonUtility.ToJson: Newtonsoft with its defaults, nulls written),
//   analytics_flutter (packages/core/lib/utils/http_client.dart before and after sentAt's toUtc()).
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientActivity } from '../../src-shared/api';
import type { CapturedMessage } from '../../src-shared/capture';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { expectNothingAgainstTheLibrary, rawPost } from './helpers/real-client';

let t: TestEngine;
let caPem: string;
let httpsUrl: string;
let httpsHost: string;
beforeAll(async () => {
  t = await startTestEngine({ httpsPort: 0 });
  caPem = await (await fetch(`${t.engine.url}/eventbench-ca.pem`)).text();
  httpsUrl = t.engine.info().https!.receiverUrl!;
  httpsHost = new URL(httpsUrl).host;
});
afterAll(() => t.dispose());

type Settings = { integrations: Record<string, Record<string, unknown>> };
const LIBRARY_FIELDS = ['type', 'messageId', 'timestamp', 'sentAt', 'receivedAt', 'context', 'integrations', '_metadata', 'channel', 'metrics'];

async function captures(ids: string[]): Promise<CapturedMessage[]> {
  const all = (await (await fetch(`${t.engine.url}/api/messages?limit=1000`)).json()) as CapturedMessage[];
  return ids.map((id) => {
    const found = all.filter((c) => c.message.messageId === id);
    expect(found.length, id).toBeGreaterThan(0);
    return found[0];
  });
}

/** GETs a settings path over TLS with exactly these header lines; the parsed answer. */
async function settingsFor(path: string, headers: [string, string][]): Promise<Settings> {
  const res = await rawPost(httpsUrl, path, headers, '', { ca: caPem, method: 'GET' });
  expect(res.status).toBe(200);
  return JSON.parse(res.body) as Settings;
}

const lastActivity = async () => ((await t.engine.call('connect.activity', undefined)) as ClientActivity[]).at(-1)!;

describe('analytics-ios 4.1.8 (classic), its requestFactory pointing cdn-settings.segment.com and api.segment.io here', () => {
  // Segment/Classes/SEGHTTPClient.m:6 and :153: settings from SEGMENT_CDN_BASE
  // "https://cdn-settings.segment.com/v1" + "/projects/<key>/settings", built in (no cdnHost
  // option; SEGAnalyticsConfiguration.requestFactory, SEGHTTPClient.m:154, is the way to send it
  // elsewhere), through the generic session: Accept-Encoding gzip, User-Agent analytics-ios/<v>
  // (:39-42; NSURLSession adds Host, Accept, Accept-Language, Connection). Its answer's
  // integrations["Segment.io"].apiHost is kept (SEGIntegrationsManager.m:402-404) with "https://"
  // put in front unless it holds it (SEGUtils.m:27-37), and batches go to that + "/batch"
  // (SEGHTTPClient.m:79). The upload session: Accept-Encoding gzip, Content-Encoding gzip,
  // Content-Type application/json, User-Agent (:53-58, :83); the body NSJSONSerialization of
  // {sentAt, writeKey, batch} (SEGSegmentIntegration.m:391-393), "/" written "\/", gzipped
  // (NSData+SEGGZIP.m:79, windowBits 31). Under 300 is done, 3xx/429/5xx retried, other 4xx
  // dropped (SEGHTTPClient.m:117-143).
  it('settings name this receiver; its batch to https://<apiHost>/batch: 200, stored with context.library, nothing flagged', async () => {
    const ua = 'analytics-ios/4.1.8';
    const settings = await settingsFor('/v1/projects/iosClassicKEY/settings', [
      ['Host', httpsHost],
      ['Accept', '*/*'],
      ['Accept-Language', 'en-US,en;q=0.9'],
      ['Accept-Encoding', 'gzip'],
      ['User-Agent', ua],
      ['Connection', 'keep-alive'],
    ]);
    const apiHost = settings.integrations['Segment.io'].apiHost as string;
    const saved = apiHost.includes('https://') ? apiHost : `https://${apiHost}`;
    const upload = new URL(`${saved}/batch`);
    expect(upload.href).toBe(`${httpsUrl}/v1/batch`);
    expect(await lastActivity()).toMatchObject({ kind: 'settings', client: ua, apiHost });

    // SEGAnalytics.m:574 (experimental.nanosecondTimestamps) writes nine fractional digits
    // (SEGUtils.m:392-423), else SEGUtils.m:450-460 three, both with Z; messageId from
    // CFUUIDCreateString (upper case); bundled destinations are false in integrations
    // (SEGSegmentIntegration.m integrationsDictionary); context from getStaticContext (SEGUtils.m:185-).
    const now = new Date().toISOString();
    const nanos = `${now.slice(0, 19)}.${now.slice(20, 23)}456789Z`;
    const anon = randomUUID().toUpperCase();
    const ids = [randomUUID().toUpperCase(), randomUUID().toUpperCase(), randomUUID().toUpperCase()];
    const context = {
      library: { name: 'analytics-ios', version: '4.1.8' },
      instanceId: randomUUID().toUpperCase(),
      app: { name: 'Shop', version: '2.4', build: '112', namespace: 'com.example.shop' },
      device: { manufacturer: 'Apple', type: 'ios', name: 'iPhone', model: 'iPhone15,2', id: randomUUID().toUpperCase() },
      os: { name: 'iOS', version: '17.5' },
      screen: { width: 393, height: 852 },
      network: { wifi: true, cellular: false },
      locale: 'en-US',
      timezone: 'Europe/Zurich',
      traits: {},
    };
    const batch = [
      { event: 'Product Viewed', properties: { url: 'https://shop.example/p/1' }, timestamp: nanos, messageId: ids[0], type: 'track', userId: 'u-ios', anonymousId: anon, integrations: { Amplitude: false }, context },
      { traits: { email: 'ios@example.com' }, timestamp: now, messageId: ids[1], type: 'identify', userId: 'u-ios', anonymousId: anon, integrations: {}, context },
      { userId: 'u-ios-2', previousId: 'u-ios', timestamp: now, messageId: ids[2], type: 'alias', anonymousId: anon, integrations: {}, context },
    ];
    const body = gzipSync(JSON.stringify({ sentAt: now, writeKey: 'iosClassicKEY', batch }).replace(/\//g, '\\/'));
    const res = await rawPost(
      upload.origin,
      upload.pathname,
      [
        ['Host', upload.host],
        ['Content-Type', 'application/json'],
        ['Accept', '*/*'],
        ['Content-Encoding', 'gzip'],
        ['Accept-Encoding', 'gzip'],
        ['User-Agent', ua],
        ['Accept-Language', 'en-US,en;q=0.9'],
        ['Content-Length', String(body.length)],
        ['Connection', 'keep-alive'],
      ],
      body,
      { ca: caPem },
    );
    expect(res).toEqual({ status: 200, body: '{"success":true}' });
    const caps = await captures(ids);
    expect(caps[0].message).toMatchObject({ timestamp: nanos, properties: { url: 'https://shop.example/p/1' }, integrations: { Amplitude: false } });
    for (const c of caps) {
      expect(c.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'body' });
      expect(c.headers['user-agent']).toBe(ua);
      expect((c.message.context as { library: unknown }).library).toEqual({ name: 'analytics-ios', version: '4.1.8' });
      expectNothingAgainstTheLibrary(c, LIBRARY_FIELDS);
    }
  });
});

describe('analytics-android 4.11.4 (classic), its ConnectionFactory pointing cdn-settings.segment.com here', () => {
  // analytics/src/main/java/com/segment/analytics/ConnectionFactory.java:43-46: settings from
  // "https://cdn-settings.segment.com/v1/projects/<key>/settings", built in (a ConnectionFactory
  // subclass, passed to Analytics.Builder.connectionFactory, is the documented way elsewhere);
  // :64-80 every connection gets Content-Type application/json and User-Agent
  // analytics-android/<VERSION_NAME> (gradle.properties: 4.11.4). Client.java:108 takes only a
  // 200. Analytics.java:317-328 keeps the settings' integrations["Segment.io"].apiHost (else
  // Builder.defaultApiHost, "api.segment.io/v1"); SegmentIntegration.java:194 reads it and
  // ConnectionFactory.java:53-56 posts to "https://<apiHost>/import", Content-Encoding gzip,
  // chunked; Client.java:46-50 gzips. Body: SegmentIntegration.java:473-530 BatchPayloadWriter,
  // {"batch":[stored payloads],"sentAt":…,"writeKey":…}, sentAt Iso8601Utils.format (ms, Z).
  // 300 and over throws (Client.java:59); a 4xx but 429 drops the batch, the rest retries.
  it('settings name this receiver; its gzipped, chunked batch to https://<apiHost>/import: 200, stored, nothing flagged', async () => {
    const ua = 'analytics-android/4.11.4';
    const settings = await settingsFor('/v1/projects/androidClassicKEY/settings', [
      ['Content-Type', 'application/json'],
      ['User-Agent', ua],
      ['Host', httpsHost],
      ['Connection', 'Keep-Alive'],
      ['Accept-Encoding', 'gzip'],
    ]);
    const apiHost = settings.integrations['Segment.io'].apiHost as string;
    const upload = new URL(`https://${apiHost}/import`);
    expect(upload.href).toBe(`${httpsUrl}/v1/import`);
    expect(await lastActivity()).toMatchObject({ kind: 'settings', client: ua, apiHost });

    const now = new Date().toISOString();
    const ids = [randomUUID(), randomUUID()];
    const anon = randomUUID();
    const context = {
      app: { name: 'Shop', version: '2.4', namespace: 'com.example.shop', build: '112' },
      device: { id: randomUUID(), manufacturer: 'Google', model: 'sdk_gphone64_x86_64', name: 'emu64x' },
      library: { name: 'analytics-android', version: '4.11.4' },
      locale: 'en-US',
      network: { wifi: true, carrier: 'T-Mobile', bluetooth: false, cellular: false },
      os: { name: 'Android', version: '14' },
      screen: { density: 2.625, width: 1080, height: 2337 },
      timezone: 'Europe/Zurich',
      traits: { anonymousId: anon },
      userAgent: 'Dalvik/2.1.0 (Linux; U; Android 14; sdk_gphone64_x86_64 Build/UE1A.230829.036)',
      instanceId: randomUUID(),
    };
    // BasePayload.java: messageId, type, channel "mobile", context, anonymousId, timestamp, integrations, then the call's own.
    const payloads = [
      { messageId: ids[0], type: 'screen', channel: 'mobile', context, anonymousId: anon, timestamp: now, integrations: {}, name: 'Cart', properties: { name: 'Cart' } },
      { messageId: ids[1], type: 'track', channel: 'mobile', context, anonymousId: anon, userId: 'u-android', timestamp: now, integrations: {}, event: 'Checkout Started', properties: { revenue: 12.5, currency: 'CHF' } },
    ];
    const body = gzipSync(`{"batch":[${payloads.map((p) => JSON.stringify(p)).join(',')}],"sentAt":"${now}","writeKey":"androidClassicKEY"}`);
    const res = await rawPost(
      upload.origin,
      upload.pathname,
      [
        ['Content-Type', 'application/json'],
        ['User-Agent', ua],
        ['Content-Encoding', 'gzip'],
        ['Host', upload.host],
        ['Connection', 'Keep-Alive'],
        ['Accept-Encoding', 'gzip'],
        ['Transfer-Encoding', 'chunked'],
      ],
      body,
      { ca: caPem },
    );
    expect(res).toEqual({ status: 200, body: '{"success":true}' });
    for (const c of await captures(ids)) {
      expect(c.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/import', writeKeySource: 'body' });
      expect(c.headers['user-agent']).toBe(ua);
      expect((c.message.context as { library: unknown }).library).toEqual({ name: 'analytics-android', version: '4.11.4' });
      expectNothingAgainstTheLibrary(c, LIBRARY_FIELDS);
    }
  });
});

describe('Analytics-CSharp, apiHost and cdnHost here', () => {
  // Analytics-CSharp/Segment/Analytics/Utilities/HTTPClient.cs: SegmentURL = "https://" + host +
  // path; Settings() GETs https://<cdnHost>/projects/<key>/settings (DoGet: Connection close,
  // Accept application/json; HttpClient sends no User-Agent). Plugins/SegmentDestination.cs
  // Update(): the settings' integrations["Segment.io"].apiHost replaces the pipeline's. Upload:
  // POST https://<apiHost>/b, GZipStream into a StreamContent (Content-Length known, no
  // Content-Type), Content-Encoding gzip, Connection close, Accept text/plain, X-Retry-Count
  // when retryCount > 0, and (its HttpClientAuthTest.cs) Authorization Basic base64(key + ":").
  // 200-399 is success (Response.IsSuccessStatusCode); in the default (legacy) mode 429 and 5xx
  // keep the batch, other 4xx drop it (Retry/RetryStateMachine.cs). Body: Storage.cs Begin/End,
  // '{"batch":[' events joined by ',' '],"sentAt":"<DateTime.UtcNow.ToString("o")>","writeKey":"…"}',
  // sentAt written when the file is closed (End) and kept when the file is sent again. Events:
  // Types.cs through Newtonsoft (JsonUtility.ToJson: camelCase, nulls written): "userId":null,
  // "metrics":null; timestamps with seven fractional digits; library "Analytics-CSharp".
  it('settings name this receiver; its gzipped batch to https://<apiHost>/b with nulls and 7-digit times: 200, nothing flagged; retried later with its first sentAt: a duplicate, and the note says a retry keeps it', async () => {
    const settings = await settingsFor('/v1/projects/csharpKEY/settings', [
      ['Host', httpsHost],
      ['Accept', 'application/json'],
      ['Connection', 'close'],
    ]);
    const apiHost = settings.integrations['Segment.io'].apiHost as string;
    const upload = new URL(`https://${apiHost}/b`);
    expect(upload.href).toBe(`${httpsUrl}/v1/b`);
    const activity = await lastActivity();
    expect(activity).toMatchObject({ kind: 'settings', apiHost });
    expect(activity.client).toBeUndefined(); // no User-Agent: the activity says "A client"

    const firstTry = new Date(Date.now() - 20 * 60_000);
    const o = (d: Date) => `${d.toISOString().slice(0, 23)}4567Z`; // DateTime.UtcNow.ToString("o")
    const ids = [randomUUID(), randomUUID()];
    const context = { library: { name: 'Analytics-CSharp', version: '2.5.3' }, os: { name: 'Windows 10.0.22631' }, platform: '.NET 8.0', instanceId: randomUUID() };
    const anon = randomUUID();
    const events = [
      `{"type":"track","event":"File Saved","properties":{"size":1024},"anonymousId":"${anon}","messageId":"${ids[0]}","userId":null,"timestamp":"${o(new Date(firstTry.getTime() - 3000))}","context":${JSON.stringify(context)},"integrations":{},"metrics":null}`,
      `{"type":"identify","traits":null,"anonymousId":"${anon}","messageId":"${ids[1]}","userId":"u-cs","timestamp":"${o(new Date(firstTry.getTime() - 2000))}","context":${JSON.stringify(context)},"integrations":{},"metrics":null}`,
    ];
    const body = gzipSync(`{"batch":[${events.join(',')}],"sentAt":"${o(firstTry)}","writeKey":"csharpKEY"}`);
    const headers = (retry: [string, string][]): [string, string][] => [
      ['Host', upload.host],
      ['Connection', 'close'],
      ['Accept', 'text/plain'],
      ['Authorization', `Basic ${Buffer.from('csharpKEY:').toString('base64')}`],
      ...retry,
      ['Content-Encoding', 'gzip'],
      ['Content-Length', String(body.length)],
    ];
    // The first try: sent then (its sentAt 20 minutes ago is this test's "then": the clock note is the one Segment would correct by).
    const first = await rawPost(upload.origin, upload.pathname, headers([]), body, { ca: caPem });
    expect(first).toEqual({ status: 200, body: '{"success":true}' });
    const [track, identify] = await captures(ids);
    for (const c of [track, identify]) {
      expect(c.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/b', writeKeySource: 'basic' });
      expect((c.message.context as { library: unknown }).library).toEqual({ name: 'Analytics-CSharp', version: '2.5.3' });
      expect(c.dropReasons).toEqual([]);
      // Nothing but the sentAt note (the batch's first try was 20 minutes ago).
      expect(c.findings.filter((f) => f.profile === 'segment').map((f) => f.rule)).toEqual(['segment.sentAt.clock-skew']);
      expectNothingAgainstTheLibrary({ ...c, findings: c.findings.filter((f) => f.rule !== 'segment.sentAt.clock-skew') }, LIBRARY_FIELDS);
    }
    const note = track.findings.find((f) => f.rule === 'segment.sentAt.clock-skew')!;
    expect(note.severity).toBe('info');
    expect(note.message).toContain('20 min behind');
    expect(note.message).toContain('sent again with the sentAt of its first try (analytics-kotlin, analytics-swift, Analytics-CSharp and analytics-java');
    expect(track.message.userId).toBeNull();

    // The same stored file again, as EventPipeline sends it after a 5xx: X-Retry-Count 1.
    const again = await rawPost(upload.origin, upload.pathname, headers([['X-Retry-Count', '1']]), body, { ca: caPem });
    expect(again).toEqual({ status: 200, body: '{"success":true}' });
    const all = (await (await fetch(`${t.engine.url}/api/messages?limit=1000`)).json()) as CapturedMessage[];
    const both = all.filter((c) => c.message.messageId === ids[0]);
    expect(both.map((c) => c.dropReasons.map((r) => r.code))).toEqual([[], ['duplicate-message-id']]);
    expect(both[1].headers['x-retry-count']).toBe('1');
  });
});

describe('Analytics-CSharp before gzip', () => {
  // HTTPClient.cs at 90266dcc (its first releases): DoPost sends ByteArrayContent(data), the
  // Storage file's bytes as they are: no Content-Type, no Content-Encoding, Accept text/plain;
  // a 2xx is success, 429 and 5xx are retried, another 4xx drops the batch.
  it('plain JSON with no Content-Type: 200, stored, nothing flagged', async () => {
    const id = randomUUID();
    const ts = `${new Date().toISOString().slice(0, 23)}1234Z`;
    const ev = `{"type":"screen","name":"Settings","category":null,"properties":null,"anonymousId":"${randomUUID()}","messageId":"${id}","userId":null,"timestamp":"${ts}","context":{"library":{"name":"Analytics-CSharp","version":"1.0.0"}},"integrations":{}}`;
    const body = Buffer.from(`{"batch":[${ev}],"sentAt":"${ts}","writeKey":"csharpOldKEY"}`);
    const res = await rawPost(httpsUrl, '/v1/b', [['Host', httpsHost], ['Accept', 'text/plain'], ['Content-Length', String(body.length)]], body, { ca: caPem });
    expect(res).toEqual({ status: 200, body: '{"success":true}' });
    const [c] = await captures([id]);
    expect(c.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/b', writeKeySource: 'body' });
    expect(c.message).toMatchObject({ type: 'screen', name: 'Settings', category: null, properties: null });
    expectNothingAgainstTheLibrary(c, LIBRARY_FIELDS);
  });
});

describe('analytics_flutter, apiHost and cdnHost here', () => {
  // packages/core/lib/utils/http_client.dart: _url = "https://$host$path"; settingsFor GETs
  // https://<cdnHost>/projects/<key>/settings; startBatchUpload posts to https://<apiHost>/b, the
  // configured apiHost before the settings' one; _configuredRequest's headers on both: Content-Type
  // application/json; charset=utf-8, User-Agent analytics-flutter/<version>, Accept-Encoding gzip
  // (dart:io adds Host and Content-Length). Under 300 is success, else the batch is kept.
  // jsonEncode({batch, sentAt, writeKey}); events: lib/event.dart applyRawEventData, timestamp
  // DateTime.now().toUtc().toIso8601String() (microseconds, Z), lib/plugins/inject_context.dart
  // library "analytics-flutter"; lib/event.g.dart writes unset fields as null.
  const ua = 'analytics-flutter/1.1.7';
  const headers = (host: string, length?: number): [string, string][] => [
    ['User-Agent', ua],
    ['Content-Type', 'application/json; charset=utf-8'],
    ['Accept-Encoding', 'gzip'],
    ...(length === undefined ? [] : [['Content-Length', String(length)] as [string, string]]),
    ['Host', host],
  ];
  const batchOf = (ids: string[], ts: string) => {
    const context = { library: { name: 'analytics-flutter', version: '1.1.7' }, instanceId: randomUUID(), app: { name: 'shop', version: '2.4.0', build: '112', namespace: 'com.example.shop' }, device: { manufacturer: 'Google', model: 'Pixel 8', type: 'android' }, os: { name: 'Android', version: '14' }, timezone: 'Europe/Zurich', locale: 'en-US' };
    const anon = randomUUID();
    return [
      { anonymousId: anon, messageId: ids[0], userId: null, timestamp: ts, context, integrations: {}, _metadata: null, type: 'track', event: 'Application Opened', properties: { from_background: false, version: '2.4.0', build: '112' } },
      { anonymousId: anon, messageId: ids[1], userId: 'u-fl', timestamp: ts, context, integrations: {}, _metadata: null, type: 'identify', traits: null },
    ];
  };

  it('today (sentAt in UTC): settings name this receiver, its batch to https://<apiHost>/b: 200, stored, nothing flagged', async () => {
    const settings = await settingsFor('/v1/projects/flutterKEY/settings', headers(httpsHost));
    const upload = new URL(`https://${settings.integrations['Segment.io'].apiHost as string}/b`);
    expect(upload.href).toBe(`${httpsUrl}/v1/b`);
    expect(await lastActivity()).toMatchObject({ kind: 'settings', client: ua });
    const now = new Date().toISOString();
    const micros = `${now.slice(0, 23)}123Z`;
    const ids = [randomUUID(), randomUUID()];
    const body = Buffer.from(JSON.stringify({ batch: batchOf(ids, micros), sentAt: micros, writeKey: 'flutterKEY' }));
    const res = await rawPost(upload.origin, upload.pathname, headers(upload.host, body.length), body, { ca: caPem });
    expect(res).toEqual({ status: 200, body: '{"success":true}' });
    for (const c of await captures(ids)) {
      expect(c.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/b', writeKeySource: 'body' });
      expect((c.message.context as { library: unknown }).library).toEqual({ name: 'analytics-flutter', version: '1.1.7' });
      expectNothingAgainstTheLibrary(c, LIBRARY_FIELDS);
    }
  });

  it('older (sentAt DateTime.now().toIso8601String(): local time, no offset) on a device at UTC+01:00: one warning naming the zone and the hour Segment moves its events by, not "the clock is 60 min ahead"', async () => {
    const now = Date.now();
    const utc = new Date(now).toISOString();
    const local = new Date(now + 3_600_000).toISOString().replace('Z', '456'); // the device's wall clock, microseconds, no zone
    const ids = [randomUUID(), randomUUID()];
    const body = Buffer.from(JSON.stringify({ batch: batchOf(ids, `${utc.slice(0, 23)}456Z`), sentAt: local, writeKey: 'flutterKEY' }));
    const res = await rawPost(httpsUrl, '/v1/b', headers(httpsHost, body.length), body, { ca: caPem });
    expect(res).toEqual({ status: 200, body: '{"success":true}' });
    for (const c of await captures(ids)) {
      expect(c.dropReasons).toEqual([]);
      const segment = c.findings.filter((f) => f.profile === 'segment');
      expect(segment.map((f) => [f.severity, f.rule])).toEqual([['warning', 'segment.sentAt.local-time']]);
      expect(segment[0].message).toContain('(UTC+01:00) written without its offset');
      expect(segment[0].message).toContain('dated 1 h earlier than it happened');
    }
  });
});
