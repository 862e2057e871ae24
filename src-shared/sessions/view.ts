// What the API and the Sessions view show of the model: plain JSON, computed at a clock reading.
import type { SessionDetail } from '../api';
import { isoTime } from '../sim-clock';
import type { AccountConflict } from '../validate/account-tracker';
import { NO_MODULE, type SessionInputs } from './session-input';
import { endpointMatcher } from '../tracking-api/endpoint';
import { unknownNameProblem } from '../scenario/near';
import { accountAt, durationMs, featureTimes, firstMs, lastMs, moduleTimes, openedAfterTimeoutOf, sessionAccount, sessionUserId, type LateMessage, type Session, type SessionModel, type SessionState, type TimeSplit } from './sessions';

export interface SessionView {
  id: string;
  anonymousId: string;
  state: SessionState;
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  /** When it times out (or did): end + timeout. */
  timeoutAt: string;
  timeoutAtMs: number;
  /** Open sessions: ms left until the timeout at the clock reading. */
  remainingMs?: number;
  moduleTimes: TimeSplit[];
  featureTimes: TimeSplit[];
  userId?: string;
  account?: string;
  messageSeqs: number[];
  late: LateMessage[];
  /** Found timed out by a message that arrived after its deadline (which opened a new session): timed out at any reading. */
  closed?: true;
}

export function sessionView(model: SessionModel, s: Session, nowMs: number): SessionView {
  const state = model.stateAt(s, nowMs);
  const deadline = model.deadlineOf(s);
  const view: SessionView = {
    id: s.id,
    anonymousId: s.anonymousId,
    state,
    start: isoTime(firstMs(s)),
    end: isoTime(lastMs(s)),
    startMs: firstMs(s),
    endMs: lastMs(s),
    durationMs: durationMs(s),
    timeoutAt: isoTime(deadline),
    timeoutAtMs: deadline,
    moduleTimes: moduleTimes(s),
    featureTimes: featureTimes(s),
    messageSeqs: s.messages.map((i) => s.inputs.seq(i)),
    late: [...s.late],
  };
  if (state === 'open') view.remainingMs = deadline - nowMs;
  if (s.closed) view.closed = true;
  const userId = sessionUserId(s);
  if (userId !== undefined) view.userId = userId;
  const account = sessionAccount(s);
  if (account !== undefined) view.account = account;
  return view;
}


export interface SessionQuery {
  anonymousId?: string;
  userId?: string;
  groupId?: string;
  state?: SessionState;
  /** Only Freshsuccess-shaped messages count (track/identify/group). */
  freshsuccessOnly?: boolean;
  /** An endpoint as the inspector's filter takes it: "import", "/v1/import" and "/v1/import/" alike. */
  endpoint?: string;
  /** A write key, or a capture's writeKeyFingerprint: the messages sent with that key. */
  writeKey?: string;
  limit?: number;
}

export const SESSION_QUERY_KEYS = ['anonymousId', 'userId', 'groupId', 'state', 'freshsuccessOnly', 'endpoint', 'writeKey', 'limit'] as const;

export const SESSION_STATES: readonly SessionState[] = ['open', 'timedOut'];

/**
 * A sessions command's query as a client sent it (the WebSocket takes any JSON) -> the query, or
 * `{ error, where }` naming the field that is wrong. Without it, `{"endpoint": 5}` failed with
 * "e.startsWith is not a function", and `{"userId": 5}` or `{"state": "closed"}` found nothing
 * instead of saying why. `also` names keys the command takes besides the query's (sessions.get's id).
 */
export function checkSessionQuery(arg: unknown, also: readonly string[] = []): SessionQuery | { error: string; where: string } {
  if (arg === undefined || arg === null) return {};
  if (typeof arg !== 'object' || Array.isArray(arg)) return { error: `the sessions query must be an object such as {"anonymousId":"anon-1"}, not ${JSON.stringify(arg)}`, where: 'query' };
  const q: SessionQuery = {};
  for (const [key, value] of Object.entries(arg)) {
    if (value === undefined) continue; // in-process callers spread optional fields
    switch (key) {
      case 'anonymousId':
      case 'userId':
      case 'groupId':
      case 'endpoint':
      case 'writeKey':
        if (typeof value !== 'string') return { error: `${key} must be text, not ${JSON.stringify(value)}`, where: key };
        q[key] = value;
        break;
      case 'state':
        if (!SESSION_STATES.includes(value as SessionState)) return { error: `state must be ${SESSION_STATES.join(' or ')}, not ${JSON.stringify(value)}`, where: key };
        q.state = value as SessionState;
        break;
      case 'freshsuccessOnly':
        if (typeof value !== 'boolean') return { error: `freshsuccessOnly must be true or false, not ${JSON.stringify(value)}`, where: key };
        q.freshsuccessOnly = value;
        break;
      case 'limit':
        if (!Number.isSafeInteger(value) || (value as number) < 1) return { error: `limit must be a positive whole number, not ${JSON.stringify(value)}`, where: key };
        q.limit = value as number;
        break;
      default:
        // Said as GET /api/sessions says it (route-query.ts), did-you-mean included.
        if (!also.includes(key)) return { error: unknownNameProblem('filter', key, [...also, ...SESSION_QUERY_KEYS]), where: key };
    }
  }
  return q;
}

