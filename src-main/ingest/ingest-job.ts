// One Tracking API request's CPU work, off the request path: parse, stamp, drop reasons (all but
// the duplicate check), validator findings and summary fields, with every message's JSON line
// encoded to UTF-8 in one buffer. Runs in the ingest worker thread (ingest-worker.ts), or in the
// calling thread where no worker is configured; the same function either way.
import { randomUUID } from 'node:crypto';
import type { DropReason } from '../../src-shared/capture';
import type { PreparedTrackingRequest } from '../../src-shared/spec/prepare-request';
import { prepareTrackingRequest } from '../../src-shared/spec/prepare-request';
import type { TrackingPath } from '../../src-shared/spec/parse';

export interface IngestJob {
  path: TrackingPath;
  /** The request body, decompressed. */
  body: Uint8Array;
  authorizationHeader?: string;
  receivedAt: string;
  receivedAtMs: number;
}

export interface IngestFailure {
  ok: false;
  status: number;
  code: string;
  error: string;
}

export interface IngestedRequest extends Omit<PreparedTrackingRequest, 'jsons' | 'jsonTails'> {
  /** Message i's JSON line is json[jsonEnds[i - 1] ?? 0, jsonEnds[i]) (UTF-8, no line break). */
  json: Uint8Array;
  jsonEnds: number[];
}

export type IngestResult = IngestedRequest | IngestFailure;

/**
 * `output` may supply the memory for the result's bytes (the worker writes them into the shared
 * slot the body came in; it is free once the body is decoded); else they get a buffer of their own.
 */
export function runIngestJob(job: IngestJob, output?: (size: number) => Buffer | undefined): IngestResult {
  const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
  const bodyText = body.toString('utf8');
  const prepared = prepareTrackingRequest(
    { path: job.path, bodyText, bodyBytes: body.length, authorizationHeader: job.authorizationHeader },
    { receivedAt: job.receivedAt, receivedAtMs: job.receivedAtMs, newMessageId: randomUUID },
  );
  if (!prepared.ok) return prepared;
  const { jsons, jsonTails, ...fields } = prepared;
  // Texts sliced from an ASCII body (the usual case) are ASCII, bytes = characters: sized without
  // measuring. Re-serialized ones (a single call's, batch fields copied in) may not be ("\u00e9"
  // turns into é): a write that gives more bytes than characters says so, and then every text is
  // measured and written again.
  const ascii = bodyText.length === body.length;
  const encoded = (ascii ? encodeTexts(jsons, jsonTails, false, output) : undefined) ?? encodeTexts(jsons, jsonTails, true, output)!; // measured: never undefined
  return { ...fields, json: encoded.json, jsonEnds: encoded.jsonEnds };
}

/** Writes each message's text (jsons[i] + jsonTails[i]) one after the other; undefined when `measure` is false and a text was not ASCII. */
function encodeTexts(jsons: string[], jsonTails: string[], measure: boolean, output?: (size: number) => Buffer | undefined): { json: Buffer; jsonEnds: number[] } | undefined {
  const n = jsons.length;
  let size = 0;
  for (let i = 0; i < n; i++) size += measure ? Buffer.byteLength(jsons[i]) + Buffer.byteLength(jsonTails[i]) : jsons[i].length + jsonTails[i].length;
  // Unmeasured, 4 bytes to spare: a non-ASCII text then always writes more bytes than it has characters.
  const capacity = measure ? size : size + 4;
  const out = output?.(capacity) ?? Buffer.allocUnsafe(capacity);
  const jsonEnds: number[] = new Array(n);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const head = out.write(jsons[i], pos);
    const tail = jsonTails[i] === '' ? 0 : out.write(jsonTails[i], pos + head);
    if (!measure && (head !== jsons[i].length || tail !== jsonTails[i].length)) return undefined;
    pos += head + tail;
    jsonEnds[i] = pos;
  }
  return { json: out.subarray(0, pos), jsonEnds };
}

