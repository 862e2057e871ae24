// Capture log lines <-> CapturedMessage. The log is NDJSON of two line kinds:
//
//   {"request":{"requestId":…,"receivedAt":…,"origin":{…},"headers":{…}}}
//   {"seq":…[,"messageIdAssigned":true[,"clientMessageId":…]][,"dropReasons":[…]],"message":{…}}
//
// "clientMessageId" is the value a client sent as messageId when the receiver replaced it
// (12345, true, {}): written only beside "messageIdAssigned", absent from older logs.
//
// A request line carries what every message of one HTTP request shares (about half of a full
// record's bytes) and is followed by that request's message lines, so it is written once per
// request, not once per message. Logs written before this form have one full record per line
// ({"seq","requestId","receivedAt","origin","headers","messageIdAssigned","dropReasons","message"});
// both forms are read (toCapturedMessage), so old logs and exports still load.
//
// Lines are hand-assembled so a message is stringified once (by the parser, for its size check)
// and that text goes straight into the line. Validator findings are not written: they are a pure
// function of the message, recomputed when a line is read.
import type { CaptureOrigin, CapturedMessage, DropReason, JsonObject } from '../../src-shared/capture';
import { receiverFindings } from '../../src-shared/validate/validate';
import { replacedKeyFindings } from '../../src-shared/validate/replaced-keys';
import type { Finding } from '../../src-shared/validate/finding';
import { maskOrigin, withUncheckedSignature } from './write-key';
import { markLossyNumbers, stringifyExact } from '../../src-shared/exact-json';
import { topLevelValueSpan } from '../../src-shared/tracking-api/batch-scan';
import { mayRepeatKeys } from '../../src-shared/validate/duplicate-keys';
import { shownValue } from '../../src-shared/shown-value';
import { clientMessageIdFindings } from '../../src-shared/tracking-api/client-message-id';
import { exactValueText } from '../../src-shared/tracking-api/ingest';
import type { ClientMessageIdEntry } from '../../src-shared/tracking-api/prepare-request';

/** Pre-serialized parts; origin and headers are shared by every message of one request. */
export interface SerializedParts {
  messageJson: string;
  /**
   * Optional: messageJson's two parts (messageJson === messageJsonHead + messageJsonTail), written
   * one after the other so the joined string is never flattened into a copy.
   */
  messageJsonHead?: string;
  messageJsonTail?: string;
  originJson: string;
  headersJson: string;
}

/** What a request line holds: the fields every message of the request shares. */
export interface RequestRecord {
  requestId: string;
  receivedAt: string;
  origin: CaptureOrigin;
  headers: Record<string, string>;
  /**
   * The request's messages after this line start at its message N (0-based), its earlier ones
   * under an earlier request line: a request an import wrote in more than one chunk (the line's
   * "messagesFrom"). What an item's warning is counted against (replacedKeyFindings).
   */
  messagesFrom?: number;
}

/** indexInRequest: the message's place in its request when known (an imported message's), which a new request line takes up (messagesFrom). */
type Entry = { capture: CapturedMessage; parts: SerializedParts; indexInRequest?: number };

function requestLine(requestId: string, receivedAt: string, parts: Pick<SerializedParts, 'originJson' | 'headersJson'>, messagesFrom = 0): string {
  const from = messagesFrom > 0 ? `,"messagesFrom":${messagesFrom}` : '';
  return `{"request":{"requestId":${JSON.stringify(requestId)},"receivedAt":${JSON.stringify(receivedAt)},"origin":${parts.originJson},"headers":${parts.headersJson}}${from}}\n`;
}

/** A request line's "messagesFrom": a whole number (0 when absent), or why it is not one. */
export function messagesFromOf(line: { request: unknown; messagesFrom?: unknown }): number | string {
  const v = line.messagesFrom;
  if (v === undefined) return 0;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : fieldFault('messagesFrom', "a whole number, 0 or more (the place in its request of the message line after it)", v);
}

