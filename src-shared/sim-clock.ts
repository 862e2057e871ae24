// The simulation clock, as pure state: where simulated time stands is a function of this state
// and the wall clock's reading, so the engine, the UI (which animates it between pushes) and the
// tests all compute the same "now". The engine owns the one instance and persists it.

import { parseIsoTime } from './tracking-api/time';
import { shownValue } from './shown-value';
import { ownValue } from './own-property';

export type ClockMode = 'live' | 'paused' | 'running';
/** How many simulated ms pass per real ms while running; 'max' jumps from timeout to timeout. */
export type ClockSpeed = number | 'max';
export const CLOCK_SPEEDS: readonly ClockSpeed[] = [1, 10, 60, 600, 'max'];

export interface SimClockState {
  mode: ClockMode;
  /** Wall-clock ms at which anchorSimMs held (running: time runs from here). */
  anchorRealMs: number;
  anchorSimMs: number;
  speed: ClockSpeed;
}

export const LIVE_CLOCK: SimClockState = { mode: 'live', anchorRealMs: 0, anchorSimMs: 0, speed: 1 };

/** What GET /api/clock answers. */
export interface ClockView {
  mode: ClockMode;
  /** Simulated now, ISO-8601. */
  now: string;
  nowMs: number;
  /** Simulated minus real time: 0 when live. */
  offsetMs: number;
  speed: ClockSpeed;
  /** The earliest moment an open session times out, if any (ISO-8601). */
  nextTimeout?: string;
}

export type ClockAction =
  | { action: 'live' }
  | { action: 'pause' }
  | { action: 'run'; speed?: ClockSpeed }
  /** ms: 0 or more (parseClockAction refuses a negative one: advance is forward, set moves back). */
  | { action: 'advance'; ms: number }
  /** to: epoch ms in the clock's range (parseClockAction reads an ISO-8601 text into it and refuses the rest). */
  | { action: 'set'; to: number }
  | { action: 'nextTimeout' };

/** An action as a client sends it (the automation API, the UI): `set` may give its moment as ISO-8601 text. */
export type ClockActionRequest = Exclude<ClockAction, { action: 'set' }> | { action: 'set'; to: string | number };

export function simNow(state: SimClockState, realMs: number): number {
  switch (state.mode) {
    case 'live':
      return realMs;
    case 'paused':
      return state.anchorSimMs;
    case 'running':
      // 'max' moves only by jumps (the engine makes them), so between jumps it stands still.
      return state.speed === 'max' ? state.anchorSimMs : state.anchorSimMs + (realMs - state.anchorRealMs) * state.speed;
  }
}

/** Largest simulated moment accepted (year 9999), so a typo cannot produce an invalid Date. */
export const MAX_SIM_MS = Date.UTC(9999, 11, 31);

/** Whether the simulation clock can stand at this moment (the range `set` accepts: 1970 to 9999). */
export function isSimulatedMoment(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_SIM_MS;
}

/** The range isSimulatedMoment accepts, in words for error messages. */
export const SIMULATED_RANGE_TEXT = 'between 1970-01-01T00:00:00Z and 9999-12-31T00:00:00Z';

/** "ms must be <what>, not 12" or, for a field not given, "ms is missing: it must be <what>". */
function fieldError(field: string, what: string, value: unknown): string {
  return value === undefined ? `${field} is missing: it must be ${what}` : `${field} must be ${what}, not ${shownValue(value)}`;
}

/** Each clock action and the fields it takes besides `action`. */
const CLOCK_ACTION_FIELDS: Record<ClockAction['action'], readonly string[]> = { live: [], pause: [], run: ['speed'], advance: ['ms'], set: ['to'], nextTimeout: [] };

/**
 * Checks an action from outside (the automation API, the UI): the action, or an error sentence
 * naming the bad field.
 */
