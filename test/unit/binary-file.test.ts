import { describe, expect, it } from 'vitest';
import { binaryFileKind } from '../../src-shared/binary-file';

const bytes = (text: string, encoding: BufferEncoding = 'utf8') => Buffer.from(text, encoding);

describe('binaryFileKind', () => {
  it('names known binary files by their first bytes', () => {
    expect(binaryFileKind([0x7f, 0x45, 0x4c, 0x46, 0x02])).toBe('an ELF program or library (it begins with the bytes 7F 45 4C 46)');
    expect(binaryFileKind(bytes('%PDF-1.4\n'))).toBe('a PDF document (it begins with the bytes 25 50 44 46 2D)');
    expect(binaryFileKind([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00])).toBe('a Windows program (EXE or DLL) (it begins with the bytes 4D 5A)');
  });

  it('calls bytes with NULs or many control bytes binary data', () => {
    expect(binaryFileKind([0x41, 0x00, 0x42])).toBe('binary data (its first bytes hold NUL or other control bytes, which text does not)');
    expect(binaryFileKind(Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? 0x01 : 0x41)))).toMatch(/^binary data/);
  });

  it('leaves text alone: NDJSON, a Windows-1252 export, a line starting "MZ" or "BZh", one escape sequence', () => {
    expect(binaryFileKind(bytes('{"type":"track","userId":"u","event":"Café"}\n'))).toBeUndefined();
    expect(binaryFileKind(bytes('{"type":"track","userId":"u","event":"Café"}\r\n', 'latin1'))).toBeUndefined();
    expect(binaryFileKind(bytes('MZ is not JSON\n'))).toBeUndefined();
    expect(binaryFileKind(bytes('BZh9 is not JSON\n'))).toBeUndefined();
    expect(binaryFileKind(bytes('{"event":"a\u001b[31mred"}\n'))).toBeUndefined();
    // A log padded with NULs after a crash, or a second file joined on with its BOM: its lines are read one by one.
    expect(binaryFileKind(bytes('{"type":"track","userId":"u","event":"E"}\u0000\u0000\n'))).toBeUndefined();
    expect(binaryFileKind(bytes('\ufeff  [{"type":"track"}]\n\u0000\u0000'))).toBeUndefined();
    expect(binaryFileKind([0x00, 0x00, 0x7b, 0x7d])).toMatch(/^binary data/);
    expect(binaryFileKind([])).toBeUndefined();
  });
});

// Mutation run (stop 56): each kind's name, the short-magic rule, the JSON start and the control-byte share were unpinned.
describe('binaryFileKind, each rule at its edge', () => {
  it.each([
    ['7F 45 4C 46', 'an ELF program or library'],
    ['CF FA ED FE', 'a macOS program (Mach-O)'],
    ['CE FA ED FE', 'a macOS program (Mach-O)'],
    ['CA FE BA BE', 'a macOS program (Mach-O) or a Java class'],
    ['00 61 73 6D', 'a WebAssembly module'],
    ['89 50 4E 47 0D 0A 1A 0A', 'a PNG image'],
    ['FF D8 FF', 'a JPEG image'],
    ['47 49 46 38', 'a GIF image'],
    ['25 50 44 46 2D', 'a PDF document'],
    ['37 7A BC AF 27 1C', 'a 7-Zip archive'],
    ['52 61 72 21 1A 07', 'a RAR archive'],
    ['FD 37 7A 58 5A 00', 'an xz-compressed file'],
    ['28 B5 2F FD', 'a zstd-compressed file'],
    ['42 5A 68', 'a bzip2-compressed file'],
    ['53 51 4C 69 74 65 20 66 6F 72 6D 61 74 20 33 00', 'an SQLite database'],
  ])('%s is %s', (hex, what) => {
    const magic = hex.split(' ').map((h) => parseInt(h, 16));
    expect(binaryFileKind([...magic, 0x00, 0x01, 0x02])).toBe(`${what} (it begins with the bytes ${hex})`);
  });

  it('a magic number cut short, or a short one in plain text, is not taken for it', () => {
    expect(binaryFileKind([0x89, 0x50, 0x4e])).toBeUndefined();
    expect(binaryFileKind(bytes('BZh is a bzip2 header, said in text\n'))).toBeUndefined();
    expect(binaryFileKind([0x42, 0x5a, 0x68, 0x00])).toBe('a bzip2-compressed file (it begins with the bytes 42 5A 68)');
  });

  it('text that begins as JSON after a byte-order mark and whitespace is read as text; other text with a NUL is not', () => {
    for (const start of ['{', '[', ' {', '\t[', '\r\n{', '\n\n['])
      expect(binaryFileKind(bytes(`${start}"a":1}\u0000`)), JSON.stringify(start)).toBeUndefined();
    expect(binaryFileKind(bytes('\ufeff\n{"a":1}\u0000'))).toBeUndefined();
    for (const start of ['x{', '\ufeffx{', '\u000b{', '"{'])
      expect(binaryFileKind(bytes(`${start}"a":1}\u0000`)), JSON.stringify(start)).toMatch(/^binary data/);
    expect(binaryFileKind([0xef, 0xbb, 0x00])).toMatch(/^binary data/);
    // Only the three bytes of a whole byte-order mark are skipped.
    for (const head of [[0x20, 0x20, 0xbf], [0xef, 0x20, 0xbf], [0xef, 0xbb, 0x20]]) expect(binaryFileKind([...head, 0x7b, 0x00]), JSON.stringify(head)).toMatch(/^binary data/);
  });

  it('a control byte in 20 is binary, fewer is not; tab, newline, form feed, carriage return and escape are not counted, DEL is', () => {
    const text = (n: number) => Array.from({ length: n }, () => 0x41);
    expect(binaryFileKind([...text(19), 0x01])).toMatch(/^binary data/);
    expect(binaryFileKind([...text(20), 0x01])).toBeUndefined();
    expect(binaryFileKind([...text(19), 0x7f])).toMatch(/^binary data/);
    expect(binaryFileKind([...text(19), 0x1f])).toMatch(/^binary data/);
    expect(binaryFileKind([0x41, 0x09, 0x0a, 0x0c, 0x0d, 0x1b, 0x09, 0x0a, 0x0c, 0x0d, 0x1b])).toBeUndefined();
    expect(binaryFileKind([])).toBeUndefined();
  });
});
