// The inspector's rows as an immutable list of chunks: pages as the engine sends them (columnar
// SummaryBlocks) and, at the live end, the few rows pushed since (objects, sealed into a block
// every SEAL_ROWS). A filtered list is the same chunks with the indexes of the rows that pass.
// Prepending older pages, appending pushed rows, filtering and freezing a prefix (pause) all make
// a new list that shares the chunks, so no step copies millions of rows: at 10M rows the old
// arrays made the renderer copy 10M pointers per 50,000-row batch and keep 10M objects alive.
// Pure: no DOM, no store.
import type { MessageSummary } from '../../../src-shared/capture';
import { createInterner } from '../../../src-shared/interner';
import { encodeSummaries, sharedDicts, SummaryBlock, type SummaryColumns } from '../../../src-shared/summary-columns';

/** Rows pushed live are kept as objects until this many, then sealed into a block. */
export const SEAL_ROWS = 5000;

/** The rows of a list's chunk: a page's block, or pushed rows as objects. */
type Chunk = SummaryBlock | readonly MessageSummary[];

function chunkSeq(c: Chunk, j: number): number {
  return c instanceof SummaryBlock ? c.seqs[j] : c[j].seq;
}

// Dictionary strings of the pages, held once: a user's id recurs in page after page. Bounded: a
// log of millions of distinct ids starts the table afresh rather than growing it without end.
export const internText = createInterner(1 << 20);

// The ids and names of every page in one dictionary per column (see SharedDict).
const SHARED = sharedDicts();

/** A page's columns as a block of the page's list: strings interned, ids and names shared. */
export function blockOf(columns: SummaryColumns): SummaryBlock {
  return new SummaryBlock(columns, internText, SHARED);
}

// Rows made from blocks are cached, so a row on screen stays the same object from render to
// render (memoized row components do not redraw). Bounded: dropped all at once past the cap.
const ROW_CACHE_MAX = 20_000;
let rowCache = new Map<SummaryBlock, Map<number, MessageSummary>>();
let rowCacheSize = 0;

function chunkRow(c: Chunk, j: number): MessageSummary {
  if (!(c instanceof SummaryBlock)) return c[j];
  let rows = rowCache.get(c);
  const hit = rows?.get(j);
  if (hit) return hit;
  if (rowCacheSize >= ROW_CACHE_MAX) {
    rowCache = new Map();
    rowCacheSize = 0;
    rows = undefined;
  }
  if (!rows) rowCache.set(c, (rows = new Map()));
  const row = c.rowAt(j);
  rows.set(j, row);
  rowCacheSize++;
  return row;
}

/**
 * Part of a list: rows of one chunk, either the consecutive rows [start, start + n) or, when
 * `picks` is set, rows picks[start], …, picks[start + n - 1].
 */
interface Part {
  readonly chunk: Chunk;
  readonly picks: Uint32Array | null;
  readonly start: number;
  readonly n: number;
}

function partRow(p: Part, k: number): number {
  return p.picks ? p.picks[p.start + k] : p.start + k;
}

/** What a filter asks of a row, with the parts a block can answer from its columns. */
export interface RowFilter {
  /** The whole test, for rows held as objects. */
  test(s: MessageSummary): boolean;
  /** The same test on a block's row j (the block's dictionaries make most checks one compare). */
  compile(block: SummaryBlock): ((j: number) => boolean) | 'none';
}

export class RowList {
  static readonly EMPTY = new RowList([]);

  readonly length: number;
  /** ends[i]: rows in parts [0, i]. */
  private readonly ends: Float64Array;

  private constructor(private readonly parts: readonly Part[]) {
    this.ends = new Float64Array(parts.length);
    let total = 0;
    for (let i = 0; i < parts.length; i++) this.ends[i] = total += parts[i].n;
    this.length = total;
  }

  /** Rows already in seq order. */
  static of(rows: readonly MessageSummary[]): RowList {
    return RowList.EMPTY.append(rows);
  }

  /** A page's rows (seqs rising). */
  static ofBlock(block: SummaryBlock): RowList {
    return block.count === 0 ? RowList.EMPTY : new RowList([{ chunk: block, picks: null, start: 0, n: block.count }]);
  }