/** The message line up to its message JSON, after the seq. `clientMessageIdJson`: the client's replaced messageId as JSON text. */
function headAfterSeq(messageIdAssigned: boolean, dropReasons: readonly DropReason[], clientMessageIdJson?: string): string {
  if (!messageIdAssigned && dropReasons.length === 0) return ',"message":';
  const client = messageIdAssigned && clientMessageIdJson !== undefined ? `,"clientMessageId":${clientMessageIdJson}` : '';
  return `${messageIdAssigned ? ',"messageIdAssigned":true' : ''}${client}${dropReasons.length ? `,"dropReasons":${JSON.stringify(dropReasons)}` : ''},"message":`;
}

/** The JSON text of a capture's replaced client messageId, undefined when it has none. */
function clientMessageIdJsonOf(capture: Pick<CapturedMessage, 'clientMessageId' | 'clientMessageIdJson'>): string | undefined {
  if (!Object.hasOwn(capture, 'clientMessageId')) return undefined;
  // JSON has no undefined, NaN or Infinity: such a value (never parsed from JSON) is written as null.
  return capture.clientMessageIdJson ?? JSON.stringify(capture.clientMessageId) ?? 'null';
}

/**
 * A message line's "clientMessageId" text when it holds a number JSON.parse alters (an id past
 * 2^53), for CapturedMessage.clientMessageIdJson; undefined otherwise (nearly every line).
 */
export function exactClientMessageIdJson(line: string, parsed: Record<string, unknown>): string | undefined {
  if (parsed.messageIdAssigned !== true || !Object.hasOwn(parsed, 'clientMessageId') || typeof parsed.clientMessageId === 'string') return undefined;
  return exactValueText(line, 'clientMessageId');
}

/**
 * Where the message's JSON starts in `line`, a message line parsed as `parsed`, when the line is
 * exactly as this module writes it: '{"seq":N' + head + message JSON + '}', nothing else. Then the
 * message's text runs from there to the line's last character (excluded), and a reader can leave
 * it in the file rather than stringify the parsed message again. -1 for any other form (older
 * records, edited lines).
 */
export function messageJsonStart(line: string, parsed: Record<string, unknown>): number {
  const messageIdAssigned = parsed.messageIdAssigned === true;
  const dropReasons = Array.isArray(parsed.dropReasons) ? (parsed.dropReasons as DropReason[]) : [];
  const clientJson = messageIdAssigned && Object.hasOwn(parsed, 'clientMessageId') ? (exactClientMessageIdJson(line, parsed) ?? clientMessageIdJsonOf(parsed)) : undefined;
  const keys = 2 + (messageIdAssigned ? 1 : 0) + (clientJson !== undefined ? 1 : 0) + (dropReasons.length > 0 ? 1 : 0);
  if (Object.keys(parsed).length !== keys || line.charCodeAt(line.length - 1) !== 0x7d) return -1;
  const seq = `{"seq":${String(parsed.seq)}`;
  if (!line.startsWith(seq)) return -1;
  const head = headAfterSeq(messageIdAssigned, dropReasons, clientJson);
  return line.startsWith(head, seq.length) ? seq.length + head.length : -1;
}

/**
 * The message's text in a message line parsed as `parsed`, when it holds a number JSON.parse
 * alters (see src-shared/exact-json.ts); undefined when it holds none. The text is the line's own
 * slice (as received); a line of another form has its message written out with the exact digits.
 */
export function exactMessageText(line: string, parsed: Record<string, unknown>): string | undefined {
  const start = messageJsonStart(line, parsed);
  if (start >= 0) {
    const text = line.slice(start, -1);
    return markLossyNumbers(text) === text ? undefined : text;
  }
  const marked = markLossyNumbers(line);
  if (marked === line) return undefined;
  const message = (JSON.parse(marked) as { message?: unknown }).message;
  const text = message === undefined ? undefined : stringifyExact(message);
  return text !== undefined && text !== JSON.stringify(parsed.message) ? text : undefined;
}

