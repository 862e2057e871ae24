// Segment's other official libraries as they reach the receiver: each request rebuilt from the
// library's own source (path, header lines, body text), posted over a real socket (plain HTTP:
// the libraries speak HTTPS, the bytes inside are the same), then what was stored and found.
// Sources read at: analytics-kotlin a14649b3, analytics-swift c9a0d630, analytics-react-native
// 74884be7, Analytics-CSharp f7fc1850, analytics_flutter 4d685c71.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { expectNothingAgainstTheLibrary, rawPost } from './helpers/real-client';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

async function capturesOf(ids: string[]): Promise<CapturedMessage[]> {
  const all = (await (await fetch(`${t.engine.url}/api/messages?limit=1000`)).json()) as CapturedMessage[];
  const byId = new Map(all.map((c) => [c.message.messageId as string, c]));
  return ids.map((id) => {
    expect(byId.has(id), id).toBe(true);
    return byId.get(id)!;
  });
}

const meta = { bundled: [], unbundled: [], bundledIds: [] };
// What the library itself sets (the caller's ids, properties and traits are judged by the profiles, as always).
const LIBRARY_FIELDS = ['type', 'messageId', 'timestamp', 'sentAt', 'receivedAt', 'context', 'integrations', '_metadata', 'category'];
const now = () => new Date().toISOString();

