// POST /webhook/<name>: what Segment's Webhook destination delivers (one event object, or an
// array when the Actions version batches). X-Signature is checked against the webhook's shared
// secret and the result recorded with every message; rejectInvalid answers 401 (the request is
// still captured, so the inspector shows what was refused and why).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from '../../src-shared/capture';
import { mayHoldLossyNumber, parseExact, stringifyExact } from '../../src-shared/exact-json';
import { describeInvalidJson, describeJsonType, isJsonObject, type MessageJson } from '../../src-shared/tracking-api/parse';
import { checkSignature, differentSignatures, signatureFormFault, signaturesSent } from './signature';
import { SEVERAL_SIGNATURES } from '../../src-shared/signature-shape';
import { secretEdgeSpace } from '../../src-shared/signature-hint';
import { webhookPathName } from '../../src-shared/webhook-path';
import { buildCaptures } from './capture-builder';
import type { ReceiverDeps } from './deps';
import { readBody, recordedHeaders, sendJson, tooLargeText } from './http-util';
import { keysOfLastScan, maxNestingDepth, skipValue, skipWhitespace } from '../../src-shared/tracking-api/batch-scan';
import { countParsedKeys } from '../../src-shared/validate/duplicate-keys';
import { MAX_NESTING_DEPTH, tooDeepMessage } from '../../src-shared/tracking-api/limits';
import { bodyEncodingOf } from '../ingest/body-encoding';
import type { BodyEncodingProblem } from '../../src-shared/tracking-api/utf8';

export const WEBHOOK_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** What is wrong with a name WEBHOOK_NAME refuses: its length when that is it (a 70-letter name was told to use only letters). */
export function webhookNameFault(name: string): string {
  if (name.length === 0) return 'is empty';
  if (name.length > 64) return `is ${name.length} characters long; a name has 1 to 64`;
  const other = /[^A-Za-z0-9_-]/u.exec(name)?.[0] ?? '';
  return `holds ${JSON.stringify(other)}: a name may use only letters, digits, "-" and "_" (it is part of the URL)`;
}
/** webhookNameFault for any name: undefined when the URL can carry it. */
export const invalidWebhookName = (name: string): string | undefined => (WEBHOOK_NAME.test(name) ? undefined : webhookNameFault(name));
/** Segment sets no limit for webhook bodies; this only protects memory. */
export const WEBHOOK_MAX_BYTES = 5 * 1024 * 1024;
/**
 * Events one webhook request may carry. A few kilobytes of gzip can hold a million "{}" (each
 * becomes a capture, held in one synchronous step): the byte limit alone does not bound the work.
 */
export const WEBHOOK_MAX_EVENTS = 5000;

