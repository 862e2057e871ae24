// The one HTTP server's routing and guards on their own (src-main/receiver/http-server.ts; issue
// #15: mutants the engine-level tests left): createHttpServer over stub routes that record what
// they are given, real HTTP and raw sockets on loopback, and isTrustedRequest to the letter.
import { request, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, isTrustedRequest, pathUnderHostPath, SERVER_TIMEOUTS, TOKEN_COOKIE, untrustedReason, type HttpRoutes } from '../../src-main/receiver/http-server';
import type { ReceiverDeps } from '../../src-main/receiver/deps';

interface Seen {
  route: 'api' | 'static' | 'ws';
  pathname?: string;
  query?: string;
  url?: string;
}

const servers: Server[] = [];
const sockets: Duplex[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

/** A server whose api and static routes answer 200 with what they were given (or run `api`). */
async function serve(extra: Partial<HttpRoutes> = {}): Promise<{ port: number; seen: Seen[]; upgraded: Duplex[] }> {
  const seen: Seen[] = [];
  const upgraded: Duplex[] = [];
  const server = createHttpServer({
    receiver: {} as ReceiverDeps,
    boundHost: '127.0.0.1',
    api: async (_req, res, pathname, query) => {
      seen.push({ route: 'api', pathname, query });
      res.end('api');
    },
    static: async (_req, pathname, res) => {
      seen.push({ route: 'static', pathname });
      res.end('static');
    },
    upgradeWs: (req, socket) => {
      seen.push({ route: 'ws', url: req.url });
      upgraded.push(socket);
      sockets.push(socket);
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n');
    },
    ...extra,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen, upgraded };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(port: number, path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes raw bytes; resolves with everything the server sent before it closed the socket. */
function exchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (c) => (got += c.toString('latin1')));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

const upgrade = (path: string, headers = '') => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n${headers}\r\n`;

describe('routing', () => {
  it('the API gets the path and the query apart, the query without its "?"; the rest goes to the static route', async () => {
    const { port, seen } = await serve();
    expect((await call(port, '/api/messages?type=track&q=a?b')).body).toBe('api');
    expect((await call(port, '/api/health')).body).toBe('api');
    expect((await call(port, '/sessions?x=1')).body).toBe('static');
    expect((await call(port, '/api')).body).toBe('static');
    expect(seen).toEqual([
      { route: 'api', pathname: '/api/messages', query: 'type=track&q=a?b' },
      { route: 'api', pathname: '/api/health', query: '' },
      { route: 'static', pathname: '/sessions' },
      { route: 'static', pathname: '/api' },
    ]);
  });

  // HTTP/1.1 servers must accept a target in absolute form (RFC 9112, 3.2.2): a client sends it to a
  // proxy, so one whose HTTP proxy is set to Eventbench asks for `http://api.segment.io/v1/batch`.
  // It was routed by the whole URL: the UI's page for an API call, a 403 for a Tracking API one.
  it('a target in absolute form is routed by its path and query', async () => {
    const { port, seen } = await serve();
    expect((await call(port, 'http://127.0.0.1/api/messages?type=track')).body).toBe('api');
    expect((await call(port, 'HTTP://localhost:8787/app?x=1')).body).toBe('static');
    expect((await call(port, 'http://127.0.0.1')).body).toBe('static');
    expect(seen).toEqual([
      { route: 'api', pathname: '/api/messages', query: 'type=track' },
      { route: 'static', pathname: '/app' },
      { route: 'static', pathname: '/' },
    ]);
    const tracking = await call(port, 'http://api.segment.io/v1/nope', { method: 'POST', headers: { host: 'api.segment.io' } });
    expect(tracking.status).toBe(404);
    expect(JSON.parse(tracking.body).error).toMatch(/^unknown Tracking API path \/v1\/nope;/);
  });

  it('an unknown Tracking API path is a 404 naming it, with CORS, whatever the method', async () => {
    const { port } = await serve();
    for (const method of ['POST', 'GET']) {
      const r = await call(port, '/v1/nope?x=1', { method, headers: { origin: 'http://localhost:3000' } });
      expect(r.status).toBe(404);
      const why = "unknown Tracking API path /v1/nope; use /v1/track, identify, group, page, screen, alias or batch (or its older name import, or analytics.js's short /v1/t, i, g, p, s, a, b)";
      expect(JSON.parse(r.body)).toEqual({ success: false, code: 'unknown-path', error: why, message: why });
      expect(r.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    }
    // "/v1" alone is not the Tracking API.
    expect((await call(port, '/v1')).body).toBe('static');
  });

  // A host that already ends in /v1 or a whole endpoint (rudder-sdk-node's dataPlaneUrl set to
  // http://host:8787/v1/batch posts to /v1/batch/v1/batch): the answer listed the paths as if the
  // client had a typo; it names what the host ends in.
  it.each([
    ['/v1/batch/v1/batch', '/v1/batch', '/v1/batch'],
    ['/v1/v1/batch', '/v1', '/v1/batch'],
    ['/v1/track/v1/t', '/v1/track', '/v1/t'],
  ])('%s is a 404 saying the client\'s host ends in %s', async (path, prefix, meant) => {
    const { port, seen } = await serve();
    const r = await call(port, path, { method: 'POST', headers: { origin: 'http://localhost:3000' } });
    expect(r.status).toBe(404);
    const why = `unknown Tracking API path ${path}: the client's host (its host, endpoint or dataPlaneUrl option) ends in ${prefix}, and the library adds ${meant} after it: set it without ${prefix} (scheme, name and port alone)`;
    expect(JSON.parse(r.body)).toEqual({ success: false, code: 'unknown-path', error: why, message: why });
    expect(r.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(seen).toEqual([]);
    // Not a Tracking API path after it: the usual list.
    expect(JSON.parse((await call(port, `${prefix}/v1/nope`, { method: 'POST' })).body).error).toMatch(/; use \/v1\/track, identify/);
  });

  // Tracking API paths are case-sensitive, at Segment too; "/V1/TRACK" reached the UI and got its
  // plain-text "POST is not allowed here". It is an unknown Tracking API path, and the answer names the right one.
  it.each([
    ['/V1/TRACK', '/v1/track'],
    ['/v1/Batch', '/v1/batch'],
    ['/V1/t', '/v1/t'],
    ['/V1/Import/', '/v1/import/'],
  ])('%s is a 404 naming %s: the paths are case-sensitive', async (path, right) => {
    const { port, seen } = await serve();
    for (const method of ['POST', 'GET']) {
      const r = await call(port, path, { method, headers: { origin: 'http://localhost:3000' } });
      expect(r.status).toBe(404);
      const why = `unknown Tracking API path ${path}: the paths are case-sensitive (at Segment too); use ${right}`;
      expect(JSON.parse(r.body)).toEqual({ success: false, code: 'unknown-path', error: why, message: why });
      expect(r.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    }
    expect(seen).toEqual([]);
  });

  // A POST outside /v1/, /webhook/ and /api/ reached the UI's files and got their plain-text
  // "POST is not allowed here; use GET": a webhook destination set to /webhook (no name) or
  // /webhooks/pf, or a client posting to /track or /batch, was told to use GET, and its events were
  // lost without a word on the Connect tab.
  it.each([
    ['/webhook', 'webhook events go to /webhook/<name> (a name of letters, digits, "-" and "_", such as /webhook/pf)'],
    ['/webhooks/pf', 'webhook events go to /webhook/<name>: use /webhook/pf'],
    ['/Webhook/pf', 'webhook events go to /webhook/<name>: use /webhook/pf'],
    ['/track', 'Tracking API calls go under /v1/: use /v1/track'],
    ['/batch/', 'Tracking API calls go under /v1/: use /v1/batch/'],
    ['/v1', 'Tracking API calls go to /v1/track, identify, group, page, screen, alias or batch'],
    ['/', 'Tracking API calls go to /v1/track, identify, group, page, screen, alias or batch, and webhook events to /webhook/<name>'],
    ['/collect', 'Tracking API calls go to /v1/track, identify, group, page, screen, alias or batch, and webhook events to /webhook/<name>'],
  ])('a POST to %s is a 404 saying where to post, on the Connect tab too', async (path, hint) => {
    const activity: unknown[] = [];
    const { port, seen } = await serve({ onActivity: (a) => activity.push(a) });
    const r = await call(port, path, { method: 'POST', headers: { origin: 'http://localhost:3000', 'content-type': 'application/json' } });
    expect(r.status).toBe(404);
    const why = `nothing here takes POST ${path}; ${hint}`;
    expect(JSON.parse(r.body)).toEqual({ success: false, code: 'unknown-path', error: why, message: why });
    expect(r.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(seen).toEqual([]);
    expect(activity).toEqual([expect.objectContaining({ kind: 'refused', endpoint: path, status: 404, reason: why })]);
    // The UI's own files still answer GET.
    expect((await call(port, path)).body).toBe('static');
  });

  it('an unknown path under /V1/ in another case gets the unknown-path answer', async () => {
    const { port } = await serve();
    const r = await call(port, '/V1/nope', { method: 'POST' });
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toMatchObject({ code: 'unknown-path', error: expect.stringMatching(/^unknown Tracking API path \/V1\/nope; use \/v1\/track, identify/) });
  });

  it('a known path answers OPTIONS with a preflight and other methods with 405 naming the method and the path', async () => {
    const { port } = await serve();
    const pre = await call(port, '/v1/t', { method: 'OPTIONS', headers: { origin: 'http://localhost:3000' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
    const del = await call(port, '/v1/identify', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('POST, OPTIONS');
    expect(del.headers['access-control-allow-origin']).toBe('*');
    expect(JSON.parse(del.body)).toEqual({ success: false, code: 'method-not-allowed', error: 'DELETE is not allowed on /v1/identify; use POST', message: 'DELETE is not allowed on /v1/identify; use POST' });
    const hook = await call(port, '/webhook/pf?x=1', { method: 'PUT' });
    expect(hook.status).toBe(405);
    expect(hook.headers.allow).toBe('POST');
    expect(JSON.parse(hook.body)).toEqual({ success: false, error: "PUT is not allowed on /webhook/pf; Segment's webhook destination uses POST" });
  });

  it('an untrusted request is a 403 that never reaches the API or the UI', async () => {
    const { port, seen } = await serve();
    for (const path of ['/api/health', '/']) {
      const r = await call(port, path, { headers: { host: 'evil.test' } });
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body)).toEqual({ error: 'this endpoint answers only to local pages of its own origin (Host/Origin check): Host "evil.test" is not a name of this machine: the UI and /api answer only to localhost, 127.0.0.1 and [::1], so a web page under another name (DNS rebinding) cannot drive the engine' });
      expect(r.headers['cache-control']).toBe('no-store');
    }
    expect(seen).toEqual([]);
  });

  it('a route that fails is a 500 naming the error; one that fails after answering has its connection closed', async () => {
    const { port } = await serve({
      api: async (_req, res, pathname) => {
        if (pathname === '/api/late') {
          res.writeHead(200, { 'Content-Length': '10' });
          res.write('part');
        }
        throw new Error('boom');
      },
    });
    const r = await call(port, '/api/early');
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toEqual({ success: false, error: 'internal error: boom' });
    // The answer already begun cannot become a 500: the connection is cut after what was sent.
    expect(await exchange(port, 'GET /api/late HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\npart$/);
  });
});

describe('the access token', () => {
  const TOKEN = 'tok/en with spaces;=';

  it('taken from ?token=, a Bearer header or the cookie (URI-encoded); an empty one is no token', async () => {
    const { port, seen } = await serve({ accessToken: TOKEN });
    const enc = encodeURIComponent(TOKEN);
    expect((await call(port, `/api/health?token=${enc}`)).status).toBe(200);
    expect((await call(port, '/api/health', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await call(port, '/api/health', { headers: { cookie: `a=b; ${TOKEN_COOKIE}=${enc}` } })).status).toBe(200);
    expect((await call(port, '/api/health', { headers: { cookie: `${TOKEN_COOKIE}=` } })).status).toBe(401);
    expect((await call(port, '/api/health', { headers: { authorization: 'Bearer  ' } })).status).toBe(401);
    expect((await call(port, '/api/health?token=')).status).toBe(401);
    // A ?token= with a wrong value is not saved by a wrong cookie either.
    expect((await call(port, '/api/health?token=wrong', { headers: { cookie: `${TOKEN_COOKIE}=${enc}` } })).status).toBe(401);
    expect(seen.map((s) => s.route)).toEqual(['api', 'api', 'api']);
  });

  it('a ?token= visit to a page is a 303 back to that page, setting the cookie encoded; an API call is answered', async () => {
    const { port, seen } = await serve({ accessToken: TOKEN });
    const visit = await call(port, `/inspector?a=1&token=${encodeURIComponent(TOKEN)}`);
    expect(visit.status).toBe(303);
    expect(visit.headers.location).toBe('/inspector');
    expect(visit.headers['set-cookie']).toEqual([`${TOKEN_COOKIE}=${encodeURIComponent(TOKEN)}; Path=/; HttpOnly; SameSite=Strict`]);
    expect(visit.headers['cache-control']).toBe('no-store');
    expect(visit.body).toBe('');
    expect(seen).toEqual([]);
    const page = await call(port, '/inspector', { headers: { cookie: `${TOKEN_COOKIE}=${encodeURIComponent(TOKEN)}` } });
    expect(page.body).toBe('static');
    const api = await call(port, `/api/x?token=${encodeURIComponent(TOKEN)}`);
    expect(api.body).toBe('api');
  });

  it('the Bearer scheme only at the start of Authorization; otherwise the cookie is read', async () => {
    const { port } = await serve({ accessToken: TOKEN });
    const cookie = `${TOKEN_COOKIE}=${encodeURIComponent(TOKEN)}`;
    expect((await call(port, '/api/health', { headers: { authorization: 'Basic Bearer abc', cookie } })).status).toBe(200);
    expect((await call(port, '/api/health', { headers: { authorization: `Basic Bearer ${TOKEN}` } })).status).toBe(401);
  });

  it('a Bearer header or the cookie on a page: the page itself, no redirect', async () => {
    const { port, seen } = await serve({ accessToken: TOKEN });
    const bearer = await call(port, '/inspector', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(200);
    expect(bearer.body).toBe('static');
    const cookie = await call(port, '/inspector', { headers: { cookie: `${TOKEN_COOKIE}=${encodeURIComponent(TOKEN)}` } });
    expect(cookie.body).toBe('static');
    expect(seen).toEqual([
      { route: 'static', pathname: '/inspector' },
      { route: 'static', pathname: '/inspector' },
    ]);
  });

  it('an empty token never matches, even where the configured token is empty', async () => {
    const { port, seen } = await serve({ accessToken: '' });
    expect((await call(port, '/api/health', { headers: { authorization: 'Bearer ' } })).status).toBe(401);
    expect((await call(port, '/api/health', { headers: { cookie: `${TOKEN_COOKIE}=` } })).status).toBe(401);
    expect(await exchange(port, upgrade('/ws', `Cookie: ${TOKEN_COOKIE}=\r\n`))).toBe('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    expect(seen).toEqual([]);
  });

  it('without a configured token, a ?token= is passed on like any query', async () => {
    const { port, seen } = await serve();
    expect((await call(port, '/page?token=abc')).body).toBe('static');
    expect(seen).toEqual([{ route: 'static', pathname: '/page' }]);
  });
});

describe('upgrades', () => {
  it('only /ws, from a trusted page, with the token when one is set; each refusal says which and closes', async () => {
    const open = await serve();
    expect(await exchange(open.port, upgrade('/ws?client=ui'))).toContain('101 Switching Protocols');
    expect(open.seen).toEqual([{ route: 'ws', url: '/ws?client=ui' }]);
    expect(await exchange(open.port, upgrade('/wsx'))).toBe('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    expect(await exchange(open.port, upgrade('/ws', 'Origin: http://evil.test\r\n'))).toBe('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');

    const locked = await serve({ accessToken: 'secret' });
    expect(await exchange(locked.port, upgrade('/ws'))).toBe('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    expect(await exchange(locked.port, upgrade('/ws?token=wrong'))).toBe('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    expect(await exchange(locked.port, upgrade('/ws?token=secret'))).toContain('101 Switching Protocols');
    expect(await exchange(locked.port, upgrade('/ws', `Cookie: ${TOKEN_COOKIE}=secret\r\n`))).toContain('101 Switching Protocols');
    expect(locked.seen.map((s) => s.url)).toEqual(['/ws?token=secret', '/ws']);
  });
});

describe('requests Node cannot parse: the status and why, in words, then the connection is closed', () => {
  const answer = (status: string, body: object) => {
    const text = JSON.stringify(body);
    return `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
  };
  it('a malformed request: 400 Bad Request', async () => {
    const { port } = await serve();
    expect(await exchange(port, 'NOT HTTP AT ALL\r\n\r\n')).toBe(answer('400 Bad Request', { success: false, code: 'bad-request', error: 'the request is not valid HTTP (HPE_INVALID_METHOD: its first line does not begin with a method such as POST)' }));
  });

  // Pipelined: the requests before the malformed one were handled (a capture stored) but their
  // answers were lost: the 400 went out at once, as the answer to the first, and closed the socket.
  it('after requests pipelined before it are answered, in order: then the 400 and the close', async () => {
    const { port, seen } = await serve({
      api: async (_req, res, pathname) => {
        seen.push({ route: 'api', pathname });
        await new Promise((resolve) => setImmediate(resolve)); // an answer that takes a turn, as a capture's write does
        res.end(`answer to ${pathname}`);
      },
    });
    const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    const reply = await exchange(port, `${get('/api/one')}${get('/api/two')}POST /api/three HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx`);
    expect(seen.map((s) => s.pathname)).toEqual(['/api/one', '/api/two']);
    expect([...reply.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1])).toEqual(['200', '200', '400']);
    expect(reply.indexOf('answer to /api/one')).toBeLessThan(reply.indexOf('answer to /api/two'));
    expect(reply.endsWith(answer('400 Bad Request', { success: false, code: 'bad-request', error: 'the request is not valid HTTP (HPE_UNEXPECTED_CONTENT_LENGTH: it has more than one Content-Length header; a request states its length once)' }))).toBe(true);
  });

  // The request-smuggling shapes (a proxy in front and this server could read the body's length
  // two ways) and the other framing errors: the answer named only the parser's code
  // ("HPE_UNEXPECTED_CONTENT_LENGTH"), not what in the request was wrong.
  const body = '{"type":"track","event":"E","userId":"u"}';
  const post = (headers: string, rest = body) => `POST /v1/track HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n${rest}`;
  it.each([
    ['two Content-Lengths', post(`Content-Length: ${body.length}\r\nContent-Length: 5\r\n`), 'HPE_UNEXPECTED_CONTENT_LENGTH: it has more than one Content-Length header; a request states its length once'],
    ['the same Content-Length twice', post(`Content-Length: ${body.length}\r\nContent-Length: ${body.length}\r\n`), 'HPE_UNEXPECTED_CONTENT_LENGTH: it has more than one Content-Length header; a request states its length once'],
    ['Content-Length, then Transfer-Encoding', post(`Content-Length: 4\r\nTransfer-Encoding: chunked\r\n`, `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`), 'HPE_INVALID_TRANSFER_ENCODING: it has both Content-Length and Transfer-Encoding; a request gives its body\'s length one way'],
    ['Transfer-Encoding, then Content-Length', post(`Transfer-Encoding: chunked\r\nContent-Length: 4\r\n`, `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`), 'HPE_INVALID_CONTENT_LENGTH: it has both Content-Length and Transfer-Encoding; a request gives its body\'s length one way'],
    ['a folded header (obs-fold)', post(`Content-Type: application/json\r\n  ; charset=utf-8\r\nContent-Length: ${body.length}\r\n`), 'HPE_INVALID_HEADER_TOKEN: a header line starts with a space or a tab (a header folded onto the next line, which HTTP/1.1 no longer allows)'],
    ['a space before the colon', post(`Content-Length : ${body.length}\r\n`), 'HPE_INVALID_HEADER_TOKEN: a header name holds a character HTTP does not allow in one (a space before the colon?)'],
    ['a NUL in a header value', post(`X-A: a\x00b\r\nContent-Length: ${body.length}\r\n`), 'HPE_INVALID_HEADER_TOKEN: a header value holds a control character'],
    ['lines ending in LF alone', `POST /v1/track HTTP/1.1\nHost: 127.0.0.1\nContent-Length: ${body.length}\n\n${body}`, 'HPE_INVALID_VERSION: its lines end in LF alone, where HTTP ends each with CR LF'],
    ['a Content-Length past any number', post('Content-Length: 99999999999999999999\r\n'), 'HPE_INVALID_CONTENT_LENGTH: its Content-Length is not a length (digits only, within 2^64)'],
    ['a negative Content-Length', post('Content-Length: -1\r\n'), 'HPE_INVALID_CONTENT_LENGTH: its Content-Length is not a length (digits only, within 2^64)'],
    // Typed by hand with the URL as it reads: the parser's own words ("Expected HTTP/, RTSP/ or ICE/") named no fault.
    ['a space in the query', 'GET /api/messages?event=Tour Start HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 'HPE_INVALID_CONSTANT: its first line is not "METHOD target HTTP/1.1": a space in the path or query (write it as %20), or no HTTP version after the target'],
    ['a letter beyond ASCII in the query, as raw UTF-8', 'GET /api/messages?userId=José HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 'HPE_INVALID_URL: its query holds a character a URL cannot carry as it is (a control character, or a letter beyond ASCII sent as raw bytes): percent-encode it as UTF-8 ("é" is %C3%A9)'],
    ['a control character in the path', 'GET /api/health\x01 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 'HPE_INVALID_URL: its path holds a character a URL cannot carry as it is (a control character, or a letter beyond ASCII sent as raw bytes): percent-encode it as UTF-8 ("é" is %C3%A9)'],
  ])('%s: 400 saying what is wrong with it', async (_name, text, why) => {
    const { port, seen } = await serve();
    // exchange() reads the answer a byte a character: its UTF-8 ("é") read back as UTF-8.
    expect(Buffer.from(await exchange(port, text), 'latin1').toString('utf8')).toBe(answer('400 Bad Request', { success: false, code: 'bad-request', error: `the request is not valid HTTP (${why})` }));
    expect(seen).toEqual([]);
  });

  it('headers over 16 KB: 431, saying so (not a bare 400)', async () => {
    const { port } = await serve();
    const reply = await exchange(port, `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'h'.repeat(60_000)}\r\n\r\n`);
    expect(reply).toBe(answer('431 Request Header Fields Too Large', { success: false, code: 'headers-too-large', error: 'the request headers are larger than the 16 KB this server reads' }));
  });

  // The answer names what did not arrive and the limit: it said "the request was not received in
  // time", which a slowloris-probing user could not tell from the body's 120 s limit.
  it('a request whose headers do not arrive in time: 408 Request Timeout, naming the headers and the limit', async () => {
    const { port } = await serve({ timeouts: { headersMs: 100, requestMs: 200, checkMs: 20 } });
    // Headers begun and never finished: the server's header timeout ends it, not the test's clock.
    const error = 'the request headers were not received within 0.1 s; the connection is closed after this answer';
    expect(await exchange(port, 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n')).toBe(answer('408 Request Timeout', { success: false, code: 'request-timeout', error }));
  });
});

describe('timeouts', () => {
  it('the defaults: 15 s for headers, 2 minutes a request, 5 s kept alive, 60 s idle, checked every 2 s', () => {
    expect(SERVER_TIMEOUTS).toEqual({ headersMs: 15_000, requestMs: 120_000, keepAliveMs: 5_000, idleMs: 60_000, checkMs: 2_000 });
  });

  it('an idle connection is closed after idleMs; an upgraded one is not', async () => {
    const { port } = await serve({
      timeouts: { idleMs: 150 },
      upgradeWs: (_req, socket) => {
        sockets.push(socket);
        socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n');
      },
    });
    // The witness: a plain connection that never speaks is closed by the idle timeout...
    const witness = connect(port, '127.0.0.1');
    const witnessClosed = new Promise((r) => witness.once('close', r));
    const ws = connect(port, '127.0.0.1', () => ws.write(upgrade('/ws')));
    let wsClosed = false;
    ws.on('close', () => (wsClosed = true));
    await new Promise((r) => ws.once('data', r));
    await witnessClosed;
    // ...and a second one opened after it, so the upgraded socket has idled at least as long.
    const second = connect(port, '127.0.0.1');
    await new Promise((r) => second.once('close', r));
    expect(wsClosed).toBe(false);
    ws.destroy();
  });
});

describe('isTrustedRequest', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  const trusted = (headers: Record<string, string>, bound = '127.0.0.1') => isTrustedRequest(req(headers), bound);

  it('a local Host name, with or without a port, in any case, spaces around; nothing else', () => {
    for (const host of ['localhost', 'LocalHost:80', '127.0.0.1:1', '[::1]', '[::1]:8787', ' localhost ']) expect(trusted({ host }), host).toBe(true);
    for (const host of ['', 'localhost:', 'localhost:80:80', 'localhost:x', 'localhostx', '127.0.0.1.evil', '[::1', '::1', 'a[::1]']) expect(trusted({ host }), host).toBe(false);
    expect(trusted({})).toBe(false);
  });

  it('the local names are trusted whatever address the engine is bound to', () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]', 'LOCALHOST:9']) expect(trusted({ host }, 'fe80::1'), host).toBe(true);
  });

  it('the bound address is trusted too: IPv6 in brackets, names in any case', () => {
    expect(trusted({ host: '[fe80::1]:80' }, 'fe80::1')).toBe(true);
    expect(trusted({ host: '[fe80::1]:80' }, '[fe80::1]')).toBe(true);
    expect(trusted({ host: 'fe80::1' }, 'fe80::1')).toBe(false);
    expect(trusted({ host: 'devbox:80' }, 'DevBox')).toBe(true);
    expect(trusted({ host: '10.0.0.2' }, '10.0.0.1')).toBe(false);
  });

  it('bound to every address (0.0.0.0 or ::), any Host, even none, is trusted; the Origin still counts', () => {
    for (const bound of ['0.0.0.0', '::']) {
      expect(trusted({ host: 'evil.test' }, bound)).toBe(true);
      expect(trusted({}, bound)).toBe(true);
      expect(trusted({ host: 'evil.test', origin: 'http://other.test' }, bound)).toBe(false);
    }
  });

  it('no Origin, or one whose host is the Host (any case); "null", another one or not a URL is not', () => {
    expect(trusted({ host: 'localhost:8787', origin: 'http://localhost:8787' })).toBe(true);
    expect(trusted({ host: 'LOCALHOST:81', origin: 'http://localhost:81' })).toBe(true);
    expect(trusted({ host: 'localhost:8787', origin: 'null' })).toBe(false);
    expect(trusted({ host: 'localhost:8787', origin: 'http://localhost:81' })).toBe(false);
    expect(trusted({ host: 'localhost:8787', origin: '::' })).toBe(false);
    expect(trusted({ host: 'localhost', origin: 'http://127.0.0.1' })).toBe(false);
  });

  it('the default port may be spelled in Host but never is in Origin: localhost:80 is http://localhost, :443 is https://', () => {
    expect(trusted({ host: 'localhost:80', origin: 'http://localhost' })).toBe(true);
    expect(trusted({ host: 'localhost', origin: 'http://localhost' })).toBe(true);
    expect(trusted({ host: '[::1]:80', origin: 'http://[::1]' })).toBe(true);
    expect(trusted({ host: 'localhost:443', origin: 'https://localhost' })).toBe(true);
    expect(trusted({ host: 'localhost:443', origin: 'http://localhost' })).toBe(false);
    expect(trusted({ host: 'localhost:80', origin: 'https://localhost' })).toBe(false);
    expect(trusted({ host: 'localhost:8080', origin: 'http://localhost' })).toBe(false);
    expect(trusted({ host: 'localhost:180', origin: 'http://localhost:1' })).toBe(false);
  });

  it('a page with an Origin but no Host, or from a scheme with no host (file:), is not trusted, even bound to every address', () => {
    for (const bound of ['127.0.0.1', '0.0.0.0', '::']) {
      expect(trusted({ origin: 'file://' }, bound), bound).toBe(false);
      expect(trusted({ origin: 'http://localhost' }, bound), bound).toBe(false);
      expect(trusted({ host: '', origin: 'file://' }, bound), bound).toBe(false);
      expect(trusted({ host: 'localhost', origin: 'file://' }, bound), bound).toBe(false);
      expect(trusted({ host: 'localhost', origin: 'chrome-extension://abc' }, bound), bound).toBe(false);
      // A page of another scheme naming this very host is still not one of ours.
      expect(trusted({ host: 'localhost:8787', origin: 'ftp://localhost:8787' }, bound), bound).toBe(false);
      expect(trusted({ host: 'abc', origin: 'chrome-extension://abc' }, bound), bound).toBe(false);
      expect(trusted({ host: 'localhost' }, bound), bound).toBe(true);
    }
  });
});

describe('untrustedReason and pathUnderHostPath, to the letter', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  const only = 'the UI and /api answer only to';

  it('says what the check failed on: no Host (no port to suggest without a socket), a Host not this machine\'s, an Origin with no Host to compare', () => {
    expect(untrustedReason(req({}), '127.0.0.1')).toBe(`the request has no Host header (an HTTP/1.0 client?), and ${only} a Host naming this machine (localhost, 127.0.0.1 and [::1]): send one, such as Host: localhost`);
    // Bound to a local name (in any case): no second mention of it among the names taken.
    for (const bound of ['localhost', 'LocalHost']) expect(untrustedReason(req({ host: 'evil.test' }), bound), bound).toBe(`Host "evil.test" is not a name of this machine: ${only} localhost, 127.0.0.1 and [::1], so a web page under another name (DNS rebinding) cannot drive the engine`);
    expect(untrustedReason(req({ origin: 'http://localhost:8787' }), '0.0.0.0')).toBe(`Origin "http://localhost:8787" is not this server's own page: ${only} their own pages`);
  });

  it('takes a Tracking API path after /v1 or a whole endpoint, nothing after it, nothing before /v1', () => {
    expect(pathUnderHostPath('/v1/batch/v1/batch/')).toEqual({ prefix: '/v1/batch', meant: '/v1/batch/' });
    for (const path of ['/v1/batch/v1/batch/extra', '/x/v1/v1/batch', '/v1/batch', '/v1/v1/nope']) expect(pathUnderHostPath(path), path).toBeUndefined();
  });

  it("a refused request's client on the Connect tab is its User-Agent cut to 200 characters", async () => {
    const activity: Array<{ client?: string }> = [];
    const { port } = await serve({ onActivity: (a) => activity.push(a as { client?: string }) });
    await call(port, '/collect', { method: 'POST', headers: { 'user-agent': `Café-App/${'9'.repeat(250)}` } });
    expect(activity.map((a) => a.client)).toEqual([`Café-App/${'9'.repeat(191)}`]);
  });
});
