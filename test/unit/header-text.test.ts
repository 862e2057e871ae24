// A request header's value as its client wrote it (src-shared/header-text.ts): Node hands it over
// one character a byte (Latin-1).
import { describe, expect, it } from 'vitest';
import { headerText } from '../../src-shared/header-text';

const asNodeReadsIt = (bytes: Buffer) => bytes.toString('latin1');

describe('headerText', () => {
  it('reads bytes that are UTF-8 as UTF-8: two-, three- and four-byte characters', () => {
    expect(headerText(asNodeReadsIt(Buffer.from('Café-App/1.0 ✓ 日本 🎉', 'utf8')))).toBe('Café-App/1.0 ✓ 日本 🎉');
  });
  it('keeps ASCII, and a value that is not UTF-8 (Latin-1, a cut sequence, an overlong one), one character a byte', () => {
    expect(headerText('analytics-node/3.1.0')).toBe('analytics-node/3.1.0');
    expect(headerText('')).toBe('');
    expect(headerText('Caf\xe9')).toBe('Café');
    expect(headerText(asNodeReadsIt(Buffer.from([0x41, 0xe2, 0x9c])))).toBe('A\xe2\x9c');
    expect(headerText(asNodeReadsIt(Buffer.from([0xc0, 0xaf])))).toBe('\xc0\xaf');
  });
  it('keeps a leading byte-order mark, and a value already past Latin-1 as it is', () => {
    expect(headerText(asNodeReadsIt(Buffer.from('\ufeffx', 'utf8')))).toBe('\ufeffx');
    expect(headerText('✓ \xe9')).toBe('✓ \xe9');
    // Past Latin-1, even where the rest would read as UTF-8: it is not bytes one character each.
    expect(headerText(`✓ ${asNodeReadsIt(Buffer.from('é', 'utf8'))}`)).toBe('✓ Ã©');
  });
  it('reads a value of non-ASCII bytes alone (no ASCII around them) as UTF-8 too', () => {
    expect(headerText(asNodeReadsIt(Buffer.from('日本', 'utf8')))).toBe('日本');
    expect(headerText(asNodeReadsIt(Buffer.from('é', 'utf8')))).toBe('é');
  });
});
