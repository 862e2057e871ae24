// The payload texts of the index's rows, lower-cased, back to back in large buffers, searched with
// Buffer.indexOf (native, a few GB/s). Off the JavaScript heap: at ten million messages the texts
// are gigabytes, more than V8's heap may hold as strings (the index kept one string per row
// before, built by the first search), and one native scan over a buffer is several times faster
// than a call to String.includes per row.
//
// Rows never span buffers. Each row is followed by a newline, which no payload text holds (they
// are single lines of the capture log), so no match runs from one row into the next; a hit is
// still checked against its row's end.
import { isAscii } from 'node:buffer';
import { canonicalJsonEscapes } from '../../src-shared/search-text';
import { ScanWorker } from './scan-worker';

const CHUNK_BYTES = 32 << 20;

/** Which bytes may stand before (1) and after (1) a byte findRowsWithByte looks for: 256 flags each. */
export interface ByteContext {
  before: Uint8Array;
  after: Uint8Array;
}
/**
 * From this many bytes held, find scans with a second thread (ScanWorker): below it, one thread's
 * scan takes a few tens of milliseconds, about what handing half to another thread costs.
 */
const PARALLEL_MIN_BYTES = 128 << 20;
/** The byte counts that choose a needle's anchor are taken over this many blocks of this size. */
const FREQUENCY_BLOCKS = 64;
const FREQUENCY_BLOCK_BYTES = 4096;
const NEWLINE = 0x0a;
/** `\u` and `\/`: a text with either may hold escapes that appendText writes out. */
const ESCAPED_UNIT = Buffer.from('\\u');
const ESCAPED_SLASH = Buffer.from('\\/');

export class SearchCorpus {
  private chunks: Buffer[] = [];
  /** Bytes used in each chunk. */
  private used: number[] = [];
  /** The first row of each chunk. */
  private firstRow: number[] = [];
  /** starts[row]: where the row's text begins in its chunk. */
  private starts = new Uint32Array(1024);
  private count = 0;
  private frequency: Uint32Array | undefined;
  private frequencyBytes = 0;
  private worker: ScanWorker | undefined;
  private heldBytes = 0;

  /**
   * chunkBytes: the size of each buffer (tests make it small to cross buffers often); parallel:
   * from how many bytes held a second thread scans too, and how many hits it may report before
   * this thread takes over (tests make both small).
   */
  constructor(
    private readonly chunkBytes = CHUNK_BYTES,
    private readonly parallel: { minBytes?: number; maxHits?: number } = {},
  ) {}

  /** Rows held: 0 .. rows - 1, in the index's order. */
  get rows(): number {
    return this.count;
  }

  /** Bytes held (texts and separators). */
  get bytes(): number {
    let n = 0;
    for (const u of this.used) n += u;
    return n;
  }

  clear(): void {
    this.chunks = [];
    this.used = [];
    this.firstRow = [];
    this.starts = new Uint32Array(1024);
    this.count = 0;
    this.frequency = undefined;
    this.frequencyBytes = 0;
    this.heldBytes = 0;
    this.worker?.reset();
  }

  /** Stops the scanning thread, if one was started (the corpus still answers, on one thread). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.close();
  }

  /**
   * Adds the next row from its text (any case). Escapes JSON.stringify would not write are written
   * out first (canonicalJsonEscapes): a search for `Zürich` finds analytics-python's `Z\u00fcrich`.
   */
  appendText(text: string): void {
    const lowered = canonicalJsonEscapes(text).toLowerCase();
    const pos = this.reserve(lowered.length * 3 + 1);
    const chunk = this.chunks[this.chunks.length - 1];
    const n = chunk.write(lowered, pos, 'utf8');
    this.commit(pos, n);
  }

