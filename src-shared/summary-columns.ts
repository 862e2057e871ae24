// A compact, columnar wire form for lists of MessageSummary (the `messages.page` command).
// 100,000 summaries as JSON objects are ~29 MB, and stringifying, sending and parsing them
// dominated the inspector's start-up. Column by column, with repeated strings sent once per
// page (types, event names, endpoints, identities repeat heavily) and numbers as deltas, the
// same page is ~8× smaller and decodes into the same objects. Pure: no I/O, no Node, no DOM.
import type { DropCode, MessageSummary } from './capture';

/**
 * Integers, one per row: a plain array, or run-length encoded as [value, times, value, times, …]
 * when that is shorter (most columns hold the same value for long stretches).
 */
export type IntColumn = number[] | { runs: number[] };

/** A string column: each row holds an index into `values` (null stands for "absent"). */
export interface DictColumn {
  values: (string | null)[];
  index: IntColumn;
}

export interface SummaryColumns {
  count: number;
  /** seq minus the previous row's seq (the first row: minus 0). */
  seqDelta: IntColumn;
  /**
   * receivedAt, front-coded: how many leading characters it shares with the previous row's, and
   * the rest. Consecutive ISO times differ in their last few characters ("…12:00:07.412Z" ->
   * prefix 18, rest "7.412Z"), and rows of one request share the whole string (rest "").
   * Exact for any string, no date parsing either way.
   */
  receivedAtPrefix: IntColumn;
  receivedAtRest: DictColumn;
  type: DictColumn;
  name: DictColumn;
  userId: DictColumn;
  anonymousId: DictColumn;
  origin: DictColumn;
  endpoint: DictColumn;
  writeKeyMasked: DictColumn;
  webhook: DictColumn;
  signature: DictColumn;
  /** Codes joined with ','; '' for none. */
  dropCodes: DictColumn;
  /** Profiles joined with ','; '' for none. With findingCounts, each is "profile:errors:warnings". */
  findingProfiles: DictColumn;
  errorCount: IntColumn;
  warningCount: IntColumn;
  /** 1 where signature is 'no-secret' but an X-Signature came (signatureUnchecked), else 0. Absent: all 0. */
  signatureUnchecked?: IntColumn;
}

type DictField = 'type' | 'name' | 'userId' | 'anonymousId' | 'origin' | 'endpoint' | 'writeKeyMasked' | 'webhook' | 'signature';
const DICT_FIELDS: readonly DictField[] = ['type', 'name', 'userId', 'anonymousId', 'origin', 'endpoint', 'writeKeyMasked', 'webhook', 'signature'];

/** Run-length encodes when there are fewer than a third as many runs as rows. */
export function compactInts(values: number[]): IntColumn {
  let runs = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[i - 1]) runs++;
  if (runs * 3 >= values.length) return values;
  const out: number[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i + 1;
    while (j < values.length && values[j] === values[i]) j++;
    out.push(values[i], j - i);
    i = j;
  }
  return { runs: out };
}

/** The row values of an IntColumn; throws naming the column when it does not hold `count` rows. */
export function expandInts(col: IntColumn | undefined, count: number, field: string): number[] {
  if (Array.isArray(col)) {
    if (col.length === count) return col;
  } else if (col && Array.isArray(col.runs) && col.runs.length % 2 === 0) {
    const out: number[] = new Array(count);
    let n = 0;
    for (let r = 0; r < col.runs.length; r += 2) {
      const value = col.runs[r];
      const end = n + col.runs[r + 1];
      // More rows than count (or a length that is not a number): refused below.
      if (!(end <= count)) {
        n = -1;
        break;
      }
      while (n < end) out[n++] = value;
    }
    if (n === count) return out;
  }
  throw new ColumnsError(`column ${field} is missing or does not have ${count} rows`, `columns.${field}`);
}

