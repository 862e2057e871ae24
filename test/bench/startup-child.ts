// One side of the start-up bench (startup.ts), in a process of its own; prints one JSON line.
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../src-main/engine';
import { builtIngestWorker } from '../../src-main/ingest/ingest-runner';

const [mode, dataDir] = process.argv.slice(2);
// What the search part times: a selective text first (about 220 rows), then a JSON fragment (the
// first one also finds which rows are spaced), a later selective text, and one every row matches.
const SEARCHES = { first: 'user-4242', fragment: '"userid":"user-4242"', later: 'm-99999', every: 'goal completed' };
/** This process's CPU time (all threads), so that waiting for a core on a busy machine does not count. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/**
 * CPU time of this (the main) thread alone, from Linux's schedstat (nanoseconds): the GC's helper
 * threads, which mark a heap of gigabytes concurrently after a big load, are not counted, and
 * waiting for a core on a busy machine is not either. Elsewhere: the process's CPU time.
 */
const mainThreadCpuMs = (() => {
  const file = `/proc/self/task/${process.pid}/schedstat`;
  try {
    readFileSync(file, 'utf8');
  } catch {
    return cpuMs;
  }
  return () => Number(readFileSync(file, 'utf8').split(' ')[0]) / 1e6;
})();
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

gc();
const rssBefore = process.memoryUsage().rss;
if (mode === 'parse' || mode === 'keep') {
  // Baselines: a plain read of the file in 1 MiB chunks with JSON.parse per line ('parse'), and
  // what a bare server that keeps each message's text holds ('keep': its RSS counts).
  const keep = mode === 'keep';
  const t0 = performance.now();
  const c0 = cpuMs();
  const kept: string[] = [];
  let messages = 0;
  let carry = '';
  for await (const chunk of createReadStream(join(dataDir, 'captures.ndjson'), { highWaterMark: 1 << 20, encoding: 'utf8' })) {
    const lines = (carry + (chunk as string)).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = JSON.parse(line) as { seq?: number };
      if (parsed.seq !== undefined) messages++;
      if (keep) kept.push(line);
    }
  }
  const ms = performance.now() - t0;
  const parseCpuMs = cpuMs() - c0;
  gc();
  const rssBytes = process.memoryUsage().rss - rssBefore;
  // Baseline for a search: the bare server's scan of the texts it keeps (case-sensitive, no JSON rule).
  let scanMs = NaN;
  if (keep) {
    const t1 = mainThreadCpuMs();
    let hits = 0;
    for (const line of kept) if (line.includes(SEARCHES.first)) hits++;
    scanMs = mainThreadCpuMs() - t1;
    if (hits === 0) throw new Error('the baseline scan found nothing');
  }
  console.log(JSON.stringify({ ms, parseCpuMs, messages, rssBytes, kept: kept.length, scanMs }));
} else {
  const t0 = performance.now();
  const c0 = cpuMs();
  // The ingest worker as the app runs it (the CLI and the Electron shell): `npm run bench` builds it.
  const ingestWorker = builtIngestWorker(new URL('../../out/main/cli.js', import.meta.url).href);
  if (!ingestWorker) throw new Error('out/main/ingest-worker.js is missing: run npm run build first');
  const engine = await createEngine({ dataDir, port: 0, shell: 'test', log: () => undefined, ingestWorker });
  const health = await fetch(`${engine.url}/api/health`);
  if (health.status !== 200) throw new Error(`health answered ${health.status}`);
  await health.json();
  const healthMs = performance.now() - t0;
  await engine.loaded;
  const loadedMs = performance.now() - t0;
  const loadedCpuMs = cpuMs() - c0;
  gc();
  const rssBytes = process.memoryUsage().rss - rssBefore;
  // Searches after the restart, as the inspector asks them (the first one of each kind, then later
  // ones), in the main thread's CPU time like the baseline's scan, and in wall time.
  const searched: Record<string, number> = {};
  for (const [key, text] of Object.entries(SEARCHES)) {
    const t1 = mainThreadCpuMs();
    const w1 = performance.now();
    const seqs = (await engine.call('messages.search', { text })) as number[];
    searched[`${key}Ms`] = mainThreadCpuMs() - t1;
    searched[`${key}WallMs`] = performance.now() - w1;
    searched[`${key}Found`] = seqs.length;
  }
  console.log(JSON.stringify({ healthMs, loadedMs, loadedCpuMs, messages: engine.info().messageCount, rssBytes, ...searched }));
  await engine.close();
}