export async function handleWebhook(req: IncomingMessage, res: ServerResponse, segment: string, deps: ReceiverDeps): Promise<void> {
  const fail = (status: number, code: string, error: string) => sendJson(res, status, { success: false, code, error });
  // Taken as the request arrives: a clear handled while its body is read (a request pipelined
  // after it on the socket) came after it.
  const clearedSince = deps.store.clearCount;
  const { name, encodingFault } = webhookPathName(segment);
  if (encodingFault !== undefined) {
    // Not "holds "%"": the escapes are what is wrong, and the name cannot be read from them.
    req.resume();
    return fail(400, 'invalid-webhook-name', `webhook path "${name.slice(0, 80)}": its percent-encoding is not valid UTF-8: ${encodingFault}; a name may use only letters, digits, "-" and "_" (it is part of the URL)`);
  }
  if (!WEBHOOK_NAME.test(name)) {
    req.resume();
    return fail(400, 'invalid-webhook-name', `webhook name "${name.slice(0, 80)}" ${webhookNameFault(name)}`);
  }
  const body = await readBody(
    req,
    WEBHOOK_MAX_BYTES,
    (bytes) => tooLargeText('the webhook body', bytes, WEBHOOK_MAX_BYTES),
  );
  if (!body.ok) return fail(body.status, body.code, body.error);

  let payload: unknown;
  // A UTF-8 byte-order mark is valid JSON to Segment's consumers: skip it. (The signature is still
  // checked over the raw bytes as sent, BOM included, and over the re-serialized payload.)
  const raw = body.bytes.toString('utf8');
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  try {
    payload = JSON.parse(text);
  } catch (e) {
    // "invalid JSON at line L, column C …": the same words as the Tracking API's, for the webhook body.
    return fail(400, 'invalid-json', describeInvalidJson(text, e).replace(/^invalid JSON/, 'invalid JSON in the webhook body'));
  }
  const depth = maxNestingDepth(text);
  if (depth > MAX_NESTING_DEPTH) return fail(400, 'too-deep', tooDeepMessage(depth, 'the webhook body'));
  // Its keys as written (the same scan) against JSON.parse's: they differ when a key is written twice.
  const repeatsKeys = keysOfLastScan() !== countParsedKeys(payload);
  let messages: JsonObject[];
  if (Array.isArray(payload)) {
    if (payload.length === 0) return fail(400, 'empty-array', 'the webhook body is an empty array: nothing to capture');
    if (payload.length > WEBHOOK_MAX_EVENTS) {
      return fail(413, 'too-many-events', `the webhook array has ${payload.length.toLocaleString('en-US')} events; Eventbench takes at most ${WEBHOOK_MAX_EVENTS.toLocaleString('en-US')} per request: send them in smaller batches`);
    }
    const bad = payload.findIndex((item) => !isJsonObject(item));
    if (bad >= 0) return fail(400, 'item-not-object', `element [${bad}] of the webhook array must be an event object, but it is ${describeJsonType(payload[bad])}`);
    messages = payload as JsonObject[];
  } else if (isJsonObject(payload)) {
    messages = [payload];
  } else {
    return fail(400, 'not-an-object', `the webhook body must be an event object or an array of them, but it is ${describeJsonType(payload)}`);
  }

  const config = deps.webhook(name);
  // Each X-Signature as sent (req.headers joins repeated ones, "sig, sig"): different ones are invalid.
  const headers = req.headersDistinct['x-signature'] ?? [];
  // One header may hold several, comma-joined (a proxy that folds repeated headers): each counts.
  const sent = signaturesSent(headers);
  const header = sent[0];
  const signature = checkSignature({
    secret: config?.secret,
    header: headers,
    rawBody: body.bytes,
    payload,
  });
  // Checked now: capturing the events fills in their fields (messageId, receivedAt), and the first
  // element Segment signed would no longer be the one sent.
  const signedWith = (secret: string) => checkSignature({ secret, header: headers, rawBody: body.bytes, payload }).status === 'valid';
  const secretHint = signature.status === 'invalid' ? secretPasteFault(config?.secret, signedWith) || replacedSecretFault(deps.replacedSecret?.(name), signedWith) : '';
  // Received now; numbered once the Tracking API requests that came before it (their bodies
  // still in the ingest worker) are stored, so seqs follow arrival order across endpoints.
  const receivedAtMs = deps.clock.now();
  await deps.ingest.settled();
  // Cleared since it arrived (while its body was read, or while it waited above): its captures
  // belong to the log that was emptied (as a Tracking API request's do, see appendIngested).
  const entries = deps.store.clearCount !== clearedSince ? [] : buildCaptures(
    deps.store,
    messages,
    {
      receivedAtMs,
      origin: { kind: 'webhook', endpoint: `/webhook/${name}`, webhook: name, signature, ...encodingOf(body.bytes) },
      headers: recordedHeaders(req),
    },
    repeatsKeys ? asWrittenJsonOf(text, messages.length) : exactJsonOf(text, messages.length),
  );
  try {
    await deps.store.append(entries);
    deps.onCaptured();
  } catch (e) {
    const message = `could not write the capture log: ${(e as Error).message}`;
    deps.onStoreError(message);
    return fail(500, 'store-failed', message);
  }
  if (signature.status === 'missing' || signature.status === 'invalid') {
    const why = signatureProblem(signature.status, header, differentSignatures(sent) ? sent.length : 1, headers.length) + secretHint;
    if (config?.rejectInvalid) {
      return sendJson(res, 401, { success: false, code: `signature-${signature.status}`, error: `the request ${why}; webhook "${name}" rejects unsigned or badly signed requests`, captured: messages.length });
    }
    // Accepted all the same: the sender is told what is wrong, as a 401 would tell it, without
    // having to open the app (it only read "signature":"invalid").
    return sendJson(res, 200, {
      success: true,
      captured: messages.length,
      signature: signature.status,
      signatureProblem: `the request ${why}; webhook "${name}" does not reject such requests, so it was captured, marked ${signature.status}`,
    });
  }
  sendJson(res, 200, { success: true, captured: messages.length, signature: signature.status });
}

