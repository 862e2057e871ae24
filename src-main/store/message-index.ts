// What the UI needs fast, in memory: each captured message's summary fields and lower-cased
// payload text, plus where its full record sits in the capture log. Rows stay sorted by seq.
//
// The summary fields are columns (typed arrays of codes) over shared values, not an object per
// message: the index lives as long as the log (100,000s of rows), and on the ingest path every
// object kept per message costs the garbage collector again and again (copied when it survives a
// scavenge, marked at every full collection). A row keeps no object of its own. What it points
// to is shared: a group per request (receipt time, origin), the request's ids as one text (a row
// keeps spans of it), one entry per distinct type, name, drop-code list and finding tally.
// Summaries are built when asked for (summaryAt, summariesIn).
//
// Payload texts are not kept as strings either: each one's place in the log file is. For searches
// they go, lower-cased, into a SearchCorpus (buffers outside the heap): from the loader as it reads
// the log, and for live captures (off the request path, where every µs counts) when a search
// first reaches them, read back from the page cache in large ranges.
import type { DropCode, MessageSummary } from '../../src-shared/capture';
import type { MessageFilter } from '../../src-shared/api';
import { compactJsonText, compactNeedles, escapedForSearch, isJsonFragment } from '../../src-shared/search-text';
import { SearchCorpus, type ByteContext } from './search-corpus';
import { indexOfSorted, upperBound } from '../../src-shared/sorted';
import { internTally, type FindingTally, type SummaryGroup } from '../../src-shared/summary';
import { createAccountTracker } from '../../src-shared/validate/account-tracker';
import { normalizeEndpoint, slashTwin } from '../../src-shared/tracking-api/endpoint';
import type { Finding } from '../../src-shared/validate/finding';
import { effectiveTally, EMPTY_WORKSPACE, hasProblems, planFor, type MessagePlan, type Workspace } from '../../src-shared/workspace';

/** Reads bytes of the capture log that are already written. */
export type LogReader = (offset: number, length: number) => Buffer;

/** Stored texts are read back in ranges of about this many bytes. */
const READ_RANGE = 8 << 20;

/**
 * One row, as codes (see the code methods of MessageIndex); filled in and passed to push(), which
 * copies it. Reusable: the ingest path fills one per message without allocating.
 */
export class RowDraft {
  seq = 0;
  group = 0;
  type = 0;
  name = 0;
  /** The ids text (textCode), or -1 when the row has no ids. */
  ids = -1;
  /** Start and length in the ids text of the messageId, userId and anonymousId; length -1: absent. */
  messageIdStart = 0;
  messageIdLength = -1;
  userIdStart = 0;
  userIdLength = -1;
  anonymousIdStart = 0;
  anonymousIdLength = -1;
  drops = 0;
  tally = 0;
  /** freshsuccessAccountOf the message: '' none, undefined not a Freshsuccess call. Not kept: it feeds the account rule. */
  account: string | undefined = undefined;
  /** The payload JSON when the caller has it as a string; else it is read back from the log. */
  payload: string | undefined = undefined;
  /** Where the payload JSON is in the log: textLength UTF-8 bytes at textOffset. */
  textOffset = 0;
  textLength = 0;
  /** The whole line. */
  offset = 0;
  length = 0;
}

const ID_FIELDS = 6;
const MESSAGE_ID = 0;
const USER_ID = 2;
const ANONYMOUS_ID = 4;
const NO_DROPS = Object.freeze([]) as unknown as DropCode[];

export class MessageIndex {
  private count = 0;
  private seqs = new Float64Array(1024);
  private groupOf = new Int32Array(1024);
  private typeOf = new Int32Array(1024);
  private nameOf = new Int32Array(1024);
  private idsOf = new Int32Array(1024);
  private idSpans = new Int32Array(1024 * ID_FIELDS);
  private dropsOf = new Int32Array(1024);
  private tallyOf = new Int32Array(1024);
  private textOffset = new Float64Array(1024);
  private textLength = new Int32Array(1024);
  private offsets = new Float64Array(1024);
  private lengths = new Int32Array(1024);

  // The shared values the codes stand for.
  private groups: SummaryGroup[] = [];
  private strings: string[] = [];
  private stringCodes = new Map<string, number>();
  private idTexts: string[] = [];
  private dropLists: DropCode[][] = [NO_DROPS];
  private dropCodes = new Map<string, number>([['', 0]]);
  private tallies: FindingTally[] = [];
  private tallyCodes = new Map<FindingTally, number>();

