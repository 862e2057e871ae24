// A source's settings and analytics.js asked for under a path the receiver does not serve them at:
// analytics-next's `cdnURL` set with a path (`http://127.0.0.1:8787/segment-cdn`, as a site that
// proxies Segment's CDN under its own path would set it), or a mobile library's `cdnHost` without
// its `/v1` (analytics-kotlin asks https://<cdnHost>/projects/<key>/settings). Those GETs fell to
// the UI's pages: from a page on another origin a 403 without CORS, which analytics-next reports
// only as "Failed to fetch" (its load fails, every call is lost; seen in Chromium), and from the
// machine itself the UI's index.html with a 200, which no library can read as settings. Nothing
// was listed on the Connect tab. Now a 404 any origin can read, naming the path to use, listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientActivity } from '../../src-shared/api';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const activity = () => t.engine.call('connect.activity', undefined) as Promise<ClientActivity[]>;

/** A GET as analytics-next's settings fetch makes it from a shop on another origin. */
async function fromShop(path: string): Promise<{ status: number; cors: string | null; body: string }> {
  const res = await fetch(`${t.engine.url}${path}`, { headers: { Origin: 'http://localhost:3000', Referer: 'http://localhost:3000/checkout', 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors' } });
  return { status: res.status, cors: res.headers.get('access-control-allow-origin'), body: await res.text() };
}

describe('a CDN path asked for under another path', () => {
  it("analytics-next's cdnURL with a path: a 404 the page can read, naming the settings' path and the cdnURL to set; listed", async () => {
    const { host } = new URL(t.engine.url);
    const res = await fromShop('/segment-cdn/v1/projects/shop_key/settings');
    expect(res.status).toBe(404);
    expect(res.cors).not.toBeNull();
    const answer = JSON.parse(res.body) as { code: string; error: string; message: string };
    expect(answer.code).toBe('unknown-path');
    expect(answer.error).toBe(
      `nothing here serves /segment-cdn/v1/projects/shop_key/settings: a source's settings are at /v1/projects/shop_key/settings, with nothing before /v1/ (as on Segment's CDN): set analytics.js's cdnURL to http://${host} with no path, or a mobile library's cdnHost to ${host}/v1`,
    );
    expect(answer.message).toBe(answer.error);
    expect((await activity()).at(-1)).toMatchObject({ kind: 'refused', client: 'http://localhost:3000/checkout', method: 'GET', endpoint: '/segment-cdn/v1/projects/shop_key/settings', status: 404, reason: answer.error });
  });

  it('a mobile cdnHost without /v1, asked from this machine (no Origin): the same 404, not the UI\'s page', async () => {
    const res = await fetch(`${t.engine.url}/projects/kotlin_key/settings`, { headers: { 'User-Agent': 'analytics-kotlin/1.20.0' } });
    expect(res.status).toBe(404);
    const answer = (await res.json()) as { error: string };
    expect(answer.error).toMatch(/^nothing here serves \/projects\/kotlin_key\/settings: a source's settings are at \/v1\/projects\/kotlin_key\/settings, /);
    expect((await activity()).at(-1)).toMatchObject({ kind: 'refused', client: 'analytics-kotlin/1.20.0', method: 'GET', endpoint: '/projects/kotlin_key/settings', status: 404 });
  });

  it("analytics.js and its chunks under a path: a 404 naming where they are", async () => {
    for (const [path, meant] of [
      ['/segment-cdn/analytics.js/v1/shop_key/analytics.min.js', '/analytics.js/v1/shop_key/analytics.min.js'],
      ['/segment-cdn/analytics-next/bundles/ajs-destination.bundle.js', '/analytics-next/bundles/ajs-destination.bundle.js'],
    ]) {
      const res = await fromShop(path);
      expect(res.status, path).toBe(404);
      expect(res.cors, path).not.toBeNull();
      expect((JSON.parse(res.body) as { error: string }).error).toMatch(new RegExp(`^nothing here serves ${path.replace(/\./g, '\\.')}: analytics\\.js is at ${meant.replace(/\./g, '\\.')}, `));
    }
  });

  it("a Tracking API or webhook path posted under another path (analytics-next's apiHost with a path before /v1): the 404 names the path to use and what is before it", async () => {
    for (const [path, meant, prefix] of [
      ['/segment/v1/t', '/v1/t', '/segment'],
      ['/proxy/api/v1/batch/', '/v1/batch/', '/proxy/api'],
      ['/hooks/webhook/pf', '/webhook/pf', '/hooks'],
    ]) {
      const res = await fetch(`${t.engine.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: 'http://localhost:3000' }, body: '{"userId":"u","event":"e"}' });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('http://localhost:3000');
      expect(((await res.json()) as { error: string }).error, path).toBe(
        `nothing here takes POST ${path}; use ${meant}: the client's host (analytics.js's apiHost) has "${prefix}" before ${meant.startsWith('/v1/') ? '/v1/' : '/webhook/'}, which the receiver does not serve under`,
      );
    }
    expect(await (await fetch(`${t.engine.url}/api/messages`)).json()).toEqual([]);
  });

  it('the real paths, the UI and its client routes are as before', async () => {
    expect((await fromShop('/v1/projects/shop_key/settings')).status).toBe(200);
    expect((await fetch(`${t.engine.url}/analytics.js/v1/shop_key/analytics.min.js`)).status).toBe(200);
    const page = await fetch(`${t.engine.url}/inspector`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
