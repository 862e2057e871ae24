// The columnar wire form of `messages.page`, written out by hand for small pages (summary-columns.ts'
// own comments are the specification: seq as deltas from the previous row, receivedAt front-coded,
// strings once per page in order of first appearance with null for absent, integers run-length
// encoded when there are fewer than a third as many runs as rows, findings as
// "profile:errors:warnings" after a "#" when counted), and decoding pages another encoder could send.
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../src-shared/capture';
import { ColumnsError, columnFacets, compactInts, decodeSummaries, encodeSummaries, expandInts, type SummaryColumns, type SummarySource } from '../../src-shared/summary-columns';

const T0 = '2026-01-01T12:00:00.000Z';
const T1 = '2026-01-01T12:00:07.412Z';

/** Every field of a summary, absent ones as undefined (the shape decodeSummaries gives). */
function row(over: Partial<MessageSummary> & Pick<MessageSummary, 'seq'>): MessageSummary {
  return {
    receivedAt: T0,
    type: 'track',
    name: '',
    userId: undefined,
    anonymousId: undefined,
    origin: 'tracking',
    endpoint: '/v1/batch',
    writeKeyMasked: undefined,
    webhook: undefined,
    signature: undefined,
    signatureUnchecked: undefined,
    dropCodes: [],
    findingProfiles: [],
    errorCount: 0,
    warningCount: 0,
    findingCounts: undefined,
    ...over,
  };
}

const PAGE: MessageSummary[] = [
  row({ seq: 5, name: 'A', userId: 'u1', writeKeyMasked: 'abc…xyz' }),
  row({
    seq: 6,
    name: 'B',
    userId: 'u1',
    anonymousId: 'a2',
    writeKeyMasked: 'abc…xyz',
    dropCodes: ['missing-identity', 'missing-event'],
    findingProfiles: ['segment', 'freshsuccess'],
    findingCounts: [1, 0, 0, 2],
    errorCount: 1,
    warningCount: 2,
  }),
  row({ seq: 9, receivedAt: T1, type: 'identify', anonymousId: 'a2', origin: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: 'valid', findingCounts: [] }),
];

const PAGE_COLUMNS: SummaryColumns = {
  count: 3,
  seqDelta: [5, 1, 3],
  receivedAtPrefix: [0, 24, 18],
  receivedAtRest: { values: [T0, '', '7.412Z'], index: [0, 1, 2] },
  type: { values: ['track', 'identify'], index: [0, 0, 1] },
  name: { values: ['A', 'B', ''], index: [0, 1, 2] },
  userId: { values: ['u1', null], index: [0, 0, 1] },
  anonymousId: { values: [null, 'a2'], index: [0, 1, 1] },
  origin: { values: ['tracking', 'webhook'], index: [0, 0, 1] },
  endpoint: { values: ['/v1/batch', '/webhook/pf'], index: [0, 0, 1] },
  writeKeyMasked: { values: ['abc…xyz', null], index: [0, 0, 1] },
  webhook: { values: [null, 'pf'], index: [0, 0, 1] },
  signature: { values: [null, 'valid'], index: [0, 0, 1] },
  dropCodes: { values: ['', 'missing-identity,missing-event'], index: [0, 1, 0] },
  findingProfiles: { values: ['', '#segment:1:0,freshsuccess:0:2', '#'], index: [0, 1, 2] },
  errorCount: [0, 1, 0],
  warningCount: [0, 2, 0],
  signatureUnchecked: [0, 0, 0],
};

