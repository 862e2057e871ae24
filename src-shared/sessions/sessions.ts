// Freshsuccess sessions (domain.md, "Freshsuccess sessions"): keyed by anonymousId, timed out
// once no message of that anonymousId is seen for the timeout (default 30 minutes). Built
// incrementally in seq (arrival) order; the structure depends only on the messages and the
// settings, never on the clock's current reading. Only a session's state (open or timed out)
// and its countdown read "now", so a clock moved in one jump or in many small steps gives the
// same sessions.
import { createAccountTracker, type AccountConflict } from '../validate/account-tracker';
import { FRESHSUCCESS_CALLS, NO_MODULE, SessionInputs, type SessionInput } from './session-input';
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
  /** The later of the two sessions it would join. */
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
  /** Found timed out by a message that arrived after its deadline: it takes no more messages. */
  closed = false;
  /**
   * The position in `inputs` of the message that arrived last (positions are in arrival order): a
   * position, not its time, so that it stays a small integer in the object.
   */
  latest: number;

  constructor(
    readonly anonymousId: string,
    /** Its place among the anonymousId's sessions, from 1, in the order they opened. */
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

/**
 * The sessions of its anonymousId that the session's first-arrived message fell within a timeout
 * of but could not join, because they had timed out (closed): why it is a session of its own. A
 * closed session takes no message after that, so it is an earlier one.
 */
export function openedAfterTimeoutOf(model: SessionModel, s: Session): Session[] {
  const opener = s.messages.reduce((a, b) => Math.min(a, b)); // positions are in arrival order
  const t = s.inputs.timeMs(opener);
  const timeout = model.settings.timeoutMs;
  return (model.lanes.get(s.anonymousId) ?? []).filter((o) => o !== s && o.closed && t > firstMs(o) - timeout && t < lastMs(o) + timeout);
}

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

export class SessionModel {
  /** anonymousId -> its sessions in order of their first message's time. */
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

  /** Messages given to the model without an anonymousId (server-side calls, most often): in no session. */
  get messagesWithoutAnonymousId(): number {
    return this.withoutAnonymousId;
  }
  private withoutAnonymousId = 0;

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
    const userId = inputs.userId(i);
    const groupId = inputs.groupId(i);
    if (userId !== undefined && FRESHSUCCESS_CALLS.has(inputs.type(i))) this.accounts.pair(userId, groupId, inputs.seq(i));
    if (!inputs.hasSession(i)) {
      this.withoutAnonymousId++; // no anonymousId: it counts for the account rule alone
      return;
    }
    this.messageCount++;
    this.deadlineCache = undefined;
    const account = groupId ?? (userId !== undefined ? this.accounts.lastAccountOf(userId) : undefined);
    const anonymousId = inputs.anonymousId(i);
    let lane = this.lanes.get(anonymousId);
    if (lane === undefined) this.lanes.set(anonymousId, (lane = []));
    const [session, other] = this.joinable(lane, i);
    // No session it can join: one of its own (domain.md: "a message that arrives after the timeout
    // opens a new session for the same anonymousId"), placed among the others by its time.
    if (session === undefined) return this.open(lane, anonymousId, i, account);
    // Less than a timeout from two sessions still open: it would join them into one, and sessions are not merged.
    if (other !== undefined) return addLate(session, i, `its time is less than the timeout from both ${other.id} and ${session.id}: it would join them into one session, and sessions are not merged`);
    // The session's deadline moves later; its timeout-queue entry catches up when it surfaces.
    if (inputs.timeMs(i) >= lastMs(session)) {
      session.insertAt(session.size, i);
      insertAccount(session, session.size - 1, account);
      return;
    }
    insertInTimeOrder(session, i, account);
    if (session.messageAt(0) === i) keepLaneInTimeOrder(lane, session);
  }

  /**
   * The sessions message i could join: those its time is less than a timeout from, among the
   * sessions not closed. A session is closed once the clock passed its deadline after its messages
   * arrived (seen open, then timed out), found so by a message arriving after that: it takes no
   * more. Returns the latest such session in time and, when there is one, the next latest (two
   * means the message would join them). Sessions not closed are at least a timeout apart, so the
   * walk from the lane's end stops at the first of them that ends a timeout or more before it.
   */
  private joinable(lane: Session[], i: number): [Session | undefined, Session | undefined] {
    const { inputs } = this;
    const timeout = this.settings.timeoutMs;
    const t = inputs.timeMs(i);
    const arrival = inputs.arrivalMs(i);
    let found: Session | undefined;
    for (let k = lane.length - 1; k >= 0; k--) {
      const s = lane[k];
      if (s.closed || t <= firstMs(s) - timeout) continue;
      if (t >= lastMs(s) + timeout) break;
      if (timedOutSinceSeen(s, arrival, timeout)) {
        s.closed = true;
        continue;
      }
      if (found !== undefined) return [found, s];
      found = s;
    }
    return [found, undefined];
  }

  private open(lane: Session[], anonymousId: string, i: number, account: string | undefined): void {
    // Its number is its place in open order, so ids never change as sessions open before others.
    const session = new Session(anonymousId, lane.length + 1, this.inputs, i, account);
    const t = this.inputs.timeMs(i);
    let k = lane.length;
    while (k > 0 && firstMs(lane[k - 1]) > t) k--;
    lane.splice(k, 0, session);
    this.sessionCount++;
    this.timeouts.push(session, this.inputs.timeMs(i) + this.settings.timeoutMs);
  }

  deadlineOf(s: Session): number {
    return lastMs(s) + this.settings.timeoutMs;
  }

  /** Timed out once the clock reaches its deadline (or closed: a message found it so). */
  stateAt(s: Session, nowMs: number): SessionState {
    return s.closed || nowMs >= this.deadlineOf(s) ? 'timedOut' : 'open';
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


/** A session whose first message moved earlier keeps the lane in order of first message time. */
function keepLaneInTimeOrder(lane: Session[], session: Session): void {
  let k = lane.lastIndexOf(session);
  const t = firstMs(session);
  while (k > 0 && firstMs(lane[k - 1]) > t) {
    lane[k] = lane[k - 1];
    k--;
  }
  lane[k] = session;
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
