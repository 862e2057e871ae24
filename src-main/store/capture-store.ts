// The capture store: the log on disk plus the in-memory index and duplicate-messageId index,
// rebuilt on load. Seqs are allocated synchronously by the caller building a request's captures
// and appended in the same tick, so file order, seq order and index order always agree.
import { plural } from '../../src-shared/plural';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { basename, join } from 'node:path';
import type { CaptureOrigin, CapturedMessage, DropReason, MessageSummary } from '../../src-shared/capture';
import { duplicateReason } from '../../src-shared/tracking-api/drop-reasons';
import { parseIsoTime } from '../../src-shared/tracking-api/time';
import { exactIdsOf, internTally, summaryGroup, toSummary } from '../../src-shared/summary';
import { freshsuccessAccountOf } from '../../src-shared/validate/account-tracker';
import { ALL_PROFILES, findingsFor } from '../../src-shared/validate/validate';
import type { IngestedRequest } from '../ingest/ingest-job';
import { CaptureLog, type LineRun, type WriteFailure } from './capture-log';
import { LogChunkReader, type ParsedLogChunk } from './log-chunk';
import { ensureDir } from './ensure-dir';
import { needsMasking, maskOrigin } from './write-key';
import { holdsRoundedId, mayHoldLossyNumber, mayHoldRoundedTrait } from '../../src-shared/exact-json';
import { DuplicateIndex } from '../../src-shared/tracking-api/duplicate-index';
import { MessageIndex, RowDraft } from './message-index';
import { clientMessageIdFindings } from '../../src-shared/tracking-api/client-message-id';
import { encodeCaptures, encodeIngested, exactClientMessageIdJson, exactMessageText, isRequestLine, repeatedKeysText, requestFindings, toCapturedMessage, type EncodedLines, type RequestRecord, type SerializedParts } from './record';

export const CAPTURE_LOG_FILE = 'captures.ndjson';
const MAX_REPORTED_LINES = 20;
/** Runs of lines up to this size are read back synchronously (see readRun). */
const SYNC_READ_MAX = 64 * 1024;

/** The request-level fields of an ingested request's captures. */
export interface IngestedRequestContext {
  requestId: string;
  receivedAt: string;
  receivedAtMs: number;
  origin: CaptureOrigin;
  headers: Record<string, string>;
  /**
   * clearCount when the request arrived: when the log was cleared since (while the request was
   * being read), its messages belong to the emptied log and are not stored.
   */
  clearCount?: number;
}

export interface CaptureEntry {
  capture: CapturedMessage;
  parts: SerializedParts;
  /** Its place in its request, when known (an imported message's): a request an import writes in two chunks goes on counting (messagesFrom). */
  indexInRequest?: number;
}

/** How far a background load of the capture log is. */
export interface LoadProgress {
  loadedBytes: number;
  totalBytes: number;
  /** Messages loaded so far. */
  messages: number;
}

/** A background load's state (CaptureStore.openInBackground). */
interface BackgroundLoad {
  progress: LoadProgress;
  /** Appends written while loading, in write order: each joins the index once the load is done. */
  deferred: { firstSeq: number; push(seqShift: number): void }[];
  /** The loaded captures' de-duplication windows (the store's own hold the arrivals meanwhile). */
  duplicates: DuplicateIndex;
  webhookDuplicates: DuplicateIndex;
  aborted: boolean;
  started: boolean;
  start(parse: LogChunkParser): void;
}

class LoadAborted extends Error {}

/** The log's file was removed, replaced or edited in place while the engine ran (CaptureLog.movedProblem, changedProblem). */
export class LogMoved extends Error {}

/** Segment's de-duplication windows: Tracking API messages, and webhook deliveries apart. */
type DuplicateWindows = Pick<BackgroundLoad, 'duplicates' | 'webhookDuplicates'>;

/** While the log loads: an arriving id is also checked against the ids loaded so far. */
class ArrivalDuplicateIndex extends DuplicateIndex {
  constructor(private readonly loadedSoFar: DuplicateIndex) {
    super();
  }

  override seenIn(text: string, start: number, length: number, atMs: number): boolean {
    if (this.loadedSoFar.has(text.slice(start, start + length), atMs)) return true;
    return super.seenIn(text, start, length, atMs);
  }
}

/** One append of whole captures (webhooks, imports), serialized and waiting for its write. */
interface PendingAppend {
  generation: number;
  summaries: MessageSummary[];
  /** Per message: its request's shared fields (messages.get reads only the message line). */
  requests: RequestRecord[];
  messageIds: unknown[];
  /** freshsuccessAccountOf each message (the index's account rule). */
  accounts: (string | undefined)[];
  imported?: CapturedMessage[];
}

/**
 * An ingested request's fields the index takes once its lines are written; idStarts[i]: where
 * message i's ids begin in `ids`.
 */
type IngestedRows = Pick<IngestedRequest, 'ids' | 'idLengths' | 'types' | 'names' | 'accounts' | 'tallies' | 'tallyOf'> & { idStarts: Int32Array };