describe('encodeSummaries: a page written out by hand', () => {
  it('three rows, every column', () => {
    expect(encodeSummaries(PAGE)).toStrictEqual(PAGE_COLUMNS);
  });

  it('decodes back to the same rows, every key present', () => {
    expect(decodeSummaries(PAGE_COLUMNS)).toStrictEqual(PAGE);
  });

  it('from a source made on demand, the same page; a slice [from, to) starts its deltas and prefixes afresh', () => {
    const source: SummarySource = { size: PAGE.length, summaryAt: (i) => PAGE[i] };
    expect(encodeSummaries(source)).toStrictEqual(PAGE_COLUMNS);
    const slice = encodeSummaries(source, 1, 3);
    expect(slice.count).toBe(2);
    expect(slice.seqDelta).toEqual([6, 3]);
    expect(slice.receivedAtPrefix).toEqual([0, 18]);
    expect(slice.receivedAtRest).toEqual({ values: [T0, '7.412Z'], index: [0, 1] });
    expect(decodeSummaries(slice)).toStrictEqual(PAGE.slice(1));
    expect(encodeSummaries(PAGE, 2)).toMatchObject({ count: 1, seqDelta: [9], receivedAtPrefix: [0], receivedAtRest: { values: [T1], index: [0] } });
  });

  it('an X-Signature that came unchecked (no secret) is a 1 in signatureUnchecked; a page without the column has none', () => {
    const hook = { origin: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: 'no-secret' } as const;
    const rows = [row({ seq: 1, ...hook, signatureUnchecked: true }), row({ seq: 2, ...hook })];
    const c = encodeSummaries(rows);
    expect(c.signatureUnchecked).toEqual([1, 0]);
    expect(c.signature).toEqual({ values: ['no-secret'], index: [0, 0] });
    expect(decodeSummaries(c)).toStrictEqual(rows);
    const { signatureUnchecked: _, ...older } = c;
    expect(decodeSummaries(older).map((r) => r.signatureUnchecked)).toEqual([undefined, undefined]);
  });

  it('long runs are run-length encoded: [value, times, …]', () => {
    const rows = Array.from({ length: 8 }, (_, i) => row({ seq: 100 + i, name: 'Same', errorCount: i < 6 ? 0 : 3 }));
    const c = encodeSummaries(rows);
    expect(c.seqDelta).toEqual({ runs: [100, 1, 1, 7] });
    expect(c.receivedAtPrefix).toEqual({ runs: [0, 1, 24, 7] });
    expect(c.receivedAtRest).toEqual({ values: [T0, ''], index: { runs: [0, 1, 1, 7] } });
    expect(c.name).toEqual({ values: ['Same'], index: { runs: [0, 8] } });
    expect(c.errorCount).toEqual({ runs: [0, 6, 3, 2] });
    expect(c.warningCount).toEqual({ runs: [0, 8] });
    expect(c.signatureUnchecked).toEqual({ runs: [0, 8] });
    expect(c.findingProfiles).toEqual({ values: [''], index: { runs: [0, 8] } });
    expect(decodeSummaries(c)).toStrictEqual(rows);
  });

  it('receivedAt: a shorter time after a longer one, an equal prefix then a longer one, and back to an earlier text', () => {
    const times = ['2026-01-01T12:00:00Z', '2026-01-01T12:00:00.5Z', '2026-01-01T12:00:00Z', '2026-01-01', '2026-01-01T13:00:00Z', '2026-01-01T13:00:00Z'];
    const rows = times.map((receivedAt, i) => row({ seq: i + 1, receivedAt }));
    const c = encodeSummaries(rows);
    expect(c.receivedAtPrefix).toEqual([0, 19, 19, 10, 10, 20]);
    expect(c.receivedAtRest).toEqual({ values: ['2026-01-01T12:00:00Z', '.5Z', 'Z', '', 'T13:00:00Z'], index: [0, 1, 2, 3, 4, 3] });
    expect(decodeSummaries(c).map((r) => r.receivedAt)).toEqual(times);
  });

  it('findings: counts missing past the list count as 0; an uncounted list is the profiles alone', () => {
    const rows = [
      row({ seq: 1, findingProfiles: ['segment', 'produktly'], findingCounts: [2] }),
      row({ seq: 2, findingProfiles: ['segment', 'produktly'] }),
      row({ seq: 3, findingProfiles: ['segment', 'produktly'], findingCounts: [2] }),
    ];
    const c = encodeSummaries(rows);
    expect(c.findingProfiles).toEqual({ values: ['#segment:2:0,produktly:0:0', 'segment,produktly'], index: [0, 1, 0] });
    const back = decodeSummaries(c);
    expect(back.map((r) => [r.findingProfiles, r.findingCounts])).toEqual([
      [['segment', 'produktly'], [2, 0, 0, 0]],
      [['segment', 'produktly'], undefined],
      [['segment', 'produktly'], [2, 0, 0, 0]],
    ]);
  });

  it('rows whose findings differ only in counts, or only in profiles, get their own keys', () => {
    const rows = [
      row({ seq: 1, findingProfiles: ['segment'], findingCounts: [1, 0] }),
      row({ seq: 2, findingProfiles: ['segment'], findingCounts: [0, 1] }),
      row({ seq: 3, findingProfiles: ['freshsuccess'], findingCounts: [0, 1] }),
      row({ seq: 4, findingProfiles: ['freshsuccess'], findingCounts: [0, 1] }),
      row({ seq: 5, findingProfiles: ['freshsuccess', 'segment'], findingCounts: [0, 1] }),
      row({ seq: 6, findingProfiles: ['freshsuccess', 'segment'], findingCounts: [0, 1, 2, 0] }),
      row({ seq: 7, findingProfiles: ['freshsuccess'] }),
      row({ seq: 8, findingProfiles: ['freshsuccess'], findingCounts: [0, 1] }),
      row({ seq: 9, findingProfiles: [] }),
      row({ seq: 10, findingProfiles: [], findingCounts: [] }),
      row({ seq: 11, findingProfiles: ['segment'], findingCounts: [1, 0] }),
      row({ seq: 12, findingProfiles: ['freshsuccess'], findingCounts: [0, 1] }),
      row({ seq: 13, findingProfiles: ['segment'] }),
      row({ seq: 14, findingProfiles: ['provesource'] }),
    ];
    const c = encodeSummaries(rows);
    expect(c.findingProfiles.values).toEqual([
      '#segment:1:0',
      '#segment:0:1',
      '#freshsuccess:0:1',
      '#freshsuccess:0:1,segment:0:0',
      '#freshsuccess:0:1,segment:2:0',
      'freshsuccess',
      '',
      '#',
      'segment',
      'provesource',
    ]);
    expect(c.findingProfiles.index).toEqual([0, 1, 2, 2, 3, 4, 5, 2, 6, 7, 0, 2, 8, 9]);
  });

  it('drop codes: joined with commas, one dictionary entry per distinct list', () => {
    const rows = [
      row({ seq: 1, dropCodes: ['unknown-type'] }),
      row({ seq: 2, dropCodes: ['unknown-type', 'duplicate-message-id'] }),
      row({ seq: 3, dropCodes: [] }),
      row({ seq: 4, dropCodes: ['unknown-type'] }),
    ];
    const c = encodeSummaries(rows);
    expect(c.dropCodes).toEqual({ values: ['unknown-type', 'unknown-type,duplicate-message-id', ''], index: [0, 1, 2, 0] });
    const back = decodeSummaries(c);
    expect(back.map((r) => r.dropCodes)).toEqual([['unknown-type'], ['unknown-type', 'duplicate-message-id'], [], ['unknown-type']]);
    // Rows with equal lists share one array.
    expect(back[3].dropCodes).toBe(back[0].dropCodes);
  });

  it('a value alternating with absent and back', () => {
    const rows = [row({ seq: 1, userId: 'u' }), row({ seq: 2 }), row({ seq: 3, userId: 'u' }), row({ seq: 4 }), row({ seq: 5, userId: 'v' })];
    expect(encodeSummaries(rows).userId).toEqual({ values: ['u', null, 'v'], index: [0, 1, 0, 1, 2] });
    const first = [row({ seq: 1 }), row({ seq: 2 }), row({ seq: 3, userId: 'u' })];
    expect(encodeSummaries(first).userId).toEqual({ values: [null, 'u'], index: [0, 0, 1] });
  });

  it('a first receivedAt that is not ISO at all is kept exactly (nothing before the first row to share)', () => {
    const times = ['Sat, 14 Mar 2025 09:26:53 GMT', 'Sat, 14 Mar 2025 09:26:54 GMT'];
    const c = encodeSummaries(times.map((receivedAt, i) => row({ seq: i + 1, receivedAt })));
    expect(c.receivedAtPrefix).toEqual([0, 24]);
    expect(c.receivedAtRest.values).toEqual(['Sat, 14 Mar 2025 09:26:53 GMT', '4 GMT']);
    expect(decodeSummaries(c).map((r) => r.receivedAt)).toEqual(times);
  });

  it('an empty page', () => {
    const empty = encodeSummaries([]);
    expect(empty.count).toBe(0);
    expect(empty.seqDelta).toEqual([]);
    expect(empty.type).toEqual({ values: [], index: [] });
    expect(decodeSummaries(empty)).toEqual([]);
  });
});

