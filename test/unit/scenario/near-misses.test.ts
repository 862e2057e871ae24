// The nearest misses a failed messages expectation names. Each failure compared every message of
// the run so far, writing out every difference: 2,500 failing expectations after 2,500 sends took
// 25 s more than passing ones. Now differences are counted first, only the chosen few written out,
// and only the newest NEAR_MISS_CANDIDATES messages compared: an ordinary run's are the same.
import { describe, expect, it } from 'vitest';
import { byCloseness, mismatches, nearestMisses, NEAR_MISS_CANDIDATES } from '../../../src-shared/scenario/match';

/** As nearestMisses was written before: every capture, every difference written, then sorted. */
const reference = (captures: readonly { seq: number; message: unknown }[], expected: unknown, n = 3) =>
  captures
    .map((c) => ({ seq: c.seq, differences: mismatches(c.message, expected) }))
    .filter((c) => c.differences.length > 0)
    .sort(byCloseness)
    .slice(0, n)
    .map((c) => `#${c.seq}: ${c.differences.join(', ')}`);

/** A deterministic mix of messages: some missing fields, some off by one field or several. */
function captures(count: number) {
  let x = 7;
  const next = (m: number) => (x = (x * 1103515245 + 12345) % 2147483648) % m;
  return Array.from({ length: count }, (_, i) => {
    const message: Record<string, unknown> = { type: ['track', 'identify', 'page'][next(3)], userId: `u${next(5)}` };
    if (next(4) > 0) message.event = ['Paid', 'Payed', 'Signed Up'][next(3)];
    if (next(3) > 0) message.properties = { plan: ['pro', 'free'][next(2)], amount: next(3) * 10, tags: next(2) ? ['a', 'b'] : ['c'] };
    return { seq: i + 1, message };
  });
}

const expectations: unknown[] = [
  { type: 'track', event: 'Paid', properties: { plan: 'pro', amount: 20 } },
  { event: 'Paid', userId: 'u9' },
  { type: 'track', properties: { tags: ['b'], missing: 1 } },
  { event: '/^Pay/', properties: { plan: '/^f/' } },
  { userId: 'u1', context: { ip: '1.2.3.4' } },
  { properties: { plan: null, amount: 0 } },
];

describe('nearest misses', () => {
  it('are the same as comparing every capture and sorting them, for runs up to the candidates kept', () => {
    for (const count of [0, 1, 2, 5, 40, 333, NEAR_MISS_CANDIDATES]) {
      const all = captures(count);
      for (const e of expectations) for (const n of [1, 3, 5]) expect(nearestMisses(all, e, n), `${count} captures, ${JSON.stringify(e)}, ${n}`).toEqual(reference(all, e, n));
    }
    // Something to compare: the pin is not of empty lists.
    expect(nearestMisses(captures(40), expectations[0])).toHaveLength(3);
  });

  it('a longer run is judged by its newest messages', () => {
    const all = captures(NEAR_MISS_CANDIDATES + 500);
    const expected = { type: 'track', event: 'Unique', userId: 'zz' };
    // The one closest of all (one difference, every other has two or more) is the oldest: past the candidates, it is not named.
    all[0] = { seq: 1, message: { type: 'track', event: 'Unique', userId: 'zy' } };
    expect(reference(all, expected, 1)).toEqual(['#1: userId is "zy", expected "zz"']);
    expect(nearestMisses(all, expected)).toEqual(reference(all.slice(-NEAR_MISS_CANDIDATES), expected));
    expect(nearestMisses(all, expected)).toHaveLength(3);
    expect(nearestMisses(all, expected).join()).not.toContain('#1:');
  });
});
