// Small HTTP helpers shared by the receiver, the automation API and the static server.
import { headerText } from '../../src-shared/header-text';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { redactedSignature, signaturesSent } from './signature';
import { ownValue, setOwn } from '../../src-shared/own-property';
import { maxNestingDepth } from '../../src-shared/tracking-api/batch-scan';
import { describeInvalidJson } from '../../src-shared/tracking-api/parse';
import { duplicateKeys, mayRepeatKeys } from '../../src-shared/validate/duplicate-keys';
import { MAX_NESTING_DEPTH, tooDeepMessage } from '../../src-shared/tracking-api/limits';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** sendJson for a body already written as JSON text. */
export function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export type BodyResult =
  | { ok: true; bytes: Buffer }
  | { ok: false; status: number; code: 'request-too-large' | 'unsupported-encoding' | 'invalid-gzip' | 'aborted' | BrokenBody['code']; error: string };

/**
 * Emitted on a request (by the server, see http-server.ts) whose body can no longer arrive: the
 * HTTP parser failed part way through it (a chunk size that is not hex), the client half-closed
 * before its Content-Length arrived, or the whole request took too long. Its handler answers with
 * the BrokenBody, and the connection is closed after that answer.
 */
export const BODY_BROKEN = 'eventbench:body-broken';

export interface BrokenBody {
  status: 400 | 408;
  code: 'invalid-body' | 'request-timeout';
  error: string;
}

export const CLOSED_AFTER_ANSWER = 'the connection is closed after this answer';

