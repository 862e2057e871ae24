// The encoding of a text file a user hands in (an NDJSON import), from its first bytes. Windows
// tools save "Unicode" text as UTF-16 (PowerShell 5.1's `Out-File` and `>`, Notepad's "Unicode"),
// usually with a byte-order mark; read as UTF-8, every other byte of it is a NUL, and the mark two
// U+FFFD. JSON text starts with an ASCII character, so a file without a mark is told by where its
// NULs are.

export type TextEncodingKind = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

export interface SniffedEncoding {
  kind: TextEncodingKind;
  /** Whether the file starts with a byte-order mark. */
  bom: boolean;
}

/** Bytes sniffTextEncoding needs (fewer only when the file is shorter). */
export const SNIFF_BYTES = 4;

/** The file's encoding, from its first SNIFF_BYTES bytes. */
export function sniffTextEncoding(b: ArrayLike<number>): SniffedEncoding {
  const at = (i: number) => (i < b.length ? b[i] : -1);
  if (at(0) === 0xff && at(1) === 0xfe && at(2) === 0 && at(3) === 0) return { kind: 'utf-32le', bom: true };
  if (at(0) === 0 && at(1) === 0 && at(2) === 0xfe && at(3) === 0xff) return { kind: 'utf-32be', bom: true };
  if (at(0) === 0xff && at(1) === 0xfe) return { kind: 'utf-16le', bom: true };
  if (at(0) === 0xfe && at(1) === 0xff) return { kind: 'utf-16be', bom: true };
  if (at(0) === 0xef && at(1) === 0xbb && at(2) === 0xbf) return { kind: 'utf-8', bom: true };
  if (b.length >= SNIFF_BYTES) {
    const nul = [0, 1, 2, 3].map((i) => b[i] === 0);
    if (!nul[0] && nul[1] && nul[2] && nul[3]) return { kind: 'utf-32le', bom: false };
    if (nul[0] && nul[1] && nul[2] && !nul[3]) return { kind: 'utf-32be', bom: false };
    if (!nul[0] && nul[1] && !nul[2] && nul[3]) return { kind: 'utf-16le', bom: false };
    if (nul[0] && !nul[1] && nul[2] && !nul[3]) return { kind: 'utf-16be', bom: false };
  }
  return { kind: 'utf-8', bom: false };
}

/** "UTF-16 (little-endian, with a byte-order mark)", as an error names it. */
export function encodingName({ kind, bom }: SniffedEncoding): string {
  const mark = bom ? ', with a byte-order mark' : '';
  if (kind === 'utf-8') return `UTF-8${bom ? ' (with a byte-order mark)' : ''}`;
  return `${kind.startsWith('utf-16') ? 'UTF-16' : 'UTF-32'} (${kind.endsWith('le') ? 'little' : 'big'}-endian${mark})`;
}

/** "the file is UTF-32 (…), which Eventbench does not read; save it as UTF-8 (or UTF-16)" (TextDecoder has no UTF-32); undefined when it is read. */
function notReadText(sniffed: SniffedEncoding): string | undefined {
  if (sniffed.kind !== 'utf-32le' && sniffed.kind !== 'utf-32be') return undefined;
  return `the file is ${encodingName(sniffed)}, which Eventbench does not read; save it as UTF-8 (or UTF-16)`;
}

/** Why an import of a file in this encoding read nothing; undefined when it is read. */
export function unreadEncodingMessage(sniffed: SniffedEncoding): string | undefined {
  const text = notReadText(sniffed);
  return text === undefined ? undefined : `${text} and import it again. Nothing was imported`;
}

/**
 * A file's text as its first bytes say (a scenario saved by PowerShell 5.1's Out-File is UTF-16),
 * or why it is not read, in words for any file: a scenario, where decodeTextFile's say "import".
 */