export function parseClockAction(v: unknown): ClockAction | { error: string; where: string } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { error: 'expected a JSON object such as {"action":"pause"}', where: 'body' };
  const a = v as Record<string, unknown>;
  const actions = Object.keys(CLOCK_ACTION_FIELDS);
  // A field the action does not read is named: {"action":"run","sped":600} ran at the old speed,
  // {"action":"pause","ms":60000} paused without a word about the jump it did not make.
  const fields = typeof a.action === 'string' ? (ownValue(CLOCK_ACTION_FIELDS, a.action) as readonly string[] | undefined) : undefined;
  const extra = fields && Object.entries(a).find(([key, value]) => key !== 'action' && value !== undefined && !fields.includes(key));
  if (extra) return { error: `the ${JSON.stringify(a.action)} action takes ${fields!.length === 0 ? 'no other field' : fields!.join(', ')}, not ${JSON.stringify(extra[0])}`, where: extra[0] };
  switch (a.action) {
    case 'live':
    case 'pause':
    case 'nextTimeout':
      return { action: a.action };
    case 'run': {
      if (a.speed === undefined) return { action: 'run' };
      if (a.speed === 'max' || (typeof a.speed === 'number' && Number.isFinite(a.speed) && a.speed > 0 && a.speed <= MAX_CLOCK_SPEED)) return { action: 'run', speed: a.speed };
      return { error: `speed must be a number of simulated seconds per second (1, 10, 60, 600 …, at most 100000) or "max", not ${shownValue(a.speed)}`, where: 'speed' };
    }
    case 'advance': {
      // Advance means forward: {"ms":-1} moved the clock back, unseen when a script slipped a sign.
      // Going back is `set`, and the error says so. 0 is accepted and leaves the clock where it is.
      if (typeof a.ms === 'number' && a.ms < 0) return { error: `ms must be 0 or more, not ${shownValue(a.ms)}: advance moves the clock forward; to move it back, use {"action":"set","to":…} with an ISO-8601 moment such as "2026-01-01T00:00:00Z" (or epoch ms)`, where: 'ms' };
      if (typeof a.ms !== 'number' || !Number.isFinite(a.ms)) return { error: fieldError('ms', 'a number of milliseconds (e.g. 1800000 for 30 minutes)', a.ms), where: 'ms' };
      // A number of milliseconds, but a jump no clock in range can make: say the range, not the type.
      if (a.ms > MAX_SIM_MS) return { error: `ms must be a jump of at most ${MAX_SIM_MS} ms (the clock stands ${SIMULATED_RANGE_TEXT}), not ${a.ms}`, where: 'ms' };
      return { action: 'advance', ms: a.ms };
    }
    case 'set': {
      const ms = typeof a.to === 'number' ? a.to : typeof a.to === 'string' ? (parseIsoTime(a.to) ?? NaN) : NaN;
      if (!Number.isFinite(ms)) return { error: fieldError('to', 'an ISO-8601 moment such as "2026-01-01T00:00:00Z" (or epoch ms)', a.to), where: 'to' };
      // A well-formed moment the clock cannot stand at: say so, not that the text is malformed.
      if (!isSimulatedMoment(ms)) return { error: `to must be from ${new Date(0).toISOString()} to ${new Date(MAX_SIM_MS).toISOString()}; ${JSON.stringify(a.to)} is outside that range`, where: 'to' };
      return { action: 'set', to: ms };
    }
    default:
      if (a.action === undefined) return { error: `action is missing: it must be one of ${actions.join(', ')}, e.g. {"action":"pause"}`, where: 'action' };
      return { error: `action must be one of ${actions.join(', ')}, not ${JSON.stringify(a.action)}`, where: 'action' };
  }
}

/**
 * The clock after an action taken at wall time realMs. `nextTimeoutMs` is where 'nextTimeout'
 * jumps (the engine knows its sessions); undefined means there is no open session.
 * Jumps keep the clock's mode (a live clock that is advanced runs on at 1×, ahead of real time).
 */
export function applyClockAction(state: SimClockState, action: ClockAction, realMs: number, nextTimeoutMs?: number): SimClockState | { error: string; where: string } {
  const now = simNow(state, realMs);
  // Only the top of the clock's range can be passed (an advance from 2026 by the longest jump): an
  // advance is 0 or more and a set's moment in range, as parseClockAction refuses any other, so no
  // jump goes back before 1970 (a negative advance, clamped here, once could).
  const jumpTo = (simMs: number): SimClockState => ({
    mode: state.mode === 'live' ? 'running' : state.mode,
    anchorRealMs: realMs,
    anchorSimMs: Math.min(MAX_SIM_MS, simMs),
    speed: state.mode === 'live' ? 1 : state.speed,
  });
  switch (action.action) {
    case 'live':
      return LIVE_CLOCK;
    case 'pause':
      return { mode: 'paused', anchorRealMs: realMs, anchorSimMs: now, speed: state.speed };
    case 'run':
      return { mode: 'running', anchorRealMs: realMs, anchorSimMs: now, speed: action.speed ?? (state.mode === 'running' ? state.speed : 1) };
    case 'advance':
      return jumpTo(now + action.ms);
    case 'set':
      return jumpTo(action.to);
    case 'nextTimeout':
      if (nextTimeoutMs === undefined) return { error: 'no open session is waiting to time out', where: 'action' };
      if (!reachableTimeout(nextTimeoutMs)) return { error: unreachableTimeoutText(nextTimeoutMs), where: 'action' };
      return jumpTo(Math.max(now, nextTimeoutMs));
  }
}

