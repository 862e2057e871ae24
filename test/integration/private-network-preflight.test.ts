// A page on a public https site (a staging or production shop) sending to the receiver on
// loopback: Chrome's Private Network Access asks first, with `Access-Control-Request-Private-Network:
// true` on the preflight, and sends only when the answer carries `Access-Control-Allow-Private-Network:
// true`. Without it the page's events, its settings download and analytics.js itself were blocked
// before any request reached the receiver. Over real HTTP on loopback, with the headers Chrome sends.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

function preflight(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.engine.url}${path}`, { method: 'OPTIONS', headers: { origin: 'https://shop.example.com', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

const PNA = { 'access-control-request-private-network': 'true' };

describe('Private Network Access preflights', () => {
  it('the Tracking API allows a public page to reach it on loopback', async () => {
    const r = await preflight('/v1/t', { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type', ...PNA });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(r.headers['access-control-allow-private-network']).toBe('true');
  });

  it("a source's settings and analytics.js itself too", async () => {
    const settings = await preflight('/v1/projects/web_key/settings', { 'access-control-request-method': 'GET', ...PNA });
    expect(settings.status).toBe(204);
    expect(settings.headers['access-control-allow-private-network']).toBe('true');
    for (const path of ['/analytics.js/v1/web_key/analytics.min.js', '/analytics-next/bundles/ajs-destination.bundle.js']) {
      const script = await preflight(path, { 'access-control-request-method': 'GET', ...PNA });
      expect(script.status, path).toBe(204);
      expect(script.headers['access-control-allow-origin'], path).toBe('*');
      expect(script.headers['access-control-allow-private-network'], path).toBe('true');
    }
  });

  it('a preflight that does not ask is not told', async () => {
    const r = await preflight('/v1/t', { 'access-control-request-method': 'POST' });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-private-network']).toBeUndefined();
  });
});