/**
 * The message's text in a message line (either form) parsed as `parsed`, when the line may write a
 * key twice in one object (mayRepeatKeys: its keys as written against its keys as parsed); else
 * undefined. What the duplicate-key check reads (ValidateOptions.keysText): the message as stored.
 */
export function repeatedKeysText(line: string, parsed: unknown): string | undefined {
  if (!mayRepeatKeys(line, parsed)) return undefined;
  const span = topLevelValueSpan(line, 'message');
  return span === undefined ? undefined : line.slice(span.start, span.end);
}

function sameRequest(a: Entry, b: Entry): boolean {
  // Captures of one request share these strings: usually pointer comparisons.
  return (
    a.capture.requestId === b.capture.requestId &&
    a.capture.receivedAt === b.capture.receivedAt &&
    a.parts.originJson === b.parts.originJson &&
    a.parts.headersJson === b.parts.headersJson &&
    // An imported file holding one request twice (two exports joined into one file): each copy counts from its own start.
    (a.indexInRequest === undefined || b.indexInRequest === undefined || b.indexInRequest === a.indexInRequest + 1)
  );
}

/** Entry i starts a request line (the first, or another request's), and the place it takes up in its request. */
function requestLineBefore(entries: readonly Entry[], i: number): number | undefined {
  return i === 0 || !sameRequest(entries[i - 1], entries[i]) ? (entries[i].indexInRequest ?? 0) : undefined;
}

/** The log text for one append, as a string (encodeCaptures gives the same as bytes). */
export function serializeCaptures(entries: readonly Entry[]): string {
  let out = '';
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const from = requestLineBefore(entries, i);
    if (from !== undefined) out += requestLine(e.capture.requestId, e.capture.receivedAt, e.parts, from);
    out += `{"seq":${e.capture.seq}${headAfterSeq(e.capture.messageIdAssigned, e.capture.dropReasons, clientMessageIdJsonOf(e.capture))}${e.parts.messageJson}}\n`;
  }
  return out;
}

/** Log lines as UTF-8, and where each message's line and message JSON are in them (byte offsets). */
export interface EncodedLines {
  /**
   * A view of a scratch buffer, valid until the next encodeCaptures call: write it (or copy it)
   * at once. Not retained, so ingest allocates no buffer per request.
   */
  data: Buffer;
  /** Message i's line is data[lineStarts[i], lineEnds[i]), without its '\n'. */
  lineStarts: number[];
  lineEnds: number[];
  /** Message i's JSON is data[messageStarts[i], lineEnds[i] - 1). */
  messageStarts: number[];
  /**
   * Each request line written, in order: the message it comes before (`at`) and its messagesFrom
   * (0 when the line writes none). What the store groups its messages' requests by, as the file does.
   */
  requestLines: readonly { at: number; messagesFrom: number }[];
}

/** encodeIngested's: one request, its line first. */
const ONE_REQUEST_LINE: EncodedLines['requestLines'] = Object.freeze([Object.freeze({ at: 0, messagesFrom: 0 })]);

const SEQ_KEY = Buffer.from('{"seq":');
const PLAIN_HEAD = Buffer.from(',"message":');
let scratch = Buffer.allocUnsafe(1 << 20);

