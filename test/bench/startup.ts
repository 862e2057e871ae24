// Start-up on a big capture log (`npm run bench -- startup [1m|10m]`): how soon the receiver and
// /api/health answer, how long until the whole log is loaded, and the memory per stored message,
// each beside a baseline from the same run: a plain read of the same file with JSON.parse per
// line, and (for memory) a bare process that keeps each line's text. Each side
// runs in a child process of its own (a heap big enough for 10M kept lines), so neither's heap counts for the other.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StartupBench {
  messages: number;
  fileBytes: number;
  /** Baseline: read the file, JSON.parse every line. */
  parseMs: number;
  /** Baseline: RSS per message of a bare process that keeps each line's text. */
  parseRssPerMessage: number;
  /** createEngine resolved and GET /api/health answered. */
  healthMs: number;
  /** Baseline: the same on an empty data dir. */
  emptyHealthMs: number;
  /** The whole log in the index (engine.loaded). */
  loadedMs: number;
  engineRssPerMessage: number;
  /** Baseline: a bare scan of the kept lines for the first search's text (String.includes). */
  scanMs: number;
  /** messages.search after the load: the first (selective), a first JSON fragment, a later one, one matching every row. */
  searches: { first: number; fragment: number; later: number; every: number };
  /** The same searches in wall time. */
  searchesWall: { first: number; fragment: number; later: number; every: number };
  /** CPU time (all threads) of the load, and of the baseline parse. */
  loadedCpuMs: number;
  parseCpuMs: number;
  found: { first: number; fragment: number; later: number; every: number };
}

const PER_REQUEST = 100;

/** Writes a capture log of `messages` tracks in the encoder's form, 100 per request line. */
export async function writeLog(file: string, messages: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  const t0 = Date.parse('2026-11-01T00:00:00.000Z');
  let chunk = '';
  for (let seq = 1; seq <= messages; seq++) {
    if ((seq - 1) % PER_REQUEST === 0) {
      const at = new Date(t0 + seq * 10).toISOString();
      chunk += `{"request":{"requestId":"r-${seq}","receivedAt":"${at}","origin":{"kind":"tracking","endpoint":"/v1/batch","writeKeySource":"basic","writeKeyMasked":"wk_…_01"},"headers":{"content-type":"application/json","user-agent":"analytics-node/2.1.0"}}}\n`;
    }
    const user = seq % 50_000;
    chunk += `{"seq":${seq},"message":{"type":"track","event":"Goal Completed","userId":"user-${user}","anonymousId":"anon-${user}","messageId":"m-${seq}","timestamp":"2026-11-01T00:00:00.000Z","properties":{"goalId":"g-${seq % 97}","value":${seq % 1000},"plan":"pro"},"context":{"library":{"name":"analytics-node","version":"2.1.0"}}}}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

function child(mode: 'parse' | 'keep' | 'engine', dataDir: string): Promise<Record<string, number>> {
  const script = fileURLToPath(new URL('./startup-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', '--max-old-space-size=16384', script, mode, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>) : reject(new Error(`${mode} child exited ${code}`))));
  });
}

export async function benchStartup(messages: number): Promise<StartupBench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eventbench-startup-'));
  try {
    const file = join(dataDir, 'captures.ndjson');
    await writeLog(file, messages);
    const fileBytes = statSync(file).size;
    // Warm the page cache for both sides alike.
    await child('parse', dataDir);
    const parse = await child('parse', dataDir);
    const keep = await child('keep', dataDir);
    const engine = await child('engine', dataDir);
    const emptyDir = mkdtempSync(join(tmpdir(), 'eventbench-startup-empty-'));
    const empty = await child('engine', emptyDir).finally(() => rmSync(emptyDir, { recursive: true, force: true }));
    if (engine.messages !== messages || parse.messages !== messages) throw new Error(`loaded ${engine.messages} / parsed ${parse.messages} of ${messages}`);
    return {
      messages,
      fileBytes,
      parseMs: parse.ms,
      parseRssPerMessage: keep.rssBytes / messages,
      healthMs: engine.healthMs,
      emptyHealthMs: empty.healthMs,
      loadedMs: engine.loadedMs,
      engineRssPerMessage: engine.rssBytes / messages,
      scanMs: keep.scanMs,
      searches: { first: engine.firstMs, fragment: engine.fragmentMs, later: engine.laterMs, every: engine.everyMs },
      searchesWall: { first: engine.firstWallMs, fragment: engine.fragmentWallMs, later: engine.laterWallMs, every: engine.everyWallMs },
      loadedCpuMs: engine.loadedCpuMs,
      parseCpuMs: parse.parseCpuMs,
      found: { first: engine.firstFound, fragment: engine.fragmentFound, later: engine.laterFound, every: engine.everyFound },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
