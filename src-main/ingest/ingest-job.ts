// One Tracking API request's CPU work, off the request path: parse, stamp, drop reasons (all but
// the duplicate check), validator findings and summary fields, and where each message's JSON line
// is in bytes. Runs in the ingest worker thread (ingest-worker.ts), or in the calling thread where
// no worker is configured; the same function either way.
import { randomUUID } from 'node:crypto';
import { isAscii } from 'node:buffer';
import type { DropReason } from '../../src-shared/capture';
import type { TrackingPath } from '../../src-shared/tracking-api/parse';
import type { PreparedTrackingRequest } from '../../src-shared/tracking-api/prepare-request';
import { prepareTrackingRequest, type ClientMessageIdEntry } from '../../src-shared/tracking-api/prepare-request';
import type { FindingTally } from '../../src-shared/summary';
import type { BodyEncodingProblem } from '../../src-shared/tracking-api/utf8';
import { bodyEncodingOf } from './body-encoding';

export interface IngestJob {
  path: TrackingPath;
  /** The request body, decompressed. */
  body: Uint8Array;
  authorizationHeader?: string;
  /** The path as the client called it ("/v1/import"), named in answers (see TrackingRequestInput). */
  endpoint?: string;
  receivedAt: string;
  receivedAtMs: number;
}

export interface IngestFailure {
  ok: false;
  status: number;
  code: string;
  error: string;
}

/**
 * The summary and log fields of a request's messages: PreparedTrackingRequest without the texts,
 * and with the ids as one text (see IngestedIds).
 */
export type IngestedMeta = Omit<PreparedTrackingRequest, 'jsons' | 'jsonTails' | 'jsonStarts' | 'messageIds' | 'userIds' | 'anonymousIds'> & IngestedIds;

/**
 * Every message's messageId, userId and anonymousId, in that order, one after the other in one
 * string: the store keeps spans of it rather than a string per id (see MessageIndex). idLengths[3i],
 * [3i + 1], [3i + 2] are message i's three lengths; -1 where the id is absent (a messageId never is).
 */
export interface IngestedIds {
  ids: string;
  idLengths: Int32Array;
}

export interface IngestedRequest extends IngestedMeta {
  /** Set when the body was not UTF-8: where, and what its bytes were. */
  encoding?: BodyEncodingProblem;
  /**
   * The body's bytes, then the texts that are not in it (tails, re-serialized messages). Message
   * i's JSON line is bytes[ranges[4i], ranges[4i+1]) followed by bytes[ranges[4i+2], ranges[4i+3]).
   */
  bytes: Uint8Array;
  ranges: Int32Array;
}

export type IngestResult = IngestedRequest | IngestFailure;

/**
 * `output(size)` may supply the memory for the result's bytes, with the body already in its first
 * body.length bytes (the worker's shared slot, which the body came in); else a buffer is made.
 */
export function runIngestJob(job: IngestJob, output?: (size: number) => Buffer | undefined): IngestResult {
  const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
  const bodyText = body.toString('utf8');
  // In an ASCII body (the usual case) characters are bytes, and there is nothing to check.
  const ascii = isAscii(body);
  const encoding = bodyEncodingOf(body, ascii);
  const prepared = prepareTrackingRequest(
    { path: job.path, bodyText, bodyBytes: body.length, authorizationHeader: job.authorizationHeader, endpoint: job.endpoint },
    { receivedAt: job.receivedAt, receivedAtMs: job.receivedAtMs, newMessageId: randomUUID },
  );
  if (!prepared.ok) return prepared;
  const { jsons, jsonTails, jsonStarts, messageIds, userIds, anonymousIds, ...fields } = prepared;
  const n = jsons.length;
  // In an ASCII body (the usual case) characters are bytes: a message text sliced from the body
  // is copied from its bytes, never encoded again. The rest (tails, which a request's messages
  // mostly share, and texts that were re-serialized) is written after the body, once each.
  // (isAscii, not equal lengths: a stray invalid byte decodes to one U+FFFD, so lengths match
  // while the body's bytes are not the text's, and the log would get bytes that are not UTF-8.)
  const ranges = new Int32Array(4 * n);
  const extra: string[] = [];
  let size = body.length;
  const place = (text: string, at: number) => {
    ranges[at] = size;
    size += Buffer.byteLength(text);
    ranges[at + 1] = size;
    extra.push(text);
  };
  let lastTail: string | undefined;
  for (let i = 0; i < n; i++) {
    if (ascii && jsonStarts[i] >= 0) {
      ranges[4 * i] = jsonStarts[i];
      ranges[4 * i + 1] = jsonStarts[i] + jsons[i].length;
    } else place(jsons[i], 4 * i);
    if (jsonTails[i] === lastTail && i > 0) {
      ranges[4 * i + 2] = ranges[4 * i - 2];
      ranges[4 * i + 3] = ranges[4 * i - 1];
    } else {
      place(jsonTails[i], 4 * i + 2);
      lastTail = jsonTails[i];
    }
  }
  let bytes = output?.(size);
  if (bytes === undefined) {
    bytes = Buffer.allocUnsafe(size);
    body.copy(bytes, 0);
  }
  let pos = body.length;
  for (const text of extra) pos += bytes.write(text, pos);
  const result: IngestedRequest = { ...fields, ...joinIds(messageIds, userIds, anonymousIds), bytes: bytes.subarray(0, size), ranges };
  if (encoding !== undefined) result.encoding = encoding;
  return result;
}

