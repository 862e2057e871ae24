// The timeout queue's edges that the model test (timeout-queue.test.ts) does not reach: an empty
// queue answers without asking for any session's deadline (the session model's deadline function
// reads the session's last message, so a missing session must never reach it), and sessions with
// one deadline come out all together, in the tie-break's order, however they were pushed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeoutQueue } from '../../../src-shared/sessions/timeout-queue';

interface S {
  id: string;
  d: number;
}
/** A queue whose deadline function fails on anything but a session, as the model's would. */
const queue = () =>
  new TimeoutQueue<S>(
    (s) => {
      if (s === undefined) throw new Error('deadline asked of no session');
      return s.d;
    },
    (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

describe('TimeoutQueue edges', () => {
  it('an empty queue: next() is undefined and drain hands back nothing', () => {
    const q = queue();
    expect(q.next()).toBeUndefined();
    expect(q.drain(-Infinity, Infinity)).toEqual([]);
    expect(q.size).toBe(0);
  });

  it('emptied by a drain, it is empty again', () => {
    const q = queue();
    q.push({ id: 'a', d: 5 }, 5);
    q.push({ id: 'b', d: 7 }, 7);
    expect(q.next()).toBe(5);
    expect(q.drain(0, 10).map((s) => s.id)).toEqual(['a', 'b']);
    expect(q.next()).toBeUndefined();
    expect(q.drain(10, 20)).toEqual([]);
  });

  it('many sessions on a few deadlines: each deadline’s sessions together, by id, next() the smallest', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 40 }), (deadlines) => {
        const q = queue();
        const all = deadlines.map((d, i) => ({ id: `s${String(i).padStart(2, '0')}`, d }));
        for (const s of all) q.push(s, s.d);
        expect(q.size).toBe(all.length);
        expect(q.next()).toBe(Math.min(...deadlines));
        const out: string[] = [];
        for (let t = 1; t <= 4; t++) out.push(...q.drain(t - 1, t).map((s) => s.id));
        const expected = [...all].sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1)).map((s) => s.id);
        expect(out).toEqual(expected);
        expect(q.size).toBe(0);
      }),
    );
  });
});
