// Bytes that are not UTF-8: where they are, against an independent oracle (Node's own decoder,
// whose U+FFFDs the runs must account for one by one), and what the capture's origin says of them.
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeInvalidUtf8, invalidUtf8Runs, undoDoubleEncoding, windows1252Char } from '../../../src-shared/tracking-api/utf8';

const decode = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

/** The decoded text rebuilt from the runs: the valid bytes between them decoded, one U+FFFD per run. */
function rebuilt(bytes: Uint8Array): string {
  const { runs } = invalidUtf8Runs(bytes);
  let out = '';
  let from = 0;
  for (const run of runs) {
    out += decode(bytes.subarray(from, run.at)) + '\uFFFD';
    from = run.at + run.length;
  }
  return out + decode(bytes.subarray(from));
}

describe('invalidUtf8Runs', () => {
  it.each([
    ['valid ASCII', [0x41, 0x42], []],
    ['valid 2-, 3- and 4-byte characters', [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], []],
    ['a stray Windows-1252 byte', [0x43, 0x61, 0x66, 0xe9, 0x20], [{ at: 3, length: 1 }]],
    ['an emoji cut after 3 of its 4 bytes, then A', [0xf0, 0x9f, 0x98, 0x41], [{ at: 0, length: 3 }]],
    ['a lead at the very end', [0x41, 0xe2, 0x82], [{ at: 1, length: 2 }]],
    ['a surrogate (ED A0 80): three runs', [0xed, 0xa0, 0x80], [{ at: 0, length: 1 }, { at: 1, length: 1 }, { at: 2, length: 1 }]],
    ['an overlong 2-byte (C0 80)', [0xc0, 0x80], [{ at: 0, length: 1 }, { at: 1, length: 1 }]],
    ['an overlong 3-byte (E0 80 80)', [0xe0, 0x80, 0x80], [{ at: 0, length: 1 }, { at: 1, length: 1 }, { at: 2, length: 1 }]],
    ['past U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80], [{ at: 0, length: 1 }, { at: 1, length: 1 }, { at: 2, length: 1 }, { at: 3, length: 1 }]],
    ['F5 and FF, never leads', [0xf5, 0xff], [{ at: 0, length: 1 }, { at: 1, length: 1 }]],
    ['the highest code point (F4 8F BF BF) is valid', [0xf4, 0x8f, 0xbf, 0xbf], []],
    ['U+FFFD itself (EF BF BD) is valid', [0xef, 0xbf, 0xbd], []],
  ])('%s', (_, bytes, runs) => {
    const array = Uint8Array.from(bytes);
    expect(invalidUtf8Runs(array)).toEqual({ runs, count: runs.length });
    expect(rebuilt(array)).toBe(decode(array));
  });

  it('lists at most `max` runs and counts them all', () => {
    const bytes = Uint8Array.from([0xe9, 0x41, 0xe9, 0x41, 0xe9]);
    expect(invalidUtf8Runs(bytes, 2)).toEqual({ runs: [{ at: 0, length: 1 }, { at: 2, length: 1 }], count: 3 });
  });

  it('accounts for every U+FFFD Node writes, for any bytes', () => {
    // Bytes biased to the interesting ranges: leads, continuations, ASCII.
    const byte = fc.oneof(fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }), fc.integer({ min: 0, max: 0x7f }));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), (bytes) => {
        const array = Uint8Array.from(bytes);
        expect(rebuilt(array)).toBe(decode(array));
        expect(invalidUtf8Runs(array).count === 0).toBe(isUtf8(array));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds nothing in any valid UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(invalidUtf8Runs(Buffer.from(s, 'utf8')).count).toBe(0);
      }),
    );
  });
});

describe('windows1252Char', () => {
  it.each([
    [0x80, '€'],
    [0x82, '‚'],
    [0x8a, 'Š'],
    [0x8c, 'Œ'],
    [0x8e, 'Ž'],
    [0x91, '\u2018'],
    [0x93, '\u201C'],
    [0x96, '–'],
    [0x99, '™'],
    [0x9c, 'œ'],
    [0x9e, 'ž'],
    [0x9f, 'Ÿ'],
    [0xa0, '\u00A0'],
    [0xe9, 'é'],
    [0xfc, 'ü'],
    [0xff, 'ÿ'],
  ])('0x%s is %s', (byte, char) => expect(windows1252Char(byte)).toBe(char));

  it.each([0x81, 0x8d, 0x8f, 0x90, 0x9d])('0x%s has no character', (byte) => expect(windows1252Char(byte)).toBe(''));
});

