// The start-up load with its lines parsed in the ingest worker (as the CLI and the Electron shell
// run it): the index, the warnings, searches and records read back must be exactly those of the
// load in this thread, over a log of every kind of line, several runs long; and a worker that dies
// mid-load must cost nothing but the switch.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIngestRunner, type IngestRunner } from '../../src-main/ingest/ingest-runner';
import { CAPTURE_LOG_FILE, CaptureStore } from '../../src-main/store/capture-store';
import { LogChunkReader } from '../../src-main/store/log-chunk';
import { tempDirsPerTest } from '../unit/store/temp-dirs';
import { SOURCE_INGEST_WORKER } from './helpers/engine';
import { buildCaptures } from '../../src-main/receiver/capture-builder';
import { ctx } from './helpers/capture-store-fixture';

const tempDir = tempDirsPerTest('log-load-worker');
const stores: CaptureStore[] = [];
let runner: IngestRunner | undefined;
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  await runner?.close();
  runner = undefined;
});

const request = (n: number, extra = '') =>
  `{"request":{"requestId":"r-${n}","receivedAt":"2026-11-23T10:${String(n % 60).padStart(2, '0')}:00.000Z","origin":{"kind":"tracking","endpoint":"/v1/batch","writeKeySource":"basic",${extra}"writeKeyMasked":"wk_…_01"},"headers":{"user-agent":"t"}}}`;

/** A row as the log should load it, worked out here from what the generator wrote. */
interface ExpectedRow {
  seq: number;
  type: string;
  name: string;
  userId?: string;
  anonymousId?: string;
  messageId: string;
  dropCodes: string[];
  receivedAt: string;
  endpoint: string;
  /** Its `properties.n` (each message's own). */
  n?: number;
  message: Record<string, unknown>;
}

/**
 * About 1.3 MB: requests of 40 messages, with every odd line the loader must cope with along the
 * way; and the rows it must load, in order.
 */
function logText(): { text: string; expected: ExpectedRow[] } {
  const lines: string[] = ['{"seq":1,"message":{"type":"track","event":"Orphan","messageId":"o-1"}}']; // no request above it
  const expected: ExpectedRow[] = [];
  let seq = 1;
  let lastSeq = 0;
  for (let r = 0; r < 100; r++) {
    const receivedAt = `2026-11-23T10:${String(r % 60).padStart(2, '0')}:00.000Z`;
    const malformed = r === 37;
    lines.push(malformed ? '{"request":{"receivedAt":1}}' : request(r, r === 50 ? '"writeKey":"clear-key",' : ''));
    for (let i = 0; i < 40; i++) {
      seq++;
      const userId = i % 3 === 0 ? seq : `user-${seq % 97}`;
      const message = { type: i % 7 === 0 ? 'identify' : 'track', event: `Event ${i % 5} ✓`, userId, anonymousId: `anon-${seq % 13}`, messageId: `m-${seq}`, traits: { email: `u${seq}@example.com` }, properties: { pad: 'p'.repeat(200), n: seq } };
      let written = seq;
      let dropCodes: string[] = [];
      if (i === 5) lines.push(`{"seq":${seq},"message":${JSON.stringify(message)},"x":1}`); // not the encoder's form
      else if (i === 6) {
        lines.push(`{"seq":${seq},"dropReasons":[{"code":"duplicate-message-id","message":"seen ✓"}],"message":${JSON.stringify(message)}}`);
        dropCodes = ['duplicate-message-id'];
      } else if (i === 7) {
        lines.push('{"seq":'); // not JSON
        continue;
      } else if (i === 8 && r % 10 === 0) {
        written = seq - 5; // out of order: shown as the next seq
        lines.push(`{"seq":${written},"message":${JSON.stringify(message)}}`);
      } else lines.push(`{"seq":${seq},"message":${JSON.stringify(message)}}`);
      if (malformed) continue; // skipped with its request line
      const shown = written <= lastSeq ? lastSeq + 1 : written;
      lastSeq = shown;
      const name = message.type === 'identify' ? message.traits.email : message.event;
      expected.push({ seq: shown, type: message.type, name, userId: String(userId), anonymousId: message.anonymousId, messageId: message.messageId, dropCodes, receivedAt, endpoint: '/v1/batch', n: seq, message });
    }
    if (r % 25 === 0) {
      const message = { type: 'track', event: 'Hook', messageId: `h-${++seq}` };
      lines.push(`{"seq":${seq},"receivedAt":"2026-11-23T11:00:00.000Z","origin":{"kind":"webhook","endpoint":"/webhook/a","webhook":"a","signature":{"status":"valid"}},"message":${JSON.stringify(message)}}`);
      lastSeq = seq;
      expected.push({ seq, type: 'track', name: 'Hook', messageId: message.messageId, dropCodes: [], receivedAt: '2026-11-23T11:00:00.000Z', endpoint: '/webhook/a', message });
    }
  }
  return { text: `${lines.join('\n')}\n{"seq":${seq + 1},"message":{"ty`, expected };
}

