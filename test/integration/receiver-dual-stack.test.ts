// The receiver bound to '::' (IPv6 and IPv4 on one socket, as `--host ::` asks): an IPv4 client
// then has an IPv4-mapped address (::ffff:a.b.c.d), which the Connect tab's activity shows as
// plain IPv4; a source's settings name an IPv6 listener's own address in brackets when the Host
// header cannot be used.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
let port: number;
/** Set where this machine has no IPv6 (a container started without it): the tests say so and skip. */
let noIpv6: string | undefined;
beforeAll(async () => {
  try {
    t = await startTestEngine({ host: '::' });
    port = Number(new URL(t.engine.url).port);
  } catch (e) {
    noIpv6 = `cannot listen on '::' here (${(e as Error).message}): no IPv6 on this machine`;
    console.log(`[receiver-dual-stack skipped] ${noIpv6}`);
  }
});
afterAll(() => t?.dispose());

/** GET on the receiver from a chosen local address, with exactly these headers (no Host unless given). */
function get(host: string, localAddress: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, localAddress, headers, setHost: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const lastActivity = async () => (await t!.engine.call('connect.activity', undefined)).at(-1)!;

describe("a receiver on '::'", () => {
  it('an IPv4 client (every part of its address more than one digit) is shown as IPv4, not ::ffff:…', async (ctx) => {
    if (noIpv6) ctx.skip();
    const res = await get('127.0.0.1', '127.10.20.30', '/v1/projects/wk_dual/settings', { Host: `127.0.0.1:${port}`, 'User-Agent': 'analytics-kotlin/1.20.0' });
    expect(res.status).toBe(200);
    expect(await lastActivity()).toMatchObject({ kind: 'settings', from: '127.10.20.30', client: 'analytics-kotlin/1.20.0' });
  });

  it('an IPv6 client keeps its address; with a Host that is no host, the settings name the listener as [::1]:port', async (ctx) => {
    if (noIpv6) ctx.skip();
    const res = await get('::1', '::1', '/v1/projects/wk_dual6/settings', { Host: 'a b' });
    expect(res.status).toBe(200);
    const settings = JSON.parse(res.body) as { integrations: Record<string, { apiHost: string }> };
    expect(settings.integrations['Segment.io'].apiHost).toBe(`[::1]:${port}/v1`);
    expect(await lastActivity()).toMatchObject({ kind: 'settings', from: '::1', apiHost: `[::1]:${port}/v1` });
  });
});
