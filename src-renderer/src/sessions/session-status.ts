// Whether a session is open, and its countdown, as the page's clock reads it: the lane and the
// detail pane ask this one rule, so at the moment the clock passes a deadline both say the same.
// (The detail pane took the engine's state as of its last fetch: the engine's clock a moment ahead
// of the page's made it say "timed out" beside a lane still counting down.)
import { formatDuration } from '../../../src-shared/sim-clock';
import { laneSessionOpen } from '../../../src-shared/sessions/view';

export type SessionStatus = { kind: 'open'; remainingMs: number } | { kind: 'beforeNow' } | { kind: 'timedOut' };

/** Open before its deadline unless a message found it timed out (`closed`: it opened a new session instead). */
export function sessionStatus(s: { startMs: number; timeoutAtMs: number; closed?: true }, now: number): SessionStatus {
  if (!laneSessionOpen(s, now)) return { kind: 'timedOut' };
  // The clock was set back before the session began: it is open, but a countdown from there means nothing.
  if (now < s.startMs) return { kind: 'beforeNow' };
  return { kind: 'open', remainingMs: s.timeoutAtMs - now };
}

/**
 * Where a session's drawing ends: at its last message, or, while it is open, at the clock's now (its
 * tail). Whether it lies in a time window is read from this: its timeout, which a timed-out session
 * draws nothing for, put one that ended before the window at the window's edge, as a 6 px bar.
 */
export function drawnEndMs(s: { startMs: number; endMs: number; timeoutAtMs: number; closed?: true }, now: number): number {
  return laneSessionOpen(s, now) ? Math.max(s.endMs, now) : s.endMs;
}

/** The lane's label: "times out in 4 min 12 s" (under a second in tenths, never 0 s), "timed out · 12 min". */
export function sessionStatusText(status: SessionStatus, s: { startMs: number; endMs: number }): string {
  if (status.kind === 'beforeNow') return 'after the clock’s now';
  if (status.kind === 'open') return `times out in ${formatDuration(status.remainingMs)}`;
  return `timed out · ${formatDuration(s.endMs - s.startMs)}`;
}

/** The label in little room: "6 min left", the duration alone once timed out, "ahead" before the clock's now. */
export function sessionStatusShortText(status: SessionStatus, s: { startMs: number; endMs: number }): string {
  if (status.kind === 'beforeNow') return 'ahead';
  if (status.kind === 'open') return `${formatDuration(status.remainingMs)} left`;
  return formatDuration(s.endMs - s.startMs);
}

// A session label's character, at most (11 px system font, semibold).
const LABEL_CHAR_PX = 6.8;

/**
 * The label that fits `roomPx` (undefined: not measured yet): the whole one, else the short form,
 * else none. Cut from its end, "times out in …" lost the countdown and "15:…" its number.
 */
export function fitSessionLabel(full: string, short: string, roomPx: number | undefined): string | null {
  if (roomPx === undefined || full.length * LABEL_CHAR_PX <= roomPx) return full;
  return short.length * LABEL_CHAR_PX <= roomPx ? short : null;
}
