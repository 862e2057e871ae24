// The matcher's reading side (decisions found by seq, as the Matching view pages through them)
// and two rules the property tests do not reach: a property re-sent as an equal object is no
// change; a message outside the scope leaves no decision.
import { describe, expect, it } from 'vitest';
import { Matcher, deriveMatching } from '../../../src-shared/matching/matcher';
import type { MatchInput } from '../../../src-shared/matching/types';
import { DEFAULTS, input } from './helpers';

describe('finding decisions by seq', () => {
  // Matched seqs 2, 4, 6, 8, 10 (the odd ones come through the Tracking API, outside the default scope).
  const inputs: MatchInput[] = [];
  for (let seq = 1; seq <= 10; seq++) inputs.push(input(seq, { type: 'track', event: 'X', userId: `u${seq}` }, seq % 2 === 0 ? 'webhook' : 'tracking'));
  const m = deriveMatching([], DEFAULTS, inputs);

  it('only the webhook messages were matched, in seq order', () => {
    expect(m.size).toBe(5);
    expect([0, 1, 2, 3, 4].map((i) => m.seqAt(i))).toEqual([2, 4, 6, 8, 10]);
  });

  it.each([
    [0, -1],
    [1, -1],
    [2, 0],
    [3, -1],
    [4, 1],
    [8, 3],
    [9, -1],
    [10, 4],
    [11, -1],
    [100, -1],
  ])('indexOfSeq(%i) = %i', (seq, at) => {
    expect(m.indexOfSeq(seq)).toBe(at);
  });

  it.each([
    [-1, 0],
    [0, 0],
    [1, 0],
    [2, 1],
    [3, 1],
    [5, 2],
    [6, 3],
    [9, 4],
    [10, 5],
    [50, 5],
  ])('firstAfter(%i) = %i', (seq, at) => {
    expect(m.firstAfter(seq)).toBe(at);
  });

  it('an empty matcher finds nothing', () => {
    const empty = new Matcher([], DEFAULTS);
    expect([empty.size, empty.indexOfSeq(1), empty.firstAfter(0)]).toEqual([0, -1, 0]);
    expect(empty.decisions).toEqual([]);
  });
});

describe('rules the property tests do not reach', () => {
  it('a property re-sent as an equal object (another object, same contents) is no change; other contents are', () => {
    const m = new Matcher([{ id: 'a', username: 'ada', properties: {} }], DEFAULTS);
    const first = m.add(input(1, { type: 'identify', userId: 'ada', traits: { seats: { n: 3, tags: ['x'] } } }))!;
    expect(first.changes).toEqual([{ field: 'properties.seats', before: undefined, after: { n: 3, tags: ['x'] } }]);
    const again = m.add(input(2, { type: 'identify', userId: 'ada', traits: { seats: { n: 3, tags: ['x'] } } }))!;
    expect(again.changes).toEqual([]);
    expect(m.users[0].touchedBy).toEqual([1]);
    const other = m.add(input(3, { type: 'identify', userId: 'ada', traits: { seats: { n: 4, tags: ['x'] } } }))!;
    expect(other.changes).toEqual([{ field: 'properties.seats', before: { n: 3, tags: ['x'] }, after: { n: 4, tags: ['x'] } }]);
    const nulls = m.add(input(4, { type: 'identify', userId: 'ada', traits: { seats: null } }))!;
    expect(nulls.changes).toEqual([{ field: 'properties.seats', before: { n: 4, tags: ['x'] }, after: null }]);
    const nullAgain = m.add(input(5, { type: 'identify', userId: 'ada', traits: { seats: null } }))!;
    expect(nullAgain.changes).toEqual([]);
    const text = m.add(input(6, { type: 'identify', userId: 'ada', traits: { seats: 'null' } }))!;
    expect(text.changes).toEqual([{ field: 'properties.seats', before: null, after: 'null' }]);
  });

  it('a message outside the scope: add gives undefined and no decision is kept', () => {
    const m = new Matcher([], DEFAULTS);
    expect(m.add(input(1, { type: 'track', event: 'X', userId: 'ada' }, 'tracking'))).toBeUndefined();
    expect(m.size).toBe(0);
    expect(m.users).toEqual([]);
    expect(m.add(input(2, { type: 'track', event: 'X', userId: 'ada' }))).toMatchObject({ seq: 2, outcome: 'created', userId: 'new-2' });
  });
});