  /** Adds the next row from UTF-8 bytes (any case): source[start .. end). */
  appendBytes(source: Buffer, start: number, end: number): void {
    const bytes = source.subarray(start, end);
    if (!isAscii(bytes) || bytes.indexOf(ESCAPED_UNIT) !== -1 || bytes.indexOf(ESCAPED_SLASH) !== -1) {
      this.appendText(bytes.toString('utf8'));
      return;
    }
    // Characters are bytes: lower-case them as one-byte text (no UTF-8 decoding).
    const pos = this.reserve(bytes.length + 1);
    const chunk = this.chunks[this.chunks.length - 1];
    chunk.write(bytes.toString('latin1').toLowerCase(), pos, 'latin1');
    this.commit(pos, bytes.length);
  }

  /** The row's lower-cased text. */
  textAt(row: number): string {
    const k = this.chunkOf(row);
    return this.chunks[k].toString('utf8', this.starts[row], this.endOf(k, row));
  }

  /**
   * Calls onRow(row), in order, for each row from fromRow on whose text contains needle (UTF-8 of a
   * lower-cased string, without a newline).
   */
  find(needle: Buffer, fromRow: number, onRow: (row: number) => void): void {
    if (fromRow >= this.count) return;
    if (needle.length === 0) {
      for (let row = fromRow; row < this.count; row++) onRow(row);
      return;
    }
    // indexOf runs at memchr's speed while looking for the pattern's first byte, and that byte is
    // often everywhere (`"`, `u`, a digit). So the scan looks for the part of the needle that
    // starts at its rarest byte, and compares the bytes before it on each hit: 3–5× faster for a
    // selective text such as an id or an email (see `npm run bench -- startup`).
    const k = this.rarestByteAt(needle);
    const first = this.chunkOf(fromRow);
    // A big corpus: the later half of the buffers goes to the second thread meanwhile.
    const split = this.startSecondHalf(first, (worker, tasks) => worker.start(needle, k, tasks));
    for (let c = first; c < split; c++) this.findInChunk(c, c === first ? fromRow : this.firstRow[c], needle, k, onRow);
    this.secondHalfRows(
      split,
      (c, start, row) => start + needle.length <= this.endOf(c, row),
      onRow,
      (c, from) => this.findInChunk(c, from, needle, k, onRow),
    );
  }

  /**
   * Starts the second thread on the later half of the buffers from buffer `first` on, when there
   * is one and two buffers or more to share; returns where that half begins (the buffer count when
   * this thread scans them all).
   */
  private startSecondHalf(first: number, start: (worker: ScanWorker, tasks: number[]) => void): number {
    const worker = this.worker;
    if (worker === undefined || this.chunks.length - first < 2) return this.chunks.length;
    const split = first + Math.ceil((this.chunks.length - first) / 2);
    worker.share(this.chunks);
    const tasks: number[] = [];
    for (let c = split; c < this.chunks.length; c++) tasks.push(c, 0, this.used[c]);
    start(worker, tasks);
    return split;
  }

  /**
   * Waits for the second thread's hits (when it was started, split < buffer count) and calls
   * onRow once per row they fall in, in order, for those `counts` accepts. When it ran out of room,
   * scanRest(buffer, row) goes on from the row after the last one reported.
   */
  private secondHalfRows(split: number, counts: (c: number, pos: number, row: number) => boolean, onRow: (row: number) => void, scanRest: (c: number, fromRow: number) => void): void {
    if (this.worker === undefined || split >= this.chunks.length) return;
    const found = this.worker.wait();
    let lastRow = -1;
    for (let i = 0; i < found.count; i++) {
      const c = found.hits[i * 2];
      const pos = found.hits[i * 2 + 1];
      const chunkFirst = this.firstRow[c];
      const row = this.rowAt(pos, lastRow >= chunkFirst ? lastRow : chunkFirst, this.lastRowOf(c));
      if (row === lastRow || !counts(c, pos, row)) continue;
      onRow(row);
      lastRow = row;
    }
    if (found.stoppedAt < 0) return;
    // Out of room for hits (a text in every row, many times): this thread does the rest.
    const stopped = split + found.stoppedAt / 3;
    for (let c = stopped; c < this.chunks.length; c++) {
      const from = c === stopped && lastRow >= this.firstRow[c] ? lastRow + 1 : this.firstRow[c];
      if (from <= this.lastRowOf(c)) scanRest(c, from);
    }
  }