  private accounts = createAccountTracker();
  /** Row position -> its account finding (see noteAccount). */
  private accountFindings = new Map<number, Finding>();

  /** Decides which checks apply to each row's source (see src-shared/workspace.ts). */
  private workspace: Workspace = EMPTY_WORKSPACE;
  /** The plan of each group, computed on first use; emptied when the workspace changes. */
  private planOfGroup: (MessagePlan | undefined)[] = [];

  /**
   * Payload JSON of rows whose text is not in the log as such (given as strings), until the search
   * corpus takes them; the others' texts are read back from the log (textOffset, textLength).
   */
  private held = new Map<number, string>();
  /** The lower-cased payload texts of rows 0 .. corpus.rows - 1, for searches (see search-corpus.ts). */
  private corpus = new SearchCorpus();
  /**
   * Rows whose text may have whitespace between JSON tokens, with their compacted text
   * (compactJsonText; often the same text), over rows 0 .. spacedUpTo - 1. Built by the first search
   * for a JSON fragment; most payloads come compact and are not in it.
   */
  private spaced = new Map<number, string>();
  private spacedUpTo = 0;
  /** The last text searched for and its matches over rows 0 .. upTo - 1 (re-filtering pages reuses it). */
  private lastSearch: { needle: string; marks: Uint8Array; upTo: number; matches: number } | undefined;
  /** The marks of the search before the last, reused by the next new one. */
  private spareMarks: Uint8Array | undefined;

  constructor(private readonly readLog: LogReader = () => {
    throw new Error('this index has no capture log to read payload texts from');
  }) {}

  get size(): number {
    return this.count;
  }

  get lastSeq(): number {
    return this.count > 0 ? this.seqs[this.count - 1] : 0;
  }

  // ---- codes: each shared value is stored once ----

  /** The code of a row group; the last group's when the fields are the same (a request's rows). */
  groupCode(g: SummaryGroup): number {
    const last = this.groups.length - 1;
    if (last >= 0 && sameGroup(this.groups[last], g)) return last;
    return this.groups.push(g) - 1;
  }

  /** The code of a type or name. */
  stringCode(value: string): number {
    let code = this.stringCodes.get(value);
    if (code === undefined) {
      code = this.strings.push(value) - 1;
      this.stringCodes.set(value, code);
    }
    return code;
  }

  /** The code of an ids text (a request's, or one row's). */
  textCode(text: string): number {
    return this.idTexts.push(text) - 1;
  }

  dropCode(codes: readonly DropCode[]): number {
    if (codes.length === 0) return 0;
    const key = codes.join(',');
    let code = this.dropCodes.get(key);
    if (code === undefined) {
      code = this.dropLists.push(Object.freeze(codes.slice()) as DropCode[]) - 1;
      this.dropCodes.set(key, code);
    }
    return code;
  }

  /** The code of a finding tally; tallies are compared as objects, so pass shared ones (internTally). */
  tallyCode(tally: FindingTally): number {
    let code = this.tallyCodes.get(tally);
    if (code === undefined) {
      code = this.tallies.push(tally) - 1;
      this.tallyCodes.set(tally, code);
    }
    return code;
  }

  // ---- rows ----

  push(row: RowDraft): void {
    const i = this.count;
    if (i === this.seqs.length) this.grow();
    this.seqs[i] = row.seq;
    this.groupOf[i] = row.group;
    this.typeOf[i] = row.type;
    this.nameOf[i] = row.name;
    this.idsOf[i] = row.ids;
    const s = i * ID_FIELDS;
    this.idSpans[s + MESSAGE_ID] = row.messageIdStart;
    this.idSpans[s + MESSAGE_ID + 1] = row.messageIdLength;
    this.idSpans[s + USER_ID] = row.userIdStart;
    this.idSpans[s + USER_ID + 1] = row.userIdLength;
    this.idSpans[s + ANONYMOUS_ID] = row.anonymousIdStart;
    this.idSpans[s + ANONYMOUS_ID + 1] = row.anonymousIdLength;
    this.dropsOf[i] = row.drops;
    this.tallyOf[i] = row.tally;
    this.textOffset[i] = row.textOffset;
    this.textLength[i] = row.textLength;
    this.offsets[i] = row.offset;
    this.lengths[i] = row.length;
    if (row.payload !== undefined) this.held.set(i, row.payload);
    this.count = i + 1;
    if (row.account !== undefined) this.noteAccount(i, row.account);
  }

