// A clock that moves only when a test tells it to: timers fire in time order on advance(), so
// anything the engine or the sender schedules runs without the test waiting for real time.
import type { Clock, TimerHandle } from '../../../src-shared/clock';

export interface ManualClock extends Clock {
  advance(ms: number): void;
  /** Timers scheduled and not yet fired or cleared. */
  pending(): number;
  /** When each pending timer is due, in ms from now, soonest first. */
  dueIn(): number[];
  /** Resolves once at least n timers are pending (checked whenever one is scheduled). */
  untilPending(n: number): Promise<void>;
}

export function manualClock(start = Date.parse('2025-03-01T10:00:00.000Z')): ManualClock {
  let now = start;
  let nextId = 0;
  const timers = new Map<object, { at: number; id: number; fn: () => void }>();
  const waiters = new Set<() => void>();
  const clock: ManualClock = {
    now: () => now,
    setTimeout(fn, ms) {
      const handle = {};
      timers.set(handle, { at: now + Math.max(0, ms), id: nextId++, fn });
      for (const w of [...waiters]) w();
      return handle as TimerHandle;
    },
    clearTimeout: (h) => void timers.delete(h as object),
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= until).sort(([, a], [, b]) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = until;
    },
    pending: () => timers.size,
    dueIn: () => [...timers.values()].map((t) => t.at - now).sort((a, b) => a - b),
    untilPending: (n) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (timers.size < n) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
  };
  return clock;
}