describe('describeInvalidUtf8', () => {
  it('is undefined for UTF-8', () => {
    expect(describeInvalidUtf8(Buffer.from('{"event":"Café ☕ 😀"}'))).toBeUndefined();
  });

  it('names the byte offset, the bytes, their Windows-1252 reading and the text before them', () => {
    const body = Buffer.from('{"type":"track","event":"Caf\xe9 opened"}', 'latin1');
    expect(describeInvalidUtf8(body)).toBe(
      'the body is not UTF-8: a byte sequence could not be read as UTF-8 and became U+FFFD (\uFFFD), the replacement character: at byte offset 28, E9 (Windows-1252 "é") after `pe":"track","event":"Caf`. Send the body encoded as UTF-8',
    );
  });

  it('says a character was cut short, and a byte Windows-1252 has no character for', () => {
    const text = describeInvalidUtf8(Uint8Array.from([0x61, 0xf0, 0x9f, 0x98, 0x0a, 0x62, 0x8d]));
    expect(text).toContain('2 byte sequences');
    expect(text).toContain('at byte offset 1, F0 9F 98 (a UTF-8 character cut short) after `a`');
    // The newline before it is shown as a space, so the sentence stays on one line.
    expect(text).toContain('at byte offset 6, 8D (no Windows-1252 character) after `a\uFFFD b`');
  });

  it('shows the first three and counts the rest', () => {
    const body = Buffer.from('\xe9-\xe8-\xea-\xeb-\xe0-1234567', 'latin1');
    const text = describeInvalidUtf8(body) ?? '';
    expect(text).toContain('5 byte sequences');
    expect(text.match(/at byte offset/g)).toHaveLength(3);
    expect(text).toContain('at byte offset 4, EA (Windows-1252 "ê") after `\uFFFD-\uFFFD-`; and 2 more.');
  });

  it('joins the places with "; " and shows a run of white space as one space', () => {
    const body = Buffer.from('{"a":"x\r\n\t  y\xe9","b":"\xfc"}', 'latin1');
    expect(describeInvalidUtf8(body)).toBe(
      'the body is not UTF-8: 2 byte sequences could not be read as UTF-8 and became U+FFFD (\uFFFD), the replacement character: at byte offset 13, E9 (Windows-1252 "é") after `{"a":"x y`; at byte offset 21, FC (Windows-1252 "ü") after `{"a":"x y\uFFFD","b":"`. Send the body encoded as UTF-8',
    );
  });

  it('shows the text before a place near the start of a long body', () => {
    // The text is read from at most 96 bytes back: from the start here, not from the body's end.
    const body = Buffer.from(`{"event":"Caf\xe9 opened","pad":"${'x'.repeat(200)}"}`, 'latin1');
    expect(describeInvalidUtf8(body)).toContain('at byte offset 13, E9 (Windows-1252 "é") after `{"event":"Caf`.');
    const late = Buffer.from(`{"pad":"${'x'.repeat(200)}","event":"Caf\xe9"}`, 'latin1');
    expect(describeInvalidUtf8(late)).toContain(`at byte offset 222, E9 (Windows-1252 "é") after \`${'x'.repeat(10)}","event":"Caf\`.`);
  });

  it('counts in thousands with separators', () => {
    const body = Buffer.alloc(1500, 0xe9);
    expect(describeInvalidUtf8(body)).toContain('1,500 byte sequences');
    expect(describeInvalidUtf8(body)).toContain('; and 1,497 more.');
  });
});

describe('undoDoubleEncoding', () => {
  /** What a latin1 database connection or utf8_encode makes of UTF-8 text: each byte read as Windows-1252 (its holes as C1 controls). */
  const encodeTwice = (text: string) => Array.from(Buffer.from(text, 'utf8'), (b) => (b < 0x80 ? String.fromCharCode(b) : windows1252Char(b) || String.fromCharCode(b))).join('');

  it.each([
    ['CafÃ© opened', 'Café opened'],
    ['itâ€™s â‚¬5 â€” okâ„¢', 'it’s €5 — ok™'],
    ['Â© 2026, 20Â°C', '© 2026, 20°C'],
    ['StraÃŸe', 'Straße'],
    ['ÐŸÑ€Ð¸Ð²ÐµÑ‚', 'Привет'],
    ['ðŸ˜€', '😀'],
  ])('%s was %s', (twice, once) => {
    expect(undoDoubleEncoding(twice)).toBe(once);
    expect(encodeTwice(once)).toBe(twice);
  });

  it('reads a C1 control as its Windows-1252 byte only for the five bytes Windows-1252 leaves unassigned', () => {
    // 0x81 is a hole, read as U+0081; 0x80 is €, so U+0080 (or U+0099) never comes of reading bytes as Windows-1252.
    expect(undoDoubleEncoding('Ã\u0081')).toBe('Á');
    expect(undoDoubleEncoding('Ã€')).toBe('À');
    expect(undoDoubleEncoding('Ã\u0080')).toBeUndefined();
    expect(undoDoubleEncoding('Ã\u0099')).toBeUndefined();
    expect(undoDoubleEncoding('Ã™')).toBe('Ù');
  });

  it.each(['plain ASCII', 'Café', 'pâte à crêpes', 'SÃO PAULO', 'Ça va', '日本語', 'Ã', 'â€'])('%s is not text encoded twice', (text) => {
    expect(undoDoubleEncoding(text)).toBeUndefined();
  });

  it('undoes what encoding twice does, for any text past ASCII; never answers for ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const twice = encodeTwice(text);
        // eslint-disable-next-line no-control-regex
        if (/^[\x00-\x7f]*$/.test(text)) expect(undoDoubleEncoding(twice)).toBeUndefined();
        else expect(undoDoubleEncoding(twice)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