  /**
   * Freshsuccess' account rule across messages, for its three calls: a userId seen under a second
   * groupId (or context.groupId) is a mapping conflict, reported on the message that caused it; a
   * message without one, from a userId already under two, cannot be given an account. The same
   * tracker as the Sessions tab's conflicts. Derived in seq order as rows arrive (and again on
   * every load), never stored.
   */
  private noteAccount(i: number, account: string): void {
    const userId = this.idAt(i, USER_ID);
    if (userId === undefined || userId === '') return;
    const found = this.accounts.pair(userId, account === '' ? undefined : account, this.seqs[i]);
    if (found.length > 0) this.accountFindings.set(i, found[0]);
  }

  /** The account finding of row i (a mapping conflict), when it has one. */
  accountFindingAt(i: number): Finding | undefined {
    return this.accountFindings.get(i);
  }

  /**
   * Adds a row from a summary (loading the log, webhooks, imports: not the ingest hot path).
   * `messageId` is the message's, whatever its type. The payload JSON is `payload` when given
   * (kept for searches), else textLength bytes of the log at textOffset.
   */
  add(summary: MessageSummary, messageId: unknown, offset: number, length: number, payload?: string, textOffset = 0, textLength = 0, account?: string): void {
    const row = this.draft;
    row.seq = summary.seq;
    row.account = account;
    row.group = this.groupCode({
      receivedAt: summary.receivedAt,
      origin: summary.origin,
      endpoint: summary.endpoint,
      writeKeyMasked: summary.writeKeyMasked,
      writeKeyFingerprint: summary.writeKeyFingerprint,
      webhook: summary.webhook,
      signature: summary.signature,
      signatureUnchecked: summary.signatureUnchecked,
    });
    row.type = this.stringCode(summary.type);
    row.name = this.stringCode(summary.name);
    const id = typeof messageId === 'string' ? messageId : undefined;
    const text = (id ?? '') + (summary.userId ?? '') + (summary.anonymousId ?? '');
    row.ids = this.textCode(text);
    row.messageIdStart = 0;
    row.messageIdLength = id === undefined ? -1 : id.length;
    row.userIdStart = id?.length ?? 0;
    row.userIdLength = summary.userId === undefined ? -1 : summary.userId.length;
    row.anonymousIdStart = row.userIdStart + (summary.userId?.length ?? 0);
    row.anonymousIdLength = summary.anonymousId === undefined ? -1 : summary.anonymousId.length;
    row.drops = this.dropCode(summary.dropCodes);
    // Consecutive summaries mostly share their tally's lists (see tallyFindings): coded once.
    if (summary.findingProfiles !== this.lastAdded.profiles || summary.findingCounts !== this.lastAdded.counts || summary.errorCount !== this.lastAdded.errorCount || summary.warningCount !== this.lastAdded.warningCount) {
      this.lastAdded = { profiles: summary.findingProfiles, counts: summary.findingCounts, errorCount: summary.errorCount, warningCount: summary.warningCount, code: -1 };
    }
    if (this.lastAdded.code < 0) {
      this.lastAdded.code = this.tallyCode(
        internTally({ profiles: summary.findingProfiles, counts: summary.findingCounts ?? [], errorCount: summary.errorCount, warningCount: summary.warningCount }),
      );
    }
    row.tally = this.lastAdded.code;
    row.payload = payload;
    row.textOffset = textOffset;
    row.textLength = textLength;
    row.offset = offset;
    row.length = length;
    this.push(row);
  }

  private readonly draft = new RowDraft();
  /** The last tally add() coded, by its parts. */
  private lastAdded: { profiles: string[]; counts: number[] | undefined; errorCount: number; warningCount: number; code: number } = {
    profiles: [],
    counts: undefined,
    errorCount: -1,
    warningCount: -1,
    code: -1,
  };

