// POST /api/import streams its body: an export of any size comes back in, line by line, and the
// round trip is exact in content; the same lines whatever the chunking, plain or gzip.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { JSON_ARRAY_FILE, parseImportLines, parseImportStream, type ImportLine } from '../../src-main/store/import-ndjson';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

async function collect(chunks: (Buffer | string)[]): Promise<ImportLine[]> {
  const out: ImportLine[] = [];
  for await (const l of parseImportStream((async function* () { yield* chunks; })())) out.push(l);
  return out;
}

describe('parseImportStream', () => {
  it('gives the same lines as the whole-text parser, however the bytes are cut (multi-byte characters split too)', async () => {
    const text = [
      JSON.stringify({ type: 'track', userId: 'ü-1', event: 'Café ☕ 😀' }),
      '',
      '{not json',
      JSON.stringify({ type: 'identify', userId: 'u-2', traits: { name: 'Zoë' } }) + '\r',
      JSON.stringify({ no: 'type' }),
      JSON.stringify({ type: 'page', anonymousId: 'a', name: '東京' }),
    ].join('\n');
    const bytes = Buffer.from(text);
    const whole = [...parseImportLines(text)];
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, i) => bytes.subarray(points[i], end));
        expect(await collect(chunks)).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });
});

describe('POST /api/import, streamed', () => {
  it('round-trips an export exactly in content, plain and gzip, sent in small pieces', async () => {
    const batch = Array.from({ length: 600 }, (_, i) => ({ type: 'track', userId: `u-${i}`, event: `Événement ${i} 😀`, properties: { i, note: 'x'.repeat(i % 50) } }));
    expect((await postJson(`${t.engine.url}/v1/batch`, { batch }, { authorization: `Basic ${Buffer.from('k:').toString('base64')}` })).status).toBe(200);
    await fetch(`${t.engine.url}/api/messages/wait?count=600&timeoutMs=5000`);
    const exported = await (await fetch(`${t.engine.url}/api/export`)).text();
    const before = (await (await fetch(`${t.engine.url}/api/messages?limit=1000`)).json()) as CapturedMessage[];

    for (const gzip of [false, true]) {
      await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
      const body = gzip ? gzipSync(exported) : Buffer.from(exported);
      // A body sent as a stream of 1 KB pieces, so lines and characters are cut mid-way.
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < body.length; i += 1024) controller.enqueue(body.subarray(i, i + 1024));
          controller.close();
        },
      });
      const res = await fetch(`${t.engine.url}/api/import`, { method: 'POST', body: stream, duplex: 'half', headers: gzip ? { 'content-encoding': 'gzip' } : {} } as RequestInit);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ imported: 600, errors: [] });
      const after = (await (await fetch(`${t.engine.url}/api/messages?limit=1000`)).json()) as CapturedMessage[];
      expect(after.map((c) => c.message)).toEqual(before.map((c) => c.message));
      expect(after.map((c) => c.origin)).toEqual(before.map((c) => c.origin));
    }
  });

  it("keeps each exported message's text as the client wrote it: 1.0, 1e21, -0, \\/ and \\u escapes come back unchanged", async () => {
    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    // What Java (Gson: 1.0, 1.0E-7, \u003c), PHP (\/) and Python (\u00e9) send; JSON.stringify of
    // the parsed message writes 1, 1e-7, <, / and é instead, and -0 as 0.
    const sent = '{"type":"track","userId":"u-1","event":"Typed","messageId":"text-1","properties":{"f":1.0,"g":1.0E-7,"e":1e21,"z":-0,"url":"https:\\/\\/x","city":"Z\\u00fcrich","tag":"\\u003cb\\u003e"}}';
    expect((await postJson(`${t.engine.url}/v1/track`, sent, { authorization: `Basic ${Buffer.from('k:').toString('base64')}` })).status).toBe(200);
    const exported = await (await fetch(`${t.engine.url}/api/export`)).text();
    const messageTextOf = (log: string) => log.split('\n').find((l) => l.includes('"text-1"'))!.replace(/^.*"message":/, '').slice(0, -1);
    expect(messageTextOf(exported)).toContain('"f":1.0,"g":1.0E-7,"e":1e21,"z":-0,"url":"https:\\/\\/x","city":"Z\\u00fcrich","tag":"\\u003cb\\u003e"');

    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    const res = await fetch(`${t.engine.url}/api/import`, { method: 'POST', body: exported });
    expect(await res.json()).toEqual({ imported: 1, errors: [] });
    const again = await (await fetch(`${t.engine.url}/api/export`)).text();
    expect(messageTextOf(again)).toBe(messageTextOf(exported));
    // A search for the text as sent finds it after the round trip too.
    const found = (await (await fetch(`${t.engine.url}/api/messages?text=${encodeURIComponent('"f":1.0')}`)).json()) as CapturedMessage[];
    expect(found.map((c) => c.message.messageId)).toEqual(['text-1']);
  });

  it('reports bad lines by number and keeps the good ones', async () => {
    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    const body = [JSON.stringify({ type: 'track', userId: 'a', event: 'One' }), 'oops', JSON.stringify({ type: 'track', userId: 'b', event: 'Two' })].join('\n');
    const res = await fetch(`${t.engine.url}/api/import`, { method: 'POST', body });
    expect(await res.json()).toMatchObject({ imported: 2, errors: [{ line: 2 }] });
    const bad = await fetch(`${t.engine.url}/api/import`, { method: 'POST', body: 'x', headers: { 'content-encoding': 'br' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('Content-Encoding "br" is not supported');
  });
});

describe('POST /api/import of an export with a damaged line', () => {
  it("a damaged request line: the message lines after it are refused by number, not stored under the request before it", async () => {
    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    const auth = { authorization: `Basic ${Buffer.from('k:').toString('base64')}` };
    for (const n of [1, 2, 3]) {
      await postJson(`${t.engine.url}/v1/batch`, { batch: [1, 2].map((i) => ({ type: 'track', userId: `r${n}`, event: `E${n}.${i}`, messageId: `m${n}.${i}` })) }, auth);
    }
    const lines = (await (await fetch(`${t.engine.url}/api/export`)).text()).split('\n');
    expect(lines[3]).toMatch(/^\{"request":/); // the second request's line (line 4)
    const damaged = [...lines];
    damaged[3] = damaged[3].slice(0, 60); // cut off: no longer JSON
    damaged[1] = damaged[1].slice(0, 30); // a damaged message line: the request's other lines stay its own
    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    const res = (await (await fetch(`${t.engine.url}/api/import`, { method: 'POST', body: damaged.join('\n') })).json()) as { imported: number; errors: { line: number; message: string }[] };
    expect(res.errors.map((e) => e.line)).toEqual([2, 4, 5, 6]);
    expect(res.errors[1].message).toMatch(/^not valid JSON at column \d+: .*; a request line, so its message lines \(up to the next request line\) are not imported$/);
    expect(res.errors[2].message).toBe('its request line (line 4) could not be read; not imported');
    expect(res.imported).toBe(3);
    const stored = (await (await fetch(`${t.engine.url}/api/messages`)).json()) as CapturedMessage[];
    const requestOf = new Map(stored.map((c) => [c.message.messageId, c.requestId]));
    expect([...requestOf.keys()]).toEqual(['m1.2', 'm3.1', 'm3.2']);
    expect(requestOf.get('m1.2')).toBe(JSON.parse(lines[0]).request.requestId);
    expect(requestOf.get('m3.1')).toBe(JSON.parse(lines[6]).request.requestId);
  });

  // A request line that is JSON but refused (its receivedAt edited into "not a time"): its message
  // lines said "no request line before this message line", though there was one, just above.
  it('a refused request line: its message lines name it, and why they are not imported', async () => {
    const text = [
      JSON.stringify({ request: { requestId: 'r', receivedAt: 'not a time', origin: { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none' }, headers: {} } }),
      JSON.stringify({ seq: 1, message: { type: 'track', userId: 'u', event: 'Refused' } }),
      '',
    ].join('\n');
    const res = (await (await fetch(`${t.engine.url}/api/import`, { method: 'POST', body: text })).json()) as { imported: number; errors: { line: number; message: string }[] };
    expect(res).toEqual({
      imported: 0,
      errors: [
        { line: 1, message: 'not a request line: "receivedAt" must be an ISO date-time, not "not a time"' },
        { line: 2, message: 'its request line (line 1) was refused; not imported' },
      ],
    });
  });
});

describe('POST /api/import beside live captures, and cut off', () => {
  const auth = { authorization: `Basic ${Buffer.from('k:').toString('base64')}` };
  const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => JSON.stringify({ type: 'track', userId: 'imp', event: `imp-${from + i}`, messageId: `imp-${from + i}` }) + '\n').join('');
  const seqsByEvent = async (url: string) => {
    const all = (await (await fetch(`${url}/api/messages?limit=1000`)).json()) as CapturedMessage[];
    return Object.fromEntries(all.map((c) => [String(c.message.event), c.seq]));
  };

  it('a message captured while an import streams in keeps its seq, and so does every imported line, after a restart', async () => {
    const s = await startTestEngine();
    try {
      let push!: (chunk: string | null) => void;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          push = (chunk) => (chunk === null ? controller.close() : controller.enqueue(new TextEncoder().encode(chunk)));
        },
      });
      const importing = fetch(`${s.engine.url}/api/import`, { method: 'POST', body, duplex: 'half' } as RequestInit);
      push(lines(0, 10));
      await new Promise((r) => setTimeout(r, 200));
      // Mid-import, a live capture: it must not take a seq the import already gave out but has not written.
      expect((await postJson(`${s.engine.url}/v1/track`, { type: 'track', userId: 'live', event: 'live-1' }, auth)).status).toBe(200);
      push(lines(10, 20));
      push(null);
      expect(await (await importing).json()).toEqual({ imported: 20, errors: [] });
      const before = await seqsByEvent(s.engine.url);
      expect(Object.keys(before)).toHaveLength(21);
      await s.restart();
      expect(await seqsByEvent(s.engine.url)).toEqual(before);
      expect(s.logged.filter((l) => /out of order/.test(l))).toEqual([]);
    } finally {
      await s.dispose();
    }
  });

  it('a clear while an import streams in stops the import, saying so, instead of storing the rest of the file into the emptied log', async () => {
    const s = await startTestEngine();
    try {
      let push!: (chunk: string | null) => void;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          push = (chunk) => (chunk === null ? controller.close() : controller.enqueue(new TextEncoder().encode(chunk)));
        },
      });
      const importing = fetch(`${s.engine.url}/api/import`, { method: 'POST', body, duplex: 'half' } as RequestInit);
      push(lines(0, 1500)); // the first 1,000 are written as one chunk
      expect((await (await fetch(`${s.engine.url}/api/messages/wait?count=1000&timeoutMs=10000`)).json()) as unknown[]).toHaveLength(1000);
      expect(await (await fetch(`${s.engine.url}/api/messages`, { method: 'DELETE' })).json()).toEqual({ cleared: 1000 });
      push(lines(1500, 2500));
      push(null);
      const res = await importing;
      expect(res.status).toBe(400);
      const answer = (await res.json()) as { error: string; imported: number; line: number };
      expect(answer.imported).toBe(0);
      expect(answer.error).toMatch(/^the import stopped after line \d+ \(0 messages stored before it\): the capture log was cleared while the import ran \(the 1000 messages it had stored went with it\); the rest of the file was not imported$/);
      expect(await seqsByEvent(s.engine.url)).toEqual({});
    } finally {
      await s.dispose();
    }
  });

  it('a cut-off gzip body says how many messages were stored and at which line it stopped; an aborted one leaves no trace', async () => {
    const s = await startTestEngine();
    try {
      const full = gzipSync(lines(0, 2500));
      const res = await fetch(`${s.engine.url}/api/import`, { method: 'POST', body: full.subarray(0, Math.floor(full.length * 0.8)), headers: { 'content-encoding': 'gzip' } });
      expect(res.status).toBe(400);
      const answer = (await res.json()) as { error: string; imported: number; line: number };
      // Lines are written in chunks of 1,000: what the answer says was stored is what the log holds.
      expect(Object.keys(await seqsByEvent(s.engine.url))).toHaveLength(answer.imported);
      expect(answer.imported).toBeGreaterThanOrEqual(1000);
      expect(answer.line).toBeGreaterThanOrEqual(answer.imported);
      expect(answer.error).toMatch(new RegExp(`^the import stopped after line ${answer.line} \\(${answer.imported} messages stored before it\\): `));

      // A client that sends two lines and goes away: nothing is stored, and their messageIds are not taken.
      await fetch(`${s.engine.url}/api/messages`, { method: 'DELETE' });
      const { request } = await import('node:http');
      const url = new URL(`${s.engine.url}/api/import`);
      await new Promise<void>((resolve) => {
        const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' } });
        req.on('error', () => resolve());
        req.write(gzipSync(JSON.stringify({ type: 'track', userId: 'g', event: 'Ghost', messageId: 'ghost-1' }) + '\n').subarray(0, 30));
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 200);
      });
      await new Promise((r) => setTimeout(r, 200));
      const res2 = await postJson(`${s.engine.url}/v1/track`, { type: 'track', userId: 'g', event: 'Real', messageId: 'ghost-1' }, auth);
      expect(res2.status).toBe(200);
      const stored = (await (await fetch(`${s.engine.url}/api/messages?limit=10`)).json()) as CapturedMessage[];
      expect(stored.map((c) => c.message.event)).toEqual(['Real']);
      expect(stored[0].dropReasons ?? []).toEqual([]);
    } finally {
      await s.dispose();
    }
  });
});

