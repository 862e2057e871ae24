// Parses a run of whole lines of the capture log: the CPU work of loading it (JSON.parse, each
// line's checks, the validators' tallies, the summary fields, where a message's JSON is in its
// line). Runs in the ingest worker thread while the main thread indexes the run before (see
// CaptureStore.loadChunks), or in the calling thread; the same function either way. What it
// returns is typed arrays, one text of ids and a few shared values: cheap to post between threads.
import { plural } from '../../src-shared/plural';
import { jsonSyntaxWhere } from '../../src-shared/tracking-api/json-error';
import type { DropCode } from '../../src-shared/capture';
import { displayName, exactIdsOf, str, tallyFindings, type FindingTally } from '../../src-shared/summary';
import { freshsuccessAccountOf } from '../../src-shared/validate/account-tracker';
import { ingestFindings } from '../../src-shared/validate/validate';
import { clientMessageIdFindings } from '../../src-shared/tracking-api/client-message-id';
import { replacedKeyFindings } from '../../src-shared/validate/replaced-keys';
import { exactMessageText, isRequestLine, messageJsonStart, messagesFromOf, repeatedKeysText, toCapturedMessage, toRequestRecord, type RequestRecord } from './record';
import { needsMasking } from './write-key';

/** Carried from one run of lines to the next (the runs of one load are parsed in file order). */
export interface LogChunkState {
  /** The last request line read was well formed: the message lines after it belong to it. */
  haveRequest: boolean;
  /** Its keys written twice that the receiver took out or replaced (replacedKeyFindings), if any. */
  replaced?: string[];
  /** How many message lines after it were read: the next one's place in its request. */
  position?: number;
}

/** Something the store does between messages: a request line, or a line it skips (with why). */
export interface LogChunkEvent {
  /** Happens before message `before` of the run. */
  before: number;
  /** The line's number within the run, from 1. */
  line: number;
  /** Set for a request line: its record (undefined when malformed: `problem` says why). */
  request?: RequestRecord;
  isRequest?: true;
  /**
   * Why the line is skipped, a sentence that follows "capture log line N: "; on a request line
   * that is read all the same (a hand-edited messagesFrom), what was not read and how it is taken.
   */
  problem?: string;
}

export interface ParsedLogChunk {
  /** Lines in the run (a last one without a newline included). */
  lineCount: number;
  /** Message lines read. Message i is: */
  count: number;
  /** its line's number within the run (from 1), byte offset in the run, and byte length (no newline); */
  lineOf: Int32Array;
  starts: Int32Array;
  lengths: Int32Array;
  seqs: Float64Array;
  /** bytes from its line's start to the message's JSON, which ends one byte before the line's end; -1: the JSON is payloads' text; */
  textStarts: Int32Array;
  /** messageId, userId and anonymousId one after the other in `ids` (lengths 3i..3i+2, -1: absent, or a messageId that is not a string); */
  ids: string;
  idLengths: Int32Array;
  /** types[typeOf[i]], names[nameOf[i]], tallies[tallyOf[i]], drop codes dropLists[dropOf[i]] (-1: none). */
  types: string[];
  typeOf: Int32Array;
  names: string[];
  nameOf: Int32Array;
  /** freshsuccessAccountOf message i: accounts[accountOf[i]], -1: not a Freshsuccess call. */
  accounts: string[];
  accountOf: Int32Array;
  tallies: FindingTally[];
  tallyOf: Int32Array;
  dropLists: DropCode[][];
  dropOf: Int32Array;
  /** A message's JSON as text, where its line is not as the encoder writes it: [message, text]. */
  payloads: [number, string][];
  /** Full records (older form) carry their request: [message, record]. */
  ownRequests: [number, RequestRecord][];
  events: LogChunkEvent[];
  /** A request in the run holds a write key or signature in clear (written before they were masked). */
  holdsClearSecrets: boolean;
  /** The state after the run (the next run's, if this one's result must be made again). */
  haveRequestAfter: boolean;
  replacedAfter?: string[];
  positionAfter?: number;
}

/** Stands for the request line above a message line: only whether there is one matters here. */
const SOME_REQUEST: RequestRecord = Object.freeze({ requestId: '', receivedAt: '', origin: { kind: 'tracking', endpoint: '' }, headers: {} }) as unknown as RequestRecord;

const NEWLINE = 0x0a;

/** parseLogChunk with its state kept from run to run, for one load at a time. */
export class LogChunkReader {
  readonly state: LogChunkState = { haveRequest: false };

  /** `first`: the first run of a new load. */
  parse(bytes: Uint8Array, endsUnterminated: boolean, first: boolean): ParsedLogChunk {
    if (first) {
      this.state.haveRequest = false;
      this.state.replaced = undefined;
      this.state.position = 0;
    }
    return parseLogChunk(bytes, endsUnterminated, this.state);
  }
}