  private find(i: number): number {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`row ${i} is outside the list (${this.length} rows)`);
    let lo = 0;
    let hi = this.parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ends[mid] > i) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private before(p: number): number {
    return p === 0 ? 0 : this.ends[p - 1];
  }

  at(i: number): MessageSummary {
    const p = this.find(i);
    const part = this.parts[p];
    return chunkRow(part.chunk, partRow(part, i - this.before(p)));
  }

  seqAt(i: number): number {
    const p = this.find(i);
    const part = this.parts[p];
    return chunkSeq(part.chunk, partRow(part, i - this.before(p)));
  }

  firstSeq(): number {
    return this.length === 0 ? 0 : this.seqAt(0);
  }

  lastSeq(): number {
    return this.length === 0 ? 0 : this.seqAt(this.length - 1);
  }

  /** How many rows have seq <= maxSeq (rows are in seq order). */
  countUpToSeq(maxSeq: number): number {
    let lo = 0;
    let hi = this.parts.length;
    // The first part whose last row is past maxSeq...
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const part = this.parts[mid];
      if (chunkSeq(part.chunk, partRow(part, part.n - 1)) <= maxSeq) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.parts.length) return this.length;
    // ...and the first row in it past maxSeq.
    const part = this.parts[lo];
    let a = 0;
    let b = part.n;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (chunkSeq(part.chunk, partRow(part, mid)) <= maxSeq) a = mid + 1;
      else b = mid;
    }
    return this.before(lo) + a;
  }

  /** Index of the row with this seq, or -1. */
  indexOfSeq(seq: number): number {
    const i = this.countUpToSeq(seq) - 1;
    return i >= 0 && this.seqAt(i) === seq ? i : -1;
  }

  /** Rows [from, to), sharing the chunks. */
  slice(from = 0, to = this.length): RowList {
    from = Math.max(0, Math.min(this.length, from));
    to = Math.max(from, Math.min(this.length, to));
    if (from === 0 && to === this.length) return this;
    if (from === to) return RowList.EMPTY;
    const first = this.find(from);
    const last = this.find(to - 1);
    const parts: Part[] = [];
    for (let p = first; p <= last; p++) {
      const part = this.parts[p];
      const lo = p === first ? from - this.before(p) : 0;
      const hi = p === last ? to - this.before(p) : part.n;
      parts.push({ chunk: part.chunk, picks: part.picks, start: part.start + lo, n: hi - lo });
    }
    return new RowList(parts);
  }

  /** This list's rows, then `after`'s (the caller keeps seqs rising). */
  concat(after: RowList): RowList {
    if (after.length === 0) return this;
    if (this.length === 0) return after;
    return new RowList([...this.parts, ...after.parts]);
  }

  /**
   * With rows pushed after the last one (seqs rising). They join the trailing object chunk while it
   * is under SEAL_ROWS; a full one becomes a block, so a long live session stays columnar too.
   */
  append(rows: readonly MessageSummary[]): RowList {
    if (rows.length === 0) return this;
    const parts = this.parts.slice();
    let pending: MessageSummary[] = [...rows];
    const tail = parts[parts.length - 1];
    if (tail && !(tail.chunk instanceof SummaryBlock) && !tail.picks && tail.start === 0 && tail.n === tail.chunk.length && tail.n < SEAL_ROWS) {
      parts.pop();
      pending = (tail.chunk as readonly MessageSummary[]).concat(pending);
    }
    for (let i = 0; i < pending.length; i += SEAL_ROWS) {
      const rowsHere = pending.slice(i, i + SEAL_ROWS);
      const chunk: Chunk = rowsHere.length === SEAL_ROWS ? blockOf(encodeSummaries(rowsHere)) : rowsHere;
      parts.push({ chunk, picks: null, start: 0, n: rowsHere.length });
    }
    return new RowList(parts);
  }

  /** The rows passing `filter`, sharing the chunks. */
  filter(filter: RowFilter): RowList {
    const parts: Part[] = [];
    for (const part of this.parts) {
      const picks: number[] = [];
      const { chunk } = part;
      if (chunk instanceof SummaryBlock) {
        const pass = filter.compile(chunk);
        if (pass === 'none') continue;
        for (let k = 0; k < part.n; k++) {
          const j = partRow(part, k);
          if (pass(j)) picks.push(j);
        }
      } else {
        for (let k = 0; k < part.n; k++) {
          const j = partRow(part, k);
          if (filter.test(chunk[j])) picks.push(j);
        }
      }
      if (picks.length === 0) continue;
      if (picks.length === part.n) parts.push(part);
      else parts.push({ chunk, picks: Uint32Array.from(picks), start: 0, n: picks.length });
    }
    return parts.length === this.parts.length && parts.every((p, i) => p === this.parts[i]) ? this : new RowList(parts);
  }

  toArray(): MessageSummary[] {
    const out: MessageSummary[] = [];
    for (const part of this.parts) for (let k = 0; k < part.n; k++) out.push(chunkRow(part.chunk, partRow(part, k)));
    return out;
  }

  seqs(): number[] {
    const out: number[] = [];
    for (const part of this.parts) for (let k = 0; k < part.n; k++) out.push(chunkSeq(part.chunk, partRow(part, k)));
    return out;
  }
}
