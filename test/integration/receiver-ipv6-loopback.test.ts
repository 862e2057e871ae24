// The receiver on its default host (127.0.0.1) listens on ::1 as well, on the same port, with the
// same handlers: a client given http://[::1]:port, or a tool that resolves localhost to ::1 only,
// is not refused. Never on '::' or 0.0.0.0 (that would reach beyond this machine). Health and
// settings keep naming the one URL (127.0.0.1); closing the engine closes both. Where ::1 cannot
// take the port, the engine still starts and a store warning says so. Skipped, saying why, where
// the machine has no IPv6 (as receiver-dual-stack.test.ts is).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

/** Set where this machine has no IPv6: the tests say so and skip. */
let noIpv6: string | undefined;
beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => {
    probe.once('error', (e: NodeJS.ErrnoException) => {
      noIpv6 = `cannot listen on ::1 here (${e.code ?? e.message}): no IPv6 on this machine`;
      console.log(`[receiver-ipv6-loopback skipped] ${noIpv6}`);
      resolve();
    });
    probe.listen(0, '::1', () => probe.close(() => resolve()));
  });
});

const engines: TestEngine[] = [];
const blockers: Server[] = [];
afterEach(async () => {
  for (const t of engines.splice(0)) await t.dispose();
  for (const b of blockers.splice(0)) await new Promise<void>((resolve) => b.close(() => resolve()));
});

async function start(extra: Parameters<typeof startTestEngine>[0] = {}): Promise<TestEngine> {
  const t = await startTestEngine(extra);
  engines.push(t);
  return t;
}

const portOf = (url: string) => Number(new URL(url).port);

/** GET to host:port (an IPv6 address unbracketed), with a Host header naming it as a client would. */
function get(scheme: 'http' | 'https', host: string, port: number, path: string, ca?: string): Promise<{ status: number; body: string; peer: string | undefined }> {
  const hostHeader = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    const options = { host, port, path, headers: { Host: hostHeader }, agent: false as const };
    const req = scheme === 'https' ? httpsRequest({ ...options, ca }) : httpRequest(options);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, peer: res.socket.remoteAddress }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the receiver on its default host', () => {
  it('answers on [::1] at the same port (port 0 gives one port for both); health and settings still name 127.0.0.1', async (ctx) => {
    if (noIpv6) ctx.skip();
    const t = await start();
    expect(t.engine.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const port = portOf(t.engine.url);
    const six = await get('http', '::1', port, '/api/health');
    expect(six.status).toBe(200);
    expect(six.peer).toBe('::1');
    const four = await get('http', '127.0.0.1', port, '/api/health');
    expect(JSON.parse(six.body)).toMatchObject({ receiverUrl: t.engine.url });
    expect(JSON.parse(six.body).receiverUrl).toBe(JSON.parse(four.body).receiverUrl);
    // A Tracking API call over ::1 is captured like any other.
    const settings = await get('http', '::1', port, '/v1/projects/wk_six/settings');
    expect(settings.status).toBe(200);
    expect(t.engine.info().receiverUrl).toBe(t.engine.url);
    expect(t.engine.info().storeWarnings).toEqual([]);
  });

  it('the HTTPS receiver answers on [::1] at its port too', async (ctx) => {
    if (noIpv6) ctx.skip();
    const t = await start({ httpsPort: 0 });
    const https = t.engine.info().https!;
    expect(https.error).toBeUndefined();
    expect(https.receiverUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = await (await fetch(`${t.engine.url}${https.caPath}`)).text();
    const six = await get('https', '::1', portOf(https.receiverUrl!), '/api/health', ca);
    expect(six.status).toBe(200);
    expect(JSON.parse(six.body)).toMatchObject({ receiverUrl: t.engine.url });
  });

  it('closing the engine closes [::1] as well', async (ctx) => {
    if (noIpv6) ctx.skip();
    const t = await start({ httpsPort: 0 });
    const port = portOf(t.engine.url);
    const httpsPort = portOf(t.engine.info().https!.receiverUrl!);
    expect((await get('http', '::1', port, '/api/health')).status).toBe(200);
    await t.engine.close();
    await expect(get('http', '::1', port, '/api/health')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(get('https', '::1', httpsPort, '/api/health')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('where ::1 cannot take the port, the engine starts on 127.0.0.1 alone and a store warning says so', async (ctx) => {
    if (noIpv6) ctx.skip();
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '::1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const t = await start({ port });
    expect(t.engine.url).toBe(`http://127.0.0.1:${port}`);
    expect((await get('http', '127.0.0.1', port, '/api/health')).status).toBe(200);
    const warnings = t.engine.info().storeWarnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`port ${port} on ::1 is in use`);
    expect(warnings[0]).toContain(`http://[::1]:${port}`);
    expect(t.logged.some((l) => l.includes(`port ${port} on ::1 is in use`))).toBe(true);
  });

  it('a receiver on another host listens there only (never on ::1 beside it)', async (ctx) => {
    if (noIpv6) ctx.skip();
    const t = await start({ host: '127.0.0.2' });
    const port = portOf(t.engine.url);
    expect((await get('http', '127.0.0.2', port, '/api/health')).status).toBe(200);
    await expect(get('http', '::1', port, '/api/health')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