/** The IngestedIds form of three id columns. */
export function joinIds(messageIds: readonly string[], userIds: readonly (string | undefined)[], anonymousIds: readonly (string | undefined)[]): IngestedIds {
  const n = messageIds.length;
  const idLengths = new Int32Array(3 * n);
  let ids = '';
  for (let i = 0; i < n; i++) {
    const userId = userIds[i];
    const anonymousId = anonymousIds[i];
    ids += messageIds[i];
    idLengths[3 * i] = messageIds[i].length;
    if (userId !== undefined) ids += userId;
    idLengths[3 * i + 1] = userId === undefined ? -1 : userId.length;
    if (anonymousId !== undefined) ids += anonymousId;
    idLengths[3 * i + 2] = anonymousId === undefined ? -1 : anonymousId.length;
  }
  return { ids, idLengths };
}

/** The three id columns of IngestedIds, as strings (for tests). */
export function splitIds(r: IngestedIds): { messageIds: string[]; userIds: (string | undefined)[]; anonymousIds: (string | undefined)[] } {
  const columns: (string | undefined)[][] = [[], [], []];
  let pos = 0;
  for (let i = 0; i < r.idLengths.length; i++) {
    const length = r.idLengths[i];
    columns[i % 3].push(length < 0 ? undefined : r.ids.slice(pos, pos + length));
    pos += Math.max(0, length);
  }
  return { messageIds: columns[0] as string[], userIds: columns[1], anonymousIds: columns[2] };
}

/**
 * Where a result's fields are, in shared memory after its bytes: numbers as Int32 columns, the rest
 * (ids, tables, tallies, drop reasons, the write key) as one JSON text. See encodeResult.
 */
export interface EncodedResult {
  /** Byte offset of the Int32 columns (a multiple of 4): ranges (4n), id lengths (3n), assigned, type, name, tally, account (n each). */
  columnsOffset: number;
  count: number;
  metaOffset: number;
  metaLength: number;
}

const INTS_PER_MESSAGE = 12;

/**
 * Writes a result's fields into `target` from `offset` (after its bytes), for the main thread to
 * read with decodeResult; undefined when they do not fit. Cheaper on both threads than posting
 * them as objects (a structured clone of some 600 strings and arrays per request): the numbers
 * need no parsing at all, and the ids travel as one long string (IngestedIds), because JSON.parse
 * looks every short string value up in V8's string table. Repeated values (types, names) go once
 * per request; only the messages with drop reasons carry them.
 */
