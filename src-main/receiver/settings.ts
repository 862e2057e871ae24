// GET /v1/projects/<writeKey>/settings on both listeners: a source's settings naming this
// receiver as its apiHost (see src-shared/tracking-api/source-settings.ts for why).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { apiHostFor, sourceSettings } from '../../src-shared/tracking-api/source-settings';
import { maskWriteKey } from '../../src-shared/summary';
import { sendJson } from './http-util';
import { corsHeaders, trackingFailure } from './tracking';

/** Answers; returns the masked write key and the apiHost given, when settings were answered (a GET). */
export function handleSettings(req: IncomingMessage, res: ServerResponse, writeKey: string | null): { writeKeyMasked: string; apiHost: string } | undefined {
  req.resume();
  const cors = { ...corsHeaders(req), 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS' };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors);
    res.end();
    return undefined;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, trackingFailure('method-not-allowed', `${req.method} is not allowed on a source's settings; use GET`), { Allow: 'GET, HEAD, OPTIONS', ...cors });
    return undefined;
  }
  if (writeKey === null || writeKey === '') {
    sendJson(res, 400, trackingFailure('bad-write-key', 'the write key in the settings path is empty or not valid percent-encoding'), cors);
    return undefined;
  }
  const socket = req.socket as TLSSocket;
  const local = socket.localAddress?.includes(':') ? `[${socket.localAddress}]` : socket.localAddress;
  const apiHost = apiHostFor(req.headers.host, `${local ?? '127.0.0.1'}:${socket.localPort ?? ''}`);
  const body = JSON.stringify(sourceSettings(writeKey, apiHost, socket.encrypted ? 'https' : 'http'));
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...cors });
  res.end(req.method === 'HEAD' ? undefined : body);
  return req.method === 'GET' ? { writeKeyMasked: maskWriteKey(writeKey) ?? '', apiHost } : undefined;
}