class DictEncoder {
  private readonly ids = new Map<string | null, number>();
  private readonly values: (string | null)[] = [];
  private readonly index: number[] = [];
  private last: string | null | undefined = undefined;
  private lastId = -1;
  add(value: string | null | undefined): void {
    const v = value ?? null;
    // Most columns repeat the previous row's value: skip the hash lookup then.
    if (v === this.last && this.lastId >= 0) {
      this.index.push(this.lastId);
      return;
    }
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(v, id);
      this.values.push(v);
    }
    this.last = v;
    this.lastId = id;
    this.index.push(id);
  }
  /** The previous row's value again (the caller knows it is equal). */
  repeat(): void {
    this.index.push(this.lastId);
  }
  get column(): DictColumn {
    return { values: this.values, index: compactInts(this.index) };
  }
}

// "freshsuccess,segment" without counts; "#freshsuccess:2:3,segment:1:0" with findingCounts
// ("#" alone: counted, none found), so rows with and without counts both round-trip.
function profilesKey(s: MessageSummary): string {
  const counts = s.findingCounts;
  if (!counts) return s.findingProfiles.join(',');
  return `#${s.findingProfiles.map((p, i) => `${p}:${counts[2 * i] ?? 0}:${counts[2 * i + 1] ?? 0}`).join(',')}`;
}

function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameFindings(a: MessageSummary, b: MessageSummary): boolean {
  return sameList(a.findingProfiles, b.findingProfiles) && sameList(a.findingCounts, b.findingCounts);
}

function parseProfilesKey(key: string | null): { profiles: string[]; counts: number[] | undefined } {
  if (!key) return { profiles: [], counts: undefined };
  const counted = key.startsWith('#');
  const body = counted ? key.slice(1) : key;
  const profiles: string[] = [];
  const counts: number[] = [];
  if (body) {
    for (const part of body.split(',')) {
      const [profile, errors, warnings] = part.split(':');
      profiles.push(profile);
      if (counted) counts.push(Number(errors) || 0, Number(warnings) || 0);
    }
  }
  return { profiles, counts: counted ? counts : undefined };
}

/** Rows that make their summaries on demand (the engine's index keeps columns, not objects). */
export interface SummarySource {
  readonly size: number;
  summaryAt(i: number): MessageSummary;
}

/**
 * Encodes rows [from, to) column by column: summaries given as an array, or made one at a time from
 * a source (each dies young, rather than a whole page of them being alive at once).
 */
export function encodeSummaries(rows: readonly MessageSummary[] | SummarySource, from = 0, to = isSource(rows) ? rows.size : rows.length): SummaryColumns {
  const summaryAt = isSource(rows) ? (i: number) => rows.summaryAt(i) : (i: number) => rows[i]!;
  const dicts = Object.fromEntries(DICT_FIELDS.map((f) => [f, new DictEncoder()])) as Record<DictField, DictEncoder>;
  const drops = new DictEncoder();
  const profiles = new DictEncoder();
  const seqDelta: number[] = [];
  const receivedAtPrefix: number[] = [];
  const receivedAtRest = new DictEncoder();
  const errorCount: number[] = [];
  const warningCount: number[] = [];
  const unchecked: number[] = [];
  let prevSeq = 0;
  let prevText = '';
  let prev: MessageSummary | undefined;
  for (let i = from; i < to; i++) {
    const s = summaryAt(i);
    seqDelta.push(s.seq - prevSeq);
    prevSeq = s.seq;
    const text = s.receivedAt;
    if (text === prevText) {
      receivedAtPrefix.push(text.length);
      receivedAtRest.add('');
    } else {
      const max = Math.min(text.length, prevText.length);
      let p = 0;
      while (p < max && text.charCodeAt(p) === prevText.charCodeAt(p)) p++;
      receivedAtPrefix.push(p);
      receivedAtRest.add(text.slice(p));
      prevText = text;
    }
    dicts.type.add(s.type);
    dicts.name.add(s.name);
    dicts.userId.add(s.userId);
    dicts.anonymousId.add(s.anonymousId);
    dicts.origin.add(s.origin);
    dicts.endpoint.add(s.endpoint);
    dicts.writeKeyMasked.add(s.writeKeyMasked);
    dicts.webhook.add(s.webhook);
    dicts.signature.add(s.signature);
    unchecked.push(s.signatureUnchecked ? 1 : 0);
    drops.add(s.dropCodes.length === 0 ? '' : s.dropCodes.join(','));
    // Building the key string is the costly part: skip it when nothing changed from the last row.
    if (prev !== undefined && sameFindings(s, prev)) profiles.repeat();
    else profiles.add(profilesKey(s));
    errorCount.push(s.errorCount);
    warningCount.push(s.warningCount);
    prev = s;
  }
  return {
    count: to - from,
    seqDelta: compactInts(seqDelta),
    receivedAtPrefix: compactInts(receivedAtPrefix),
    receivedAtRest: receivedAtRest.column,
    type: dicts.type.column,
    name: dicts.name.column,
    userId: dicts.userId.column,
    anonymousId: dicts.anonymousId.column,
    origin: dicts.origin.column,
    endpoint: dicts.endpoint.column,
    writeKeyMasked: dicts.writeKeyMasked.column,
    webhook: dicts.webhook.column,
    signature: dicts.signature.column,
    dropCodes: drops.column,
    findingProfiles: profiles.column,
    errorCount: compactInts(errorCount),
    warningCount: compactInts(warningCount),
    signatureUnchecked: compactInts(unchecked),
  };
}

