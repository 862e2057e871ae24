// Locates the first syntax error in a JSON text, with a plain reason, line and column. Runs only
// after JSON.parse has failed: engines word (and place) their errors differently, and V8's often
// give no position at all, yet a 400 must say where the body went wrong.

export interface JsonErrorLocation {
  /** 0-based offset in UTF-16 code units. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in characters from the start of the line. */
  column: number;
  reason: string;
}

type Mode = 'value' | 'key' | 'after';

export function locateJsonError(text: string): JsonErrorLocation | undefined {
  const found = scan(text);
  if (!found) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < found.offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: found.offset, line, column: found.offset - lineStart + 1, reason: found.reason };
}

/**
 * Where and why JSON.parse refused a text, in words: "at line 3, column 5: trailing comma before
 * '}', near `…`" (`lines: false` for one line of a file: "at column 5: …"). What JSON.parse said
 * (a position to count to, an invisible character shown as itself) when the scan finds nothing.
 */
export function jsonSyntaxWhere(text: string, e: unknown, lines = true): string {
  const at = locateJsonError(text);
  if (at === undefined) return e instanceof Error ? e.message : String(e);
  return `${lines ? `at line ${at.line}, column ${at.column}` : `at column ${at.column}`}: ${at.reason}, near ${snippetAround(text, at.offset)}`;
}

/** The text around an offset in backticks, control characters written as escapes so they stay visible. */
export function snippetAround(text: string, offset: number, radius = 20): string {
  const start = Math.max(0, offset - radius);
  const end = Math.min(text.length, offset + radius);
  const visible = text.slice(start, end).replace(INVISIBLE_IN_SNIPPET, escapeChar);
  return (start > 0 ? '…' : '') + '`' + visible + '`' + (end < text.length ? '…' : '');
}

/**
 * NaN, Infinity and -Infinity are not JSON, but Python's json.dumps writes them for float('nan')
 * and float('inf') (allow_nan defaults to True), so analytics-python sends them when a property
 * holds one (a pandas gap, a division by zero).
 */
const NON_FINITE = /^(?:NaN|-?Infinity)/;
const NON_FINITE_REASON = "NaN and Infinity are not JSON values (Python's json.dumps writes them for float('nan') and float('inf')); send null or a number";

/** Control characters, and the characters a reader cannot see (the spaces that look like none, zero-width ones, a soft hyphen). */
const INVISIBLE_IN_SNIPPET = /[\u0000-\u001f\u00a0\u00ad\u2000-\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]/g;

/** "\u00a0" for a character that cannot be seen, JSON's own escapes for the control characters. */
function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x20 ? JSON.stringify(c).slice(1, -1) : `\\u${code.toString(16).padStart(4, '0')}`;
}

const SPACE_HINT = 'JSON takes only plain spaces, tabs and line breaks between its parts; text pasted from a web page, a chat or a word processor carries such spaces';
const INVISIBLE_HINT = 'JSON allows no such character outside a string; text pasted from a web page, a chat or a word processor carries them';
const DOUBLE_QUOTE_HINT = 'JSON takes only straight double quotes ("); a word processor or a chat app turned them';
const SINGLE_QUOTE_HINT = 'JSON strings and names take straight double quotes ("), never single ones; a word processor or a chat app turned them';

/**
 * What a character JSON refused is, when it cannot be seen or is taken for another: a no-break
 * space showed as 'found " "' (a space, which JSON allows), a zero-width space as 'found ""', and a
 * typographic quote with no word of why.
 */
