// What the UI needs fast, in memory: one summary and one lower-cased payload text per captured
// message, plus where its full record sits in the capture log. Arrays stay sorted by seq.
//
// Payload texts of live captures are kept as the UTF-8 bytes of their log lines (the encoded
// request, off the JS heap) until a search needs them as strings: ingest then retains no string
// per message, which the garbage collector would otherwise copy as it ages.
import type { MessageSummary } from '../../src-shared/capture';
import type { MessageFilter } from '../../src-shared/api';

export class MessageIndex {
  readonly summaries: MessageSummary[] = [];
  /**
   * Payload JSON per message, lower-cased lazily by the first search that reaches it. Undefined
   * while it is only bytes: encoded[i].subarray(textStart[i], textEnd[i]).
   */
  private texts: (string | undefined)[] = [];
  private encoded: (Buffer | undefined)[] = [];
  private textStart: number[] = [];
  private textEnd: number[] = [];
  /** texts[0 .. loweredUpTo) are lower-cased strings. */
  private loweredUpTo = 0;
  private offsets: number[] = [];
  private lengths: number[] = [];

  get size(): number {
    return this.summaries.length;
  }

  get lastSeq(): number {
    return this.summaries.length ? this.summaries[this.summaries.length - 1].seq : 0;
  }

  add(summary: MessageSummary, payloadJson: string, offset: number, length: number): void {
    this.summaries.push(summary);
    this.texts.push(payloadJson);
    this.encoded.push(undefined);
    this.textStart.push(0);
    this.textEnd.push(0);
    this.offsets.push(offset);
    this.lengths.push(length);
  }

  /** add() with the payload JSON given as UTF-8 bytes: data[textStart, textEnd) (not copied). */
  addEncoded(summary: MessageSummary, data: Buffer, textStart: number, textEnd: number, offset: number, length: number): void {
    this.summaries.push(summary);
    this.texts.push(undefined);
    this.encoded.push(data);
    this.textStart.push(textStart);
    this.textEnd.push(textEnd);
    this.offsets.push(offset);
    this.lengths.push(length);
  }

  clear(): void {
    this.summaries.length = 0;
    this.texts.length = 0;
    this.encoded.length = 0;
    this.textStart.length = 0;
    this.textEnd.length = 0;
    this.loweredUpTo = 0;
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

  /** Decodes and lower-cases what ingest left as is (kept off the request path, where every µs counts). */
  private lowered(): string[] {
    const texts = this.texts;
    const encoded = this.encoded;
    for (let i = this.loweredUpTo; i < texts.length; i++) {
      const data = encoded[i];
      const text = data === undefined ? (texts[i] as string) : data.toString('utf8', this.textStart[i], this.textEnd[i]);
      texts[i] = text.toLowerCase();
      encoded[i] = undefined; // the request's bytes are freed once all of its texts are strings
    }
    this.loweredUpTo = texts.length;
    return texts as string[];
  }

  /** Seqs whose payload JSON contains text, case-insensitively, in capture order. */
  search(text: string): number[] {
    const needle = text.toLowerCase();
    const out: number[] = [];
    const texts = this.lowered();
    for (let i = 0; i < texts.length; i++) if (texts[i].includes(needle)) out.push(this.summaries[i].seq);
    return out;
  }

  /** Positions matching every given filter field, in capture order; limit keeps the newest. */
  filter(f: MessageFilter): number[] {
    const needle = f.text ? f.text.toLowerCase() : undefined;
    if (needle !== undefined) this.lowered();
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
      if (needle !== undefined && !(this.texts[i] as string).includes(needle)) continue;
      out.push(i);
    }
    return f.limit !== undefined && out.length > f.limit ? out.slice(out.length - f.limit) : out;
  }
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