describe('analytics-kotlin 1.24.1', () => {
  // core/src/main/java/com/segment/analytics/kotlin/core/HTTPClient.kt (RequestFactory.upload):
  // POST https://$apiHost/b (apiHost "host:port/v1"), User-Agent analytics-kotlin/<version>,
  // Content-Type text/plain, Content-Encoding gzip, chunked (setChunkedStreamingMode(0)), no
  // Authorization: the write key is only in the body. Body from StorageImpl.kt: {"batch":[…],
  // "sentAt":SegmentInstant.now(),"writeKey":…}; events from Events.kt (kotlinx.serialization,
  // constructor fields first) with ContextPlugin.kt's library and instanceId, EventPipeline's
  // stringifyBaseEvent dropping a blank userId and empty traits. No page call: screen only, category "".
  it('a gzipped, chunked text/plain batch to /v1/b, no Authorization: 200, every message stored with context.library, nothing flagged; a retry (X-Retry-Count, same messageIds) shown as duplicates', async () => {
    const ctx = { library: { name: 'analytics-kotlin', version: '1.24.1' }, instanceId: randomUUID(), os: { name: 'Android', version: '14' }, device: { id: 'd1', manufacturer: 'Google', model: 'sdk_gphone64_x86_64' }, locale: 'en-US', timezone: 'Europe/Zurich' };
    const id = (s: string) => `kotlin-${s}-${randomUUID()}`;
    const ts = now();
    const anon = randomUUID();
    const events = [
      { properties: { total: 12.5, items: [1, 2] }, event: 'Order Completed', type: 'track', messageId: id('track'), anonymousId: anon, integrations: {}, context: ctx, userId: 'u-k', _metadata: meta, timestamp: ts },
      { userId: 'u-k', traits: { email: 'k@example.com' }, type: 'identify', messageId: id('identify'), anonymousId: anon, integrations: {}, context: ctx, timestamp: ts, _metadata: meta },
      { groupId: 'g-k', traits: { name: 'Acme' }, type: 'group', messageId: id('group'), anonymousId: anon, integrations: {}, context: ctx, _metadata: meta, timestamp: ts },
      { name: 'Home', category: '', properties: {}, type: 'screen', messageId: id('screen'), anonymousId: anon, context: ctx, integrations: {}, timestamp: ts, _metadata: meta },
      { userId: 'u-k', previousId: anon, type: 'alias', messageId: id('alias'), anonymousId: anon, integrations: {}, context: ctx, timestamp: ts, _metadata: meta },
    ];
    const body = gzipSync(`{"batch":[${events.map((e) => JSON.stringify(e)).join(',')}],"sentAt":"${ts}","writeKey":"kotlinKEY123"}`);
    const headers = (extra: [string, string][]): [string, string][] => [['User-Agent', 'analytics-kotlin/1.24.1'], ['Content-Type', 'text/plain'], ['Content-Encoding', 'gzip'], ...extra, ['Transfer-Encoding', 'chunked'], ['Host', '127.0.0.1:8787'], ['Connection', 'Keep-Alive'], ['Accept-Encoding', 'gzip']];
    const res = await rawPost(t.engine.url, '/v1/b', headers([]), body);
    expect(res.status).toBe(200);
    const caps = await capturesOf(events.map((e) => e.messageId));
    for (const c of caps) {
      expect(c.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/b', writeKeySource: 'body' });
      expect((c.message.context as { library: unknown }).library).toEqual({ name: 'analytics-kotlin', version: '1.24.1' });
      expect(c.headers['user-agent']).toBe('analytics-kotlin/1.24.1');
      expectNothingAgainstTheLibrary(c, LIBRARY_FIELDS);
    }
    // EventPipeline.kt: the same stored file is posted again after a 5xx, with X-Retry-Count.
    expect((await rawPost(t.engine.url, '/v1/b', headers([['X-Retry-Count', '1']]), body)).status).toBe(200);
    const all = (await (await fetch(`${t.engine.url}/api/messages?limit=1000`)).json()) as CapturedMessage[];
    const second = all.filter((c) => c.message.messageId === events[0].messageId);
    expect(second.length).toBe(2);
    expect(second[0].dropReasons).toEqual([]);
    expect(second[1].dropReasons.map((r) => r.code)).toEqual(['duplicate-message-id']);
    expect(second[1].headers['x-retry-count']).toBe('1');
  });
});

describe('analytics-swift 1.9.4', () => {
  // Sources/Segment/Utilities/Networking/HTTPClient.swift (startBatchUpload, configuredRequest):
  // POST https://<apiHost>/b, Content-Type application/json; charset=utf-8, User-Agent
  // analytics-ios/<version> (sic), Accept-Encoding gzip, no Authorization. Body from
  // Utilities/Storage/Types/DirectoryStore.swift: the lines '{ "batch": [', each event, ',event',
  // '],"sentAt":"…","writeKey":"…"}', each ended by "\n"; Apple's JSONEncoder writes "/" as "\/".
  it('its line-per-event file with escaped slashes: 200, stored, nothing flagged', async () => {
    const ctx = { library: { name: 'analytics-swift', version: '1.9.4' }, instanceId: randomUUID().toUpperCase(), app: { name: 'App', version: '1.0', build: '1', namespace: 'com.example.app' } };
    const anon = randomUUID().toUpperCase();
    const ts = now();
    const ids = [`swift-track-${randomUUID()}`, `swift-screen-${randomUUID()}`];
    const events = [
      { type: 'track', anonymousId: anon, messageId: ids[0], timestamp: ts, context: ctx, integrations: {}, _metadata: meta, event: 'Viewed https://ex.com/a', properties: { url: 'https://ex.com/a' } },
      { type: 'screen', anonymousId: anon, messageId: ids[1], userId: 'u-s', timestamp: ts, context: ctx, integrations: {}, _metadata: meta, name: 'Home', category: 'Main' },
    ].map((e) => JSON.stringify(e).replace(/\//g, '\\/'));
    const text = `{ "batch": [\n${events[0]}\n,${events[1]}\n],"sentAt":"${ts}","writeKey":"swiftKEY123"}\n`;
    const body = Buffer.from(text);
    const res = await rawPost(t.engine.url, '/v1/b', [['Host', '127.0.0.1:8787'], ['Content-Type', 'application/json; charset=utf-8'], ['User-Agent', 'analytics-ios/1.9.4'], ['Accept-Encoding', 'gzip'], ['Content-Length', String(body.length)]], body);
    expect(res.status).toBe(200);
    const caps = await capturesOf(ids);
    expect(caps[0].message.event).toBe('Viewed https://ex.com/a');
    for (const c of caps) {
      expect(c.origin).toMatchObject({ endpoint: '/v1/b', writeKeySource: 'body' });
      expect((c.message.context as { library: unknown }).library).toEqual({ name: 'analytics-swift', version: '1.9.4' });
      expectNothingAgainstTheLibrary(c, LIBRARY_FIELDS);
    }
  });
});

describe('analytics-react-native 2.21.4', () => {
  // packages/core/src/api.ts (uploadEvents): fetch(url, POST, JSON.stringify({batch, sentAt:
  // toISOString(), writeKey})), Content-Type application/json; charset=utf-8, no Authorization,
  // X-Retry-Count on retries; url from plugins/SegmentDestination.ts getEndpoint: the proxy as
  // given ("http://10.0.2.2:8787/v1/b"), else https://<settings apiHost>/b. User-Agent is the
  // platform's (okhttp on Android).
  it('a JSON batch to the proxy URL /v1/b: 200, stored, nothing flagged', async () => {
    const ctx = { library: { name: 'analytics-react-native', version: '2.21.4' }, instanceId: randomUUID(), app: { name: 'rn', version: '1.0', build: '1', namespace: 'com.rn' }, device: { manufacturer: 'Google', model: 'Pixel', type: 'android' }, os: { name: 'Android', version: '14' }, locale: 'en-US', timezone: 'UTC', traits: {} };
    const ts = now();
    const ids = [`rn-track-${randomUUID()}`, `rn-identify-${randomUUID()}`];
    const batch = [
      { type: 'track', event: 'Tapped', properties: {}, messageId: ids[0], timestamp: ts, anonymousId: 'a-rn', userId: undefined, context: ctx, integrations: {}, _metadata: meta },
      { type: 'identify', userId: 'u-rn', traits: { email: 'rn@example.com' }, messageId: ids[1], timestamp: ts, anonymousId: 'a-rn', context: ctx, integrations: {}, _metadata: meta },
    ];
    const body = Buffer.from(JSON.stringify({ batch, sentAt: ts, writeKey: 'rnKEY123' }));
    const res = await rawPost(t.engine.url, '/v1/b', [['Content-Type', 'application/json; charset=utf-8'], ['Content-Length', String(body.length)], ['Host', '10.0.2.2:8787'], ['Connection', 'Keep-Alive'], ['Accept-Encoding', 'gzip'], ['User-Agent', 'okhttp/4.9.2']], body);
    expect(res.status).toBe(200);
    for (const c of await capturesOf(ids)) {
      expect(c.origin).toMatchObject({ endpoint: '/v1/b', writeKeySource: 'body' });
      expect((c.message.context as { library: unknown }).library).toEqual({ name: 'analytics-react-native', version: '2.21.4' });
      expectNothingAgainstTheLibrary(c, LIBRARY_FIELDS);
    }
  });
});

describe('Analytics-CSharp 2.6.0', () => {
  // Analytics-CSharp/Segment/Analytics/Utilities/HTTPClient.cs (DefaultHTTPClient.DoPost): POST
  // https://<apiHost>/b, a gzipped StreamContent (Content-Length known), Content-Encoding gzip,
  // Accept text/plain, Connection close, no Content-Type, no User-Agent, no Authorization. Body
  // from Utilities/Storage.cs (Begin/End), times from DateTime.UtcNow.ToString("o"): seven
  // fractional digits ("2026-12-06T10:00:00.1234567Z"); library "Analytics-CSharp" (ContextPlugin.cs).
  it('gzip without Content-Type, times with 7 fractional digits: 200, stored, nothing flagged', async () => {
    const ts = `${now().slice(0, 23)}4567Z`;
    const ids = [`cs-track-${randomUUID()}`];
    const ctx = { library: { name: 'Analytics-CSharp', version: '2.6.0' }, os: { name: 'Windows' }, platform: '.NET', instanceId: randomUUID() };
    const ev = { type: 'track', event: 'Saved', properties: { n: 1 }, anonymousId: randomUUID(), messageId: ids[0], timestamp: ts, context: ctx, integrations: {}, userId: 'u-cs', _metadata: meta };
    const body = gzipSync(`{"batch":[${JSON.stringify(ev)}],"sentAt":"${ts}","writeKey":"csKEY123"}`);
    const res = await rawPost(t.engine.url, '/v1/b', [['Host', '127.0.0.1:8787'], ['Connection', 'close'], ['Accept', 'text/plain'], ['Content-Encoding', 'gzip'], ['Content-Length', String(body.length)]], body);
    expect(res.status).toBe(200);
    const [c] = await capturesOf(ids);
    expect(c.message.timestamp).toBe(ts);
    expect(c.origin).toMatchObject({ endpoint: '/v1/b', writeKeySource: 'body' });
    expectNothingAgainstTheLibrary(c, LIBRARY_FIELDS);
  });
});

describe('analytics_flutter 1.1.10', () => {
  // packages/core/lib/utils/http_client.dart (startBatchUpload, _configuredRequest): POST
  // https://<apiHost>/b, Content-Type application/json; charset=utf-8, User-Agent
  // analytics-flutter/<version>, Accept-Encoding gzip, no Authorization; jsonEncode({batch, sentAt:
  // DateTime.now().toUtc().toIso8601String() (microseconds), writeKey}). Events from lib/event.g.dart
  // (json_serializable, includeIfNull): userId, properties, traits sent as null when not set.
  it('nulls for unset userId/properties/traits, microsecond times: 200, stored, nothing flagged', async () => {
    const ts = `${now().slice(0, 23)}456Z`;
    const ids = [`fl-track-${randomUUID()}`, `fl-identify-${randomUUID()}`, `fl-group-${randomUUID()}`];
    const ctx = { library: { name: 'analytics-flutter', version: '1.1.10' }, instanceId: randomUUID() }; // lib/plugins/inject_context.dart: ContextLibrary("analytics-flutter", …)
    const anon = randomUUID();
    const batch = [
      { anonymousId: anon, messageId: ids[0], userId: null, timestamp: ts, context: ctx, integrations: {}, _metadata: meta, event: 'Opened', properties: null, type: 'track' },
      { anonymousId: anon, messageId: ids[1], userId: 'u-fl', timestamp: ts, context: ctx, integrations: {}, _metadata: meta, traits: null, type: 'identify' },
      { anonymousId: anon, messageId: ids[2], userId: null, timestamp: ts, context: ctx, integrations: null, _metadata: null, groupId: 'g-fl', traits: null, type: 'group' },
    ];
    const body = Buffer.from(JSON.stringify({ batch, sentAt: ts, writeKey: 'flKEY123' }));
    const res = await rawPost(t.engine.url, '/v1/b', [['User-Agent', 'analytics-flutter/1.1.10'], ['Content-Type', 'application/json; charset=utf-8'], ['Accept-Encoding', 'gzip'], ['Content-Length', String(body.length)], ['Host', '127.0.0.1:8787']], body);
    expect(res.status).toBe(200);
    for (const c of await capturesOf(ids)) {
      expect(c.origin).toMatchObject({ endpoint: '/v1/b', writeKeySource: 'body' });
      expectNothingAgainstTheLibrary(c, LIBRARY_FIELDS);
    }
  });
});

describe('the classic analytics-android 4.11.4 and analytics-ios 4.1.8', () => {
  // analytics-android analytics/src/main/java/com/segment/analytics/ConnectionFactory.java (upload,
  // openConnection): POST https://<apiHost>/import (apiHost "api.segment.io/v1"), Content-Type
  // application/json, User-Agent analytics-android/<version>, Content-Encoding gzip, no
  // Authorization; body from SegmentIntegration.java's BatchPayloadWriter: {"batch":[…],
  // "sentAt":…,"writeKey":…}. A non-429 4xx removes the payloads from its queue for good.
  it('analytics-android: a gzipped batch to /v1/import: 200, stored with context.library, nothing flagged', async () => {
    const ts = now();
    const ids = [`android-track-${randomUUID()}`];
    const ev = { messageId: ids[0], type: 'track', channel: 'mobile', context: { library: { name: 'analytics-android', version: '4.11.4' }, app: { name: 'a' } }, anonymousId: randomUUID(), timestamp: ts, integrations: {}, event: 'Clicked', properties: { x: 1 } };
    const body = gzipSync(`{"batch":[${JSON.stringify(ev)}],"sentAt":"${ts}","writeKey":"androidKEY123"}`);
    const res = await rawPost(t.engine.url, '/v1/import', [['Content-Type', 'application/json'], ['User-Agent', 'analytics-android/4.11.4'], ['Content-Encoding', 'gzip'], ['Host', '127.0.0.1:8787'], ['Transfer-Encoding', 'chunked']], body);
    expect(res.status).toBe(200);
    const [c] = await capturesOf(ids);
    expect(c.origin).toMatchObject({ endpoint: '/v1/import', writeKeySource: 'body' });
    expect((c.message.context as { library: unknown }).library).toEqual({ name: 'analytics-android', version: '4.11.4' });
    expectNothingAgainstTheLibrary(c, [...LIBRARY_FIELDS, 'channel']);
  });

  // analytics-ios Segment/Classes/SEGHTTPClient.m (upload:forWriteKey:): POST <apiHost>/batch
  // (kSegmentAPIBaseHost "https://api.segment.io/v1"), gzipped (seg_gzippedData), Content-Type
  // application/json, Content-Encoding gzip, Accept-Encoding gzip, User-Agent analytics-ios/<version>,
  // no Authorization; SEGSegmentIntegration.m puts sentAt, writeKey and batch in the body.
  it('analytics-ios: a gzipped batch to /v1/batch: 200, stored with context.library, nothing flagged', async () => {
    const ts = now();
    const ids = [`ios-screen-${randomUUID()}`];
    const ev = { messageId: ids[0], type: 'screen', name: 'Home', properties: {}, context: { library: { name: 'analytics-ios', version: '4.1.8' } }, anonymousId: randomUUID().toUpperCase(), timestamp: ts, integrations: {} };
    const body = gzipSync(JSON.stringify({ sentAt: ts, writeKey: 'iosKEY123', batch: [ev] }).replace(/\//g, '\\/'));
    const res = await rawPost(t.engine.url, '/v1/batch', [['Host', '127.0.0.1:8787'], ['Content-Type', 'application/json'], ['Accept-Encoding', 'gzip'], ['Content-Encoding', 'gzip'], ['User-Agent', 'analytics-ios/4.1.8'], ['Content-Length', String(body.length)]], body);
    expect(res.status).toBe(200);
    const [c] = await capturesOf(ids);
    expect(c.origin).toMatchObject({ endpoint: '/v1/batch', writeKeySource: 'body' });
    expect((c.message.context as { library: unknown }).library).toEqual({ name: 'analytics-ios', version: '4.1.8' });
    expectNothingAgainstTheLibrary(c, LIBRARY_FIELDS);
  });
});
