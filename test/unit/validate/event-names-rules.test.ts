// Event-name matching (event-names.ts) against plain definitions: the edit distance is the optimal
// string alignment distance (insert, delete, substitute, swap two neighbours: one edit each),
// computed here the textbook way on a full table; a limit only lets it give up early (anything
// over the limit says "over"). "Did you mean" suggests a known name within a third of the letters,
// "close" (auto mode) is 1 edit per 5 letters of the shorter name, 1 to 3; among the nearest event's
// spellings it suggests the one nearest to what was written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventSpec, ProfileSpec } from '../../../src-shared/catalogs/types';
import { buildEventNameIndex, editDistance, nearestEventName, normalizeEventName } from '../../../src-shared/validate/event-names';

function osa(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    d.push([]);
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 || j === 0) {
        d[i].push(i + j);
        continue;
      }
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i].push(v);
    }
  }
  return d[a.length][b.length];
}

const word = (max: number) => fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: max });

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['abc', 'abc', 0],
    ['ab', 'ba', 1],
    ['abcd', 'acbd', 1],
    ['ca', 'abc', 3], // OSA, not Damerau: no edit of a swapped pair again
    ['flaw', 'lawn', 2],
    ['a'.repeat(70), 'a'.repeat(69) + 'b', 1], // past the first 64-slot rows
    ['x' + 'a'.repeat(100), 'a'.repeat(100) + 'x', 2],
  ])('%j vs %j: %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
    expect(osa(a, b)).toBe(d);
  });

  it('equals the textbook distance, short and long (longer than the kept rows)', () => {
    fc.assert(fc.property(word(12), word(12), (a, b) => {
        expect(editDistance(a, b)).toBe(osa(a, b));
      }), { numRuns: 300 });
    fc.assert(fc.property(word(90), word(90), (a, b) => {
        expect(editDistance(a, b)).toBe(osa(a, b));
      }), { numRuns: 40 });
  });

  it('with a limit: exact up to the limit, over it when the distance is', () => {
    fc.assert(
      fc.property(word(10), word(10), fc.integer({ min: 0, max: 6 }), (a, b, limit) => {
        const exact = osa(a, b);
        const got = editDistance(a, b, limit);
        if (exact <= limit) expect(got).toBe(exact);
        else expect(got).toBeGreaterThan(limit);
      }),
      { numRuns: 400 },
    );
  });

  it('gives up at once when the lengths alone differ by more than the limit', () => {
    expect(editDistance('abcdefgh', 'ab', 3)).toBe(4);
    expect(editDistance('abcdefgh', 'ab', 6)).toBe(6);
    expect(editDistance('abcd', 'wxyz', 2)).toBe(3);
  });
});

describe('normalizeEventName', () => {
  it.each([
    ['Tour Start', 'tourstart'],
    ['tour_start', 'tourstart'],
    ['NPS-Widget Shown 2', 'npswidgetshown2'],
    ['Élan!', 'lan'],
    ['', ''],
  ])('%j -> %j', (name, expected) => expect(normalizeEventName(name)).toBe(expected));
});

