// One side of the start-up bench (startup.ts), in a process of its own; prints one JSON line.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../src-main/engine';

const [mode, dataDir] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

gc();
const rssBefore = process.memoryUsage().rss;
if (mode === 'parse' || mode === 'keep') {
  // Baselines: a plain read of the file in 1 MiB chunks with JSON.parse per line ('parse'), and
  // what a bare server that keeps each message's text holds ('keep': its RSS counts).
  const keep = mode === 'keep';
  const t0 = performance.now();
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
  gc();
  console.log(JSON.stringify({ ms, messages, rssBytes: process.memoryUsage().rss - rssBefore, kept: kept.length }));
} else {
  const t0 = performance.now();
  const engine = await createEngine({ dataDir, port: 0, shell: 'test', log: () => undefined });
  const health = await fetch(`${engine.url}/api/health`);
  if (health.status !== 200) throw new Error(`health answered ${health.status}`);
  await health.json();
  const healthMs = performance.now() - t0;
  await engine.loaded;
  const loadedMs = performance.now() - t0;
  gc();
  console.log(JSON.stringify({ healthMs, loadedMs, messages: engine.info().messageCount, rssBytes: process.memoryUsage().rss - rssBefore }));
  await engine.close();
}
