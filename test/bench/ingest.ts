// Ingest benchmark: messages/s through /v1/batch (100 per batch) into the real engine with its
// capture log on disk, against a bare node:http server that only parses the JSON and answers 200.
// Both servers run in their own process; this process is the load generator for both.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '../..');

export function makeBatch(batchNo: number, size = 100): string {
  const batch = [];
  for (let i = 0; i < size; i++) {
    const n = batchNo * size + i;
    batch.push({
      type: 'track',
      event: n % 3 === 0 ? 'Notification Clicked' : 'Feature Used',
      userId: `user-${n % 5000}`,
      anonymousId: `anon-${n % 7000}`,
      messageId: `bench-${batchNo}-${i}`,
      timestamp: new Date(1_700_000_000_000 + n * 1000).toISOString(),
      properties: { notificationId: `n-${n % 40}`, notificationName: 'Recent signups', module: 'dashboard', plan: 'pro', value: n },
      context: { library: { name: '@segment/analytics-node', version: '3.1.0' }, ip: '10.0.0.1', userAgent: 'bench' },
    });
  }
  return JSON.stringify({ batch, writeKey: 'bench-write-key', sentAt: new Date().toISOString() });
}

/** Starts a server script and resolves with its URL, read from the first stdout line that has one. */
async function startServer(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const m = /(http:\/\/[^\s]+)/.exec(line);
      if (m) resolve(m[1]!.replace(/\/$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, child };
}

async function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(`${url}/v1/batch`);
    const req = request(
      { agent, host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `batches` pre-built batches with `concurrency` connections; returns messages per second. */
async function load(url: string, bodies: string[], concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const status = await post(agent, url, bodies[next++]!);
        if (status !== 200) throw new Error(`unexpected status ${status}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return (bodies.length * 100) / seconds;
}

export async function benchIngest(batches = 400, concurrency = 8): Promise<{ bare: number; engine: number }> {
  const bodies = Array.from({ length: batches }, (_, i) => makeBatch(i));
  const warm = bodies.slice(0, 20);
  const dataDir = mkdtempSync(join(tmpdir(), 'eventbench-bench-'));
  const bare = await startServer([join(import.meta.dirname, 'bare-server.mjs')]);
  const engine = await startServer([join(root, 'src-main/cli/eventbench.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--no-open']);
  try {
    // Alternate runs so neither server benefits from a warmer machine; keep the best of each.
    let bareRate = 0;
    let engineRate = 0;
    await load(bare.url, warm, concurrency);
    await load(engine.url, warm.map((b) => b.replace(/bench-/g, 'warm-')), concurrency);
    for (let round = 0; round < 3; round++) {
      bareRate = Math.max(bareRate, await load(bare.url, bodies, concurrency));
      const fresh = bodies.map((b) => b.replace(/bench-/g, `r${round}-`)); // unique messageIds each round
      engineRate = Math.max(engineRate, await load(engine.url, fresh, concurrency));
    }
    return { bare: bareRate, engine: engineRate };
  } finally {
    bare.child.kill();
    engine.child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
