// Every character json-error.ts names, each as the error reads it (a space, an invisible
// character or a quote pasted from a web page, a chat or a word processor), and jsonSyntaxWhere's
// sentence (the import's, the data dir files', the /api/* bodies'). Written from the rules in the
// e846cc4 and c6aab45 commit messages; each text is one JSON.parse refuses.
import { describe, expect, it } from 'vitest';
import { jsonSyntaxWhere, locateJsonError } from '../../../src-shared/tracking-api/json-error';

const SPACE = 'JSON takes only plain spaces, tabs and line breaks between its parts; text pasted from a web page, a chat or a word processor carries such spaces';
const INVISIBLE = 'JSON allows no such character outside a string; text pasted from a web page, a chat or a word processor carries them';
const DOUBLE = 'JSON takes only straight double quotes ("); a word processor or a chat app turned them';
const SINGLE = 'JSON strings and names take straight double quotes ("), never single ones; a word processor or a chat app turned them';

/** The reason for a text with `c` where a value should be: `[1,c2]`. */
function reasonFor(c: string): string | undefined {
  const text = `[1,${c}2]`;
  expect(() => JSON.parse(text), text).toThrow();
  return locateJsonError(text)?.reason;
}

describe('each character named, shown as an escape when it cannot be seen', () => {
  it.each([
    ['\u2000', 'a typographic space', SPACE],
    ['\u2005', 'a typographic space', SPACE],
    ['\u2008', 'a typographic space', SPACE],
    ['\u202f', 'a typographic space', SPACE],
    ['\u205f', 'a typographic space', SPACE],
    ['\u2009', 'a thin space', SPACE],
    ['\u200a', 'a thin space', SPACE],
    ['\u00a0', 'a no-break space', SPACE],
    ['\u3000', 'an ideographic space', SPACE],
    ['\u2028', 'a Unicode line separator', SPACE],
    ['\u2029', 'a Unicode line separator', SPACE],
    ['\u200b', 'a zero-width space, invisible', INVISIBLE],
    ['\u200c', 'a zero-width joiner, invisible', INVISIBLE],
    ['\u200d', 'a zero-width joiner, invisible', INVISIBLE],
    ['\u2060', 'a word joiner, invisible', INVISIBLE],
    ['\u00ad', 'a soft hyphen, invisible', INVISIBLE],
    ['\u200e', 'a text-direction mark, invisible', INVISIBLE],
    ['\u200f', 'a text-direction mark, invisible', INVISIBLE],
  ])('U+%s: %s', (c, name, hint) => {
    const escaped = `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    expect(reasonFor(c)).toBe(`unexpected "${escaped}" (${name}: ${hint}) where a value was expected`);
  });

  it('a byte-order mark says how one gets there', () => {
    expect(reasonFor('\ufeff')).toBe(`unexpected "\\ufeff" (a byte-order mark, invisible: two files joined, each saved with one, or one pasted in; ${INVISIBLE}) where a value was expected`);
  });

  it.each(['\u201c', '\u201d', '\u201e', '\u201f', '\u00ab', '\u00bb'])('typographic double quote %s, shown as itself', (c) => {
    expect(reasonFor(c)).toBe(`unexpected "${c}" (a typographic double quote: ${DOUBLE}) where a value was expected`);
  });

  it.each(['\u2018', '\u2019', '\u201a', '\u201b'])('typographic single quote %s, shown as itself', (c) => {
    expect(reasonFor(c)).toBe(`unexpected "${c}" (a typographic single quote: ${SINGLE}) where a value was expected`);
  });

  it('characters next to the named ones are not named', () => {
    // U+1FFF and U+2010 (a hyphen) border the spaces, U+3001 the ideographic space, U+201C's
    // neighbours the quotes, U+00AC / U+00AE the soft hyphen, U+FEFE the mark, U+0026 the quote.
    for (const c of ['\u1fff', '\u2010', '\u2027', '\u202a', '\u202e', '\u2030', '\u205e', '\u2061', '\u2fff', '\u3001', '\u2017', '\u2020', '\u00aa', '\u00ac', '\u00ae', '\u00bc', '\u009f', '\u00a1', '\ufefe', '&', '(']) {
      expect(reasonFor(c), `U+${c.charCodeAt(0).toString(16)}`).toBe(`unexpected ${JSON.stringify(c)} where a value was expected`);
    }
  });
});

describe('jsonSyntaxWhere: the place and the reason in one sentence', () => {
  const text = '{\n  "a": 1,\n  "b": [1, 2,]\n}';
  const err = (() => {
    try {
      JSON.parse(text);
    } catch (e) {
      return e;
    }
  })();

  it('line and column, the reason and the snippet; one line of a file says the column alone', () => {
    expect(jsonSyntaxWhere(text, err)).toBe("at line 3, column 13: trailing comma before ']', near …`\"a\": 1,\\n  \"b\": [1, 2,]\\n}`");
    expect(jsonSyntaxWhere(text, err, false)).toBe("at column 13: trailing comma before ']', near …`\"a\": 1,\\n  \"b\": [1, 2,]\\n}`");
  });

  it("JSON.parse's own words when the scan finds nothing wrong", () => {
    expect(jsonSyntaxWhere('[1]', new SyntaxError('Unexpected thing'))).toBe('Unexpected thing');
    expect(jsonSyntaxWhere('[1]', 'not an error')).toBe('not an error');
  });
});
