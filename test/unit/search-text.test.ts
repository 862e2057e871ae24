import { describe, expect, it } from 'vitest';
import { compactJsonText, compactNeedles, escapedForSearch, isJsonFragment } from '../../src-shared/search-text';

describe('compactJsonText', () => {
  it('takes out whitespace between tokens and keeps it inside strings, escapes included', () => {
    expect(compactJsonText('{ "plan": "pro tier",\n\t"n": [1, 2] }')).toBe('{"plan":"pro tier","n":[1,2]}');
    expect(compactJsonText('{"q": "say \\"hi there\\" ok", "b": true}')).toBe('{"q":"say \\"hi there\\" ok","b":true}');
    expect(compactJsonText('{"path": "C:\\\\ x"}')).toBe('{"path":"C:\\\\ x"}');
  });

  it('returns the very same string when there is nothing to take out', () => {
    const compact = '{"a":"b c","d":1}';
    expect(compactJsonText(compact)).toBe(compact);
  });

  it('reads a fragment as starting inside a string when told so', () => {
    expect(compactJsonText('plan": "pro', true)).toBe('plan":"pro');
    // Read from outside a string, the space sits inside the string '": "' and stays.
    expect(compactJsonText('plan": "pro', false)).toBe('plan": "pro');
  });
});

describe('compactNeedles and isJsonFragment', () => {
  it('tries both readings of a fragment, once when they agree', () => {
    expect(compactNeedles('"plan": "pro"')).toEqual(['"plan":"pro"', '"plan": "pro"']);
    expect(compactNeedles('plan": "pro')).toContain('plan":"pro');
    expect(compactNeedles('"a":1')).toEqual(['"a":1']);
  });

  it('counts only searches with a quote as JSON fragments', () => {
    expect(isJsonFragment('"plan": "pro"')).toBe(true);
    expect(isJsonFragment('recent signups')).toBe(false);
  });
});

describe('compactJsonText on random JSON', () => {
  it('turns any indented serialization into the compact one (strings full of quotes, escapes, spaces)', async () => {
    const { randomValue, rng } = await import('./tracking-api/random-json');
    const next = rng(7);
    for (let i = 0; i < 500; i++) {
      const value = randomValue(next, 0);
      const compact = JSON.stringify(value);
      for (const indent of [1, 2, '\t', ' \n ']) {
        const spaced = JSON.stringify(value, null, indent as string | number).replace(/\n/g, indent === ' \n ' ? '\r\n' : '\n');
        expect(compactJsonText(spaced), `value ${i}, indent ${JSON.stringify(indent)}`).toBe(compact);
      }
    }
  });
});

describe('escapedForSearch: a searched control character as the corpus holds it', () => {
  it('writes U+0000, \\b, \\f, U+001F and a lone surrogate as JSON.stringify escapes them', () => {
    expect(escapedForSearch('a\u0000b')).toBe('a\\u0000b');
    expect(escapedForSearch('\u0008\u000c\u001F\u000b')).toBe('\\b\\f\\u001f\\u000b');
    expect(escapedForSearch('x\ud800y')).toBe('x\\ud800y');
    // As JSON.stringify writes the same characters inside a string.
    const all = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => !'\t\n\r'.includes(c)).join('');
    expect(escapedForSearch(all)).toBe(JSON.stringify(all).slice(1, -1));
  });

  it('leaves the rest as it is: tab and line breaks (whitespace between JSON tokens too), a surrogate pair, quotes', () => {
    for (const text of ['plain', '"plan": "pro"', 'a\tb\nc\rd', '😀 Zürich', '\\u0000']) expect(escapedForSearch(text)).toBe(text);
  });

  it('with a character to write in the same text, the rest still as it is', () => {
    expect(escapedForSearch('"k": "a\\b"\u0000')).toBe('"k": "a\\b"\\u0000');
    expect(escapedForSearch('a\tb\nc\rd\u0000')).toBe('a\tb\nc\rd\\u0000');
    expect(escapedForSearch('\u0000😀 \udbff\udfff €\ue000')).toBe('\\u0000😀 \udbff\udfff €\ue000');
  });

  it('a lone surrogate is written wherever it stands: a low one after another character, or two low ones, or U+DFFF', () => {
    expect(escapedForSearch('a\udc00')).toBe('a\\udc00');
    expect(escapedForSearch('\udc00\udc00')).toBe('\\udc00\\udc00');
    expect(escapedForSearch('\udfff')).toBe('\\udfff');
    expect(escapedForSearch('x\udbff')).toBe('x\\udbff');
    // The pairs at the ends of the ranges (U+10000, U+103FF, U+10FC00) stay as they are; a high one before a unit past U+DFFF is lone.
    expect(escapedForSearch('\u0000\ud800\udc00 \ud800\udfff \udbff\udc00')).toBe('\\u0000\ud800\udc00 \ud800\udfff \udbff\udc00');
    expect(escapedForSearch('\ud800\ue000')).toBe('\\ud800\ue000');
  });
});
