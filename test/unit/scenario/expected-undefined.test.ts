// An expected value holding what JSON cannot: a test in JavaScript passes `{ plan: undefined }`,
// a function, a BigInt, a cycle. mismatches() threw "Cannot read properties of undefined (reading
// 'includes')" writing a near miss, and a key expected undefined was named "missing" when absent.
// Now undefined as an object's value means the key must be absent, everywhere a comparison is written.
import { describe, expect, it } from 'vitest';
import { expectedValueProblem, shownValue } from '../../../src-shared/scenario/expected-value';
import { expectMessages } from '../../../src-shared/scenario/expect';
import { matchesPartial, mismatchCount, mismatches, nearestMisses } from '../../../src-shared/scenario/match';
import { formatDiff, namedParts } from '../../../src-shared/scenario/report';
import { parseExact } from '../../../src-shared/exact-json';

const expected = { event: 'Paid', properties: { plan: undefined } };

describe('a key expected undefined must be absent', () => {
  it('matches a message without the key, and not one with it', () => {
    expect(matchesPartial({ event: 'Paid', properties: {} }, expected)).toBe(true);
    expect(matchesPartial({ event: 'Paid', properties: { plan: 'pro' } }, expected)).toBe(false);
  });

  it('names a present key as the difference, without throwing', () => {
    expect(mismatches({ event: 'Paid', properties: { plan: 'pro' } }, expected)).toEqual(['properties.plan is "pro", expected it absent (undefined)']);
    expect(mismatchCount({ event: 'Paid', properties: { plan: 'pro' } }, expected)).toBe(1);
  });

  it('counts an absent key as no difference (it was "is missing"), at the top level too', () => {
    const top = { event: 'Paid', plan: undefined };
    expect(mismatches({ event: 'Refunded' }, top)).toEqual(['event is "Refunded", expected "Paid"']);
    expect(mismatchCount({ event: 'Refunded' }, top)).toBe(1);
    expect(mismatches({ event: 'Paid' }, top)).toEqual([]);
  });

  it('orders and writes near misses by it', () => {
    const captures = [
      { seq: 1, message: { event: 'Paid', properties: { plan: 'pro' } } },
      { seq: 2, message: { event: 'Refunded', properties: {} } },
      { seq: 3, message: { event: 'Refunded', properties: { plan: 'pro' } } },
    ];
    expect(nearestMisses(captures, expected)).toEqual(['#2: event is "Refunded", expected "Paid"', '#1: properties.plan is "pro", expected it absent (undefined)', '#3: event is "Refunded", expected "Paid", properties.plan is "pro", expected it absent (undefined)']);
  });

  it('keeps a marker number exact beside it', () => {
    const message = parseExact('{"n":9007199254740993,"plan":"pro"}');
    expect(mismatches(message, { n: parseExact('9007199254740993'), plan: undefined })).toEqual(['plan is "pro", expected it absent (undefined)']);
    expect(mismatches(message, { n: 1, plan: undefined })[0]).toBe('n is 9007199254740993, expected 1');
  });

  it('shows the key in a diff as (missing), no difference when the message lacks it', () => {
    const present = { event: 'Paid', properties: { plan: 'pro' } };
    expect(formatDiff(expected, namedParts(present, expected))).toContain('-     "plan": "(missing)"\n+     "plan": "pro"');
    const absent = { event: 'Paid', properties: {} };
    expect(formatDiff(expected, namedParts(absent, expected)).split('\n').filter((l) => /^[-+]/.test(l))).toEqual([]);
  });

  it('writes it in a failed expectation\'s sentence (it read "matching {"properties":{}}")', () => {
    const r = expectMessages({ match: expected } as never, 0, []);
    expect(r.message).toBe('expected at least 1 message matching {"event":"Paid","properties":{"plan":"(absent)"}}, got 0');
  });
});

describe('what JSON cannot write never throws out of a comparison', () => {
  const cycle: Record<string, unknown> = { event: 'Paid' };
  cycle.self = cycle;

  it('a function, a BigInt, a top-level undefined: named in the mismatch', () => {
    expect(mismatches({ a: 1 }, { a: () => 1 })).toEqual(['a is 1, expected "(a function)"']);
    expect(mismatches({ a: 1 }, { a: 2n })).toEqual(['a is 1, expected "2n"']);
    expect(mismatches({ a: 1 }, undefined)).toEqual(['(the message) is {"a":1}, expected undefined']);
  });

  it('a BigInt or a cycle in a diff or a sentence', () => {
    expect(formatDiff({ a: 2n }, { a: 1 })).toContain('-   "a": "2n"');
    // Named as the sentence names it (it read JSON's "Converting circular structure to JSON").
    expect(formatDiff(cycle, { event: 'Paid' })).toContain('- (a value JSON cannot write: it.self refers back to an object that contains it (a cycle))');
    expect(shownValue(cycle)).toBe('(a value JSON cannot write: it.self refers back to an object that contains it (a cycle))');
    expect(expectMessages({ match: cycle } as never, 0, []).message).toContain('matching (a value JSON cannot write: it.self refers back');
  });
});

describe('expectedValueProblem names what an expected value cannot hold, and where', () => {
  it('accepts JSON values and an object key undefined', () => {
    expect(expectedValueProblem({ a: [1, 'x', null, { b: true }], plan: undefined }, 'match')).toBeUndefined();
    const shared = { sku: 's' };
    expect(expectedValueProblem({ a: shared, b: shared }, 'match')).toBeUndefined();
  });

  it.each([
    [{ tags: [undefined] }, 'match.tags[0] is undefined, which no message holds'],
    [{ p: { f: () => 1 } }, 'match.p.f is a function, which no message holds: give the value expected'],
    [{ n: 12n }, 'match.n is the BigInt 12n, which JSON cannot hold: write it as the number 12'],
    [{ s: Symbol('x') }, 'match.s is a symbol, which no message holds: give the value expected'],
    [{ n: Number.NaN }, 'match.n is NaN, which JSON cannot hold (a message never has it)'],
    [{ event: /Sign/i }, 'match.event is a RegExp object: write it as the string "/Sign/i"'],
    [{ at: new Date('2026-01-02T03:04:05.000Z') }, 'match.at is a Date: write the text expected, such as "2026-01-02T03:04:05.000Z"'],
    [{ m: new Map() }, 'match.m is a Map object, not a plain object or array: give the fields expected as a plain object'],
  ])('%o', (value, problem) => {
    expect(expectedValueProblem(value, 'match')).toBe(problem);
  });

  it('names a cycle, and undefined where it is not allowed', () => {
    const c: Record<string, unknown> = { a: { b: {} } };
    (c.a as { b: Record<string, unknown> }).b.c = c;
    expect(expectedValueProblem(c, 'match')).toBe('match.a.b.c refers back to an object that contains it (a cycle)');
    expect(expectedValueProblem({ plan: undefined }, 'filter', false)).toBe('filter.plan is undefined');
    // Sent as JSON (eventbench/testing), a Date is its ISO text; a RegExp is still {}.
    expect(expectedValueProblem({ at: new Date(0) }, 'match', true, true)).toBeUndefined();
    expect(expectedValueProblem({ event: /x/ }, 'match', true, true)).toBe('match.event is a RegExp object: write it as the string "/x/"');
  });
});