  clear(): void {
    this.count = 0;
    this.groups = [];
    this.planOfGroup = [];
    this.accounts = createAccountTracker();
    this.accountFindings.clear();
    this.strings = [];
    this.stringCodes.clear();
    this.idTexts = [];
    this.dropLists = [NO_DROPS];
    this.dropCodes = new Map([['', 0]]);
    this.tallies = [];
    this.tallyCodes.clear();
    this.lastAdded.code = -1;
    this.held.clear();
    this.corpus.clear();
    this.spaced.clear();
    this.spacedUpTo = 0;
    this.lastSearch = undefined;
    this.spareMarks = undefined;
  }

  /**
   * Makes room for `rows` rows at once (a loader that can estimate the count): growing by doubling
   * copies every column again at each step, into memory touched for the first time.
   */
  reserve(rows: number): void {
    if (rows > this.seqs.length) this.grow(rows);
    this.corpus.reserveRows(rows);
  }

  private grow(capacity = this.seqs.length * 2): void {
    this.seqs = grown(this.seqs, new Float64Array(capacity));
    this.groupOf = grown(this.groupOf, new Int32Array(capacity));
    this.typeOf = grown(this.typeOf, new Int32Array(capacity));
    this.nameOf = grown(this.nameOf, new Int32Array(capacity));
    this.idsOf = grown(this.idsOf, new Int32Array(capacity));
    this.idSpans = grown(this.idSpans, new Int32Array(capacity * ID_FIELDS));
    this.dropsOf = grown(this.dropsOf, new Int32Array(capacity));
    this.tallyOf = grown(this.tallyOf, new Int32Array(capacity));
    this.textOffset = grown(this.textOffset, new Float64Array(capacity));
    this.textLength = grown(this.textLength, new Int32Array(capacity));
    this.offsets = grown(this.offsets, new Float64Array(capacity));
    this.lengths = grown(this.lengths, new Int32Array(capacity));
  }

  // ---- the workspace ----

  setWorkspace(workspace: Workspace): void {
    this.workspace = workspace;
    this.planOfGroup = [];
  }

  /** The checks that apply to row i (its source's plan under the workspace). */
  planAt(i: number): MessagePlan {
    const g = this.groupOf[i];
    let plan = this.planOfGroup[g];
    if (plan === undefined) {
      const group = this.groups[g];
      plan = this.planOfGroup[g] = planFor(this.workspace, { writeKeyMasked: group.writeKeyMasked, writeKeyFingerprint: group.writeKeyFingerprint, webhook: group.webhook });
    }
    return plan;
  }

  /** Row i's finding counts under the workspace (the stored tally is over every partner, auto mode). */
  private tallyAt(i: number): FindingTally {
    const stored = this.tallies[this.tallyOf[i]];
    const tally = this.workspace.sources.length === 0 ? stored : effectiveTally(stored, this.strings[this.typeOf[i]], this.strings[this.nameOf[i]], this.planAt(i));
    const account = this.accountFindings.get(i);
    return account !== undefined && this.planAt(i).profiles.includes('freshsuccess') ? withFinding(tally, account) : tally;
  }

  /** Each distinct source (masked write key or webhook) with its message count and last seq. */
  seenSources(): { writeKeyMasked?: string; writeKeyFingerprint?: string; webhook?: string; messages: number; lastSeq: number }[] {
    const perGroup = new Int32Array(this.groups.length);
    const lastOfGroup = new Float64Array(this.groups.length);
    for (let i = 0; i < this.count; i++) {
      perGroup[this.groupOf[i]]++;
      lastOfGroup[this.groupOf[i]] = this.seqs[i];
    }
    const bySource = new Map<string, { writeKeyMasked?: string; writeKeyFingerprint?: string; webhook?: string; messages: number; lastSeq: number }>();
    this.groups.forEach((g, k) => {
      if (perGroup[k] === 0) return;
      const key = g.webhook !== undefined ? `webhook ${g.webhook}` : `key ${g.writeKeyFingerprint ?? g.writeKeyMasked ?? ''}`;
      let s = bySource.get(key);
      const identity =
        g.webhook !== undefined
          ? { webhook: g.webhook }
          : g.writeKeyMasked !== undefined
            ? { writeKeyMasked: g.writeKeyMasked, ...(g.writeKeyFingerprint !== undefined ? { writeKeyFingerprint: g.writeKeyFingerprint } : {}) }
            : {};
      if (s === undefined) bySource.set(key, (s = { ...identity, messages: 0, lastSeq: 0 }));
      s.messages += perGroup[k];
      s.lastSeq = Math.max(s.lastSeq, lastOfGroup[k]);
    });
    return [...bySource.values()].sort((a, b) => b.lastSeq - a.lastSeq);
  }