export function textOfFile(bytes: Uint8Array, strictUtf8 = false): { text: string } | { error: string; at?: NotUtf8Place } {
  const sniffed = sniffTextEncoding(bytes);
  const error = notReadText(sniffed);
  if (error !== undefined) return { error };
  if (strictUtf8 && sniffed.kind === 'utf-8') {
    // A scenario saved as Windows-1252 or Latin-1 ("café" as the byte 0xE9): read leniently, each such
    // byte became U+FFFD, the run passed, and its messages carried "caf\uFFFD".
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      const at = notUtf8Place(bytes, sniffed.bom ? 3 : 0);
      return { error: `line ${at.line}, column ${at.column}: ${at.message}`, at };
    }
  }
  return { text: new TextDecoder(sniffed.kind).decode(bytes) };
}

/** Where the first byte that is not UTF-8 is (line and column from 1), and what to do: "the byte 0xE9 is not UTF-8 …". */
export interface NotUtf8Place {
  line: number;
  column: number;
  message: string;
}

function notUtf8Place(bytes: Uint8Array, start: number): NotUtf8Place {
  const at = firstNotUtf8(bytes, start);
  let line = 1;
  let column = 1;
  for (let i = start; i < at; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      column = 1;
    } else if ((bytes[i] & 0xc0) !== 0x80) column++; // a character's first byte
  }
  return { line, column, message: `the byte 0x${bytes[at].toString(16).toUpperCase().padStart(2, '0')} is not UTF-8 (a file saved as Windows-1252 or Latin-1?): save the file as UTF-8` };
}

/** The offset of the first byte of an ill-formed UTF-8 sequence (Unicode's table 3-7), or bytes.length. */
function firstNotUtf8(b: Uint8Array, start: number): number {
  let i = start;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = i + k < b.length ? b[i + k] : -1;
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return i;
    }
    i += n + 1;
  }
  return b.length;
}

/** A decoder for a file in this encoding (it skips a byte-order mark); throws unreadEncodingMessage's words for one not read. */
export function decoderFor(sniffed: SniffedEncoding): InstanceType<typeof TextDecoder> {
  const unread = unreadEncodingMessage(sniffed);
  if (unread !== undefined) throw new Error(unread);
  return new TextDecoder(sniffed.kind);
}

/**
 * A whole file a user imports, in the encoding its first bytes say; throws naming one it is not
 * read in, or where a UTF-8 file holds a byte that is not UTF-8 (a users CSV saved by Excel as
 * Windows-1252: read leniently, "José" was imported as "Jos\uFFFD" without a word).
 */
export function decodeTextFile(bytes: Uint8Array): string {
  const read = textOfFile(bytes, true);
  if ('error' in read) throw new Error(`${read.error} and import it again. Nothing was imported`);
  return read.text;
}

/**
 * A file the user picked (a File, a Blob), read as decodeTextFile reads it: file.text() always
 * decodes UTF-8, which turns a Windows "Unicode" (UTF-16) file into NULs and U+FFFD.
 */
export async function readTextFile(file: Blob): Promise<string> {
  return decodeTextFile(new Uint8Array(await file.arrayBuffer()));
}

/**
 * When a text is a UTF-16 or UTF-32 file already decoded as UTF-8 (a byte-order mark FF FE or
 * FE FF reads as two U+FFFD, the other bytes of ASCII characters as NULs): its encoding, for an
 * error; undefined otherwise.
 */
export function misreadEncodingOf(text: string): SniffedEncoding | undefined {
  // The text's first units as bytes: U+FFFD for the mark's FF or FE (either: the NULs tell which), a NUL as 0.
  const units = Array.from(text.slice(0, 2 * SNIFF_BYTES), (c) => (c === '\ufffd' ? 0xff : c === '\u0000' ? 0 : 0x20));
  const starts = (...head: number[]) => head.every((u, i) => units[i] === u);
  // The mark: UTF-32's four bytes (two of them NULs), else UTF-16's two.
  const markUnits = starts(0xff, 0xff, 0, 0) || starts(0, 0, 0xff, 0xff) ? 4 : starts(0xff, 0xff) ? 2 : 0;
  const bytes = units.slice(markUnits);
  const bom = markUnits > 0;
  const sniffed = sniffTextEncoding(bytes.slice(0, SNIFF_BYTES));
  if (sniffed.kind === 'utf-8') return undefined;
  return { kind: sniffed.kind, bom };
}
