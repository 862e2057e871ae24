// The search's answer as runs of seqs: the encoding written out by hand for small cases, and a
// round trip for any increasing seqs; a list that is not an encoding is refused with where.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSeqRuns, encodeSeqRuns } from '../../src-shared/seq-runs';

describe('seq runs', () => {
  it('writes a run of consecutive seqs as its first and a negative length', () => {
    expect(encodeSeqRuns([])).toEqual([]);
    expect(encodeSeqRuns([7])).toEqual([7]);
    expect(encodeSeqRuns([3, 4, 5, 9])).toEqual([3, -2, 9]);
    expect(encodeSeqRuns([1, 3, 5])).toEqual([1, 3, 5]);
    expect(encodeSeqRuns([1, 2, 4, 5, 6, 10, 11])).toEqual([1, -1, 4, -2, 10, -1]);
    expect(encodeSeqRuns(Array.from({ length: 1_000_000 }, (_, i) => i + 1))).toEqual([1, -999_999]);
  });

  it('reads back exactly the seqs encoded', () => {
    const runs = decodeSeqRuns([3, -2, 9, 12, -1]);
    expect(runs.size).toBe(6);
    expect([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14].filter((s) => runs.has(s))).toEqual([3, 4, 5, 9, 12, 13]);
    expect(decodeSeqRuns([]).has(1)).toBe(false);
    expect(decodeSeqRuns([]).size).toBe(0);
  });

  it('round-trips any increasing seqs', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 120 }), (list) => {
        const seqs = [...list].sort((a, b) => a - b);
        const runs = decodeSeqRuns(encodeSeqRuns(seqs));
        expect(runs.size).toBe(seqs.length);
        const set = new Set(seqs);
        for (let s = 0; s <= 402; s++) expect(runs.has(s)).toBe(set.has(s));
      }),
    );
  });

  it('refuses a list that is not an encoding, saying which item', () => {
    expect(() => decodeSeqRuns([-1])).toThrow('item 0 extends no seq');
    expect(() => decodeSeqRuns([4, -1, -1])).toThrow('item 2 extends no seq');
    expect(() => decodeSeqRuns([4, 0])).toThrow('item 1 is 0');
    expect(() => decodeSeqRuns([4, 2.5])).toThrow('item 1 is 2.5');
    expect(() => decodeSeqRuns([4, -2, 6])).toThrow('item 2 (6) is not after');
    expect(() => decodeSeqRuns([5, 5])).toThrow('item 1 (5) is not after');
  });
});