async function snapshot(store: CaptureStore) {
  const n = store.messageCount;
  return {
    rows: store.index.summariesIn(),
    warnings: store.warnings,
    searches: ['event 3 ✓', 'user-42', '"n":1201', 'hook', 'pppp'].map((t) => store.index.search(t)),
    records: await store.getAt([0, 1, 2, 500, 1001, n - 2, n - 1]),
    nextSeq: store.allocateSeq(),
  };
}

async function loadWith(dir: string, parse?: IngestRunner): Promise<CaptureStore> {
  const store = await CaptureStore.openInBackground(dir);
  stores.push(store);
  store.startLoading(parse ? (bytes, endsUnterminated, first) => parse.parseLogChunk(bytes, endsUnterminated, first) : undefined);
  await store.loaded;
  return store;
}

describe('the start-up load in the ingest worker', () => {
  it('indexes, warns, searches and reads back exactly what the load in this thread does', async () => {
    const dir = tempDir();
    const { text, expected } = logText();
    expect(text.length).toBeGreaterThan(4 * (1 << 18)); // several runs
    await writeFile(join(dir, CAPTURE_LOG_FILE), text);
    const loaded = await loadWith(dir);
    const here = await snapshot(loaded);
    // The rows are the log's messages, as worked out beside the generator.
    expect(here.rows.map((r) => ({ seq: r.seq, type: r.type, name: r.name, userId: r.userId, anonymousId: r.anonymousId, dropCodes: [...r.dropCodes], receivedAt: r.receivedAt, endpoint: r.endpoint }))).toEqual(
      expected.map(({ seq, type, name, userId, anonymousId, dropCodes, receivedAt, endpoint }) => ({ seq, type, name, userId, anonymousId, dropCodes, receivedAt, endpoint })),
    );
    expect(expected.map((_, i) => loaded.index.messageIdAt(i))).toEqual(expected.map((e) => e.messageId));
    expect((await loaded.getAt(expected.map((_, i) => i))).map((c) => c.message)).toEqual(expected.map((e) => e.message));
    // The search corpus holds each message's JSON, and nothing of the line around it.
    for (const at of [0, 1, 7, 1500, expected.length - 1]) {
      const n = expected[at].n;
      if (n !== undefined) expect(loaded.index.search(`"n":${n}}`)).toEqual([expected[at].seq]);
    }
    expect(loaded.index.search('}}}')).toEqual([]);
    expect(loaded.index.search('"seq"')).toEqual([]);
    // Loaded ids are in the de-duplication window of their own kind.
    const hookId = expected.find((e) => e.endpoint === '/webhook/a')!.messageId;
    const arrivals = buildCaptures(loaded, [{ type: 'track', event: 'Again', userId: 'u', messageId: expected[0].messageId }, { type: 'track', event: 'Hook id', userId: 'u', messageId: hookId }], ctx(60_000));
    expect(arrivals.map((a) => a.capture.dropReasons.map((d) => d.code))).toEqual([['duplicate-message-id'], []]);
    expect(here.warnings.some((w) => /line 1: not a captured message: no request line/.test(w))).toBe(true);
    expect(here.warnings.some((w) => /out of order/.test(w))).toBe(true);
    expect(here.searches.every((hits) => hits.length > 0)).toBe(true);
    const logged: string[] = [];
    runner = createIngestRunner(SOURCE_INGEST_WORKER, (m) => logged.push(m));
    const there = await snapshot(await loadWith(dir, runner));
    expect(runner.mode).toBe('worker');
    expect(there).toEqual(here);
    expect(logged).toEqual([]);
    // The sync open (tests, tools) reads the same.
    const opened = await CaptureStore.open(dir);
    stores.push(opened);
    expect(await snapshot(opened)).toEqual(here);
  });

  it('a worker that dies mid-load: the runs it held and the rest are parsed here, from where it was', async () => {
    const dir = tempDir();
    await writeFile(join(dir, CAPTURE_LOG_FILE), logText().text);
    const here = await snapshot(await loadWith(dir));
    const logged: string[] = [];
    runner = createIngestRunner({ url: new URL('./helpers/dies-on-second-log-run.mjs', import.meta.url) }, (m) => logged.push(m));
    const there = await snapshot(await loadWith(dir, runner));
    expect(runner.mode).toBe('in-thread');
    expect(logged.join('\n')).toMatch(/ingest worker thread failed \(it exited with code 7\)/);
    expect(there).toEqual(here);
  });

  it("one runner, two loads: the second does not take the first one's last request line for its own", async () => {
    const first = tempDir();
    await writeFile(join(first, CAPTURE_LOG_FILE), `${request(1)}\n{"seq":1,"message":{"type":"track","event":"E","messageId":"a"}}\n${request(2)}\n`);
    const second = tempDir();
    await writeFile(join(second, CAPTURE_LOG_FILE), '{"seq":1,"message":{"type":"track","event":"E","messageId":"b"}}\n');
    runner = createIngestRunner(SOURCE_INGEST_WORKER);
    expect((await loadWith(first, runner)).messageCount).toBe(1);
    const loaded = await loadWith(second, runner);
    expect(loaded.messageCount).toBe(0);
    expect(loaded.warnings).toEqual([`${CAPTURE_LOG_FILE} line 1: not a captured message: no request line before this message line, and no "receivedAt"/"origin" of its own; skipped`]);
  });

  it('parses at most two runs ahead of the one being indexed (bounded memory), each run handed over once', async () => {
    const dir = tempDir();
    await writeFile(join(dir, CAPTURE_LOG_FILE), logText().text);
    const here = createIngestRunner(undefined);
    let calls = 0;
    let callsWhileFirstHeld = -1;
    const handed: Buffer[] = [];
    const store = await CaptureStore.openInBackground(dir);
    stores.push(store);
    store.startLoading((bytes, endsUnterminated, first) => {
      calls++;
      handed.push(Buffer.from(bytes));
      const parsed = here.parseLogChunk(bytes, endsUnterminated, first);
      if (!first) return parsed;
      // The first run's result is held a while: the loader must not read on meanwhile.
      return new Promise((resolve) => setTimeout(() => ((callsWhileFirstHeld = calls), resolve(parsed)), 100));
    });
    await store.loaded;
    expect(callsWhileFirstHeld).toBe(2);
    expect(calls).toBeGreaterThan(4);
    expect(Buffer.concat(handed).toString()).toBe(logText().text);
    expect(store.messageCount).toBe(logText().expected.length);
  });

  it('a run not in shared memory is copied to the worker and read the same; runs keep their order and state', async () => {
    runner = createIngestRunner(SOURCE_INGEST_WORKER);
    const bytes = Buffer.from(logText().text);
    const cut = bytes.indexOf(0x0a, 100_000) + 1;
    const shared = Buffer.from(new SharedArrayBuffer(cut));
    bytes.copy(shared, 0, 0, cut);
    const plain = bytes.subarray(cut); // not shared: copied
    const reader = new LogChunkReader();
    const [a, b] = await Promise.all([runner.parseLogChunk(shared, false, true), runner.parseLogChunk(plain, true, false)]);
    expect(runner.mode).toBe('worker');
    expect(a).toEqual(reader.parse(shared, false, true));
    expect(b).toEqual(reader.parse(plain, true, false));
    expect(b.count).toBeGreaterThan(1000);
  });
});