function namedChar(code: number): string | undefined {
  if (code === 0x00a0) return `a no-break space: ${SPACE_HINT}`;
  if (code === 0x3000) return `an ideographic space: ${SPACE_HINT}`;
  if (code === 0x2009 || code === 0x200a) return `a thin space: ${SPACE_HINT}`;
  if ((code >= 0x2000 && code <= 0x2008) || code === 0x202f || code === 0x205f) return `a typographic space: ${SPACE_HINT}`;
  if (code === 0x200b) return `a zero-width space, invisible: ${INVISIBLE_HINT}`;
  if (code === 0x200c || code === 0x200d) return `a zero-width joiner, invisible: ${INVISIBLE_HINT}`;
  if (code === 0x2060) return `a word joiner, invisible: ${INVISIBLE_HINT}`;
  if (code === 0x00ad) return `a soft hyphen, invisible: ${INVISIBLE_HINT}`;
  if (code === 0x200e || code === 0x200f) return `a text-direction mark, invisible: ${INVISIBLE_HINT}`;
  if (code === 0x2028 || code === 0x2029) return `a Unicode line separator: ${SPACE_HINT}`;
  if (code === 0xfeff) return `a byte-order mark, invisible: two files joined, each saved with one, or one pasted in; ${INVISIBLE_HINT}`;
  if (code === 0x201c || code === 0x201d || code === 0x201e || code === 0x201f || code === 0x00ab || code === 0x00bb) return `a typographic double quote: ${DOUBLE_QUOTE_HINT}`;
  if (code === 0x2018 || code === 0x2019 || code === 0x201a || code === 0x201b) return `a typographic single quote: ${SINGLE_QUOTE_HINT}`;
  if (code === 0x27) return 'a single quote: JSON strings and names take double quotes (")';
  return undefined;
}

function describeChar(text: string, pos: number): string {
  if (pos >= text.length) return 'end of input';
  const c = text[pos];
  const named = namedChar(c.charCodeAt(0));
  if (named === undefined) return JSON.stringify(c);
  const shown = new RegExp(INVISIBLE_IN_SNIPPET.source).test(c) ? escapeChar(c) : c;
  return `"${shown}" (${named})`;
}

function isWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

// Iterative (explicit stack) so deeply nested input cannot overflow the call stack.
function scan(text: string): { offset: number; reason: string } | undefined {
  const stack: Array<'object' | 'array'> = [];
  let pos = 0;
  let mode: Mode = 'value';
  const fail = (offset: number, reason: string) => ({ offset, reason });
  const skipWhitespace = () => {
    while (pos < text.length && isWhitespace(text.charCodeAt(pos))) pos++;
  };

  const scanString = (): { offset: number; reason: string } | undefined => {
    const start = pos;
    pos++; // opening quote
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 34) {
        pos++;
        return undefined;
      }
      if (c === 92) {
        const next = text[pos + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) return fail(pos, 'invalid \\u escape (needs 4 hex digits)');
          pos += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          pos += 2;
        } else {
          return fail(pos, `invalid escape \\${next ?? ''} in string`);
        }
        continue;
      }
      if (c < 32) return fail(pos, 'unescaped control character (e.g. a raw line break) in string');
      pos++;
    }
    return fail(start, 'unterminated string');
  };

  const scanNumber = (): { offset: number; reason: string } | undefined => {
    const start = pos;
    if (text[pos] === '-') pos++;
    if (text[pos] === '0') pos++;
    else if (isDigit(text.charCodeAt(pos))) while (isDigit(text.charCodeAt(pos))) pos++;
    else return fail(start, 'invalid number');
    if (text[pos] === '.') {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) return fail(pos, 'invalid number: digits expected after "."');
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    if (text[pos] === 'e' || text[pos] === 'E') {
      pos++;
      if (text[pos] === '+' || text[pos] === '-') pos++;
      if (!isDigit(text.charCodeAt(pos))) return fail(pos, 'invalid number: digits expected in exponent');
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    return undefined;
  };

  for (;;) {
    skipWhitespace();
    if (mode === 'value') {
      if (pos >= text.length) return fail(pos, text.trim() === '' ? 'the body is empty' : 'unexpected end of input, a value was expected');
      const ch = text[pos];
      let err: { offset: number; reason: string } | undefined;
      if (ch === '{') {
        pos++;
        skipWhitespace();
        if (text[pos] === '}') {
          pos++;
          mode = 'after';
        } else {
          stack.push('object');
          mode = 'key';
        }
        continue;
      } else if (ch === '[') {
        pos++;
        skipWhitespace();
        if (text[pos] === ']') {
          pos++;
          mode = 'after';
        } else {
          stack.push('array');
        }
        continue;
      } else if (ch === '"') {
        err = scanString();
      } else if ((ch === 'N' || ch === 'I' || (ch === '-' && text[pos + 1] === 'I')) && NON_FINITE.test(text.slice(pos, pos + 9))) {
        return fail(pos, NON_FINITE_REASON);
      } else if (ch === '-' || isDigit(text.charCodeAt(pos))) {
        err = scanNumber();
      } else {
        const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, pos));
        if (!literal) return fail(pos, `unexpected ${describeChar(text, pos)} where a value was expected`);
        pos += literal.length;
      }
      if (err) return err;
      mode = 'after';
    } else if (mode === 'key') {
      if (text[pos] !== '"') {
        return fail(pos, `expected a double-quoted property name, found ${describeChar(text, pos)}`);
      }
      const err = scanString();
      if (err) return err;
      skipWhitespace();
      if (text[pos] !== ':') return fail(pos, `expected ':' after the property name, found ${describeChar(text, pos)}`);
      pos++;
      mode = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        return pos >= text.length ? undefined : fail(pos, `unexpected ${describeChar(text, pos)} after the end of the JSON value`);
      }
      const close = top === 'object' ? '}' : ']';
      if (text[pos] === close) {
        stack.pop();
        pos++;
        continue;
      }
      if (text[pos] !== ',') {
        return fail(pos, `expected ',' or '${close}' in ${top}, found ${describeChar(text, pos)}`);
      }
      const comma = pos;
      pos++;
      skipWhitespace();
      if (text[pos] === close) return fail(comma, `trailing comma before '${close}'`);
      mode = top === 'object' ? 'key' : 'value';
    }
  }
}

