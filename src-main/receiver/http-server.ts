// The one HTTP server on the one port: Tracking API (/v1/*), webhooks (/webhook/<name>), the
// automation API (/api/*), the WebSocket (/ws) and the built UI (everything else).
// /v1 and /webhook accept any Host (a tunnel may forward Segment's webhook calls); the API, the
// WebSocket and the UI answer only to local names (or the configured host), and only to pages
// of their own origin, so a web page or a DNS-rebound name cannot drive the engine.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { trackingPathOf } from '../../src-shared/tracking-api/parse';
import type { ReceiverDeps } from './deps';
import { BODY_BROKEN, brokenBody, CLOSED_AFTER_ANSWER, contentEncodingOf, refuseUnsentBody, secondsText, sendJson } from './http-util';
import { MAX_REQUEST_BYTES } from '../../src-shared/tracking-api/limits';
import { corsHeaders, handlePixel, handleTracking, handleTrackingPreflight, trackingFailure } from './tracking';
import { pixelCallOf, UNKNOWN_PIXEL_PATH } from '../../src-shared/tracking-api/pixel';
import { handleSettings } from './settings';
import { handleAnalyticsJs, isAnalyticsJsPath } from './analytics-js';
import { apiHostFor, settingsWriteKeyOf } from '../../src-shared/tracking-api/source-settings';
import type { TLSSocket } from 'node:tls';
import type { ClientActivity } from '../../src-shared/api';
import { handleWebhook, WEBHOOK_MAX_BYTES } from './webhook';
import { headerText } from '../../src-shared/header-text';
import { shownValue } from '../../src-shared/shown-value';

export interface HttpRoutes {
  receiver: ReceiverDeps;
  /** The host the server is bound to (from the options). */
  boundHost: string;
  api(req: IncomingMessage, res: ServerResponse, pathname: string, query: string): Promise<void>;
  static(req: IncomingMessage, pathname: string, res: ServerResponse): Promise<void>;
  upgradeWs(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Required for the UI, /ws and /api/* when set (the engine is reachable beyond loopback): as
   * ?token=, an Authorization: Bearer header, or the cookie a ?token= visit sets.
   */
  accessToken?: string;
  /** Overrides of SERVER_TIMEOUTS (tests use short ones). */
  timeouts?: Partial<typeof SERVER_TIMEOUTS>;
  /**
   * The local certificate authority's PEM, served at /eventbench-ca.pem to anyone (a phone's
   * browser fetches it there to trust it); undefined while there is none.
   */
  caPem?: () => string | undefined;
  /** A client fetched settings or analytics.js here, or refused the HTTPS certificate (the Connect tab's activity). */
  onActivity?: (activity: Omit<ClientActivity, 'at'>) => void;
}

/** Where a client (a phone's browser, curl) downloads the certificate authority to trust. */
export const CA_PATH = '/eventbench-ca.pem';

/**
 * Idle and slow connections are closed, so they cannot pile up (slowloris, clients that connect
 * and never speak): headers must arrive within headersMs, the whole request within requestMs, a
 * kept-alive connection may idle keepAliveMs between requests, and any socket with no traffic
 * for idleMs is closed. checkMs is how often Node looks. WebSockets leave the HTTP server on
 * upgrade and are not affected.
 */
export const SERVER_TIMEOUTS = { headersMs: 15_000, requestMs: 120_000, keepAliveMs: 5_000, idleMs: 60_000, checkMs: 2_000 };

export const TOKEN_COOKIE = 'eventbench_token';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares in constant time (over digests, so the lengths never differ). */
function sameToken(given: string | undefined, expected: string): boolean {
  return given !== undefined && given !== '' && timingSafeEqual(digest(given), digest(expected));
}

function tokenOf(req: IncomingMessage, query: string): { token?: string; fromQuery: boolean } {
  const q = new URLSearchParams(query).get('token');
  if (q) return { token: q, fromQuery: true };
  const auth = req.headers.authorization;
  if (auth && /^Bearer\s+/i.test(auth)) return { token: auth.replace(/^Bearer\s+/i, '').trim(), fromQuery: false };
  const cookie = (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  return { token: cookie ? decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1)) : undefined, fromQuery: false };
}

function unauthorized(res: ServerResponse): void {
  sendJson(res, 401, { error: 'this Eventbench is reachable beyond this machine, so its UI and API need the access token: open the URL it printed at start (with ?token=), or send Authorization: Bearer <token>' }, { 'WWW-Authenticate': 'Bearer realm="eventbench"' });
}

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** 127.0.0.0/8, ::1 and localhost: an address only this machine can connect to. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function hostName(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const m = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(hostHeader.trim().toLowerCase());
  return m?.[1];
}

export function isTrustedRequest(req: IncomingMessage, boundHost: string): boolean {
  return untrustedReason(req, boundHost) === undefined;
}

/**
 * Why a request is not one the UI, /api and /ws answer (its Host is not a name of this machine,
 * or its Origin not this server's page), in words with the value sent; undefined when it is.
 */
