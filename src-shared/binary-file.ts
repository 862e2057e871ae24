// Whether a file handed to the import is clearly not text: a program, an image, a PDF, an archive.
// Its bytes were read as lines, and each line was "not UTF-8" with a list of byte offsets.

/** Bytes looked at: enough for the magic numbers and a fair share of the content. */
export const BINARY_SNIFF_BYTES = 1024;

/** Leading bytes of common binary files, and what such a file is called. */
const MAGIC: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF program or library' },
  { bytes: [0x4d, 0x5a], what: 'a Windows program (EXE or DLL)' },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe], what: 'a macOS program (Mach-O)' },
  { bytes: [0xce, 0xfa, 0xed, 0xfe], what: 'a macOS program (Mach-O)' },
  { bytes: [0xca, 0xfe, 0xba, 0xbe], what: 'a macOS program (Mach-O) or a Java class' },
  { bytes: [0x00, 0x61, 0x73, 0x6d], what: 'a WebAssembly module' },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'a RAR archive' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz-compressed file' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd-compressed file' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2-compressed file' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00], what: 'an SQLite database' },
];

const hex = (bytes: readonly number[]) => bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');

/**
 * What the file looks like when its first bytes (up to BINARY_SNIFF_BYTES of a file read as UTF-8)
 * are clearly binary, e.g. `a PNG image (it begins with the bytes 89 50 4E 47 0D 0A 1A 0A)`; else
 * undefined. Text never holds a NUL (UTF-16 is told apart before this) and JSON no raw control
 * byte, while a file in a legacy encoding (Windows-1252) does not either: its lines keep their own
 * "not UTF-8" errors, which name the encoding to save in.
 */
export function binaryFileKind(first: ArrayLike<number>): string | undefined {
  const n = Math.min(first.length, BINARY_SNIFF_BYTES);
  for (const { bytes, what } of MAGIC) {
    if (bytes.length <= n && bytes.every((b, i) => first[i] === b)) {
      // "MZ" and "BZh" are short: also English text ("BZh…" hardly, but "MZ" may start a line); JSON text starts with { or [.
      if (bytes.length < 4 && !hasControlBytes(first, n)) continue;
      return `${what} (it begins with the bytes ${hex(bytes)})`;
    }
  }
  // An export that begins as JSON text is read line by line even with NULs in it: a log padded with
  // NULs after a crash, or two files joined, keeps its good lines and names the bad ones.
  if (startsAsJson(first, n)) return undefined;
  if (hasControlBytes(first, n)) return 'binary data (its first bytes hold NUL or other control bytes, which text does not)';
  return undefined;
}

/** The first byte past a UTF-8 byte-order mark and whitespace opens a JSON object or array. */
function startsAsJson(first: ArrayLike<number>, n: number): boolean {
  let i = n >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? 3 : 0;
  while (i < n && (first[i] === 0x20 || first[i] === 0x09 || first[i] === 0x0a || first[i] === 0x0d)) i++;
  return i < n && (first[i] === 0x7b || first[i] === 0x5b);
}

/** A NUL, or at least 1 in 20 bytes a control byte other than tab, newline, form feed, carriage return and escape. */
function hasControlBytes(first: ArrayLike<number>, n: number): boolean {
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = first[i];
    if (b === 0) return true;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) || b === 0x7f) controls++;
  }
  return n > 0 && controls * 20 >= n;
}

/** The import's answer to such a file: one error, what it looks like and what is taken. */
export function binaryImportMessage(kind: string): string {
  return `the file looks like ${kind}, not NDJSON: the import takes a capture export, one JSON message per line as Export saves it (.ndjson), gzipped or not (.ndjson.gz). Nothing was imported`;
}
