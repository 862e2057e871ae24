// Bound beyond loopback, the UI, /ws and /api need the access token; /v1 and /webhook stay open.
// Before, `curl -H 'Host: evil.test' .../api/export` returned the whole capture log.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestEngine, type TestEngine } from './helpers/engine';

const TOKEN = 'test-token-0123456789abcdef';
let t: TestEngine;
let port: number;
beforeAll(async () => {
  t = await startTestEngine({ host: '0.0.0.0', accessToken: TOKEN });
  port = Number(new URL(t.engine.url).port);
});
afterAll(() => t.dispose());

/** A raw request, so the Host header can be anything (fetch would not let a test set it). */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('access token off loopback', () => {
  it('refuses the API without the token, whatever the Host says', async () => {
    const r = await raw('/api/export', { host: `evil.test:${port}` });
    expect(r.status).toBe(401);
    expect(r.body).not.toContain('"seq"');
    expect(JSON.parse(r.body).error).toContain('access token');
    expect((await raw('/api/health', { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
    expect((await raw('/api/messages', {}, 'DELETE')).status).toBe(401);
  });

  it('accepts it as a Bearer header or ?token=, and a ?token= visit sets a cookie the page then uses', async () => {
    expect((await raw('/api/health', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await raw(`/api/health?token=${TOKEN}`)).status).toBe(200);
    const visit = await raw(`/?token=${TOKEN}`);
    expect(visit.status).toBe(303);
    expect(visit.headers.location).toBe('/');
    const cookie = String(visit.headers['set-cookie']).split(';')[0];
    expect(cookie).toBe(`eventbench_token=${TOKEN}`);
    expect(String(visit.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await raw('/api/health', { cookie })).status).toBe(200);
    expect((await raw('/', { cookie })).status).not.toBe(401);
  });

  it('keeps the ingest paths open, as Segment keeps its own', async () => {
    const r = await raw('/v1/track', { 'content-type': 'application/json' }, 'POST', JSON.stringify({ userId: 'u', event: 'Open Door' }));
    expect(r.status).toBe(200);
    const hook = await raw('/webhook/pf', { 'content-type': 'application/json' }, 'POST', JSON.stringify({ type: 'identify', userId: 'u' }));
    expect(hook.status).toBe(200);
  });

  it('the WebSocket needs the token too', async () => {
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('error'));
    });
    expect(refused).toBe('401');
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { cookie: `eventbench_token=${TOKEN}` } });
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    ws.close();
  });

  it('takes the token however a client spells it, and nothing that only looks like it', async () => {
    // The scheme in any case, spaces around the token, the cookie among others.
    expect((await raw('/api/health', { authorization: `bearer ${TOKEN}` })).status).toBe(200);
    expect((await raw('/api/health', { authorization: `BEARER   ${TOKEN}  ` })).status).toBe(200);
    expect((await raw('/api/health', { cookie: `theme=dark; eventbench_token=${TOKEN}; other=1` })).status).toBe(200);
    expect((await raw('/api/health', { cookie: `xeventbench_token=${TOKEN}` })).status).toBe(401);
    expect((await raw('/api/health', { cookie: `eventbench_token=${TOKEN}x` })).status).toBe(401);
    expect((await raw('/api/health', { authorization: `Basic ${TOKEN}` })).status).toBe(401);
    expect((await raw('/api/health', { authorization: `Bearer${TOKEN}` })).status).toBe(401);
    expect((await raw('/api/health?token=')).status).toBe(401);
    const refused = await raw('/api/health');
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer realm="eventbench"');
    expect(JSON.parse(refused.body)).toEqual({
      error: 'this Eventbench is reachable beyond this machine, so its UI and API need the access token: open the URL it printed at start (with ?token=), or send Authorization: Bearer <token>',
    });
  });

  it('a ?token= visit to any page is sent back to that page, uncached; an /api call with it is just answered', async () => {
    const visit = await raw(`/sessions?token=${TOKEN}`);
    expect(visit.status).toBe(303);
    expect(visit.headers.location).toBe('/sessions');
    expect(visit.headers['cache-control']).toBe('no-store');
    expect(visit.headers['set-cookie']).toEqual([`eventbench_token=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`]);
    const api = await raw(`/api/health?token=${TOKEN}`);
    expect(api.status).toBe(200);
    expect(api.headers['set-cookie']).toBeUndefined();
  });

  it('a ?token= visit to a path that starts with two slashes (or a slash and a backslash) stays on this server', async () => {
    // Location: //evil.example/x sent the browser to evil.example (browsers read /\ as // too).
    for (const [path, stays] of [
      ['//evil.example/x', '/evil.example/x'],
      ['/\\evil.example', '/evil.example'],
      ['/\\/evil.example', '/evil.example'],
    ]) {
      const visit = await raw(`${path}?token=${TOKEN}`);
      expect(visit.status, path).toBe(303);
      expect(visit.headers.location, path).toBe(stays);
    }
  });

  it('the WebSocket takes the token in its query too', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${TOKEN}`);
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    ws.close();
    const wrong = await new Promise<string>((resolve) => {
      const w = new WebSocket(`ws://127.0.0.1:${port}/ws?token=wrong`);
      w.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      w.on('open', () => resolve('open'));
      w.on('error', () => resolve('error'));
    });
    expect(wrong).toBe('401');
  });
});

describe('an engine bound beyond loopback that was given no token (the desktop app with EVENTBENCH_HOST=0.0.0.0)', () => {
  // The CLI made a token for --host 0.0.0.0, but the desktop app passed none: every machine on the
  // network (and, with no Host check on a wildcard address, any DNS-rebound page) had the whole API
  // and the WebSocket, secrets and all.
  it('makes one of its own and requires it; on loopback none is required', async () => {
    const exposed = await startTestEngine({ host: '0.0.0.0' });
    try {
      const p = Number(new URL(exposed.engine.url).port);
      const at = (path: string, headers: Record<string, string>) =>
        new Promise<number>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: p, path, headers }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
          req.on('error', reject);
          req.end();
        });
      expect(await at('/api/export', { host: `192.168.1.20:${p}` })).toBe(401);
      const token = exposed.engine.accessToken;
      expect(token).toMatch(/^[A-Za-z0-9_-]{24,}$/);
      expect(await at('/api/health', { host: `192.168.1.20:${p}`, authorization: `Bearer ${token}` })).toBe(200);
    } finally {
      await exposed.dispose();
    }
    expect(t.engine.accessToken).toBe(TOKEN);
    const local = await startTestEngine();
    try {
      expect(local.engine.accessToken).toBeUndefined();
    } finally {
      await local.dispose();
    }
  });
});
