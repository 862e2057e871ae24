// The Connect tab's client activity, over real sockets: a library downloading its settings, a page
// loading analytics.js, a client refusing the HTTPS certificate or speaking plain HTTP to it. Kept
// in memory (the last 20), pushed as each happens; requests that tell nothing (HEAD, OPTIONS,
// analytics.js's chunks) are not kept.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_KEPT, type ClientActivity } from '../../src-shared/api';
import { refusedCertificateReason } from '../../src-main/receiver/http-server';
import { maskWriteKey } from '../../src-shared/summary';
import { eventually, startTestEngine, type TestEngine } from './helpers/engine';
import { rawPost } from './helpers/real-client';

const umd = join(dirname(createRequire(import.meta.url).resolve('@segment/analytics-next/package.json')), 'dist', 'umd');

let t: TestEngine;
const pushed: ClientActivity[] = [];
beforeAll(async () => {
  t = await startTestEngine({ httpsPort: 0 });
  t.engine.subscribe((e) => {
    if (e.name === 'connect.activity') pushed.push(e.payload);
  });
});
afterAll(() => t.dispose());

const activity = () => t.engine.call('connect.activity', undefined);

/** A plain HTTP POST to a port (the HTTPS one: its answer, if any, does not matter). */
function plainHttpTo(port: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/v1/track', method: 'POST' }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', () => resolve());
    req.end('{}');
  });
}