  // ---- reading ----

  seqAt(i: number): number {
    return this.seqs[i];
  }

  /** Row i's summary, built now (a new object each call). */
  summaryAt(i: number): MessageSummary {
    const g = this.groups[this.groupOf[i]];
    const tally = this.tallyAt(i);
    return {
      seq: this.seqs[i],
      receivedAt: g.receivedAt,
      type: this.strings[this.typeOf[i]],
      name: this.strings[this.nameOf[i]],
      userId: this.idAt(i, USER_ID),
      anonymousId: this.idAt(i, ANONYMOUS_ID),
      origin: g.origin,
      endpoint: g.endpoint,
      writeKeyMasked: g.writeKeyMasked,
      webhook: g.webhook,
      signature: g.signature,
      signatureUnchecked: g.signatureUnchecked,
      dropCodes: this.dropLists[this.dropsOf[i]],
      findingProfiles: tally.profiles,
      errorCount: tally.errorCount,
      warningCount: tally.warningCount,
      findingCounts: tally.counts,
    };
  }

  /** Summaries of rows [from, to). */
  summariesIn(from = 0, to = this.count): MessageSummary[] {
    const out: MessageSummary[] = new Array(Math.max(0, to - from));
    for (let i = from; i < to; i++) out[i - from] = this.summaryAt(i);
    return out;
  }

  /** Row i's messageId when it was a string. */
  messageIdAt(i: number): string | undefined {
    return this.idAt(i, MESSAGE_ID);
  }

  private idAt(i: number, field: number): string | undefined {
    const length = this.idSpans[i * ID_FIELDS + field + 1];
    if (length < 0) return undefined;
    const start = this.idSpans[i * ID_FIELDS + field];
    return this.idTexts[this.idsOf[i]].slice(start, start + length);
  }

  /** Row i's id field equals value (compared in place: no string is made). */
  private idIs(i: number, field: number, value: string): boolean {
    const length = this.idSpans[i * ID_FIELDS + field + 1];
    return length === value.length && this.idTexts[this.idsOf[i]].startsWith(value, this.idSpans[i * ID_FIELDS + field]);
  }

  /** Position of seq in the rows, or -1 (binary search: seqs only grow). */
  find(seq: number): number {
    return indexOfSorted(this.seqs, this.count, seq);
  }

  /** Position of the first row with a seq above `seq` (size when there is none). */
  firstAfterSeq(seq: number): number {
    return upperBound(this.seqs, seq, this.count);
  }

  location(i: number): { offset: number; length: number } {
    return { offset: this.offsets[i], length: this.lengths[i] };
  }

  /**
   * The payload text of the row just added, when the caller has it as a string (the loader): it
   * goes into the search corpus now rather than being read back from the log by the first search.
   */
  noteText(text: string): void {
    if (this.corpus.rows !== this.count - 1) return;
    this.corpus.appendText(text);
    this.held.delete(this.count - 1);
  }

  /** noteText for the last row's text as UTF-8 bytes (a loaded line's, still in hand). */
  noteBytes(source: Buffer, start: number, end: number): void {
    if (this.corpus.rows !== this.count - 1) return;
    this.corpus.appendBytes(source, start, end);
  }

  /** Brings the search corpus up to every row: held texts, and what ingest left in the file (read in large ranges). */
  private searchable(): SearchCorpus {
    const corpus = this.corpus;
    const n = this.count;
    let i = corpus.rows;
    while (i < n) {
      const text = this.held.get(i);
      if (text !== undefined) {
        corpus.appendText(text);
        this.held.delete(i);
        i++;
        continue;
      }
      // A run of stored texts, in file order (each after the one before it), read as one range
      // that ends where its last text ends.
      const start = this.textOffset[i];
      let j = i;
      while (j + 1 < n && !this.held.has(j + 1) && this.textOffset[j + 1] >= this.textOffset[j] + this.textLength[j] && this.textOffset[j + 1] + this.textLength[j + 1] - start <= READ_RANGE) j++;
      const end = this.textOffset[j] + this.textLength[j];
      const bytes = this.readLog(start, end - start);
      for (let k = i; k <= j; k++) {
        const from = this.textOffset[k] - start;
        corpus.appendBytes(bytes, from, from + this.textLength[k]);
      }
      i = j + 1;
    }
    return corpus;
  }

