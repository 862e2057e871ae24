// The wall clock the shells pass in (clock.ts: systemClock), on vitest's fake timers: what it reads
// and when its timers fire is then decided by the test, not by the machine's clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src-shared/clock';

describe('systemClock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 10, 30, 12, 0, 0));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('now() is the system time in epoch ms', () => {
    expect(systemClock.now()).toBe(Date.UTC(2026, 10, 30, 12, 0, 0));
    vi.advanceTimersByTime(1_500);
    expect(systemClock.now()).toBe(Date.UTC(2026, 10, 30, 12, 0, 1, 500));
  });

  it('setTimeout runs the function once, after the delay and not before', () => {
    const fn = vi.fn();
    systemClock.setTimeout(fn, 1_000);
    vi.advanceTimersByTime(999);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('clearTimeout cancels that timer only', () => {
    const cancelled = vi.fn();
    const kept = vi.fn();
    const h = systemClock.setTimeout(cancelled, 500);
    systemClock.setTimeout(kept, 500);
    systemClock.clearTimeout(h);
    vi.advanceTimersByTime(1_000);
    expect(cancelled).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
  });
});
