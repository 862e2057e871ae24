// What the header's clock and the Sessions view's clock say about simulated time, in the same
// words: the offset in words on screen ("337 days behind"), and in both tooltips the simulated
// date with its year, the exact offset ("−337d 23:53:45") and the speed.
import { formatOffset, isoTime, type ClockView } from '../../../src-shared/sim-clock';

export const LIVE_CLOCK_TITLE = 'The simulation clock follows real time';

/** "paused", "600×", "max speed". */
export function clockSpeedText(clock: Pick<ClockView, 'mode' | 'speed'>): string {
  return clock.mode === 'paused' ? 'paused' : clock.speed === 'max' ? 'max speed' : `${clock.speed}×`;
}

/**
 * The words are English, and so are the dates beside them (the timeline's "Nov 1", the inspector's
 * "Nov 01 01:30:00"): in a German browser the clock read "1. Nov., 01:30:00" there. 24-hour clock.
 */
const DATE_LOCALE = 'en-US';
const H23 = { hourCycle: 'h23' } as const;

/**
 * "Dec 28, 2025, 09:12:00": the simulated date in local time. With its year always (the tooltips),
 * or only when it is not this year's (the Sessions view, where "Dec 28" alone may be last year's).
 */
export function simulatedDate(ms: number, year: 'always' | 'if-other' = 'always'): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  const withYear = year === 'always' || d.getFullYear() !== new Date().getFullYear();
  return d.toLocaleString(DATE_LOCALE, { ...(withYear ? { year: 'numeric' } : {}), month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', ...H23 });
}

/**
 * The simulated moment in two parts, for the Sessions view in a narrow window: "Dec 28" (with its
 * year when it is not this year's) and "09:12:00", both local.
 */
export function simulatedDayAndTime(ms: number): { day: string; time: string } {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return { day: '', time: String(ms) };
  const withYear = d.getFullYear() !== new Date().getFullYear();
  return {
    day: d.toLocaleDateString(DATE_LOCALE, { ...(withYear ? { year: 'numeric' } : {}), month: 'short', day: 'numeric' }),
    time: d.toLocaleTimeString(DATE_LOCALE, { hour: '2-digit', minute: '2-digit', second: '2-digit', ...H23 }),
  };
}

/** The tooltip of both clocks. */
export function clockTitle(clock: Pick<ClockView, 'mode' | 'speed'>, simNowMs: number, realNowMs: number): string {
  if (clock.mode === 'live') return LIVE_CLOCK_TITLE;
  const offset = simNowMs - realNowMs;
  return `Simulated now: ${simulatedDate(simNowMs)} local time (${isoTime(simNowMs)}); ${formatOffset(offset)} ${offset < 0 ? 'behind' : 'ahead of'} real time · ${clockSpeedText(clock)}`;
}
