// GET /v1/projects/<writeKey>/settings: a source's settings naming this receiver as apiHost.
// analytics-kotlin and analytics-swift put the `Segment.io` apiHost of the settings they download
// (or of their built-in ones, when the download fails) over the apiHost they were configured with
// (segmentio/analytics-kotlin#272, segmentio/analytics-swift#156): set apiHost alone, and their
// events go to api.segment.io. With cdnHost here too, they ask this receiver, which names itself.
// analytics-kotlin's requests are rebuilt as its source writes them (core/HTTPClient.kt: settings
// GET with Content-Type JSON; upload POST https://<apiHost>/b, text/plain, gzip, chunked; body
// {"batch":[…],"sentAt","writeKey"}): CI has no Kotlin. analytics.js is run for real in
// test/e2e/analytics-next.spec.ts.
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureByMessageId, rawPost } from './helpers/real-client';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
let caPem: string;
beforeAll(async () => {
  t = await startTestEngine({ httpsPort: 0 });
  caPem = await (await fetch(`${t.engine.url}/eventbench-ca.pem`)).text();
});
afterAll(() => t.dispose());

const KOTLIN_UA = 'analytics-kotlin/1.20.0';
type Settings = { integrations: Record<string, { apiKey: string; apiHost: string; protocol: string }>; metrics: { sampleRate: number } };

async function getSettings(url: string, path: string, host: string | undefined, extra: [string, string][] = []): Promise<{ status: number; settings: Settings }> {
  const headers: [string, string][] = [...(host === undefined ? [] : [['Host', host] as [string, string]]), ['Content-Type', 'application/json; charset=utf-8'], ['User-Agent', KOTLIN_UA], ...extra];
  const res = await rawPost(url, path, headers, '', { ca: caPem, method: 'GET' });
  return { status: res.status, settings: res.status === 200 ? (JSON.parse(res.body) as Settings) : (res.body as never) };
}