/**
 * Whether the clock can stand at a session's timeout. A message dated past the clock's last moment
 * (a "never" sentinel such as 9999-12-31T23:59:59Z, or the year 275760) opens a session that times
 * out after it: neither Next timeout nor Max can jump there (the clock stood outside its range, and
 * at 8.64e15 + 30 min every receipt time was invalid).
 */
export function reachableTimeout(timeoutMs: number): boolean {
  return timeoutMs <= MAX_SIM_MS;
}

/** Why Next timeout does not jump to a timeout past the clock's range, naming it. */
export function unreachableTimeoutText(timeoutMs: number): string {
  return `the next open session times out at ${isoTime(timeoutMs)}, after the last moment the clock can stand at (${new Date(MAX_SIM_MS).toISOString()}): a message dated that late keeps its session open on this clock`;
}

/** The fastest the clock runs (simulated ms per real ms), as `run` accepts it. */
export const MAX_CLOCK_SPEED = 100_000;

/**
 * What is wrong with a persisted state (simulation.json, which a hand may have edited), in words
 * naming the field and its value; undefined when the clock can stand there. Its moment must be one
 * `set` accepts and its speed one `run` accepts; given the wall clock's reading, a running clock's
 * now must still be in range (a state outside it made every receipt time invalid).
 */
export function savedClockProblem(v: unknown, realMs?: number): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    return `must be an object such as {"mode":"paused","anchorRealMs":…,"anchorSimMs":…,"speed":1}, not ${Array.isArray(v) ? 'an array' : JSON.stringify(v)}`;
  }
  const s = v as Record<string, unknown>;
  const shown = (x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : JSON.stringify(x));
  if (s.mode === 'live') return undefined;
  if (s.mode !== 'paused' && s.mode !== 'running') return `mode must be live, paused or running, not ${shown(s.mode)}`;
  if (typeof s.anchorRealMs !== 'number' || !Number.isFinite(s.anchorRealMs)) return `anchorRealMs must be a number of milliseconds, not ${shown(s.anchorRealMs)}`;
  if (typeof s.anchorSimMs !== 'number' || !isSimulatedMoment(s.anchorSimMs)) return `anchorSimMs must be a moment ${SIMULATED_RANGE_TEXT}, not ${shown(s.anchorSimMs)}`;
  if (s.speed !== 'max' && !(typeof s.speed === 'number' && Number.isFinite(s.speed) && s.speed > 0 && s.speed <= MAX_CLOCK_SPEED)) {
    return `speed must be a number from above 0 to ${MAX_CLOCK_SPEED}, or "max", not ${shown(s.speed)}`;
  }
  const state: SimClockState = { mode: s.mode, anchorRealMs: s.anchorRealMs, anchorSimMs: s.anchorSimMs, speed: s.speed as ClockSpeed };
  if (realMs !== undefined && !isSimulatedMoment(simNow(state, realMs))) {
    return `running at ${String(s.speed)}× since ${new Date(s.anchorRealMs).toISOString()}, its now would be past ${SIMULATED_RANGE_TEXT.slice(SIMULATED_RANGE_TEXT.lastIndexOf(' ') + 1)}`;
  }
  return undefined;
}

/** Reads a persisted state back; anything unusable (savedClockProblem) gives the live clock. */
export function normalizeClockState(v: unknown, realMs?: number): SimClockState {
  if (savedClockProblem(v, realMs) !== undefined) return LIVE_CLOCK;
  const s = v as Record<string, unknown>;
  if (s.mode !== 'paused' && s.mode !== 'running') return LIVE_CLOCK;
  return { mode: s.mode, anchorRealMs: s.anchorRealMs as number, anchorSimMs: s.anchorSimMs as number, speed: s.speed as ClockSpeed };
}