/** The log's lines, a write key or signature in clear masked (an older log's request lines and full records). */
async function* maskedLines(path: string, end: number): AsyncGenerator<string> {
  if (end === 0) return;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8', end: end - 1 }), crlfDelay: Infinity });
  let out = '';
  for await (const line of lines) {
    let text = line;
    if (line.includes('"writeKey"') || line.includes('"received"')) {
      try {
        const v = JSON.parse(line) as { request?: { origin?: unknown }; origin?: unknown };
        if (v && typeof v === 'object') {
          if (isRequestLine(v) && v.request && needsMasking(v.request.origin)) {
            v.request.origin = maskOrigin(v.request.origin as CaptureOrigin);
            text = JSON.stringify(v);
          } else if (needsMasking(v.origin)) {
            v.origin = maskOrigin(v.origin as CaptureOrigin);
            text = JSON.stringify(v);
          }
        }
      } catch {
        // Not JSON: exported as it is (the loader skips it too).
      }
    }
    out += text + '\n';
    if (out.length >= 64 * 1024) {
      yield out;
      out = '';
    }
  }
  if (out) yield out;
}

/** Bytes of the log read before the background load sizes the index for the whole of it. */
const RESERVE_AFTER_BYTES = 4 << 20;
/**
 * A run of the log's lines, parsed in one go; requests that come in while one is parsed here or
 * indexed wait for it (256 KiB: about 10 ms of parsing on this machine, 2-3 ms of indexing).
 */
const RUN_BYTES = 1 << 18;
/** Runs parsed ahead of the one being indexed. */
const RUNS_IN_FLIGHT = 2;

/** Parses a run of the log's lines (parseLogChunk), here or in the ingest worker; first: a new load starts. */
export type LogChunkParser = (bytes: Buffer, endsUnterminated: boolean, first: boolean) => Promise<ParsedLogChunk>;

/** parseLogChunk in this thread. */
export function inThreadLogParser(): LogChunkParser {
  const reader = new LogChunkReader();
  return (bytes, endsUnterminated, first) => Promise.resolve(reader.parse(bytes, endsUnterminated, first));
}

export class CaptureStore {
  readonly index = new MessageIndex((offset, length) => this.log.readSync(offset, length));
  /** Segment's 24 h messageId de-duplication, for Tracking API messages. */
  duplicates = new DuplicateIndex();
  /** Webhook deliveries get their own window: a retried delivery repeats its messageId. */
  webhookDuplicates = new DuplicateIndex();
  /**
   * messageId -> seq of its latest capture (the sender links a local send to its row). Built on
   * lookup from the index's rows, so ingest pays nothing for it.
   */
  private seqByMessageId = new Map<string, number>();
  /** Reused for every ingested row (the index copies it). */
  private readonly row = new RowDraft();
  /**
   * Per index position: the request line its message line belongs to (one object per request),
   * or undefined when its line is a full record (older form).
   */
  private requestOf: (RequestRecord | undefined)[] = [];
  /** While loading: the last request line read, which the message lines after it belong to. */
  private loadingRequest: RequestRecord | undefined;
  private mappedUpTo = 0;
  /** The last receivedAt noteMessageId parsed, and its time (a request's messages share one). */
  private lastReceivedAt = '';
  private lastReceivedAtMs = NaN;
  /** Problems found while loading the log, one sentence each. */
  readonly warnings: string[] = [];
  private nextSeq = 1;
  /** The loader's next seq (a line whose seq is not above the previous one is shown as this). */
  private loadSeq = 1;
  /** While the log loads in the background (see openInBackground); undefined once it is loaded. */
  private loading: BackgroundLoad | undefined;
  /** How many messages the log held when the store was opened (known once `loaded` settles). */
  loadedMessages = 0;
  /** Settles once the log the store was opened on is loaded (at once unless opened in the background). */
  loaded: Promise<void> = Promise.resolve();
  /**
   * The file holds write keys or invalid signatures in clear (written before they were masked):
   * they are masked when read, and the export masks them too (it otherwise streams the file as
   * it is).
   */
  private holdsClearSecrets = false;
  /** Bumped by clear(): appends that finish afterwards belong to the emptied log. */
  private generation = 0;
  private log!: CaptureLog;

  private constructor(readonly path: string) {}

  static async open(dataDir: string): Promise<CaptureStore> {
    await ensureDir(dataDir);
    const store = new CaptureStore(join(dataDir, CAPTURE_LOG_FILE));
    store.log = await CaptureLog.openForAppend(store.path);
    store.noteTornWrite();
    const report = store.lineReporter();
    try {
      await store.loadRuns(inThreadLogParser(), report, () => undefined);
    } catch (e) {
      await store.log.close();
      throw e;
    }
    report.done();
    store.nextSeq = store.loadSeq;
    store.loadedMessages = store.index.size;
    return store;
  }