describe('client activity', () => {
  it('a settings download: who, from where, the key masked, and where it was told to send', async () => {
    const res = await fetch(`${t.engine.url}/v1/projects/wk_swift_app_42/settings`, { headers: { 'user-agent': 'analytics-ios/1.6.2' } });
    expect(res.status).toBe(200);
    const [a] = await activity();
    expect(a).toMatchObject({ kind: 'settings', from: '127.0.0.1', client: 'analytics-ios/1.6.2', writeKeyMasked: 'wk_…_42', apiHost: `${new URL(t.engine.url).host}/v1` });
    expect(Date.parse(a.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(pushed).toEqual([a]);
    // The key itself is nowhere in it.
    expect(JSON.stringify(await activity())).not.toContain('wk_swift_app_42');
  });

  it('analytics.js loaded by a page (its Referer); its chunks, HEAD and OPTIONS are not kept', async () => {
    const before = (await activity()).length;
    await fetch(`${t.engine.url}/analytics.js/v1/k/analytics.min.js`, { headers: { referer: 'http://localhost:5173/checkout' } });
    await fetch(`${t.engine.url}/analytics.js/v1/k/analytics.min.js`, { method: 'HEAD' });
    await fetch(`${t.engine.url}/v1/projects/k/settings`, { method: 'OPTIONS' });
    await fetch(`${t.engine.url}/v1/projects/k/settings`, { method: 'HEAD' });
    await fetch(`${t.engine.url}/analytics-next/bundles/nope.js`);
    const chunk = readdirSync(umd).find((f) => /\.bundle\.[0-9a-f]+\.js$/.test(f))!;
    expect((await fetch(`${t.engine.url}/analytics-next/bundles/${chunk}`)).status).toBe(200);
    const after = await activity();
    expect(after.slice(before)).toEqual([expect.objectContaining({ kind: 'analytics-js', from: '127.0.0.1', client: 'http://localhost:5173/checkout' })]);
  });

  it('plain HTTP sent to the HTTPS port', async () => {
    const port = Number(new URL(t.engine.info().https!.receiverUrl!).port);
    await plainHttpTo(port);
    const last = (await activity()).at(-1)!;
    expect(last).toMatchObject({ kind: 'tls-refused', from: '127.0.0.1', reason: 'the client spoke plain HTTP to the HTTPS port: use https://, or the plain port' });
  });

  // analytics-ruby and analytics-php speak TLS whatever they are told, and the mobile libraries
  // always: pointed at the plain port, their handshake was answered with an HTTP 400 (which a TLS
  // client cannot read: "wrong version number") and nothing showed here.
  it('TLS sent to the plain HTTP port', async () => {
    const port = Number(new URL(t.engine.url).port);
    const before = (await activity()).length;
    await new Promise<void>((resolve) => {
      const s = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, servername: 'localhost' });
      s.on('error', () => resolve());
      s.on('close', () => resolve());
    });
    const added = (await activity()).slice(before);
    // Every Segment library but analytics.js puts https:// before the apiHost of the settings it
    // downloads, whatever their protocol says (analytics-react-native SegmentDestination.ts update():
    // `https://${apiHost}/b`; analytics-ios SEGUtils.m saveAPIHost; analytics-android
    // ConnectionFactory.upload; kotlin, swift, C#, flutter: "https://" + host + path): settings asked
    // for on this port (React Native's cdnProxy, a rewritten URL) name this port, and the batch comes
    // as TLS. The reason says so, and what to set instead.
    expect(added).toEqual([
      expect.objectContaining({
        kind: 'tls-refused',
        from: '127.0.0.1',
        reason:
          "the client spoke TLS (https://) to the plain HTTP port: use http://, or the HTTPS port. Segment's mobile and .NET libraries put https:// before the apiHost of the settings they download, whatever their protocol says: ask for the settings on the HTTPS port (cdnHost), or give analytics-react-native a proxy ending in /v1/b on this port, which it posts to as it is",
      }),
    ]);
    // The port still answers HTTP.
    expect((await fetch(`${t.engine.url}/api/health`)).status).toBe(200);
  });

  it('a client that does not trust the authority (Python\'s ssl, as analytics-python without REQUESTS_CA_BUNDLE): "unknown CA"', async (ctx) => {
    const port = new URL(t.engine.info().https!.receiverUrl!).port;
    const script = `import socket, ssl\ntry:\n  ssl.create_default_context().wrap_socket(socket.create_connection(("127.0.0.1", ${port})), server_hostname="localhost")\nexcept ssl.SSLError as e:\n  print("refused", e.reason)`;
    const out = await new Promise<string | undefined>((resolve) => execFile('python3', ['-c', script], (err, stdout) => resolve(err ? undefined : stdout)));
    if (out === undefined) {
      console.log('[client-activity] no python3 here: the "unknown CA" alert is checked by refusedCertificateReason below only');
      ctx.skip();
    }
    expect(out).toContain('refused CERTIFICATE_VERIFY_FAILED');
    // The server reads the client's alert a moment after the client has gone: wait for its push.
    const last = await eventually(t.engine, async () => (await activity()).find((a) => a.reason?.includes('unknown CA')));
    expect(last).toMatchObject({ kind: 'tls-refused', from: '127.0.0.1' });
    expect(last.reason).toMatch(/^the client does not trust the certificate authority \(TLS alert "unknown CA"\): install eventbench-ca\.pem where the client runs/);
  });

  it('the client as its header names it, cut to 200 characters; no header, no client', async () => {
    const long = `analytics-swift/1.6.2 ${'x'.repeat(300)}`;
    await (await fetch(`${t.engine.url}/v1/projects/wk_long_ua/settings`, { headers: { 'user-agent': long } })).text();
    expect((await activity()).at(-1)).toMatchObject({ kind: 'settings', client: long.slice(0, 200) });
    // node:http adds no User-Agent of its own.
    const res = await rawPost(t.engine.url, '/v1/projects/wk_no_ua/settings', [['Host', new URL(t.engine.url).host]], '', { method: 'GET' });
    expect(res.status).toBe(200);
    const last = (await activity()).at(-1)!;
    expect(last).toMatchObject({ kind: 'settings', writeKeyMasked: maskWriteKey('wk_no_ua') });
    expect('client' in last).toBe(false);
  });

  it('a client that resets the connection before its handshake is not reported; the next refusal is', async () => {
    const port = Number(new URL(t.engine.info().https!.receiverUrl!).port);
    const before = (await activity()).length;
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.resetAndDestroy());
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
    });
    // A refusal that is reported, after the reset: its entry comes once the reset's error is handled.
    await plainHttpTo(port);
    const added = await eventually(t.engine, async () => {
      const list = await activity();
      return list.length > before ? list.slice(before) : undefined;
    });
    expect(added).toEqual([expect.objectContaining({ kind: 'tls-refused', reason: expect.stringContaining('plain HTTP') })]);
    for (const a of added) expect(a.reason).toBeDefined();
  });

  it('a Tracking API request refused (over 32 KB, a path that is not Segment\'s): the client, the endpoint, the status and why; a 200 is not kept', async () => {
    const before = (await activity()).length;
    const ok = await fetch(`${t.engine.url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'u', event: 'Fine' }) });
    expect(ok.status).toBe(200);
    // analytics-node's User-Agent; analytics-node gives up on a 400 ("delivery_failure"): nothing was captured.
    const big = await fetch(`${t.engine.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'analytics-node-next/latest' },
      body: JSON.stringify({ batch: [{ type: 'track', userId: 'u', event: 'Report Exported', properties: { csv: 'a,b,c\n'.repeat(7000) } }] }),
    });
    expect(big.status).toBe(400);
    const refusedBig = (await activity()).at(-1)!;
    expect(refusedBig).toMatchObject({ kind: 'refused', from: '127.0.0.1', client: 'analytics-node-next/latest', endpoint: '/v1/batch', status: 400 });
    expect(refusedBig.reason).toBe(((await big.json()) as { error: string }).error);
    // A page (analytics.js): named by the page, as for analytics.js loaded here, not by its browser's User-Agent.
    const page = await fetch(`${t.engine.url}/v1/t`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://127.0.0.1:5173', referer: 'http://127.0.0.1:5173/billing', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)' },
      body: JSON.stringify({ type: 'track', userId: 'u', event: 'Notes Uploaded', properties: { notes: 'x'.repeat(40_000) } }),
    });
    expect(page.status).toBe(400);
    expect((await activity()).at(-1)).toMatchObject({ kind: 'refused', client: 'http://127.0.0.1:5173/billing', endpoint: '/v1/t', status: 400 });
    const typo = await fetch(`${t.engine.url}/v1/trak`, { method: 'POST', body: '{}' });
    expect(typo.status).toBe(404);
    const refusedTypo = (await activity()).at(-1)!;
    expect(refusedTypo).toMatchObject({ kind: 'refused', endpoint: '/v1/trak', status: 404 });
    expect(refusedTypo.reason).toMatch(/^unknown Tracking API path \/v1\/trak/);
    expect((await activity()).slice(before).map((a) => a.kind)).toEqual(['refused', 'refused', 'refused']);
    expect(pushed.slice(-3)).toEqual((await activity()).slice(-3));
  });

  it(`keeps the last ${ACTIVITY_KEPT}`, async () => {
    for (let i = 0; i < ACTIVITY_KEPT + 3; i++) await fetch(`${t.engine.url}/v1/projects/source_number_${String(i).padStart(2, '0')}/settings`);
    const kept = await activity();
    expect(kept).toHaveLength(ACTIVITY_KEPT);
    // The oldest went first: the last kept are the last fetched, in order.
    expect(kept.slice(-3).map((a) => a.writeKeyMasked)).toEqual([20, 21, 22].map((i) => maskWriteKey(`source_number_${i}`)));
  });
});

