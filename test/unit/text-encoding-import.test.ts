// decodeTextFile, the users import's reader (POST /api/users/import, the Import dialog): tested until
// now only over HTTP (integration/users-import-latin1), where a mutation run on the pure code does
// not reach. A byte that is not UTF-8 is refused naming where it is; nothing is read leniently.
import { describe, expect, it } from 'vitest';
import { decodeTextFile } from '../../src-shared/text-encoding';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('decodeTextFile', () => {
  it('reads a UTF-8 file as written, with or without its byte-order mark', () => {
    expect(decodeTextFile(bytes('email\nJos\u00e9@example.com\n'))).toBe('email\nJos\u00e9@example.com\n');
    expect(decodeTextFile(bytes([0xef, 0xbb, 0xbf], 'email\nJos\u00e9\n'))).toBe('email\nJos\u00e9\n');
  });

  it('refuses a Windows-1252 byte, naming its line, column and byte, and that nothing was imported', () => {
    // "José" saved by Excel as Windows-1252: é is the one byte 0xE9.
    expect(() => decodeTextFile(bytes('email,name\nx@example.com,Jos', [0xe9], '\n'))).toThrow(
      new Error('line 2, column 18: the byte 0xE9 is not UTF-8 (a file saved as Windows-1252 or Latin-1?): save the file as UTF-8 and import it again. Nothing was imported'),
    );
  });

  it('refuses a UTF-32 file in the import\'s words', () => {
    expect(() => decodeTextFile(new Uint8Array([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]))).toThrow(
      new Error('the file is UTF-32 (little-endian, with a byte-order mark), which Eventbench does not read; save it as UTF-8 (or UTF-16) and import it again. Nothing was imported'),
    );
  });
});