/** What is wrong with a missing or invalid X-Signature, in words, naming a fault of its form ("sha1=…"). */
function signatureProblem(status: 'missing' | 'invalid', header: string | undefined, count: number, headerCount: number): string {
  // Several different headers (a proxy that adds its own, a client that signs twice): none is checked.
  if (count > 1 && count === headerCount) return `has ${count} X-Signature headers, ${SEVERAL_SIGNATURES}`;
  // Some came comma-joined in one header: say so, or "2 headers" would not match what was sent.
  if (count > 1) {
    return `has ${count} different X-Signatures in ${headerCount === 1 ? 'one header' : `${headerCount} headers`} (comma-joined, as a proxy folds repeated headers), ${SEVERAL_SIGNATURES}`;
  }
  if (status === 'missing') return header === undefined ? 'has no X-Signature header' : 'has an empty X-Signature header';
  const fault = header !== undefined ? signatureFormFault(header) : undefined;
  return `has an X-Signature that does not match the shared secret${fault ? `: ${fault}` : ''}`;
}

/**
 * A secret saved with a space or line break at its start or end (pasted with it from Segment's
 * settings) makes every request invalid, said only as "does not match": when the signature does
 * match the secret without them, that is said, so the fix is in sight. The status stays invalid.
 */
function secretPasteFault(secret: string | undefined, signedWith: (secret: string) => boolean): string {
  const ends = secretEdgeSpace(secret);
  if (!secret || !ends || !signedWith(secret.trim())) return '';
  return ` (it matches the secret without the whitespace at its ${ends}: the webhook's secret holds a space or line break there, likely pasted with it; save the secret without it)`;
}

/**
 * A request signed with the secret the webhook had before its last change: the sender (Segment's
 * destination) has not been given the new one yet. It was said only as "does not match".
 */
function replacedSecretFault(replaced: { secret: string; replacedAt: string } | undefined, signedWith: (secret: string) => boolean): string {
  if (!replaced || !signedWith(replaced.secret)) return '';
  return ` (it matches the webhook's previous secret, replaced at ${replaced.replacedAt}: the sender still signs with it; give it the new secret too, in Segment's Webhook destination settings)`;
}

/** The origin's encoding, for a body that is not UTF-8 (as the Tracking API's). */
function encodingOf(bytes: Buffer): { encoding?: BodyEncodingProblem } {
  const encoding = bodyEncodingOf(bytes);
  return encoding === undefined ? {} : { encoding };
}

/**
 * The events' texts as the sender wrote them (each its slice of the body, on one line), for a body
 * that writes a key twice: stringified, the parsed events would hold only the last value, and the
 * duplicate-key warning (read from the stored text) would not be given.
 */
function asWrittenJsonOf(text: string, count: number): MessageJson | undefined {
  let i = skipWhitespace(text, 0);
  const sent: string[] = [];
  if (text.charCodeAt(i) === 0x5b) {
    i = skipWhitespace(text, i + 1);
    while (i < text.length && text.charCodeAt(i) !== 0x5d) {
      const start = i;
      i = skipValue(text, i);
      if (i === start) return exactJsonOf(text, count); // not a value: cannot happen for text JSON.parse took
      sent.push(text.slice(start, i).replace(/\r\n?|\n/g, ' '));
      i = skipWhitespace(text, i);
      if (text.charCodeAt(i) === 0x2c) i = skipWhitespace(text, i + 1);
    }
  } else sent.push(text.trim().replace(/\r\n?|\n/g, ' '));
  if (sent.length !== count) return exactJsonOf(text, count);
  return { sent, added: sent.map(() => ''), starts: sent.map(() => -1) };
}

/**
 * The events' texts when the body may hold a number JSON.parse rounds (an id past 2^53,
 * exact-json): each event read with parseExact and written back, so the log keeps the sender's
 * digits, as for the Tracking API. Undefined for the common body (the events are stringified).
 */
function exactJsonOf(text: string, count: number): MessageJson | undefined {
  if (!mayHoldLossyNumber(text)) return undefined;
  const exact = parseExact(text);
  const items = Array.isArray(exact) ? exact : [exact];
  if (items.length !== count) return undefined;
  return { sent: items.map((item) => stringifyExact(item)), added: items.map(() => ''), starts: items.map(() => -1) };
}