  /**
   * Opens the store at once and loads the log it holds in the background once startLoading() is
   * called (a log of millions of messages takes seconds): appends are taken meanwhile (written at once, after the existing
   * lines) and join the index, in seq order, once the load is done; `loaded` settles then and
   * `loadProgress` says how far it is until then. Readers of the index wait for `loaded`.
   *
   * While loading, a new message's messageId is checked for Segment's de-duplication against the
   * captures loaded so far and those arrived since, not yet against the rest of the file.
   */
  static async openInBackground(dataDir: string, onProgress?: (p: LoadProgress) => void | Promise<void>): Promise<CaptureStore> {
    await ensureDir(dataDir);
    const store = new CaptureStore(join(dataDir, CAPTURE_LOG_FILE));
    store.log = await CaptureLog.openForAppend(store.path);
    store.noteTornWrite();
    if (store.log.existingSize === 0) return store;
    // New captures number on from the last seq in the file; the loader renumbers none unless the file
    // was edited out of order, and then the captures that arrived meanwhile follow on (finishLoad).
    const last = await store.log.lastLineStartingWith('{"seq":');
    const lastSeq = last === undefined ? 0 : Number(/^\{"seq":(\d+)/.exec(last)?.[1] ?? 0);
    // One past 2^53 cannot be counted on from (the loader renumbers it): arrivals follow the load instead (finishLoad).
    store.nextSeq = Number.isSafeInteger(lastSeq + 1) ? lastSeq + 1 : 1;
    const load: BackgroundLoad = {
      progress: { loadedBytes: 0, totalBytes: store.log.existingSize, messages: 0 },
      deferred: [],
      duplicates: new DuplicateIndex(),
      webhookDuplicates: new DuplicateIndex(),
      aborted: false,
      started: false,
      start: () => undefined,
    };
    store.loading = load;
    // Arrivals are checked against what has loaded so far too.
    store.duplicates = new ArrivalDuplicateIndex(load.duplicates);
    store.webhookDuplicates = new ArrivalDuplicateIndex(load.webhookDuplicates);
    let settle!: () => void;
    store.loaded = new Promise<void>((resolve) => (settle = resolve));
    load.start = (parse) => {
      const report = store.lineReporter();
      let reserved = false;
      void store
        .loadRuns(parse, report, (bytes) => {
          if (load.aborted) throw new LoadAborted();
          if (!reserved && bytes >= RESERVE_AFTER_BYTES && bytes < load.progress.totalBytes) {
            // The rows still to come, estimated from those read so far (a little over): the
            // index's columns are then sized once rather than doubled a dozen times.
            reserved = true;
            store.index.reserve(Math.ceil(((store.index.size * load.progress.totalBytes) / bytes) * 1.02));
          }
          load.progress = { loadedBytes: bytes, totalBytes: load.progress.totalBytes, messages: store.index.size };
          return onProgress?.(load.progress);
        })
        .then(
          () => {
            report.done();
            store.finishLoad(load);
          },
          (e: Error) => {
            if (!(e instanceof LoadAborted)) {
              store.warnings.push(`${CAPTURE_LOG_FILE}: reading it stopped at byte ${load.progress.loadedBytes} (${e.message}); what was read is shown`);
              store.finishLoad(load);
            }
          },
        )
        .finally(settle);
    };
    return store;
  }

  /**
   * Starts the background load (openInBackground): the engine does once it listens, so that
   * opening everything else is not slowed by it.
   */
  startLoading(parse: LogChunkParser = inThreadLogParser()): void {
    if (this.loading && !this.loading.started) {
      this.loading.started = true;
      this.loading.start(parse);
    }
  }

  /** How far the background load is (undefined once the log is loaded). */
  get loadProgress(): LoadProgress | undefined {
    return this.loading?.progress;
  }

  /** The log's last write, cut off by a crash, was moved out of it when opened: say so. */
  private noteTornWrite(): void {
    const t = this.log.tornWrite;
    if (!t) return;
    const parts = t.requestLineWhole ? ['its request line', ...(t.wholeMessageLines > 0 ? [`${t.wholeMessageLines} whole message line${t.wholeMessageLines === 1 ? '' : 's'}`] : [])] : [];
    const what = parts.length > 0 ? `${parts.join(', ')} and the cut line` : 'its request line, cut';
    this.warnings.push(
      `${CAPTURE_LOG_FILE}: its last request was cut off by a crash mid-write (never answered, so its client sends it again): ${what} (${plural(t.bytes, 'byte')} from byte ${t.from}) ${parts.length > 0 ? 'were' : 'was'} moved to ${basename(t.movedTo)}, not listed`,
    );
  }

  /**
   * Counts the lines to report: reports the first MAX_REPORTED_LINES, then how many more of each
   * kind. A line `renumbered` (out of order) is loaded under another seq: it is not counted with
   * the unreadable lines skipped (one stray seq renumbers every line after it).
   */
  private lineReporter(): ((msg: string, renumbered?: boolean) => void) & { done(): void } {
    let reported = 0;
    let moreSkipped = 0;
    let moreRenumbered = 0;
    const report = (msg: string, renumbered = false) => {
      if (reported < MAX_REPORTED_LINES) {
        reported++;
        this.warnings.push(msg);
      } else if (renumbered) moreRenumbered++;
      else moreSkipped++;
    };
    return Object.assign(report, {
      done: () => {
        if (moreRenumbered > 0) this.warnings.push(`${CAPTURE_LOG_FILE}: ${moreRenumbered} more ${moreRenumbered === 1 ? 'line' : 'lines'} out of order, each shown under the next seq (nothing of them is lost)`);
        if (moreSkipped > 0) this.warnings.push(`${CAPTURE_LOG_FILE}: ${moreSkipped} more unreadable lines skipped`);
      },
    });
  }

  /**
   * The loaded lines are in the index: the captures that arrived meanwhile join it after them, in
   * the order they were written, and their ids join the loaded de-duplication window.
   */
  private finishLoad(load: BackgroundLoad): void {
    this.loading = undefined;
    this.loadedMessages = this.index.size;
    // Only a log edited out of order loads past the seq read from its end: then the arrivals'
    // seqs follow on, as the loader will number them after a restart.
    const firstArrival = this.index.size;
    const shift = Math.max(0, this.loadSeq - (load.deferred.length > 0 ? load.deferred[0].firstSeq : this.nextSeq));
    this.nextSeq += shift;
    for (const d of load.deferred) d.push(shift);
    this.duplicates = load.duplicates;
    this.webhookDuplicates = load.webhookDuplicates;
    for (let i = firstArrival; i < this.index.size; i++) {
      const id = this.index.messageIdAt(i);
      const request = this.requestOf[i];
      if (id !== undefined && request !== undefined) this.noteId(request.origin, request.receivedAt, id, 0, id.length);
    }
  }

  /**
   * Reads the log's lines as runs: up to RUNS_IN_FLIGHT are parsed ahead (in the ingest worker
   * when `parse` posts them there) while the one before is indexed here.
   */
  private async loadRuns(parse: LogChunkParser, report: (msg: string, renumbered?: boolean) => void, onRun: (bytesRead: number) => void | Promise<void>): Promise<void> {
    const reader = this.log.lineRuns(RUN_BYTES);
    const inFlight: { run: LineRun; parsed: Promise<ParsedLogChunk> }[] = [];
    let first = true;
    let lineBase = 0;
    let done = false;
    for (;;) {
      while (!done && inFlight.length < RUNS_IN_FLIGHT) {
        const run = await reader.next();
        if (run === undefined) done = true;
        else {
          inFlight.push({ run, parsed: parse(run.bytes, run.endsUnterminated, first) });
          first = false;
        }
      }
      const head = inFlight.shift();
      if (head === undefined) return;
      let chunk: ParsedLogChunk;
      try {
        chunk = await head.parsed;
      } catch (e) {
        // The runs still in flight would be read again from a wrong state: they are dropped.
        for (const r of inFlight) r.parsed.catch(() => undefined);
        throw e;
      }
      this.applyLogChunk(chunk, head.run, lineBase, report);
      lineBase += chunk.lineCount;
      reader.release(head.run);
      await onRun(head.run.fileOffset + head.run.bytes.length);
    }
  }

  /** Indexes a parsed run of the log's lines (bytes: the run, where the messages' texts are). */
  private applyLogChunk(chunk: ParsedLogChunk, run: LineRun, lineBase: number, report: (msg: string, renumbered?: boolean) => void): void {
    if (chunk.holdsClearSecrets) this.holdsClearSecrets = true;
    const index = this.index;
    const row = this.row;
    const { events, idLengths, ownRequests, payloads } = chunk;
    const tallies = chunk.tallies.map((t) => index.tallyCode(internTally(t)));
    const types = chunk.types.map((t) => index.stringCode(t));
    const names = chunk.names.map((t) => index.stringCode(t));
    const drops = chunk.dropLists.map((codes) => index.dropCode(codes));
    const ids = index.textCode(chunk.ids);
    let event = 0;
    let own = 0;
    let payload = 0;
    let idPos = 0;
    let groupOf: RequestRecord | undefined;
    let group = 0;
    const takeEvents = (upTo: number) => {
      for (; event < events.length && events[event].before <= upTo; event++) {
        const e = events[event];
        if (e.problem !== undefined) report(`${CAPTURE_LOG_FILE} line ${lineBase + e.line}: ${e.problem}`);
        if (e.isRequest) this.loadingRequest = e.request;
      }
    };
    for (let i = 0; i < chunk.count; i++) {
      takeEvents(i);
      let request = this.loadingRequest;
      let isOwn = false;
      if (own < ownRequests.length && ownRequests[own][0] === i) {
        request = ownRequests[own++][1];
        isOwn = true;
      }
      const midLength = idLengths[3 * i];
      const uidLength = idLengths[3 * i + 1];
      const aidLength = idLengths[3 * i + 2];
      const idStart = idPos;
      idPos += Math.max(0, midLength) + Math.max(0, uidLength) + Math.max(0, aidLength);
      if (request === undefined) continue; // the parser saw a request; a malformed one was reported
      let seq = chunk.seqs[i];
      if (!Number.isSafeInteger(seq)) {
        // Past 2^53 a seq reads rounded (…993 as …992), and every seq after it was that same one.
        const start = chunk.starts[i];
        const written = /"seq":\s*([0-9.eE+-]+)/.exec(run.bytes.toString('latin1', start, start + Math.min(chunk.lengths[i], 64)))?.[1] ?? String(seq);
        report(`${CAPTURE_LOG_FILE} line ${lineBase + chunk.lineOf[i]}: seq ${written} is past ${Number.MAX_SAFE_INTEGER}, the largest whole number read exactly; shown as seq ${this.loadSeq}`, true);
        seq = this.loadSeq;
      } else if (seq < this.loadSeq) {
        report(`${CAPTURE_LOG_FILE} line ${lineBase + chunk.lineOf[i]}: seq ${seq} is out of order; shown as seq ${this.loadSeq}`, true);
        seq = this.loadSeq;
      }
      this.loadSeq = seq + 1;
      if (request !== groupOf) {
        groupOf = request;
        group = index.groupCode(summaryGroup(request.receivedAt, request.origin));
      }
      row.seq = seq;
      row.group = group;
      row.type = types[chunk.typeOf[i]];
      row.name = names[chunk.nameOf[i]];
      row.account = chunk.accountOf[i] < 0 ? undefined : chunk.accounts[chunk.accountOf[i]];
      row.ids = ids;
      row.messageIdStart = idStart;
      row.messageIdLength = midLength;
      row.userIdStart = idStart + Math.max(0, midLength);
      row.userIdLength = uidLength;
      row.anonymousIdStart = row.userIdStart + Math.max(0, uidLength);
      row.anonymousIdLength = aidLength;
      row.drops = chunk.dropOf[i] < 0 ? 0 : drops[chunk.dropOf[i]];
      row.tally = tallies[chunk.tallyOf[i]];
      row.offset = run.fileOffset + chunk.starts[i];
      row.length = chunk.lengths[i];
      const textStart = chunk.textStarts[i];
      if (textStart < 0) {
        // The message's text, as the index is given it when the line is not as the encoder writes it.
        const text = payloads[payload++][1];
        row.payload = text;
        row.textOffset = 0;
        row.textLength = 0;
        index.push(row);
        // The search corpus takes the text now, while it is in hand, so that the first search
        // after a restart does not read the whole log back.
        index.noteText(text);
      } else {
        row.payload = undefined;
        row.textOffset = row.offset + textStart;
        row.textLength = row.length - textStart - 1;
        index.push(row);
        index.noteBytes(run.bytes, chunk.starts[i] + textStart, chunk.starts[i] + row.length - 1);
      }
      this.requestOf.push(isOwn ? undefined : request);
      if (midLength >= 0) this.noteId(request.origin, request.receivedAt, chunk.ids, idStart, midLength, this.loading);
    }
    takeEvents(chunk.count);
  }

  /** Rebuilds the duplicate index from a loaded or imported record. */
  private noteMessageId(c: CapturedMessage, into: DuplicateWindows = this): void {
    const id = c.message.messageId;
    if (typeof id === 'string') this.noteId(c.origin, c.receivedAt, id, 0, id.length, into);
  }

  /**
   * The id text[start, start + length) joins the de-duplication window of its origin's kind, at
   * its receipt time (the last time parsed is kept: a request's messages share it).
   */
  private noteId(origin: CaptureOrigin, receivedAt: string, text: string, start: number, length: number, into: DuplicateWindows = this): void {
    if (receivedAt !== this.lastReceivedAt) {
      this.lastReceivedAt = receivedAt;
      this.lastReceivedAtMs = parseIsoTime(receivedAt) ?? NaN;
    }
    if (Number.isNaN(this.lastReceivedAtMs)) return;
    (origin.kind === 'tracking' ? into.duplicates : into.webhookDuplicates).seenIn(text, start, length, this.lastReceivedAtMs);
  }

  seqOfMessageId(messageId: string): number | undefined {
    for (; this.mappedUpTo < this.index.size; this.mappedUpTo++) {
      const id = this.index.messageIdAt(this.mappedUpTo);
      if (id !== undefined) this.seqByMessageId.set(id, this.index.seqAt(this.mappedUpTo));
    }
    return this.seqByMessageId.get(messageId);
  }

  /** Why appends are failing (disk full...), while they are; undefined once one succeeds again. */
  get writeFailure(): WriteFailure | undefined {
    return this.log.writeFailure;
  }

  /** Told when appends start failing and when one succeeds again. */
  onWriteStatus(listener: (failure: WriteFailure | undefined) => void): void {
    this.log.onWriteStatus = listener;
  }

  /** How many times the log was cleared (see IngestedRequestContext.clearCount). */
  get clearCount(): number {
    return this.generation;
  }

  get messageCount(): number {
    return this.index.size;
  }

  allocateSeq(): number {
    return this.nextSeq++;
  }

  /**
   * Writes the captures (one write for the lot) and indexes them. Resolves with how many were
   * indexed once they are in the file (none when the log was cleared meanwhile).
   */
  append(entries: CaptureEntry[], opts: { rebuildDuplicates?: boolean } = {}): Promise<number> {
    if (entries.length === 0) return Promise.resolve(0);
    // Encoded into a reused scratch buffer, which the log writes (or copies) before returning;
    // in this same tick, so file order follows seq order.
    const lines = encodeCaptures(entries);
    const pending = this.serialize(entries, lines.requestLines, opts.rebuildDuplicates === true);
    return this.commit(pending, lines, this.log.append(lines.data));
  }

  /**
   * Captures the messages of one Tracking API request prepared by the ingest job: seqs, the
   * duplicate-messageId check (in message order, against every capture so far) and log lines.
   * Resolves with how many messages were indexed once the lines are in the file.
   */
  appendIngested(r: IngestedRequest, request: IngestedRequestContext): Promise<number> {
    const n = r.idLengths.length / 3;
    if (n === 0 || (request.clearCount !== undefined && request.clearCount !== this.generation)) return Promise.resolve(0);
    const record: RequestRecord = { requestId: request.requestId, receivedAt: request.receivedAt, origin: request.origin, headers: request.headers };
    const firstSeq = this.nextSeq;
    this.nextSeq += n;
    const dropReasons: DropReason[][] = new Array(n);
    const { ids, idLengths } = r;
    const idStarts = new Int32Array(n);
    let pos = 0;
    for (let i = 0; i < n; i++) {
      idStarts[i] = pos;
      const length = idLengths[3 * i]; // the messageId, first of the three
      let reasons = r.dropReasons[i];
      if (this.duplicates.seenIn(ids, pos, length, request.receivedAtMs)) reasons = [...reasons, duplicateReason(ids.slice(pos, pos + length))];
      dropReasons[i] = reasons;
      pos += length + Math.max(0, idLengths[3 * i + 1]) + Math.max(0, idLengths[3 * i + 2]);
    }
    const lines = encodeIngested(
      { requestId: request.requestId, receivedAt: request.receivedAt, originJson: JSON.stringify(request.origin), headersJson: JSON.stringify(request.headers) },
      firstSeq,
      r.messageIdAssigned,
      dropReasons,
      r.bytes,
      r.ranges,
      r.clientMessageIds,
    );
    const written = this.log.append(lines.data);
    // Only what the index needs is held across the write (r.bytes is released once this returns).
    const rows: IngestedRows = { ids, idLengths, idStarts, types: r.types, names: r.names, accounts: r.accounts, tallies: r.tallies, tallyOf: r.tallyOf };
    return this.commitIngested(this.generation, rows, record, firstSeq, dropReasons, lines, written);
  }

  private async commitIngested(
    generation: number,
    r: IngestedRows,
    record: RequestRecord,
    firstSeq: number,
    dropReasons: DropReason[][],
    lines: EncodedLines,
    written: Promise<number>,
  ): Promise<number> {
    let offset: number;
    try {
      offset = await written;
    } catch (e) {
      // Not stored (and nothing of it is left in the file): the ids this request put in the duplicate index come out again, so the
      // client's retry is not taken for a duplicate.
      if (generation === this.generation) {
        for (let i = 0; i < dropReasons.length; i++) {
          if (!dropReasons[i].some((d) => d.code === 'duplicate-message-id')) this.duplicates.forgetIn(r.ids, r.idStarts[i], r.idLengths[3 * i]);
        }
      }
      throw e;
    }
    if (generation !== this.generation) return 0; // cleared meanwhile: they belong to the emptied log
    const n = r.idLengths.length / 3;
    if (this.loading) this.loading.deferred.push({ firstSeq, push: (shift) => this.pushIngested(r, record, firstSeq + shift, dropReasons, lines, offset) });
    else this.pushIngested(r, record, firstSeq, dropReasons, lines, offset);
    return n;
  }

  private pushIngested(r: IngestedRows, record: RequestRecord, firstSeq: number, dropReasons: DropReason[][], lines: EncodedLines, offset: number): void {
    const { lineStarts, lineEnds, messageStarts } = lines;
    const index = this.index;
    const row = this.row;
    const { idLengths } = r;
    const n = idLengths.length / 3;
    row.group = index.groupCode(summaryGroup(record.receivedAt, record.origin));
    row.ids = index.textCode(r.ids);
    row.payload = undefined;
    const tallies = r.tallies.map((t) => index.tallyCode(internTally(t)));
    // A request's messages mostly share a type and a name (the same string, from the job's table).
    let lastType: string | undefined;
    let lastName: string | undefined;
    for (let i = 0; i < n; i++) {
      row.seq = firstSeq + i;
      if (r.types[i] !== lastType) row.type = index.stringCode((lastType = r.types[i]));
      if (r.names[i] !== lastName) row.name = index.stringCode((lastName = r.names[i]));
      row.messageIdLength = idLengths[3 * i];
      row.userIdLength = idLengths[3 * i + 1];
      row.anonymousIdLength = idLengths[3 * i + 2];
      row.messageIdStart = r.idStarts[i];
      row.userIdStart = row.messageIdStart + row.messageIdLength;
      row.anonymousIdStart = row.userIdStart + Math.max(0, row.userIdLength);
      row.drops = dropReasons[i].length === 0 ? 0 : index.dropCode(dropReasons[i].map((d) => d.code));
      row.tally = tallies[r.tallyOf[i]];
      row.account = r.accounts[i];
      // The payload JSON runs from its start to the line's closing '}'.
      row.textOffset = offset + messageStarts[i];
      row.textLength = lineEnds[i] - 1 - messageStarts[i];
      row.offset = offset + lineStarts[i];
      row.length = lineEnds[i] - lineStarts[i];
      index.push(row);
      this.requestOf.push(record);
    }
  }

  /**
   * Everything the index needs is taken now, so the captures (the parsed messages) are not held
   * across the write: objects that die before the next scavenge cost the GC nothing.
   */
  private serialize(entries: CaptureEntry[], requestLines: EncodedLines['requestLines'], rebuildDuplicates: boolean): PendingAppend {
    const n = entries.length;
    const summaries: MessageSummary[] = new Array(n);
    const messageIds: unknown[] = new Array(n);
    const accounts: (string | undefined)[] = new Array(n);
    const requests: RequestRecord[] = new Array(n);
    let request: RequestRecord | undefined;
    let nextLine = 0;
    for (let i = 0; i < n; i++) {
      const capture = entries[i].capture;
      summaries[i] = toSummary(capture, entries[i].parts.messageJson);
      accounts[i] = freshsuccessAccountOf(exactIdsOf(capture.message, () => entries[i].parts.messageJson ?? capture.messageJson));
      messageIds[i] = capture.message.messageId;
      // A new request where encodeCaptures wrote a request line, as a restart reads the file.
      if (requestLines[nextLine]?.at === i) {
        const from = requestLines[nextLine++].messagesFrom;
        request = { requestId: capture.requestId, receivedAt: capture.receivedAt, origin: capture.origin, headers: capture.headers, ...(from > 0 ? { messagesFrom: from } : {}) };
      }
      requests[i] = request!;
    }
    return {
      generation: this.generation,
      summaries,
      requests,
      messageIds,
      accounts,
      // Imports rebuild the duplicate index from the full records (live captures did so already).
      imported: rebuildDuplicates ? entries.map((e) => e.capture) : undefined,
    };
  }

  private async commit(p: PendingAppend, lines: EncodedLines, written: Promise<number>): Promise<number> {
    let offset: number;
    try {
      offset = await written;
    } catch (e) {
      if (p.generation === this.generation && !p.imported) this.forgetUnstored(p);
      throw e;
    }
    if (p.generation !== this.generation) return 0; // cleared meanwhile: they belong to the emptied log
    if (this.loading && p.summaries.length > 0) {
      this.loading.deferred.push({
        firstSeq: p.summaries[0].seq,
        push: (shift) => {
          if (shift > 0) for (const summary of p.summaries) summary.seq += shift;
          this.pushWhole(p, lines, offset);
        },
      });
    } else this.pushWhole(p, lines, offset);
    return p.summaries.length;
  }

  private pushWhole(p: PendingAppend, lines: EncodedLines, offset: number): void {
    const { lineStarts, lineEnds, messageStarts } = lines;
    for (let i = 0; i < p.summaries.length; i++) {
      // The payload JSON runs from its start to the line's closing '}'.
      const textOffset = offset + messageStarts[i];
      this.index.add(p.summaries[i], p.messageIds[i], offset + lineStarts[i], lineEnds[i] - lineStarts[i], undefined, textOffset, lineEnds[i] - 1 - messageStarts[i], p.accounts[i]);
      this.requestOf.push(p.requests[i]);
      if (p.imported) this.noteMessageId(p.imported[i]);
    }
  }

  /** A failed append's ids leave the duplicate index they entered when their captures were built. */
  private forgetUnstored(p: PendingAppend): void {
    for (let i = 0; i < p.summaries.length; i++) {
      const id = p.messageIds[i];
      const s = p.summaries[i];
      if (typeof id !== 'string' || s.dropCodes.includes('duplicate-message-id')) continue;
      (s.origin === 'tracking' ? this.duplicates : this.webhookDuplicates).forget(id);
    }
  }

  async get(seq: number): Promise<CapturedMessage | null> {
    const i = this.index.find(seq);
    if (i < 0) return null;
    this.checkReadable();
    return this.readAt(i);
  }

  /**
   * Why the log's lines cannot be read where the index has them (the file edited in place while
   * the engine runs), else undefined: a read then says so, where it failed to parse mid-answer
   * (GET /api/messages broke off after "[") or could return another line's bytes.
   */
  readProblem(): string | undefined {
    return this.log.changedProblem();
  }

  private checkReadable(): void {
    const problem = this.readProblem();
    if (problem !== undefined) throw new LogMoved(problem);
  }

  /** Full records at index positions (from MessageIndex.filter), in the same order. */
  async getAt(positions: number[]): Promise<CapturedMessage[]> {
    if (positions.length > 0) this.checkReadable();
    const out = await Promise.all(positions.map((i) => this.readAt(i)));
    return out.filter((c): c is CapturedMessage => c !== null);
  }

  /**
   * Row i's place among the messages of its request line (they share one record, one after the
   * other), as the loader counts it (log-chunk.ts); only for a request that says of keys written
   * twice (replacedKeyFindings).
   */
  private indexInRequest(i: number): number | undefined {
    const request = this.requestOf[i];
    if (request === undefined || request.origin.kind !== 'tracking' || request.origin.replacedKeyRepeats === undefined) return undefined;
    let first = i;
    while (first > 0 && this.requestOf[first - 1] === request) first--;
    return i - first + (request.messagesFrom ?? 0);
  }

  private async readAt(i: number): Promise<CapturedMessage | null> {
    // Everything about row i is taken before the read: a clear while the file is read empties
    // the index (the row is then gone, or another message's) and truncates the file.
    const generation = this.generation;
    const seq = this.index.seqAt(i);
    const { offset, length } = this.index.location(i);
    const request = this.requestOf[i];
    const indexInRequest = this.indexInRequest(i);
    const plan = this.index.planAt(i);
    const account = this.index.accountFindingAt(i);
    const line = await this.log.read(offset, length);
    if (generation !== this.generation) return null; // cleared meanwhile: the capture is gone
    const parsed = JSON.parse(line) as Record<string, unknown>;
    const keysText = repeatedKeysText(line, parsed);
    const rec = toCapturedMessage(parsed, request, true, keysText, indexInRequest, exactClientMessageIdJson(line, parsed));
    if (typeof rec === 'string') return null;
    rec.seq = seq;
    // A number JSON.parse rounded: the message's own text goes with it (one regex test otherwise).
    if (mayHoldLossyNumber(line)) {
      const text = exactMessageText(line, parsed);
      if (text !== undefined) rec.messageJson = text;
    }
    // Findings under the workspace: the same checks the row's counts come from.
    if (!(plan.mode === 'auto' && plan.profiles.length === ALL_PROFILES.length)) rec.findings = [...findingsFor(rec.message, plan, undefined, keysText), ...requestFindings(rec.origin, indexInRequest), ...clientMessageIdFindings(rec)];
    if (account !== undefined && plan.profiles.includes('freshsuccess')) rec.findings.push(account);
    return rec;
  }

  /**
   * The captures at index positions [from, to), without findings, read from the log in one go:
   * what the derived views (matching, sessions) are fed. Lines that no longer parse are skipped.
   * A message with an id or a user property JSON.parse may have rounded (holdsRoundedId,
   * mayHoldRoundedTrait: a few typeof checks) carries its text (messageJson), so the views read the
   * client's digits; no other is looked at again.
   */
  async readRun(from: number, to: number): Promise<CapturedMessage[]> {
    if (to <= from) return [];
    const index = this.index;
    const start = index.location(from).offset;
    const last = index.location(to - 1);
    const length = last.offset + last.length - start;
    // A few lines are in the page cache: a synchronous read costs microseconds, an async one a
    // round trip through libuv's thread pool (a scenario step reads one message at a time).
    const buf = length <= SYNC_READ_MAX ? this.log.readSync(start, length) : await this.log.readBytes(start, length);
    const out: CapturedMessage[] = [];
    for (let i = from; i < to; i++) {
      const { offset, length } = index.location(i);
      const line = buf.toString('utf8', offset - start, offset - start + length);
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        continue;
      }
      const rec = toCapturedMessage(parsed, this.requestOf[i], false);
      if (typeof rec === 'string') continue;
      rec.seq = index.seqAt(i);
      // An id or a user property (what matching reads) that may be a number JSON.parse rounded: the
      // message's text goes with it when it does hold one (exactMessageText).
      if (holdsRoundedId(rec.message) || mayHoldRoundedTrait(rec.message)) {
        const text = exactMessageText(line, parsed as Record<string, unknown>);
        if (text !== undefined) rec.messageJson = text;
      }
      out.push(rec);
    }
    return out;
  }

