// Who may use the API, the UI and /ws (src-main/receiver/http-server.ts), to the letter: a local
// Host name (any case, with or without a port) or the name the engine is bound to, and a page of
// the same origin or none. /v1 and /webhook answer any Host. A request Node cannot parse gets
// "400 Bad Request" and the connection is closed. Real HTTP and raw sockets on loopback.
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
let port: number;
beforeAll(async () => {
  t = await startTestEngine();
  port = Number(new URL(t.engine.url).port);
});
afterAll(() => t.dispose());

function get(path: string, headers: Record<string, string>, at = '127.0.0.1', toPort = port): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: at, port: toPort, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes raw bytes and resolves with everything the server sends back before it closes. */
function rawExchange(text: string, toPort = port): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(toPort, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (c) => (got += c.toString('latin1')));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

/** The 403's words: the check, then what in this request failed it, with the value sent. */
const forbidden = (why: string) => ({ error: `this endpoint answers only to local pages of its own origin (Host/Origin check): ${why}` });
const badHost = (host: string) => forbidden(`Host ${JSON.stringify(host)} is not a name of this machine: the UI and /api answer only to localhost, 127.0.0.1 and [::1], so a web page under another name (DNS rebinding) cannot drive the engine`);
const notOurPage = (origin: string) => forbidden(`Origin ${JSON.stringify(origin)} is not this server's own page (http://localhost:${port}): the UI and /api answer only to their own pages`);

