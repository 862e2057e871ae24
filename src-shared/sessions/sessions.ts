// Freshsuccess sessions (domain.md, "Freshsuccess sessions"): keyed by anonymousId, timed out
// once no message of that anonymousId is seen for the timeout (default 30 minutes). Built
// incrementally in seq (arrival) order; the structure depends only on the messages and the
// settings, never on the clock's current reading. Only a session's state (open or timed out)
// and its countdown read "now", so a clock moved in one jump or in many small steps gives the
// same sessions.
import { createAccountTracker, type AccountConflict } from '../validate/account-tracker';
import { NO_MODULE, SessionInputs, type SessionInput } from './session-input';
import { TimeoutQueue } from './timeout-queue';
import { upperBound } from '../sorted';

export interface SessionsSettings {
  /** A gap of this many ms (or more) without the session's anonymousId ends it. */
  timeoutMs: number;
}
export const DEFAULT_SESSIONS_SETTINGS: SessionsSettings = { timeoutMs: 30 * 60_000 };
/** One second to one week: below, every message is its own session; above, nothing times out in a test run. */
export const TIMEOUT_LIMITS = { minMs: 1000, maxMs: 7 * 24 * 3600_000 };

export interface LateMessage {
  seq: number;
  timeMs: number;
  arrivalMs: number;
  /** The session it belongs to by its time, which had already timed out when it arrived. */
  sessionId: string;
  reason: string;
}

/**
 * Most sessions never get a late message: they share this empty list. With a session per
 * message (a visitor seen every few hours) each empty list was 32 bytes per message.
 */
const NO_LATE: readonly LateMessage[] = Object.freeze([]);

/**
 * One session: its messages as positions in the model's inputs. Where every message is its own
 * session (a visitor seen every few hours) there are as many sessions as messages, so a session
 * keeps its only message's position inline (no list until a second one joins) and makes its id
 * text when asked: about 80 bytes a session where the id text and a one-element list made it 180.
 */
export class Session {
  /** The only message's position; -1 once `list` holds them. */
  private only: number;
  private list: number[] | undefined;
  /**
   * The account Freshsuccess gives each message (same order as messages): its groupId, else the
   * last account seen for its userId. Past its end, none: most sessions have no account (undefined).
   */
  accounts: (string | undefined)[] | undefined;
  /** NO_LATE (shared) until one arrives. */
  late: readonly LateMessage[] = NO_LATE;
  /**
   * The position in `inputs` of the message that arrived last (positions are in arrival order): a
   * position, not its time, so that it stays a small integer in the object.
   */
  latest: number;

  constructor(
    readonly anonymousId: string,
    /** Its place among the anonymousId's sessions, from 1, in time order. */
    readonly n: number,
    /** The inputs its messages are in (the model's). */
    readonly inputs: SessionInputs,
    first: number,
    account: string | undefined,
  ) {
    this.only = first;
    this.latest = first;
    this.accounts = account === undefined ? undefined : [account];
  }

  /** "<anonymousId>#<n>". */
  get id(): string {
    return `${this.anonymousId}#${this.n}`;
  }

  /** How many messages (late ones not counted). */
  get size(): number {
    return this.list === undefined ? 1 : this.list.length;
  }

  /** The k-th message's position in `inputs` (time order; equal times in arrival order). */
  messageAt(k: number): number {
    return this.list === undefined ? (k === 0 ? this.only : -1) : this.list[k];
  }

  /** Its messages in time order (equal times in arrival order): positions in `inputs`. */
  get messages(): readonly number[] {
    return this.list ?? [this.only];
  }

  /** Puts message i at place k of the time order. */
  insertAt(k: number, i: number): void {
    if (i > this.latest) this.latest = i;
    if (this.list === undefined) {
      this.list = [this.only];
      this.only = -1;
    }
    this.list.splice(k, 0, i);
  }
}

export interface TimeSplit {
  key: string;
  ms: number;
}

export type SessionState = 'open' | 'timedOut';

export function firstMs(s: Session): number {
  return s.inputs.timeMs(s.messageAt(0));
}
export function lastMs(s: Session): number {
  return s.inputs.timeMs(s.messageAt(s.size - 1));
}
export function durationMs(s: Session): number {
  return lastMs(s) - firstMs(s);
}

/**
 * Each gap between consecutive messages counts toward the earlier message's key: its module
 * (moduleTimes) or its feature (featureTimes). The parts add up to the duration. Keys in the
 * order first seen.
 */
function splitTime(s: Session, keyOf: (inputs: SessionInputs, i: number) => string): TimeSplit[] {
  const totals = new Map<string, number>();
  const { inputs, size } = s;
  for (let k = 0; k < size; k++) {
    const key = keyOf(inputs, s.messageAt(k));
    const gap = k + 1 < size ? inputs.timeMs(s.messageAt(k + 1)) - inputs.timeMs(s.messageAt(k)) : 0;
    totals.set(key, (totals.get(key) ?? 0) + gap);
  }
  return [...totals].map(([key, ms]) => ({ key, ms }));
}
export const moduleTimes = (s: Session) => splitTime(s, (inputs, i) => inputs.module(i) ?? NO_MODULE);
export const featureTimes = (s: Session) => splitTime(s, (inputs, i) => inputs.feature(i));

