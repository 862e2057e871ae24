// What the UI needs fast, in memory: one summary and one lower-cased payload text per captured
// message, plus where its full record sits in the capture log. Arrays stay sorted by seq.
//
// Payload texts of live captures are not kept at all on ingest: each one's place in the log file
// is, and the first search that reaches them reads them back (from the page cache, in large
// ranges) and lower-cases them. Ingest then retains neither a string nor a buffer per message.
import type { MessageSummary } from '../../src-shared/capture';
import type { MessageFilter } from '../../src-shared/api';
import { compactJsonText, compactNeedles, isJsonFragment } from '../../src-shared/search-text';

/** Reads bytes of the capture log that are already written. */
export type LogReader = (offset: number, length: number) => Buffer;

/** Stored texts are read back in ranges of about this many bytes. */
const READ_RANGE = 8 << 20;

export class MessageIndex {
  readonly summaries: MessageSummary[] = [];
  /**
   * Payload JSON per message, lower-cased lazily by the first search that reaches it. Undefined
   * while it is only in the file: textOffset[i], textLength[i] bytes.
   */
  private texts: (string | undefined)[] = [];
  private textOffset: number[] = [];
  private textLength: number[] = [];
  /** texts[0 .. loweredUpTo) are lower-cased strings. */
  private loweredUpTo = 0;
  /**
   * compact[i]: texts[i] without whitespace between JSON tokens (the same string when it has none),
   * built on the first search for a JSON fragment (see search-text.ts); compact[0 .. length).
   */
  private compact: string[] = [];
  private offsets: number[] = [];
  private lengths: number[] = [];

  constructor(private readonly readLog: LogReader = () => {
    throw new Error('this index has no capture log to read payload texts from');
  }) {}

  get size(): number {
    return this.summaries.length;
  }

  get lastSeq(): number {
    return this.summaries.length ? this.summaries[this.summaries.length - 1].seq : 0;
  }

  add(summary: MessageSummary, payloadJson: string, offset: number, length: number): void {
    this.summaries.push(summary);
    this.texts.push(payloadJson);
    this.textOffset.push(0);
    this.textLength.push(0);
    this.offsets.push(offset);
    this.lengths.push(length);
  }

  /** add() with the payload JSON left in the log: textLength UTF-8 bytes at textOffset (written). */
  addStored(summary: MessageSummary, textOffset: number, textLength: number, offset: number, length: number): void {
    this.summaries.push(summary);
    this.texts.push(undefined);
    this.textOffset.push(textOffset);
    this.textLength.push(textLength);
    this.offsets.push(offset);
    this.lengths.push(length);
  }

  clear(): void {
    this.summaries.length = 0;
    this.texts.length = 0;
    this.textOffset.length = 0;
    this.textLength.length = 0;
    this.loweredUpTo = 0;
    this.compact.length = 0;
    this.offsets.length = 0;
    this.lengths.length = 0;
  }

