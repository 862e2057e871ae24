// NDJSON import: each line is a capture log line as exported (a request line and the message
// lines after it, or a full CapturedMessage record of the older form) or a plain Segment message
// (captured afresh, as if posted to the receiver). Bad lines are reported by number.
import { BINARY_SNIFF_BYTES, binaryFileKind, binaryImportMessage } from '../../src-shared/binary-file';
import type { CapturedMessage, JsonObject } from '../../src-shared/capture';
import { exactClientMessageIdJson, isRequestLine, messagesFromOf, repeatedKeysText, toCapturedMessage, toRequestRecord, type RequestRecord } from './record';
import { mayRepeatKeys } from '../../src-shared/validate/duplicate-keys';
import { editMembers } from '../../src-shared/tracking-api/json-text';
import { messageReplacedKeyRepeats } from '../../src-shared/tracking-api/parse';
import { maxNestingDepth, topLevelValueSpan } from '../../src-shared/tracking-api/batch-scan';
import { formatCount, MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH, tooDeepMessage } from '../../src-shared/tracking-api/limits';
import { parseIsoTime } from '../../src-shared/tracking-api/time';
import { jsonSyntaxWhere } from '../../src-shared/tracking-api/json-error';
import { parseExact, stringifyExact } from '../../src-shared/exact-json';
import { redactHeaders } from '../receiver/http-util';
import { shownValue } from '../../src-shared/shown-value';
import { invalidWebhookName } from '../receiver/webhook';
import { isUtf8 } from 'node:buffer';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { bodyEncodingPlaceText, bodyEncodingProblem } from '../../src-shared/tracking-api/utf8';
import { decoderFor, encodingName, misreadEncodingOf, sniffTextEncoding, SNIFF_BYTES, unreadEncodingMessage } from '../../src-shared/text-encoding';

export type ImportLine =
  /** messageJson: the message's text as the line holds it (its digits, escapes and number forms). */
  /** indexInRequest: its place among its request line's messages (counted on from the line's messagesFrom); unknown for a full record. */
  | { line: number; kind: 'captured'; capture: CapturedMessage; messageJson?: string; indexInRequest?: number }
  /**
   * text: the line as sent, stored as the receiver stores a message's text (its digits kept).
   * writeKey: the message's own `writeKey`, taken out of message and text (request authentication,
   * as the Tracking API takes it out of a posted message; it was stored in clear), when it had one.
   */
  | { line: number; kind: 'raw'; message: JsonObject; text: string; writeKey?: { value: unknown }; replacedKeyRepeats?: string[] }
  /** wholeFile: the file as a whole is not read (its encoding, a ZIP archive), not its first line. */
  | { line: number; kind: 'error'; message: string; wholeFile?: true };

/** Why a line of several records is not JSON, when it holds a CR: a file whose lines end in a lone CR is one line here. */
function loneCrHint(text: string): string {
  const at = text.indexOf('\r');
  return at < 0 ? '' : `; the line holds a carriage return (CR) at character ${at + 1}: lines ending in a lone CR (old Mac line endings) read as one line; save the file with LF or CRLF line endings`;
}

/**
 * Reads import lines one at a time, keeping what a line depends on (the last request line).
 * Shared by the whole-text import (WebSocket) and the streamed one (HTTP).
 */
export class ImportLineParser {
  /** The last request line read: the message lines after it belong to it. */
  private request: RequestRecord | undefined;
  /** The last request line, when it was not even JSON or was refused (its message lines are refused, naming it). */
  private unreadRequestLine: { line: number; why: string } | undefined;
  /** Message lines read after the last request line: the next one's place in its request (replacedKeyFindings). */
  private position = 0;
  /** Whether a line with text has been read: the first one tells a JSON array from NDJSON. */
  private sawText = false;
  /** The file is a JSON array: its other lines are parts of it, not lines to report one by one. */
  private jsonArray = false;