/** The last userId / account seen in the session (an anonymous visitor may identify midway). */
export function sessionUserId(s: Session): string | undefined {
  for (let k = s.size - 1; k >= 0; k--) {
    const userId = s.inputs.userId(s.messageAt(k));
    if (userId !== undefined) return userId;
  }
  return undefined;
}
export function sessionAccount(s: Session): string | undefined {
  const accounts = s.accounts ?? [];
  for (let k = accounts.length - 1; k >= 0; k--) if (accounts[k] !== undefined) return accounts[k];
  return undefined;
}

/** The account of the session's k-th message (see Session.accounts). */
export function accountAt(s: Session, k: number): string | undefined {
  return s.accounts?.[k];
}

const FRESHSUCCESS_CALLS = new Set(['track', 'identify', 'group']);

export class SessionModel {
  /** anonymousId -> its sessions in time order. */
  readonly lanes = new Map<string, Session[]>();
  readonly accounts = createAccountTracker();
  private sessionCount = 0;
  private messageCount = 0;
  /** Every session by its deadline (end + timeout), for announcing timeouts as the clock passes them. */
  readonly timeouts = new TimeoutQueue<Session>((s) => this.deadlineOf(s), byId);
  /** Sorted deadlines for timedOutBetween (pure queries and tests), rebuilt when a message changed them. */
  private deadlineCache: { ms: Float64Array; sessions: Session[] } | undefined;

  /** inputs: where its messages are kept; a model may take only some of them (addAt). */
  constructor(
    readonly settings: SessionsSettings = DEFAULT_SESSIONS_SETTINGS,
    readonly inputs: SessionInputs = new SessionInputs(),
  ) {}

  /** The model of all these inputs (kept as they are when they are columns already). */
  static from(inputs: Iterable<SessionInput> | SessionInputs, settings?: SessionsSettings): SessionModel {
    const model = new SessionModel(settings, inputs instanceof SessionInputs ? inputs : SessionInputs.of(inputs));
    for (let i = 0; i < model.inputs.length; i++) model.addAt(i);
    return model;
  }

  get size(): { sessions: number; messages: number; anonymousIds: number } {
    return { sessions: this.sessionCount, messages: this.messageCount, anonymousIds: this.lanes.size };
  }

  /** Adds the next message in arrival (seq) order to the model's inputs, and to the model. */
  add(input: SessionInput): void {
    this.addAt(this.inputs.push(input));
  }

  /** Adds the message at position i of the model's inputs (positions ascending). */
  addAt(i: number): void {
    const inputs = this.inputs;
    this.messageCount++;
    this.deadlineCache = undefined;
    const userId = inputs.userId(i);
    const groupId = inputs.groupId(i);
    if (userId !== undefined && FRESHSUCCESS_CALLS.has(inputs.type(i))) this.accounts.pair(userId, groupId, inputs.seq(i));
    const account = groupId ?? (userId !== undefined ? this.accounts.lastAccountOf(userId) : undefined);
    const anonymousId = inputs.anonymousId(i);
    let lane = this.lanes.get(anonymousId);
    if (lane === undefined) this.lanes.set(anonymousId, (lane = []));
    const current = lane[lane.length - 1];
    const timeout = this.settings.timeoutMs;
    const t = inputs.timeMs(i);
    if (current === undefined || t >= lastMs(current) + timeout) return this.open(lane, anonymousId, i, account);
    // The session its time falls in: the latest whose first message is less than a timeout after it.
    // Not always the last: a message dated ahead of the clock (a client clock ahead, an SDK's
    // timestamps past a paused simulation clock) begins a later session while this one is still open.
    let k = lane.length - 1;
    while (k > 0 && t <= firstMs(lane[k]) - timeout) k--;
    const session = lane[k];
    // Between two sessions (or before the first), a timeout or more from both: a session of its
    // own, before others; listed as late for the next session instead (ids stay as they were).
    const older = (j: number) => `older than ${j === lane.length - 1 ? "the open session's" : "the session's"} first message by the timeout or more`;
    if (t <= firstMs(session) - timeout) return addLate(session, i, older(k));
    if (t >= lastMs(session) + timeout) return addLate(lane[k + 1], i, older(k + 1));
    // Late by the clock at its arrival: the session's deadline passed after its messages arrived.
    if (timedOutSinceSeen(session, inputs.arrivalMs(i), timeout)) {
      if (k < lane.length - 1) return addLate(session, i, 'its time falls in an earlier session, which had already timed out when it arrived');
      const where = t > lastMs(session) ? `within ${Math.round(timeout / 60_000)} min of the session's last message` : t >= firstMs(session) ? 'between its first and last messages' : `less than ${Math.round(timeout / 60_000)} min before its first message`;
      return addLate(session, i, `arrived after its session had timed out (its time is ${where})`);
    }
    const previous = lane[k - 1];
    if (previous !== undefined && t < lastMs(previous) + timeout) {
      if (timedOutSinceSeen(previous, inputs.arrivalMs(i), timeout)) return addLate(previous, i, 'its time falls in an earlier session, which had already timed out when it arrived');
      // Less than a timeout from both: it would join them into one, and sessions are not merged.
      return addLate(session, i, `its time is less than the timeout from both ${previous.id} and ${session.id}: it would join them into one session, and sessions are not merged`);
    }
    // The session's deadline moves later; its timeout-queue entry catches up when it surfaces.
    if (t >= lastMs(session)) {
      session.insertAt(session.size, i);
      insertAccount(session, session.size - 1, account);
    } else insertInTimeOrder(session, i, account);
  }

