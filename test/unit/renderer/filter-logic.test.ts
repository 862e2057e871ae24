import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../../src-shared/capture';
import {
  appendFiltered,
  countUpToSeq,
  EMPTY_FILTERS,
  filterRows,
  hasProblems,
  indexOfSeq,
  mergeKnown,
} from '../../../src-renderer/src/state/filter-logic';
import { summary } from './summary-rows';

const rows100k: MessageSummary[] = Array.from({ length: 100_000 }, (_, i) => summary(i + 1));

describe('filter logic', () => {
  it('returns the same array when no filter is active (no copy)', () => {
    expect(filterRows(rows100k, EMPTY_FILTERS, null)).toBe(rows100k);
  });

  it('filters by type, endpoint, problems and profile, combined', () => {
    const f = { ...EMPTY_FILTERS, type: 'track', endpoint: '/v1/track' };
    const out = filterRows(rows100k, f, null);
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((r) => r.type === 'track' && r.endpoint === '/v1/track')).toBe(true);
    const expected = rows100k.filter((r) => r.type === 'track' && r.endpoint === '/v1/track').length;
    expect(out.length).toBe(expected);

    const problems = filterRows(rows100k, { ...EMPTY_FILTERS, hasProblems: true }, null);
    expect(problems.length).toBe(rows100k.filter(hasProblems).length);
    expect(problems.every(hasProblems)).toBe(true);

    const fresh = filterRows(rows100k, { ...EMPTY_FILTERS, profile: 'freshsuccess' }, null);
    expect(fresh.length).toBe(20_000);
    expect(fresh.every((r) => r.findingProfiles.includes('freshsuccess'))).toBe(true);
  });

  it('intersects the engine search result with the local filters', () => {
    const seqs = new Set([4, 5, 8, 12, 13]);
    const out = filterRows(rows100k, { ...EMPTY_FILTERS, type: 'track', text: 'x' }, seqs);
    // summary(): type = types[seq % 4], track when seq % 4 === 0
    expect(out.map((r) => r.seq)).toEqual([4, 8, 12]);
  });

  it('treats drop reasons, invalid or missing signatures and error/warning findings as problems, not info', () => {
    const base = summary(1, { dropCodes: [], errorCount: 0 });
    expect(hasProblems(base)).toBe(false);
    expect(hasProblems({ ...base, signature: 'no-secret' })).toBe(false);
    expect(hasProblems({ ...base, signature: 'invalid' })).toBe(true);
    expect(hasProblems({ ...base, signature: 'missing' })).toBe(true);
    expect(hasProblems({ ...base, dropCodes: ['missing-event'] })).toBe(true);
    // The counts are those of the profiles that apply (the engine sends them under the workspace).
    expect(hasProblems({ ...base, errorCount: 3, findingProfiles: ['freshsuccess'] } as typeof base)).toBe(true);
    expect(hasProblems({ ...base, warningCount: 1, findingProfiles: ['segment'] } as typeof base)).toBe(true);
  });

  // Speed is measured by `npm run bench` (filters), not asserted here: a test on the wall clock
  // fails on a busy machine and passes a slow change on a fast one.
  it('filters 100,000 rows with the search result and the local filters combined', () => {
    const filters = [
      { ...EMPTY_FILTERS, type: 'track' },
      { ...EMPTY_FILTERS, hasProblems: true, endpoint: '/v1/batch' },
      { ...EMPTY_FILTERS, profile: 'provesource', type: 'identify' },
    ];
    const search = new Set(rows100k.filter((r) => r.seq % 3 === 0).map((r) => r.seq));
    for (const f of filters) {
      const out = filterRows(rows100k, { ...f, text: 'q' }, search);
      const expected = rows100k.filter(
        (r) =>
          search.has(r.seq) &&
          (!f.type || r.type === f.type) &&
          (!f.endpoint || r.endpoint === f.endpoint) &&
          (!f.hasProblems || hasProblems(r)) &&
          (!f.profile || r.findingProfiles.includes(f.profile)),
      );
      expect(out.length).toBeGreaterThan(0);
      expect(out.map((r) => r.seq)).toEqual(expected.map((r) => r.seq));
    }
  });

  it('appends incrementally with the same result as a full filter', () => {
    const f = { ...EMPTY_FILTERS, type: 'page' };
    const first = filterRows(rows100k.slice(0, 60_000), f, null);
    const appended = appendFiltered(first, rows100k.slice(60_000), f, null);
    expect(appended).toEqual(filterRows(rows100k, f, null));
    // nothing passing: same array back (no re-render)
    expect(appendFiltered(first, [summary(100_001, { type: 'track' })], f, null)).toBe(first);
  });

  it('binary-searches by seq', () => {
    const sparse = [summary(2), summary(5), summary(9)];
    expect(countUpToSeq(sparse, 1)).toBe(0);
    expect(countUpToSeq(sparse, 5)).toBe(2);
    expect(countUpToSeq(sparse, 100)).toBe(3);
    expect(indexOfSeq(sparse, 9)).toBe(2);
    expect(indexOfSeq(sparse, 6)).toBe(-1);
    expect(indexOfSeq(rows100k, 77_777)).toBe(77_776);
  });

  it('merges facet values, keeping the array when nothing is new', () => {
    const known = ['page', 'track'];
    expect(mergeKnown(known, ['track'])).toBe(known);
    expect(mergeKnown(known, ['alias', 'track', ''])).toEqual(['alias', 'page', 'track']);
  });
});
