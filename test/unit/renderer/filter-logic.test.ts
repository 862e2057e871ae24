import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../../src-shared/capture';
import { appendFiltered, EMPTY_FILTERS, filterRows, hasProblems, mergeKnown, type InspectorFilters } from '../../../src-renderer/src/state/filter-logic';
import { RowList } from '../../../src-renderer/src/state/row-list';
import { encodeSummaries, SummaryBlock } from '../../../src-shared/summary-columns';
import { summary } from './summary-rows';

const all100k: MessageSummary[] = Array.from({ length: 100_000 }, (_, i) => summary(i + 1));

/** The rows as the inspector holds them after a load: pages of 5,000 kept as blocks. */
function asBlocks(rows: readonly MessageSummary[], page = 5000): RowList {
  let list = RowList.EMPTY;
  for (let i = 0; i < rows.length; i += page) list = list.concat(RowList.ofBlock(new SummaryBlock(encodeSummaries(rows.slice(i, i + page)))));
  return list;
}

// Both forms a list's rows take: objects (pushed live) and blocks (paged in). Filtering must give
// the same rows either way: the block path compiles the filter against the block's columns.
const FORMS = [
  ['objects', RowList.of(all100k)],
  ['blocks', asBlocks(all100k)],
] as const;

function reference(f: InspectorFilters, search: Set<number> | null): number[] {
  return all100k
    .filter(
      (r) =>
        (!f.text || !search || search.has(r.seq)) &&
        (!f.type || r.type === f.type) &&
        (!f.endpoint || r.endpoint === f.endpoint) &&
        (!f.hasProblems || hasProblems(r)) &&
        (!f.profile || r.findingProfiles.includes(f.profile)),
    )
    .map((r) => r.seq);
}

describe.each(FORMS)('filter logic on rows held as %s', (_form, rows100k) => {
  it('returns the same list when no filter is active (no copy)', () => {
    expect(filterRows(rows100k, EMPTY_FILTERS, null)).toBe(rows100k);
  });

  it('filters the rows the reference filter keeps, and the rows themselves are the summaries', () => {
    const search = new Set(all100k.filter((r) => r.seq % 7 !== 0).map((r) => r.seq));
    const cases: InspectorFilters[] = [
      { ...EMPTY_FILTERS, type: 'track' },
      { ...EMPTY_FILTERS, endpoint: '/v1/batch' },
      { ...EMPTY_FILTERS, hasProblems: true },
      { ...EMPTY_FILTERS, profile: 'freshsuccess' },
      { ...EMPTY_FILTERS, type: 'nothing-like-it' },
      { ...EMPTY_FILTERS, profile: 'no-such-profile' },
      { ...EMPTY_FILTERS, text: 'x' },
      { ...EMPTY_FILTERS, type: 'identify', hasProblems: true, text: 'x' },
    ];
    for (const f of cases) {
      const out = filterRows(rows100k, f, search);
      expect(out.seqs(), JSON.stringify(f)).toEqual(reference(f, search));
    }
    const some = filterRows(rows100k, { ...EMPTY_FILTERS, type: 'page' }, null);
    expect(some.length).toBeGreaterThan(0);
    expect(some.toArray().slice(0, 50)).toEqual(all100k.filter((r) => r.type === 'page').slice(0, 50));
  });

  it('filters by type, endpoint, problems and profile, combined', () => {
    const f = { ...EMPTY_FILTERS, type: 'track', endpoint: '/v1/track' };
    const out = filterRows(rows100k, f, null);
    expect(out.length).toBeGreaterThan(0);
    expect(out.toArray().every((r) => r.type === 'track' && r.endpoint === '/v1/track')).toBe(true);
    const expected = all100k.filter((r) => r.type === 'track' && r.endpoint === '/v1/track').length;
    expect(out.length).toBe(expected);

    const problems = filterRows(rows100k, { ...EMPTY_FILTERS, hasProblems: true }, null);
    expect(problems.length).toBe(all100k.filter(hasProblems).length);
    expect(problems.toArray().every(hasProblems)).toBe(true);

    const fresh = filterRows(rows100k, { ...EMPTY_FILTERS, profile: 'freshsuccess' }, null);
    expect(fresh.length).toBe(20_000);
    expect(fresh.toArray().every((r) => r.findingProfiles.includes('freshsuccess'))).toBe(true);
  });

  it('intersects the engine search result with the local filters', () => {
    const seqs = new Set([4, 5, 8, 12, 13]);
    const out = filterRows(rows100k, { ...EMPTY_FILTERS, type: 'track', text: 'x' }, seqs);
    // summary(): type = types[seq % 4], track when seq % 4 === 0
    expect(out.seqs()).toEqual([4, 8, 12]);
  });
});

describe('filter logic', () => {
  const rows100k = FORMS[1][1];
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
    const search = new Set(all100k.filter((r) => r.seq % 3 === 0).map((r) => r.seq));
    for (const f of filters) {
      const out = filterRows(rows100k, { ...f, text: 'q' }, search);
      const expected = all100k.filter(
        (r) =>
          search.has(r.seq) &&
          (!f.type || r.type === f.type) &&
          (!f.endpoint || r.endpoint === f.endpoint) &&
          (!f.hasProblems || hasProblems(r)) &&
          (!f.profile || r.findingProfiles.includes(f.profile)),
      );
      expect(out.length).toBeGreaterThan(0);
      expect(out.seqs()).toEqual(expected.map((r) => r.seq));
    }
  });

  it('appends incrementally with the same result as a full filter', () => {
    const f = { ...EMPTY_FILTERS, type: 'page' };
    const first = filterRows(rows100k.slice(0, 60_000), f, null);
    const appended = appendFiltered(first, all100k.slice(60_000), f, null);
    expect(appended.seqs()).toEqual(filterRows(rows100k, f, null).seqs());
    // nothing passing: same list back (no re-render)
    expect(appendFiltered(first, [summary(100_001, { type: 'track' })], f, null)).toBe(first);
  });

  it('merges facet values, keeping the array when nothing is new', () => {
    const known = ['page', 'track'];
    expect(mergeKnown(known, ['track'])).toBe(known);
    expect(mergeKnown(known, ['alias', 'track', ''])).toEqual(['alias', 'page', 'track']);
  });
});