/** A server timeout in words: "15 s", "120 s", or "0.1 s" below a second. */
export function secondsText(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms / 1000} s`;
}

/** What a parser error (or the request timeout) met part way through a body means, in words. */
export function brokenBody(err: { code?: string; reason?: string; message?: string }, requestMs: number): BrokenBody {
  const closed = CLOSED_AFTER_ANSWER;
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, code: 'request-timeout', error: `the request body was not received within ${secondsText(requestMs)}; ${closed}` };
  }
  const reason =
    err.code === 'HPE_INVALID_EOF_STATE'
      ? 'the client closed its side of the connection before the whole body arrived'
      : (err.reason ?? (err.message ?? 'unreadable').replace(/^Parse Error: /, ''));
  return { status: 400, code: 'invalid-body', error: `the request body is not valid HTTP (${err.code ?? 'parse error'}: ${reason}); ${closed}` };
}

/**
 * The request's body to iterate (gunzipped when told). When the body can no longer arrive
 * (BODY_BROKEN), what did arrive is given first, then the iteration fails with the broken body's
 * error, instead of waiting for bytes that cannot come. The request itself is not destroyed, so
 * the answer still goes out on its connection.
 */
export async function* bodyChunks(req: IncomingMessage, gunzip: boolean): AsyncGenerator<Buffer> {
  const inner: Readable = gunzip ? pipeline(req, createGunzip(), () => undefined) : req;
  const out = new PassThrough();
  let broken: BrokenBody | undefined;
  inner.on('error', (e) => out.destroy(e));
  inner.pipe(out);
  req.once(BODY_BROKEN, (b: BrokenBody) => {
    broken = b;
    inner.unpipe(out);
    // What arrived but was not passed on yet still counts.
    for (let chunk: unknown = inner.read(); chunk !== null; chunk = inner.read()) out.write(chunk);
    out.end();
  });
  for await (const chunk of out) yield chunk as Buffer;
  if (broken !== undefined) throw new Error(broken.error);
}

/** "the webhook body is 1,234,567 bytes; the limit …", or, when only "more than the limit" is known (gzip stops at it), says that. */
export function tooLargeText(what: string, bytes: number | undefined, limit: number): string {
  const cap = `${limit.toLocaleString('en-US')} bytes`;
  return bytes === undefined ? `${what} is over the limit of ${cap} once decompressed` : `${what} is ${bytes.toLocaleString('en-US')} bytes; the limit is ${cap}`;
}

/**
 * Why a Transfer-Encoding other than chunked cannot be read, or undefined. Node's parser accepts
 * "gzip, chunked" and removes only the chunking: the body would arrive still gzipped.
 */
function unsupportedTransferCoding(req: IncomingMessage): string | undefined {
  const coding = req.headers['transfer-encoding'];
  if (coding === undefined) return undefined;
  const codings = String(coding).toLowerCase();
  if (codings.split(',').every((c) => c.trim() === 'chunked')) return undefined;
  return `Transfer-Encoding "${codings}" is not supported: send the body chunked or with a Content-Length, and compress it with Content-Encoding: gzip`;
}

/**
 * The request's Content-Encoding, lower-cased ("identity" without one). A header sent more than
 * once alike (a client and a proxy or an interceptor each adding "gzip" to a body compressed
 * once) is one coding, as a repeated X-Signature is one signature: Node joined them as
 * "gzip, gzip", which was refused as not supported to a client that had gzipped its body.
 */
export function contentEncodingOf(req: IncomingMessage): string {
  const sent: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() === 'content-encoding') sent.push(req.rawHeaders[i + 1].trim().toLowerCase());
  if (sent.length === 0) return 'identity';
  return new Set(sent).size === 1 ? sent[0] : sent.join(', ');
}

/** Requests whose body was refused before it was sent (see refuseUnsentBody). */
const unsentBodies = new WeakSet<IncomingMessage>();

/**
 * Marks a request whose client waits for "100 Continue" and whose Content-Length is over its
 * route's limit: readBody answers it too large at once, by its Content-Length, without waiting
 * for a body that is not coming.
 */
export function refuseUnsentBody(req: IncomingMessage): void {
  unsentBodies.add(req);
}

/**
 * Reads a request body, gunzipping `Content-Encoding: gzip`, holding at most `limit` decompressed
 * bytes in memory. A body that cannot be taken (over the limit, an encoding we cannot read) is
 * still read to its end and discarded before it is answered, whatever its size, so the client
 * reads our 400: a client sends its whole body before it reads the answer (curl, Node's http,
 * Python's requests), and a socket closed under it is a reset that loses the answer (it was
 * closed past 64 MB). What bounds it is the request timeout: a body still arriving then is
 * answered 408 (BODY_BROKEN).
 */
export function readBody(req: IncomingMessage, limit: number, tooLargeMessage: (bytes: number | undefined) => string): Promise<BodyResult> {
  const encoding = contentEncodingOf(req);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: BodyResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const unsupportedError = unsupportedTransferCoding(req) ?? (encoding !== 'identity' && encoding !== '' && encoding !== 'gzip' && encoding !== 'x-gzip' ? `Content-Encoding "${encoding}" is not supported; send the body as is or gzip it` : undefined);
    if (unsupportedError !== undefined) {
      const unsupported: BodyResult = { ok: false, status: 400, code: 'unsupported-encoding', error: unsupportedError };
      // Drained, not read; and answered if the client goes away meanwhile.
      req.resume();
      req.on('end', () => finish(unsupported));
      req.once(BODY_BROKEN, () => finish(unsupported));
      req.on('error', (e) => finish({ ok: false, status: 400, code: 'aborted', error: `request aborted: ${e.message}` }));
      return;
    }
    if (unsentBodies.has(req)) {
      finish({ ok: false, status: 400, code: 'request-too-large', error: tooLargeMessage(Number(req.headers['content-length'])) });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    let gunzip: Gunzip | undefined;
    const tooLargeError = (): BodyResult => ({
      ok: false,
      status: 400,
      code: 'request-too-large',
      // Gunzipping stops at the limit, so only a plain body's full size is known.
      error: tooLargeMessage(gunzip ? undefined : size),
    });
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) return;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        if (gunzip) {
          gunzip.destroy();
          // The request may have ended already (gunzip output lags its input).
          if (req.readableEnded) finish(tooLargeError());
        }
        return;
      }
      chunks.push(chunk);
    };
    if (encoding === 'gzip' || encoding === 'x-gzip') {
      gunzip = createGunzip();
      gunzip.on('data', collect);
      gunzip.on('error', (e) => {
        if (tooLarge) return;
        tooLarge = false;
        req.resume();
        const error: BodyResult = { ok: false, status: 400, code: 'invalid-gzip', error: `Content-Encoding is gzip but the body is not valid gzip: ${e.message}` };
        if (req.readableEnded) finish(error);
        else req.on('end', () => finish(error));
      });
      gunzip.on('end', () => finish(tooLarge ? tooLargeError() : { ok: true, bytes: Buffer.concat(chunks) }));
    }
    req.on('data', (chunk: Buffer) => {
      if (gunzip) {
        if (!tooLarge && !gunzip.destroyed) gunzip.write(chunk);
      } else collect(chunk);
    });
    req.on('end', () => {
      if (gunzip && !tooLarge && !gunzip.destroyed) gunzip.end();
      else if (tooLarge) finish(tooLargeError());
      else if (!gunzip) finish({ ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) });
    });
    req.on('error', (e) => finish({ ok: false, status: 400, code: 'aborted', error: `request aborted: ${e.message}` }));
    req.once(BODY_BROKEN, (broken: BrokenBody) => {
      gunzip?.destroy();
      chunks.length = 0;
      finish({ ok: false, ...broken });
    });
  });
}

/** A request's media type, lower-cased, without its parameters ("" when it has none). */
function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

const FORM = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';
const AS_FORM = `a form (Content-Type: ${FORM}, what curl -d sends)`;
const AS_MULTIPART = `a multipart form (Content-Type: ${MULTIPART}, what curl -F sends)`;

/**
 * What to say of a JSON body the API could not parse (`invalid`: why it is not JSON) when its
 * Content-Type says it was sent as a form, and how to send it instead; undefined for any other
 * Content-Type. A body that parses is taken whatever its Content-Type (curl -d '{…}' labels JSON
 * application/x-www-form-urlencoded), so this is said only of one that does not.
 */
export function formBodyProblem(contentType: string | undefined, invalid: string): string | undefined {
  const type = mediaTypeOf(contentType);
  const fix = "curl -H 'Content-Type: application/json' --data-binary @file.json";
  if (type === FORM) return `${invalid}. It came as ${AS_FORM}, and this route reads JSON: send it with ${fix}, or -d '{…}' with the JSON typed inline`;
  // Its JSON error would show the boundary line, nothing of what was meant.
  if (type === MULTIPART) return `the body is ${AS_MULTIPART}, not JSON: send the JSON itself with ${fix}`;
  return undefined;
}

/**
 * A file body (an NDJSON or CSV import) sent as a multipart form: its boundary and part headers
 * were read as lines of the file (some lines imported, the rest "not valid JSON"); undefined for
 * any other Content-Type. `file`: the file as the fix names it ("users.csv").
 */
export function multipartFileProblem(contentType: string | undefined, file: string): string | undefined {
  if (mediaTypeOf(contentType) !== MULTIPART) return undefined;
  return `the body is ${AS_MULTIPART}, not the file: send the file itself with curl --data-binary @${file}; nothing was imported`;
}

/**
 * A file body of one line that imported nothing, sent as a form: curl -d @file drops the file's
 * line breaks, so its lines ran into one. `about`: that line, said after "one line" (", "id,…","
 * or " that …,"). Undefined for any other Content-Type.
 */
export function joinedLinesProblem(contentType: string | undefined, file: string, about: string): string | undefined {
  if (mediaTypeOf(contentType) !== FORM) return undefined;
  return `the body is one line${about} and came as ${AS_FORM}: curl -d @file drops the file's line breaks, so its lines ran into one. Send the file with curl --data-binary @${file}; nothing was imported`;
}

