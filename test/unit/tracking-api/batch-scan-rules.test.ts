// The batch scanner's rules one by one: the nesting depth it reports with the spans, and the edges
// of the key and value scanning that the slice tests in batch-scan.test.ts do not reach.
import { describe, expect, it } from 'vitest';
import { maxNestingDepth, scanBatchItems } from '../../../src-shared/tracking-api/batch-scan';
import { randomBatchBody, randomObject, randomValue, rng } from './random-json';

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('scanBatchItems: maxDepth is the depth of the whole body', () => {
  it('counts the body object and the batch array', () => {
    expect(scanBatchItems('{"batch":[]}')?.maxDepth).toBe(2);
    expect(scanBatchItems('{"batch":[1,"x",null]}')?.maxDepth).toBe(2);
    expect(scanBatchItems('{"batch":[{}]}')?.maxDepth).toBe(3);
    expect(scanBatchItems('{"batch":[{"a":[{"b":[]}]}]}')?.maxDepth).toBe(6);
  });

  it('counts a top-level field after the batch array (a context copied into every message)', () => {
    // The batch scanned first, then a deeper context: its depth must not be lost.
    expect(scanBatchItems(`{"batch":[{}],"context":{"x":${nested(10)}}}`)?.maxDepth).toBe(12);
    expect(scanBatchItems(`{"batch":[],"n":1,"c":${nested(300)}}`)?.maxDepth).toBe(301);
  });

  it('counts a top-level field before the batch array at its own level, not one deeper', () => {
    expect(scanBatchItems(`{"context":${nested(5)},"batch":[{}]}`)?.maxDepth).toBe(6);
    expect(scanBatchItems(`{"context":{},"batch":[]}`)?.maxDepth).toBe(2);
    expect(scanBatchItems(`{"c":${nested(3)},"batch":[${nested(1)}]}`)?.maxDepth).toBe(4);
  });

  it('counts an earlier batch array that a later one replaces (its text is in the body)', () => {
    expect(scanBatchItems(`{"batch":[${nested(6)}],"batch":[{}]}`)?.maxDepth).toBe(8);
  });

  it('equals maxNestingDepth of the body on random bodies, deep fields anywhere', () => {
    const next = rng(424242);
    for (let run = 0; run < 1500; run++) {
      let body = randomBatchBody(next);
      if (next() < 0.5) {
        // A deep value spliced in as a top-level field, before or after the batch.
        const deep = JSON.stringify({ d: JSON.parse(nested(1 + Math.floor(next() * 8))) as unknown, v: randomValue(next, 0) });
        body = next() < 0.5 ? `{"deep":${deep},${body.trim().slice(1)}` : `${body.trim().slice(0, -1)},"deep":${deep}}`;
      }
      expect(scanBatchItems(body)?.maxDepth, body).toBe(maxNestingDepth(body));
    }
  });
});

describe('maxNestingDepth', () => {
  it('counts levels of objects and arrays, 0 for a scalar', () => {
    expect(['1', '"[{"', 'null', '{}', '[]', '[[]]', '{"a":{"b":[1,{"c":"]]]"}]}}', ' \n [ {} , [ [ ] ] ] '].map(maxNestingDepth)).toEqual([0, 0, 0, 1, 1, 2, 4, 3]);
  });

  it('is reset between calls', () => {
    expect(maxNestingDepth(nested(9))).toBe(9);
    expect(maxNestingDepth('{}')).toBe(1);
    expect(scanBatchItems(`{"batch":[${nested(9)}]}`)?.maxDepth).toBe(11);
    expect(scanBatchItems('{"batch":[]}')?.maxDepth).toBe(2);
  });

  it('agrees with a recursive count on random values', () => {
    const depthOf = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0);
    const next = rng(99);
    for (let run = 0; run < 500; run++) {
      const value = next() < 0.5 ? randomObject(next, 0) : randomValue(next, 0);
      const text = JSON.stringify(value, null, next() < 0.5 ? 2 : undefined);
      expect(maxNestingDepth(text), text).toBe(depthOf(value));
    }
  });
});

describe('scanBatchItems: outerKeys counts the keys written outside the batch array that counts', () => {
  // parse.ts compares it with the parsed body's count; a wrong count only sends every batch down the slow check.
  it('the body\'s own keys and those in its other values, at every depth, and an earlier "batch" array\'s keys', () => {
    expect(scanBatchItems('{"batch":[{"a":1,"b":2}],"context":{"x":1,"y":{"z":2}}}')?.outerKeys).toBe(5);
    expect(scanBatchItems('{"sentAt":"t","batch":[{"a":1}]}')?.outerKeys).toBe(2);
    expect(scanBatchItems('{"batch":[{"a":1,"b":{"c":1}}],"batch":[{"d":1}]}')?.outerKeys).toBe(5);
  });
});