  /** Empties the log; answers how many messages it held then (those that arrived while the clear waited included). */
  async clear(): Promise<number> {
    if (this.loading) await this.loaded; // the loader fills the index until then (a clear without one stays synchronous up to the truncate)
    const cleared = this.index.size;
    this.generation++;
    this.index.clear();
    this.duplicates.clear();
    this.webhookDuplicates.clear();
    this.seqByMessageId.clear();
    this.requestOf.length = 0;
    this.mappedUpTo = 0;
    this.nextSeq = 1;
    this.holdsClearSecrets = false;
    await this.log.truncate();
    return cleared;
  }

  /**
   * The log file as it is once every queued write is on disk (write keys masked): up to its size
   * then, so captures written while it is read are in the next export, not half in this one.
   */
  async exportText(): Promise<string> {
    await this.log.flushed();
    const moved = this.log.movedProblem();
    if (moved !== undefined) throw new LogMoved(moved);
    const end = this.log.writtenSize;
    if (!this.holdsClearSecrets) return (await this.log.readBytes(0, end)).toString('utf8');
    let out = '';
    for await (const chunk of maskedLines(this.path, end)) out += chunk;
    return out;
  }

  /**
   * The export: the file as it is once every queued write is on disk (write keys masked), up to
   * its size then (captures written meanwhile go in the next export). A clear
   * while it streams truncates the file under it: the stream then fails at its end (the response
   * is cut off, so the client knows) instead of ending early as if the log were that short.
   */
  async exportStream(): Promise<Readable> {
    await this.log.flushed();
    const moved = this.log.movedProblem();
    if (moved !== undefined) throw new LogMoved(moved);
    const generation = this.generation;
    // Up to the size the log has now: under steady ingest, reading to the end never ended.
    const end = this.log.writtenSize;
    const file = this.holdsClearSecrets ? Readable.from(maskedLines(this.path, end)) : end === 0 ? Readable.from([]) : createReadStream(this.path, { end: end - 1 });
    const checked = new Transform({
      transform: (chunk, _encoding, done) => done(null, chunk),
      flush: (done) => done(this.generation === generation ? null : new Error('the capture log was cleared while it was being exported')),
    });
    file.on('error', (e: Error) => checked.destroy(e));
    return file.pipe(checked);
  }

  /** Waits for queued writes (export streams the file itself). */
  flushed(): Promise<void> {
    return this.log.flushed();
  }

  async close(): Promise<void> {
    if (this.loading) {
      this.loading.aborted = true;
      this.startLoading(); // never started: it stops at its first chunk, settling `loaded`
    }
    await this.loaded;
    return this.log.close();
  }
}
