// matchesPartial and mismatches at the depth a message may nest (MAX_NESTING_DEPTH: the receiver
// refuses a deeper one), and expectedValueProblem at that depth and over a Proxy that throws where
// it is inspected. Worked out from the comments in match.ts and expected-value.ts.
import { describe, expect, it } from 'vitest';
import { expectedValueProblem } from '../../../src-shared/scenario/expected-value';
import { matchesPartial, mismatches } from '../../../src-shared/scenario/match';
import { MAX_NESTING_DEPTH } from '../../../src-shared/tracking-api/limits';

/** `levels` wraps around { leaf: 1 }: levels + 1 objects in all. */
function nested(levels: number, wrap: (inner: unknown) => unknown = (inner) => ({ d: inner })): unknown {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < levels; i++) v = wrap(v);
  return v;
}

describe('matchesPartial: an expected value deeper than a message may nest matches nothing', () => {
  it('as deep as a message may be (256 objects): matched as any other', () => {
    expect(matchesPartial(nested(MAX_NESTING_DEPTH - 1), nested(MAX_NESTING_DEPTH - 1))).toBe(true);
    expect(matchesPartial(nested(MAX_NESTING_DEPTH - 1, (x) => [x]), nested(MAX_NESTING_DEPTH - 1, (x) => [x]))).toBe(true);
  });

  it('one level deeper, or thousands, matches nothing, even a value of the same shape', () => {
    expect(matchesPartial(nested(MAX_NESTING_DEPTH), nested(MAX_NESTING_DEPTH))).toBe(false);
    expect(matchesPartial(nested(5000), nested(5000))).toBe(false);
    expect(matchesPartial(nested(MAX_NESTING_DEPTH, (x) => [x]), nested(MAX_NESTING_DEPTH, (x) => [x]))).toBe(false);
    expect(matchesPartial(nested(5000, (x) => [x]), nested(5000, (x) => [x]))).toBe(false);
  });

  it('arrays: each expected element found somewhere in the actual array, in any order', () => {
    expect(matchesPartial([1, 2, 3], [3, 1])).toBe(true);
    expect(matchesPartial([1], [1, 5])).toBe(false);
    expect(matchesPartial([1, 2], [4])).toBe(false);
    expect(matchesPartial({ 0: 1 }, [1])).toBe(false);
    expect(matchesPartial([{ a: 1, b: 2 }], [{ a: 1 }])).toBe(true);
  });
});

describe('mismatches: where a message fails, written whole past the depth a message may nest', () => {
  it('a key missing under a path, and a message that is not an object', () => {
    expect(mismatches({ a: {} }, { a: { b: 1 } })).toEqual(['a.b is missing']);
    expect(mismatches('str', { a: 1 })).toEqual(['(the message) is "str", expected {"a":1}']);
  });

  it('two values of the same shape deeper than a message: the difference at the last depth a message reaches', () => {
    const [only, ...rest] = mismatches(nested(MAX_NESTING_DEPTH + 2), nested(MAX_NESTING_DEPTH + 2));
    expect(rest).toEqual([]);
    const path = only.slice(0, only.indexOf(' is '));
    expect(path).toBe(Array(MAX_NESTING_DEPTH).fill('d').join('.'));
  });
});

describe('expectedValueProblem at the depth limit and over a Proxy', () => {
  it('256 objects are taken, 257 refused', () => {
    expect(expectedValueProblem(nested(MAX_NESTING_DEPTH - 1), 'match')).toBeUndefined();
    expect(expectedValueProblem(nested(MAX_NESTING_DEPTH), 'match')).toMatch(/^match nests objects and arrays more than 256 levels deep \(past match\.d\.d.*…\)/);
  });

  it('a Proxy whose getPrototypeOf throws is named where it is, not thrown', () => {
    const p = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('no prototype');
        },
      },
    );
    expect(expectedValueProblem({ properties: { p } }, 'match')).toBe('match.properties.p could not be read: reading it threw Error: no prototype');
  });
});