  /** The compacted texts of rows that may have whitespace between JSON tokens (see spaced), up to date. */
  private spacedRows(corpus: SearchCorpus): Map<number, string> {
    for (const byte of [SPACE, TAB, CR]) {
      corpus.findRowsWithByte(byte, this.spacedUpTo, byte === SPACE ? SPACE_BETWEEN_TOKENS : undefined, (row) => {
        if (!this.spaced.has(row)) this.spaced.set(row, compactJsonText(corpus.textAt(row)));
      });
    }
    this.spacedUpTo = corpus.rows;
    return this.spaced;
  }

  /**
   * Marks (1) the rows, of rows 0 .. count - 1, whose payload JSON contains `text`,
   * case-insensitively; for a JSON fragment, also with the whitespace between tokens ignored on
   * both sides. The last search's marks are extended rather than found again.
   */
  private matchMarks(text: string): Uint8Array {
    // A control character is held escaped (\u0000): looked for so.
    const needle = escapedForSearch(text).toLowerCase();
    const corpus = this.searchable();
    const last = this.lastSearch;
    let marks: Uint8Array;
    let from = 0;
    let matches = 0;
    if (last !== undefined && last.needle === needle) {
      if (last.upTo === this.count) return last.marks;
      marks = last.marks.length >= this.count ? last.marks : grownMarks(last.marks, this.count);
      from = last.upTo;
      matches = last.matches;
    } else {
      // The marks of the search before the last one are free again: zeroing them is cheaper than
      // fresh memory (10 MB at 10M messages, a page fault per 4 KiB).
      const spare = this.spareMarks;
      this.spareMarks = last?.marks;
      marks = spare !== undefined && spare.length >= this.count ? spare.fill(0) : new Uint8Array(Math.max(this.count, 1024));
      // Typing on: rows that match the longer text are among those that matched the shorter one,
      // and when those are few, checking each is faster than a scan.
      if (last !== undefined && !isJsonFragment(needle) && !isJsonFragment(last.needle) && needle.includes(last.needle) && last.matches * 64 < last.upTo) {
        const bytes = Buffer.from(needle);
        for (let i = last.marks.indexOf(1); i >= 0 && i < last.upTo; i = last.marks.indexOf(1, i + 1)) {
          if (corpus.rowContains(i, bytes)) {
            marks[i] = 1;
            matches++;
          }
        }
        from = last.upTo;
      }
    }
    const mark = (row: number) => {
      if (marks[row] === 0) {
        marks[row] = 1;
        matches++;
      }
    };
    corpus.find(Buffer.from(needle), from, mark);
    if (isJsonFragment(needle)) {
      // Compact rows (most) are their own compact form: a compact reading of the fragment found in
      // the text is a match. Spaced rows are compared by their compacted text.
      const spaced = this.spacedRows(corpus);
      const readings = compactNeedles(needle);
      for (const reading of readings) {
        if (reading === needle) continue;
        corpus.find(Buffer.from(reading), from, (row) => {
          if (!spaced.has(row)) mark(row);
        });
      }
      for (const [row, compact] of spaced) if (row >= from && readings.some((r) => compact.includes(r))) mark(row);
    }
    this.lastSearch = { needle, marks, upTo: this.count, matches };
    return marks;
  }

  /** Seqs whose payload JSON contains text (see matchMarks), in capture order. */
  search(text: string): number[] {
    const marks = this.matchMarks(text);
    const matches = this.lastSearch!.matches;
    const out: number[] = [];
    // Few matches: jump from one to the next (indexOf is native); many: one pass.
    if (matches * 16 < this.count) {
      for (let i = marks.indexOf(1); i >= 0 && i < this.count; i = marks.indexOf(1, i + 1)) out.push(this.seqs[i]);
    } else {
      for (let i = 0; i < this.count; i++) if (marks[i] === 1) out.push(this.seqs[i]);
    }
    return out;
  }