/**
 * Why a body JSON.parse refused is not UTF-8 JSON at all, when it is UTF-16 or UTF-32 (what
 * PowerShell, .NET and Windows tools call "Unicode"), starts with a UTF-8 byte-order mark, or is
 * gzip that was not inflated (no Content-Encoding header, or compressed twice); undefined otherwise. `text` is the body as the receiver decodes it, as UTF-8: a byte-order mark
 * FF FE or FE FF reads as two U+FFFD, and the high bytes of ASCII characters as NULs. Located
 * as a syntax error, such a body was "unexpected "�" at column 1", which told the sender nothing.
 */
export function notUtf8JsonReason(text: string): string | undefined {
  if (text.charCodeAt(0) === 0xfeff) return 'the body starts with a UTF-8 byte-order mark (bytes EF BB BF), which JSON does not allow before a value; send it without the mark';
  // gzip's magic bytes 1F 8B and its method 08 (deflate), read as UTF-8: 8B is no character.
  if (text.startsWith('\u001f\ufffd\u0008')) {
    return "the body is gzip-compressed data (it starts with gzip's bytes 1F 8B), not JSON: send it with the header Content-Encoding: gzip, or uncompressed; a body sent with that header was compressed twice";
  }
  const R = '\ufffd';
  const N = '\u0000';
  let rest = text;
  let bom: 'utf-32le' | 'utf-32be' | '16' | undefined;
  if (rest.startsWith(`${R}${R}${N}${N}`)) bom = 'utf-32le';
  else if (rest.startsWith(`${N}${N}${R}${R}`)) bom = 'utf-32be';
  else if (rest.startsWith(`${R}${R}`)) bom = '16';
  if (bom !== undefined) rest = rest.slice(bom === '16' ? 2 : 4);
  if (rest.length < 4) return undefined;
  const nul = [0, 1, 2, 3].map((i) => rest.charCodeAt(i) === 0);
  // The first characters of a JSON text are ASCII ({, [, a space, a quote): one NUL-free unit each.
  let encoding: string | undefined;
  if (!nul[0] && nul[1] && nul[2] && nul[3] && bom !== 'utf-32be' && bom !== '16') encoding = 'UTF-32 (little-endian';
  else if (nul[0] && nul[1] && nul[2] && !nul[3] && bom !== 'utf-32le' && bom !== '16') encoding = 'UTF-32 (big-endian';
  else if (!nul[0] && nul[1] && !nul[2] && nul[3] && (bom === undefined || bom === '16')) encoding = 'UTF-16 (little-endian';
  else if (nul[0] && !nul[1] && nul[2] && !nul[3] && (bom === undefined || bom === '16')) encoding = 'UTF-16 (big-endian';
  if (encoding === undefined) return undefined;
  return `the body is ${encoding}${bom ? ', with a byte-order mark' : ''}), not UTF-8; JSON must be sent as UTF-8 (RFC 8259): encode it as UTF-8, without a byte-order mark`;
}