export class ColumnsError extends Error {
  constructor(message: string, readonly where: string) {
    super(`${message} (${where})`);
    this.name = 'ColumnsError';
  }
}

function checkDict(c: SummaryColumns, field: keyof SummaryColumns, count: number): { values: (string | null)[]; index: number[] } {
  const col = c[field] as DictColumn | undefined;
  if (!col || !Array.isArray(col.values)) throw new ColumnsError(`column ${field} is missing or does not have ${count} rows`, `columns.${field}`);
  return { values: col.values, index: expandInts(col.index, count, field) };
}

function checkNumbers(c: SummaryColumns, field: keyof SummaryColumns, count: number): number[] {
  return expandInts(c[field] as IntColumn | undefined, count, field);
}

/** Dictionary values of a joined-list column, split once each (rows share the arrays). */
function splitValues<T extends string>(col: DictColumn): T[][] {
  return col.values.map((v) => (v ? (v.split(',') as T[]) : []));
}

/** The distinct values a page holds, for the inspector's filter menus (no pass over rows needed). */
export interface ColumnFacets {
  types: string[];
  endpoints: string[];
  profiles: string[];
}

export function columnFacets(c: SummaryColumns): ColumnFacets {
  const present = (v: string | null): v is string => !!v;
  return {
    types: c.type.values.filter(present),
    endpoints: c.endpoint.values.filter(present),
    profiles: [...new Set(c.findingProfiles.values.flatMap((v) => parseProfilesKey(v).profiles))],
  };
}

/** A dictionary column kept as it came: the values and, per row, an index into them. */
export interface BlockDict<T> {
  readonly values: readonly T[];
  readonly index: Uint16Array | Uint32Array;
}

/**
 * Each row's code in a block's dictionary: its index into the page's `pageValues` values, mapped
 * through `codes` where the page's values were recoded into a shared table. An index past the
 * page's values reads as `absent`, as a plain array lookup would. Narrow when every code fits.
 */
function rowCodes(index: readonly number[], pageValues: number, absent: number, maxCode: number, codes?: Uint32Array): Uint16Array | Uint32Array {
  const out = maxCode <= 0xffff ? new Uint16Array(index.length) : new Uint32Array(index.length);
  for (let i = 0; i < index.length; i++) {
    const v = index[i];
    out[i] = Number.isInteger(v) && v >= 0 && v < pageValues ? (codes ? codes[v] : v) : absent;
  }
  return out;
}

function blockDict<T>(values: readonly T[], index: readonly number[]): BlockDict<T> {
  // Absent is one past the values (reads undefined).
  return { values, index: rowCodes(index, values.length, values.length, values.length) };
}

/**
 * One dictionary for a string column across the blocks of a list: each distinct value held once,
 * however many pages hold it. A user's id recurs in page after page, and a value array per
 * 5,000-row block made 20 million references at 10M rows for the page's collector to trace (its
 * pauses grew to 50-100 ms). Code 0 is "absent". Bounded: once `max` values would be passed it
 * starts a fresh table; the blocks coded against the old one keep it.
 */