describe('compactInts: runs only when fewer than a third as many runs as rows', () => {
  it.each<[number[], number[] | { runs: number[] }]>([
    [[], []],
    [[4], [4]],
    [[4, 4], [4, 4]],
    [[4, 4, 4], [4, 4, 4]],
    [[4, 4, 4, 4], { runs: [4, 4] }],
    [[1, 1, 1, 2, 2, 2], [1, 1, 1, 2, 2, 2]],
    [[1, 1, 1, 1, 2, 2, 2], { runs: [1, 4, 2, 3] }],
    [[1, 1, 1, 2, 2, 2, 3, 3, 3], [1, 1, 1, 2, 2, 2, 3, 3, 3]],
    [[1, 1, 1, 2, 2, 2, 3, 3, 3, 3], { runs: [1, 3, 2, 3, 3, 4] }],
    [[0, 0, 0, 0, 0, 0, 0, 9], { runs: [0, 7, 9, 1] }],
    [[9, 0, 0, 0, 0, 0, 0, 0], { runs: [9, 1, 0, 7] }],
    [[-1, -1, -1, -1, -1, 5, 5, 5, 5, 5], { runs: [-1, 5, 5, 5] }],
  ])('%j', (values, expected) => {
    expect(compactInts(values)).toEqual(expected);
  });
});