const FRESHSUCCESS_CALLS = new Set(['track', 'identify', 'group']);

/**
 * Which inputs the model is built from, for the message-level filters (they change the sessions,
 * not just hide some). A writeKey matches by fingerprint: `writeKeyFingerprints` are those the
 * engine computed for q.writeKey (hashing is the engine's); without them, q.writeKey is taken for
 * a fingerprint.
 */
export function inputFilter(q: Pick<SessionQuery, 'freshsuccessOnly' | 'endpoint' | 'writeKey'> & { writeKeyFingerprints?: readonly string[] }): ((inputs: SessionInputs, i: number) => boolean) | undefined {
  if (!q.freshsuccessOnly && q.endpoint === undefined && q.writeKey === undefined) return undefined;
  const keys = q.writeKey === undefined ? undefined : (q.writeKeyFingerprints ?? [q.writeKey]);
  const endpoint = q.endpoint === undefined ? undefined : endpointMatcher(q.endpoint);
  return (inputs, i) => {
    if (q.freshsuccessOnly && !FRESHSUCCESS_CALLS.has(inputs.type(i))) return false;
    if (endpoint !== undefined && !endpoint(inputs.endpoint(i))) return false;
    if (keys === undefined) return true;
    const fingerprint = inputs.writeKeyFingerprint(i);
    return fingerprint !== undefined && keys.includes(fingerprint);
  };
}

/** The session-level filters (userId, groupId, state), as GET /api/sessions, the tab's lanes and its totals apply them. */
export type SessionFilter = Pick<SessionQuery, 'anonymousId' | 'userId' | 'groupId' | 'state'>;

/** Whether a session passes the session-level filters: a userId any of its messages carries, an account it was in, its state at the clock reading. */
export function sessionMatches(model: SessionModel, s: Session, q: SessionFilter, nowMs: number): boolean {
  if (q.anonymousId !== undefined && s.anonymousId !== q.anonymousId) return false;
  if (q.userId !== undefined && !s.messages.some((i) => s.inputs.userId(i) === q.userId)) return false;
  if (q.groupId !== undefined && !(s.accounts ?? []).includes(q.groupId)) return false;
  if (q.state !== undefined && model.stateAt(s, nowMs) !== q.state) return false;
  return true;
}

/** Whether a query has a session-level filter (the lanes and totals then count only the sessions it keeps). */
export function hasSessionFilter(q: SessionFilter): boolean {
  return q.anonymousId !== undefined || q.userId !== undefined || q.groupId !== undefined || q.state !== undefined;
}

/** Sessions matching the session-level filters, newest first, at most limit. */
export function querySessions(model: SessionModel, q: SessionQuery, nowMs: number): SessionView[] {
  const found: Session[] = [];
  const lanes = q.anonymousId !== undefined ? [model.lanes.get(q.anonymousId) ?? []] : model.lanes.values();
  for (const lane of lanes) {
    for (const s of lane) {
      if (sessionMatches(model, s, q, nowMs)) found.push(s);
    }
  }
  // Views are built for the page only: a log of a million sessions answers limit=10 at once.
  found.sort((a, b) => lastMs(b) - lastMs(a) || (a.id < b.id ? -1 : 1));
  return (q.limit !== undefined ? found.slice(0, q.limit) : found).map((s) => sessionView(model, s, nowMs));
}

export interface Total {
  key: string;
  sessions: number;
  timeMs: number;
}
export interface SessionTotals {
  byUser: Total[];
  byAccount: Total[];
  byModule: Total[];
  conflicts: AccountConflict[];
}

/** Time and sessions per user, per account (a session counts for its last user/account) and per module. */
export function sessionTotals(model: SessionModel, q: SessionFilter = {}, nowMs = 0): SessionTotals {
  const filtered = hasSessionFilter(q);
  const byUser = new Map<string, Total>();
  const byAccount = new Map<string, Total>();
  const byModule = new Map<string, Total>();
  const bump = (m: Map<string, Total>, key: string, ms: number) => {
    const t = m.get(key) ?? m.set(key, { key, sessions: 0, timeMs: 0 }).get(key)!;
    t.sessions++;
    t.timeMs += ms;
  };
  for (const s of model.sessions()) {
    if (filtered && !sessionMatches(model, s, q, nowMs)) continue;
    const d = durationMs(s);
    bump(byUser, sessionUserId(s) ?? '(anonymous)', d);
    bump(byAccount, sessionAccount(s) ?? '(no account)', d);
    for (const split of moduleTimes(s)) if (split.ms > 0 || split.key !== NO_MODULE) bump(byModule, split.key, split.ms);
  }
  const sorted = (m: Map<string, Total>) => [...m.values()].sort((a, b) => b.timeMs - a.timeMs || a.key.localeCompare(b.key));
  // A user filter keeps that user's account conflicts: the others are not about the sessions listed.
  const conflicts = q.userId === undefined ? model.conflicts() : model.conflicts().filter((c) => c.userId === q.userId);
  return { byUser: sorted(byUser), byAccount: sorted(byAccount), byModule: sorted(byModule), conflicts };
}

