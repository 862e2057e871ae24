// One line of the capture log <-> CapturedMessage. Lines are written by hand-assembled JSON so a
// message is stringified once and the same text feeds the log line and the search index.
// Validator findings are not written: they are a pure function of the message, recomputed when a
// line is read (loading, messages.get, import), which keeps ingest and the file lean.
import type { CapturedMessage, JsonObject } from '../../src-shared/capture';
import { receiverFindings } from '../../src-shared/validate/validate';

/** Pre-serialized parts; origin and headers are shared by every message of one request. */
export interface SerializedParts {
  messageJson: string;
  originJson: string;
  headersJson: string;
}

// A line is {"seq":…,"requestId":…,"receivedAt":…,"origin":…,"headers":…,"messageIdAssigned":…,
// "dropReasons":[…],"message":{…}}. The message comes last, so the store can tell where its JSON
// sits in the encoded line (the search index keeps those bytes).
//
// Lines are encoded straight into bytes, piece by piece, rather than concatenated as a string and
// encoded whole: everything before the message is usually the same for every message of a request
// (no drop reasons, client messageIds), so it is assembled and encoded once per request and then
// copied. Captures of one request pass the same strings: the comparisons are pointer checks.
let lastRequestId = '';
let lastReceivedAt = '';
let lastOriginJson = '';
let lastHeadersJson = '';
let lastRequestMembers = '';
let lastPlainHead = Buffer.alloc(0);

function requestMembers(c: CapturedMessage, parts: SerializedParts): string {
  if (c.requestId !== lastRequestId || c.receivedAt !== lastReceivedAt || parts.originJson !== lastOriginJson || parts.headersJson !== lastHeadersJson) {
    lastRequestId = c.requestId;
    lastReceivedAt = c.receivedAt;
    lastOriginJson = parts.originJson;
    lastHeadersJson = parts.headersJson;
    lastRequestMembers = `,"requestId":${JSON.stringify(c.requestId)},"receivedAt":${JSON.stringify(c.receivedAt)},"origin":${parts.originJson},"headers":${parts.headersJson}`;
    lastPlainHead = Buffer.from(`${lastRequestMembers},"messageIdAssigned":false,"dropReasons":[],"message":`, 'utf8');
  }
  return lastRequestMembers;
}

/** The line after the seq, up to the message JSON: request members, messageIdAssigned, dropReasons. */
function headAfterSeq(c: CapturedMessage, parts: SerializedParts): string {
  return `${requestMembers(c, parts)},"messageIdAssigned":${c.messageIdAssigned},"dropReasons":${c.dropReasons.length ? JSON.stringify(c.dropReasons) : '[]'},"message":`;
}

/** The log line for a capture, '\n' included. Findings are left out (see above). */
export function serializeCapture(c: CapturedMessage, parts: SerializedParts): string {
  return `{"seq":${c.seq}${headAfterSeq(c, parts)}${parts.messageJson}}\n`;
}

/** Log lines as UTF-8, and where each line and its message JSON are in them (byte offsets). */
export interface EncodedLines {
  data: Buffer;
  /** Line i is data[lineStarts[i], lineEnds[i]), without its '\n'. */
  lineStarts: number[];
  lineEnds: number[];
  /** Line i's message JSON is data[messageStarts[i], lineEnds[i] - 1). */
  messageStarts: number[];
}

const SEQ_KEY = Buffer.from('{"seq":');
let scratch = Buffer.allocUnsafe(1 << 20);

/** The lines serializeCapture gives, encoded (byte for byte the same), for one append. */
export function encodeCaptures(entries: readonly { capture: CapturedMessage; parts: SerializedParts }[]): EncodedLines {
  const n = entries.length;
  const lineStarts: number[] = new Array(n);
  const lineEnds: number[] = new Array(n);
  const messageStarts: number[] = new Array(n);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const { capture: c, parts } = entries[i];
    requestMembers(c, parts);
    const head = !c.messageIdAssigned && c.dropReasons.length === 0 ? lastPlainHead : Buffer.from(headAfterSeq(c, parts), 'utf8');
    // At most: "{"seq":", 16 digits, the head, 3 bytes per UTF-16 unit of the message, "}\n".
    ensureScratch(pos + SEQ_KEY.length + 16 + head.length + parts.messageJson.length * 3 + 2, pos);
    lineStarts[i] = pos;
    scratch.set(SEQ_KEY, pos);
    pos = writeDecimal(c.seq, pos + SEQ_KEY.length);
    scratch.set(head, pos);
    pos += head.length;
    messageStarts[i] = pos;
    pos += scratch.write(parts.messageJson, pos, 'utf8');
    scratch[pos++] = 0x7d; // }
    lineEnds[i] = pos;
    scratch[pos++] = 0x0a; // \n
  }
  // An exact-size copy: the store keeps it (the index reads message texts from it).
  const data = Buffer.allocUnsafeSlow(pos);
  scratch.copy(data, 0, 0, pos);
  return { data, lineStarts, lineEnds, messageStarts };
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

/**
 * Checks a parsed log line, fills optional fields and computes the findings. Returns an error
 * sentence naming the first missing or malformed field when the line is not a captured message.
 */
export function toCapturedMessage(v: unknown): CapturedMessage | string {
  if (!isObject(v)) return 'not a JSON object';
  if (typeof v.seq !== 'number' || !Number.isInteger(v.seq) || v.seq < 1) return '"seq" must be a positive integer';
  if (!isObject(v.message)) return '"message" must be an object';
  if (typeof v.receivedAt !== 'string') return '"receivedAt" must be a string';
  const origin = v.origin;
  if (!isObject(origin) || (origin.kind !== 'tracking' && origin.kind !== 'webhook') || typeof origin.endpoint !== 'string') {
    return '"origin" must be {kind: "tracking"|"webhook", endpoint, ...}';
  }
  if (origin.kind === 'webhook' && (typeof origin.webhook !== 'string' || !isObject(origin.signature))) {
    return 'a webhook "origin" needs "webhook" and "signature"';
  }
  return {
    seq: v.seq,
    requestId: typeof v.requestId === 'string' ? v.requestId : '',
    receivedAt: v.receivedAt,
    origin: origin as unknown as CapturedMessage['origin'],
    headers: isObject(v.headers) ? (v.headers as Record<string, string>) : {},
    message: v.message,
    messageIdAssigned: v.messageIdAssigned === true,
    dropReasons: Array.isArray(v.dropReasons) ? v.dropReasons : [],
    // Recomputed, never read from the line: older logs and exports carry stored findings, which
    // would otherwise disagree with the current catalogs (and with freshly captured messages).
    findings: receiverFindings(v.message),
  };
}