/**
 * A small JSON body (settings, the workspace, a clock action), or an answer already sent (400)
 * and undefined. Any depth parses; the commands that check or write the value recurse over it
 * ("Maximum call stack size exceeded", a 500), so a body nested deeper than a message may be is
 * refused here, naming its depth; so is a key written twice in one object, naming it (JSON.parse
 * kept the last one).
 */
export async function readJsonBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<{ value: unknown } | undefined> {
  const body = await readBody(req, limit, (bytes) => tooLargeText('the body', bytes, limit));
  if (!body.ok) {
    sendJson(res, body.status, { error: body.error });
    return undefined;
  }
  const text = body.bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const invalid = describeInvalidJson(text, e).replace(/^invalid JSON/, 'the body is not valid JSON');
    sendJson(res, 400, { error: formBodyProblem(req.headers['content-type'], invalid) ?? invalid });
    return undefined;
  }
  const depth = maxNestingDepth(text);
  if (depth > MAX_NESTING_DEPTH) {
    sendJson(res, 400, { error: tooDeepMessage(depth, 'the body') });
    return undefined;
  }
  // A settings body with a key written twice: JSON.parse kept the last without a word
  // ({"sources": [a], "sources": []} emptied the workspace).
  const repeated = mayRepeatKeys(text, value) ? duplicateKeys(text)[0] : undefined;
  if (repeated !== undefined) {
    sendJson(res, 400, { error: `the body writes ${JSON.stringify(repeated.path)} ${repeated.occurrences.length} times; write each field once (JSON.parse keeps only the last)`, where: repeated.path });
    return undefined;
  }
  return { value };
}

/** Lower-cased request headers with credentials redacted, as recorded with every capture. */
const REDACTED = new Set(['authorization', 'proxy-authorization', 'x-signature', 'cookie']);
export function recordedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    let value = headerText(raw[i + 1]);
    if (REDACTED.has(name)) value = redact(name, value);
    // The client's names: "constructor" or "__proto__" are headers here, not what objects inherit.
    const earlier = ownValue(out, name);
    setOwn(out, name, earlier !== undefined ? `${earlier as string}, ${value}` : value);
  }
  return out;
}

/**
 * Headers read from outside (an imported capture line) redacted as recordedHeaders redacts them:
 * a hand-made or another tool's file may hold a write key, a signature or a cookie in clear.
 * A value redacted already stays as it is.
 */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  let out: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!REDACTED.has(lower) || typeof value !== 'string') continue;
    const redacted = lower === 'x-signature' && ALREADY_REDACTED_SIGNATURES.test(value) ? value : redact(lower, value);
    if (redacted === value) continue;
    out ??= { ...headers };
    setOwn(out, name, redacted);
  }
  return out ?? headers;
}

/** One redacted X-Signature, or several joined (a header sent twice), and nothing else. */
const ALREADY_REDACTED_SIGNATURES = /^\[redacted[^\]]*\](, \[redacted[^\]]*\])*$/;

function redact(name: string, value: string): string {
  // Each signature by its shape, as the check keeps them: one header may hold several, comma-joined.
  if (name === 'x-signature') return signaturesSent(value).map(redactedSignature).join(', ');
  if (name.endsWith('authorization')) {
    const scheme = /^\s*(\S+)\s/.exec(value)?.[1];
    return scheme ? `${scheme} [redacted]` : '[redacted]';
  }
  return '[redacted]';
}
