// A crash (kill -9) in the middle of a request's write leaves its request line and some whole
// message lines, then a cut line, at the end of the log. That request was never answered (the
// answer goes out once the whole write is done), so its client sends it again: the whole lines
// kept from the cut write would then be listed a second time, and the answered copies flagged as
// duplicates Segment would drop.
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const auth = { authorization: `Basic ${Buffer.from('wk:').toString('base64')}` };
const batch = (ids: string[]) => ({ batch: ids.map((messageId) => ({ type: 'track', event: 'E', userId: 'u', messageId })) });

describe('a request cut off by a crash mid-write', { timeout: 30_000 }, () => {
  it('is moved out of the log whole, with a note, so the client\'s retry is listed once and not as a duplicate', async () => {
    t = await startTestEngine();
    expect((await postJson(`${t.engine.url}/v1/batch`, batch(['a1', 'a2']), auth)).status).toBe(200);
    await t.engine.close();
    const file = join(t.dataDir, 'captures.ndjson');
    const answered = await readFile(file, 'utf8');
    // What the writer had put out of the next request when the process died: its request line,
    // two whole message lines and part of the third.
    const requestLine = answered.split('\n')[0].replace(/"requestId":"[^"]+"/, '"requestId":"cut"');
    const torn = `${requestLine}\n{"seq":3,"message":{"type":"track","event":"E","userId":"u","messageId":"b1"}}\n{"seq":4,"message":{"type":"track","event":"E","userId":"u","messageId":"b2"}}\n{"seq":5,"message":{"type":"tr`;
    await appendFile(file, torn);

    let engine = await t.restart();
    expect(engine.info().messageCount).toBe(2);
    expect(engine.info().storeWarnings).toEqual([
      `captures.ndjson: its last request was cut off by a crash mid-write (never answered, so its client sends it again): its request line, 2 whole message lines and the cut line (${Buffer.byteLength(torn)} bytes from byte ${Buffer.byteLength(answered)}) were moved to captures.torn.ndjson, not listed`,
    ]);
    expect(await readFile(file, 'utf8')).toBe(answered);
    expect(await readFile(join(t.dataDir, 'captures.torn.ndjson'), 'utf8')).toBe(torn + '\n');

    // The client's retry: stored once, as new.
    expect((await postJson(`${engine.url}/v1/batch`, batch(['b1', 'b2', 'b3']), auth)).status).toBe(200);
    const listed = async () => ((await (await fetch(`${engine.url}/api/messages`)).json()) as CapturedMessage[]).map((c) => [c.seq, c.message.messageId, c.dropReasons.map((d) => d.code)]);
    const expected = [
      [1, 'a1', []],
      [2, 'a2', []],
      [3, 'b1', []],
      [4, 'b2', []],
      [5, 'b3', []],
    ];
    expect(await listed()).toEqual(expected);
    engine = await t.restart();
    expect(await listed()).toEqual(expected);
    expect(engine.info().storeWarnings).toEqual([]);
  });

  it('cut inside its request line: that line alone is moved', async () => {
    t = await startTestEngine();
    expect((await postJson(`${t.engine.url}/v1/batch`, batch(['a1']), auth)).status).toBe(200);
    await t.engine.close();
    const file = join(t.dataDir, 'captures.ndjson');
    const answered = await readFile(file, 'utf8');
    await appendFile(file, '{"request":{"requestId":"cu');
    const engine = await t.restart();
    expect(engine.info().messageCount).toBe(1);
    expect(engine.info().storeWarnings).toEqual([`captures.ndjson: its last request was cut off by a crash mid-write (never answered, so its client sends it again): its request line, cut (27 bytes from byte ${Buffer.byteLength(answered)}) was moved to captures.torn.ndjson, not listed`]);
    expect(await readFile(file, 'utf8')).toBe(answered);
  });

  it('a cut line after lines of another form (an older log) is skipped alone, as before', async () => {
    t = await startTestEngine();
    expect((await postJson(`${t.engine.url}/v1/batch`, batch(['a1', 'a2']), auth)).status).toBe(200);
    await t.engine.close();
    const file = join(t.dataDir, 'captures.ndjson');
    await appendFile(file, '{"seq":3,"requestId":"r","receivedAt":"2026-01-01T00:00:00Z","message":{"type":"tra');
    const engine = await t.restart();
    expect(engine.info().messageCount).toBe(2);
    expect(engine.info().storeWarnings).toEqual([expect.stringMatching(/^captures\.ndjson line 4: incomplete last line \(\d+ bytes\), probably cut off by a crash mid-write; skipped$/)]);
  });
});