  parse(rawText: string, line: number): ImportLine | undefined {
    const text = rawText.endsWith('\r') ? rawText.slice(0, -1) : rawText;
    if (text.trim() === '') return undefined;
    if (this.jsonArray) return undefined;
    // GET /api/messages' answer saved to a file, or any JSON file of messages: one line read as an
    // array ("came as a form: curl -d @file drops the file's line breaks", said of curl --data-binary
    // too), or pretty-printed, a "not valid JSON" for each of its lines, and nothing imported.
    const first = !this.sawText;
    this.sawText = true;
    if (first && text.trimStart().startsWith('[')) {
      this.jsonArray = true;
      return { line, kind: 'error', message: JSON_ARRAY_FILE, wholeFile: true };
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      // A damaged request line: the message lines after it are not the previous request's.
      if (/^\s*\{\s*"request"/.test(text)) {
        this.request = undefined;
        this.unreadRequestLine = { line, why: 'could not be read' };
        return { line, kind: 'error', message: `not valid JSON ${jsonSyntaxWhere(text, e, false)}; a request line, so its message lines (up to the next request line) are not imported` };
      }
      return { line, kind: 'error', message: `not valid JSON ${jsonSyntaxWhere(text, e, false)}${loneCrHint(text)}` };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, kind: 'error', message: `the line must be a JSON object (a capture log line or a Segment message), not ${shownValue(value)}` };
    const obj = value as JsonObject;
    // A capture line ({"seq", "message"}, or the older record with "origin") wraps its message in
    // one more object: the limit is the message's, as where it was received, so a message the
    // receiver took comes back from its export (a 256-level one was refused as a 257-level line).
    const wrapped = !isRequestLine(obj) && ('origin' in obj || 'seq' in obj) ? 1 : 0;
    const depth = maxNestingDepth(text) - wrapped;
    if (depth > MAX_NESTING_DEPTH) {
      // Refused as any other: a request line's message lines are not the previous request's; a message line still held its place.
      if (isRequestLine(obj)) {
        this.request = undefined;
        this.unreadRequestLine = { line, why: 'was refused' };
      } else if ('seq' in obj && !('origin' in obj)) this.position++;
      return { line, kind: 'error', message: tooDeepMessage(depth, wrapped ? 'the message' : 'the line') };
    }
    if (isRequestLine(obj)) {
      const parsed = toRequestRecord(obj);
      const from = messagesFromOf(obj);
      const record = typeof parsed === 'string' ? parsed : (importProblem(parsed) ?? (typeof from === 'string' ? from : parsed));
      this.request = typeof record === 'string' ? undefined : withRedactedHeaders(record);
      // A request the log holds over two request lines (an import written in chunks): the second goes on counting.
      this.position = typeof from === 'number' ? from : 0;
      // Refused: its message lines are not the previous request's, nor orphans ("no request line before").
      this.unreadRequestLine = typeof record === 'string' ? { line, why: 'was refused' } : undefined;
      return typeof record === 'string' ? { line, kind: 'error', message: `not a request line: ${record}` } : undefined;
    }
    if ('origin' in obj || 'seq' in obj) {
      if (!('origin' in obj) && this.request === undefined && this.unreadRequestLine !== undefined) {
        return { line, kind: 'error', message: `its request line (line ${this.unreadRequestLine.line}) ${this.unreadRequestLine.why}; not imported` };
      }
      // Its findings as the log's loader derives them, a key written twice included (its text read for it).
      const indexInRequest = 'origin' in obj ? undefined : this.position;
      const parsed = toCapturedMessage(obj, 'origin' in obj ? undefined : this.request, true, repeatedKeysText(text, obj), indexInRequest, exactClientMessageIdJson(text, obj));
      // A message line refused still held its request's next message: the lines after it keep their places (batch[i]'s warnings on batch[i]).
      if (!('origin' in obj)) this.position++;
      // What comes in from outside is held to what the receiver itself writes (the log's own
      // loader stays lenient, so nothing stored before is hidden).
      const ownRequest = 'origin' in obj; // else the request line above, checked already
      const capture = typeof parsed !== 'string' && ownRequest ? (importProblem(parsed) ?? parsed) : parsed;
      if (typeof capture === 'string') return { line, kind: 'error', message: `not a captured message: ${capture}` };
      return { line, kind: 'captured', capture: ownRequest ? withRedactedHeaders(capture) : capture, messageJson: messageTextOf(text), ...(indexInRequest === undefined ? {} : { indexInRequest }) };
    }
    if (typeof obj.type === 'string') {
      // The same rule as the Tracking API: a message over 32 KB is refused, here by line.
      const bytes = Buffer.byteLength(text);
      if (bytes > MAX_MESSAGE_BYTES) return { line, kind: 'error', message: `the message is ${formatCount(bytes)} bytes; Segment's limit is 32 KB (${formatCount(MAX_MESSAGE_BYTES)} bytes) per message` };
      // A writeKey or receivedAt written twice cannot show in the stored text (taken out, or the
      // receiver's): said on the request, as the Tracking API says it (replacedKeyRepeats).
      if (!Object.hasOwn(obj, 'writeKey')) {
        const replaced = Object.hasOwn(obj, 'receivedAt') && mayRepeatKeys(text, obj) ? messageReplacedKeyRepeats(text) : [];
        return { line, kind: 'raw', message: obj, text: text.trim(), ...(replaced.length > 0 ? { replacedKeyRepeats: replaced } : {}) };
      }
      const { writeKey, ...message } = obj;
      // A key written twice: the line less its writeKey, edited as text (written anew, only the last value would be left).
      if (mayRepeatKeys(text, obj)) {
        const replaced = messageReplacedKeyRepeats(text);
        return { line, kind: 'raw', message, text: editMembers(text, ['writeKey']), writeKey: { value: writeKey }, ...(replaced.length > 0 ? { replacedKeyRepeats: replaced } : {}) };
      }
      // Written anew without it; a number JSON.parse rounded keeps the line's digits.
      const { writeKey: _key, ...exact } = parseExact(text) as JsonObject;
      return { line, kind: 'raw', message, text: stringifyExact(exact), writeKey: { value: writeKey } };
    }
    return { line, kind: 'error', message: 'neither a capture log line (request, or seq and message) nor a Segment message (type)' };
  }
}

/** Why a file that is one JSON array is not imported, and how to make the lines import reads. */
export const JSON_ARRAY_FILE =
  "the file is a JSON array (as GET /api/messages answers), not NDJSON: import reads one JSON object a line, as Export (GET /api/export) writes the log: import an export instead, or turn the array into such lines with jq -c '.[]' file.json > file.ndjson. Nothing was imported";

/** The record with its credentials' headers redacted, as the receiver records them (the origin is masked by toRequestRecord and toCapturedMessage). */
function withRedactedHeaders<T extends { headers: Record<string, string> }>(record: T): T {
  const headers = redactHeaders(record.headers);
  return headers === record.headers ? record : { ...record, headers };
}

/**
 * The message's text as the line holds it: what the receiver stored, the client's own text.
 * Stringifying the parsed message would change it (1.0 → 1, 1e21 → 1e+21, -0 → 0, `\/` → `/`,
 * `\u00e9` → `é`, an id past 2^53 rounded), so an export imported back would not be the same.
 */
function messageTextOf(lineText: string): string {
  const span = topLevelValueSpan(lineText, 'message');
  if (span) return lineText.slice(span.start, span.end);
  // Not found (cannot happen for a line toCapturedMessage accepted): the digits at least (exact-json).
  return stringifyExact((parseExact(lineText) as { message: unknown }).message);
}

export function* parseImportLines(ndjson: string): Generator<ImportLine> {
  // A UTF-16 file read as UTF-8 by whoever sent the text: every line would be "not valid JSON",
  // naming a NUL. (The streamed import and the app read the file's bytes in its own encoding.)
  const misread = misreadEncodingOf(ndjson);
  if (misread) {
    yield { line: 1, kind: 'error', message: `the file is ${encodingName(misread)} read as UTF-8, so every line is unreadable; import the file itself, or save it as UTF-8. Nothing was imported`, wholeFile: true };
    return;
  }
  const parser = new ImportLineParser();
  // A byte-order mark (Windows tools write one) is skipped, as the streamed import's decoder skips it.
  let start = ndjson.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  while (start <= ndjson.length) {
    let end = ndjson.indexOf('\n', start);
    if (end < 0) end = ndjson.length;
    line++;
    const item = parser.parse(ndjson.slice(start, end), line);
    start = end + 1;
    if (item) yield item;
  }
}

/**
 * The bytes of an import, gunzipped when they are a gzip file (they begin with gzip's 1F 8B): an
 * export saved as .ndjson.gz, picked in the Import dialog or posted without Content-Encoding: gzip,
 * was read as lines of binary, each refused as "not UTF-8" and nothing imported. No NDJSON text
 * begins with those bytes (0x1F is a control character, 0x8B no UTF-8 start), so nothing else is
 * read as gzip. A gzip cut short or damaged throws, as a body gunzipped by its header does.
 */
export async function* gunzippedIfGzip(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): AsyncGenerator<Buffer | string> {
  const source = (async function* () {
    yield* chunks;
  })();
  const head: Buffer[] = [];
  let headBytes = 0;
  for (;;) {
    const next = await source.next();
    if (next.done) break;
    if (typeof next.value === 'string') {
      // Text, not bytes: never a gzip file.
      yield* head;
      yield next.value;
      yield* source;
      return;
    }
    head.push(next.value);
    headBytes += next.value.length;
    if (headBytes >= 2) break;
  }
  const first = Buffer.concat(head);
  if (first[0] !== 0x1f || first[1] !== 0x8b) {
    if (first.length > 0) yield first;
    yield* source;
    return;
  }
  const compressed = Readable.from(
    (async function* () {
      yield first;
      yield* source;
    })(),
  );
  try {
    for await (const chunk of pipeline(compressed, createGunzip(), () => undefined)) yield chunk as Buffer;
  } catch (e) {
    // zlib's own words ("unexpected end of file") do not say that the file is gzip.
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_')) throw new Error(`the file is gzip-compressed and its compressed data is cut short or damaged (${(e as Error).message})`);
    throw e;
  }
}

/** A line longer than this is refused by number (and skipped) rather than held in memory. */
export const MAX_IMPORT_LINE_BYTES = 64 * 1024 * 1024;

/**
 * The same lines from a byte stream (an HTTP body of any size): split on newlines as the bytes
 * arrive, decoded across chunk boundaries in the encoding the first bytes say (UTF-8, or UTF-16 as
 * Windows tools save "Unicode" text; a byte-order mark is skipped), one line in memory at a time.
 * A file in UTF-32 is one error naming it, once the body has been read to its end.
 */
export async function* parseImportStream(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): AsyncGenerator<ImportLine> {
  const parser = new ImportLineParser();
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  /**
   * A UTF-8 file is split into lines as bytes, and each line checked before it is decoded: the
   * decoder reads bytes that are not UTF-8 as U+FFFD without a word, and such a line was stored so.
   */
  let utf8 = false;
  /** Why the file is not read (its encoding), once its first bytes have said so: the rest is drained. */
  let unread: string | undefined;
  let head: Buffer[] = [];
  let pending = '';
  let pendingBuf: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let line = 0;
  /** The bytes to read from this chunk on, once the first bytes have told the encoding (undefined while they have not, or when it is not read). */
  const sniffed = (chunk: Buffer, end: boolean): Buffer | undefined => {
    if (unread !== undefined) return undefined;
    if (decoder !== undefined) return chunk;
    head.push(chunk);
    const first = Buffer.concat(head);
    // Enough to tell a program, an image or a PDF from text, not only the encoding.
    if (first.length < Math.max(SNIFF_BYTES, BINARY_SNIFF_BYTES) && !end) return undefined;
    head = [];
    const encoding = sniffTextEncoding(first);
    const binary = encoding.kind === 'utf-8' ? binaryFileKind(first) : undefined;
    unread = zipArchiveMessage(first) ?? unreadEncodingMessage(encoding) ?? (binary === undefined ? undefined : binaryImportMessage(binary));
    if (unread !== undefined) return undefined;
    decoder = decoderFor(encoding);
    utf8 = encoding.kind === 'utf-8';
    // The decoder skips a byte-order mark; lines split as bytes skip it here.
    return utf8 && encoding.bom ? first.subarray(3) : first;
  };
  /** One whole line of a UTF-8 file: its text, or why it is not read. */
  const utf8Line = (bytes: Buffer, at: number): ImportLine | undefined => {
    if (!isUtf8(bytes)) return { line: at, kind: 'error', message: notUtf8LineMessage(bytes) };
    return parser.parse(bytes.toString('utf8'), at);
  };
  function* textPart(text: string): Generator<ImportLine> {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      line++;
      if (skipping) skipping = false;
      else {
        const item = parser.parse(pending + text.slice(start, nl), line);
        if (item) yield item;
      }
      pending = '';
      pendingBytes = 0;
      start = nl + 1;
    }
    if (!skipping) {
      pending += text.slice(start);
      pendingBytes += text.length - start; // UTF-16 units: within 3× of the bytes, enough for a bound
      if (pendingBytes > MAX_IMPORT_LINE_BYTES) {
        yield { line: line + 1, kind: 'error', message: tooLongLine() };
        pending = '';
        pendingBytes = 0;
        skipping = true;
      }
    }
  }
  function* bytePart(bytes: Buffer): Generator<ImportLine> {
    let start = 0;
    for (;;) {
      const nl = bytes.indexOf(0x0a, start);
      if (nl < 0) break;
      line++;
      if (skipping) skipping = false;
      else {
        const item = utf8Line(pendingBuf.length === 0 ? bytes.subarray(start, nl) : Buffer.concat([...pendingBuf, bytes.subarray(start, nl)]), line);
        if (item) yield item;
      }
      pendingBuf = [];
      pendingBytes = 0;
      start = nl + 1;
    }
    if (!skipping && start < bytes.length) {
      pendingBuf.push(bytes.subarray(start));
      pendingBytes += bytes.length - start;
      if (pendingBytes > MAX_IMPORT_LINE_BYTES) {
        yield { line: line + 1, kind: 'error', message: tooLongLine() };
        pendingBuf = [];
        pendingBytes = 0;
        skipping = true;
      }
    }
  }
  try {
    for await (const chunk of chunks) {
      if (typeof chunk === 'string') {
        yield* textPart(chunk);
        continue;
      }
      const bytes = sniffed(chunk, false);
      if (bytes === undefined) continue;
      if (utf8) yield* bytePart(bytes);
      else yield* textPart(decoder!.decode(bytes, { stream: true }));
    }
  } catch (e) {
    // The body broke off while its first bytes were still held to tell the file's kind: its whole
    // lines so far are read, so the answer says after which line it stopped ("after line 0" said
    // the lines received were not).
    if (decoder === undefined && unread === undefined && head.length > 0) {
      const bytes = sniffed(Buffer.alloc(0), true);
      if (bytes !== undefined) {
        if (utf8) yield* bytePart(bytes);
        else yield* textPart(decoder!.decode(bytes, { stream: true }));
      }
    }
    throw e;
  }
  // No bytes came (text chunks, or nothing): nothing to sniff, and the text's last line is pending.
  const last = decoder === undefined && head.length === 0 ? undefined : sniffed(Buffer.alloc(0), true);
  if (unread !== undefined) {
    yield { line: 1, kind: 'error', message: unread, wholeFile: true };
    return;
  }
  if (utf8) {
    if (last !== undefined && last.length > 0) yield* bytePart(last);
    const rest = Buffer.concat(pendingBuf);
    if (!skipping && rest.length > 0) {
      const item = utf8Line(rest, line + 1);
      if (item) yield item;
    }
    return;
  }
  // A file shorter than the sniffed head arrives whole here: its lines are split as any chunk's.
  if (decoder !== undefined && last !== undefined && last.length > 0) yield* textPart(decoder.decode(last, { stream: true }));
  const rest = pending + (decoder !== undefined ? decoder.decode() : '');
  if (!skipping && rest !== '') {
    const item = parser.parse(rest, line + 1);
    if (item) yield item;
  }
}