/** An ingested request without its bytes: what crosses between the threads as text (see encodeMeta). */
export type IngestedMeta = Omit<IngestedRequest, 'json'>;

/**
 * The result's fields as one JSON text, for the worker to put in shared memory next to the bytes.
 * Cheaper on both threads than posting them as objects (a structured clone of some 600 strings and
 * arrays per request). Shaped for JSON.parse on the main thread: the ids (messageId, userId,
 * anonymousId) travel as one long string sliced apart there, because JSON.parse looks every short
 * string value up in V8's string table, which was the main thread's largest single cost; repeated
 * values (types, names) go once per request; only the messages with drop reasons carry them.
 */
export function encodeMeta(r: IngestedMeta): string {
  const typeTable: string[] = [];
  const nameTable: string[] = [];
  const n = r.messageIds.length;
  let ids = '';
  const lengths: number[] = new Array(3 * n);
  const add = (v: string | undefined, at: number) => {
    if (v === undefined) lengths[at] = -1;
    else {
      lengths[at] = v.length;
      ids += v;
    }
  };
  const reasons: [number, DropReason[]][] = [];
  for (let i = 0; i < n; i++) {
    add(r.messageIds[i], 3 * i);
    add(r.userIds[i], 3 * i + 1);
    add(r.anonymousIds[i], 3 * i + 2);
    if (r.dropReasons[i].length > 0) reasons.push([i, r.dropReasons[i]]);
  }
  return JSON.stringify({
    w: r.writeKey ?? null,
    s: r.writeKeySource,
    a: r.authWarning ?? null,
    ids,
    l: lengths,
    g: r.messageIdAssigned.map((b) => (b ? 1 : 0)),
    d: reasons,
    t: tableCodes(r.types, typeTable),
    tt: typeTable,
    n: tableCodes(r.names, nameTable),
    nt: nameTable,
    f: r.tallies,
    fo: r.tallyOf,
    e: r.jsonEnds,
  });
}

const NO_REASONS: DropReason[] = [];

export function decodeMeta(text: string): IngestedMeta {
  const m = JSON.parse(text) as Record<string, any>;
  const lengths = m.l as number[];
  const ids = m.ids as string;
  const n = lengths.length / 3;
  const messageIds: string[] = new Array(n);
  const userIds: (string | undefined)[] = new Array(n);
  const anonymousIds: (string | undefined)[] = new Array(n);
  const dropReasons: DropReason[][] = new Array(n).fill(NO_REASONS);
  const types: string[] = new Array(n);
  const names: string[] = new Array(n);
  const assigned: boolean[] = new Array(n);
  let pos = 0;
  const take = (at: number): string | undefined => {
    const length = lengths[at];
    if (length < 0) return undefined;
    pos += length;
    return ids.slice(pos - length, pos);
  };
  for (let i = 0; i < n; i++) {
    messageIds[i] = take(3 * i)!;
    userIds[i] = take(3 * i + 1);
    anonymousIds[i] = take(3 * i + 2);
    types[i] = m.tt[m.t[i]];
    names[i] = m.nt[m.n[i]];
    assigned[i] = m.g[i] === 1;
  }
  for (const [i, reasons] of m.d as [number, DropReason[]][]) dropReasons[i] = reasons;
  return {
    ok: true,
    writeKey: m.w ?? undefined,
    writeKeySource: m.s,
    authWarning: m.a ?? undefined,
    messageIds,
    messageIdAssigned: assigned,
    dropReasons,
    types,
    names,
    userIds,
    anonymousIds,
    tallies: m.f,
    tallyOf: m.fo,
    jsonEnds: m.e,
  };
}
function tableCodes(values: readonly string[], table: string[]): number[] {
  const codes: number[] = new Array(values.length);
  let last = '';
  let lastCode = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== last || lastCode < 0) {
      lastCode = table.indexOf(v);
      if (lastCode < 0) lastCode = table.push(v) - 1;
      last = v;
    }
    codes[i] = lastCode;
  }
  return codes;
}