  /** find over one buffer, from row fromRow (one of its rows) to its last. */
  private findInChunk(c: number, fromRow: number, needle: Buffer, k: number, onRow: (row: number) => void): void {
    const tail = k === 0 ? needle : needle.subarray(k);
    const view = this.chunks[c].subarray(0, this.used[c]);
    const lastRow = this.lastRowOf(c);
    let row = fromRow;
    let pos = this.starts[row] + k;
    while (row <= lastRow) {
      const hit = view.indexOf(tail, pos);
      if (hit < 0) break;
      const start = hit - k;
      row = this.rowAt(hit, row, lastRow);
      if (start >= this.starts[row] && hit + tail.length <= this.endOf(c, row) && (k === 0 || view.compare(needle, 0, k, start, hit) === 0)) {
        onRow(row);
        if (row === lastRow) break;
        row++;
        pos = this.starts[row] + k;
      } else pos = hit + 1;
    }
  }

  /** The last row held in buffer c. */
  private lastRowOf(c: number): number {
    return c + 1 < this.chunks.length ? this.firstRow[c + 1] - 1 : this.count - 1;
  }

  /** The position in needle of its rarest byte in the texts held (estimated from a sample). */
  private rarestByteAt(needle: Buffer): number {
    const frequency = this.byteFrequency();
    let k = 0;
    for (let i = 1; i < needle.length; i++) if (frequency[needle[i]] < frequency[needle[k]]) k = i;
    return k;
  }