export class SharedDict {
  private values: (string | undefined)[] = [undefined];
  private codes = new Map<string, number>();

  constructor(private readonly max = 1 << 18) {}

  /** The table `local`'s values are in now, and each one's code in it (null: 0, absent). */
  codesOf(local: readonly (string | null)[]): { values: readonly (string | undefined)[]; codes: Uint32Array } {
    if (this.values.length + local.length > this.max) {
      this.values = [undefined];
      this.codes = new Map();
    }
    const codes = new Uint32Array(local.length);
    for (let k = 0; k < local.length; k++) {
      const v = local[k];
      if (typeof v !== 'string') continue;
      let code = this.codes.get(v);
      if (code === undefined) {
        code = this.values.length;
        this.values.push(v);
        this.codes.set(v, code);
      }
      codes[k] = code;
    }
    return { values: this.values, codes };
  }
}

/** The columns whose values a list's blocks share (see SharedDict): the ones of many distinct values. */
export interface SharedDicts {
  name: SharedDict;
  userId: SharedDict;
  anonymousId: SharedDict;
}

export function sharedDicts(max?: number): SharedDicts {
  return { name: new SharedDict(max), userId: new SharedDict(max), anonymousId: new SharedDict(max) };
}

function sharedBlockDict(dict: SharedDict, col: { values: (string | null)[]; index: number[] }): BlockDict<string | undefined> {
  const { values, codes } = dict.codesOf(col.values);
  // Absent is code 0; the codes given so far are below the table's length now (it only grows after).
  return { values, index: rowCodes(col.index, codes.length, 0, values.length - 1, codes) };
}

/**
 * A page of summaries kept column by column (typed arrays and the page's dictionaries), making a
 * row's object only when asked for it. The renderer holds millions of rows this way: ~50 bytes a
 * row and no object per row for the collector to trace, where the objects cost hundreds of bytes
 * each and long collector pauses. `decodeSummaries` is every row of one block.
 */
export class SummaryBlock {
  readonly count: number;
  readonly seqs: Float64Array;
  /** receivedAt as epoch ms; NaN where the text is not the canonical ISO form (kept in oddTimes). */
  private readonly times: Float64Array;
  private readonly oddTimes: Map<number, string> | null;
  readonly type: BlockDict<string | undefined>;
  readonly name: BlockDict<string | undefined>;
  readonly userId: BlockDict<string | undefined>;
  readonly anonymousId: BlockDict<string | undefined>;
  readonly origin: BlockDict<string | undefined>;
  readonly endpoint: BlockDict<string | undefined>;
  readonly writeKeyMasked: BlockDict<string | undefined>;
  readonly webhook: BlockDict<string | undefined>;
  readonly signature: BlockDict<string | undefined>;
  readonly dropCodes: BlockDict<DropCode[]>;
  readonly findings: BlockDict<{ profiles: string[]; counts: number[] | undefined }>;
  readonly errorCount: Uint32Array;
  readonly warningCount: Uint32Array;
  /** Rows whose X-Signature came unchecked (no secret); null when none. */
  private readonly unchecked: Uint8Array | null;