describe('expandInts: the rows of a column, or an error naming it', () => {
  it.each<[string, unknown, number, number[] | null]>([
    ['a plain array of count rows', [1, 2, 3], 3, [1, 2, 3]],
    ['a plain array too short', [1, 2], 3, null],
    ['a plain array too long', [1, 2, 3, 4], 3, null],
    ['runs adding up to count', { runs: [7, 2, 8, 1] }, 3, [7, 7, 8]],
    ['runs of one row each', { runs: [1, 1, 2, 1, 3, 1] }, 3, [1, 2, 3]],
    ['runs falling short', { runs: [7, 2] }, 3, null],
    ['runs going past count', { runs: [7, 2, 8, 2] }, 3, null],
    ['a run alone going past', { runs: [7, 4] }, 3, null],
    ['an odd-length run list', { runs: [7, 3, 8] }, 3, null],
    // Found reading the survivors: runs past count were ignored once count rows were written.
    ['runs reaching count, then more rows', { runs: [7, 3, 8, 1] }, 3, null],
    ['runs reaching count, then a run of none', { runs: [7, 3, 8, 0] }, 3, [7, 7, 7]],
    ['no runs for no rows', { runs: [] }, 0, []],
    ['runs that are not an array', { runs: 'x' }, 0, null],
    ['neither', { values: [1] }, 1, null],
    ['missing', undefined, 0, null],
    ['null', null, 0, null],
  ])('%s', (_what, col, count, expected) => {
    if (expected === null) {
      let error: unknown;
      try {
        expandInts(col as never, count, 'warningCount');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ColumnsError);
      expect((error as ColumnsError).message).toBe(`column warningCount is missing or does not have ${count} rows (columns.warningCount)`);
      expect((error as ColumnsError).where).toBe('columns.warningCount');
      expect((error as ColumnsError).name).toBe('ColumnsError');
    } else expect(expandInts(col as never, count, 'warningCount')).toEqual(expected);
  });
});