/**
 * A ZIP archive (an export compressed with the file manager's "Compress", or "Send to > Compressed
 * folder"): its bytes were read as lines, each "not UTF-8" with a list of byte offsets, and
 * nothing was imported without a word of why.
 */
function zipArchiveMessage(first: Buffer): string | undefined {
  if (first[0] !== 0x50 || first[1] !== 0x4b || !((first[2] === 0x03 && first[3] === 0x04) || (first[2] === 0x05 && first[3] === 0x06))) return undefined;
  return 'the file is a ZIP archive (it begins with the bytes 50 4B, "PK"), not NDJSON: unzip it and import the .ndjson file inside (a gzipped one, .ndjson.gz, is read as it is). Nothing was imported';
}

function tooLongLine(): string {
  return `the line is over ${formatCount(MAX_IMPORT_LINE_BYTES)} bytes; it was skipped`;
}

/** Why a line of a UTF-8 file is not read: where its bytes are not UTF-8, and what they may be. */
function notUtf8LineMessage(bytes: Buffer): string {
  const p = bodyEncodingProblem(bytes);
  if (p === undefined) return 'the line is not UTF-8; save the file as UTF-8';
  const runs = p.sequences === 1 ? 'a byte sequence' : `${formatCount(p.sequences)} byte sequences`;
  const more = p.sequences > p.places.length ? `; and ${formatCount(p.sequences - p.places.length)} more` : '';
  return `the line is not UTF-8: ${runs} could not be read as UTF-8: ${p.places.map(bodyEncodingPlaceText).join('; ')}${more}; save the file as UTF-8 (it was not imported: its text would have held U+FFFD where those bytes are)`;
}

