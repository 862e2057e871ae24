// The capture log on disk: captures.ndjson, append-only NDJSON (line forms: see record.ts).
// Byte offsets are assigned synchronously when a write is appended. With nothing queued, an
// append is written at once, synchronously (one write per request); behind a truncate, writes
// queue and go out combined into a single write (group commit). No fsync per request: the OS page cache is durable enough for a
// development tool, and an answered request is always in the file (written, not just queued).
import { open, type FileHandle } from 'node:fs/promises';
import { readSync, writevSync } from 'node:fs';

type Op =
  | { kind: 'write'; data: Buffer; resolve: () => void; reject: (e: Error) => void }
  | { kind: 'truncate'; resolve: () => void; reject: (e: Error) => void }
  | { kind: 'barrier'; resolve: () => void; reject: (e: Error) => void };

const noop = () => {};

/** write(2) may write less than asked (disk full...): go on until all of it is out, or throw. */
function writeAllSync(fd: number, data: Buffer): void {
  let done = writevSync(fd, [data]);
  while (done < data.length) {
    const more = writevSync(fd, [data.subarray(done)]);
    if (more === 0) throw new Error('the capture log write made no progress');
    done += more;
  }
}

export interface LogLine {
  /** 1-based line number in the file. */
  line: number;
  offset: number;
  length: number;
  text: string;
}

export interface ScanResult {
  /** The file ends without a newline: the next append must start on a fresh line. */
  endsMidLine: boolean;
  size: number;
}

const READ_CHUNK = 1 << 20;
const NEWLINE = Buffer.from('\n');

/** Streams the file line by line (UTF-8), reporting byte offsets; never holds the whole file. */
export async function scanLines(fh: FileHandle, onLine: (l: LogLine, isLastUnterminated: boolean) => void): Promise<ScanResult> {
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  let carry: Buffer = Buffer.alloc(0);
  let carryOffset = 0;
  let position = 0;
  let lineNo = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, READ_CHUNK, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const data = carry.length ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
    let start = 0;
    for (;;) {
      const nl = data.indexOf(0x0a, start);
      if (nl < 0) break;
      lineNo++;
      onLine({ line: lineNo, offset: carryOffset + start, length: nl - start, text: data.toString('utf8', start, nl) }, false);
      start = nl + 1;
    }
    carryOffset += start;
    carry = Buffer.from(data.subarray(start));
  }
  if (carry.length > 0) {
    lineNo++;
    onLine({ line: lineNo, offset: carryOffset, length: carry.length, text: carry.toString('utf8') }, true);
  }
  return { endsMidLine: carry.length > 0, size: position };
}

export class CaptureLog {
  private queue: Op[] = [];
  private running = false;
  /** Size the file will have once every queued operation has run. */
  private size: number;
  private needsNewline: boolean;

  private constructor(
    readonly path: string,
    private readonly writer: FileHandle,
    private readonly reader: FileHandle,
    scan: ScanResult,
  ) {
    this.size = scan.size;
    this.needsNewline = scan.endsMidLine;
  }

  /** Opens (creating if needed) the log and streams its existing lines to onLine. */
  static async open(path: string, onLine: (l: LogLine, isLastUnterminated: boolean) => void): Promise<CaptureLog> {
    const writer = await open(path, 'a', 0o600);
    let reader: FileHandle | undefined;
    try {
      reader = await open(path, 'r');
      const scan = await scanLines(reader, onLine);
      return new CaptureLog(path, writer, reader, scan);
    } catch (e) {
      await reader?.close();
      await writer.close();
      throw e;
    }
  }

  /**
   * Queues UTF-8 data (complete lines, each ending in '\n') for appending. Returns the byte offset
   * the data will start at, known now, and a promise that settles once it is written. `data` is
   * written or copied before this returns: the caller may reuse its buffer at once.
   */
  append(data: Buffer): { offset: number; written: Promise<void> } {
    if (this.needsNewline) {
      // The file ends mid-line (a torn write): finish that line so ours starts on a fresh one.
      this.queue.push({ kind: 'write', data: NEWLINE, resolve: noop, reject: noop });
      this.size += 1;
      this.needsNewline = false;
    }
    const offset = this.size;
    this.size += data.length;
    if (!this.running && this.queue.length === 0) {
      // Nothing queued: write now, synchronously. A request's lines are one write of a few tens
      // of KB into the page cache (tens of µs), cheaper than a thread-pool round trip, and the
      // request can be answered in the same tick. Writes behind a truncate still queue.
      try {
        writeAllSync(this.writer.fd, data);
        return { offset, written: Promise.resolve() };
      } catch (e) {
        // Hold later appends in the queue until the size is known again (see resync).
        this.running = true;
        const failed = this.resync().finally(() => {
          this.running = false;
          this.kick();
        });
        return { offset, written: failed.then(() => Promise.reject(e as Error)) };
      }
    }
    const copy = Buffer.from(data); // queued behind other operations: the caller's buffer is reused
    const written = new Promise<void>((resolve, reject) => this.queue.push({ kind: 'write', data: copy, resolve, reject }));
    this.kick();
    return { offset, written };
  }

  /** Empties the file, after every write queued before it. */
  truncate(): Promise<void> {
    this.size = 0;
    this.needsNewline = false;
    const done = new Promise<void>((resolve, reject) => this.queue.push({ kind: 'truncate', resolve, reject }));
    this.kick();
    return done;
  }

  /** Settles once every operation queued so far has run. */
  flushed(): Promise<void> {
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

  private kick(): void {
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const op = this.queue[0];
        if (op.kind === 'write') {
          // Group commit: every write queued up to the next non-write op goes out in one call.
          const group: Extract<Op, { kind: 'write' }>[] = [];
          while (this.queue.length > 0 && this.queue[0].kind === 'write') group.push(this.queue.shift() as Extract<Op, { kind: 'write' }>);
          try {
            await this.writeAll(group.length === 1 ? [group[0].data] : group.map((g) => g.data));
            for (const g of group) g.resolve();
          } catch (e) {
            await this.resync();
            for (const g of group) g.reject(e as Error);
          }
        } else {
          this.queue.shift();
          try {
            if (op.kind === 'truncate') await this.writer.truncate(0);
            op.resolve();
          } catch (e) {
            op.reject(e as Error);
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** writev may write only part of the data (like write); keep going until all of it is out. */
  private async writeAll(buffers: Buffer[]): Promise<void> {
    let total = 0;
    for (const b of buffers) total += b.length;
    let { bytesWritten } = await this.writer.writev(buffers);
    while (bytesWritten < total) {
      const rest = Buffer.concat(buffers).subarray(bytesWritten);
      const more = await this.writer.write(rest);
      bytesWritten += more.bytesWritten;
      if (more.bytesWritten === 0) throw new Error('the capture log write made no progress');
    }
  }

  /** After a failed write (disk full...), trust the file again, not our arithmetic. */
  private async resync(): Promise<void> {
    try {
      const { size } = await this.writer.stat();
      this.size = size;
      if (size > 0) {
        const last = Buffer.alloc(1);
        await this.reader.read(last, 0, 1, size - 1);
        this.needsNewline = last[0] !== 0x0a;
      }
    } catch {
      // Nothing better to do; the next write reports its own error.
    }
  }
}
