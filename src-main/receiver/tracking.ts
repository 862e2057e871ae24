// Segment Tracking API: POST /v1/track|identify|group|page|screen|alias|batch (and /v1/import), answered as
// Segment does (200 {"success":true}, 400 naming the problem), with CORS for analytics.js pages.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatCount, MAX_REQUEST_BYTES } from '../../src-shared/tracking-api/limits';
import type { TrackingPath } from '../../src-shared/tracking-api/parse';
import type { IngestedRequestContext } from '../store/capture-store';
import { protectWriteKey } from '../store/write-key';
import type { ReceiverDeps } from './deps';
import { readBody, recordedHeaders, sendJson } from './http-util';
import { PIXEL_GIF_BASE64, pixelBody, type PixelCall } from '../../src-shared/tracking-api/pixel';

const SUCCESS = '{"success":true}';

/** Headers a Segment client may send (analytics-next adds X-Retry-Count on retries). */
const ALLOWED_HEADERS = 'Authorization, Content-Type, Content-Encoding, X-Retry-Count';
/** A requested header name is echoed back when it looks like one (a token, at most 64 chars). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

/**
 * Chrome's Private Network Access: a preflight from a page on a public site to this receiver on
 * loopback or the LAN asks with `Access-Control-Request-Private-Network: true`, and the browser
 * sends the request only when the answer allows it.
 */
export function privateNetworkHeaders(req: IncomingMessage): Record<string, string> {
  return String(req.headers['access-control-request-private-network'] ?? '').trim().toLowerCase() === 'true' ? { 'Access-Control-Allow-Private-Network': 'true' } : {};
}

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  // A preflight names the headers the page will send: allow those (within reason) and ours.
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => HEADER_NAME.test(h))
    .slice(0, 20);
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': requested.length > 0 ? [...new Set([...ALLOWED_HEADERS.split(', '), ...requested])].join(', ') : ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
    ...privateNetworkHeaders(req),
    // A page's fetch with credentials (analytics-next's deliveryStrategy.config.credentials:
    // 'include', for a proxy that reads its cookies) is refused by the browser unless the answer
    // names its origin and allows credentials; nothing here reads a cookie, so allowing them costs
    // nothing. Never with '*', which a browser does not take with credentials.
    ...(origin ? { 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } : {}),
  };
}

/**
 * The body of a refused Tracking API request: `code` and `error` name the problem, and `message`
 * repeats `error` for analytics-python, which raises `APIError(status, payload['code'],
 * payload['message'])` from it (request.py `post`). Without `message` it fails with a KeyError
 * instead, which its consumer retries like a network error (11 tries with backoff, minutes) where
 * a 4xx makes it give up at once, and it logs `'message'` rather than the reason.
 */
export function trackingFailure(code: string, error: string): { success: false; code: string; error: string; message: string } {
  return { success: false, code, error, message: error };
}

/** CORS preflight for /v1/*. */
export function handleTrackingPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(204, corsHeaders(req));
  res.end();
}

/**
 * `onRefused`: told of each request answered 4xx (nothing of it is captured, so the inspector has
 * no row to show it by).
 */
export async function handleTracking(
  req: IncomingMessage,
  res: ServerResponse,
  path: TrackingPath,
  deps: ReceiverDeps,
  requestPath = `/v1/${path}`,
  onRefused?: (status: number, error: string) => void,
): Promise<void> {
  const cors = corsHeaders(req);
  const fail = (status: number, code: string, error: string) => {
    if (status < 500) onRefused?.(status, error);
    return sendJson(res, status, trackingFailure(code, error), cors);
  };
  // Taken as the request arrives: a clear handled while its body is read (a request pipelined
  // after it on the socket) came after it, and empties the log this request belongs to.
  const clearedSince = deps.store.clearCount;
  const body = await readBody(req, MAX_REQUEST_BYTES, (bytes) =>
    bytes === undefined
      ? `the request body is over ${formatCount(MAX_REQUEST_BYTES)} bytes once decompressed; Segment's limit is 500 KB (${formatCount(MAX_REQUEST_BYTES)} bytes) per request`
      : `the request body is ${formatCount(bytes)} bytes; Segment's limit is 500 KB (${formatCount(MAX_REQUEST_BYTES)} bytes) per request`,
  );
  if (!body.ok) return fail(body.status, body.code, body.error);
  const stored = await captureBody(req, path, body.bytes, deps, requestPath, clearedSince);
  if (!stored.ok) return fail(stored.status, stored.code, stored.error);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': SUCCESS.length, ...cors });
  res.end(SUCCESS);
}