export function encodeResult(r: IngestedRequest, target: Buffer, offset: number): EncodedResult | undefined {
  const n = r.idLengths.length / 3;
  const columnsOffset = (offset + 3) & ~3;
  const metaOffset = columnsOffset + 4 * INTS_PER_MESSAGE * n;
  if (metaOffset > target.length) return undefined;
  const ints = new Int32Array(target.buffer, target.byteOffset + columnsOffset, INTS_PER_MESSAGE * n);
  ints.set(r.ranges, 0);
  ints.set(r.idLengths, 4 * n);
  const typeTable: string[] = [];
  const nameTable: string[] = [];
  const accountTable: string[] = [];
  const reasons: [number, DropReason[]][] = [];
  for (let i = 0; i < n; i++) {
    ints[7 * n + i] = r.messageIdAssigned[i] ? 1 : 0;
    ints[8 * n + i] = tableCode(r.types[i], typeTable);
    ints[9 * n + i] = tableCode(r.names[i], nameTable);
    ints[10 * n + i] = r.tallyOf[i];
    const account = r.accounts[i];
    ints[11 * n + i] = account === undefined ? -1 : tableCode(account, accountTable);
    if (r.dropReasons[i].length > 0) reasons.push([i, r.dropReasons[i]]);
  }
  const meta = JSON.stringify({ w: r.writeKey ?? null, s: r.writeKeySource, a: r.authWarning ?? null, k: r.writeKeyWarning ?? null, r: r.replacedKeyRepeats ?? null, e: r.encoding ?? null, ids: r.ids, tt: typeTable, nt: nameTable, at: accountTable, f: r.tallies, d: reasons, ...(r.clientMessageIds ? { c: r.clientMessageIds } : {}) });
  const metaLength = Buffer.byteLength(meta);
  if (metaOffset + metaLength > target.length) return undefined;
  target.write(meta, metaOffset);
  return { columnsOffset, count: n, metaOffset, metaLength };
}

const NO_REASONS: DropReason[] = [];

/** The result encodeResult wrote into `source` (its bytes: source[0, bytesLength)). */
export function decodeResult(source: Buffer, bytesLength: number, e: EncodedResult): IngestedRequest {
  const n = e.count;
  const ints = new Int32Array(source.buffer, source.byteOffset + e.columnsOffset, INTS_PER_MESSAGE * n);
  const m = JSON.parse(source.toString('utf8', e.metaOffset, e.metaOffset + e.metaLength)) as {
    w: string | null;
    s: IngestedMeta['writeKeySource'];
    a: string | null;
    k?: string | null;
    r?: string[] | null;
    e?: BodyEncodingProblem | null;
    ids: string;
    tt: string[];
    nt: string[];
    at: string[];
    f: FindingTally[];
    d: [number, DropReason[]][];
    c?: ClientMessageIdEntry[];
  };
  const assigned: boolean[] = new Array(n);
  const types: string[] = new Array(n);
  const names: string[] = new Array(n);
  const accounts: (string | undefined)[] = new Array(n);
  const tallyOf: number[] = new Array(n);
  const dropReasons: DropReason[][] = new Array(n).fill(NO_REASONS);
  for (let i = 0; i < n; i++) {
    assigned[i] = ints[7 * n + i] === 1;
    types[i] = m.tt[ints[8 * n + i]];
    names[i] = m.nt[ints[9 * n + i]];
    tallyOf[i] = ints[10 * n + i];
    const account = ints[11 * n + i];
    accounts[i] = account < 0 ? undefined : m.at[account];
  }
  for (const [i, reasons] of m.d) dropReasons[i] = reasons;
  const result: IngestedRequest = {
    ok: true,
    writeKey: m.w ?? undefined,
    writeKeySource: m.s,
    authWarning: m.a ?? undefined,
    ...(m.k ? { writeKeyWarning: m.k } : {}),
    ...(m.r ? { replacedKeyRepeats: m.r } : {}),
    ...(m.c ? { clientMessageIds: m.c } : {}),
    ids: m.ids,
    idLengths: ints.slice(4 * n, 7 * n), // a copy: the slot is reused once the result is released
    messageIdAssigned: assigned,
    dropReasons,
    types,
    names,
    accounts,
    tallies: m.f,
    tallyOf,
    bytes: source.subarray(0, bytesLength),
    ranges: ints.subarray(0, 4 * n),
  };
  if (m.e) result.encoding = m.e;
  return result;
}

function tableCode(value: string, table: string[]): number {
  const at = table.indexOf(value);
  return at >= 0 ? at : table.push(value) - 1;
}
