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
export function textOfFile(bytes: Uint8Array): { text: string } | { error: string } {
  const sniffed = sniffTextEncoding(bytes);
  const error = notReadText(sniffed);
  return error === undefined ? { text: new TextDecoder(sniffed.kind).decode(bytes) } : { error };
}

/** A decoder for a file in this encoding (it skips a byte-order mark); throws unreadEncodingMessage's words for one not read. */
export function decoderFor(sniffed: SniffedEncoding): InstanceType<typeof TextDecoder> {
  const unread = unreadEncodingMessage(sniffed);
  if (unread !== undefined) throw new Error(unread);
  return new TextDecoder(sniffed.kind);
}

/** A whole file's text, in the encoding its first bytes say (throws naming one it is not read in). */
export function decodeTextFile(bytes: Uint8Array): string {
  return decoderFor(sniffTextEncoding(bytes)).decode(bytes);
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
