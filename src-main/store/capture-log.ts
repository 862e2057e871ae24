// The capture log on disk: captures.ndjson, append-only NDJSON (line forms: see record.ts).
// Every append is one synchronous write (a request's lines: tens of KB into the page cache, tens
// of µs, cheaper than a thread-pool round trip), so the request can be answered in the same tick.
// Only a truncate (clear) runs asynchronously; appends made meanwhile queue behind it and are
// written, one by one, once it is done. No fsync per request: the OS page cache is durable enough
// for a development tool, and an answered request is always in the file (written, not queued).
//
// A failed append leaves nothing behind: write(2) may have put part of it in the file before the
// disk filled up, so the file is cut back to where that append started (the last good offset).
// An append's offset is therefore known only once it is written (a failed one before it gives its
// place to the next), and the append's promise resolves with it.
//
// Every append first checks that the file at the log's path is still the one open here: removed or
// replaced under the running engine (a clean-up script, an editor saving a new file), what is
// written would be in a file that a restart no longer reads, so the append fails instead (the
// client is answered 500 and retries) until the engine is restarted. So does a file edited in place
// (its size is not what this writer wrote: a line cut short or lines added by hand): appended to, a
// new request joined a cut line, and the index's offsets no longer point at the lines they name, so
// reads of it are refused too (changedProblem), saying why, rather than cut off or garbled.
import { open, type FileHandle } from 'node:fs/promises';
import { appendFileSync, fstatSync, ftruncateSync, readSync, statSync, writevSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { StoreWriteFailure as WriteFailure } from '../../src-shared/api';
import { notRegularFile } from '../replay/regular-file';

export type { WriteFailure };

type Op =
  | { kind: 'write'; data: Buffer; resolve: (offset: number) => void; reject: (e: Error) => void }
  | { kind: 'truncate'; resolve: () => void; reject: (e: Error) => void }
  | { kind: 'barrier'; resolve: () => void; reject: (e: Error) => void };

/** write(2) may write less than asked (disk full...): go on until all of it is out, or throw. */
function writeAllSync(fd: number, data: Buffer): void {
  let done = writevSync(fd, [data]);
  while (done < data.length) {
    const more = writevSync(fd, [data.subarray(done)]);
    if (more === 0) throw new Error('the capture log write made no progress');
    done += more;
  }
}

const NEWLINE = Buffer.from('\n');

/** What the file held when it was opened. */
interface ExistingFile {
  /** The file ends without a newline: the next append must start on a fresh line. */
  endsMidLine: boolean;
  size: number;
}

/** A write cut off by a crash, moved out of the log when it was opened (see moveTornWrite). */
export interface TornWrite {
  /** Where it started in the log, and its length. */
  from: number;
  bytes: number;
  /** Its request line is whole (else the cut line is the request line itself). */
  requestLineWhole: boolean;
  /** Whole message lines between the request line and the cut line. */
  wholeMessageLines: number;
  /** The file it was appended to. */
  movedTo: string;
}

const REQUEST_HEAD = '{"request":';
/** How a message line of a request starts, its seq as 0 (record.ts's encoders). */
const MESSAGE_HEADS = ['{"seq":0,"message":', '{"seq":0,"messageIdAssigned":', '{"seq":0,"dropReasons":'];
/** A request written in one go is at most this long (a batch is at most 500 KB; an import's request 2,500 × 32 KB). */
const MAX_TORN_WRITE = 128 << 20;

/** The line with its seq written as 0. */
function seqAsZero(line: string): string {
  return line.replace(/^\{"seq":\d+/, '{"seq":0');
}

/** The line is a request line or a message line as this writer writes them, or the start of one. */
function startsLikeWrittenLine(line: string): boolean {
  const head = seqAsZero(line);
  return [REQUEST_HEAD, ...MESSAGE_HEADS].some((h) => h.startsWith(head) || head.startsWith(h));
}

/** A run of whole lines of the file (see LineRunReader). */
export interface LineRun {
  /** The lines' bytes, in shared memory (another thread may read them), valid until released. */
  bytes: Buffer;
  /** Where bytes[0] is in the file. */
  fileOffset: number;
  /** The run is the file's end and its last line has no newline (a write cut off by a crash). */
  endsUnterminated: boolean;
  slot: Buffer;
}

/**
 * Reads the file's first `end` bytes as runs of whole lines, each in a buffer of shared memory that
 * is reused once the caller releases the run (so that the load does not touch fresh memory for
 * every run). A line longer than a buffer gets a bigger one.
 */
export class LineRunReader {
  private readonly free: Buffer[] = [];
  private carry: Buffer = Buffer.alloc(0);
  private carryOffset = 0;
  private position = 0;

  constructor(
    private readonly fh: FileHandle,
    private end: number,
    private readonly runBytes: number,
  ) {}

  /** The next run, or undefined at the end. */
  async next(): Promise<LineRun | undefined> {
    let slot = this.free.pop() ?? Buffer.from(new SharedArrayBuffer(this.runBytes));
    for (;;) {
      if (this.carry.length >= slot.length) {
        if (slot.length === this.runBytes) this.free.push(slot);
        slot = Buffer.from(new SharedArrayBuffer(2 * this.carry.length));
      }
      this.carry.copy(slot, 0);
      let filled = this.carry.length;
      const want = Math.min(slot.length - filled, this.end - this.position);
      const { bytesRead } = want > 0 ? await this.fh.read(slot, filled, want, this.position) : { bytesRead: 0 };
      if (bytesRead === 0) {
        this.end = this.position;
        if (filled === 0) {
          this.free.push(slot);
          return undefined;
        }
        this.carry = Buffer.alloc(0);
        return { bytes: slot.subarray(0, filled), fileOffset: this.carryOffset, endsUnterminated: true, slot };
      }
      this.position += bytesRead;
      filled += bytesRead;
      const lastNewline = slot.lastIndexOf(0x0a, filled - 1);
      if (lastNewline < 0) {
        this.carry = Buffer.from(slot.subarray(0, filled)); // no whole line yet: read on
        continue;
      }
      const run = { bytes: slot.subarray(0, lastNewline + 1), fileOffset: this.carryOffset, endsUnterminated: false, slot };
      this.carry = Buffer.from(slot.subarray(lastNewline + 1, filled));
      this.carryOffset += lastNewline + 1;
      return run;
    }
  }

  /** The caller is done with the run's bytes: its buffer carries a later run. */
  release(run: LineRun): void {
    if (run.slot.length === this.runBytes) this.free.push(run.slot);
  }
}

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, offset + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

/**
 * The file ends mid-line: a crash cut off the last write. Every write is one request (or a chunk of
 * an import), starting with its request line, and is answered only once it is whole: so the last
 * request line and what follows it were never answered, and the client sends them again. Kept in
 * the log, the whole message lines before the cut would be listed twice and the retried copies
 * flagged as duplicates, so that request is moved whole to captures.torn.ndjson (kept for a look,
 * never loaded) and the log cut back to where it started. Only when the tail is exactly what this
 * writer writes (a request line, message lines, a cut line that starts like one); otherwise (an
 * older log's lines, an edited file) undefined, and the loader skips the cut line alone.
 */
async function moveTornWrite(path: string, writer: FileHandle, reader: FileHandle, size: number): Promise<TornWrite | undefined> {
  // Backwards from the end until the tail holds the start of its last request line (reading as
  // much again each time, so a long tail is read in a few steps).
  let tail = Buffer.alloc(0);
  let tailStart = size;
  let requestAt = -1;
  while (tailStart > 0 && size - tailStart < MAX_TORN_WRITE) {
    const s = Math.max(0, tailStart - Math.max(1 << 16, tail.length));
    tail = Buffer.concat([await readAt(reader, s, tailStart - s), tail]);
    tailStart = s;
    const nl = tail.lastIndexOf('\n' + REQUEST_HEAD);
    if (nl >= 0) {
      requestAt = nl + 1;
      break;
    }
    if (tailStart === 0 && tail.subarray(0, REQUEST_HEAD.length).toString() === REQUEST_HEAD) requestAt = 0;
    // A whole line of another kind before any request line: not this writer's tail (stop reading).
    const whole = tail.toString('utf8').split('\n').slice(tailStart === 0 ? 0 : 1, -1);
    if (!whole.every((l) => MESSAGE_HEADS.some((h) => seqAsZero(l).startsWith(h)))) return undefined;
  }
  const lines = tail.toString('utf8').split('\n');
  if (lines.length === 1 && tailStart > 0) return undefined; // a cut line longer than any write
  const cut = lines[lines.length - 1];
  let from: number;
  let requestLineWhole: boolean;
  let wholeMessageLines = 0;
  if (REQUEST_HEAD.startsWith(cut.slice(0, REQUEST_HEAD.length))) {
    // The cut line is the request line itself (or too short to be anything else).
    from = size - Buffer.byteLength(cut);
    requestLineWhole = false;
    if (!startsLikeWrittenLine(cut)) return undefined;
  } else {
    if (requestAt < 0 || !startsLikeWrittenLine(cut)) return undefined;
    const own = tail.subarray(requestAt).toString('utf8').split('\n');
    const middle = own.slice(1, -1);
    if (!middle.every((l) => MESSAGE_HEADS.some((h) => seqAsZero(l).startsWith(h)))) return undefined;
    from = tailStart + requestAt;
    requestLineWhole = true;
    wholeMessageLines = middle.length;
  }
  const movedTo = join(dirname(path), basename(path).replace(/\.ndjson$/, '') + '.torn.ndjson');
  try {
    appendFileSync(movedTo, Buffer.concat([await readAt(reader, from, size - from), NEWLINE]), { mode: 0o600 });
    await writer.truncate(from);
  } catch {
    return undefined; // left in place: the loader skips the cut line, as it always did
  }
  return { from, bytes: size - from, requestLineWhole, wholeMessageLines, movedTo };
}

export class CaptureLog {
  private queue: Op[] = [];
  private running = false;
  /** The file's size: every byte before it belongs to an append that succeeded. */
  private size: number;
  /** The file ends mid-line (a torn write before a crash): the next append starts a fresh line. */
  private needsNewline: boolean;
  private failure: WriteFailure | undefined;
  /** A clear is cutting the file to 0 bytes: its size is between the two meanwhile. */
  private truncating = false;
  /** Told when appends start failing (with why) and when one succeeds again (undefined). */
  onWriteStatus: ((failure: WriteFailure | undefined) => void) | undefined;

  /** The write a crash cut off at the end of the file, moved out of it when it was opened. */
  tornWrite: TornWrite | undefined;

  /** How many bytes the file held when it was opened (what scanExisting reads). */
  readonly existingSize: number;
  private readonly existingEndsMidLine: boolean;

  /** The open file's identity (see movedProblem). */
  private readonly dev: number;
  private readonly ino: number;

  private constructor(
    readonly path: string,
    private readonly writer: FileHandle,
    private readonly reader: FileHandle,
    existing: ExistingFile,
  ) {
    const own = fstatSync(writer.fd);
    this.dev = own.dev;
    this.ino = own.ino;
    this.size = existing.size;
    this.existingSize = existing.size;
    this.existingEndsMidLine = existing.endsMidLine;
    this.needsNewline = existing.endsMidLine;
  }

  /**
   * Opens (creating if needed) the log for appending at once, without reading it: what it held
   * (the first `existingSize` bytes) is read by lineRuns, while appends go after it.
   */
  static async openForAppend(path: string): Promise<CaptureLog> {
    // A FIFO there (opening it waits for a reader that never comes: the start hung) or a link to a
    // device (/dev/null: every capture answered 200 and kept nowhere) is no log.
    const kind = await notRegularFile(path);
    if (kind !== undefined) throw new Error(`${basename(path)} is ${kind}, not a file: move it away`);
    const writer = await open(path, 'a', 0o600);
    let reader: FileHandle | undefined;
    try {
      reader = await open(path, 'r');
      const { size } = await reader.stat();
      let endsMidLine = false;
      if (size > 0) {
        const last = Buffer.alloc(1);
        await reader.read(last, 0, 1, size - 1);
        endsMidLine = last[0] !== 0x0a;
      }
      const torn = endsMidLine ? await moveTornWrite(path, writer, reader, size) : undefined;
      const log = new CaptureLog(path, writer, reader, torn ? { size: torn.from, endsMidLine: false } : { size, endsMidLine });
      log.tornWrite = torn;
      return log;
    } catch (e) {
      await reader?.close();
      await writer.close();
      throw e;
    }
  }

  /** Reads the lines the file held when it was opened as runs of whole lines (see LineRunReader). */
  lineRuns(runBytes: number): LineRunReader {
    return new LineRunReader(this.reader, this.existingSize, runBytes);
  }

  /**
   * The last complete line the file held when it was opened that starts with `prefix`, read
   * backwards from its end (a start-up reads the log's last seq before loading the rest).
   */
  async lastLineStartingWith(prefix: string): Promise<string | undefined> {
    const want = Buffer.from(prefix);
    const chunk = 1 << 16;
    // A torn last line (no newline: a crash mid-write) is not a line: the search ends before it.
    let end = this.existingSize;
    if (this.existingEndsMidLine) {
      let found = 0;
      for (let e = end; e > 0; ) {
        const s = Math.max(0, e - chunk);
        const nl = (await this.readBytes(s, e - s)).lastIndexOf(0x0a);
        if (nl >= 0) {
          found = s + nl + 1;
          break;
        }
        e = s;
      }
      end = found;
    }
    // Backwards a chunk at a time; `carry` is the run of whole lines already read, the first of
    // them cut at its start, so data always ends with a newline.
    let carry = Buffer.alloc(0);
    while (end > 0) {
      const start = Math.max(0, end - chunk);
      const data = Buffer.concat([await this.readBytes(start, end - start), carry]);
      let lineEnd = data.length - 1; // the newline that ends the line looked at
      for (;;) {
        const nl = lineEnd > 0 ? data.lastIndexOf(0x0a, lineEnd - 1) : -1;
        if (nl < 0 && start > 0) break; // its start is in an earlier chunk
        const lineStart = nl + 1;
        if (lineEnd - lineStart >= want.length && data.subarray(lineStart, lineStart + want.length).equals(want)) return data.toString('utf8', lineStart, lineEnd);
        if (nl < 0) return undefined;
        lineEnd = nl;
      }
      carry = data.subarray(0, lineEnd + 1);
      end = start;
    }
    return undefined;
  }

  /**
   * Undefined while the file at the log's path is the one open here; else why not (it was removed
   * or replaced while the engine ran): a sentence for the user.
   */
  movedProblem(): string | undefined {
    const now = statSync(this.path, { throwIfNoEntry: false });
    if (now !== undefined && now.ino === this.ino && now.dev === this.dev) return this.sizeProblem(now.size);
    return `${basename(this.path)} was ${now === undefined ? 'removed' : 'replaced'} while Eventbench was running; captures are refused until it is restarted (it then starts from the file at ${this.path})`;
  }

  /**
   * Undefined while the open file holds exactly what this writer wrote; else a sentence saying it
   * was edited in place (cut short, or lines added), so that what it reads at its offsets is no
   * longer the lines they were. A file removed or replaced is still read here as it was.
   */
  changedProblem(): string | undefined {
    return this.sizeProblem(fstatSync(this.reader.fd).size);
  }

  private sizeProblem(size: number): string | undefined {
    if (this.truncating || size === this.size) return undefined;
    const fmt = (n: number) => n.toLocaleString('en-US');
    const how = size < this.size ? 'shorter' : 'longer';
    return `${basename(this.path)} was changed while Eventbench was running: it is ${fmt(Math.abs(this.size - size))} bytes ${how} than Eventbench wrote it (${fmt(size)} bytes, not ${fmt(this.size)}), so its messages can no longer be read where they were; captures are refused until Eventbench is restarted (it then reads the file as it is now)`;
  }

  /** Bytes in the file from appends that succeeded (what an export that begins now covers). */
  get writtenSize(): number {
    return this.size;
  }

  /** Why appends are failing, while they are (undefined once one succeeds). */
  get writeFailure(): WriteFailure | undefined {
    return this.failure;
  }

  /**
   * Appends UTF-8 data (complete lines, each ending in '\n'). Resolves with the byte offset the
   * data starts at once it is in the file; rejects when it could not be written, and then none of
   * it is in the file. `data` is written or copied before this returns: the caller may reuse its
   * buffer at once.
   */
  append(data: Buffer): Promise<number> {
    if (!this.running && this.queue.length === 0) {
      try {
        return Promise.resolve(this.writeNow(data));
      } catch (e) {
        return Promise.reject(e as Error);
      }
    }
    const copy = Buffer.from(data); // queued behind a truncate: the caller's buffer is reused
    return new Promise<number>((resolve, reject) => this.queue.push({ kind: 'write', data: copy, resolve, reject }));
  }

  /** Empties the file, after every write queued before it. */
  truncate(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.queue.push({ kind: 'truncate', resolve, reject }));
    this.kick();
    return done;
  }

  /** Settles once every operation queued so far has run. */
  flushed(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.queue.push({ kind: 'barrier', resolve, reject }));
    this.kick();
    return done;
  }

  async read(offset: number, length: number): Promise<string> {
    const buf = Buffer.allocUnsafe(length);
    const { bytesRead } = await this.reader.read(buf, 0, length, offset);
    return buf.toString('utf8', 0, bytesRead);
  }

  /** Reads bytes already written (the derived views read a run of message lines in one go). */
  async readBytes(offset: number, length: number): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.reader.read(buf, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === length ? buf : buf.subarray(0, done);
  }

  /**
   * Reads bytes already written, synchronously (the search index decodes payload texts from the
   * page cache in large ranges, off the request path).
   */
  readSync(offset: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.reader.fd, buf, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return done === length ? buf : buf.subarray(0, done);
  }

  async close(): Promise<void> {
    await this.flushed();
    await this.writer.close();
    await this.reader.close();
  }

  /** Writes data at the end of the file now; returns its offset, or throws with the file as it was. */
  private writeNow(data: Buffer): number {
    const start = this.size;
    const out = this.needsNewline ? Buffer.concat([NEWLINE, data]) : data;
    // Nothing is written, so nothing is cut back: the file is another's, or edited by hand (cut
    // back to this writer's size, a file cut short grew by zeros, one added to lost its lines).
    const moved = this.movedProblem();
    if (moved !== undefined) throw this.failed(new Error(moved), start, false);
    try {
      writeAllSync(this.writer.fd, out);
    } catch (e) {
      throw this.failed(e as NodeJS.ErrnoException, start);
    }
    this.size = start + out.length;
    this.needsNewline = false;
    if (this.failure) {
      this.failure = undefined;
      this.onWriteStatus?.(undefined);
    }
    return this.size - data.length;
  }

  /** Cuts the file back to `start` (the end of the last good append, when `cutBack`) and records the failure. */
  private failed(e: NodeJS.ErrnoException, start: number, cutBack = true): Error {
    let error: Error = e;
    try {
      if (cutBack) ftruncateSync(this.writer.fd, start);
    } catch (t) {
      // The part already written stays (it would come back after a restart): say so, and make
      // the next append start on a fresh line after it.
      error = Object.assign(new Error(`${e.message}; the part already written could not be removed (${(t as Error).message})`), { code: e.code });
      try {
        const size = fstatSync(this.writer.fd).size;
        if (size !== start) {
          this.size = size;
          this.needsNewline = true;
        }
      } catch {
        // Nothing better to do: the next append reports its own error.
      }
    }
    const first = this.failure === undefined;
    this.failure = {
      message: error.message,
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      since: this.failure?.since ?? new Date().toISOString(),
      failedWrites: (this.failure?.failedWrites ?? 0) + 1,
    };
    if (first) this.onWriteStatus?.(this.failure);
    return error;
  }

  private kick(): void {
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const op = this.queue.shift() as Op;
        if (op.kind === 'write') {
          let offset: number;
          try {
            offset = this.writeNow(op.data);
          } catch (e) {
            op.reject(e as Error);
            continue;
          }
          op.resolve(offset);
        } else if (op.kind === 'truncate') {
          this.truncating = true;
          try {
            await this.writer.truncate(0);
            this.size = 0;
            this.needsNewline = false;
            op.resolve();
          } catch (e) {
            op.reject(e as Error);
          } finally {
            this.truncating = false;
          }
        } else {
          op.resolve();
        }
      }
    } finally {
      this.running = false;
    }
  }
}