type Captured = { ok: true } | { ok: false; status: number; code: string; error: string };

/**
 * Why a request's other Authorization headers were ignored, when it has different ones (a library
 * and an interceptor, or a proxy, each adding Basic auth): Node, as Segment's API, takes the
 * first, and the other key went without a word. The same header repeated is one key.
 */
function repeatedAuthorization(req: IncomingMessage): string | undefined {
  const values: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() === 'authorization') values.push(req.rawHeaders[i + 1].trim());
  if (new Set(values).size < 2) return undefined;
  return `the request has ${values.length} Authorization headers, where a client sends one: the first was taken (as Segment takes it) and the ${values.length === 2 ? 'other' : 'others'} ignored (a library and an interceptor or a proxy each adding one?)`;
}

/** Parses, checks and stores one Tracking API body (the POST's, or the one a pixel's query stands for). */
async function captureBody(req: IncomingMessage, path: TrackingPath, body: Uint8Array, deps: ReceiverDeps, requestPath: string, clearedSince = deps.store.clearCount): Promise<Captured> {
  // Parsing, validation and encoding run in the ingest worker thread (when there is one); the
  // receipt time is taken now, from the engine's clock, in arrival order.
  const receivedAtMs = deps.clock.now();
  const receivedAt = new Date(receivedAtMs).toISOString();
  const result = await deps.ingest.run({ path, body, authorizationHeader: req.headers.authorization, endpoint: requestPath, receivedAt, receivedAtMs });
  if (!result.ok) return result;
  const writeKeyWarning = [result.writeKeyWarning, repeatedAuthorization(req)].filter((w) => w !== undefined).join('; ');

  const request: IngestedRequestContext = {
    requestId: randomUUID(),
    receivedAt,
    receivedAtMs,
    clearCount: clearedSince,
    origin: {
      kind: 'tracking',
      endpoint: requestPath,
      ...protectWriteKey(result.writeKey),
      writeKeySource: result.writeKeySource,
      ...(result.authWarning ? { authWarning: result.authWarning } : {}),
      ...(writeKeyWarning ? { writeKeyWarning } : {}),
      ...(result.replacedKeyRepeats ? { replacedKeyRepeats: result.replacedKeyRepeats } : {}),
      ...(result.encoding ? { encoding: result.encoding } : {}),
    },
    headers: recordedHeaders(req),
  };
  try {
    let stored: Promise<number>;
    try {
      stored = deps.store.appendIngested(result, request);
    } finally {
      deps.ingest.release(result); // its bytes are in the log's buffer now (or never will be)
    }
    await stored;
  } catch (e) {
    const message = `could not write the capture log: ${(e as Error).message}`;
    deps.onStoreError(message);
    return { ok: false, status: 500, code: 'store-failed', error: message };
  }
  deps.onCaptured();
  return { ok: true };
}

const PIXEL_GIF = Buffer.from(PIXEL_GIF_BASE64, 'base64');

/**
 * GET /v1/pixel/<call>: the message its query stands for is captured as a POST to /v1/<call>
 * would be, and the answer is Segment's 1x1 GIF whatever happens (an <img> shows no error): a
 * request that cannot be taken is told to `onRefused` (the Connect tab's activity) instead.
 */
export async function handlePixel(
  req: IncomingMessage,
  res: ServerResponse,
  call: PixelCall,
  query: string,
  deps: ReceiverDeps,
  requestPath: string,
  onRefused?: (status: number | undefined, error: string) => void,
): Promise<void> {
  req.resume();
  // HEAD (a readiness check, `curl -I`) is answered as GET is, and tracks nothing.
  if (req.method !== 'HEAD') {
    const body = pixelBody(query);
    const stored = body.ok ? await captureBody(req, call, Buffer.from(body.bodyText, 'utf8'), deps, requestPath) : ({ ok: false, status: 400, code: 'invalid-pixel', error: body.error } as const);
    if (!stored.ok) onRefused?.(undefined, stored.error);
  }
  res.writeHead(200, { 'Content-Type': 'image/gif', 'Content-Length': PIXEL_GIF.length, 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
  res.end(req.method === 'HEAD' ? undefined : PIXEL_GIF);
}
