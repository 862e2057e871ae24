// Starts a real engine in-process on a free port in a fresh temp data dir.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine, type EngineOptions } from '../../../src-main/engine';

export interface TestEngine {
  engine: Engine;
  dataDir: string;
  /** Engine warnings printed while running (instead of stderr). */
  logged: string[];
  /** Closes and starts again on the same data dir. */
  restart(): Promise<Engine>;
  dispose(): Promise<void>;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'eventbench-it-'));
}

/**
 * The ingest worker from source. The vitest project "ingest-worker" (test/vitest.config.ts) sets
 * EVENTBENCH_TEST_INGEST=worker to run the receiver's tests again with it.
 */
export const SOURCE_INGEST_WORKER = { url: new URL('./ingest-worker-source.mjs', import.meta.url) };
export const TEST_INGEST_MODE = process.env.EVENTBENCH_TEST_INGEST === 'worker' ? 'worker' : 'in-thread';

export async function startTestEngine(extra: Partial<EngineOptions> = {}): Promise<TestEngine> {
  const dataDir = extra.dataDir ?? (await makeDataDir());
  const logged: string[] = [];
  const ingestWorker = TEST_INGEST_MODE === 'worker' ? SOURCE_INGEST_WORKER : undefined;
  const start = () => createEngine({ dataDir, port: 0, shell: 'test', log: (l) => logged.push(l), ingestWorker, ...extra });
  const t: TestEngine = {
    engine: await start(),
    dataDir,
    logged,
    async restart() {
      await t.engine.close();
      t.engine = await start();
      return t.engine;
    },
    async dispose() {
      await t.engine.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

/** Polls until check() returns a truthy value (or throws after timeoutMs). */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}