  /**
   * Checks every column (a ColumnsError names the first bad one). `intern` may swap each
   * dictionary string for an equal one already held: pages repeat identities (a user's messages
   * span many pages), and one string instead of one per page is less for the collector to trace.
   * `shared`: the list's dictionaries for the columns of many distinct values (see SharedDict).
   */
  constructor(c: SummaryColumns, intern: (text: string) => string = (text) => text, shared?: SharedDicts) {
    const count = c?.count;
    if (!Number.isInteger(count) || count < 0) throw new ColumnsError('count must be a non-negative integer', 'columns.count');
    this.count = count;
    const seqDelta = checkNumbers(c, 'seqDelta', count);
    const prefix = checkNumbers(c, 'receivedAtPrefix', count);
    const rest = checkDict(c, 'receivedAtRest', count);
    this.errorCount = Uint32Array.from(checkNumbers(c, 'errorCount', count));
    this.warningCount = Uint32Array.from(checkNumbers(c, 'warningCount', count));
    const unchecked = c.signatureUnchecked === undefined ? [] : checkNumbers(c, 'signatureUnchecked', count);
    this.unchecked = unchecked.some((v) => v !== 0) ? Uint8Array.from(unchecked) : null;
    const dict = (f: DictField) => {
      const col = checkDict(c, f, count);
      if (shared && (f === 'name' || f === 'userId' || f === 'anonymousId')) return sharedBlockDict(shared[f], col);
      return blockDict(
        col.values.map((v) => (typeof v === 'string' ? intern(v) : undefined)),
        col.index,
      );
    };
    this.type = dict('type');
    this.name = dict('name');
    this.userId = dict('userId');
    this.anonymousId = dict('anonymousId');
    this.origin = dict('origin');
    this.endpoint = dict('endpoint');
    this.writeKeyMasked = dict('writeKeyMasked');
    this.webhook = dict('webhook');
    this.signature = dict('signature');
    const drops = checkDict(c, 'dropCodes', count);
    this.dropCodes = blockDict(splitValues<DropCode>(drops), drops.index);
    const profiles = checkDict(c, 'findingProfiles', count);
    this.findings = blockDict(profiles.values.map(parseProfilesKey), profiles.index);

    this.seqs = new Float64Array(count);
    this.times = new Float64Array(count);
    let odd: Map<number, string> | null = null;
    let seq = 0;
    let receivedAt = '';
    let lastMs = NaN;
    for (let i = 0; i < count; i++) {
      seq += seqDelta[i];
      this.seqs[i] = seq;
      const tail = rest.values[rest.index[i]] ?? '';
      // Same as the previous row (one request): no parse.
      if (tail !== '' || prefix[i] !== receivedAt.length) {
        receivedAt = receivedAt.slice(0, prefix[i]) + tail;
        const ms = Date.parse(receivedAt);
        // Kept as a number only when the number gives back the very same text.
        lastMs = Number.isFinite(ms) && receivedAt.length === 24 && new Date(ms).toISOString() === receivedAt ? ms : NaN;
      }
      this.times[i] = lastMs;
      if (Number.isNaN(lastMs)) (odd ??= new Map()).set(i, receivedAt);
    }
    this.oddTimes = odd;
  }

  /** Row j's summary, a fresh object with every key in the same order (one shape for all rows). */
  rowAt(j: number): MessageSummary {
    const text = (d: BlockDict<string | undefined>) => d.values[d.index[j]];
    const findings = this.findings.values[this.findings.index[j]];
    const ms = this.times[j];
    return {
      seq: this.seqs[j],
      receivedAt: Number.isNaN(ms) ? (this.oddTimes?.get(j) ?? '') : new Date(ms).toISOString(),
      type: text(this.type) ?? '',
      name: text(this.name) ?? '',
      userId: text(this.userId),
      anonymousId: text(this.anonymousId),
      origin: text(this.origin) === 'webhook' ? 'webhook' : 'tracking',
      endpoint: text(this.endpoint) ?? '',
      writeKeyMasked: text(this.writeKeyMasked),
      webhook: text(this.webhook),
      signature: text(this.signature) as MessageSummary['signature'],
      signatureUnchecked: this.unchecked?.[j] ? true : undefined,
      dropCodes: this.dropCodes.values[this.dropCodes.index[j]] ?? [],
      findingProfiles: findings?.profiles ?? [],
      errorCount: this.errorCount[j],
      warningCount: this.warningCount[j],
      findingCounts: findings?.counts,
    };
  }

  toArray(): MessageSummary[] {
    const out: MessageSummary[] = new Array(this.count);
    for (let j = 0; j < this.count; j++) out[j] = this.rowAt(j);
    return out;
  }

  /** Whether seqs rise strictly row after row (the engine's pages do). */
  isSorted(): boolean {
    for (let j = 1; j < this.count; j++) if (!(this.seqs[j - 1] < this.seqs[j])) return false;
    return true;
  }
}

/** Rebuilds the summaries (see SummaryBlock.rowAt for their shape). */
export function decodeSummaries(c: SummaryColumns): MessageSummary[] {
  return new SummaryBlock(c).toArray();
}

function isSource(rows: readonly MessageSummary[] | SummarySource): rows is SummarySource {
  return !Array.isArray(rows);
}
