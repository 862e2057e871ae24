// What the session model needs of one captured message, read defensively (Segment messages are
// loose): kept in memory (as columns, SessionInputs) so a settings change re-derives sessions
// without reading the log again.
import type { CapturedMessage, JsonObject } from '../capture';
import { freshsuccessGroupId } from '../validate/freshsuccess-rules';
import { grownTo, type NumberColumn } from '../typed-arrays';
import { ownEventTime, parseIsoTime } from '../tracking-api/time';
import { exactText, isExactNumber } from '../exact-json';
import { exactIdsOf } from '../summary';
import { Interner } from '../matching/key-index';

export type TimeSource = 'originalTimestamp' | 'timestamp' | 'receivedAt';

export interface SessionInput {
  seq: number;
  /**
   * The session key; '' when the message has none: it is in no session, and counts only for
   * Freshsuccess' account rule (a userId under two groupIds), which needs no session (hasSession).
   */
  anonymousId: string;
  userId?: string;
  groupId?: string;
  type: string;
  /** track: the event name (Freshsuccess' feature); other calls: "(identify)" etc. */
  feature: string;
  /** properties.module, or undefined ("(no module)"). */
  module?: string;
  /** The message's time: originalTimestamp, else timestamp, else receivedAt. */
  timeMs: number;
  timeSource: TimeSource;
  /** The engine's (simulation) clock when the message arrived: its receivedAt. */
  arrivalMs: number;
  /** Endpoint it came in on ("/v1/batch", "/webhook/pf"): the Sessions view filters by it. */
  endpoint: string;
  /** The write key's fingerprint (origin.writeKeyFingerprint), for the write-key filter. */
  writeKeyFingerprint?: string;
}

export const NO_MODULE = '(no module)';

