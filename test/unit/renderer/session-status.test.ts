// One rule for an open session's label in the lane and in the detail pane, read on the clock the
// page shows: the detail pane took the engine's state as it was when the detail was fetched, so at
// the moment the clock passed the deadline the lane said "times out in 0.4 s" beside a detail
// saying "timed out" (the engine's clock a moment ahead of the page's).
import { describe, expect, it } from 'vitest';
import { fitSessionLabel, sessionStatus, sessionStatusShortText, sessionStatusText } from '../../../src-renderer/src/sessions/session-status';

const s = { startMs: 1_000_000, endMs: 1_600_000, timeoutAtMs: 3_400_000 };

describe('sessionStatus', () => {
  it('counts down until the deadline, then is timed out, never at 0 s or below', () => {
    expect(sessionStatusText(sessionStatus(s, s.timeoutAtMs - 60_000), s)).toBe('times out in 1 min');
    expect(sessionStatusText(sessionStatus(s, s.timeoutAtMs - 400), s)).toBe('times out in 0.4 s');
    expect(sessionStatusText(sessionStatus(s, s.timeoutAtMs - 1), s)).toBe('times out in < 0.1 s');
    expect(sessionStatus(s, s.timeoutAtMs)).toEqual({ kind: 'timedOut' });
    expect(sessionStatusText(sessionStatus(s, s.timeoutAtMs + 5_000), s)).toBe('timed out · 10 min');
    for (let now = s.timeoutAtMs - 3_000; now <= s.timeoutAtMs + 1_000; now += 7) {
      const text = sessionStatusText(sessionStatus(s, now), s);
      expect(text).not.toMatch(/in 0 s|in -|in 0\.0 s/);
      expect(text.startsWith('times out in')).toBe(now < s.timeoutAtMs);
    }
  });

  it('is timed out once a message found it so (closed) even before its deadline, and says so when the clock stands before it', () => {
    expect(sessionStatus({ ...s, closed: true }, s.startMs + 1)).toEqual({ kind: 'timedOut' });
    expect(sessionStatusText(sessionStatus(s, s.startMs - 1), s)).toBe('after the clock’s now');
  });
});

describe('sessionStatusShortText', () => {
  it('keeps the number when room is short', () => {
    expect(sessionStatusShortText(sessionStatus(s, s.timeoutAtMs - 360_000), s)).toBe('6 min left');
    expect(sessionStatusShortText(sessionStatus(s, s.timeoutAtMs), s)).toBe('10 min');
    expect(sessionStatusShortText(sessionStatus(s, s.startMs - 1), s)).toBe('ahead');
  });
});

// Where even the short form does not fit, no label: it read "15:…", a number cut mid-way.
describe('fitSessionLabel', () => {
  it('takes the whole label, else the short form, else none', () => {
    expect(fitSessionLabel('times out in 6 min', '6 min left', 200)).toBe('times out in 6 min');
    expect(fitSessionLabel('times out in 6 min', '6 min left', 90)).toBe('6 min left');
    expect(fitSessionLabel('timed out · 15 min', '15 min', 30)).toBeNull();
    expect(fitSessionLabel('timed out · 15 min', '15 min', undefined)).toBe('timed out · 15 min');
  });
});