describe('nearestEventName on a small catalog', () => {
  const ev = (name: string, spellings?: string[]): EventSpec => ({
    name,
    spellings: spellings?.map((n, i) => ({ name: n, style: i === 0 ? 'Title Case' : 'snake_case', origin: 'Segment catalog page' })),
    description: name,
    call: 'track',
    fields: [],
    origin: 'Segment catalog page',
  });
  const profile = (events: EventSpec[]): ProfileSpec => ({ id: 'produktly', name: 'T', kind: 'source', calls: ['track'], baseFields: [], events, notes: [], origin: 'Segment catalog page' });
  const index = buildEventNameIndex(profile([ev('Report Exported', ['Report Exported', 'report_exported']), ev('Goal Met'), ev('Abcdefghijklmnopqrst')]));

  it('the index holds every spelling, normalized', () => {
    expect([...index.exact.keys()]).toEqual(['Report Exported', 'report_exported', 'Goal Met', 'Abcdefghijklmnopqrst']);
    expect(index.known.map((k) => k.normalized)).toEqual(['reportexported', 'reportexported', 'goalmet', 'abcdefghijklmnopqrst']);
  });

  it.each<[string, string | null, number | null, boolean | null]>([
    // "reportexported" has 14 letters: a third is 5 edits (rounded up), close is 2 (14 / 5).
    ['Report Exportd', 'Report Exported', 1, true],
    ['report_exportd', 'report_exported', 1, true], // the spelling nearest to what was written
    ['report exported', 'report_exported', 0, true], // only separators differ; the spelling one edit from what was written
    ['Reprt Exprtd', 'Report Exported', 3, false], // within a third, not close
    ['Rpt Xprtd', null, null, null], // 6 edits: more than a third
    // "goalmet" has 7 letters: a third is 3, close is 1.
    ['Goal Mat', 'Goal Met', 1, true],
    ['Gaol Met', 'Goal Met', 1, true], // a swapped pair is one edit
    ['Goal', 'Goal Met', 3, false],
    // 20 letters: close is 3 at most (not 4), a third is 7.
    ['Abcdefghijklmnopq', 'Abcdefghijklmnopqrst', 3, true],
    ['Abcdefghijklmnop', 'Abcdefghijklmnopqrst', 4, false],
    ['!!!', null, null, null], // nothing left to compare
    ['Zzz', null, null, null],
  ])('%j -> %j', (name, suggestion, distance, close) => {
    const near = nearestEventName(index, name);
    if (suggestion === null) return expect(near).toBeNull();
    expect(near && [near.suggestion.spelling.name, near.distance, near.close]).toEqual([suggestion, distance, close]);
    // closeOnly (auto mode) finds the same when it is close, and nothing otherwise.
    const auto = nearestEventName(index, name, true);
    if (close) expect(auto && [auto.suggestion.spelling.name, auto.distance, auto.close]).toEqual([suggestion, distance, true]);
    else expect(auto).toBeNull();
  });

  it('a short name: close is at least one edit', () => {
    const tiny = buildEventNameIndex(profile([ev('Ab'), ev('Xyz')]));
    expect(nearestEventName(tiny, 'Ac')).toMatchObject({ distance: 1, close: true, suggestion: { spelling: { name: 'Ab' } } });
    expect(nearestEventName(tiny, 'Ac', true)).toMatchObject({ distance: 1, close: true });
  });

  it('the nearer of two events wins, the first one on a tie', () => {
    const two = buildEventNameIndex(profile([ev('Tour Start'), ev('Tour Stars'), ev('Tour Stare')]));
    expect(nearestEventName(two, 'Tour Starx')?.suggestion.spelling.name).toBe('Tour Start');
    expect(nearestEventName(two, 'Tour Starss')?.suggestion.spelling.name).toBe('Tour Stars');
  });

  it('the spelling suggested is one of the nearest event’s, even when another event has a spelling nearer as written', () => {
    // "goalmex" is 1 edit from "goalmet" and 2 from "goalmat"; as written, "goal_mex" is 3 edits from
    // "Goal Met" but 2 from "goal_mat".
    const own = buildEventNameIndex(profile([ev('Goal Met'), ev('Goal Mat', ['goal_mat'])]));
    expect(nearestEventName(own, 'goal_mex')).toMatchObject({ distance: 1, suggestion: { spelling: { name: 'Goal Met' } } });
  });

  it('two spellings as near as each other to what was written: the default (first) one', () => {
    // "tour-Start" is 2 edits from both "Tour Start" and "tour_start".
    const own = buildEventNameIndex(profile([ev('Tour Start', ['Tour Start', 'tour_start'])]));
    expect(nearestEventName(own, 'tour-Start')?.suggestion.spelling.name).toBe('Tour Start');
    const reversed = buildEventNameIndex(profile([ev('tour_start', ['tour_start', 'Tour Start'])]));
    expect(nearestEventName(reversed, 'tour-Start')?.suggestion.spelling.name).toBe('tour_start');
  });

  it('answers stay right past the cache’s 5,000 names (it is cleared, not trusted blindly)', () => {
    const own = buildEventNameIndex(profile([ev('Report Exported', ['Report Exported', 'report_exported']), ev('Goal Met')]));
    expect(nearestEventName(own, 'Goal Mat')?.suggestion.spelling.name).toBe('Goal Met');
    for (let i = 0; i < 5_050; i++) nearestEventName(own, `unrelated ${i}`, i % 2 === 0);
    expect(nearestEventName(own, 'Goal Mat')?.suggestion.spelling.name).toBe('Goal Met');
    expect(nearestEventName(own, 'Goal Mat', true)?.distance).toBe(1);
    expect(nearestEventName(own, 'Reprt Exprtd', true)).toBeNull();
    expect(nearestEventName(own, 'Reprt Exprtd')?.distance).toBe(3);
  });
});