/** One lane of the timeline: compact, for thousands of anonymousIds. */
export interface SessionLane {
  anonymousId: string;
  sessions: {
    id: string;
    startMs: number;
    endMs: number;
    timeoutAtMs: number;
    /** Module segments [fromMs, toMs, module] in time order. */
    segments: [number, number, string][];
    lateCount: number;
    messageCount: number;
    userId?: string;
    /** Found timed out by a message that arrived after its deadline: timed out whatever the clock reads. */
    closed?: true;
  }[];
}

/** Whether a lane's session is open at the clock reading: before its deadline and not found timed out (model.stateAt). */
export function laneSessionOpen(s: { timeoutAtMs: number; closed?: true }, nowMs: number): boolean {
  return s.closed !== true && nowMs < s.timeoutAtMs;
}

/** The timeline's lanes; under a session-level filter, only the sessions it keeps, and only the lanes left with one. */
export function sessionLanes(model: SessionModel, q: SessionFilter = {}, nowMs = 0): SessionLane[] {
  const lanes: SessionLane[] = [];
  const filtered = hasSessionFilter(q);
  for (const [anonymousId, all] of model.lanes) {
    const lane = filtered ? all.filter((s) => sessionMatches(model, s, q, nowMs)) : all;
    if (lane.length === 0) continue;
    lanes.push({
      anonymousId,
      sessions: lane.map((s) => {
        const segments: [number, number, string][] = [];
        const { inputs, messages: msgs } = s;
        for (let k = 0; k + 1 < msgs.length; k++) {
          const module = inputs.module(msgs[k]) ?? NO_MODULE;
          const from = inputs.timeMs(msgs[k]);
          const to = inputs.timeMs(msgs[k + 1]);
          const prev = segments[segments.length - 1];
          if (prev && prev[2] === module && prev[1] === from) prev[1] = to;
          else if (to > from) segments.push([from, to, module]);
        }
        const userId = sessionUserId(s);
        return { id: s.id, startMs: firstMs(s), endMs: lastMs(s), timeoutAtMs: model.deadlineOf(s), segments, lateCount: s.late.length, messageCount: msgs.length, ...(userId !== undefined ? { userId } : {}), ...(s.closed ? { closed: true as const } : {}) };
      }),
    });
  }
  // Most recently active first: by the latest end (the lane is in start order, and a session opened
  // by a message arriving after a timeout may begin before an earlier one ends).
  const latestEnd = (lane: SessionLane) => lane.sessions.reduce((max, s) => Math.max(max, s.endMs), -Infinity);
  lanes.sort((a, b) => latestEnd(b) - latestEnd(a) || (a.anonymousId < b.anonymousId ? -1 : 1));
  return lanes;
}

/**
 * The session of the same anonymousId that ended last before this one began, when the silence
 * between them (its last message to this one's first) is the timeout or longer: why the two are
 * separate sessions. (A session opened by a message that arrived after another timed out says so
 * with openedAfterTimeoutOf instead.)
 */
function beganAfterGap(model: SessionModel, s: Session): SessionDetail['beganAfterGap'] {
  const start = firstMs(s);
  let before: Session | undefined;
  for (const o of model.lanes.get(s.anonymousId) ?? []) {
    if (o !== s && lastMs(o) <= start && (before === undefined || lastMs(o) > lastMs(before))) before = o;
  }
  if (before === undefined || start - lastMs(before) < model.settings.timeoutMs) return undefined;
  return { after: before.id, lastMs: lastMs(before), gapMs: start - lastMs(before), timeoutMs: model.settings.timeoutMs };
}

/** One session in full: its view, and its messages in time order with the gap after each. */
export function sessionDetail(model: SessionModel, id: string, nowMs: number): SessionDetail | null {
  const session = model.lanes.get(id.slice(0, id.lastIndexOf('#')))?.find((x) => x.id === id);
  if (!session) return null;
  const { inputs, messages: msgs } = session;
  const after = openedAfterTimeoutOf(model, session).map((o) => o.id);
  const gap = after.length === 0 ? beganAfterGap(model, session) : undefined;
  return {
    session: sessionView(model, session, nowMs),
    ...(after.length > 0 ? { openedAfterTimeoutOf: after } : {}),
    ...(gap ? { beganAfterGap: gap } : {}),
    messages: msgs.map((i, k) => ({
      ...inputs.at(i),
      ...(accountAt(session, k) !== undefined ? { account: accountAt(session, k) } : {}),
      ...(k + 1 < msgs.length ? { gapAfterMs: inputs.timeMs(msgs[k + 1]) - inputs.timeMs(i) } : {}),
    })),
  };
}
