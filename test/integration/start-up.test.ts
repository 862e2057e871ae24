// The capture log loads in the background at start-up: the receiver listens at once, captures
// sent meanwhile are stored and listed after the loaded ones, in order, and nothing is lost. The
// load is held part-way with the engine's loadPause hook (no clock, no sleeps).
import { afterEach, describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../src-main/engine';
import type { EngineEvent } from '../../src-shared/api';
import { decodeSummaries } from '../../src-shared/summary-columns';
import { CaptureLog } from '../../src-main/store/capture-log';
import { makeDataDir, postJson, SOURCE_INGEST_WORKER, TEST_INGEST_MODE } from './helpers/engine';

const ingestWorker = TEST_INGEST_MODE === 'worker' ? SOURCE_INGEST_WORKER : undefined;
const LOADED = 6000;
/** About 700 bytes a line: the log spans several of the loader's 1 MiB reads. */
const padding = 'x'.repeat(600);

let dataDir: string;
let engines: Engine[] = [];
/** The load held by the running test, let go before closing (close waits for the load to stop). */
let releaseHeld: (() => void) | undefined;

async function start(loadPause?: (loadedBytes: number) => void | Promise<void>): Promise<Engine> {
  const engine = await createEngine({ dataDir, port: 0, shell: 'test', log: () => undefined, ingestWorker, loadPause });
  engines.push(engine);
  return engine;
}

async function stop(engine: Engine): Promise<void> {
  await engine.close();
  engines = engines.filter((e) => e !== engine);
}

/** A log of LOADED tracks, sent through the receiver, the engine closed after. */
async function fillLog(): Promise<void> {
  const engine = await start();
  for (let i = 0; i < LOADED; i += 500) {
    const batch = Array.from({ length: 500 }, (_, j) => ({ type: 'track', event: 'Loaded', userId: `u${i + j}`, messageId: `loaded-${i + j}`, properties: { n: i + j, padding } }));
    expect((await postJson(`${engine.url}/v1/batch`, { batch })).status).toBe(200);
  }
  await stop(engine);
}

async function allRows(engine: Engine) {
  const page = await engine.call('messages.page', {});
  return decodeSummaries(page.columns);
}

/** Holds the load after its first read until release() is called. */
function holdAfterFirstRead() {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let reached!: () => void;
  const held = new Promise<void>((r) => (reached = r));
  let first = true;
  releaseHeld = release;
  return {
    release,
    held,
    pause: () => {
      if (!first) return undefined;
      first = false;
      reached();
      return released;
    },
  };
}

afterEach(async () => {
  releaseHeld?.();
  releaseHeld = undefined;
  for (const e of engines) await e.close();
  engines = [];
  await rm(dataDir, { recursive: true, force: true });
});

describe('start-up: the capture log loads in the background', () => {
  it('answers health and takes captures while loading; they follow the loaded ones in order and survive a restart', async () => {
    dataDir = await makeDataDir();
    await fillLog();
    const size = (await readFile(join(dataDir, 'captures.ndjson'))).length;

    const hold = holdAfterFirstRead();
    const engine = await start(hold.pause);
    const events: EngineEvent[] = [];
    engine.subscribe((e) => events.push(e));
    await hold.held;

    // Listening, and saying how far the load is.
    const health = await fetch(`${engine.url}/api/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; loading?: { loadedBytes: number; totalBytes: number; messages: number } };
    expect(body.status).toBe('ok');
    expect(body.loading?.totalBytes).toBe(size);
    expect(body.loading?.loadedBytes).toBeGreaterThan(0);
    expect(body.loading?.loadedBytes).toBeLessThan(size);
    expect(engine.info().loading?.messages).toBeLessThan(LOADED);

    // Captures taken meanwhile: answered at once (the load is still held).
    const during = await postJson(`${engine.url}/v1/batch`, {
      batch: [
        { type: 'track', event: 'During 1', userId: 'd', messageId: 'during-1' },
        { type: 'track', event: 'During 2', userId: 'd', messageId: 'during-2' },
      ],
    });
    expect(during.status).toBe(200);
    expect((await postJson(`${engine.url}/v1/track`, { event: 'During 3', userId: 'd', messageId: 'during-3' })).status).toBe(200);
    // A read asked for now answers from the whole log, once it is loaded.
    const listed = fetch(`${engine.url}/api/messages?userId=d`).then((r) => r.json() as Promise<{ seq: number; message: { event: string } }[]>);
    // So does a search (its texts come from the loader and, for the arrivals, from the file).
    const searched = engine.call('messages.search', { text: '"USERID":"u4242"' });
    const searchedDuring = engine.call('messages.search', { text: 'during' });

    hold.release();
    await engine.loaded;
    expect(engine.info().loading).toBeUndefined();
    const rows = await allRows(engine);
    expect(rows).toHaveLength(LOADED + 3);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: LOADED + 3 }, (_, i) => i + 1));
    expect(rows.slice(-3).map((r) => r.name)).toEqual(['During 1', 'During 2', 'During 3']);
    expect((await listed).map((m) => [m.seq, m.message.event])).toEqual([
      [LOADED + 1, 'During 1'],
      [LOADED + 2, 'During 2'],
      [LOADED + 3, 'During 3'],
    ]);
    expect(await searched).toEqual([4243]);
    expect(await searchedDuring).toEqual([LOADED + 1, LOADED + 2, LOADED + 3]);
    // The UI was told the progress, then the end, then only the captures that arrived meanwhile.
    const names = events.map((e) => e.name);
    expect(names).toContain('store.loading');
    const end = names.lastIndexOf('store.loading');
    expect(events[end]).toEqual({ name: 'store.loading', payload: { loading: null } });
    const added = events.filter((e): e is Extract<EngineEvent, { name: 'messages.added' }> => e.name === 'messages.added').flatMap((e) => e.payload.map((s) => s.seq));
    expect(added).toEqual([LOADED + 1, LOADED + 2, LOADED + 3]);
    // After it: captured as usual.
    await postJson(`${engine.url}/v1/track`, { event: 'After', userId: 'd' });
    expect((await allRows(engine)).at(-1)).toMatchObject({ seq: LOADED + 4, name: 'After' });
    expect(await engine.call('messages.search', { text: '"event": "after"' })).toEqual([LOADED + 4]);
    expect(await engine.call('messages.search', { text: 'u4242"' })).toEqual([4243]);

    await stop(engine);
    const again = await start();
    await again.loaded;
    const reloaded = await allRows(again);
    expect(reloaded.map((r) => [r.seq, r.name])).toEqual([...rows.map((r) => [r.seq, r.name]), [LOADED + 4, 'After']]);
    // Every text came back from the log into the search corpus as the loader read it.
    expect(await again.call('messages.search', { text: 'During 2' })).toEqual([LOADED + 2]);
    expect(await again.call('messages.search', { text: '"userId":"u4242"' })).toEqual([4243]);
    expect(await again.call('messages.search', { text: 'loaded-' })).toHaveLength(LOADED);
    // As the inspector asks: runs of consecutive seqs (six thousand matches in two numbers).
    expect(await again.call('messages.search', { text: 'loaded-', runs: true })).toEqual([1, -(LOADED - 1)]);
    expect(await again.call('messages.search', { text: '"userid":"d"', runs: true })).toEqual([LOADED + 1, -3]);
    expect(await again.call('messages.search', { text: 'u4242"', runs: true })).toEqual([4243]);
    await expect(again.call('messages.search', { text: 'x', runs: 'yes' as unknown as boolean })).rejects.toThrow('runs must be true or false');
  });

  it("checks a capture's messageId against the captures loaded so far and those arrived since", async () => {
    dataDir = await makeDataDir();
    await fillLog();
    const hold = holdAfterFirstRead();
    const engine = await start(hold.pause);
    await hold.held;
    // loaded-0 is in the first read; during-x arrives twice.
    await postJson(`${engine.url}/v1/track`, { event: 'Again', userId: 'd', messageId: 'loaded-0' });
    await postJson(`${engine.url}/v1/track`, { event: 'First', userId: 'd', messageId: 'during-x' });
    await postJson(`${engine.url}/v1/track`, { event: 'Second', userId: 'd', messageId: 'during-x' });
    hold.release();
    await engine.loaded;
    // And after the load, an id that arrived during it is still remembered.
    await postJson(`${engine.url}/v1/track`, { event: 'Third', userId: 'd', messageId: 'during-x' });
    const tail = (await allRows(engine)).slice(-4);
    expect(tail.map((r) => [r.name, r.dropCodes])).toEqual([
      ['Again', ['duplicate-message-id']],
      ['First', []],
      ['Second', ['duplicate-message-id']],
      ['Third', ['duplicate-message-id']],
    ]);
  });

  it('a log edited out of order: captures taken while loading still number after every loaded one, as a restart numbers them', async () => {
    dataDir = await makeDataDir();
    const file = join(dataDir, 'captures.ndjson');
    const request = (id: string) => `{"request":{"requestId":"${id}","receivedAt":"2026-01-01T00:00:00.000Z","origin":{"kind":"tracking","endpoint":"/v1/track","writeKeySource":"none"},"headers":{}}}\n`;
    const message = (seq: number, event: string) => `{"seq":${seq},"message":{"type":"track","event":"${event}","userId":"u","messageId":"m-${seq}-${event}"}}\n`;
    // Seqs 1, 2, 9, then 3: the last line's seq is not the highest.
    await writeFile(file, request('r1') + message(1, 'a') + message(2, 'b') + message(9, 'c') + message(3, 'd'));
    const hold = holdAfterFirstRead();
    const engine = await start(hold.pause);
    await hold.held;
    await postJson(`${engine.url}/v1/track`, { event: 'During', userId: 'u' });
    hold.release();
    await engine.loaded;
    const rows = (await allRows(engine)).map((r) => [r.seq, r.name]);
    expect(rows).toEqual([
      [1, 'a'],
      [2, 'b'],
      [9, 'c'],
      [10, 'd'],
      [11, 'During'],
    ]);
    await stop(engine);
    const again = await start();
    await again.loaded;
    expect((await allRows(again)).map((r) => [r.seq, r.name])).toEqual(rows);
  });

  it('a clear while the log loads (DELETE /api/messages, messages.clear) empties it all and counts every message it held, arrivals included', async () => {
    dataDir = await makeDataDir();
    await fillLog();
    const hold = holdAfterFirstRead();
    const engine = await start(hold.pause);
    await hold.held;
    await postJson(`${engine.url}/v1/track`, { event: 'During', userId: 'd', messageId: 'during-clear' });
    expect(engine.info().messageCount).toBeLessThan(LOADED);
    const cleared = fetch(`${engine.url}/api/messages`, { method: 'DELETE' }).then((r) => r.json());
    hold.release();
    // The count the clear itself took once the log was loaded, not the part loaded when it was asked.
    expect(await cleared).toEqual({ cleared: LOADED + 1 });
    expect(engine.info().messageCount).toBe(0);
    // The command answers the same count (the UI and the testing client use it).
    await postJson(`${engine.url}/v1/batch`, { batch: [{ type: 'track', event: 'One', userId: 'd' }, { type: 'track', event: 'Two', userId: 'd' }] });
    expect(await engine.call('messages.clear', undefined)).toEqual({ cleared: 2 });
    await postJson(`${engine.url}/v1/track`, { event: 'After', userId: 'd' });
    expect((await allRows(engine)).map((r) => [r.seq, r.name])).toEqual([[1, 'After']]);
  });

  it('an empty data dir starts loaded', async () => {
    dataDir = await makeDataDir();
    const engine = await start();
    expect(engine.info().loading).toBeUndefined();
    await engine.loaded;
    expect(engine.info().messageCount).toBe(0);
  });
});

describe("CaptureLog.lastLineStartingWith: the log's last seq, read from its end", () => {
  async function lastSeqLine(text: string): Promise<string | undefined> {
    const file = join(dataDir, 'captures.ndjson');
    await writeFile(file, text);
    const log = await CaptureLog.openForAppend(file);
    try {
      return await log.lastLineStartingWith('{"seq":');
    } finally {
      await log.close();
    }
  }

  it('skips a torn last line and lines of other kinds, across reads of any size', async () => {
    dataDir = await makeDataDir();
    const long = 'y'.repeat(200_000); // longer than one backwards read
    expect(await lastSeqLine(`{"seq":1,"a":1}\n{"seq":2,"b":"${long}"}\n{"request":{}}\n{"seq":3,"tor`)).toBe(`{"seq":2,"b":"${long}"}`);
    expect(await lastSeqLine(`{"seq":1}\n`)).toBe('{"seq":1}');
    expect(await lastSeqLine(`{"request":{}}\n{"seq":7}\n{"request":{"x":"${long}"}}\n`)).toBe('{"seq":7}');
    expect(await lastSeqLine(`{"request":{}}\n`)).toBeUndefined();
    expect(await lastSeqLine(`{"seq":1,"torn`)).toBeUndefined();
    expect(await lastSeqLine('')).toBeUndefined();
    // A line that only starts like one is not taken for one ("{"seq" inside another line).
    expect(await lastSeqLine(`{"seq":4}\n{"x":"{\\"seq\\":5}"}\n`)).toBe('{"seq":4}');
    // A torn tail longer than one backwards read; a torn whole file of that size.
    const longer = 'z'.repeat(70_000);
    expect(await lastSeqLine(`{"request":{}}\n{"seq":5}\n{"seq":6,"b":"${longer}`)).toBe('{"seq":5}');
    expect(await lastSeqLine(`{"seq":1,"x":"${longer}"`)).toBeUndefined();
    // The wanted line is the file's first, before a line longer than one read; a line that is just the prefix.
    expect(await lastSeqLine(`{"seq":9}\n{"r":"${long}"}\n`)).toBe('{"seq":9}');
    expect(await lastSeqLine(`{"seq":1}\n{"seq":\n`)).toBe('{"seq":');
    expect(await lastSeqLine(`{"seq":1}\n{"seq"\n`)).toBe('{"seq":1}');
  });

  it('appends after a whole last line add no blank line; after a torn tail they start on a fresh line', async () => {
    dataDir = await makeDataDir();
    const whole = join(dataDir, 'whole.ndjson');
    await writeFile(whole, '{"seq":1}\n');
    const log = await CaptureLog.openForAppend(whole);
    expect(log.existingSize).toBe(10);
    expect(await log.append(Buffer.from('{"seq":2}\n'))).toBe(10);
    await log.close();
    expect(await readFile(whole, 'utf8')).toBe('{"seq":1}\n{"seq":2}\n');
    // An empty file: the first append starts at 0, with no blank line before it.
    const empty = join(dataDir, 'empty.ndjson');
    await writeFile(empty, '');
    const fresh = await CaptureLog.openForAppend(empty);
    expect(await fresh.append(Buffer.from('{"seq":1}\n'))).toBe(0);
    await fresh.close();
    expect(await readFile(empty, 'utf8')).toBe('{"seq":1}\n');
  });

  it('appends after a torn tail start on a fresh line', async () => {
    dataDir = await makeDataDir();
    const file = join(dataDir, 'captures.ndjson');
    await writeFile(file, '{"seq":1}\n{"seq":2,"tor');
    const log = await CaptureLog.openForAppend(file);
    await log.append(Buffer.from('{"seq":3}\n'));
    await log.close();
    expect(await readFile(file, 'utf8')).toBe('{"seq":1}\n{"seq":2,"tor\n{"seq":3}\n');
  });
});