/** An id's text: a string, a finite number's text, a number past 2^53 (an exact-json marker) as its digits. */
function idString(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v.charCodeAt(0) === 0 && isExactNumber(v) ? exactText(v) : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** The calls Freshsuccess receives, whose userId and groupId pair a user with an account. */
export const FRESHSUCCESS_CALLS: ReadonlySet<string> = new Set(['track', 'identify', 'group']);

/** The last receivedAt read, and its instant: a request's messages share one. */
let lastArrivalText: string | undefined;
let lastArrivalMs = 0;
function arrivalOf(receivedAt: string): number {
  if (receivedAt !== lastArrivalText) {
    lastArrivalMs = parseIsoTime(receivedAt) ?? 0;
    lastArrivalText = receivedAt;
  }
  return lastArrivalMs;
}

/**
 * The session model's view of a message; undefined when it has neither an anonymousId (no
 * session) nor a userId its account rule reads (a track, identify or group call), or
 * when Segment would drop it (`dropReasons`: a retried duplicate messageId, a track without event):
 * Freshsuccess never receives those, so they add no time and are neither in a session nor late. Ids
 * JSON.parse rounded (a PHP int userId past 2^53) are read from capture.messageJson as their
 * digits: 9007199254740993 and 9007199254740992 are two users, two anonymousIds, two accounts.
 */
export function toSessionInput(capture: Pick<CapturedMessage, 'seq' | 'receivedAt' | 'origin' | 'message' | 'messageJson'> & { dropReasons?: readonly unknown[] }): SessionInput | undefined {
  if (capture.dropReasons !== undefined && capture.dropReasons.length > 0) return undefined;
  const m = capture.message;
  const ids = exactIdsOf(m, () => capture.messageJson);
  const anonymousId = idString(ids.anonymousId) ?? '';
  const type = typeof m.type === 'string' ? m.type : '(no type)';
  // Server-side sends often carry no anonymousId: no session, but still a userId under a groupId.
  if (anonymousId === '' && (idString(ids.userId) === undefined || !FRESHSUCCESS_CALLS.has(type))) return undefined;
  // The shared reading of Segment's times (tracking-api/time): ISO-8601 only, no offset = UTC.
  const arrivalMs = arrivalOf(capture.receivedAt);
  const own = ownEventTime(m);
  const timeMs = own?.ms ?? arrivalMs;
  const timeSource: TimeSource = own?.field ?? 'receivedAt';
  const props = m.properties && typeof m.properties === 'object' && !Array.isArray(m.properties) ? (m.properties as JsonObject) : undefined;
  const module = props ? idString(props.module) : undefined;
  const event = idString(m.event);
  const input: SessionInput = {
    seq: capture.seq,
    anonymousId,
    type,
    feature: type === 'track' && event !== undefined ? event : `(${type})`,
    timeMs,
    timeSource,
    arrivalMs,
    endpoint: capture.origin.endpoint,
  };
  const userId = idString(ids.userId);
  if (userId !== undefined) input.userId = userId;
  const groupId = idString(freshsuccessGroupId(ids)); // groupId, else context.groupId, as Freshsuccess reads it
  if (groupId !== undefined) input.groupId = groupId;
  if (module !== undefined) input.module = module;
  if (capture.origin.kind === 'tracking' && capture.origin.writeKeyFingerprint) input.writeKeyFingerprint = capture.origin.writeKeyFingerprint;
  return input;
}

const TIME_SOURCES: readonly TimeSource[] = ['originalTimestamp', 'timestamp', 'receivedAt'];
const INITIAL_ROWS = 1024;

/**
 * Session inputs as columns: typed arrays of numbers, and texts as ids into one table of distinct
 * texts (0: none). Inputs live as long as the log, and one object each (with its two times boxed)
 * plus its entry in a session cost about 210 bytes per message: 2 GiB at ten million messages.
 * Columns cost about 60. Append-only, in seq order; `at` builds an input's object when a view asks.
 */
export class SessionInputs {
  private count = 0;
  private seqs = new Float64Array(INITIAL_ROWS);
  private times = new Float64Array(INITIAL_ROWS);
  private arrivals = new Float64Array(INITIAL_ROWS);
  private sources = new Uint8Array(INITIAL_ROWS);
  private anonymousIds = new Int32Array(INITIAL_ROWS);
  private userIds = new Int32Array(INITIAL_ROWS);
  private groupIds = new Int32Array(INITIAL_ROWS);
  private types = new Int32Array(INITIAL_ROWS);
  private features = new Int32Array(INITIAL_ROWS);
  private modules = new Int32Array(INITIAL_ROWS);
  private endpoints = new Int32Array(INITIAL_ROWS);
  private writeKeys = new Int32Array(INITIAL_ROWS);
  /**
   * Each distinct text once; a column holds its interned id + 1 (0: none). The Interner, not a
   * `Map<string, number>`: fed a million captures, the Map's lookups of the userIds and
   * anonymousIds were a third of the sessions' CPU (see Interner).
   */
  private readonly interner = new Interner();
  /** Each text column's last text and its id: a call type, an endpoint or a write key recurs message after message. */
  private readonly lastTexts: (string | undefined)[] = new Array<string | undefined>(8).fill(undefined);
  private readonly lastIds = new Int32Array(8);

  static of(inputs: Iterable<SessionInput>): SessionInputs {
    const store = new SessionInputs();
    for (const input of inputs) store.push(input);
    return store;
  }

  get length(): number {
    return this.count;
  }

  /** How many distinct texts the inputs hold (each once). */
  get distinctTexts(): number {
    return this.interner.size;
  }

  /** Adds the next input (seqs ascending); returns its position. */
  push(input: SessionInput): number {
    if (this.count === this.seqs.length) this.grow();
    const i = this.count++;
    this.seqs[i] = input.seq;
    this.times[i] = input.timeMs;
    this.arrivals[i] = input.arrivalMs;
    this.sources[i] = TIME_SOURCES.indexOf(input.timeSource);
    this.anonymousIds[i] = input.anonymousId === '' ? 0 : this.idOf(0, input.anonymousId);
    this.userIds[i] = this.idOf(1, input.userId);
    this.groupIds[i] = this.idOf(2, input.groupId);
    this.types[i] = this.idOf(3, input.type);
    this.features[i] = this.idOf(4, input.feature);
    this.modules[i] = this.idOf(5, input.module);
    this.endpoints[i] = this.idOf(6, input.endpoint);
    this.writeKeys[i] = this.idOf(7, input.writeKeyFingerprint);
    return i;
  }

  seq(i: number): number {
    return this.seqs[i];
  }
  timeMs(i: number): number {
    return this.times[i];
  }
  arrivalMs(i: number): number {
    return this.arrivals[i];
  }
  anonymousId(i: number): string {
    return this.text(this.anonymousIds[i]) ?? '';
  }
  /** Whether the message has an anonymousId (a session); one without counts for accounts only. */
  hasSession(i: number): boolean {
    return this.anonymousIds[i] !== 0;
  }
  userId(i: number): string | undefined {
    return this.text(this.userIds[i]);
  }
  groupId(i: number): string | undefined {
    return this.text(this.groupIds[i]);
  }
  type(i: number): string {
    return this.text(this.types[i])!;
  }
  feature(i: number): string {
    return this.text(this.features[i])!;
  }
  module(i: number): string | undefined {
    return this.text(this.modules[i]);
  }
  endpoint(i: number): string {
    return this.text(this.endpoints[i])!;
  }
  writeKeyFingerprint(i: number): string | undefined {
    return this.text(this.writeKeys[i]);
  }

  /** The input at position i, as an object (what the API shows of a message). */
  at(i: number): SessionInput {
    const input: SessionInput = {
      seq: this.seqs[i],
      anonymousId: this.anonymousId(i),
      type: this.type(i),
      feature: this.feature(i),
      timeMs: this.times[i],
      timeSource: TIME_SOURCES[this.sources[i]],
      arrivalMs: this.arrivals[i],
      endpoint: this.endpoint(i),
    };
    const userId = this.userId(i);
    if (userId !== undefined) input.userId = userId;
    const groupId = this.groupId(i);
    if (groupId !== undefined) input.groupId = groupId;
    const module = this.module(i);
    if (module !== undefined) input.module = module;
    const writeKeyFingerprint = this.writeKeyFingerprint(i);
    if (writeKeyFingerprint !== undefined) input.writeKeyFingerprint = writeKeyFingerprint;
    return input;
  }

  /** The text's id (column: which text column asks), adding it to the table when new; the table holds each distinct text once. */
  /** The text a column's id stands for (0: none). */
  private text(id: number): string | undefined {
    return id === 0 ? undefined : this.interner.text(id - 1);
  }

  private idOf(column: number, text: string | undefined): number {
    if (text === undefined) return 0;
    if (text === this.lastTexts[column]) return this.lastIds[column];
    const id = this.interner.id(text) + 1;
    this.lastTexts[column] = text;
    this.lastIds[column] = id;
    return id;
  }

  private grow(): void {
    const rows = this.count * 2;
    const grown = <T extends NumberColumn>(a: T): T => grownTo(a, rows);
    this.seqs = grown(this.seqs);
    this.times = grown(this.times);
    this.arrivals = grown(this.arrivals);
    this.sources = grown(this.sources);
    this.anonymousIds = grown(this.anonymousIds);
    this.userIds = grown(this.userIds);
    this.groupIds = grown(this.groupIds);
    this.types = grown(this.types);
    this.features = grown(this.features);
    this.modules = grown(this.modules);
    this.endpoints = grown(this.endpoints);
    this.writeKeys = grown(this.writeKeys);
  }
}
