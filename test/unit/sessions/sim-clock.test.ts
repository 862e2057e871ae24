// The simulation clock as pure state: modes, jumps, and the checks on actions from outside.
import { describe, expect, it } from 'vitest';
import { applyClockAction, formatDuration, formatOffset, LIVE_CLOCK, normalizeClockState, parseClockAction, simNow, type SimClockState } from '../../../src-shared/sim-clock';

const REAL = Date.parse('2026-05-01T12:00:00Z');
const ok = (s: ReturnType<typeof applyClockAction>): SimClockState => {
  if ('error' in s) throw new Error(s.error);
  return s;
};

describe('simulation clock', () => {
  it('live follows the wall clock', () => {
    expect(simNow(LIVE_CLOCK, REAL)).toBe(REAL);
    expect(simNow(LIVE_CLOCK, REAL + 5000)).toBe(REAL + 5000);
  });

  it('pause freezes it; run at 600x makes a real second ten simulated minutes', () => {
    const paused = ok(applyClockAction(LIVE_CLOCK, { action: 'pause' }, REAL));
    expect(simNow(paused, REAL + 60_000)).toBe(REAL);
    const running = ok(applyClockAction(paused, { action: 'run', speed: 600 }, REAL + 60_000));
    expect(simNow(running, REAL + 61_000)).toBe(REAL + 600_000);
  });

  it('advancing a live clock leaves it running at 1x, ahead of real time', () => {
    const ahead = ok(applyClockAction(LIVE_CLOCK, { action: 'advance', ms: 40 * 60_000 }, REAL));
    expect(ahead).toMatchObject({ mode: 'running', speed: 1 });
    expect(simNow(ahead, REAL + 1000) - (REAL + 1000)).toBe(40 * 60_000);
    expect(ok(applyClockAction(ahead, { action: 'live' }, REAL + 2000))).toEqual(LIVE_CLOCK);
  });

  it('set and nextTimeout jump; a paused clock stays paused', () => {
    const paused = ok(applyClockAction(LIVE_CLOCK, { action: 'pause' }, REAL));
    const set = ok(applyClockAction(paused, { action: 'set', to: Date.parse('2026-01-01T00:00:00Z') }, REAL));
    expect(set.mode).toBe('paused');
    expect(simNow(set, REAL + 99_999)).toBe(Date.parse('2026-01-01T00:00:00Z'));
    const jumped = ok(applyClockAction(set, { action: 'nextTimeout' }, REAL, Date.parse('2026-01-01T00:30:00Z')));
    expect(simNow(jumped, REAL)).toBe(Date.parse('2026-01-01T00:30:00Z'));
    expect(applyClockAction(set, { action: 'nextTimeout' }, REAL, undefined)).toMatchObject({ where: 'action' });
  });

  it('rejects bad actions naming the field', () => {
    expect(parseClockAction(null)).toMatchObject({ where: 'body' });
    expect(parseClockAction({ action: 'rewind' })).toMatchObject({ where: 'action' });
    expect(parseClockAction({ action: 'run', speed: 0 })).toMatchObject({ where: 'speed' });
    expect(parseClockAction({ action: 'advance', ms: Infinity })).toMatchObject({ where: 'ms' });
    expect(parseClockAction({ action: 'set', to: 'tomorrow' })).toMatchObject({ where: 'to' });
    expect(parseClockAction({ action: 'run', speed: 'max' })).toEqual({ action: 'run', speed: 'max' });
    expect(parseClockAction({ action: 'set', to: '2026-01-01T00:00:00Z' })).toEqual({ action: 'set', to: Date.parse('2026-01-01T00:00:00Z') });
  });

  it('reads a persisted state back, and anything unusable as live', () => {
    const s: SimClockState = { mode: 'paused', anchorRealMs: 1, anchorSimMs: 2, speed: 60 };
    expect(normalizeClockState(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(normalizeClockState({ mode: 'running', anchorRealMs: 'x' })).toEqual(LIVE_CLOCK);
    expect(normalizeClockState('garbage')).toEqual(LIVE_CLOCK);
  });

  it('formats offsets and durations as the header and the Sessions view show them', () => {
    expect(formatOffset(41 * 60_000 + 10_000)).toBe('+00:41:10');
    expect(formatOffset(-3_723_000)).toBe('−01:02:03');
    expect(formatOffset(2 * 86_400_000 + 1000)).toBe('+2d 00:00:01');
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration(3_723_000)).toBe('1 h 02 min 03 s');
  });
});
