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

/** Bytes a UTF-8 reader cannot read, one run per U+FFFD it writes in their place. */
export interface InvalidUtf8Run {
  /** Byte offset of the run's first byte. */
  at: number;
  length: number;
}

/**
 * The runs of bytes that are not UTF-8, as the WHATWG decoder (TextDecoder, Node's
 * Buffer.toString) reads them: each maximal subpart of a broken sequence becomes one U+FFFD.
 * At most `max` runs are listed; `count` counts them all.
 */
export function invalidUtf8Runs(bytes: Uint8Array, max = Infinity): { runs: InvalidUtf8Run[]; count: number } {
  const runs: InvalidUtf8Run[] = [];
  let count = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) lower = 0xa0; // overlong
      if (lead === 0xed) upper = 0x9f; // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) lower = 0x90; // overlong
      if (lead === 0xf4) upper = 0x8f; // past U+10FFFF
    }
    let read = 1; // the lead, then each continuation byte that fits
    while (read <= need && i + read < n && bytes[i + read] >= lower && bytes[i + read] <= upper) {
      read++;
      lower = 0x80;
      upper = 0xbf;
    }
    if (need > 0 && read === need + 1) {
      i += read;
      continue;
    }
    if (count < max) runs.push({ at: i, length: read });
    count++;
    i += read; // the byte that broke the sequence is read again as a new lead
  }
  return { runs, count };
}

// Windows-1252's 0x80-0x9F (WHATWG's index; Node's TextDecoder reads that label as Latin-1);
// '' where it has no character. 0xA0-0xFF are Latin-1's, the code point of the byte.
const WINDOWS_1252_80_9F = '\u20AC\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u017D\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u017E\u0178';
const WINDOWS_1252_HOLES = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/** The character a byte 0x80-0xFF stands for in Windows-1252, '' for its five unassigned bytes. */
export function windows1252Char(byte: number): string {
  if (byte >= 0xa0) return String.fromCharCode(byte);
  if (WINDOWS_1252_HOLES.includes(byte)) return '';
  const skipped = WINDOWS_1252_HOLES.filter((hole) => hole < byte).length;
  return WINDOWS_1252_80_9F[byte - 0x80 - skipped];
}

/**
 * The text as it was before someone read its UTF-8 bytes as Windows-1252 and encoded the result
 * again ("CafÃ©" -> "Café", "itâ€™s" -> "it’s", "ÐŸÑ€Ð¸" -> "При"), or undefined when it cannot
 * be such text: a character Windows-1252 has no byte for, no byte past ASCII, or bytes that are not
 * UTF-8. (Windows-1252's five unassigned bytes are read as the C1 controls of the same number, as
 * WHATWG's decoder and MySQL's latin1 read them.)
 */
export function undoDoubleEncoding(text: string): string | undefined {
  const bytes = new Uint8Array(text.length);
  let high = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let byte: number;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff) || WINDOWS_1252_HOLES.includes(code)) byte = code;
    else {
      const at = WINDOWS_1252_80_9F.indexOf(text[i]);
      if (at < 0) return undefined;
      byte = byteOfSpecial(at);
    }
    if (byte >= 0x80) high = true;
    bytes[i] = byte;
  }
  if (!high || invalidUtf8Runs(bytes, 0).count > 0) return undefined;
  return lenientUtf8.decode(bytes);
}

/** The byte of WINDOWS_1252_80_9F's character at `at` (the string skips the five holes). */
function byteOfSpecial(at: number): number {
  let byte = 0x80;
  for (let seen = -1; ; byte++) {
    if (!WINDOWS_1252_HOLES.includes(byte)) seen++;
    if (seen === at) return byte;
  }
}

const lenientUtf8 = new TextDecoder('utf-8');
const SHOWN_RUNS = 3;
const CONTEXT_CHARS = 24;

/** Where a body that is not UTF-8 could not be read: kept in the capture's origin. */
export interface BodyEncodingProblem {
  /** How many byte sequences were read as U+FFFD. */
  sequences: number;
  /** The first few of them. */
  places: BodyEncodingPlace[];
}

export interface BodyEncodingPlace {
  /** Byte offset in the (decompressed) body. */
  offset: number;
  /** The bytes in hex, "E9" or "F0 9F 91". */
  bytes: string;
  /** What they likely were: 'Windows-1252 "é"', 'a UTF-8 character cut short'. */
  reading: string;
  /** The text just before them, white space as single spaces. */
  before: string;
}

/**
 * Where a body that is not UTF-8 could not be read: each unreadable run's offset, its bytes, what
 * they would be as Windows-1252 (the usual source: Windows PowerShell 5.1, Java's platform
 * charset before 18, PHP's utf8_decode), and the text before it. Undefined for UTF-8.
 */
export function bodyEncodingProblem(bytes: Uint8Array): BodyEncodingProblem | undefined {
  const { runs, count } = invalidUtf8Runs(bytes, SHOWN_RUNS);
  if (count === 0) return undefined;
  const places = runs.map((run): BodyEncodingPlace => {
    const hex = Array.from(bytes.subarray(run.at, run.at + run.length), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    const before = lenientUtf8.decode(bytes.subarray(Math.max(0, run.at - 4 * CONTEXT_CHARS), run.at)).slice(-CONTEXT_CHARS);
    // One stray byte is mostly a Windows-1252 character; a lead with too few continuations, a
    // UTF-8 character cut short (a string truncated by bytes).
    const as1252 = run.length === 1 ? windows1252Char(bytes[run.at]) : '';
    const reading = run.length > 1 ? 'a UTF-8 character cut short' : as1252 === '' ? 'no Windows-1252 character' : `Windows-1252 "${as1252}"`;
    return { offset: run.at, bytes: hex, reading, before: before.replace(/\s+/g, ' ') };
  });
  return { sequences: count, places };
}

/** The headline of a BodyEncodingProblem: how many sequences, and what became of them. */
export function bodyEncodingHeadline(p: BodyEncodingProblem): string {
  const runsText = p.sequences === 1 ? 'a byte sequence' : `${formatOffset(p.sequences)} byte sequences`;
  return `${runsText} could not be read as UTF-8 and became U+FFFD (\u{FFFD}), the replacement character`;
}

/** One place, as words: 'at byte offset 28, E9 (Windows-1252 "é") after `…Caf`'. */
export function bodyEncodingPlaceText(place: BodyEncodingPlace): string {
  return `at byte offset ${formatOffset(place.offset)}, ${place.bytes} (${place.reading}) after \`${place.before}\``;
}

/** A BodyEncodingProblem as one sentence (API readers, logs); the inspector lists the places. */
export function describeBodyEncoding(p: BodyEncodingProblem): string {
  const more = p.sequences > p.places.length ? `; and ${formatOffset(p.sequences - p.places.length)} more` : '';
  return `the body is not UTF-8: ${bodyEncodingHeadline(p)}: ${p.places.map(bodyEncodingPlaceText).join('; ')}${more}. ${BODY_ENCODING_ADVICE}`;
}

export const BODY_ENCODING_ADVICE = 'Send the body encoded as UTF-8';

/** describeBodyEncoding of a body's problem; undefined for UTF-8. */
export function describeInvalidUtf8(bytes: Uint8Array): string | undefined {
  const problem = bodyEncodingProblem(bytes);
  return problem === undefined ? undefined : describeBodyEncoding(problem);
}

function formatOffset(n: number): string {
  return n.toLocaleString('en-US');
}