export function untrustedReason(req: IncomingMessage, boundHost: string): string | undefined {
  const name = hostName(req.headers.host);
  const wildcard = boundHost === '0.0.0.0' || boundHost === '::';
  const names = `localhost, 127.0.0.1 and [::1]${wildcard || LOCAL_NAMES.has(boundHost.toLowerCase()) ? '' : ` and ${boundHost} (the address Eventbench is bound to, --host)`}`;
  if (!wildcard) {
    // A request made up in a unit test has no socket.
    const port = (req.socket as { localPort?: number } | undefined)?.localPort;
    if (req.headers.host === undefined) return `the request has no Host header (an HTTP/1.0 client?), and the UI and /api answer only to a Host naming this machine (${names}): send one, such as Host: localhost${port === undefined ? '' : `:${port}`}`;
    const bound = boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost.toLowerCase();
    if (name === undefined || (!LOCAL_NAMES.has(name) && name !== bound)) return `Host ${shownValue(req.headers.host)} is not a name of this machine: the UI and /api answer only to ${names}, so a web page under another name (DNS rebinding) cannot drive the engine`;
  }
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  if (origin === 'null') return 'the Origin is "null" (a sandboxed page, or a file opened in the browser), and the UI and /api answer only to their own pages';
  // A page's Origin must name this Host: a browser always sends Host, and only http(s) pages can
  // be ours (a file: page has no host, which must not equal a missing Host header).
  const host = req.headers.host?.trim().toLowerCase();
  const notOurs = `Origin ${shownValue(origin)} is not this server's own page${host ? ` (http://${host})` : ''}: the UI and /api answer only to their own pages`;
  if (!host) return notOurs;
  let page: URL;
  try {
    page = new URL(origin);
  } catch {
    return notOurs;
  }
  if (page.protocol !== 'http:' && page.protocol !== 'https:') return notOurs;
  // The Origin never spells the scheme's default port; a Host header may (`localhost:80`).
  const defaultPort = page.protocol === 'https:' ? ':443' : ':80';
  return page.host === (host.endsWith(defaultPort) ? host.slice(0, -defaultPort.length) : host) ? undefined : notOurs;
}

function forbidden(res: ServerResponse, why: string): void {
  sendJson(res, 403, { error: `this endpoint answers only to local pages of its own origin (Host/Origin check): ${why}` });
}

/**
 * Whether the browser says another site made this request (Sec-Fetch-Site: cross-site, or
 * same-site: another port of the same host). A page elsewhere cannot read the API, but a GET it
 * makes with a script or an image tag carries no Origin, and whether that loaded told it the
 * status: /api/messages/wait answers 200 for a match and 408 for none, so captured text could be
 * guessed a character at a time. Scripts and curl send no Sec-Fetch-Site; the UI's own requests
 * are same-origin, and a typed URL or a bookmark is "none". A top-level visit from a link
 * elsewhere may still open the UI (not the API): the UI cannot be framed.
 */
function fromAnotherSite(req: IncomingMessage, navigationAllowed: boolean): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== 'cross-site' && site !== 'same-site') return false;
  return !(navigationAllowed && req.headers['sec-fetch-mode'] === 'navigate' && req.headers['sec-fetch-dest'] === 'document');
}

function forbiddenToOtherSites(res: ServerResponse): void {
  sendJson(res, 403, { error: 'this endpoint answers only to pages of its own origin, and the browser says another site made this request (Sec-Fetch-Site)' });
}

/** On every API answer: no other origin may embed it (a script or image tag), or take it for a script. */
const API_RESPONSE_HEADERS = { 'Cross-Origin-Resource-Policy': 'same-origin', 'X-Content-Type-Options': 'nosniff' };

/**
 * The path and query of a request target. HTTP/1.1 servers must accept the absolute form too
 * (RFC 9112, 3.2.2: `http://api.segment.io/v1/batch`, what a client sends when its HTTP proxy is
 * set to Eventbench); routed by the whole URL it reached the UI. Its host is not trusted for
 * anything: the Host header still decides what answers (isTrustedRequest).
 */