/** serializeCaptures, encoded straight into bytes (byte for byte the same). */
export function encodeCaptures(entries: readonly Entry[]): EncodedLines {
  const n = entries.length;
  const lineStarts: number[] = new Array(n);
  const lineEnds: number[] = new Array(n);
  const messageStarts: number[] = new Array(n);
  const requestLines: { at: number; messagesFrom: number }[] = [];
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const e = entries[i];
    const c = e.capture;
    const from = requestLineBefore(entries, i);
    if (from !== undefined) {
      requestLines.push({ at: i, messagesFrom: from });
      const line = requestLine(c.requestId, c.receivedAt, e.parts, from);
      ensureScratch(pos + line.length * 3, pos);
      pos += scratch.write(line, pos, 'utf8');
    }
    const head = lineHead(c.messageIdAssigned, c.dropReasons, clientMessageIdJsonOf(c));
    // At most: "{"seq":", 16 digits, the head, 3 bytes per UTF-16 unit of the message, "}\n".
    ensureScratch(pos + SEQ_KEY.length + 16 + head.length + e.parts.messageJson.length * 3 + 2, pos);
    lineStarts[i] = pos;
    pos = writeSeqAndHead(c.seq, head, pos);
    messageStarts[i] = pos;
    const { messageJsonHead, messageJsonTail } = e.parts;
    if (messageJsonHead !== undefined && messageJsonTail !== undefined) {
      pos += scratch.write(messageJsonHead, pos, 'utf8');
      pos += scratch.write(messageJsonTail, pos, 'utf8');
    } else pos += scratch.write(e.parts.messageJson, pos, 'utf8');
    scratch[pos++] = 0x7d; // }
    lineEnds[i] = pos;
    scratch[pos++] = 0x0a; // \n
  }
  return { data: scratch.subarray(0, pos), lineStarts, lineEnds, messageStarts, requestLines };
}

/**
 * The lines of one request prepared by the ingest job (src-main/ingest): its request line, then a
 * line per message with seqs from firstSeq, each message's JSON copied from `bytes` (message i is
 * bytes[ranges[4i], ranges[4i+1]) then bytes[ranges[4i+2], ranges[4i+3])). Byte for byte what
 * encodeCaptures writes for the same captures.
 */
export function encodeIngested(
  request: { requestId: string; receivedAt: string; originJson: string; headersJson: string },
  firstSeq: number,
  messageIdAssigned: readonly boolean[],
  dropReasons: readonly (readonly DropReason[])[],
  bytes: Uint8Array,
  ranges: Int32Array,
  clientMessageIds?: readonly ClientMessageIdEntry[],
): EncodedLines {
  const n = ranges.length / 4;
  const lineStarts: number[] = new Array(n);
  const lineEnds: number[] = new Array(n);
  const messageStarts: number[] = new Array(n);
  const line = requestLine(request.requestId, request.receivedAt, request);
  let jsonBytes = 0;
  for (let i = 0; i < n; i++) jsonBytes += ranges[4 * i + 1] - ranges[4 * i] + ranges[4 * i + 3] - ranges[4 * i + 2];
  // Every line but its head and seq is bounded by the JSON bytes: size the scratch once.
  const perLine = SEQ_KEY.length + 16 + PLAIN_HEAD.length + 2;
  ensureScratch(line.length * 3 + jsonBytes + n * perLine, 0);
  let pos = scratch.write(line, 0, 'utf8');
  let left = jsonBytes;
  let nextClientId = 0;
  for (let i = 0; i < n; i++) {
    // Only the rare message whose client messageId was replaced looks at the list.
    let clientJson: string | undefined;
    if (clientMessageIds !== undefined && clientMessageIds[nextClientId]?.[0] === i) {
      const entry = clientMessageIds[nextClientId++];
      clientJson = entry[2] ?? JSON.stringify(entry[1]) ?? 'null';
    }
    const head = lineHead(messageIdAssigned[i], dropReasons[i], clientJson);
    if (head !== PLAIN_HEAD) ensureScratch(pos + head.length + left + (n - i) * perLine, pos);
    lineStarts[i] = pos;
    pos = writeSeqAndHead(firstSeq + i, head, pos);
    messageStarts[i] = pos;
    for (let part = 4 * i; part < 4 * i + 4; part += 2) {
      const from = ranges[part];
      const to = ranges[part + 1];
      scratch.set(bytes.subarray(from, to), pos);
      pos += to - from;
      left -= to - from;
    }
    scratch[pos++] = 0x7d; // }
    lineEnds[i] = pos;
    scratch[pos++] = 0x0a; // \n
  }
  return { data: scratch.subarray(0, pos), lineStarts, lineEnds, messageStarts, requestLines: ONE_REQUEST_LINE };
}

