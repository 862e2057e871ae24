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
