// locateJsonError and snippetAround: where the first syntax error of a JSON text is, in plain words.
// Every text here is one JSON.parse rejects (checked), and every place one a reader would point at.
import { describe, expect, it } from 'vitest';
import { locateJsonError, snippetAround } from '../../../src-shared/tracking-api/json-error';
import { randomObject, randomValue, rng } from './random-json';

function located(text: string) {
  expect(() => JSON.parse(text), text).toThrow();
  return locateJsonError(text);
}

describe('locateJsonError: the reason and the place', () => {
  it.each([
    ['', 0, 'the body is empty'],
    [' \n\t ', 4, 'the body is empty'],
    ['[1,', 3, 'unexpected end of input, a value was expected'],
    ['{"a":', 5, 'unexpected end of input, a value was expected'],
    ['{"a": }', 6, 'unexpected "}" where a value was expected'],
    ['[tru]', 1, 'unexpected "t" where a value was expected'],
    ['nul', 0, 'unexpected "n" where a value was expected'],
    // Python's json.dumps writes these for float('nan') and float('inf') (analytics-python sends them)
    ['{"score": NaN}', 10, "NaN and Infinity are not JSON values (Python's json.dumps writes them for float('nan') and float('inf')); send null or a number"],
    ['[1, Infinity]', 4, "NaN and Infinity are not JSON values (Python's json.dumps writes them for float('nan') and float('inf')); send null or a number"],
    ['[-Infinity]', 1, "NaN and Infinity are not JSON values (Python's json.dumps writes them for float('nan') and float('inf')); send null or a number"],
    ['[Nope]', 1, 'unexpected "N" where a value was expected'],
    // NaN only where the value starts, not a few characters on
    ['[NNaN]', 1, 'unexpected "N" where a value was expected'],
    ['[INaN]', 1, 'unexpected "I" where a value was expected'],
    ['[-In]', 1, 'invalid number'],
    ['{"a" 1}', 5, "expected ':' after the property name, found \"1\""],
    ['{"a"', 4, "expected ':' after the property name, found end of input"],
    ['{1:2}', 1, 'expected a double-quoted property name, found "1"'],
    ['{"a":1,}', 6, "trailing comma before '}'"],
    ['[1, 2 , ]', 6, "trailing comma before ']'"],
    ['{"a":1 "b":2}', 7, "expected ',' or '}' in object, found \"\\\"\""],
    ['[1 2]', 3, "expected ',' or ']' in array, found \"2\""],
    ['[[1]', 4, "expected ',' or ']' in array, found end of input"],
    ['{"a":[1]]', 8, "expected ',' or '}' in object, found \"]\""],
    ['{} {}', 3, 'unexpected "{" after the end of the JSON value'],
    ['[] x', 3, 'unexpected "x" after the end of the JSON value'],
    ['1 2', 2, 'unexpected "2" after the end of the JSON value'],
    ['-', 0, 'invalid number'],
    ['-a', 0, 'invalid number'],
    ['[-]', 1, 'invalid number'],
    ['1.', 2, 'invalid number: digits expected after "."'],
    ['1.e5', 2, 'invalid number: digits expected after "."'],
    ['1e', 2, 'invalid number: digits expected in exponent'],
    ['1E+', 3, 'invalid number: digits expected in exponent'],
    ['[1e-x]', 4, 'invalid number: digits expected in exponent'],
    ['01', 1, 'unexpected "1" after the end of the JSON value'],
    ['-01', 2, 'unexpected "1" after the end of the JSON value'],
    ['"\\u12"', 1, 'invalid \\u escape (needs 4 hex digits)'],
    ['"\\u12G4"', 1, 'invalid \\u escape (needs 4 hex digits)'],
    ['"\\', 1, 'invalid escape \\ in string'],
    ['"a\\qb"', 2, 'invalid escape \\q in string'],
    ['"a\tb"', 2, 'unescaped control character (e.g. a raw line break) in string'],
    ['"a\u001fb"', 2, 'unescaped control character (e.g. a raw line break) in string'],
    ['{"k\nx":1}', 3, 'unescaped control character (e.g. a raw line break) in string'],
    ['["abc', 1, 'unterminated string'],
    ['{"ab', 1, 'unterminated string'],
  ])('%j: offset %i, %s', (text, offset, reason) => {
    expect(located(text)).toMatchObject({ offset, reason });
  });

  it('accepts what JSON accepts before the error: every escape, numbers in every form, empty containers, whitespace', () => {
    const valid = '{ "s" : "\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uABCD \u007f é 😀" , "n" : [ 0 , -0 , 12 , -3.25 , 1e5 , 1E-5 , 2.5e+3 , true , false , null , { } , [ ] , [ [ ] ] ] , "o" : { } }';
    expect(JSON.parse(valid)).toBeDefined();
    expect(locateJsonError(valid)).toBeUndefined();
    // The same text with an error at its very end: found there, nothing before it taken for one.
    expect(located(valid + ',')).toMatchObject({ offset: valid.length, reason: 'unexpected "," after the end of the JSON value' });
    expect(located(valid.slice(0, -1) + ',}')).toMatchObject({ offset: valid.length - 1, reason: "trailing comma before '}'" });
  });

  it('finds nothing in valid JSON, random and pretty-printed', () => {
    const next = rng(1234);
    for (let run = 0; run < 500; run++) {
      const value = next() < 0.5 ? randomObject(next, 0) : randomValue(next, 0);
      const text = JSON.stringify(value, null, [undefined, 2, '\t'][run % 3]);
      expect(locateJsonError(text), text).toBeUndefined();
    }
  });

  it('counts lines at line feeds and columns from the line start', () => {
    expect(located('{\n  "a": 1,\n  "b": x\n}')).toEqual({ offset: 19, line: 3, column: 8, reason: 'unexpected "x" where a value was expected' });
    // A carriage return is whitespace, not a line break of its own; the column counts it.
    expect(located('{\r\n"a":\r x}')).toEqual({ offset: 9, line: 2, column: 7, reason: 'unexpected "x" where a value was expected' });
    expect(located('\n\n\n]')).toMatchObject({ line: 4, column: 1 });
    // A line feed at the error itself does not count: the error is at the end of line 1.
    expect(located('[1,\n')).toEqual({ offset: 4, line: 2, column: 1, reason: 'unexpected end of input, a value was expected' });
    expect(located('[1 \n2]')).toEqual({ offset: 4, line: 2, column: 1, reason: "expected ',' or ']' in array, found \"2\"" });
    expect(located('"a\nb"')).toEqual({ offset: 2, line: 1, column: 3, reason: 'unescaped control character (e.g. a raw line break) in string' });
  });

  it('does not overflow on deep nesting', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(199_999);
    expect(located(deep)).toMatchObject({ offset: deep.length, reason: "expected ',' or ']' in array, found end of input" });
  });
});