/** An import whose stream failed part way: the messages written before it stay stored. */
export class ImportStopped extends Error {
  constructor(
    readonly reason: string,
    /** Messages stored before it stopped. */
    readonly imported: number,
    /** The last line read (1-based; 0: none). */
    readonly line: number,
  ) {
    super(`the import stopped after line ${line} (${imported} message${imported === 1 ? '' : 's'} stored before it): ${reason}`);
  }
}

/**
 * An import the capture log refused to take (a full disk): the engine's fault, not the file's, so
 * a 500, with the line the stored part ends at. It was a 400 "the import stopped: ENOSPC: no space
 * left on device, write", without what was stored.
 */
export class ImportWriteFailed extends ImportStopped {
  readonly code = 'store-failed';
  constructor(cause: Error, imported: number, line: number, storedThroughLine: number) {
    const errno = (cause as NodeJS.ErrnoException).code;
    const full = errno === 'ENOSPC' || errno === 'EDQUOT' || errno === 'EFBIG';
    const stored = storedThroughLine === 0 ? 'no line of the file was stored' : `the file's lines up to line ${storedThroughLine} are stored`;
    const retry = storedThroughLine === 0 ? 'import the file again' : `import the lines after line ${storedThroughLine} again`;
    super(
      `the capture log could not be written (${cause.message})${full ? ": the disk (or this process's file-size limit) is full" : ''}; ${stored}: ${full ? 'free some space, then ' : ''}${retry}`,
      imported,
      line,
    );
  }
}