describe('POST /api/import of a gzipped export sent as a file, without Content-Encoding', () => {
  it('reads it as gzip (the Import dialog posts a .ndjson.gz as it is), and a cut-off one says it is gzip, with what was stored', async () => {
    const s = await startTestEngine();
    try {
      const auth = { authorization: `Basic ${Buffer.from('k:').toString('base64')}` };
      const batch = Array.from({ length: 30 }, (_, i) => ({ type: 'track', userId: `u-${i}`, event: `Gz ${i}` }));
      expect((await postJson(`${s.engine.url}/v1/batch`, { batch }, auth)).status).toBe(200);
      const exported = await (await fetch(`${s.engine.url}/api/export`)).text();
      await fetch(`${s.engine.url}/api/messages`, { method: 'DELETE' });
      // Each line was refused as "the line is not UTF-8: … after `\u001f`", nothing imported.
      const res = await fetch(`${s.engine.url}/api/import`, { method: 'POST', body: gzipSync(exported), headers: { 'content-type': 'application/gzip' } });
      expect(await res.json()).toEqual({ imported: 30, errors: [] });
      expect(res.status).toBe(200);
      expect(await (await fetch(`${s.engine.url}/api/export`)).text()).toBe(exported);

      // The Electron window hands the engine the file's bytes: read alike.
      await fetch(`${s.engine.url}/api/messages`, { method: 'DELETE' });
      expect(await s.engine.call('messages.import', { bytes: new Uint8Array(gzipSync(exported)) })).toEqual({ imported: 30, errors: [] });

      await fetch(`${s.engine.url}/api/messages`, { method: 'DELETE' });
      const cut = gzipSync(exported).subarray(0, 60);
      const stopped = await fetch(`${s.engine.url}/api/import`, { method: 'POST', body: cut });
      expect(stopped.status).toBe(400);
      const answer = (await stopped.json()) as { error: string; imported: number; line: number };
      expect(answer.error).toMatch(/^the import stopped after line \d+ \(0 messages stored before it\): the file is gzip-compressed and its compressed data is cut short or damaged \(unexpected end of file\)$/);
      expect(answer.imported).toBe(0);
    } finally {
      await s.dispose();
    }
  });
});