describe('a source\'s settings', () => {
  it('over HTTP: the receiver as apiHost (the host and port the client used), http, the write key as apiKey, telemetry off', async () => {
    const { host } = new URL(t.engine.url);
    const { status, settings } = await getSettings(t.engine.url, '/v1/projects/wk_kotlin/settings', host);
    expect(status).toBe(200);
    expect(settings.integrations).toEqual({
      'Segment.io': { apiKey: 'wk_kotlin', apiHost: `${host}/v1`, protocol: 'http', unbundledIntegrations: [], addBundledMetadata: true, maybeBundledConfigIds: {} },
    });
    expect(settings.metrics).toEqual({ sampleRate: 0 });
    // Only Segment.io: no device-mode destination or remote plugin for a library to load.
    expect(settings).toMatchObject({ remotePlugins: [], edgeFunction: {}, middlewareSettings: {} });
  });

  it('the address the client reached it by: the Android emulator\'s 10.0.2.2, an IPv6 literal, a name', async () => {
    for (const host of ['10.0.2.2:8443', '[::1]:8787', 'dev-laptop.local:8787', 'localhost']) {
      const { settings } = await getSettings(t.engine.url, '/v1/projects/k/settings', host);
      expect(settings.integrations['Segment.io'].apiHost).toBe(`${host}/v1`);
    }
  });

  it('a Host header that is no host, or none at all: the listener\'s own address', async () => {
    const { port } = new URL(t.engine.url);
    for (const host of ['evil.example/x?y', 'a b', '']) {
      const { settings } = await getSettings(t.engine.url, '/v1/projects/k/settings', host);
      expect(settings.integrations['Segment.io'].apiHost, host).toBe(`127.0.0.1:${port}/v1`);
    }
    // HTTP/1.0 may leave Host out (1.1 may not: Node answers 400 itself).
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end('GET /v1/projects/k/settings HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain(`"apiHost":"127.0.0.1:${port}/v1"`);
  });

  it('over HTTPS: https, and the HTTPS port', async () => {
    const httpsUrl = t.engine.info().https!.receiverUrl!;
    const { host } = new URL(httpsUrl);
    const { status, settings } = await getSettings(httpsUrl, '/v1/projects/wk_kotlin/settings', host);
    expect(status).toBe(200);
    expect(settings.integrations['Segment.io']).toMatchObject({ apiHost: `${host}/v1`, protocol: 'https' });
  });

  it('analytics-kotlin with cdnHost and apiHost here: settings, then its gzipped, chunked text/plain batch to the apiHost they name', async () => {
    const httpsUrl = t.engine.info().https!.receiverUrl!;
    const { settings } = await getSettings(httpsUrl, '/v1/projects/wk_kotlin_app/settings', new URL(httpsUrl).host);
    const apiHost = settings.integrations['Segment.io'].apiHost;
    // EventPipeline: https://$apiHost/b
    const upload = new URL(`https://${apiHost}/b`);
    const event = {
      type: 'track',
      event: 'Checkout Started',
      properties: { total: 12 },
      anonymousId: 'a2b8c1d0-5e6f-4a3b-9c8d-7e6f5a4b3c2d',
      messageId: 'kotlin-settings-1',
      integrations: {},
      context: { library: { name: 'analytics-kotlin', version: '1.20.0' }, os: { name: 'Android', version: '14' } },
      userId: '',
      timestamp: '2026-12-03T13:40:00.123Z',
    };
    const body = gzipSync(`{"batch":[${JSON.stringify(event)}],"sentAt":"2026-12-03T13:40:01.456Z","writeKey":"wk_kotlin_app"}`);
    const res = await rawPost(
      upload.origin,
      upload.pathname,
      [
        ['User-Agent', KOTLIN_UA],
        ['Content-Type', 'text/plain'],
        ['Content-Encoding', 'gzip'],
        ['Host', upload.host],
        ['Transfer-Encoding', 'chunked'],
      ],
      body,
      { ca: caPem },
    );
    expect(res).toEqual({ status: 200, body: '{"success":true}' });
    const c = await captureByMessageId(t.engine.url, 'kotlin-settings-1');
    expect(c.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/b', writeKeySource: 'body', writeKey: 'wk_…app' });
    expect(c.message).toMatchObject({ event: 'Checkout Started', sentAt: '2026-12-03T13:40:01.456Z' });
  });

  it('analytics-swift with cdnHost and apiHost here: settings, then its batch file as written line by line, to the apiHost they name', async () => {
    // Sources/Segment/Utilities/Networking/HTTPClient.swift: Content-Type JSON, User-Agent
    // analytics-ios/<version>, Accept-Encoding gzip on both; the body is a DirectoryStore file:
    // '{ "batch": [' and each event on its own line (',' before all but the first), then
    // '],"sentAt":…,"writeKey":…}', every line ending in a newline. JSONEncoder writes '/' as '\/'.
    const httpsUrl = t.engine.info().https!.receiverUrl!;
    const swiftHeaders = (host: string): [string, string][] => [
      ['Host', host],
      ['Content-Type', 'application/json; charset=utf-8'],
      ['User-Agent', 'analytics-ios/1.6.2'],
      ['Accept-Encoding', 'gzip'],
    ];
    const settingsRes = await rawPost(httpsUrl, '/v1/projects/wk_swift_app/settings', swiftHeaders(new URL(httpsUrl).host), '', { ca: caPem, method: 'GET' });
    const apiHost = (JSON.parse(settingsRes.body) as Settings).integrations['Segment.io'].apiHost;
    const upload = new URL(`https://${apiHost}/b`);
    const now = Date.now();
    const at = (ms: number) => new Date(now + ms).toISOString();
    const events = [
      { anonymousId: 'F3C1B2A4-0D5E-4C8B-9A7F-1E2D3C4B5A69', context: { app: { name: 'Shop', version: '2.1' }, library: { name: 'analytics-swift', version: '1.6.2' }, page: { url: 'https://shop.example/cart' } }, event: 'Cart Viewed', integrations: {}, messageId: 'swift-settings-1', properties: { items: 2 }, timestamp: at(-2000), type: 'track' },
      { anonymousId: 'F3C1B2A4-0D5E-4C8B-9A7F-1E2D3C4B5A69', context: { library: { name: 'analytics-swift', version: '1.6.2' } }, integrations: {}, messageId: 'swift-settings-2', name: 'Cart', properties: {}, timestamp: at(-1000), type: 'screen' },
    ];
    const swiftJson = (e: object) => JSON.stringify(e).replace(/\//g, '\\/');
    const body = `{ "batch": [\n${swiftJson(events[0])}\n,${swiftJson(events[1])}\n],"sentAt":"${at(0)}","writeKey":"wk_swift_app"}\n`;
    const res = await rawPost(upload.origin, upload.pathname, [...swiftHeaders(upload.host), ['Content-Length', String(Buffer.byteLength(body))]], body, { ca: caPem });
    expect(res).toEqual({ status: 200, body: '{"success":true}' });
    const first = await captureByMessageId(t.engine.url, 'swift-settings-1');
    const second = await captureByMessageId(t.engine.url, 'swift-settings-2');
    expect(first.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/b', writeKeySource: 'body', writeKey: 'wk_…app' });
    expect(first.message).toMatchObject({ event: 'Cart Viewed', sentAt: at(0), context: { page: { url: 'https://shop.example/cart' } } });
    expect(second.message).toMatchObject({ type: 'screen', name: 'Cart' });
    expect(first.dropReasons).toEqual([]);
    // Nothing against the library's own fields, not even a note (its clock is this machine's here).
    expect(first.findings.filter((f) => f.profile === 'segment')).toEqual([]);
  });

  it('OPTIONS, HEAD, another method, and a key that is not valid percent-encoding', async () => {
    const url = t.engine.url;
    const path = '/v1/projects/wk/settings';
    const preflight = await fetch(`${url}${path}`, { method: 'OPTIONS', headers: { origin: 'http://shop.test', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://shop.test');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    const head = await fetch(`${url}${path}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
    expect(await head.text()).toBe('');
    const get = await fetch(`${url}/v1/projects/wk%20key%2Fx/settings`, { headers: { origin: 'http://shop.test' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('http://shop.test');
    expect(get.headers.get('cache-control')).toBe('no-store');
    expect(get.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(((await get.json()) as Settings).integrations['Segment.io'].apiKey).toBe('wk key/x');
    const post = await fetch(`${url}${path}`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await post.json()).toMatchObject({ code: 'method-not-allowed', error: "POST is not allowed on a source's settings; use GET" });
    const bad = await fetch(`${url}/v1/projects/%E0%A4%A/settings`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'bad-write-key', error: 'the write key in the settings path is empty or not valid percent-encoding' });
  });

  it('keeps nothing: a settings request is no capture', async () => {
    const before = (await t.engine.call('messages.list', undefined)).length;
    await getSettings(t.engine.url, '/v1/projects/wk/settings', new URL(t.engine.url).host);
    expect((await t.engine.call('messages.list', undefined)).length).toBe(before);
  });
});