  private open(lane: Session[], anonymousId: string, i: number, account: string | undefined): void {
    const session = new Session(anonymousId, lane.length + 1, this.inputs, i, account);
    lane.push(session);
    this.sessionCount++;
    this.timeouts.push(session, this.inputs.timeMs(i) + this.settings.timeoutMs);
  }

  deadlineOf(s: Session): number {
    return lastMs(s) + this.settings.timeoutMs;
  }

  /** Timed out once the clock reaches its deadline, or once a later session of its anonymousId began. */
  stateAt(s: Session, nowMs: number): SessionState {
    if (nowMs >= this.deadlineOf(s)) return 'timedOut';
    const lane = this.lanes.get(s.anonymousId);
    return lane && lane[lane.length - 1] !== s ? 'timedOut' : 'open';
  }

  *sessions(): Generator<Session> {
    for (const lane of this.lanes.values()) yield* lane;
  }

  conflicts(): AccountConflict[] {
    return this.accounts.conflicts();
  }

  private deadlines(): { ms: Float64Array; sessions: Session[] } {
    if (this.deadlineCache) return this.deadlineCache;
    const sessions = [...this.sessions()].sort((a, b) => this.deadlineOf(a) - this.deadlineOf(b) || byId(a, b));
    const ms = Float64Array.from(sessions, (s) => this.deadlineOf(s));
    return (this.deadlineCache = { ms, sessions });
  }

  /** The first deadline strictly after nowMs: where "jump to next timeout" goes. */
  nextDeadlineAfter(nowMs: number): number | undefined {
    const { ms } = this.deadlines();
    const i = upperBound(ms, nowMs);
    return i < ms.length ? ms[i] : undefined;
  }

  /** Sessions whose deadline the clock passed going from fromMs (exclusive) to toMs (inclusive), in deadline order. */
  timedOutBetween(fromMs: number, toMs: number): Session[] {
    if (!(toMs > fromMs)) return [];
    const { ms, sessions } = this.deadlines();
    return sessions.slice(upperBound(ms, fromMs), upperBound(ms, toMs));
  }
}

function byId(a: Session, b: Session): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Whether the session was seen open and has timed out by the clock since: its deadline passed
 * between the arrival of its latest message and `arrivalMs`. A session whose messages all arrived
 * after its deadline (a batch of messages dated an hour ago: a mobile library's queue flushed
 * after a flight, an import, a scenario of past times) was never open to the clock: its messages
 * are placed by their times, together, instead of each being late for the first one's session.
 */
function timedOutSinceSeen(session: Session, arrivalMs: number, timeout: number): boolean {
  const deadline = lastMs(session) + timeout;
  return arrivalMs >= deadline && session.inputs.arrivalMs(session.latest) < deadline;
}

function addLate(session: Session, i: number, reason: string): void {
  const inputs = session.inputs;
  if (session.late === NO_LATE) session.late = [];
  (session.late as LateMessage[]).push({ seq: inputs.seq(i), timeMs: inputs.timeMs(i), arrivalMs: inputs.arrivalMs(i), sessionId: session.id, reason });
}


function insertInTimeOrder(session: Session, i: number, account: string | undefined): void {
  const inputs = session.inputs;
  const t = inputs.timeMs(i);
  let k = session.size;
  // Usually in order already: walk back from the end (ties keep arrival order).
  while (k > 0 && inputs.timeMs(session.messageAt(k - 1)) > t) k--;
  session.insertAt(k, i);
  insertAccount(session, k, account);
}

/** Records the account of the message just put at position k of the session's messages. */
function insertAccount(session: Session, k: number, account: string | undefined): void {
  const accounts = session.accounts;
  if (accounts !== undefined && k < accounts.length) {
    accounts.splice(k, 0, account);
    return;
  }
  // Past the list's end every message has none: only a message with one lengthens it.
  if (account === undefined) return;
  const list = accounts ?? (session.accounts = []);
  while (list.length < k) list.push(undefined);
  list.push(account);
}