const SIGNATURE_STATUSES = new Set(['valid', 'invalid', 'missing', 'no-secret']);

/**
 * What an imported request's fields must be, as the receiver writes them: a receipt time that is
 * a date, headers of text, a signature check of a known status. An error sentence, or undefined.
 */
function importProblem(r: Pick<RequestRecord, 'receivedAt' | 'origin' | 'headers'>): string | undefined {
  if (parseIsoTime(r.receivedAt) === undefined) return `"receivedAt" must be an ISO date-time, not ${shownValue(r.receivedAt)}`;
  for (const [name, value] of Object.entries(r.headers)) if (typeof value !== 'string') return `header "${name.slice(0, 60)}" must be text, not ${shownValue(value)}`;
  // A name no webhook could be created under ("../../x y", empty) was listed as a webhook seen:
  // held to the rule the Webhooks tab and the receiver's /webhook/<name> use.
  const nameFault = r.origin.kind === 'webhook' ? invalidWebhookName(r.origin.webhook) : undefined;
  if (nameFault !== undefined) return `"origin.webhook" is no webhook name: ${shownValue((r.origin as { webhook: string }).webhook)} ${nameFault}`;
  if (r.origin.kind === 'webhook' && !SIGNATURE_STATUSES.has(r.origin.signature.status)) {
    return `"origin.signature.status" must be one of ${[...SIGNATURE_STATUSES].join(', ')}, not ${shownValue(r.origin.signature.status)}`;
  }
  return undefined;
}
