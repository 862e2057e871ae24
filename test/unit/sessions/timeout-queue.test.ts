// The sessions' timeout queue against a plain model: the sessions waiting to time out, each at its
// current deadline (a message moves a session's deadline later, never earlier, and the queue is not
// told). next() is the earliest current deadline; drain(after, upTo) hands back, in deadline order
// (ties by the session's order), those whose current deadline lies in (after, upTo], and forgets
// every one due by upTo; rebuild keeps those due after `after`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeoutQueue } from '../../../src-shared/sessions/timeout-queue';

type Op =
  | { op: 'open'; in: number }
  | { op: 'extend'; pick: number; by: number }
  | { op: 'advance'; by: number }
  | { op: 'next' }
  | { op: 'rebuild'; back: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('open' as const), in: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ op: fc.constant('extend' as const), pick: fc.nat(), by: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ op: fc.constant('advance' as const), by: fc.integer({ min: 0, max: 25 }) }),
  fc.record({ op: fc.constant('next' as const) }),
  fc.record({ op: fc.constant('rebuild' as const), back: fc.integer({ min: 0, max: 20 }) }),
);

describe('TimeoutQueue', () => {
  it('agrees with a plain model through opens, extensions, clock moves and rebuilds', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const deadline = new Map<number, number>();
        // Ties broken by id, descending, so that an order the heap happens to give is not enough.
        const q = new TimeoutQueue<number>((s) => deadline.get(s)!, (a, b) => b - a);
        const waiting = new Set<number>();
        let clock = 0;
        let nextId = 0;
        for (const o of ops) {
          if (o.op === 'open') {
            const id = nextId++;
            deadline.set(id, clock + o.in);
            q.push(id, clock + o.in);
            waiting.add(id);
          } else if (o.op === 'extend') {
            const ids = [...waiting];
            if (ids.length === 0) continue;
            const id = ids[o.pick % ids.length];
            deadline.set(id, deadline.get(id)! + o.by);
          } else if (o.op === 'advance') {
            const upTo = clock + o.by;
            const expected = [...waiting].filter((s) => deadline.get(s)! > clock && deadline.get(s)! <= upTo).sort((a, b) => deadline.get(a)! - deadline.get(b)! || b - a);
            for (const s of [...waiting]) if (deadline.get(s)! <= upTo) waiting.delete(s);
            expect(q.drain(clock, upTo)).toEqual(expected);
            clock = upTo;
          } else if (o.op === 'rebuild') {
            clock = Math.max(0, clock - o.back);
            const all = [...deadline.keys()];
            waiting.clear();
            for (const s of all) if (deadline.get(s)! > clock) waiting.add(s);
            q.rebuild(all, clock);
          }
          const times = [...waiting].map((s) => deadline.get(s)!);
          expect(q.next()).toBe(times.length === 0 ? undefined : Math.min(...times));
          expect(q.size).toBe(waiting.size);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a deadline at or before `after` is dropped unreported, one exactly at upTo is reported', () => {
    const deadline = new Map([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    const q = new TimeoutQueue<number>((s) => deadline.get(s)!, (a, b) => a - b);
    for (const [s, d] of deadline) q.push(s, d);
    expect(q.drain(10, 20)).toEqual([2]);
    expect(q.size).toBe(1);
    expect(q.next()).toBe(30);
    expect(q.drain(20, 29)).toEqual([]);
    expect(q.drain(29, 30)).toEqual([3]);
    expect([q.size, q.next()]).toEqual([0, undefined]);
  });
});
