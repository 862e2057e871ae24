// The start-up load with its lines parsed in the ingest worker (as the CLI and the Electron shell
// run it): the index, the warnings, searches and records read back must be exactly those of the
// load in this thread, over a log of every kind of line, several runs long; and a worker that dies
// mid-load must cost nothing but the switch.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIngestRunner, type IngestRunner } from '../../src-main/ingest/ingest-runner';
import { CAPTURE_LOG_FILE, CaptureStore } from '../../src-main/store/capture-store';
import { tempDirsPerTest } from '../unit/store/temp-dirs';
import { SOURCE_INGEST_WORKER } from './helpers/engine';

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

/** About 1.3 MB: requests of 40 messages, with every odd line the loader must cope with along the way. */
function logText(): string {
  const lines: string[] = ['{"seq":1,"message":{"type":"track","event":"Orphan","messageId":"o-1"}}'];
  let seq = 1;
  for (let r = 0; r < 100; r++) {
    lines.push(r === 37 ? '{"request":{"receivedAt":1}}' : request(r, r === 50 ? '"writeKey":"clear-key",' : ''));
    for (let i = 0; i < 40; i++) {
      seq++;
      const message = { type: i % 7 === 0 ? 'identify' : 'track', event: `Event ${i % 5} ✓`, userId: i % 3 === 0 ? seq : `user-${seq % 97}`, anonymousId: `anon-${seq % 13}`, messageId: `m-${seq}`, traits: { email: `u${seq}@example.com` }, properties: { pad: 'p'.repeat(200), n: seq } };
      if (i === 5) lines.push(`{"seq":${seq},"message":${JSON.stringify(message)},"x":1}`); // not the encoder's form
      else if (i === 6) lines.push(`{"seq":${seq},"dropReasons":[{"code":"duplicate-message-id","message":"seen ✓"}],"message":${JSON.stringify(message)}}`);
      else if (i === 7) lines.push('{"seq":');
      else if (i === 8 && r % 10 === 0) lines.push(`{"seq":${seq - 5},"message":${JSON.stringify(message)}}`); // out of order
      else lines.push(`{"seq":${seq},"message":${JSON.stringify(message)}}`);
    }
    if (r % 25 === 0) lines.push(`{"seq":${++seq},"receivedAt":"2026-11-23T11:00:00.000Z","origin":{"kind":"webhook","endpoint":"/webhook/a","webhook":"a","signature":{"status":"valid"}},"message":{"type":"track","event":"Hook","messageId":"h-${seq}"}}`);
  }
  return `${lines.join('\n')}\n{"seq":${seq + 1},"message":{"ty`;
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
    const text = logText();
    expect(text.length).toBeGreaterThan(4 * (1 << 18)); // several runs
    await writeFile(join(dir, CAPTURE_LOG_FILE), text);
    const here = await snapshot(await loadWith(dir));
    expect(here.rows.length).toBeGreaterThan(3500);
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
    await writeFile(join(dir, CAPTURE_LOG_FILE), logText());
    const here = await snapshot(await loadWith(dir));
    const logged: string[] = [];
    runner = createIngestRunner({ url: new URL('./helpers/dies-on-second-log-run.mjs', import.meta.url) }, (m) => logged.push(m));
    const there = await snapshot(await loadWith(dir, runner));
    expect(runner.mode).toBe('in-thread');
    expect(logged.join('\n')).toMatch(/ingest worker thread failed \(it exited with code 7\)/);
    expect(there).toEqual(here);
  });
});
