// UTF-8 byte counts against an independent oracle, Node's own encoder (Buffer.byteLength, which
// like TextEncoder writes a lone surrogate as U+FFFD, 3 bytes): every boundary of the encoding,
// and any string fast-check can make, including lone surrogates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ByteLength, utf8ByteLengthOver, utf8Bytes } from '../../../src-shared/tracking-api/utf8';

const oracle = (s: string) => Buffer.byteLength(s, 'utf8');

describe('utf8ByteLength', () => {
  it.each([
    ['', 0],
    ['\u007f', 1], // last 1-byte
    ['\u0080', 2], // first 2-byte
    ['\u07ff', 2], // last 2-byte
    ['\u0800', 3], // first 3-byte
    ['\ud7ff', 3], // just below the surrogates
    ['\ue000', 3], // just above them
    ['\uffff', 3],
    ['😀', 4], // a surrogate pair
    ['\ud83d', 3], // a lone high surrogate at the end
    ['\ud83dx', 4], // a high surrogate followed by a non-surrogate: 3 + 1
    ['\ude00', 3], // a lone low surrogate
    ['\ude00\ud83d', 6], // low then high: two lone ones
    ['a😀b', 6],
  ])('%j is %i bytes', (s, bytes) => {
    expect(oracle(s)).toBe(bytes);
    expect(utf8ByteLength(s)).toBe(bytes);
    expect(utf8Bytes(s).length).toBe(bytes);
  });

  it('equals the encoder for any string, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => utf8ByteLength(s) === oracle(s)), { numRuns: 2000 });
  });
});

describe('utf8ByteLengthOver', () => {
  it('answers the length exactly when it is over the limit, and nothing when it is not', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.integer({ min: 0, max: 200 }), (s, limit) => {
        const bytes = oracle(s);
        const got = utf8ByteLengthOver(s, limit);
        return bytes > limit ? got === bytes : got === undefined;
      }),
      { numRuns: 3000 },
    );
  });

  it('at the edges: 3 bytes per unit, and more units than the limit', () => {
    expect(utf8ByteLengthOver('日'.repeat(10), 30)).toBeUndefined();
    expect(utf8ByteLengthOver('日'.repeat(10), 29)).toBe(30);
    expect(utf8ByteLengthOver('日'.repeat(10) + 'a', 30)).toBe(31);
    expect(utf8ByteLengthOver('a'.repeat(31), 30)).toBe(31);
    expect(utf8ByteLengthOver('a'.repeat(30), 30)).toBeUndefined();
    expect(utf8ByteLengthOver('é'.repeat(15), 30)).toBeUndefined();
    expect(utf8ByteLengthOver('é'.repeat(15) + 'a', 30)).toBe(31);
  });
});
