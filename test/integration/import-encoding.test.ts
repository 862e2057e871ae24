// An NDJSON import in another encoding than UTF-8: Windows tools save "Unicode" text as UTF-16
// (little-endian, with a byte-order mark), PowerShell 5.1's `Out-File` and `>` do by default.
// UTF-16 is read as the text it is, a UTF-8 byte-order mark is skipped, and what cannot be read
// (UTF-32) is refused whole naming its encoding, before anything is stored: never mojibake, and
// never a "not valid JSON" per line that names a NUL.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImportLines, parseImportStream } from '../../src-main/store/import-ndjson';
import { decodeTextFile } from '../../src-shared/text-encoding';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const lines = (tag: string) => `{"type":"track","userId":"u-${tag}","event":"Café ouvert ${tag}","messageId":"enc-${tag}-1"}\r\n{"type":"identify","userId":"u-${tag}","messageId":"enc-${tag}-2","traits":{"name":"Zoë 😀"}}\r\n`;
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
};
const postImport = async (body: Buffer, headers: Record<string, string> = {}) => {
  const res = await fetch(`${t.engine.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...headers }, body });
  return { status: res.status, body: (await res.json()) as { imported?: number; errors?: unknown[]; error?: string } };
};
const stored = async (tag: string) => {
  const list = (await (await fetch(`${t.engine.url}/api/messages?userId=u-${tag}`)).json()) as { message: Record<string, unknown> }[];
  return list.map((m) => m.message);
};

describe('NDJSON import: the file\'s encoding', () => {
  it.each([
    ['utf16le-bom', (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])],
    ['utf16be-bom', (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(s)])],
    ['utf16le', (s: string) => Buffer.from(s, 'utf16le')],
    ['utf16be', (s: string) => utf16be(s)],
    ['utf8-bom', (s: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s)])],
  ])('%s: read as the text it is', async (tag, encode) => {
    const r = await postImport(encode(lines(tag)));
    expect(r).toEqual({ status: 200, body: { imported: 2, errors: [] } });
    const messages = await stored(tag);
    expect(messages.map((m) => m.event ?? m.traits)).toEqual([`Café ouvert ${tag}`, { name: 'Zoë 😀' }]);
  });

  // A line holding bytes that are not UTF-8 (one edited in a Windows-1252 editor, a Latin-1 dump):
  // they were read as U+FFFD and stored so, "Caf\uFFFD", with no error; the receiver names such
  // bytes in a posted body, and an import now refuses the line, naming where and what they are.
  it('a line that is not UTF-8 is refused naming its bytes; the other lines, and a real U+FFFD, are imported', async () => {
    const latin1 = Buffer.from('{"type":"track","userId":"u-latin1","event":"Caf\xe9 latin1","messageId":"enc-l1-1"}\n', 'latin1');
    const good = Buffer.from('{"type":"track","userId":"u-latin1","event":"Caf\u00e9 \uFFFD ok","messageId":"enc-l1-2"}\n');
    const r = await postImport(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1, good]));
    expect(r.status).toBe(200);
    expect(r.body.imported).toBe(1);
    expect(r.body.errors).toEqual([
      {
        line: 1,
        message:
          'the line is not UTF-8: a byte sequence could not be read as UTF-8: at byte offset 48, E9 (Windows-1252 "é") after `:"u-latin1","event":"Caf`; save the file as UTF-8 (it was not imported: its text would have held U+FFFD where those bytes are)',
      },
    ]);
    expect((await stored('latin1')).map((m) => m.event)).toEqual(['Café \uFFFD ok']);
  });

  it('UTF-16 sent a byte at a time (the mark and every character split between chunks)', async () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(lines('bytes16'))]);
    async function* oneByOne() {
      for (const b of bytes) yield Buffer.from([b]);
    }
    const got = [];
    for await (const item of parseImportStream(oneByOne())) got.push(item);
    expect(got.map((g) => (g.kind === 'raw' ? g.message.event ?? g.message.traits : g))).toEqual(['Café ouvert bytes16', { name: 'Zoë 😀' }]);
  });

  it('UTF-16 gzipped', async () => {
    const r = await postImport(gzipSync(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines('gz16'), 'utf16le')])), { 'content-encoding': 'gzip' });
    expect(r.body).toEqual({ imported: 2, errors: [] });
    expect((await stored('gz16'))[0].event).toBe('Café ouvert gz16');
  });

  it.each([
    ['UTF-32 (little-endian, with a byte-order mark)', Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0, 0x7d, 0, 0, 0])],
    ['UTF-32 (big-endian, with a byte-order mark)', Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x7b, 0, 0, 0, 0x7d])],
  ])('%s: refused whole, naming it', async (name, body) => {
    const r = await postImport(body);
    expect(r).toEqual({ status: 200, body: { imported: 0, errors: [{ line: 1, message: `the file is ${name}, which Eventbench does not read; save it as UTF-8 (or UTF-16) and import it again. Nothing was imported`, wholeFile: true }] } });
  });

  it('a text already decoded as UTF-8 from UTF-16 bytes (the messages.import command): one error naming UTF-16, nothing stored', () => {
    const misread = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines('ws16'), 'utf16le')]).toString('utf8');
    expect([...parseImportLines(misread)]).toEqual([
      { line: 1, kind: 'error', message: 'the file is UTF-16 (little-endian, with a byte-order mark) read as UTF-8, so every line is unreadable; import the file itself, or save it as UTF-8. Nothing was imported', wholeFile: true },
    ]);
  });

  // The Electron shell's Import sends the picked file's bytes over IPC (structured clone keeps a
  // Uint8Array): decoded in the renderer first, a Latin-1 line was stored with U+FFFD, unreported.
  it('messages.import of a file\'s bytes reads them as POST /api/import does: the encoding, and a line that is not UTF-8 refused by number', async () => {
    const latin1 = Buffer.from('{"type":"track","userId":"u-ipc","event":"Caf\xe9 ipc","messageId":"enc-ipc-1"}\n', 'latin1');
    const good = Buffer.from('{"type":"track","userId":"u-ipc","event":"Café ok","messageId":"enc-ipc-2"}\n');
    const r = await t.engine.call('messages.import', { bytes: new Uint8Array(Buffer.concat([latin1, good])) });
    expect(r.imported).toBe(1);
    expect(r.errors).toEqual([{ line: 1, message: expect.stringMatching(/^the line is not UTF-8: a byte sequence could not be read as UTF-8: at byte offset 45, E9 \(Windows-1252 "é"\)/) }]);
    expect((await stored('ipc')).map((m) => m.event)).toEqual(['Café ok']);
    // UTF-16 with its mark, as Windows saves "Unicode": the text it is.
    const r16 = await t.engine.call('messages.import', { bytes: new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines('ipc16'), 'utf16le')])) });
    expect(r16).toEqual({ imported: 2, errors: [] });
    expect((await stored('ipc16')).map((m) => m.event ?? m.traits)).toEqual(['Café ouvert ipc16', { name: 'Zoë 😀' }]);
  });

  it('messages.import refuses bytes that are not bytes (JSON.stringify of a Uint8Array), and base64 that is not, naming the field', async () => {
    await expect(t.engine.call('messages.import', { bytes: { 0: 123 } as never })).rejects.toThrow('bytes must be a Uint8Array (the file as read; over the WebSocket, send them as base64)');
    const refused = 'base64 must be the file\'s bytes in base64 (A–Z, a–z, 0–9, + and /, padded with = to a multiple of 4 characters)';
    await expect(t.engine.call('messages.import', { base64: 'e30K!' })).rejects.toThrow(refused);
    await expect(t.engine.call('messages.import', { base64: 'e30' })).rejects.toThrow(refused);
    await expect(t.engine.call('messages.import', { base64: 7 as never })).rejects.toThrow(refused);
  });

  // The browser-mode WebSocket client sends a file's bytes as base64 (JSON has no bytes): read as the bytes are.
  it('messages.import of base64 reads the bytes it holds, as { bytes } does', async () => {
    const latin1 = Buffer.from('{"type":"track","userId":"u-b64","event":"Caf\xe9 b64","messageId":"enc-b64-1"}\n', 'latin1');
    const good = Buffer.from('{"type":"track","userId":"u-b64","event":"Café ok","messageId":"enc-b64-2"}\n');
    const r = await t.engine.call('messages.import', { base64: Buffer.concat([latin1, good]).toString('base64') });
    expect(r.imported).toBe(1);
    expect(r.errors).toEqual([{ line: 1, message: expect.stringMatching(/^the line is not UTF-8: /) }]);
    expect((await stored('b64')).map((m) => m.event)).toEqual(['Café ok']);
  });

  it('the Matching import dialog reads a picked file with decodeTextFile: UTF-16 and UTF-8 with a mark as their text, UTF-32 refused', () => {
    expect(decodeTextFile(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('{"a":"é"}\n')]))).toBe('{"a":"é"}\n');
    expect(decodeTextFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"é"}')]))).toBe('{"a":"é"}');
    expect(decodeTextFile(Buffer.from('{"a":"é"}'))).toBe('{"a":"é"}');
    expect(() => decodeTextFile(Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]))).toThrow(/^the file is UTF-32 \(little-endian, with a byte-order mark\), which Eventbench does not read/);
  });
});
