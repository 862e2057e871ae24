import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha1, sha1Hex, Sha1, toHex } from '../../../src-shared/spec/sha1';
import { hmacSha1Hex } from '../../../src-shared/spec/signature';
import { utf8ByteLength, utf8Bytes } from '../../../src-shared/spec/utf8';

const nodeSha1 = (data: string | Uint8Array) => createHash('sha1').update(data).digest('hex');
const nodeHmac = (key: string | Uint8Array, data: string | Uint8Array) => createHmac('sha1', key).update(data).digest('hex');

/** Random text mixing ASCII, Latin-1, CJK, and astral characters (emoji: surrogate pairs). */
function randomText(length: number, seed: number): string {
  const pools = ['abcXYZ019 {}":,', 'éüßñ€', '日本語中文', '😀🎉👍🏽'];
  let s = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const pool = [...pools[s % pools.length]];
    out += pool[(s >>> 8) % pool.length];
  }
  return out;
}

describe('sha1', () => {
  it('matches known test vectors', () => {
    expect(sha1Hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha1Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  });

  it('matches node:crypto on random bytes of every length around the block boundaries', () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = new Uint8Array(randomBytes(length));
      expect(sha1Hex(bytes), `length ${length}`).toBe(nodeSha1(bytes));
    }
  });

  it('matches node:crypto on non-ASCII strings (hashed as UTF-8)', () => {
    for (let i = 0; i < 50; i++) {
      const text = randomText(1 + i * 7, i + 1);
      expect(sha1Hex(text)).toBe(nodeSha1(Buffer.from(text, 'utf8')));
    }
  });

  it('gives the same digest however the input is split across update() calls', () => {
    const bytes = new Uint8Array(randomBytes(1000));
    const incremental = new Sha1();
    for (const cut of [[0, 1], [1, 63], [63, 64], [64, 200], [200, 1000]]) incremental.update(bytes.subarray(cut[0], cut[1]));
    expect(toHex(incremental.digest())).toBe(nodeSha1(bytes));
  });

  it('refuses to be used after digest()', () => {
    const h = new Sha1().update('x');
    h.digest();
    expect(() => h.update('y')).toThrow(/after digest/);
  });

  it('hashes a 500 KB body correctly (its speed is measured by npm run bench, not here)', () => {
    const body = new Uint8Array(randomBytes(500 * 1024));
    expect(sha1Hex(body)).toBe(nodeSha1(body));
  });
});

describe('hmacSha1', () => {
  it('matches RFC 2202 test case 2', () => {
    expect(hmacSha1Hex('Jefe', 'what do ya want for nothing?')).toBe('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
  });

  it('matches node:crypto for keys shorter than, equal to and longer than a block, incl. non-ASCII', () => {
    const keys = ['', 'k', 'secret', 'x'.repeat(64), 'y'.repeat(65), 'z'.repeat(200), 'clé-秘密-🔑', randomText(70, 9)];
    keys.forEach((key, i) => {
      const data = randomText(i * 31 + 3, i + 100);
      expect(hmacSha1Hex(key, data), `key #${i}`).toBe(nodeHmac(Buffer.from(key, 'utf8'), Buffer.from(data, 'utf8')));
      const bytes = new Uint8Array(randomBytes(i * 97));
      expect(toHex(hmacSha1(key, bytes))).toBe(nodeHmac(Buffer.from(key, 'utf8'), bytes));
    });
  });
});

describe('utf8ByteLength', () => {
  it('agrees with TextEncoder, including astral characters and lone surrogates', () => {
    for (let i = 0; i < 30; i++) {
      const text = randomText(i * 11, i + 7);
      expect(utf8ByteLength(text)).toBe(utf8Bytes(text).length);
    }
    expect(utf8ByteLength('a\ud800b')).toBe(utf8Bytes('a\ud800b').length);
    expect(utf8ByteLength('\udc00')).toBe(3);
  });
});
