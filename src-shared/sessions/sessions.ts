// Freshsuccess sessions (domain.md, "Freshsuccess sessions"): keyed by anonymousId, timed out
// once no message of that anonymousId is seen for the timeout (default 30 minutes). Built
// incrementally in seq (arrival) order; the structure depends only on the messages and the
// settings, never on the clock's current reading. Only a session's state (open or timed out)
// and its countdown read "now", so a clock moved in one jump or in many small steps gives the
// same sessions.
import { createAccountTracker, type AccountConflict } from '../validate/account-tracker';
import { NO_MODULE, type SessionInput } from './session-input';
import { TimeoutQueue } from './timeout-queue';

export interface SessionsSettings {
  /** A gap of this many ms (or more) without the session's anonymousId ends it. */
  timeoutMs: number;
}
export const DEFAULT_SESSIONS_SETTINGS: SessionsSettings = { timeoutMs: 30 * 60_000 };
/** One second to one week: below, every message is its own session; above, nothing times out in a test run. */
export const TIMEOUT_LIMITS = { minMs: 1000, maxMs: 7 * 24 * 3600_000 };

export interface SessionMessage {
  input: SessionInput;
  /** The account Freshsuccess gives it: groupId, else the last account seen for its userId. */
  account: string | undefined;
}

export interface LateMessage {
  seq: number;
  timeMs: number;
  arrivalMs: number;
  /** The session it belongs to by its time, which had already timed out when it arrived. */
  sessionId: string;
  reason: string;
}

export interface Session {
  /** "<anonymousId>#<n>", n counting the anonymousId's sessions from 1 in time order. */
  id: string;
  anonymousId: string;
  /** Messages in time order (equal times in arrival order). */
  messages: SessionMessage[];
  late: LateMessage[];
}

export interface TimeSplit {
  key: string;
  ms: number;
}

export type SessionState = 'open' | 'timedOut';

export function firstMs(s: Session): number {
  return s.messages[0].input.timeMs;
}
export function lastMs(s: Session): number {
  return s.messages[s.messages.length - 1].input.timeMs;
}
export function durationMs(s: Session): number {
  return lastMs(s) - firstMs(s);
}

/**
 * Each gap between consecutive messages counts toward the earlier message's key: its module
 * (moduleTimes) or its feature (featureTimes). The parts add up to the duration. Keys in the
 * order first seen.
 */
function splitTime(s: Session, keyOf: (m: SessionInput) => string): TimeSplit[] {
  const totals = new Map<string, number>();
  const msgs = s.messages;
  for (let i = 0; i < msgs.length; i++) {
    const key = keyOf(msgs[i].input);
    const gap = i + 1 < msgs.length ? msgs[i + 1].input.timeMs - msgs[i].input.timeMs : 0;
    totals.set(key, (totals.get(key) ?? 0) + gap);
  }
  return [...totals].map(([key, ms]) => ({ key, ms }));
}
export const moduleTimes = (s: Session) => splitTime(s, (m) => m.module ?? NO_MODULE);
export const featureTimes = (s: Session) => splitTime(s, (m) => m.feature);

/** The last userId / account seen in the session (an anonymous visitor may identify midway). */
export function sessionUserId(s: Session): string | undefined {
  for (let i = s.messages.length - 1; i >= 0; i--) if (s.messages[i].input.userId !== undefined) return s.messages[i].input.userId;
  return undefined;
}
export function sessionAccount(s: Session): string | undefined {
  for (let i = s.messages.length - 1; i >= 0; i--) if (s.messages[i].account !== undefined) return s.messages[i].account;
  return undefined;
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

  constructor(readonly settings: SessionsSettings = DEFAULT_SESSIONS_SETTINGS) {}

  static from(inputs: Iterable<SessionInput>, settings?: SessionsSettings): SessionModel {
    const model = new SessionModel(settings);
    for (const input of inputs) model.add(input);
    return model;
  }

  get size(): { sessions: number; messages: number; anonymousIds: number } {
    return { sessions: this.sessionCount, messages: this.messageCount, anonymousIds: this.lanes.size };
  }

  /** Adds the next message in arrival (seq) order. */
  add(input: SessionInput): void {
    this.messageCount++;
    this.deadlineCache = undefined;
    if (input.userId !== undefined && FRESHSUCCESS_CALLS.has(input.type)) this.accounts.pair(input.userId, input.groupId, input.seq);
    const account = input.groupId ?? (input.userId !== undefined ? this.accounts.lastAccountOf(input.userId) : undefined);
    // Always both keys, so every entry has one shape (this runs a million times in a big log).
    const entry: SessionMessage = { input, account };
    let lane = this.lanes.get(input.anonymousId);
    if (lane === undefined) this.lanes.set(input.anonymousId, (lane = []));
    const current = lane[lane.length - 1];
    const timeout = this.settings.timeoutMs;
    const t = input.timeMs;
    if (current === undefined) return this.open(lane, entry);
    const msgs = current.messages;
    const last = msgs[msgs.length - 1].input.timeMs;
    if (t >= last + timeout) return this.open(lane, entry);
    if (input.arrivalMs >= last + timeout) {
      return addLate(current, input, `arrived after its session had timed out (its time is within ${Math.round(timeout / 60_000)} min of the session's last message)`);
    }
    const previous = lane[lane.length - 2];
    if (previous !== undefined && t < lastMs(previous) + timeout) return addLate(previous, input, 'its time falls in an earlier session, which had already timed out');
    if (t <= msgs[0].input.timeMs - timeout) return addLate(current, input, "older than the open session's first message by the timeout or more");
    // The session's deadline moves later; its timeout-queue entry catches up when it surfaces.
    if (t >= last) msgs.push(entry);
    else insertInTimeOrder(msgs, entry);
  }

  private open(lane: Session[], entry: SessionMessage): void {
    const anonymousId = entry.input.anonymousId;
    const session: Session = { id: `${anonymousId}#${lane.length + 1}`, anonymousId, messages: [entry], late: [] };
    lane.push(session);
    this.sessionCount++;
    this.timeouts.push(session, entry.input.timeMs + this.settings.timeoutMs);
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

function addLate(session: Session, input: SessionInput, reason: string): void {
  session.late.push({ seq: input.seq, timeMs: input.timeMs, arrivalMs: input.arrivalMs, sessionId: session.id, reason });
}

/** Index of the first element > x in a sorted array. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertInTimeOrder(messages: SessionMessage[], entry: SessionMessage): void {
  const t = entry.input.timeMs;
  let i = messages.length;
  // Usually in order already: walk back from the end (ties keep arrival order).
  while (i > 0 && messages[i - 1].input.timeMs > t) i--;
  messages.splice(i, 0, entry);
}