/** "+00:41:10" / "−01:02:03": simulated time's offset from real time, for the header. */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '−' : '+';
  let s = Math.floor(Math.abs(offsetMs) / 1000);
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${sign}${days > 0 ? `${days}d ` : ''}${hh}:${mm}:${ss}`;
}

/**
 * "7 h 20 min ahead", "337 days behind": the offset in words, for the header and the Sessions
 * view's clock (the exact formatOffset is in their tooltips). "−337d 23:53:45" was hard to read
 * and ticked every half second. Whole units, cut down (as formatOffset's seconds are): seconds
 * under a minute, minutes under an hour, hours and minutes under a day, then days, with the hours
 * under a week.
 */
export function describeOffset(offsetMs: number): string {
  const way = offsetMs < 0 ? 'behind' : 'ahead';
  const s = Math.floor(Math.abs(offsetMs) / 1000);
  if (s < 60) return `${s} s ${way}`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${way}`;
  if (s < 86400) {
    const m = Math.floor((s % 3600) / 60);
    return `${Math.floor(s / 3600)} h${m > 0 ? ` ${m} min` : ''} ${way}`;
  }
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  return `${days} ${days === 1 ? 'day' : 'days'}${days < 7 && h > 0 ? ` ${h} h` : ''} ${way}`;
}

/**
 * A duration, as every view shows one (Sessions, the session detail, a scenario's session
 * expectation): "0.3 s" (tenths under a second, "< 0.1 s" under 50 ms), "12 s", "4 min 05 s",
 * "30 min", "1 h 02 min 03 s", "2 h". Whole seconds from 950 ms, rounded; a zero part at the end is
 * left off, one between is written ("1 h 00 min 05 s"). It read "12:00" and "1:02:03", clock-like
 * beside the times of day (which stay hh:mm:ss), and "< 0.1 s" beside "00:01".
 */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms < 950) return ms < 50 ? '< 0.1 s' : `${(ms / 1000).toFixed(1)} s`;
  let s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return s > 0 ? `${h} h ${two(m)} min ${two(s)} s` : m > 0 ? `${h} h ${two(m)} min` : `${h} h`;
  if (m > 0) return s > 0 ? `${m} min ${two(s)} s` : `${m} min`;
  return `${s} s`;
}

/** The furthest a Date reaches from 1970 either way, in ms. */
const DATE_RANGE_MS = 8.64e15;
/** The Gregorian calendar repeats every 400 years, 146,097 days. */
const GREGORIAN_CYCLE_MS = 146_097 * 86_400_000;

/** A moment's calendar fields (month 1-12), in UTC or in the machine's local time. */
export interface CalendarFields {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
  millis: number;
}

/**
 * A moment's calendar fields, for any finite number of ms (undefined for NaN or ±Infinity). Past what
 * a Date holds (±8.64e15 ms: a message stamped in the year 275760, plus a 30-minute timeout), the
 * moment is read 400 years (one whole Gregorian cycle, so the same month, day and weekday) nearer and
 * the years added back: a Date there was Invalid, shown as "0NaN-NaN-NaN" or its raw ms.
 */
export function calendarFields(ms: number, zone: 'utc' | 'local'): CalendarFields | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const cycles = Math.abs(ms) <= DATE_RANGE_MS ? 0 : Math.sign(ms) * Math.ceil((Math.abs(ms) - DATE_RANGE_MS) / GREGORIAN_CYCLE_MS);
  const d = new Date(ms - cycles * GREGORIAN_CYCLE_MS);
  const years = cycles * 400;
  return zone === 'utc'
    ? { year: d.getUTCFullYear() + years, month: d.getUTCMonth() + 1, day: d.getUTCDate(), hours: d.getUTCHours(), minutes: d.getUTCMinutes(), seconds: d.getUTCSeconds(), millis: d.getUTCMilliseconds() }
    : { year: d.getFullYear() + years, month: d.getMonth() + 1, day: d.getDate(), hours: d.getHours(), minutes: d.getMinutes(), seconds: d.getSeconds(), millis: d.getMilliseconds() };
}

/**
 * A moment as ISO text, as toISOString writes it; past what a Date holds (a message stamped in the
 * year 275760, plus a 30-minute timeout) in the same form, `+275760-09-13T00:30:00.000Z` (it was the
 * ms as digits, `8640000001800000`, beside a start in ISO). Never an exception: NaN reads "NaN".
 */
export function isoTime(ms: number): string {
  const d = new Date(ms);
  if (!Number.isNaN(d.getTime())) return d.toISOString();
  const f = calendarFields(ms, 'utc');
  if (!f) return String(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  // Beyond 0000-9999, six digits and a sign (ECMAScript's expanded years, as toISOString writes them).
  const year = f.year >= 0 && f.year <= 9999 ? String(f.year).padStart(4, '0') : `${f.year < 0 ? '-' : '+'}${String(Math.abs(f.year)).padStart(6, '0')}`;
  return `${year}-${two(f.month)}-${two(f.day)}T${two(f.hours)}:${two(f.minutes)}:${two(f.seconds)}.${String(f.millis).padStart(3, '0')}Z`;
}
