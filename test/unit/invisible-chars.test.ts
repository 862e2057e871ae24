// Which characters the trace and the UI show as [U+XXXX] and how they name them (invisible-chars.ts):
// every character the list covers, at both ends of each range, is found and named; the visible
// ones just outside each range (a tab, a no-break space, a hair space) are left as they are.
import { describe, expect, it } from 'vitest';
import { invisibleChars, withInvisiblesShown } from '../../src-shared/invisible-chars';

const ch = (code: number) => String.fromCharCode(code);

describe('invisibleChars', () => {
  it('finds each listed character, with its code and its name (or what kind it is)', () => {
    const expected: [number, string][] = [
      [0x0000, 'a NUL character'],
      [0x0001, 'a control character'],
      [0x0008, 'a control character'],
      [0x000b, 'a control character'],
      [0x000c, 'a control character'],
      [0x000e, 'a control character'],
      [0x001f, 'a control character'],
      [0x007f, 'a control character'],
      [0x0085, 'a control character'],
      [0x009f, 'a control character'],
      [0x00ad, 'a soft hyphen'],
      [0x061c, 'an Arabic letter mark'],
      [0x115f, 'an invisible formatting character'],
      [0x1160, 'an invisible formatting character'],
      [0x180e, 'a Mongolian vowel separator'],
      [0x200b, 'a zero-width space'],
      [0x200c, 'a zero-width non-joiner'],
      [0x200d, 'a zero-width joiner'],
      [0x200e, 'a left-to-right mark'],
      [0x200f, 'a right-to-left mark'],
      [0x202a, 'a left-to-right embedding'],
      [0x202b, 'a right-to-left embedding'],
      [0x202c, 'a pop directional formatting'],
      [0x202d, 'a left-to-right override'],
      [0x202e, 'a right-to-left override'],
      [0x2060, 'a word joiner'],
      [0x2061, 'an invisible formatting character'],
      [0x2064, 'an invisible formatting character'],
      [0x2066, 'a left-to-right isolate'],
      [0x2067, 'a right-to-left isolate'],
      [0x2068, 'a first strong isolate'],
      [0x2069, 'a pop directional isolate'],
      [0x206f, 'an invisible formatting character'],
      [0x3164, 'an invisible formatting character'],
      [0xfeff, 'a byte-order mark'],
      [0xfff9, 'an invisible formatting character'],
      [0xfffb, 'an invisible formatting character'],
    ];
    for (const [code, name] of expected) {
      const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
      expect(invisibleChars(`id${ch(code)}x`), hex).toEqual([{ index: 2, code: hex, name }]);
    }
    // The code is written as Unicode writes it: four hex digits at least, in capitals.
    expect(invisibleChars('\u0001')[0].code).toBe('U+0001');
    expect(invisibleChars('\ufeff')[0].code).toBe('U+FEFF');
  });

  it('leaves alone what shows: whitespace, a no-break space, and the characters beside each range', () => {
    const visible = [0x0009, 0x000a, 0x000d, 0x0020, 0x007e, 0x00a0, 0x00ac, 0x00ae, 0x061b, 0x061d, 0x115e, 0x1161, 0x180d, 0x180f, 0x200a, 0x2010, 0x2028, 0x2029, 0x205f, 0x2065, 0x2070, 0x3163, 0x3165, 0xfefe, 0xfff8, 0xfffc];
    for (const code of visible) {
      const text = `a${ch(code)}b`;
      expect(invisibleChars(text), code.toString(16)).toEqual([]);
      expect(withInvisiblesShown(text), code.toString(16)).toBe(text);
    }
    expect(invisibleChars('')).toEqual([]);
    expect(invisibleChars('ada@example.com')).toEqual([]);
  });

  it('gives every one in order, with its position in the text', () => {
    expect(invisibleChars('\u200bab\u202ec\u0000')).toEqual([
      { index: 0, code: 'U+200B', name: 'a zero-width space' },
      { index: 3, code: 'U+202E', name: 'a right-to-left override' },
      { index: 5, code: 'U+0000', name: 'a NUL character' },
    ]);
  });

  it('a joiner is part of the writing only between two non-ASCII characters; at either end of the text, or beside ASCII, it is found', () => {
    const persian = '\u0645\u06cc';
    expect(invisibleChars(`${persian[0]}\u200c${persian[1]}`)).toEqual([]);
    expect(invisibleChars(`${persian[0]}\u200d${persian[1]}`)).toEqual([]);
    // At the start or the end there is nothing on one side to join.
    expect(invisibleChars(`\u200c${persian}`)).toEqual([{ index: 0, code: 'U+200C', name: 'a zero-width non-joiner' }]);
    expect(invisibleChars(`${persian}\u200d`)).toEqual([{ index: 2, code: 'U+200D', name: 'a zero-width joiner' }]);
    // ASCII on either side: pasted in, not written.
    expect(invisibleChars(`a\u200c${persian}`)).toEqual([{ index: 1, code: 'U+200C', name: 'a zero-width non-joiner' }]);
    expect(invisibleChars(`${persian}\u200da`)).toEqual([{ index: 2, code: 'U+200D', name: 'a zero-width joiner' }]);
    // Other invisible characters are found even between non-ASCII ones.
    expect(invisibleChars(`${persian[0]}\u200b${persian[1]}`)).toEqual([{ index: 1, code: 'U+200B', name: 'a zero-width space' }]);
  });
});

describe('withInvisiblesShown', () => {
  it('writes each invisible character as its code in brackets, and keeps a joiner that is part of the writing', () => {
    expect(withInvisiblesShown('ada@example.com')).toBe('ada@example.com');
    expect(withInvisiblesShown('\ufeffada\u200b@x\u202e.com\u0001')).toBe('[U+FEFF]ada[U+200B]@x[U+202E].com[U+0001]');
    const emoji = '\u{1F469}\u200d\u{1F4BB}';
    expect(withInvisiblesShown(`dev ${emoji}\u200d`)).toBe(`dev ${emoji}[U+200D]`);
    expect(withInvisiblesShown('\u200c\u0645')).toBe('[U+200C]\u0645');
  });
});
