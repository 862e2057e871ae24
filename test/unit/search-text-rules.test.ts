// Search text compaction, one kind of spacing at a time (search-text.test.ts has the mixed and
// random cases): whitespace between JSON tokens goes, whitespace inside strings stays.
import { describe, expect, it } from 'vitest';
import { compactJsonText } from '../../src-shared/search-text';

describe('compactJsonText, one kind of spacing at a time', () => {
  // Each text holds a single place where whitespace sits between JSON tokens, so that none of the
  // others gives it away: after a structural character, before one, or a line break or tab alone.
  it.each([
    ['{ "a":1}', '{"a":1}'],
    ['{"a": 1}', '{"a":1}'],
    ['{"a":1, "b":2}', '{"a":1,"b":2}'],
    ['[ 1]', '[1]'],
    ['{"a" :1}', '{"a":1}'],
    ['{"a":1 ,"b":2}', '{"a":1,"b":2}'],
    ['{"a":1 }', '{"a":1}'],
    ['[1 ]', '[1]'],
    ['{"a":\n1}', '{"a":1}'],
    ['{"a":\r1}', '{"a":1}'],
    ['{"a":\t1}', '{"a":1}'],
    ['{"a":true}\n', '{"a":true}'],
    ['\t{"a":true}', '{"a":true}'],
    // inside strings nothing is taken out, a line break or tab included
    ['{"a":"x\ty"}', '{"a":"x\ty"}'],
    ['{"a":"x , y"}', '{"a":"x , y"}'],
    // an escaped quote does not end the string
    ['{"a":"\\" , "}', '{"a":"\\" , "}'],
    // a space between two words outside strings (not JSON, but a fragment) stays
    ['true false', 'true false'],
  ])('%j -> %j', (text, compact) => expect(compactJsonText(text)).toBe(compact));

  it('a text starting inside a string keeps that string\'s spaces, then compacts what follows', () => {
    expect(compactJsonText('pro tier", "b": 1', true)).toBe('pro tier","b":1');
    expect(compactJsonText('a\\" b", "c"', true)).toBe('a\\" b","c"');
    expect(compactJsonText('no quote here', true)).toBe('no quote here');
  });
});
