// The columnar wire form of `messages.page`: decode(encode(rows)) gives back the same rows, for
// every field and the awkward cases (absent fields, receivedAt strings that are not canonical
// ISO, time going backwards, shared lists), much smaller than the JSON of the objects.
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../../src-shared/capture';
import { columnFacets, compactInts, decodeSummaries, encodeSummaries, expandInts, sharedDicts, SummaryBlock, type SummaryColumns } from '../../../src-shared/summary-columns';
import { summary } from './summary-rows';

const webhookRow = (seq: number, over: Partial<MessageSummary> = {}): MessageSummary =>
  summary(seq, { origin: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: 'invalid', writeKeyMasked: undefined, ...over });

function roundTrip(rows: MessageSummary[]): MessageSummary[] {
  // Through JSON, as every transport carries it.
  return decodeSummaries(JSON.parse(JSON.stringify(encodeSummaries(rows))) as SummaryColumns);
}

describe('summary columns', () => {
  it('round-trips every field of varied rows', () => {
    const rows = Array.from({ length: 500 }, (_, i) => {
      const seq = i * 3 + 1; // gaps in seq
      if (i % 9 === 0) return webhookRow(seq, { signature: (['valid', 'invalid', 'missing', 'no-secret'] as const)[i % 4], ...(i % 4 === 3 && i % 8 === 3 ? { signatureUnchecked: true as const } : {}) });
      return summary(seq, {
        writeKeyMasked: i % 2 ? 'abc…xyz' : undefined,
        dropCodes: i % 11 === 0 ? ['missing-identity', 'duplicate-message-id'] : i % 13 === 0 ? ['missing-event'] : [],
        findingProfiles: i % 4 === 0 ? ['segment', 'freshsuccess'] : [],
        // with per-profile counts (also counted-but-empty) and without
        ...(i % 3 === 0 ? { findingCounts: i % 4 === 0 ? [i % 3, 1, 0, i % 7] : [] } : {}),
        errorCount: i % 6,
        warningCount: i % 5,
        name: i % 50 === 0 ? '' : `Event, with comma ${i % 7}`,
      });
    });
    expect(roundTrip(rows)).toEqual(rows);
    // An X-Signature that came to a webhook with no secret (not checked) is carried too.
    expect(rows.some((r) => r.signatureUnchecked)).toBe(true);
    expect(roundTrip(rows).map((r) => r.signatureUnchecked === true)).toEqual(rows.map((r) => r.signatureUnchecked === true));
  });

  it('keeps receivedAt strings exactly, canonical or not, in any order', () => {
    const times = [
      '2026-01-01T12:00:00.000Z',
      '2026-01-01T12:00:00.000Z', // same request
      '2025-12-31T23:59:59.999Z', // earlier than the previous row
      '2026-01-01T12:00:00Z', // no milliseconds: not what toISOString gives
      '2026-01-01T12:00:00Z', // the same non-canonical text again
      'yesterday', // not a date at all
      '2026-01-01T12:00:01.000Z',
      '+275760-09-13T00:00:00.000Z', // the largest date
    ];
    const rows = times.map((receivedAt, i) => summary(i + 1, { receivedAt }));
    expect(roundTrip(rows).map((r) => r.receivedAt)).toEqual(times);
  });

  it('encodes a slice [from, to)', () => {
    const rows = [2, 4, 6, 8, 10].map((seq) => summary(seq));
    const page = encodeSummaries(rows, 2, 4);
    expect(page.count).toBe(2);
    expect(decodeSummaries(page)).toEqual([rows[2], rows[3]]);
    expect(decodeSummaries(encodeSummaries([]))).toEqual([]);
  });

  it('sends repeated strings once: 100,000 typical rows are several times smaller than their JSON', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => summary(i + 1));
    const columns = encodeSummaries(rows);
    const columnar = JSON.stringify(columns).length;
    const objects = JSON.stringify(rows).length;
    expect(columnar * 10).toBeLessThan(objects);
    expect([...columns.type.values].sort()).toEqual(['group', 'identify', 'page', 'track']);
    const decoded = decodeSummaries(columns);
    expect(decoded[99_999]).toEqual(rows[99_999]);
    expect(decoded[12_345]).toEqual(rows[12_345]);
  });

  it('lists the facets of a page from its dictionaries', () => {
    const rows = [summary(1, { type: 'track', endpoint: '/v1/batch', findingProfiles: ['freshsuccess', 'segment'] }), webhookRow(2, { type: 'identify', findingProfiles: ['provesource'] })];
    const f = columnFacets(encodeSummaries(rows));
    expect(f.types.sort()).toEqual(['identify', 'track']);
    expect(f.endpoints.sort()).toEqual(['/v1/batch', '/webhook/pf']);
    expect(f.profiles.sort()).toEqual(['freshsuccess', 'provesource', 'segment']);
  });

  it('run-length encodes integer columns only when that is shorter', () => {
    const steady = [0, 0, 0, 0, 0, 0, 7, 7, 7, 7, 0, 0];
    expect(compactInts(steady)).toEqual({ runs: [0, 6, 7, 4, 0, 2] });
    expect(expandInts(compactInts(steady), 12, 'x')).toEqual(steady);
    const varied = [1, 2, 3, 4, 5, 5];
    expect(compactInts(varied)).toBe(varied);
    expect(compactInts([])).toEqual([]);
    expect(() => expandInts({ runs: [0, 5] }, 6, 'errorCount')).toThrow(/errorCount .* 6 rows/);
    expect(() => expandInts({ runs: [0, 9] }, 6, 'errorCount')).toThrow(/columns\.errorCount/);
    expect(() => expandInts({ runs: [0] }, 0, 'x')).toThrow(/columns\.x/);
  });

  it('rejects a malformed page, naming the column', () => {
    const good = encodeSummaries([summary(1), summary(2)]);
    expect(() => decodeSummaries({ ...good, count: -1 })).toThrow(/count must be a non-negative integer \(columns\.count\)/);
    expect(() => decodeSummaries({ ...good, seqDelta: [1] })).toThrow(/column seqDelta .* 2 rows \(columns\.seqDelta\)/);
    const { userId: _dropped, ...noUserId } = good;
    expect(() => decodeSummaries(noUserId as SummaryColumns)).toThrow(/columns\.userId/);
  });

  it('blocks of one list share one dictionary for ids and names: each value held once, rows unchanged', () => {
    const shared = sharedDicts();
    const pages = [0, 1, 2].map((p) => Array.from({ length: 300 }, (_, i) => summary(p * 300 + i + 1, i === 7 ? { userId: undefined, anonymousId: undefined, name: '' } : {})));
    const blocks = pages.map((rows) => new SummaryBlock(JSON.parse(JSON.stringify(encodeSummaries(rows))) as SummaryColumns, undefined, shared));
    blocks.forEach((b, p) => expect(b.toArray()).toEqual(pages[p]));
    // One table for all three pages, each distinct value once (summary() cycles 1,000 users, 777
    // anonymous ids, 50 names), and "absent" first.
    expect(blocks[1].userId.values).toBe(blocks[0].userId.values);
    expect(blocks[2].anonymousId.values).toBe(blocks[0].anonymousId.values);
    const users = new Set(pages.flat().map((r) => r.userId).filter((u) => u !== undefined));
    expect(blocks[2].userId.values.length).toBe(users.size + 1);
    expect(blocks[0].userId.values[0]).toBeUndefined();
    expect(blocks[2].name.values.length).toBe(new Set(pages.flat().map((r) => r.name)).size + 1);
  });

  it('a shared dictionary that would pass its bound starts a fresh table; blocks coded before keep theirs', () => {
    const shared = sharedDicts(400);
    const page = (from: number) => Array.from({ length: 250 }, (_, i) => summary(from + i, { userId: `u-${from + i}` }));
    const first = page(1);
    const second = page(1001);
    const a = new SummaryBlock(encodeSummaries(first), undefined, shared);
    const b = new SummaryBlock(encodeSummaries(second), undefined, shared);
    expect(b.userId.values).not.toBe(a.userId.values);
    expect(a.userId.values.length).toBe(251);
    expect(b.userId.values.length).toBe(251);
    // The first block reads its own table after the second started another.
    expect(a.toArray()).toEqual(first);
    expect(b.toArray()).toEqual(second);
  });

  it('an index past a page\'s dictionary reads as absent in a shared dictionary too', () => {
    const shared = sharedDicts();
    const columns = encodeSummaries([summary(1), summary(2)]);
    new SummaryBlock(encodeSummaries([summary(5), summary(6), summary(7)]), undefined, shared); // the table already holds values
    const block = new SummaryBlock({ ...columns, userId: { values: columns.userId.values, index: [0, 99] } }, undefined, shared);
    expect(block.rowAt(0).userId).toBe(summary(1).userId);
    expect(block.rowAt(1).userId).toBeUndefined();
  });

  it('an index that is not one of the page\'s values (a fraction, negative, past them by 65,536) reads as absent, with or without a shared dictionary', () => {
    const columns = encodeSummaries([summary(1), summary(2), summary(3), summary(4)]);
    const odd = { ...columns, userId: { values: ['a', 'b'], index: [0, 1.5, -65535, 65536] } };
    for (const block of [new SummaryBlock(odd), new SummaryBlock(odd, undefined, sharedDicts())]) {
      expect([0, 1, 2, 3].map((j) => block.rowAt(j).userId)).toEqual(['a', undefined, undefined, undefined]);
    }
  });

  it('a page of more than 65,535 distinct ids decodes every one, with or without a shared dictionary', () => {
    const rows = Array.from({ length: 70_000 }, (_, i) => summary(i + 1, { userId: `id-${i}` }));
    const columns = encodeSummaries(rows);
    for (const block of [new SummaryBlock(columns), new SummaryBlock(columns, undefined, sharedDicts())]) {
      expect(block.rowAt(69_999).userId).toBe('id-69999');
      expect(block.rowAt(65_536).userId).toBe('id-65536');
    }
  });

  it('a shared dictionary filled exactly to its bound keeps its table', () => {
    // 250 + 250 distinct ids and "absent": 501 values, the bound.
    const shared = sharedDicts(501);
    const page = (from: number) => Array.from({ length: 250 }, (_, i) => summary(from + i, { userId: `u-${from + i}` }));
    const a = new SummaryBlock(encodeSummaries(page(1)), undefined, shared);
    const b = new SummaryBlock(encodeSummaries(page(1001)), undefined, shared);
    expect(b.userId.values).toBe(a.userId.values);
    expect(b.userId.values.length).toBe(501);
  });
});