  /** Position of seq in the arrays, or -1 (binary search: seqs only grow). */
  find(seq: number): number {
    let lo = 0;
    let hi = this.summaries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.summaries[mid].seq;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  location(i: number): { offset: number; length: number } {
    return { offset: this.offsets[i], length: this.lengths[i] };
  }

  /** Reads back and lower-cases what ingest left in the file (off the request path, where every µs counts). */
  private lowered(): string[] {
    const texts = this.texts;
    const n = texts.length;
    let i = this.loweredUpTo;
    while (i < n) {
      const text = texts[i];
      if (text !== undefined) {
        texts[i] = text.toLowerCase();
        i++;
        continue;
      }
      // A run of stored texts, in file order, read as one range.
      const start = this.textOffset[i];
      let j = i;
      while (j + 1 < n && texts[j + 1] === undefined && this.textOffset[j + 1] >= start && this.textOffset[j + 1] + this.textLength[j + 1] - start <= READ_RANGE) j++;
      const end = this.textOffset[j] + this.textLength[j];
      const bytes = this.readLog(start, end - start);
      for (let k = i; k <= j; k++) {
        const from = this.textOffset[k] - start;
        texts[k] = bytes.toString('utf8', from, from + this.textLength[k]).toLowerCase();
      }
      i = j + 1;
    }
    this.loweredUpTo = n;
    return texts as string[];
  }

  /** Lower-cased texts compacted (compactJsonText), up to date with lowered(). */
  private compacted(): string[] {
    const texts = this.lowered();
    for (let i = this.compact.length; i < texts.length; i++) this.compact.push(compactJsonText(texts[i]));
    return this.compact;
  }

  /**
   * A predicate over index positions: payload JSON contains `text`, case-insensitively; for a
   * JSON fragment, also with the whitespace between tokens ignored on both sides.
   */
  private textMatcher(text: string): (i: number) => boolean {
    const needle = text.toLowerCase();
    const texts = this.lowered();
    if (!isJsonFragment(needle)) return (i) => texts[i].includes(needle);
    const compact = this.compacted();
    const readings = compactNeedles(needle);
    // A text with nothing to compact (most) was just searched for the fragment as typed.
    const others = readings.filter((n) => n !== needle);
    const [a, b] = readings;
    const [otherA, otherB] = others;
    // Every match holds the fragment's longest run without quotes or whitespace, in the compact
    // text too; looking for it first is fast (a fragment begins with '"', which payloads are full of).
    const core = fragmentCore(needle);
    return (i) => {
      const c = compact[i];
      if (!c.includes(core)) return false;
      const text = texts[i];
      if (text.includes(needle)) return true;
      if (c === text) return otherA !== undefined && (c.includes(otherA) || (otherB !== undefined && c.includes(otherB)));
      return c.includes(a) || (b !== undefined && c.includes(b));
    };
  }

  /** Seqs whose payload JSON contains text (see textMatcher), in capture order. */
  search(text: string): number[] {
    const matches = this.textMatcher(text);
    const out: number[] = [];
    for (let i = 0; i < this.summaries.length; i++) if (matches(i)) out.push(this.summaries[i].seq);
    return out;
  }

  /** Positions matching every given filter field, in capture order; limit keeps the newest. */
  filter(f: MessageFilter): number[] {
    const matchesText = f.text ? this.textMatcher(f.text) : undefined;
    const endpoint = f.endpoint ? normalizeEndpoint(f.endpoint) : undefined;
    const out: number[] = [];
    for (let i = 0; i < this.summaries.length; i++) {
      const s = this.summaries[i];
      if (f.type !== undefined && s.type !== f.type) continue;
      if (f.event !== undefined && (s.name !== f.event || !(s.type === 'track' || s.type === 'page' || s.type === 'screen'))) continue;
      if (f.userId !== undefined && s.userId !== f.userId) continue;
      if (f.anonymousId !== undefined && s.anonymousId !== f.anonymousId) continue;
      if (endpoint !== undefined && s.endpoint !== endpoint) continue;
      if (f.hasProblems !== undefined && hasProblems(s) !== f.hasProblems) continue;
      if (f.profile !== undefined && !s.findingProfiles.includes(f.profile)) continue;
      if (matchesText !== undefined && !matchesText(i)) continue;
      out.push(i);
    }
    return f.limit !== undefined && out.length > f.limit ? out.slice(out.length - f.limit) : out;
  }
}

/** The longest part of a search fragment between quotes and whitespace. */
function fragmentCore(needle: string): string {
  let core = '';
  for (const part of needle.split(/["\s]+/)) if (part.length > core.length) core = part;
  return core;
}

export function hasProblems(s: MessageSummary): boolean {
  return s.dropCodes.length > 0 || s.errorCount > 0 || s.warningCount > 0;
}

/** "batch", "v1/batch" and "/v1/batch" all name the same endpoint; "webhook/x" too. */
function normalizeEndpoint(e: string): string {
  const p = e.startsWith('/') ? e : `/${e}`;
  if (/^\/(track|identify|group|page|screen|alias|batch)$/.test(p)) return `/v1${p}`;
  return p;
}