export function originForm(target: string): string {
  const absolute = /^https?:\/\/[^/?#]*/i.exec(target);
  if (!absolute) return target;
  const rest = target.slice(absolute[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** A request's path and query (the query without its "?"). */
function targetOf(req: IncomingMessage): { pathname: string; query: string } {
  const url = originForm(req.url ?? '/');
  const q = url.indexOf('?');
  return { pathname: q < 0 ? url : url.slice(0, q), query: q < 0 ? '' : url.slice(q + 1) };
}

/**
 * Whether a request that waits for "100 Continue" before it sends its body (Expect: 100-continue)
 * already says, by its Content-Length, that the body is over what its route reads: a POST to the
 * Tracking API (500 KB a request) or to a webhook (WEBHOOK_MAX_BYTES). A compressed body's
 * Content-Length is not the size the limit measures (decompressed), so it is not judged by it.
 */
function announcedTooLarge(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.headers['transfer-encoding'] !== undefined) return false;
  const encoding = contentEncodingOf(req);
  if (encoding !== 'identity' && encoding !== '') return false;
  const { pathname } = targetOf(req);
  const limit = pathname.startsWith('/v1/') && trackingPathOf(pathname.slice(4)) !== undefined ? MAX_REQUEST_BYTES : pathname.startsWith('/webhook/') ? WEBHOOK_MAX_BYTES : undefined;
  return limit !== undefined && Number(req.headers['content-length'] ?? 0) > limit;
}

/**
 * A Tracking API path after a host that already has /v1 or a whole endpoint in it (a dataPlaneUrl
 * of `http://host:8787/v1/batch` posts to /v1/batch/v1/batch): what the host ends in, and the path
 * the library added; undefined for any other path.
 */
export function pathUnderHostPath(pathname: string): { prefix: string; meant: string } | undefined {
  const m = /^(\/v1(?:\/.*?)?)(\/v1\/[^/]+\/?)$/.exec(pathname);
  return m !== null && trackingPathOf(m[2].slice(4)) !== undefined ? { prefix: m[1], meant: m[2] } : undefined;
}

/** "//v1/batch", "///webhook/x": a Tracking API or webhook path behind more than one slash. */
const DOUBLED_SLASH = /^\/{2,}(?:v1|webhook)\//;

/**
 * The server for `routes`: plain HTTP, or HTTPS with `tls` (the same routes either way; the
 * HTTPS one is for clients that only speak TLS, such as Segment's mobile libraries).
 */
export function createHttpServer(routes: HttpRoutes, tls?: { cert: string; key: string }): Server {
  const t = { ...SERVER_TIMEOUTS, ...routes.timeouts };
  // requireHostHeader: handle() refuses an HTTP/1.1 request without Host itself, saying why (Node's refusal had no body).
  const options = { keepAlive: true, requireHostHeader: false, headersTimeout: t.headersMs, requestTimeout: t.requestMs, keepAliveTimeout: t.keepAliveMs, connectionsCheckingInterval: t.checkMs };
  /**
   * Per connection: answers not yet sent, and a refusal waiting for them. Node answers pipelined
   * requests in order; a request it cannot parse after them must be refused after their answers,
   * or the refusal goes out as the answer to the first and the close loses the rest.
   */
  const unanswered = new WeakMap<object, number>();
  /** Per connection: the latest request and its answer (the one whose body the parser is reading, if any). */
  const latest = new WeakMap<object, { req: IncomingMessage; res: ServerResponse }>();
  const refusalAfter = new WeakMap<object, () => void>();
  const countAnswer = (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    unanswered.set(socket, (unanswered.get(socket) ?? 0) + 1);
    let pending = true;
    const answered = () => {
      if (!pending) return;
      pending = false;
      const left = (unanswered.get(socket) ?? 1) - 1;
      unanswered.set(socket, left);
      if (left === 0) refusalAfter.get(socket)?.();
    };
    res.once('finish', answered);
    res.once('close', answered);
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    restoreDeclinedUpgradeHeaders(req);
    countAnswer(req, res);
    latest.set(req.socket, { req, res });
    if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) {
      req.resume();
      sendJson(res, 400, trackingFailure('missing-host', 'an HTTP/1.1 request must have a Host header (RFC 9112, 3.2), and this one has none: add "Host: <host>:<port>" to the request'), { Connection: 'close' });
      return;
    }
    const { pathname, query } = targetOf(req);
    let work: Promise<void> | void;
    // Why the UI and /api refuse this request (set in the branch that checks it, so computed once).
    let untrusted: string | undefined;
    const settingsKey = pathname.startsWith('/v1/projects/') ? settingsWriteKeyOf(pathname) : undefined;
    if (settingsKey !== undefined) {
      work = undefined;
      const answered = handleSettings(req, res, settingsKey);
      if (answered !== undefined) routes.onActivity?.({ kind: 'settings', from: clientAddress(req.socket), ...clientNamed(req.headers['user-agent']), ...answered });
    } else if (/^\/v1\//i.test(pathname)) {
      // Case-sensitive, as at Segment: "/V1/TRACK" is an unknown path (it reached the UI's 405).
      const name = pathname.startsWith('/v1/') ? trackingPathOf(pathname.slice(4)) : undefined;
      // A refused request leaves no row in the inspector: the Connect tab's activity names it.
      const refused = (status: number | undefined, reason: string) =>
        routes.onActivity?.({ kind: 'refused', from: clientAddress(req.socket), ...clientNamed(req.headers.origin ? (req.headers.referer ?? req.headers.origin) : req.headers['user-agent']), endpoint: pathname, ...(status === undefined ? {} : { status }), reason });
      const pixel = pixelCallOf(pathname);
      if (pixel === null) {
        req.resume();
        work = sendJson(res, 404, trackingFailure('unknown-path', UNKNOWN_PIXEL_PATH(pathname)), corsHeaders(req));
      } else if (pixel !== undefined && (req.method === 'GET' || req.method === 'HEAD')) {
        work = handlePixel(req, res, pixel, query, routes.receiver, pathname, refused);
      } else if (pixel !== undefined) {
        req.resume();
        work = sendJson(res, 405, trackingFailure('method-not-allowed', `${req.method} is not allowed on ${pathname}, Segment's tracking pixel; use GET (an <img src>)`), { Allow: 'GET, HEAD', ...corsHeaders(req) });
      } else if (name === undefined) {
        req.resume();
        const lower = pathname.toLowerCase();
        const hostPath = pathUnderHostPath(pathname);
        const error =
          trackingPathOf(lower.slice(4)) !== undefined
            ? `unknown Tracking API path ${pathname}: the paths are case-sensitive (at Segment too); use ${lower}`
            : hostPath !== undefined
              ? `unknown Tracking API path ${pathname}: the client's host (its host, endpoint or dataPlaneUrl option) ends in ${hostPath.prefix}, and the library adds ${hostPath.meant} after it: set it without ${hostPath.prefix} (scheme, name and port alone)`
              : `unknown Tracking API path ${pathname}; use /v1/track, identify, group, page, screen, alias or batch (or its older name import, or analytics.js's short /v1/t, i, g, p, s, a, b)`;
        if (req.method === 'POST') refused(404, error);
        work = sendJson(res, 404, trackingFailure('unknown-path', error), corsHeaders(req));
      } else if (req.method === 'POST') work = handleTracking(req, res, name, routes.receiver, pathname, refused);
      else if (req.method === 'OPTIONS') work = handleTrackingPreflight(req, res);
      else {
        req.resume();
        work = sendJson(res, 405, trackingFailure('method-not-allowed', `${req.method} is not allowed on ${pathname}; use POST`), { Allow: 'POST, OPTIONS', ...corsHeaders(req) });
      }
    } else if (DOUBLED_SLASH.test(pathname)) {
      // A client whose host ends in a slash (analytics-go's Endpoint "http://…:8787/" posts to
      // //v1/batch): events sent there never reach Segment either (segmentio/analytics-node#81), so refuse it,
      // in words, rather than with the UI's "POST is not allowed here; use GET".
      req.resume();
      const meant = pathname.replace(/^\/+/, '/');
      // A download (analytics.js's cdnURL ending in "/" asks for //v1/projects/…/settings) sends no events: say what to set.
      const why =
        req.method === 'POST'
          ? `${pathname} has a doubled slash: the client's host or endpoint ends in "/", so it asked for ${pathname} instead of ${meant}. Events sent there never reach Segment either: set the host without the trailing slash.`
          : `${pathname} has a doubled slash: the client's host, cdnURL or cdnHost ends in "/", so it asked for ${pathname} instead of ${meant}: set it without the trailing slash.`;
      work = sendJson(res, 404, trackingFailure('doubled-slash', why), corsHeaders(req));
    } else if (pathname === CA_PATH && (req.method === 'GET' || req.method === 'HEAD') && routes.caPem?.() !== undefined) {
      // Public by nature (a certificate, no key), and fetched by devices that hold no token.
      req.resume();
      const pem = routes.caPem()!;
      res.writeHead(200, { 'Content-Type': 'application/x-pem-file', 'Content-Disposition': 'attachment; filename="eventbench-ca.pem"', 'Content-Length': Buffer.byteLength(pem), 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : pem);
      work = undefined;
    } else if (isAnalyticsJsPath(pathname)) {
      // Public, as on Segment's CDN: a page on any origin loads it with a script tag.
      work = undefined;
      if (handleAnalyticsJs(req, res, pathname) === 'script') {
        routes.onActivity?.({ kind: 'analytics-js', from: clientAddress(req.socket), ...clientNamed(req.headers.referer ?? req.headers.origin) });
      }
    } else if ((req.method === 'GET' || req.method === 'HEAD') && !pathname.startsWith('/api/') && misplacedCdnPath(pathname) !== undefined) {
      // A source's settings or analytics.js under another path (a cdnURL with a path, a cdnHost
      // without /v1): the UI's pages answered, a 403 without CORS to a page ("Failed to fetch")
      // or index.html with a 200 to this machine, which no library reads as settings.
      req.resume();
      const error = misplacedCdnAnswer(req, pathname, misplacedCdnPath(pathname)!);
      routes.onActivity?.({ kind: 'refused', from: clientAddress(req.socket), ...clientNamed(req.headers.origin ? (req.headers.referer ?? req.headers.origin) : req.headers['user-agent']), method: req.method as 'GET' | 'HEAD', endpoint: pathname, status: 404, reason: error });
      work = sendJson(res, 404, trackingFailure('unknown-path', error), corsHeaders(req));
    } else if (pathname.startsWith('/webhook/')) {
      if (req.method === 'POST') work = handleWebhook(req, res, pathname.slice(9), routes.receiver);
      else {
        req.resume();
        work = sendJson(res, 405, { success: false, error: `${req.method} is not allowed on ${pathname}; Segment's webhook destination uses POST` }, { Allow: 'POST' });
      }
    } else if (req.method === 'POST' && !pathname.startsWith('/api/')) {
      // Nothing outside /v1/, /webhook/ and /api/ takes a POST: the UI's files answered "POST is
      // not allowed here; use GET", so a webhook destination set to /webhook, or a client posting
      // to /track, lost its events being told to use GET, and nothing showed on the Connect tab.
      req.resume();
      const error = `nothing here takes POST ${pathname}; ${wherePostsGo(pathname)}`;
      routes.onActivity?.({ kind: 'refused', from: clientAddress(req.socket), ...clientNamed(req.headers.origin ? (req.headers.referer ?? req.headers.origin) : req.headers['user-agent']), endpoint: pathname, status: 404, reason: error });
      work = sendJson(res, 404, trackingFailure('unknown-path', error), corsHeaders(req));
    } else if ((untrusted = untrustedReason(req, routes.boundHost)) !== undefined) {
      req.resume();
      work = forbidden(res, untrusted);
    } else if (fromAnotherSite(req, !pathname.startsWith('/api/'))) {
      req.resume();
      work = forbiddenToOtherSites(res);
    } else if (routes.accessToken !== undefined && !sameToken(tokenOf(req, query).token, routes.accessToken)) {
      req.resume();
      work = unauthorized(res);
    } else if (routes.accessToken !== undefined && tokenOf(req, query).fromQuery && !pathname.startsWith('/api/')) {
      // A visit with ?token=: keep it in a cookie for the page, /ws and /api, and drop it from the address bar.
      req.resume();
      // One leading slash: "//host/x" (or "/\host", which browsers read alike) would send the browser to another site.
      res.writeHead(303, { Location: `/${pathname.replace(/^[/\\]+/, '')}`, 'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(routes.accessToken)}; Path=/; HttpOnly; SameSite=Strict`, 'Cache-Control': 'no-store' });
      res.end();
      work = undefined;
    } else if (pathname.startsWith('/api/')) {
      for (const [name, value] of Object.entries(API_RESPONSE_HEADERS)) res.setHeader(name, value);
      work = routes.api(req, res, pathname, query);
    }
    else work = routes.static(req, pathname, res);
    if (work) {
      work.catch((e: Error) => {
        if (!res.headersSent) sendJson(res, 500, { success: false, error: `internal error: ${e.message}` });
        else res.destroy();
      });
    }
  };
  // A TLS client gets as long to finish its handshake as a plain one to send its headers (Node's
  // default is 120 s, which a client that connects and says nothing would hold a socket for).
  // ALPN: Node's HTTPS server names only http/1.1, and refused the handshake of a client that names
  // only http/1.0 (curl --http1.0) with the alert "no application protocol"; HTTP/1.0 is served here.
  const server: Server = tls ? (createTlsServer({ ...options, allowHalfOpen: true, cert: tls.cert, key: tls.key, handshakeTimeout: t.headersMs, ALPNProtocols: ['http/1.1', 'http/1.0'] }, handle) as unknown as Server) : createServer(options, handle);
  /** A TLS connection's TCP socket -> the client's address (see 'connection' below). */
  const peers = new WeakMap<object, string | undefined>();
  if (tls) {
    // closeAllConnections knows HTTP connections only: a socket still in (or stuck before) its TLS
    // handshake would keep close() waiting. Track the raw sockets and end those too.
    const raw = new Set<Duplex>();
    server.on('connection', (socket: Duplex & { remoteAddress?: string }) => {
      raw.add(socket);
      // Read now: once a refused handshake has closed it, the address can no longer be asked.
      peers.set(socket, socket.remoteAddress);
      socket.once('close', () => raw.delete(socket));
    });
    const closeHttp = server.closeAllConnections.bind(server);
    server.closeAllConnections = () => {
      closeHttp();
      for (const socket of raw) socket.destroy();
    };
  }
  // A client that half-closes after its request (shutdown(SHUT_WR): ncat or socat at the end of
  // their input, a hand-written socket client) still reads the answers: Node's default aborted the
  // requests in flight, so a captured message went unanswered and its client sent it again. The
  // connection is ended once the last answer is out (or at once, if none is pending).
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  server.setTimeout(t.idleMs, (socket) => socket.destroy());
  // Expect: 100-continue (curl sends it for bodies over 1 MB): a body its Content-Length already
  // puts over the limit is refused at once, in the same words as when it is sent, and the
  // connection closed after (the client never sends it); Node's default answered "100 Continue",
  // and the whole body was uploaded to be thrown away. Any other request gets its "100 Continue".
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (announcedTooLarge(req)) {
      refuseUnsentBody(req);
      res.setHeader('Connection', 'close');
    } else res.writeContinue();
    server.emit('request', req, res);
  });
  // Any other expectation (Expect: 200-ok, a typo): 417, as RFC 9110 allows, in words; Node's own
  // 417 had an empty body. The body, if the client sends it anyway, is read and thrown away, and
  // the connection goes on.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const error = `Expect: ${String(req.headers.expect ?? '').slice(0, 200)} is not an expectation this server knows (only 100-continue); send the request without it`;
    req.resume();
    sendJson(res, 417, { success: false, code: 'expectation-failed', error, message: error });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!isWebSocketUpgrade(req)) {
      declineUpgrade(server, tls ? 'secureConnection' : 'connection', req, socket, head);
      return;
    }
    const url = originForm(req.url ?? '/');
    const pathname = url.split('?')[0];
    if (pathname !== '/ws' || !isTrustedRequest(req, routes.boundHost) || fromAnotherSite(req, false)) {
      socket.end(`HTTP/1.1 ${pathname === '/ws' ? '403 Forbidden' : '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    if (routes.accessToken !== undefined && !sameToken(tokenOf(req, url.split('?')[1] ?? '').token, routes.accessToken)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    // A WebSocket may idle for as long as the UI is open: the HTTP idle timeout stops here.
    if ('setTimeout' in socket && typeof socket.setTimeout === 'function') socket.setTimeout(0);
    routes.upgradeWs(req, socket, head);
  });
  // A client whose HTTPS proxy is set to Eventbench (HTTPS_PROXY, a library's proxies option) asks
  // for a tunnel to api.segment.io:443. Node closed such a connection without a word ("Proxy
  // CONNECT aborted"); the status line says what to do instead, since it is what clients print.
  server.on('connect', (req: IncomingMessage, socket: Duplex & { localAddress?: string; localPort?: number }) => {
    const self = `${tls ? 'https' : 'http'}://${urlHost(socket.localAddress)}:${socket.localPort ?? ''}`;
    const target = String(req.url ?? '').slice(0, 200);
    const body = JSON.stringify({
      success: false,
      code: 'not-a-proxy',
      error: `CONNECT ${target}: Eventbench is not a proxy and opens no tunnel, so nothing was sent to ${target}. Set the library's host (or endpoint) to ${self} instead of setting a proxy (HTTPS_PROXY, https_proxy, or the library's proxy option) to it.`,
    });
    if (!socket.writable) return void socket.destroy();
    socket.end(`HTTP/1.1 501 Eventbench is not a proxy; set the library's host to ${self}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, () => socket.destroy());
  });
  if (tls) {
    // A client that refuses the certificate says so in a TLS alert: the usual reason a phone or a
    // script "sends nothing". Other handshake failures (timeouts, resets) are not reported.
    server.on('tlsClientError', (err: NodeJS.ErrnoException, socket: Duplex & { _parent?: object }) => {
      const reason = refusedCertificateReason(err);
      // The TCP socket under the TLS one (_parent) is the one 'connection' saw.
      if (reason !== undefined) routes.onActivity?.({ kind: 'tls-refused', from: clientAddress({ remoteAddress: socket._parent && peers.get(socket._parent) }), reason });
    });
  }
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // A TLS failure (a handshake that timed out, a client that does not speak TLS): there is no
    // HTTP to answer in, and a plain-text answer written to the TLS socket would never be sent.
    if (tls && (err.code?.startsWith('ERR_TLS') || err.code?.startsWith('ERR_SSL') || 'library' in err)) {
      socket.destroy();
      return;
    }
    // Once per connection (the parser reports its error again on more data).
    if (refusalAfter.has(socket)) return;
    // A TLS handshake (a record of type 22, version 3.x) on the plain port: a client told https://
    // (analytics-ruby and analytics-php force it, the mobile libraries always do). An HTTP answer
    // is noise to it ("wrong version number"): closed, and named on the Connect tab.
    const first = (err as { rawPacket?: unknown }).rawPacket;
    if (!tls && Buffer.isBuffer(first) && first.length >= 2 && first[0] === 0x16 && first[1] === 0x03) {
      routes.onActivity?.({ kind: 'tls-refused', from: clientAddress(socket as Duplex & { remoteAddress?: string }), reason: TLS_TO_PLAIN_PORT });
      refusalAfter.set(socket, () => undefined);
      socket.destroy();
      return;
    }
    // HTTP/2's connection preface on the plain port (prior knowledge: curl --http2-prior-knowledge,
    // Go's h2c): an HTTP/1.1 400 is bytes such a client cannot read ("Empty reply from server").
    // Answered in HTTP/2: an empty SETTINGS, then a GOAWAY with HTTP_1_1_REQUIRED and why.
    if (!tls && Buffer.isBuffer(first) && first.subarray(0, H2_PREFACE.length).toString('latin1') === H2_PREFACE) {
      routes.onActivity?.({ kind: 'refused', from: clientAddress(socket as Duplex & { remoteAddress?: string }), reason: H2_PRIOR_KNOWLEDGE });
      const close = () => lingeringClose(socket, h2GoAway(H2_PRIOR_KNOWLEDGE));
      refusalAfter.set(socket, close);
      close();
      return;
    }
    // The error is in the body of a request being read (a broken chunk, a half-close before the
    // Content-Length, the request timeout): that request's handler answers it, saying why, and the
    // connection closes after the answer. Refused below instead, it waited for that very answer,
    // which waited for the body: nothing was answered until the idle timeout.
    const open = latest.get(socket);
    if (open !== undefined && !open.req.complete && !open.res.writableEnded && open.req.listenerCount(BODY_BROKEN) > 0) {
      if (!open.res.headersSent) open.res.setHeader('Connection', 'close');
      const close = () => lingeringClose(socket);
      refusalAfter.set(socket, close);
      // Node closes a `Connection: close` answer's socket with destroySoon once it is written,
      // a reset with the client's bytes unread: closed by lingering instead.
      (socket as Duplex & { destroySoon?: () => void }).destroySoon = close;
      open.req.emit(BODY_BROKEN, brokenBody(err, t.requestMs));
      return;
    }
    // The body of a request answered already (a refused path's, drained) is still arriving: that
    // answer was its only one. Close once it is out, without writing a second (a 408 after the 404).
    if (open !== undefined && !open.req.complete && open.res.headersSent) {
      const close = () => lingeringClose(socket);
      refusalAfter.set(socket, close);
      if ((unanswered.get(socket) ?? 0) === 0) close();
      return;
    }
    // Answer, then close for good: a client that never reads (a slowloris) must not keep it half-open.
    // The request timeout met either headers still arriving or a body no handler reads.
    const timedOut = open !== undefined && !open.req.complete ? `the request was not received within ${secondsText(t.requestMs)}` : `the request headers were not received within ${secondsText(t.headersMs)}`;
    const answer = clientErrorAnswer(err.code, timedOut, (err as { reason?: unknown }).reason, first);
    const body = JSON.stringify({ success: false, code: answer.code, error: answer.error });
    const refuse = () => lingeringClose(socket, `HTTP/1.1 ${answer.status}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    refusalAfter.set(socket, refuse);
    // After the answers to the requests before it (pipelined), if any are still on their way.
    if ((unanswered.get(socket) ?? 0) === 0) refuse();
  });
  return server;
}

/** The start of HTTP/2's connection preface (RFC 9113, 3.4), what a client with prior knowledge sends first. */
const H2_PREFACE = 'PRI * HTTP/2.0\r\n';
const H2_PRIOR_KNOWLEDGE = 'this receiver speaks HTTP/1.1 on its plain port, not HTTP/2 (a client with prior knowledge, such as curl --http2-prior-knowledge): send HTTP/1.1';

/** An HTTP/2 server's answer refusing the connection: an empty SETTINGS frame, then GOAWAY (last stream 0, HTTP_1_1_REQUIRED) carrying `why`. */
function h2GoAway(why: string): Buffer {
  const frame = (type: number, payload: Buffer) => {
    const head = Buffer.alloc(9);
    head.writeUIntBE(payload.length, 0, 3);
    head[3] = type;
    return Buffer.concat([head, payload]);
  };
  const goAway = Buffer.alloc(8);
  goAway.writeUInt32BE(0x0d, 4);
  return Buffer.concat([frame(0x4, Buffer.alloc(0)), frame(0x7, Buffer.concat([goAway, Buffer.from(why, 'utf8')]))]);
}

/** A WebSocket handshake names `websocket` among the protocols it asks for; `h2c` and the rest are offers. */
function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return String(req.headers.upgrade ?? '')
    .split(',')
    .some((p) => p.trim().toLowerCase() === 'websocket');
}

/** A declined upgrade's socket -> the request's headers as the client sent them (restoreDeclinedUpgradeHeaders). */
const declinedUpgradeHeaders = new WeakMap<object, string[]>();

/**
 * Answers a request that offers another protocol than WebSocket (`Upgrade: h2c`, as Java's
 * java.net.http client and `curl --http2` send on every plain-http request) as the HTTP/1.1
 * request it is: a server may ignore the offer (RFC 9110, 7.8). Node hands any request with an
 * Upgrade to the 'upgrade' listener, its parser detached from the socket, and it was answered 404
 * with the event lost. So its head is put back in front of the bytes read past it (`head`: the
 * body, and any request pipelined after it), with `upgrade` taken out of its Connection header (so
 * Node does not see an upgrade again), and the socket goes through the server's connection handling
 * anew: parsed, timed out and kept alive like any other. The recorded headers stay the client's.
 */
function declineUpgrade(server: Server, connectionEvent: 'connection' | 'secureConnection', req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const raw = req.rawHeaders;
  let lines = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}\r\n`;
  for (let i = 0; i < raw.length; i += 2) {
    let value = raw[i + 1];
    if (raw[i].toLowerCase() === 'connection') {
      value = value
        .split(',')
        .map((token) => token.trim())
        .filter((token) => token !== '' && token.toLowerCase() !== 'upgrade')
        .join(', ');
      if (value === '') continue;
    }
    lines += `${raw[i]}: ${value}\r\n`;
  }
  declinedUpgradeHeaders.set(socket, raw);
  // Node reads header bytes as latin1: written back the same way, they are the client's bytes.
  socket.unshift(Buffer.concat([Buffer.from(`${lines}\r\n`, 'latin1'), head]));
  server.emit(connectionEvent, socket);
}

/** The first request parsed after declineUpgrade is the declined one: its recorded headers are the ones sent. */
function restoreDeclinedUpgradeHeaders(req: IncomingMessage): void {
  const raw = declinedUpgradeHeaders.get(req.socket);
  if (raw === undefined) return;
  declinedUpgradeHeaders.delete(req.socket);
  req.rawHeaders = raw;
}

/** An activity's client (a User-Agent, a page), when a header named it; cut to 200 characters. */
function clientNamed(header: string | undefined): { client?: string } {
  return header ? { client: headerText(header).slice(0, 200) } : {};
}

/** A local address as a URL's host: an IPv4-mapped IPv6 one as IPv4, another IPv6 one in brackets. */
function urlHost(address: string | undefined): string {
  const plain = (address ?? '127.0.0.1').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  return plain.includes(':') ? `[${plain}]` : plain;
}

/** How long a refused connection still reads (and drops) what its client sends after the answer. */
const LINGER_MS = 2000;
const lingering = new WeakSet<object>();

/**
 * Sends the last of the answer (if given) and closes the connection the way that lets the client
 * read it: our side first (FIN after the answer), then, while the client may still be sending (a
 * body that never ends, a flood), what arrives is read and dropped until the client closes or
 * LINGER_MS pass. Destroyed at once with its data unread, the socket was reset, and a client that
 * had not yet read the answer (a loaded machine: CI) lost it with the reset.
 */
function lingeringClose(socket: Duplex, last?: string | Buffer): void {
  if (lingering.has(socket)) return;
  lingering.add(socket);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', () => socket.destroy()); // the client closed its side: nothing more to wait for
  socket.on('data', () => undefined);
  socket.resume();
  if (last === undefined) socket.end();
  else socket.end(last);
}

/** A socket's peer address, an IPv4-mapped IPv6 one as IPv4. */
/**
 * Why TLS on the plain port: every Segment library but analytics.js puts https:// before the
 * settings' apiHost whatever their `protocol` says (analytics-react-native, -kotlin, -swift, the
 * classic analytics-ios and -android, Analytics-CSharp, analytics_flutter), so settings asked for
 * here send its batches here as TLS. React Native's `proxy` is posted to as it is.
 */
const TLS_TO_PLAIN_PORT =
  "the client spoke TLS (https://) to the plain HTTP port: use http://, or the HTTPS port. Segment's mobile and .NET libraries put https:// before the apiHost of the settings they download, whatever their protocol says: ask for the settings on the HTTPS port (cdnHost), or give analytics-react-native a proxy ending in /v1/b on this port, which it posts to as it is";

function clientAddress(socket: { remoteAddress?: string }): string {
  return (socket.remoteAddress ?? 'unknown').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

/**
 * Why a TLS client refused this server, from the alert it sent (OpenSSL's error codes name it:
 * ERR_SSL_TLSV1_ALERT_UNKNOWN_CA, ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN...), or a plain HTTP
 * request sent to the HTTPS port; undefined for anything else.
 */
export function refusedCertificateReason(err: { code?: string; message?: string }): string | undefined {
  const code = err.code ?? '';
  const trust = 'install eventbench-ca.pem where the client runs (the steps are below)';
  if (/ALERT_UNKNOWN_CA/.test(code)) return `the client does not trust the certificate authority (TLS alert "unknown CA"): ${trust}`;
  if (/ALERT_(?:CERTIFICATE_UNKNOWN|BAD_CERTIFICATE|UNSUPPORTED_CERTIFICATE)/.test(code)) return `the client refused the certificate (TLS alert "${alertName(code)}"), most often because it does not trust the authority: ${trust}`;
  if (/ALERT_CERTIFICATE_EXPIRED/.test(code)) return 'the client says the certificate has expired: check the clock of the device it runs on';
  if (/HTTP_REQUEST|WRONG_VERSION_NUMBER/.test(code) || /http request/i.test(err.message ?? '')) return 'the client spoke plain HTTP to the HTTPS port: use https://, or the plain port';
  return undefined;
}

function alertName(code: string): string {
  return (/ALERT_(\w+)$/.exec(code)?.[1] ?? 'certificate').toLowerCase().replace(/_/g, ' ');
}

/** Where a POST to a path nothing takes (wherePostsGo('/track')) should have gone, in words. */
/**
 * The path a GET meant when it asks for a source's settings or analytics.js under a path the
 * receiver does not serve them at: `/cdn/v1/projects/<key>/settings` (analytics-next's cdnURL with
 * a path), `/projects/<key>/settings` (a mobile library's cdnHost without /v1),
 * `/cdn/analytics.js/v1/<key>/analytics.min.js`; undefined for any other path.
 */
export function misplacedCdnPath(pathname: string): { what: 'settings' | 'analytics.js'; meant: string } | undefined {
  const settings = /(\/projects\/[^/]+\/settings)\/?$/.exec(pathname);
  if (settings !== null && settingsWriteKeyOf(pathname) === undefined && !pathname.startsWith('//')) return { what: 'settings', meant: `/v1${settings[1]}` };
  for (const root of ['/analytics.js/v1/', '/analytics-next/bundles/']) {
    const at = pathname.indexOf(root);
    if (at > 0 && isAnalyticsJsPath(pathname.slice(at))) return { what: 'analytics.js', meant: pathname.slice(at) };
  }
  return undefined;
}

/** What a misplaced CDN path is told: where it is, and the cdnURL (or cdnHost) to set. */
function misplacedCdnAnswer(req: IncomingMessage, pathname: string, { what, meant }: { what: 'settings' | 'analytics.js'; meant: string }): string {
  const socket = req.socket as TLSSocket;
  const local = socket.localAddress?.includes(':') ? `[${socket.localAddress}]` : socket.localAddress;
  const host = apiHostFor(req.headers.host, `${local ?? '127.0.0.1'}:${socket.localPort ?? ''}`).slice(0, -'/v1'.length);
  const origin = `${socket.encrypted ? 'https' : 'http'}://${host}`;
  return what === 'settings'
    ? `nothing here serves ${pathname}: a source's settings are at ${meant}, with nothing before /v1/ (as on Segment's CDN): set analytics.js's cdnURL to ${origin} with no path, or a mobile library's cdnHost to ${host}/v1`
    : `nothing here serves ${pathname}: analytics.js is at ${meant}, with nothing before it (as on Segment's CDN): load it from ${origin}${meant}, and set analytics._cdn (or cdnURL) to ${origin} with no path`;
}

function wherePostsGo(pathname: string): string {
  const webhook = /^\/webhooks?(?:\/([^/]*))?\/?$/i.exec(pathname);
  if (webhook) {
    const name = webhook[1];
    return name ? `webhook events go to /webhook/<name>: use /webhook/${name}` : 'webhook events go to /webhook/<name> (a name of letters, digits, "-" and "_", such as /webhook/pf)';
  }
  // A host (analytics.js's apiHost, a proxy's URL) with a path before /v1/ or /webhook/: the path meant, and what is before it.
  const prefixed = /^(\/.+?)(\/v1\/[^/]+\/?|\/webhook\/[A-Za-z0-9_-]{1,64})$/.exec(pathname);
  if (prefixed !== null && !prefixed[1].startsWith('//') && (prefixed[2].startsWith('/webhook/') || trackingPathOf(prefixed[2].slice(4)) !== undefined)) {
    const [, prefix, meant] = prefixed;
    return `use ${meant}: the client's host (analytics.js's apiHost) has "${prefix}" before ${meant.startsWith('/v1/') ? '/v1/' : '/webhook/'}, which the receiver does not serve under`;
  }
  const ALL = 'Tracking API calls go to /v1/track, identify, group, page, screen, alias or batch';
  if (/^\/v1\/?$/i.test(pathname)) return ALL;
  if (trackingPathOf(pathname.slice(1)) !== undefined) return `Tracking API calls go under /v1/: use /v1${pathname}`;
  return `${ALL}, and webhook events to /webhook/<name>`;
}

/**
 * What was wrong with a request Node's parser refused, in words, from the reason llhttp gives
 * ("Duplicate Content-Length"): the framing errors a request-smuggling probe or a hand-written
 * client makes, said as what to change; another reason is given as llhttp words it.
 */
const PARSE_REASONS: Record<string, string> = {
  'Invalid method encountered': 'its first line does not begin with a method such as POST',
  'Duplicate Content-Length': 'it has more than one Content-Length header; a request states its length once',
  "Transfer-Encoding can't be present with Content-Length": "it has both Content-Length and Transfer-Encoding; a request gives its body's length one way",
  "Content-Length can't be present with Transfer-Encoding": "it has both Content-Length and Transfer-Encoding; a request gives its body's length one way",
  'Unexpected whitespace after header value': 'a header line starts with a space or a tab (a header folded onto the next line, which HTTP/1.1 no longer allows)',
  'Invalid header field char': 'a header name holds a character HTTP does not allow in one (a space before the colon?)',
  'Invalid header value char': 'a header value holds a control character',
  'Expected CRLF after version': 'its lines end in LF alone, where HTTP ends each with CR LF',
  'Invalid character in Content-Length': 'its Content-Length is not a length (digits only, within 2^64)',
  'Content-Length overflow': 'its Content-Length is not a length (digits only, within 2^64)',
  // A hand-written request (nc, a raw socket) with the URL as typed: "Expected HTTP/, RTSP/ or ICE/".
  'Expected HTTP/, RTSP/ or ICE/': 'its first line is not "METHOD target HTTP/1.1": a space in the path or query (write it as %20), or no HTTP version after the target',
  'Invalid char in url path': 'its path holds a character a URL cannot carry as it is (a control character, or a letter beyond ASCII sent as raw bytes): percent-encode it as UTF-8 ("é" is %C3%A9)',
  'Invalid char in url query': 'its query holds a character a URL cannot carry as it is (a control character, or a letter beyond ASCII sent as raw bytes): percent-encode it as UTF-8 ("é" is %C3%A9)',
};

/**
 * The start of the request line, when the bytes the parser stopped in begin with one that runs on
 * past Node's 16 KB of request line and headers (a URL that long); undefined otherwise (many or
 * long headers, or a request line that arrived in an earlier packet than these bytes).
 */
function longRequestLine(rawPacket: unknown): string | undefined {
  if (!Buffer.isBuffer(rawPacket) || rawPacket.length < MAX_HEADER_BYTES) return undefined;
  const head = rawPacket.subarray(0, MAX_HEADER_BYTES);
  if (head.includes(0x0a) || !/^[A-Z]{3,10} \S/.test(head.subarray(0, 12).toString('latin1'))) return undefined;
  return head.subarray(0, 40).toString('latin1');
}

/** Node's default for request line and headers together (--max-http-header-size), which the server keeps. */
const MAX_HEADER_BYTES = 16 * 1024;

/** What a request Node refused before any handler ran gets back: the status and why, in words. */
function clientErrorAnswer(code: string | undefined, timedOut: string, reason?: unknown, rawPacket?: unknown): { status: string; code: string; error: string } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: '408 Request Timeout', code: 'request-timeout', error: `${timedOut}; ${CLOSED_AFTER_ANSWER}` };
  if (code === 'HPE_HEADER_OVERFLOW') {
    const longLine = longRequestLine(rawPacket);
    const error =
      longLine !== undefined
        ? `the request line (${longLine}…) is longer than the 16 KB this server reads for the request line and headers together: a long URL (query string) is refused; send a long message as a POST body`
        : 'the request headers are larger than the 16 KB this server reads';
    return { status: '431 Request Header Fields Too Large', code: 'headers-too-large', error };
  }
  const words = typeof reason === 'string' && reason !== '' ? (Object.hasOwn(PARSE_REASONS, reason) ? PARSE_REASONS[reason] : reason) : undefined;
  const why = [code, words].filter((w) => w !== undefined).join(': ');
  return { status: '400 Bad Request', code: 'bad-request', error: `the request is not valid HTTP${why ? ` (${why})` : ''}` };
}
