// UTF-8 helpers: Segment's size limits count bytes, and signatures hash bytes, not UTF-16 units.
const utf8Encoder = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** UTF-8 length of a string without encoding it (a lone surrogate counts 3, as TextEncoder writes U+FFFD). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * UTF-8 length when it may exceed `limit`, else any value ≤ limit. Cheap for the common case:
 * a string of n UTF-16 units has between n and 3n UTF-8 bytes, so most strings need no count.
 */
export function utf8ByteLengthOver(text: string, limit: number): number | undefined {
  if (text.length * 3 <= limit) return undefined;
  if (text.length > limit) return utf8ByteLength(text);
  const bytes = utf8ByteLength(text);
  return bytes > limit ? bytes : undefined;
}