// GET /api/messages saved and posted back: its one line was "not a JSON object" and, sent with
// curl --data-binary (a form's Content-Type), blamed on curl -d dropping line breaks; pretty-printed,
// each of its lines was "not valid JSON". Nothing was imported either way, and nothing said why.
describe('POST /api/import of GET /api/messages\' answer (a JSON array)', () => {
  it('is one error saying it is a JSON array and what import reads instead; nothing stored is lost', async () => {
    const s = await startTestEngine();
    try {
      expect((await postJson(`${s.engine.url}/v1/track`, { userId: 'kept', event: 'Stored before' })).status).toBe(200);
      const listed = await (await fetch(`${s.engine.url}/api/messages`)).text();
      for (const body of [listed, JSON.stringify(JSON.parse(listed), null, 2)]) {
        const res = await fetch(`${s.engine.url}/api/import`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        expect(await res.json()).toEqual({ imported: 0, errors: [{ line: 1, message: JSON_ARRAY_FILE, wholeFile: true }] });
      }
      expect((await s.engine.call('engine.info', undefined)).messageCount).toBe(1);
    } finally {
      await s.dispose();
    }
  });
});

describe('POST /api/import of a ZIP archive', () => {
  it('is one error naming it and what to do, where each line was "not UTF-8" with byte offsets', async () => {
    const s = await startTestEngine();
    try {
      // A stored (uncompressed) ZIP entry, as `zip -0` writes one: the local file header, then the bytes.
      const content = Buffer.from(JSON.stringify({ type: 'track', userId: 'z', event: 'Zipped' }) + '\n');
      const name = Buffer.from('export.ndjson');
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt32LE(content.length, 18);
      header.writeUInt32LE(content.length, 22);
      header.writeUInt16LE(name.length, 26);
      // As curl --data-binary sends it (a form's Content-Type): not taken for a file sent with curl -d, its lines run into one.
      const res = await fetch(`${s.engine.url}/api/import`, { method: 'POST', body: Buffer.concat([header, name, content]), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(await res.json()).toEqual({
        imported: 0,
        errors: [{ line: 1, message: 'the file is a ZIP archive (it begins with the bytes 50 4B, "PK"), not NDJSON: unzip it and import the .ndjson file inside (a gzipped one, .ndjson.gz, is read as it is). Nothing was imported', wholeFile: true }],
      });
      expect((await s.engine.call('engine.info', undefined)).messageCount).toBe(0);
    } finally {
      await s.dispose();
    }
  });
});

// A program, an image or a PDF picked by mistake was read as lines: "line 1: not UTF-8 … line 37: …",
// a screenful of byte offsets and no word of what the file was.
describe('POST /api/import of a binary file that is not an archive', () => {
  it('is one error naming what the file looks like and what the import takes; nothing stored is lost', async () => {
    const s = await startTestEngine();
    try {
      expect((await postJson(`${s.engine.url}/v1/track`, { userId: 'kept', event: 'Stored before' })).status).toBe(200);
      const before = await (await fetch(`${s.engine.url}/api/export`)).text();
      // Past the first kilobyte: lines of bytes that are not UTF-8, as a real file's would be.
      const filler = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
      const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), filler]);
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]), filler]);
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'), filler]);
      const takes = 'not NDJSON: the import takes a capture export, one JSON message per line as Export saves it (.ndjson), gzipped or not (.ndjson.gz). Nothing was imported';
      const cases: [string, Buffer, string][] = [
        ['ELF', elf, 'an ELF program or library (it begins with the bytes 7F 45 4C 46)'],
        ['PNG', png, 'a PNG image (it begins with the bytes 89 50 4E 47 0D 0A 1A 0A)'],
        ['PDF', pdf, 'a PDF document (it begins with the bytes 25 50 44 46 2D)'],
        // Gzipped, it is still the image inside that is named.
        ['gzipped PNG', gzipSync(png), 'a PNG image (it begins with the bytes 89 50 4E 47 0D 0A 1A 0A)'],
        ['no known kind', Buffer.concat([Buffer.from('DATA'), filler]), 'binary data (its first bytes hold NUL or other control bytes, which text does not)'],
      ];
      for (const [name, body, kind] of cases) {
        const res = await fetch(`${s.engine.url}/api/import`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } });
        expect(await res.json(), name).toEqual({ imported: 0, errors: [{ line: 1, message: `the file looks like ${kind}, ${takes}`, wholeFile: true }] });
      }
      // The Electron window hands the engine the file's bytes: answered alike.
      expect(await s.engine.call('messages.import', { bytes: new Uint8Array(elf) })).toEqual({ imported: 0, errors: [{ line: 1, message: `the file looks like an ELF program or library (it begins with the bytes 7F 45 4C 46), ${takes}`, wholeFile: true }] });
      expect(await (await fetch(`${s.engine.url}/api/export`)).text()).toBe(before);
    } finally {
      await s.dispose();
    }
  });
});

