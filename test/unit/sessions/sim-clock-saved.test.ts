// The clock as simulation.json keeps it, read back at start: a state the clock could never reach
// (a hand edit, a damaged file) is named, field and value, and the clock starts live. One with its
// moment past year 275760 (1e308) or a speed that runs past it made every capture fail with
// "500 internal error: Invalid time value" (a receipt's time could not be written), silently.
import { describe, expect, it } from 'vitest';
import { LIVE_CLOCK, normalizeClockState, savedClockProblem } from '../../../src-shared/sim-clock';

const REAL = Date.UTC(2026, 11, 3, 12);

describe('a saved clock state', () => {
  it.each([
    [{ mode: 'live', anchorRealMs: 0, anchorSimMs: 0, speed: 1 }],
    [{ mode: 'paused', anchorRealMs: REAL, anchorSimMs: Date.UTC(2026, 0, 1), speed: 600 }],
    [{ mode: 'running', anchorRealMs: REAL - 60_000, anchorSimMs: Date.UTC(2026, 0, 1), speed: 100_000 }],
    [{ mode: 'running', anchorRealMs: REAL, anchorSimMs: 0, speed: 'max' }],
  ])('%j is taken as it is', (saved) => {
    expect(savedClockProblem(saved, REAL)).toBeUndefined();
    expect(normalizeClockState(saved, REAL)).toEqual(saved);
  });

  it.each([
    [[1, 2], 'must be an object such as {"mode":"paused","anchorRealMs":…,"anchorSimMs":…,"speed":1}, not an array'],
    [5, 'must be an object such as {"mode":"paused","anchorRealMs":…,"anchorSimMs":…,"speed":1}, not 5'],
    ['paused', 'must be an object such as {"mode":"paused","anchorRealMs":…,"anchorSimMs":…,"speed":1}, not "paused"'],
    [{ mode: 'warp', anchorRealMs: 0, anchorSimMs: 0, speed: 1 }, 'mode must be live, paused or running, not "warp"'],
    [{ mode: 'paused', anchorRealMs: 'x', anchorSimMs: 0, speed: 1 }, 'anchorRealMs must be a number of milliseconds, not "x"'],
    [{ mode: 'paused', anchorRealMs: Number.POSITIVE_INFINITY, anchorSimMs: 0, speed: 1 }, 'anchorRealMs must be a number of milliseconds, not Infinity'],
    [{ mode: 'paused', anchorRealMs: 0, anchorSimMs: 1e308, speed: 1 }, 'anchorSimMs must be a moment between 1970-01-01T00:00:00Z and 9999-12-31T00:00:00Z, not 1e+308'],
    [{ mode: 'paused', anchorRealMs: 0, anchorSimMs: -1, speed: 1 }, 'anchorSimMs must be a moment between 1970-01-01T00:00:00Z and 9999-12-31T00:00:00Z, not -1'],
    [{ mode: 'running', anchorRealMs: 0, anchorSimMs: 0, speed: 1e300 }, 'speed must be a number from above 0 to 100000, or "max", not 1e+300'],
    [{ mode: 'running', anchorRealMs: 0, anchorSimMs: 0, speed: 0 }, 'speed must be a number from above 0 to 100000, or "max", not 0'],
    [{ mode: 'running', anchorRealMs: 0, anchorSimMs: 0, speed: 100_000 }, 'running at 100000× since 1970-01-01T00:00:00.000Z, its now would be past 9999-12-31T00:00:00Z'],
  ])('%j is named: %s', (saved, problem) => {
    expect(savedClockProblem(saved, REAL)).toBe(problem);
    expect(normalizeClockState(saved, REAL)).toEqual(LIVE_CLOCK);
  });
});