  /**
   * Positions from `from` on matching every given filter field (all but `match`, which needs the
   * payload), in capture order; limit keeps the newest.
   */
  filter(f: MessageFilter, from = 0): number[] {
    // A type or name never seen has no code: nothing can match it.
    const type = f.type === undefined ? -1 : (this.stringCodes.get(f.type) ?? -2);
    const name = f.event === undefined ? -1 : (this.stringCodes.get(f.event) ?? -2);
    if (type === -2 || name === -2) return [];
    const namedTypes = new Set(['track', 'page', 'screen'].map((t) => this.stringCodes.get(t)));
    const textMarks = f.text ? this.matchMarks(f.text) : undefined;
    const endpoint = f.endpoint ? normalizeEndpoint(f.endpoint) : undefined;
    const sameEndpoint = endpoint !== undefined ? slashTwin(endpoint) : undefined;
    const out: number[] = [];
    const start = f.afterSeq !== undefined ? Math.max(from, this.firstAfterSeq(f.afterSeq)) : from;
    for (let i = start; i < this.count; i++) {
      if (type >= 0 && this.typeOf[i] !== type) continue;
      if (f.messageId !== undefined && !this.idIs(i, MESSAGE_ID, f.messageId)) continue;
      if (name >= 0 && (this.nameOf[i] !== name || !namedTypes.has(this.typeOf[i]))) continue;
      if (f.userId !== undefined && !this.idIs(i, USER_ID, f.userId)) continue;
      if (f.anonymousId !== undefined && !this.idIs(i, ANONYMOUS_ID, f.anonymousId)) continue;
      if (endpoint !== undefined && this.groups[this.groupOf[i]].endpoint !== endpoint && this.groups[this.groupOf[i]].endpoint !== sameEndpoint) continue;
      if (f.hasProblems !== undefined || f.profile !== undefined) {
        const tally = this.tallyAt(i);
        if (f.hasProblems !== undefined && problems(this.dropLists[this.dropsOf[i]], this.groups[this.groupOf[i]].signature, tally) !== f.hasProblems) continue;
        if (f.profile !== undefined && !tally.profiles.includes(f.profile)) continue;
      }
      if (textMarks !== undefined && textMarks[i] !== 1) continue;
      out.push(i);
    }
    return f.limit !== undefined && out.length > f.limit ? out.slice(out.length - f.limit) : out;
  }
}

function sameGroup(a: SummaryGroup, b: SummaryGroup): boolean {
  return (
    a.receivedAt === b.receivedAt &&
    a.origin === b.origin &&
    a.endpoint === b.endpoint &&
    a.writeKeyMasked === b.writeKeyMasked &&
    a.writeKeyFingerprint === b.writeKeyFingerprint &&
    a.webhook === b.webhook &&
    a.signature === b.signature &&
    a.signatureUnchecked === b.signatureUnchecked
  );
}

const WITH_ACCOUNT = new WeakMap<FindingTally, FindingTally>();

/** The tally with one more (warning or error) finding of its profile; memoized per tally. */
function withFinding(t: FindingTally, f: Finding): FindingTally {
  const known = WITH_ACCOUNT.get(t);
  if (known !== undefined) return known;
  const profiles = [...t.profiles];
  const counts = [...t.counts];
  let k = profiles.indexOf(f.profile);
  if (k < 0) {
    k = profiles.push(f.profile) - 1;
    counts.push(0, 0);
  }
  counts[2 * k + (f.severity === 'error' ? 0 : 1)]++;
  const out = internTally({ profiles, counts, errorCount: t.errorCount + (f.severity === 'error' ? 1 : 0), warningCount: t.warningCount + (f.severity === 'warning' ? 1 : 0) });
  WITH_ACCOUNT.set(t, out);
  return out;
}

function grownMarks(marks: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(Math.max(count, marks.length * 2));
  out.set(marks);
  return out;
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
/** A space after one of these, or before one of the next, may be whitespace between JSON tokens. */
/** A space after `:` `,` `{` `[`, or before `}` `]` `,` `:`, may stand between JSON tokens. */
const SPACE_BETWEEN_TOKENS: ByteContext = {
  before: byteFlags([0x3a, 0x2c, 0x7b, 0x5b]),
  after: byteFlags([0x7d, 0x5d, 0x2c, 0x3a]),
};

function byteFlags(bytes: readonly number[]): Uint8Array {
  const flags = new Uint8Array(256);
  for (const b of bytes) flags[b] = 1;
  return flags;
}

function grown<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function problems(dropCodes: readonly DropCode[], signature: SummaryGroup['signature'], tally: FindingTally): boolean {
  return hasProblems({ dropCodes, signature, errorCount: tally.errorCount, warningCount: tally.warningCount });
}
