// Search text compaction, one kind of spacing at a time (search-text.test.ts has the mixed and
// random cases): whitespace between JSON tokens goes, whitespace inside strings stays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJsonEscapes, compactJsonText } from '../../src-shared/search-text';

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

describe('canonicalJsonEscapes: escapes as JSON.stringify writes them', () => {
  it.each([
    // analytics-python (json.dumps, ensure_ascii): every non-ASCII character escaped
    ['{"city": "Z\\u00fcrich"}', '{"city": "Zürich"}'],
    ['"\\u65E5\\u672c"', '"日本"'],
    // an astral character is a surrogate pair: one character
    ['"\\ud83d\\ude00"', '"😀"'],
    // characters JSON.stringify escapes keep an escape, its short or lower-case form
    ['"\\u0022\\u005C\\u000A\\u0009\\u0008\\u000c\\u000D"', '"\\"\\\\\\n\\t\\b\\f\\r"'],
    ['"\\u001F"', '"\\u001f"'],
    // lone surrogates stay escaped (lower case), as JSON.stringify writes them
    ['"\\uD800x"', '"\\ud800x"'],
    ['"\\ud83d\\u0041"', '"\\ud83dA"'],
    ['"\\ude00"', '"\\ude00"'],
    // PHP's json_encode escapes slashes
    ['"https:\\/\\/example.com"', '"https://example.com"'],
    // an escaped backslash before "u" or "/" is not an escape of either
    ['"C:\\\\users\\\\/x"', '"C:\\\\users\\\\/x"'],
    ['"\\\\\\u00fc"', '"\\\\ü"'],
    // other escapes stay
    ['"a\\"b\\nc"', '"a\\"b\\nc"'],
    ['{"a":1}', '{"a":1}'],
  ])('%s -> %s', (text, canonical) => {
    expect(canonicalJsonEscapes(text)).toBe(canonical);
    expect(JSON.parse(canonicalJsonEscapes(text))).toEqual(JSON.parse(text));
  });

  it('gives JSON.stringify\'s text for any string escaped as Python escapes it', () => {
    const samples = ['Zürich', '日本語 😀', 'tab\there', 'quote " and \\ backslash', '\u0001\u007f\u0080', 'x\ud800y', '/a/b'];
    for (const s of samples) {
      const python = JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      expect(canonicalJsonEscapes(python), s).toBe(JSON.stringify(s));
    }
  });

  it('returns the text itself when there is nothing to write out', () => {
    const text = '{"a":"b\\n"}';
    expect(canonicalJsonEscapes(text)).toBe(text);
  });
});

describe('canonicalJsonEscapes, property: any string, any of its characters escaped any way JSON allows', () => {
  // Code units that make the cases the function tells apart: the edges of the control range
  // (0x1f, 0x20), of the surrogates (high 0xd800/0xdbff, low 0xdc00/0xdfff, just outside them),
  // the characters JSON.stringify escapes, the hex digits' neighbours, and "\", "u" and "/" which
  // build escapes and false escapes.
  const units = fc.oneof(
    fc.constantFrom(0x00, 0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x1f, 0x20, 0x22, 0x2f, 0x30, 0x39, 0x40, 0x41, 0x46, 0x47, 0x5c, 0x60, 0x61, 0x66, 0x67, 0x75, 0x7f, 0xfc, 0xd7ff, 0xd800, 0xd83d, 0xdbff, 0xdc00, 0xde00, 0xdfff, 0xe000, 0xffff),
    fc.integer({ min: 0, max: 0xffff }),
  );
  /** One code unit as a JSON string may carry it: as JSON.stringify writes it, or as \uXXXX in either case, or "/" as "\/". */
  const written = (code: number, how: number): string => {
    const hex = code.toString(16).padStart(4, '0');
    if (how === 1) return `\\u${hex}`;
    if (how === 2) return `\\u${hex.toUpperCase()}`;
    if (how === 3 && code === 0x2f) return '\\/';
    return JSON.stringify(String.fromCharCode(code)).slice(1, -1);
  };

  it('gives the text JSON.stringify writes for the same string', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(units, fc.integer({ min: 0, max: 3 })), { maxLength: 24 }), (parts) => {
        const value = String.fromCharCode(...parts.map(([code]) => code));
        const literal = `"${parts.map(([code, how]) => written(code, how)).join('')}"`;
        expect(JSON.parse(literal)).toBe(value); // the generator writes valid JSON
        expect(canonicalJsonEscapes(literal)).toBe(JSON.stringify(value));
        expect(canonicalJsonEscapes(`{"k":${literal},"n":1}`)).toBe(`{"k":${JSON.stringify(value)},"n":1}`);
      }),
      { numRuns: 2000 },
    );
  });

  // Not JSON (a fragment, or a client's broken text): only a real \u escape is written out.
  it.each([
    ['"\\u00/0"', '"\\u00/0"'],
    ['"\\u00:0"', '"\\u00:0"'],
    ['"\\u00@0"', '"\\u00@0"'],
    ['"\\u00G0"', '"\\u00G0"'],
    ['"\\u00`0"', '"\\u00`0"'],
    ['"\\u00g0"', '"\\u00g0"'],
    ['"\\u00zz\\u00fc"', '"\\u00zzü"'],
    ['"\\uffz0"', '"\\uffz0"'],
    // another escape followed by four hex digits is that escape and four characters
    ['"\\n0041"', '"\\n0041"'],
    // a high surrogate followed by something that is not a \u escape of a low one stays alone
    ['"\\ud83d-ude00"', '"\\ud83d-ude00"'],
    ['"\\ud83d\\nde00"', '"\\ud83d\\nde00"'],
    // an escape that ends the text
    ['\\u00fc', 'ü'],
  ])('%s -> %s', (text, canonical) => expect(canonicalJsonEscapes(text)).toBe(canonical));

  it('leaves a cut-off escape at the end of a fragment as it is', () => {
    for (const cut of ['"\\u', '"\\u0', '"\\u00', '"\\u00f', '"x\\', '"\\ud83d\\ude0']) expect(canonicalJsonEscapes(cut), cut).toBe(cut);
    expect(canonicalJsonEscapes('"\\u00fc\\u00f')).toBe('"ü\\u00f');
  });
});