  /**
   * Byte counts over a sample of the texts: 64 blocks of 4 KiB spread over them; redone when the
   * texts double. Blocks, not a stride: a stride through gigabytes touches a new page, and misses
   * the caches, on every sample (about a second at 10M messages); 64 blocks cost about a millisecond.
   */
  private byteFrequency(): Uint32Array {
    const bytes = this.bytes;
    if (this.frequency !== undefined && bytes < this.frequencyBytes * 2) return this.frequency;
    const counts = new Uint32Array(256);
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      const used = this.used[c];
      const blocks = Math.max(1, Math.round((FREQUENCY_BLOCKS * used) / Math.max(1, bytes)));
      const gap = Math.max(FREQUENCY_BLOCK_BYTES, Math.floor(used / blocks));
      for (let at = 0; at < used; at += gap) {
        const end = Math.min(used, at + FREQUENCY_BLOCK_BYTES);
        for (let i = at; i < end; i++) counts[chunk[i]]++;
      }
    }
    this.frequency = counts;
    this.frequencyBytes = bytes;
    return counts;
  }

  /**
   * Calls onByte(row, byte before, byte after) for each occurrence of byte in the rows from fromRow
   * on (0 before a row's first byte, NEWLINE after its last); when it returns true the rest of that
   * row is skipped.
   */
  findByte(byte: number, fromRow: number, onByte: (row: number, before: number, after: number) => boolean): void {
    if (fromRow >= this.count) return;
    const first = this.chunkOf(fromRow);
    for (let k = first; k < this.chunks.length; k++) this.findByteInChunk(k, k === first ? fromRow : this.firstRow[k], byte, onByte);
  }

  /**
   * Calls onRow(row), in order, once for each row from fromRow on that holds byte with a byte
   * before it that context.before marks (1) or a byte after it that context.after marks (0 stands
   * before a row's first byte, NEWLINE after its last); every row that holds it when no context is
   * given. A big corpus is scanned by two threads, as find is.
   */
  findRowsWithByte(byte: number, fromRow: number, context: ByteContext | undefined, onRow: (row: number) => void): void {
    if (fromRow >= this.count) return;
    const first = this.chunkOf(fromRow);
    const split = this.startSecondHalf(first, (worker, tasks) => worker.startByte(byte, context, tasks));
    const onByte = (row: number, before: number, after: number): boolean => {
      if (context !== undefined && context.before[before] !== 1 && context.after[after] !== 1) return false;
      onRow(row);
      return true;
    };
    for (let c = first; c < split; c++) this.findByteInChunk(c, c === first ? fromRow : this.firstRow[c], byte, onByte);
    this.secondHalfRows(
      split,
      () => true,
      onRow,
      (c, from) => this.findByteInChunk(c, from, byte, onByte),
    );
  }

  /** findByte over one buffer, from row fromRow (one of its rows) to its last. */
  private findByteInChunk(k: number, fromRow: number, byte: number, onByte: (row: number, before: number, after: number) => boolean): void {
    const view = this.chunks[k].subarray(0, this.used[k]);
    const lastRow = this.lastRowOf(k);
    let row = fromRow;
    let pos = this.starts[row];
    for (;;) {
      const hit = view.indexOf(byte, pos);
      if (hit < 0) break;
      row = this.rowAt(hit, row, lastRow);
      const done = onByte(row, hit > this.starts[row] ? view[hit - 1] : 0, view[hit + 1]);
      if (!done) pos = hit + 1;
      else if (row === lastRow) break;
      else pos = this.starts[++row];
    }
  }

  /** Whether the row's text contains needle (see find). */
  rowContains(row: number, needle: Buffer): boolean {
    const k = this.chunkOf(row);
    const start = this.starts[row];
    const end = this.endOf(k, row);
    if (end - start < needle.length) return false;
    return this.chunks[k].subarray(start, end).indexOf(needle) >= 0;
  }

  /** Makes room for `rows` rows' starts at once (see MessageIndex.reserve). */
  reserveRows(rows: number): void {
    if (rows <= this.starts.length) return;
    const grown = new Uint32Array(rows);
    grown.set(this.starts);
    this.starts = grown;
  }

  /** A position to write a row of at most maxBytes (separator included) at, in the last chunk. */
  private reserve(maxBytes: number): number {
    const last = this.chunks.length - 1;
    if (last >= 0 && this.used[last] + maxBytes <= this.chunks[last].length) return this.used[last];
    // Shared memory, so that a second thread can scan it (ScanWorker) without a copy.
    const size = Math.max(this.chunkBytes, maxBytes);
    this.chunks.push(Buffer.from(new SharedArrayBuffer(size)));
    this.heldBytes += size;
    this.used.push(0);
    this.firstRow.push(this.count);
    // Started as the corpus grows past the threshold, so that it is ready by the first search.
    if (this.worker === undefined && this.heldBytes >= (this.parallel.minBytes ?? PARALLEL_MIN_BYTES) && this.chunks.length >= 2) this.worker = new ScanWorker(this.parallel.maxHits);
    return 0;
  }

  private commit(pos: number, length: number): void {
    const last = this.chunks.length - 1;
    this.chunks[last][pos + length] = NEWLINE;
    this.used[last] = pos + length + 1;
    if (this.count === this.starts.length) {
      const grown = new Uint32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count++] = pos;
  }

  /** The chunk holding row. */
  private chunkOf(row: number): number {
    const first = this.firstRow;
    let lo = 0;
    let hi = first.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (first[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Where row's text ends in chunk k (its separator's position). */
  private endOf(k: number, row: number): number {
    const nextInChunk = row + 1 < this.count && (k + 1 >= this.chunks.length || row + 1 < this.firstRow[k + 1]);
    return (nextInChunk ? this.starts[row + 1] : this.used[k]) - 1;
  }

  /** The row whose text holds byte pos of its chunk, searching rows from .. to. */
  private rowAt(pos: number, from: number, to: number): number {
    // Most hits are in the row the scan is in or the next (a text many rows hold).
    if (from === to || pos < this.starts[from + 1]) return from;
    if (from + 1 === to || pos < this.starts[from + 2]) return from + 1;
    let lo = from + 2;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