describe('Host names the API answers to', () => {
  it('local names, in any case, with or without a port', async () => {
    for (const host of [`localhost:${port}`, 'localhost', `LOCALHOST:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, '[::1]', ` localhost:${port} `]) {
      const r = await get('/api/health', { host });
      expect(r.status, host).toBe(200);
    }
  });

  it('any other name is a 403 that says why; the ingest paths still answer it', async () => {
    for (const host of [`evil.test:${port}`, 'localhost.evil.test', `127.0.0.2:${port}`, `localhost:${port}x`, '::1']) {
      const r = await get('/api/health', { host });
      expect(r.status, host).toBe(403);
      expect(JSON.parse(r.body)).toEqual(badHost(host));
    }
    expect((await get('/', { host: 'evil.test' })).status).toBe(403);
    expect((await get('/v1/track', { host: 'evil.test' })).status).toBe(405);
    expect((await get('/webhook/pf', { host: 'evil.test' })).status).toBe(405);
  });
});

describe('Origin', () => {
  it('none, or the page’s own origin: allowed', async () => {
    expect((await get('/api/health', { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
    expect((await get('/api/health', { host: `LocalHost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
    expect((await get('/api/health', { host: `127.0.0.1:${port}` })).status).toBe(200);
  });

  it('another origin, another port, "null" (a sandboxed page or a file) or not a URL: 403', async () => {
    for (const origin of ['https://evil.example', `http://localhost:${port + 1}`, `http://127.0.0.1:${port}`, 'null', 'not a url']) {
      const r = await get('/api/health', { host: `localhost:${port}`, origin });
      expect(r.status, origin).toBe(403);
      expect(JSON.parse(r.body)).toEqual(origin === 'null' ? forbidden('the Origin is "null" (a sandboxed page, or a file opened in the browser), and the UI and /api answer only to their own pages') : notOurPage(origin));
    }
  });

  // It said only "Host/Origin check": not whether the Host was missing or which name was refused.
  it('a request with no Host (HTTP/1.0, typed by hand) is told so and what to send', async () => {
    const reply = await rawExchange('GET /api/health HTTP/1.0\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 403 /);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toEqual(
      forbidden(`the request has no Host header (an HTTP/1.0 client?), and the UI and /api answer only to a Host naming this machine (localhost, 127.0.0.1 and [::1]): send one, such as Host: localhost:${port}`),
    );
    expect(await rawExchange(`GET /api/health HTTP/1.0\r\nHost: localhost:${port}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('a request another site made (Sec-Fetch-Site)', () => {
  // A page elsewhere cannot read the API, but it can make the browser send a GET with no Origin
  // (<script src>, <img>) and see whether it loaded: /api/messages/wait answers 200 for a match and
  // 408 for none, so captured data could be guessed a character at a time (text=...).
  const SITE = { error: 'this endpoint answers only to pages of its own origin, and the browser says another site made this request (Sec-Fetch-Site)' };
  const wait = `/api/messages/wait?timeoutMs=0&text=${encodeURIComponent('"secret-')}`;

  it('the API refuses a request another site, or another port of this one, made; its own page, a typed URL and scripts are answered', async () => {
    for (const site of ['cross-site', 'same-site']) {
      for (const mode of ['no-cors', 'cors', 'navigate']) {
        const r = await get(wait, { host: `localhost:${port}`, 'sec-fetch-site': site, 'sec-fetch-mode': mode });
        expect(r.status, `${site} ${mode}`).toBe(403);
        expect(JSON.parse(r.body)).toEqual(SITE);
      }
    }
    for (const site of ['same-origin', 'none']) expect((await get('/api/health', { host: `localhost:${port}`, 'sec-fetch-site': site })).status, site).toBe(200);
    expect((await get('/api/health', { host: `localhost:${port}` })).status).toBe(200);
  });

  it("API answers forbid other origins to embed them (CORP) and to take them for a script (nosniff)", async () => {
    const r = await get('/api/messages', { host: `localhost:${port}` });
    expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('the UI opens from a link on another site, but its files are not served to another site’s page', async () => {
    expect((await get('/', { host: `localhost:${port}`, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' })).status).toBe(200);
    expect((await get('/', { host: `localhost:${port}`, 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'script' })).status).toBe(403);
  });

  it('the Tracking API, webhooks and the CA stay open to other sites', async () => {
    const headers = { host: `localhost:${port}`, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors', origin: 'https://shop.example' };
    expect((await get('/v1/projects/wk_site/settings', headers)).status).toBe(200);
    expect((await get('/v1/track', headers)).status).toBe(405);
    expect((await get('/webhook/pf', headers)).status).toBe(405);
  });
});

describe('an engine bound to one address', () => {
  it('answers to that address as a Host as well as to the local names', async () => {
    const other = await startTestEngine({ host: '127.0.0.2' });
    try {
      const p = Number(new URL(other.engine.url).port);
      expect(other.engine.url).toBe(`http://127.0.0.2:${p}`);
      expect((await get('/api/health', { host: `127.0.0.2:${p}` }, '127.0.0.2', p)).status).toBe(200);
      expect((await get('/api/health', { host: `localhost:${p}` }, '127.0.0.2', p)).status).toBe(200);
      const refused = await get('/api/health', { host: `127.0.0.3:${p}` }, '127.0.0.2', p);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body).error).toContain(`Host "127.0.0.3:${p}" is not a name of this machine: the UI and /api answer only to localhost, 127.0.0.1 and [::1] and 127.0.0.2 (the address Eventbench is bound to, --host)`);
    } finally {
      await other.dispose();
    }
  });
});

describe('/ws', () => {
  const opened = (url: string, headers: Record<string, string> = {}) =>
    new Promise<string>((resolve) => {
      const ws = new WebSocket(url, { headers });
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('error', (e) => resolve(`error: ${e.message}`));
    });

  it('opens for a local page, with or without a query', async () => {
    expect(await opened(`ws://127.0.0.1:${port}/ws`)).toBe('open');
    expect(await opened(`ws://127.0.0.1:${port}/ws?client=test`)).toBe('open');
  });

  it('any other upgrade path is a 404; another Host or Origin a 403', async () => {
    expect(await opened(`ws://127.0.0.1:${port}/socket`)).toBe('404');
    expect(await opened(`ws://127.0.0.1:${port}/ws/x`)).toBe('404');
    expect(await opened(`ws://127.0.0.1:${port}/ws`, { host: 'evil.test' })).toBe('403');
    expect(await opened(`ws://127.0.0.1:${port}/ws`, { origin: 'https://evil.example' })).toBe('403');
    expect(await opened(`ws://127.0.0.1:${port}/ws`, { 'sec-fetch-site': 'cross-site' })).toBe('403');
    expect(await opened(`ws://127.0.0.1:${port}/ws`, { 'sec-fetch-site': 'same-origin' })).toBe('open');
  });
});

describe('a request Node cannot parse', () => {
  it('gets 400 Bad Request and the connection closed', async () => {
    const answer = await rawExchange('THIS IS NOT HTTP\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\nConnection: close\r\n/);
    expect(answer).toContain('"code":"bad-request"');
  });
});