/**
 * Parses `bytes`: whole lines, each ending with a newline, except a last one without when
 * `endsUnterminated` (the end of a file cut off mid-write). `state` is updated for the next run.
 */
export function parseLogChunk(bytes: Uint8Array, endsUnterminated: boolean, state: LogChunkState): ParsedLogChunk {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A run's lines are about 300 bytes; the arrays are cut to the count at the end.
  let capacity = Math.max(16, (buf.length / 200) | 0);
  let lineOf = new Int32Array(capacity);
  let starts = new Int32Array(capacity);
  let lengths = new Int32Array(capacity);
  let seqs = new Float64Array(capacity);
  let textStarts = new Int32Array(capacity);
  let idLengths = new Int32Array(3 * capacity);
  let typeOf = new Int32Array(capacity);
  let nameOf = new Int32Array(capacity);
  let accountOf = new Int32Array(capacity);
  let tallyOf = new Int32Array(capacity);
  let dropOf = new Int32Array(capacity);
  const out: Omit<ParsedLogChunk, 'lineOf' | 'starts' | 'lengths' | 'seqs' | 'textStarts' | 'idLengths' | 'typeOf' | 'nameOf' | 'accountOf' | 'tallyOf' | 'dropOf'> = {
    lineCount: 0,
    count: 0,
    ids: '',
    types: [],
    names: [],
    accounts: [],
    tallies: [],
    dropLists: [],
    payloads: [],
    ownRequests: [],
    events: [],
    holdsClearSecrets: false,
    haveRequestAfter: state.haveRequest,
  };
  const typeCodes = new Map<string, number>();
  const nameCodes = new Map<string, number>();
  const accountCodes = new Map<string, number>();
  const dropCodes = new Map<string, number>();
  const idParts: string[] = [];
  let lastTally: FindingTally | undefined;
  let n = 0;
  let line = 0;
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(NEWLINE, start);
    const isLastUnterminated = end < 0;
    if (isLastUnterminated) {
      if (!endsUnterminated) throw new Error('a run of log lines must end with a newline');
      end = buf.length;
    }
    line++;
    const lineStart = start;
    start = end + 1;
    const byteLength = end - lineStart;
    const text = buf.toString('utf8', lineStart, end);
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      out.events.push({
        before: n,
        line,
        problem: isLastUnterminated
          ? `incomplete last line (${plural(byteLength, 'byte')}), probably cut off by a crash mid-write; skipped`
          : /^\0+$/.test(text)
            ? // A block of zeros where a line was (a power loss on some file systems leaves one): V8's words printed the NULs themselves.
              `${plural(byteLength, 'NUL byte')} where a line was, as a power loss or a disk fault leaves on some file systems; skipped`
            : // Where, with control characters as escapes: V8's message quoted the line's raw text, an escape sequence and all, onto the terminal.
              `not valid JSON (${jsonSyntaxWhere(text, e, false)}); skipped`,
      });
      continue;
    }
    if (isRequestLine(parsed)) {
      if (needsMasking((parsed.request as { origin?: unknown } | null)?.origin)) out.holdsClearSecrets = true;
      const request = toRequestRecord(parsed);
      state.haveRequest = typeof request !== 'string';
      state.replaced = typeof request !== 'string' && request.origin.kind === 'tracking' ? request.origin.replacedKeyRepeats : undefined;
      // A request an import wrote in two chunks: its count goes on where the first line's stopped.
      state.position = typeof request === 'string' ? 0 : (request.messagesFrom ?? 0);
      // A hand-edited messagesFrom is read as 0 (the import refuses it): said, as other odd lines are.
      const from = typeof request === 'string' ? 0 : messagesFromOf(parsed);
      out.events.push(
        typeof request === 'string'
          ? { before: n, line, isRequest: true, problem: `not a request line: ${request}; skipped, with the message lines after it` }
          : typeof from === 'string'
            ? { before: n, line, isRequest: true, request, problem: `${from}; its message lines are counted from the request's first, so a warning about a key written twice may be given to the wrong one of them` }
            : { before: n, line, isRequest: true, request },
      );
      continue;
    }
    const isFullRecord = typeof parsed === 'object' && parsed !== null && 'origin' in parsed;
    if (isFullRecord && needsMasking((parsed as { origin: unknown }).origin)) out.holdsClearSecrets = true;
    // The findings are tallied below (without the hints, which only change a sentence).
    const rec = toCapturedMessage(parsed, isFullRecord || !state.haveRequest ? undefined : SOME_REQUEST, false);
    if (typeof rec === 'string') {
      out.events.push({ before: n, line, problem: `not a captured message: ${rec}; skipped` });
      continue;
    }
    if (n === capacity) {
      capacity *= 2;
      lineOf = grown(lineOf, capacity);
      starts = grown(starts, capacity);
      lengths = grown(lengths, capacity);
      seqs = grown(seqs, capacity);
      textStarts = grown(textStarts, capacity);
      idLengths = grown(idLengths, 3 * capacity);
      typeOf = grown(typeOf, capacity);
      nameOf = grown(nameOf, capacity);
      accountOf = grown(accountOf, capacity);
      tallyOf = grown(tallyOf, capacity);
      dropOf = grown(dropOf, capacity);
    }
    const m = rec.message;
    lineOf[n] = line;
    starts[n] = lineStart;
    lengths[n] = byteLength;
    seqs[n] = rec.seq;
    if (isFullRecord) out.ownRequests.push([n, { requestId: rec.requestId, receivedAt: rec.receivedAt, origin: rec.origin, headers: rec.headers }]);
    // The message's text stays in the file when the line is as the encoder writes it.
    const jsonStart = isFullRecord ? -1 : messageJsonStart(text, parsed as Record<string, unknown>);
    if (jsonStart < 0) {
      textStarts[n] = -1;
      out.payloads.push([n, JSON.stringify(m)]);
    } else {
      // In an ASCII line (the usual case) characters are bytes.
      textStarts[n] = text.length === byteLength ? jsonStart : Buffer.byteLength(text.slice(0, jsonStart));
    }
    const messageId = typeof m.messageId === 'string' ? m.messageId : undefined;
    // An id JSON.parse rounded (a PHP int past 2^53) is read from the line's text, digits as sent.
    const ids = exactIdsOf(m, () => exactMessageText(text, parsed as Record<string, unknown>));
    const userId = str(ids.userId);
    const anonymousId = str(ids.anonymousId);
    idLengths[3 * n] = messageId === undefined ? -1 : messageId.length;
    idLengths[3 * n + 1] = userId === undefined ? -1 : userId.length;
    idLengths[3 * n + 2] = anonymousId === undefined ? -1 : anonymousId.length;
    if (messageId !== undefined) idParts.push(messageId);
    if (userId !== undefined) idParts.push(userId);
    if (anonymousId !== undefined) idParts.push(anonymousId);
    typeOf[n] = codeOf(typeCodes, out.types, str(m.type) ?? '?');
    nameOf[n] = codeOf(nameCodes, out.names, displayName(ids));
    const account = freshsuccessAccountOf(ids);
    accountOf[n] = account === undefined ? -1 : codeOf(accountCodes, out.accounts, account);
    const findings = ingestFindings(m, text, repeatedKeysText(text, parsed));
    // Keys its request's body wrote twice that the receiver took out or replaced (a full record: its own origin, its place unknown).
    const place = isFullRecord ? undefined : (state.position ?? 0);
    if (!isFullRecord) state.position = (place ?? 0) + 1;
    const replaced = isFullRecord ? (rec.origin.kind === 'tracking' ? rec.origin.replacedKeyRepeats : undefined) : state.replaced;
    if (replaced !== undefined) findings.push(...replacedKeyFindings(replaced, place));
    if (rec.messageIdAssigned) findings.push(...clientMessageIdFindings(rec));
    const tally = tallyFindings(findings);
    if (tally !== lastTally) {
      out.tallies.push(tally);
      lastTally = tally;
    }
    tallyOf[n] = out.tallies.length - 1;
    if (rec.dropReasons.length === 0) dropOf[n] = -1;
    else {
      const codes = rec.dropReasons.map((r) => r.code);
      const key = codes.join(',');
      let code = dropCodes.get(key);
      if (code === undefined) {
        code = out.dropLists.push(codes) - 1;
        dropCodes.set(key, code);
      }
      dropOf[n] = code;
    }
    n++;
  }
  out.lineCount = line;
  out.count = n;
  out.ids = idParts.join('');
  out.haveRequestAfter = state.haveRequest;
  out.replacedAfter = state.replaced;
  out.positionAfter = state.position;
  return {
    ...out,
    lineOf: lineOf.slice(0, n),
    starts: starts.slice(0, n),
    lengths: lengths.slice(0, n),
    seqs: seqs.slice(0, n),
    textStarts: textStarts.slice(0, n),
    idLengths: idLengths.slice(0, 3 * n),
    typeOf: typeOf.slice(0, n),
    nameOf: nameOf.slice(0, n),
    accountOf: accountOf.slice(0, n),
    tallyOf: tallyOf.slice(0, n),
    dropOf: dropOf.slice(0, n),
  };
}

function codeOf(codes: Map<string, number>, values: string[], value: string): number {
  let code = codes.get(value);
  if (code === undefined) {
    code = values.push(value) - 1;
    codes.set(value, code);
  }
  return code;
}

function grown<T extends Int32Array | Float64Array>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  return b;
}