describe('snippetAround', () => {
  it('shows 20 characters either side, with an ellipsis where the text goes on', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ';
    expect(snippetAround(text, 23)).toBe('…`defghijklmnopqrstuvwxyz0123456789ABCDEFG`…');
    expect(snippetAround(text, 20)).toBe('`abcdefghijklmnopqrstuvwxyz0123456789ABCD`…');
    expect(snippetAround(text, 21)).toBe('…`bcdefghijklmnopqrstuvwxyz0123456789ABCDE`…');
    expect(snippetAround(text, 26)).toBe('…`ghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ`');
    expect(snippetAround(text, 25)).toBe('…`fghijklmnopqrstuvwxyz0123456789ABCDEFGHI`…');
    expect(snippetAround('short', 2)).toBe('`short`');
    expect(snippetAround('', 0)).toBe('``');
    expect(snippetAround(text, 10, 3)).toBe('…`hijklm`…');
  });

  it('writes control characters as escapes so they stay visible, and keeps other text as is', () => {
    expect(snippetAround('{"a":\n\t"b\u0000\u001f"} é\u007f', 5)).toBe('`{"a":\\n\\t"b\\u0000\\u001f"} é\u007f`');
    expect(snippetAround('a\rb', 1)).toBe('`a\\rb`');
  });
});

// JSON pasted from a web page, a chat or a word processor into curl, Postman or a file: the error
// showed the character itself, so a no-break space read 'found " "' (a space, which JSON allows), a
// zero-width space or a byte-order mark 'found ""', and a typographic quote gave no hint why.
describe('characters a reader cannot see, or takes for others, are named', () => {
  const SPACE = 'JSON takes only plain spaces, tabs and line breaks between its parts; text pasted from a web page, a chat or a word processor carries such spaces';
  const INVISIBLE = 'JSON allows no such character outside a string; text pasted from a web page, a chat or a word processor carries them';
  const DOUBLE = 'JSON takes only straight double quotes ("); a word processor or a chat app turned them';
  const SINGLE = 'JSON strings and names take straight double quotes ("), never single ones; a word processor or a chat app turned them';
  it.each([
    ['{\u00a0"a":1}', 1, `expected a double-quoted property name, found "\\u00a0" (a no-break space: ${SPACE})`],
    ['[1,\u3000 2]', 3, `unexpected "\\u3000" (an ideographic space: ${SPACE}) where a value was expected`],
    ['[1,\u2009 2]', 3, `unexpected "\\u2009" (a thin space: ${SPACE}) where a value was expected`],
    ['{"a":1,\u200b"b":2}', 7, `expected a double-quoted property name, found "\\u200b" (a zero-width space, invisible: ${INVISIBLE})`],
    ['[1]\u2060', 3, `unexpected "\\u2060" (a word joiner, invisible: ${INVISIBLE}) after the end of the JSON value`],
    ['[1]\ufeff', 3, `unexpected "\\ufeff" (a byte-order mark, invisible: two files joined, each saved with one, or one pasted in; ${INVISIBLE}) after the end of the JSON value`],
    ['{"a":\u201cx\u201d}', 5, `unexpected "\u201c" (a typographic double quote: ${DOUBLE}) where a value was expected`],
    ['{\u201ca\u201d:1}', 1, `expected a double-quoted property name, found "\u201c" (a typographic double quote: ${DOUBLE})`],
    ['{"a":\u2018x\u2019}', 5, `unexpected "\u2018" (a typographic single quote: ${SINGLE}) where a value was expected`],
    ["{'a':1}", 1, `expected a double-quoted property name, found "'" (a single quote: JSON strings and names take double quotes ("))`],
  ])('%j: offset %i, %s', (text, offset, reason) => {
    expect(located(text)).toMatchObject({ offset, reason });
  });

  it('the snippet writes invisible characters as escapes, as it writes control characters', () => {
    expect(snippetAround('{\u00a0"a":\u200b1,\u2060\ufeff\u00ad}', 1)).toBe('`{\\u00a0"a":\\u200b1,\\u2060\\ufeff\\u00ad}`');
    // Visible ones stay as they are.
    expect(snippetAround('{"a":\u201cx\u201d, "é": 1}', 5)).toBe('`{"a":\u201cx\u201d, "é": 1}`');
  });
});
