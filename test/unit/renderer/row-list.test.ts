// The inspector's chunked row list against a plain array of summaries: whatever mix of pages
// (blocks), pushed rows (objects), filters and slices built it, it reads as the array would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../../src-shared/capture';
import { encodeSummaries, SummaryBlock } from '../../../src-shared/summary-columns';
import { EMPTY_FILTERS, filterRows, makePredicate } from '../../../src-renderer/src/state/filter-logic';
import { RowList, SEAL_ROWS } from '../../../src-renderer/src/state/row-list';
import { summary } from './summary-rows';

const block = (rows: readonly MessageSummary[]) => RowList.ofBlock(new SummaryBlock(encodeSummaries(rows)));

/** Reads every way the list is read, and checks each against the array. */
function expectSame(list: RowList, model: readonly MessageSummary[]): void {
  expect(list.length).toBe(model.length);
  expect(list.seqs()).toEqual(model.map((r) => r.seq));
  expect(list.toArray()).toEqual(model);
  for (const i of [0, model.length >> 1, model.length - 1]) {
    if (i < 0 || i >= model.length) continue;
    expect(list.at(i)).toEqual(model[i]);
    expect(list.seqAt(i)).toBe(model[i].seq);
    expect(list.indexOfSeq(model[i].seq)).toBe(i);
  }
  expect(list.firstSeq()).toBe(model[0]?.seq ?? 0);
  expect(list.lastSeq()).toBe(model.at(-1)?.seq ?? 0);
}

describe('row list', () => {
  it('reads as the array it was built from, through any mix of pages, pushes, filters and slices', () => {
    // Seqs are spaced by 3, so lookups of seqs in between find nothing.
    const op = fc.oneof(
      fc.record({ kind: fc.constant('older' as const), n: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ kind: fc.constant('push' as const), n: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ kind: fc.constant('filter' as const), type: fc.constantFrom('', 'track', 'page', 'identify'), problems: fc.boolean() }),
      fc.record({ kind: fc.constant('slice' as const), a: fc.nat(), b: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), fc.nat(200), (ops, probe) => {
        let list = RowList.EMPTY;
        let model: MessageSummary[] = [];
        let lo = 1000; // next older seq goes below this
        let hi = 1000; // next pushed seq goes above this
        for (const o of ops) {
          if (o.kind === 'older') {
            const rows = Array.from({ length: o.n }, (_, i) => summary(lo - 3 * (o.n - i)));
            lo -= 3 * o.n;
            list = block(rows).concat(list);
            model = rows.concat(model);
          } else if (o.kind === 'push') {
            const rows = Array.from({ length: o.n }, (_, i) => summary(hi + 3 * (i + 1)));
            hi += 3 * o.n;
            list = list.append(rows);
            model = model.concat(rows);
          } else if (o.kind === 'filter') {
            const f = { ...EMPTY_FILTERS, type: o.type, hasProblems: o.problems };
            const pred = makePredicate(f, null);
            list = filterRows(list, f, null);
            model = pred ? model.filter(pred) : model;
          } else {
            const a = o.a % (model.length + 1);
            const b = o.b % (model.length + 1);
            list = list.slice(Math.min(a, b), Math.max(a, b));
            model = model.slice(Math.min(a, b), Math.max(a, b));
          }
          expectSame(list, model);
        }
        const seq = lo + probe;
        expect(list.countUpToSeq(seq)).toBe(model.filter((r) => r.seq <= seq).length);
        expect(list.indexOfSeq(seq)).toBe(model.findIndex((r) => r.seq === seq));
      }),
      { numRuns: 150 },
    );
  });

  it('seals pushed rows into blocks: a long live session keeps its rows and their order', () => {
    let list = RowList.EMPTY;
    const model: MessageSummary[] = [];
    for (let seq = 1; seq <= 2 * SEAL_ROWS + 123; seq += 7) {
      const rows = Array.from({ length: 7 }, (_, i) => summary(seq + i));
      list = list.append(rows);
      model.push(...rows);
    }
    expectSame(list, model);
    // Sealed rows are new objects equal to the pushed ones; the unsealed tail keeps the pushed objects.
    expect(list.at(0)).not.toBe(model[0]);
    expect(list.at(model.length - 1)).toBe(model.at(-1));
  });

  it('gives the same object for a row read twice (rows on screen do not redraw)', () => {
    const list = block([summary(1), summary(2)]);
    expect(list.at(1)).toBe(list.at(1));
  });

  it('names the row and the length when read past its end', () => {
    expect(() => RowList.of([summary(1)]).at(1)).toThrow('row 1 is outside the list (1 rows)');
  });
});
