// SHA-1 and HMAC-SHA1 in plain TypeScript (FIPS 180-4, RFC 2104). src-shared runs in the browser
// too, so node:crypto is not an option; Web Crypto is async and this is needed synchronously.
// Strings are hashed as their UTF-8 bytes.

import { utf8Bytes } from './utf8';

const BLOCK_BYTES = 64;

const HEX_DIGITS = '0123456789abcdef';

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX_DIGITS[bytes[i] >>> 4] + HEX_DIGITS[bytes[i] & 15];
  return out;
}

/** Incremental SHA-1: update() any number of times, then digest() once. */
export class Sha1 {
  private h0 = 0x67452301;
  private h1 = 0xefcdab89;
  private h2 = 0x98badcfe;
  private h3 = 0x10325476;
  private h4 = 0xc3d2e1f0;
  /** Bytes of a partial block waiting for more input. */
  private readonly pending = new Uint8Array(BLOCK_BYTES);
  private pendingLength = 0;
  private totalBytes = 0;
  private readonly w = new Int32Array(80);
  private finished = false;

  update(data: string | Uint8Array): this {
    if (this.finished) throw new Error('Sha1.update() called after digest()');
    const bytes = typeof data === 'string' ? utf8Bytes(data) : data;
    this.totalBytes += bytes.length;
    let offset = 0;
    if (this.pendingLength > 0) {
      const take = Math.min(BLOCK_BYTES - this.pendingLength, bytes.length);
      this.pending.set(bytes.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      offset = take;
      if (this.pendingLength < BLOCK_BYTES) return this;
      this.processBlock(this.pending, 0);
      this.pendingLength = 0;
    }
    // Whole blocks straight from the input, without copying.
    for (; offset + BLOCK_BYTES <= bytes.length; offset += BLOCK_BYTES) this.processBlock(bytes, offset);
    if (offset < bytes.length) {
      this.pending.set(bytes.subarray(offset), 0);
      this.pendingLength = bytes.length - offset;
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.finished) throw new Error('Sha1.digest() called twice');
    this.finished = true;
    const bitLength = this.totalBytes * 8;
    const p = this.pending;
    let n = this.pendingLength;
    p[n++] = 0x80;
    if (n > 56) {
      p.fill(0, n);
      this.processBlock(p, 0);
      n = 0;
    }
    p.fill(0, n);
    // 64-bit big-endian length; JS numbers hold lengths up to 2^53 exactly.
    const high = Math.floor(bitLength / 0x100000000);
    const low = bitLength >>> 0;
    p[56] = high >>> 24;
    p[57] = high >>> 16;
    p[58] = high >>> 8;
    p[59] = high;
    p[60] = low >>> 24;
    p[61] = low >>> 16;
    p[62] = low >>> 8;
    p[63] = low;
    this.processBlock(p, 0);
    const out = new Uint8Array(20);
    const words = [this.h0, this.h1, this.h2, this.h3, this.h4];
    for (let i = 0; i < 5; i++) {
      out[i * 4] = words[i] >>> 24;
      out[i * 4 + 1] = words[i] >>> 16;
      out[i * 4 + 2] = words[i] >>> 8;
      out[i * 4 + 3] = words[i];
    }
    return out;
  }

  private processBlock(bytes: Uint8Array, offset: number): void {
    const w = this.w;
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4;
      w[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
    }
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = this.h0;
    let b = this.h1;
    let c = this.h2;
    let d = this.h3;
    let e = this.h4;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    this.h0 = (this.h0 + a) | 0;
    this.h1 = (this.h1 + b) | 0;
    this.h2 = (this.h2 + c) | 0;
    this.h3 = (this.h3 + d) | 0;
    this.h4 = (this.h4 + e) | 0;
  }
}

export function sha1(data: string | Uint8Array): Uint8Array {
  return new Sha1().update(data).digest();
}

export function sha1Hex(data: string | Uint8Array): string {
  return toHex(sha1(data));
}

/** HMAC-SHA1 (RFC 2104); the key is a string (UTF-8) or raw bytes. */
export function hmacSha1(key: string | Uint8Array, data: string | Uint8Array): Uint8Array {
  let keyBytes = typeof key === 'string' ? utf8Bytes(key) : key;
  if (keyBytes.length > BLOCK_BYTES) keyBytes = sha1(keyBytes);
  const innerPad = new Uint8Array(BLOCK_BYTES).fill(0x36);
  const outerPad = new Uint8Array(BLOCK_BYTES).fill(0x5c);
  for (let i = 0; i < keyBytes.length; i++) {
    innerPad[i] ^= keyBytes[i];
    outerPad[i] ^= keyBytes[i];
  }
  const inner = new Sha1().update(innerPad).update(data).digest();
  return new Sha1().update(outerPad).update(inner).digest();
}