describe('POST /api/import, a file imported again', () => {
  it('answers a warning naming the first line whose messageId the log held before, and how many more; none the first time', async () => {
    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    const lines = Array.from({ length: 5 }, (_, i) => JSON.stringify({ type: 'track', userId: 'u-again', event: `Again ${i}`, messageId: `again-${i}` }));
    // The second file: a new message first, then two of the first file's (lines 2 and 3 of it).
    const second = [JSON.stringify({ type: 'track', userId: 'u-again', event: 'New', messageId: 'again-new' }), lines[3], lines[1]].join('\n');
    const post = async (body: string) => (await fetch(`${t.engine.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body })).json();
    const first = await post(lines.join('\n'));
    expect(first).toEqual({ imported: 5, errors: [] });
    const seqs = (await (await fetch(`${t.engine.url}/api/messages?limit=10`)).json()) as CapturedMessage[];
    const seqOf3 = seqs.find((c) => c.message.messageId === 'again-3')!.seq;
    expect(await post(second)).toEqual({
      imported: 3,
      errors: [],
      warnings: [
        {
          line: 2,
          message: `messageId "again-3" was already in the log (#${seqOf3}), as was 1 other message among the file's first 1,000: this file, or part of it, was imported before, and its messages are now in the log twice (matching and sessions see each twice). To import it afresh, clear the log first`,
        },
      ],
    });
  });

  const post = async (body: string) => (await fetch(`${t.engine.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body })).json();
  const track = (id: string) => JSON.stringify({ type: 'track', userId: 'u-again', event: `Again ${id}`, messageId: id });
  const seqOf = async (messageId: string) => ((await (await fetch(`${t.engine.url}/api/messages?limit=2000`)).json()) as CapturedMessage[]).find((c) => c.message.messageId === messageId)!.seq;
  const tail = "this file, or part of it, was imported before, and its messages are now in the log twice (matching and sessions see each twice). To import it afresh, clear the log first";

  it('names the line first in the file, also when the log holds the repeats in file order; "was" for one more, "were" for several, nothing for none', async () => {
    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    const ids = Array.from({ length: 5 }, (_, i) => `again2-${i}`);
    expect(await post(ids.map(track).join('\n'))).toEqual({ imported: 5, errors: [] });
    const seq0 = await seqOf('again2-0');
    const seq1 = await seqOf('again2-1');
    // Found in the log in file order: the first found, not the last, is the first line.
    expect(await post([ids[0], ids[2], ids[4]].map(track).join('\n'))).toEqual({
      imported: 3,
      errors: [],
      warnings: [{ line: 1, message: `messageId "again2-0" was already in the log (#${seq0}), as were 2 other messages among the file's first 1,000: ${tail}` }],
    });
    expect(await post([track('again2-new'), track(ids[1])].join('\n'))).toEqual({
      imported: 2,
      errors: [],
      warnings: [{ line: 2, message: `messageId "again2-1" was already in the log (#${seq1}): ${tail}` }],
    });
  });

  it("looks among the file's first 1,000 lines only: a repeat on line 1,001 is neither named nor counted", async () => {
    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    expect(await post([track('again3-a'), track('again3-b')].join('\n'))).toEqual({ imported: 2, errors: [] });
    const seqA = await seqOf('again3-a');
    const file = [track('again3-a'), ...Array.from({ length: 999 }, (_, i) => track(`again3-new-${i}`)), track('again3-b')];
    expect(await post(file.join('\n'))).toEqual({
      imported: 1001,
      errors: [],
      warnings: [{ line: 1, message: `messageId "again3-a" was already in the log (#${seqA}): ${tail}` }],
    });
  });
});
