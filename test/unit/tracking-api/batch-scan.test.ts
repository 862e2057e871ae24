// The batch scanner finds each item's text in the body: every slice must parse to exactly the item
// JSON.parse gives for it, whatever the spacing, escaping, nesting and key order.
import { describe, expect, it } from 'vitest';
import { scanBatchItems, topLevelValueSpan } from '../../../src-shared/tracking-api/batch-scan';
import { randomBatchBody, rng } from './random-json';

function slices(body: string): string[] | undefined {
  const spans = scanBatchItems(body);
  return spans?.starts.map((start, i) => body.slice(start, spans.ends[i]));
}

/** Checks every slice against JSON.parse(body).batch and returns the slices. */
function checked(body: string): string[] {
  const expected = (JSON.parse(body) as { batch: unknown[] }).batch;
  const found = slices(body);
  expect(found).toBeDefined();
  expect(found!.map((s) => JSON.parse(s) as unknown)).toEqual(expected);
  return found!;
}

describe('scanBatchItems', () => {
  it('finds compact items exactly as sent', () => {
    expect(checked('{"batch":[{"a":1},{"b":[2,3]},{}]}')).toEqual(['{"a":1}', '{"b":[2,3]}', '{}']);
  });

  it('is not fooled by brackets, braces, quotes and backslashes inside strings', () => {
    const body = String.raw`{"batch":[{"s":"]}{[,"},{"q":"say \"hi\", ok]"},{"b":"ends with \\"},{"u":"\u005d\u007d\"x"},{"k}]\"":1}]}`;
    expect(checked(body)).toHaveLength(5);
  });

  it('handles nested arrays and objects and whitespace everywhere', () => {
    const body = ' \r\n\t{ \n "batch" \t:\r\n [ \n { "a" : [ [ ] , { "b" : { } } , 1 , -2.5e3 , true , false , null ] } \n , \t{ }\n,{"c":"d"}  ] , "x" : 1 }\n';
    expect(checked(body)).toEqual(['{ "a" : [ [ ] , { "b" : { } } , 1 , -2.5e3 , true , false , null ] }', '{ }', '{"c":"d"}']);
  });

  it('finds batch after other top-level keys, skipping values that look like it', () => {
    const body = '{"sentAt":"x","context":{"batch":[{"wrong":1}]},"note":"\\"batch\\":[{}]","list":[{"batch":[]}],"n":5,"t":true,"batch":[{"right":1}],"writeKey":"k"}';
    expect(checked(body)).toEqual(['{"right":1}']);
  });

  it('takes the last top-level batch when the key repeats, as JSON.parse does', () => {
    expect(checked('{"batch":[{"first":1}],"batch":[{"second":2},{"third":3}]}')).toEqual(['{"second":2}', '{"third":3}']);
    // A later non-array batch wins too: there are no items to find.
    expect(slices('{"batch":[{"first":1}],"batch":null}')).toBeUndefined();
  });

  it('recognizes the key spelled with escapes', () => {
    expect(checked('{"b\\u0061tch":[{"a":1}]}')).toEqual(['{"a":1}']);
    expect(slices('{"batch2":[{"a":1}],"b\\u0061tch2":[{}]}')).toBeUndefined();
  });

  it('gives no items for an empty batch and undefined when there is no batch array', () => {
    expect(checked('{"batch":[]}')).toEqual([]);
    expect(checked('{ "batch" : [ \n ] }')).toEqual([]);
    expect(slices('{"batch":"[{}]"}')).toBeUndefined();
    expect(slices('{"other":[{}]}')).toBeUndefined();
    expect(slices('{}')).toBeUndefined();
    expect(slices('[{"batch":[{}]}]')).toBeUndefined();
  });

  it('ends on text that is not valid JSON (its answer then means nothing)', () => {
    for (const bad of ['{"batch":[}', '{"batch":[1,}]', '{"batch":[{"a":"}', '{"batch"', '{"batch":[,,]}', '{"a" 1}', '{"batc\\x":1}', '{', '']) {
      expect(() => scanBatchItems(bad)).not.toThrow();
    }
  });

  it('keeps non-ASCII text and non-object items intact', () => {
    const body = '{"batch":[{"e":"Café ✓ 😀 \u2028 日本"},"str]",42,[{"x":"}"}],null]}';
    expect(checked(body)).toEqual(['{"e":"Café ✓ 😀 \u2028 日本"}', '"str]"', '42', '[{"x":"}"}]', 'null']);
  });
});

describe('scanBatchItems on random bodies', () => {
  it('slices every item so that it parses to JSON.parse(body).batch[i], compact and pretty-printed', () => {
    const next = rng(20260101);
    for (let run = 0; run < 2000; run++) {
      const body = randomBatchBody(next);
      const expected = (JSON.parse(body) as { batch: unknown[] }).batch;
      const found = slices(body);
      if (!found || found.length !== expected.length) throw new Error(`wrong item count for body ${body}`);
      found.forEach((s, i) => expect(JSON.parse(s), body).toEqual(expected[i]));
    }
  });
});

describe('topLevelValueSpan', () => {
  const valueOf = (text: string, key: string) => {
    const span = topLevelValueSpan(text, key);
    return span && text.slice(span.start, span.end);
  };
  it('gives a top-level value exactly as written, not a nested key of the same name', () => {
    const line = '{"seq":1,"x":{"message":"no"}, "message" : {"f":1.0,"u":"\\/","n":-0} ,"z":[1]}';
    expect(valueOf(line, 'message')).toBe('{"f":1.0,"u":"\\/","n":-0}');
    expect(valueOf(line, 'seq')).toBe('1');
    expect(valueOf(line, 'z')).toBe('[1]');
    expect(valueOf(line, 'missing')).toBeUndefined();
    expect(valueOf('[1]', 'message')).toBeUndefined();
  });
  it('takes the last of a repeated key, and a key spelled with escapes, as JSON.parse does', () => {
    expect(valueOf('{"message":{"a":1},"message":{"b":2}}', 'message')).toBe('{"b":2}');
    expect(valueOf('{"m\\u0065ssage":{"a":"}"}}', 'message')).toBe('{"a":"}"}');
    expect(valueOf('{"messages":1,"Message":2}', 'message')).toBeUndefined();
  });
});
