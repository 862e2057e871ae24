// Segment Tracking API: POST /v1/track|identify|group|page|screen|alias|batch, answered as
// Segment does (200 {"success":true}, 400 naming the problem), with CORS for analytics.js pages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatCount, MAX_REQUEST_BYTES } from '../../src-shared/spec/limits';
import { parseTrackingRequest, type TrackingPath } from '../../src-shared/spec/parse';
import { buildCaptures } from './capture-builder';
import type { ReceiverDeps } from './deps';
import { readBody, recordedHeaders, sendJson } from './http-util';

const SUCCESS = '{"success":true}';

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, Content-Encoding',
    'Access-Control-Max-Age': '600',
    ...(origin ? { Vary: 'Origin' } : {}),
  };
}

/** CORS preflight for /v1/*. */
export function handleTrackingPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(204, corsHeaders(req));
  res.end();
}

export async function handleTracking(req: IncomingMessage, res: ServerResponse, path: TrackingPath, deps: ReceiverDeps): Promise<void> {
  const cors = corsHeaders(req);
  const fail = (status: number, code: string, error: string) => sendJson(res, status, { success: false, code, error }, cors);
  const body = await readBody(req, MAX_REQUEST_BYTES, (bytes) =>
    bytes === undefined
      ? `the request body is over ${formatCount(MAX_REQUEST_BYTES)} bytes once decompressed; Segment's limit is 500 KB (${formatCount(MAX_REQUEST_BYTES)} bytes) per request`
      : `the request body is ${formatCount(bytes)} bytes; Segment's limit is 500 KB (${formatCount(MAX_REQUEST_BYTES)} bytes) per request`,
  );
  if (!body.ok) return fail(body.status, body.code, body.error);

  const parsed = parseTrackingRequest({
    path,
    bodyText: body.bytes.toString('utf8'),
    bodyBytes: body.bytes.length,
    authorizationHeader: req.headers.authorization,
  });
  if (!parsed.ok) return fail(parsed.status, parsed.code, parsed.error);

  const entries = buildCaptures(deps.store, parsed.messages, {
    receivedAtMs: deps.clock.now(),
    origin: { kind: 'tracking', endpoint: `/v1/${path}`, writeKey: parsed.writeKey, writeKeySource: parsed.writeKeySource },
    headers: recordedHeaders(req),
  }, parsed.messageJson);
  let summaries;
  try {
    summaries = await deps.store.append(entries);
  } catch (e) {
    const message = `could not write the capture log: ${(e as Error).message}`;
    deps.onStoreError(message);
    return fail(500, 'store-failed', message);
  }
  deps.onCaptured(summaries);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': SUCCESS.length, ...cors });
  res.end(SUCCESS);
}
