// The binary searches over ascending typed arrays (seqs, deadlines), against a plain scan of the
// same values, spare room after `count` included (the arrays grow by doubling).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexOfSorted, upperBound } from '../../src-shared/sorted';

const sortedWithRoom = fc
  .tuple(fc.uniqueArray(fc.integer({ min: -50, max: 50 }), { maxLength: 40 }), fc.nat({ max: 8 }))
  .map(([values, room]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const array = new Float64Array(sorted.length + room).fill(-1000); // spare room holds stale values
    array.set(sorted);
    return { array, count: sorted.length, sorted };
  });

describe('indexOfSorted and upperBound', () => {
  it('find what a scan of the first count values finds, whatever lies after them', () => {
    fc.assert(
      fc.property(sortedWithRoom, fc.integer({ min: -60, max: 60 }), ({ array, count, sorted }, x) => {
        expect(indexOfSorted(array, count, x)).toBe(sorted.indexOf(x));
        const above = sorted.findIndex((v) => v > x);
        expect(upperBound(array, x, count)).toBe(above < 0 ? count : above);
      }),
      { numRuns: 500 },
    );
  });

  it('upperBound searches the whole array when no count is given; an empty one gives 0 and -1', () => {
    expect(upperBound(Float64Array.from([1, 2, 2, 3]), 2)).toBe(3);
    expect(upperBound(new Float64Array(0), 5)).toBe(0);
    expect(indexOfSorted(new Float64Array(4), 0, 0)).toBe(-1);
  });
});