describe('refusedCertificateReason', () => {
  it.each([
    ['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', /does not trust the certificate authority \(TLS alert "unknown CA"\)/],
    ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN', /refused the certificate \(TLS alert "certificate unknown"\), most often because it does not trust the authority/],
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', /TLS alert "bad certificate"/],
    ['ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE', /TLS alert "unsupported certificate"/],
    ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', /^the client says the certificate has expired: check the clock/],
    ['ERR_SSL_HTTP_REQUEST', /^the client spoke plain HTTP to the HTTPS port/],
    ['ERR_SSL_WRONG_VERSION_NUMBER', /^the client spoke plain HTTP to the HTTPS port/],
  ])('%s', (code, reason) => expect(refusedCertificateReason({ code })).toMatch(reason));

  it('the whole advice, for an authority the client does not know and for a certificate it refused', () => {
    const trust = 'install eventbench-ca.pem where the client runs (the steps are below)';
    expect(refusedCertificateReason({ code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' })).toBe(`the client does not trust the certificate authority (TLS alert "unknown CA"): ${trust}`);
    expect(refusedCertificateReason({ code: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN' })).toBe(
      `the client refused the certificate (TLS alert "certificate unknown"), most often because it does not trust the authority: ${trust}`,
    );
  });

  it('plain HTTP known by the message alone (OpenSSL\'s "http request", no code)', () => {
    expect(refusedCertificateReason({ message: 'error:0A00009C:SSL routines::http request' })).toBe('the client spoke plain HTTP to the HTTPS port: use https://, or the plain port');
    expect(refusedCertificateReason({ message: 'error:0A00009C:SSL routines::HTTP REQUEST' })).toMatch(/plain HTTP/);
  });

  it('a code that does not end in the alert\'s name: the alert is called "certificate"', () => {
    expect(refusedCertificateReason({ code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE (from the peer)' })).toMatch(/\(TLS alert "certificate"\)/);
  });

  it.each(['ECONNRESET', 'ERR_TLS_HANDSHAKE_TIMEOUT', 'ERR_SSL_NO_SHARED_CIPHER', undefined])('%s is not reported', (code) => {
    expect(refusedCertificateReason({ code })).toBeUndefined();
  });
});