/** A message line's bytes between its seq and its message JSON (shared when there is nothing to say). */
function lineHead(messageIdAssigned: boolean, dropReasons: readonly DropReason[], clientMessageIdJson?: string): Buffer {
  return !messageIdAssigned && dropReasons.length === 0 ? PLAIN_HEAD : Buffer.from(headAfterSeq(messageIdAssigned, dropReasons, clientMessageIdJson), 'utf8');
}

/** Writes '{"seq":N' and the line head at pos (room already ensured); returns where the message JSON goes. */
function writeSeqAndHead(seq: number, head: Buffer, pos: number): number {
  scratch.set(SEQ_KEY, pos);
  pos = writeDecimal(seq, pos + SEQ_KEY.length);
  scratch.set(head, pos);
  return pos + head.length;
}

function ensureScratch(size: number, used: number): void {
  if (size <= scratch.length) return;
  const bigger = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
  scratch.copy(bigger, 0, 0, used);
  scratch = bigger;
}

/** Writes a non-negative integer's decimal digits at pos; returns the position after them. */
function writeDecimal(value: number, pos: number): number {
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  let v = value;
  for (let i = pos + digits - 1; i >= pos; i--) {
    scratch[i] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  }
  return pos + digits;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What a field of a line must be, and what the line holds there (JSON has no undefined: a field left out). */
function fieldFault(where: string, mustBe: string, value: unknown): string {
  return value === undefined ? `"${where}" must be ${mustBe}; the line has none` : `"${where}" must be ${mustBe}, not ${shownValue(value)}`;
}

/** An error sentence naming the first bad field of an origin found at `at` ("origin", "request.origin"). */
function checkOrigin(holder: JsonObject, at: string): string | undefined {
  const origin = holder.origin;
  if (!isObject(origin)) return fieldFault(at, 'an object such as {"kind": "tracking", "endpoint": "/v1/track"}', origin);
  if (origin.kind !== 'tracking' && origin.kind !== 'webhook') return fieldFault(`${at}.kind`, '"tracking" or "webhook"', origin.kind);
  if (typeof origin.endpoint !== 'string') return fieldFault(`${at}.endpoint`, 'a string (the path posted to)', origin.endpoint);
  if (origin.kind === 'webhook') {
    if (typeof origin.webhook !== 'string') return fieldFault(`${at}.webhook`, 'a string (the webhook\'s name) in a webhook origin', origin.webhook);
    if (!isObject(origin.signature)) return fieldFault(`${at}.signature`, 'an object such as {"status": "valid"} in a webhook origin', origin.signature);
  }
  return undefined;
}

/** A parsed line's kind: a request line, a message line (either form), or neither. */
export function isRequestLine(v: unknown): v is { request: unknown } {
  return isObject(v) && 'request' in v && !('seq' in v);
}

/** Checks a request line's {"request": {...}}; an error sentence when it is malformed. */
export function toRequestRecord(v: { request: unknown }): RequestRecord | string {
  const r = v.request;
  if (!isObject(r)) return fieldFault('request', 'an object', r);
  if (typeof r.receivedAt !== 'string') return fieldFault('request.receivedAt', 'a string (an ISO date-time)', r.receivedAt);
  const bad = checkOrigin(r, 'request.origin');
  if (bad) return bad;
  const headers = isObject(r.headers) ? (r.headers as Record<string, string>) : {};
  // Not a whole number (a hand edit): counted from 0, as before the field was written (the import refuses it, messagesFromOf).
  const from = messagesFromOf(v);
  return {
    requestId: typeof r.requestId === 'string' ? r.requestId : '',
    receivedAt: r.receivedAt,
    origin: withUncheckedSignature(maskOrigin(r.origin as unknown as CaptureOrigin), headers),
    headers,
    ...(typeof from === 'number' && from > 0 ? { messagesFrom: from } : {}),
  };
}

/**
 * Checks a parsed message line, fills optional fields and computes the findings. A line of the
 * request form takes its request fields from `request` (the request line above it); a full record
 * (older form, or a line with its own "origin") carries them itself. Returns an error sentence
 * naming the first missing or malformed field when the line is not a captured message.
 *
 * `withFindings: false` skips the validator (the derived views read every message and need none).
 * `keysText`: the message's text as stored, when it may write a key twice (repeatedKeysText).
 * `indexInRequest`: the message's place among its request's (replacedKeyFindings); unknown for a
 * full record. `clientMessageIdJson`: the line's replaced client messageId with its digits, when
 * they differ (exactClientMessageIdJson).
 */
export function toCapturedMessage(v: unknown, request?: RequestRecord, withFindings = true, keysText?: string, indexInRequest?: number, clientMessageIdJson?: string): CapturedMessage | string {
  if (!isObject(v)) return `the line must be a JSON object, not ${shownValue(v)}`;
  if (typeof v.seq !== 'number' || !Number.isInteger(v.seq) || v.seq < 1) return fieldFault('seq', 'a whole number, 1 or more', v.seq);
  if (!isObject(v.message)) return fieldFault('message', 'an object (the Segment message)', v.message);
  let req: RequestRecord;
  if ('origin' in v || request === undefined) {
    if (typeof v.receivedAt !== 'string') return request === undefined && !('origin' in v) ? 'no request line before this message line, and no "receivedAt"/"origin" of its own' : fieldFault('receivedAt', 'a string (an ISO date-time)', v.receivedAt);
    const bad = checkOrigin(v, 'origin');
    if (bad) return bad;
    const headers = isObject(v.headers) ? (v.headers as Record<string, string>) : {};
    req = {
      requestId: typeof v.requestId === 'string' ? v.requestId : '',
      receivedAt: v.receivedAt,
      origin: withUncheckedSignature(maskOrigin(v.origin as unknown as CaptureOrigin), headers),
      headers,
    };
  } else req = request;
  const messageIdAssigned = v.messageIdAssigned === true;
  const capture: CapturedMessage = {
    seq: v.seq,
    requestId: req.requestId,
    receivedAt: req.receivedAt,
    origin: req.origin,
    headers: req.headers,
    message: v.message,
    messageIdAssigned,
    dropReasons: Array.isArray(v.dropReasons) ? v.dropReasons : [],
    findings: [],
  };
  // Read only beside messageIdAssigned, where it is written (a line from before it was kept has none).
  if (messageIdAssigned && Object.hasOwn(v, 'clientMessageId')) {
    capture.clientMessageId = v.clientMessageId;
    if (clientMessageIdJson !== undefined) capture.clientMessageIdJson = clientMessageIdJson;
  }
  // Recomputed, never read from the line: older logs and exports carry stored findings, which
  // would otherwise disagree with the current catalogs (and with freshly captured messages).
  if (withFindings) capture.findings = [...receiverFindings(v.message, undefined, keysText), ...requestFindings(req.origin, 'origin' in v ? undefined : indexInRequest), ...clientMessageIdFindings(capture)];
  return capture;
}

/**
 * The findings a message takes from its request rather than its text: keys the receiver took out
 * or replaced, written twice (replaced-keys.ts). `indexInRequest` undefined: its place is unknown.
 */
export function requestFindings(origin: CaptureOrigin, indexInRequest: number | undefined): Finding[] {
  return origin.kind === 'tracking' ? replacedKeyFindings(origin.replacedKeyRepeats, indexInRequest) : [];
}