describe('decodeSummaries: pages from another encoder', () => {
  const base = (): SummaryColumns => JSON.parse(JSON.stringify(PAGE_COLUMNS)) as SummaryColumns;

  it('absent type, name and endpoint read as empty text; an origin other than "webhook" as tracking', () => {
    const c = base();
    c.type = { values: [null, 'track'], index: [0, 1, 1] };
    c.name = { values: [null], index: [0, 0, 0] };
    c.endpoint = { values: [null, '/v1/t'], index: [1, 0, 1] };
    c.origin = { values: ['webhook', 'something', null], index: [0, 1, 2] };
    const rows = decodeSummaries(c);
    expect(rows.map((r) => [r.type, r.name, r.endpoint, r.origin])).toEqual([
      ['', '', '/v1/t', 'webhook'],
      ['track', '', '', 'tracking'],
      ['track', '', '/v1/t', 'tracking'],
    ]);
  });

  it('run-length encoded indexes and numbers', () => {
    const c = base();
    c.seqDelta = { runs: [10, 1, 2, 2] };
    c.errorCount = { runs: [4, 3] };
    c.type = { values: ['page'], index: { runs: [0, 3] } };
    const rows = decodeSummaries(c);
    expect(rows.map((r) => [r.seq, r.errorCount, r.type])).toEqual([
      [10, 4, 'page'],
      [12, 4, 'page'],
      [14, 4, 'page'],
    ]);
  });

  it('a counted findings key with unreadable numbers counts them as 0', () => {
    const c = base();
    c.findingProfiles = { values: ['#segment:x:2,freshsuccess', 'produktly,segment', null], index: [0, 1, 2] };
    const rows = decodeSummaries(c);
    expect(rows.map((r) => [r.findingProfiles, r.findingCounts])).toEqual([
      [['segment', 'freshsuccess'], [0, 2, 0, 0]],
      [['produktly', 'segment'], undefined],
      [[], undefined],
    ]);
  });

  it('absent drop codes read as none', () => {
    const c = base();
    c.dropCodes = { values: [null, 'missing-event'], index: [0, 1, 0] };
    expect(decodeSummaries(c).map((r) => r.dropCodes)).toEqual([[], ['missing-event'], []]);
  });

  it('a receivedAt column that repeats, shortens and grows the previous text', () => {
    const c = base();
    c.receivedAtPrefix = [0, 4, 2];
    c.receivedAtRest = { values: ['abcdef', null, 'XY'], index: [0, 1, 2] };
    expect(decodeSummaries(c).map((r) => r.receivedAt)).toEqual(['abcdef', 'abcd', 'abXY']);
    c.receivedAtPrefix = [0, 6, 6];
    c.receivedAtRest = { values: ['abcdef', ''], index: [0, 1, 1] };
    expect(decodeSummaries(c).map((r) => r.receivedAt)).toEqual(['abcdef', 'abcdef', 'abcdef']);
  });

  it.each<[string, (c: SummaryColumns) => void, string]>([
    ['count not an integer', (c) => ((c as { count: unknown }).count = 2.5), 'count must be a non-negative integer (columns.count)'],
    ['count missing', (c) => delete (c as { count?: unknown }).count, 'count must be a non-negative integer (columns.count)'],
    ['count negative', (c) => (c.count = -1), 'count must be a non-negative integer (columns.count)'],
    ['seqDelta short', (c) => (c.seqDelta = [1, 2]), 'column seqDelta is missing or does not have 3 rows (columns.seqDelta)'],
    ['receivedAtPrefix missing', (c) => delete (c as Partial<SummaryColumns>).receivedAtPrefix, 'column receivedAtPrefix is missing or does not have 3 rows (columns.receivedAtPrefix)'],
    ['receivedAtRest without values', (c) => ((c.receivedAtRest as { values: unknown }).values = 'x'), 'column receivedAtRest is missing or does not have 3 rows (columns.receivedAtRest)'],
    ['receivedAtRest index short', (c) => (c.receivedAtRest.index = [0]), 'column receivedAtRest is missing or does not have 3 rows (columns.receivedAtRest)'],
    ['errorCount long', (c) => (c.errorCount = [0, 0, 0, 0]), 'column errorCount is missing or does not have 3 rows (columns.errorCount)'],
    ['warningCount missing', (c) => delete (c as Partial<SummaryColumns>).warningCount, 'column warningCount is missing or does not have 3 rows (columns.warningCount)'],
    ['signature missing', (c) => delete (c as Partial<SummaryColumns>).signature, 'column signature is missing or does not have 3 rows (columns.signature)'],
    ['type index short', (c) => (c.type.index = [0, 0]), 'column type is missing or does not have 3 rows (columns.type)'],
    ['dropCodes missing', (c) => delete (c as Partial<SummaryColumns>).dropCodes, 'column dropCodes is missing or does not have 3 rows (columns.dropCodes)'],
    ['findingProfiles without values', (c) => ((c.findingProfiles as { values: unknown }).values = undefined), 'column findingProfiles is missing or does not have 3 rows (columns.findingProfiles)'],
  ])('refuses %s, naming the column', (_what, spoil, message) => {
    const c = base();
    spoil(c);
    expect(() => decodeSummaries(c)).toThrow(new ColumnsError(message.replace(/ \(columns\.\w+\)$/, ''), message.match(/\((columns\.\w+)\)$/)![1]));
    expect(() => decodeSummaries(c)).toThrow(message);
  });

  it('no page at all', () => {
    expect(() => decodeSummaries(undefined as unknown as SummaryColumns)).toThrow(new ColumnsError('count must be a non-negative integer', 'columns.count'));
    expect(() => decodeSummaries(null as unknown as SummaryColumns)).toThrow('count must be a non-negative integer (columns.count)');
  });

  it('a run far longer than the page is refused without writing it out', () => {
    const c = base();
    c.errorCount = { runs: [0, Number.MAX_SAFE_INTEGER] };
    expect(() => decodeSummaries(c)).toThrow('column errorCount is missing or does not have 3 rows (columns.errorCount)');
    expect(() => expandInts({ runs: [1, 2, 0, 2 ** 40] }, 3, 'seqDelta')).toThrow(ColumnsError);
  });

  it('count 0 with empty columns', () => {
    const c = encodeSummaries([]);
    expect(decodeSummaries(JSON.parse(JSON.stringify(c)) as SummaryColumns)).toEqual([]);
  });
});

describe('columnFacets: the distinct values of a page', () => {
  it('types and endpoints without absent or empty values; profiles of every findings key, once each, counted or not', () => {
    const c = base2();
    expect(columnFacets(c)).toStrictEqual({ types: ['track', 'identify'], endpoints: ['/v1/batch', '/webhook/pf'], profiles: ['segment', 'freshsuccess', 'produktly'] });
  });

  function base2(): SummaryColumns {
    const c = JSON.parse(JSON.stringify(PAGE_COLUMNS)) as SummaryColumns;
    c.type.values = ['track', null, 'identify', ''];
    c.endpoint.values = ['', '/v1/batch', null, '/webhook/pf'];
    c.findingProfiles.values = ['', '#segment:1:0,freshsuccess:0:2', '#', 'produktly,segment', null];
    return c;
  }
});
