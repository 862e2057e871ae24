// Forwarding to a URL that answers with a redirect (an http:// address whose server moves it to
// https://, a proxy moved to another path). fetch followed it: a POST redirected by a 301 or 302 is
// sent on as a GET without its body, so the batch never arrived, yet the GET's 200 marked every
// message forwarded. A real server on loopback stands in for the destination.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForwardStatus } from '../../src-shared/api';
import { eventually, postJson, startTestEngine, type TestEngine } from './helpers/engine';

const APP_KEY = 'wk_app_redirect_1';
let t: TestEngine;
let server: Server;
let base: string;
const requests: { method: string; url: string; bytes: number }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', bytes });
      if (req.url?.startsWith('/old/')) {
        res.writeHead(req.url.includes('moved-for-good') ? 308 : 301, { Location: req.url.replace('/old/', '/new/') });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"success":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestEngine({ forwardBackoffMs: 20 });
});
afterAll(async () => {
  await t.dispose();
  await new Promise((r) => server.close(r));
});

const status = async (): Promise<ForwardStatus> => (await t.engine.call('forward.status', undefined))[0];

describe('forwarding to a URL that redirects', () => {
  it('is not followed: the messages stay pending, and the status names where it points and what to set', async () => {
    const source = { id: 'app', name: 'App', kind: 'custom', writeKey: APP_KEY, destinations: [], forward: { to: `${base}/old`, writeKey: 'seg-key' } };
    expect((await fetch(`${t.engine.url}/api/workspace`, { method: 'PUT', body: JSON.stringify({ sources: [source] }) })).status).toBe(200);
    expect((await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'Redirected' }, { authorization: `Basic ${Buffer.from(`${APP_KEY}:`).toString('base64')}` })).status).toBe(200);
    const s = await eventually(t.engine, async () => {
      const now = await status();
      return now.state === 'retrying' && now.lastError ? now : undefined;
    });
    expect(s).toMatchObject({ forwarded: 0, failed: 0, pending: 1 });
    expect(s.lastError).toMatch(
      new RegExp(`^answered 301 with a redirect to ${base}/new/v1/batch: forwarding does not follow redirects \\(a POST redirected by a 301 or 302 goes on as a GET without its batch\\); set the forward URL to ${base}/new; retry \\d+ in `),
    );
    // Nothing went on as a GET, and the batch was not counted as forwarded.
    expect(requests.filter((r) => r.url.startsWith('/new/'))).toEqual([]);

    // The URL set right: the pending message goes.
    expect((await fetch(`${t.engine.url}/api/workspace`, { method: 'PUT', body: JSON.stringify({ sources: [{ ...source, forward: { to: `${base}/new` } }] }) })).status).toBe(200);
    await eventually(t.engine, async () => (await status()).forwarded === 1);
    expect(requests.filter((r) => r.url === '/new/v1/batch')).toEqual([{ method: 'POST', url: '/new/v1/batch', bytes: expect.any(Number) }]);
    expect(requests.find((r) => r.url === '/new/v1/batch')!.bytes).toBeGreaterThan(50);
  });
});
