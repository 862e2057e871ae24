// Starts a real engine in-process on a free port in a fresh temp data dir.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineApi } from '../../../src-shared/api';
import { createEngine, type Engine, type EngineOptions } from '../../../src-main/engine';

export interface TestEngine {
  engine: Engine;
  dataDir: string;
  /** Engine warnings printed while running (instead of stderr). */
  logged: string[];
  /** Resolves with the first line logged (so far or from now on) that matches. */
  untilLogged(pattern: RegExp): Promise<string>;
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
  const logWaiters = new Set<(line: string) => void>();
  const log = (line: string) => {
    logged.push(line);
    for (const w of [...logWaiters]) w(line);
  };
  const ingestWorker = TEST_INGEST_MODE === 'worker' ? SOURCE_INGEST_WORKER : undefined;
  // The log loads in the background; these tests start from the loaded log (start-up.test.ts tests the load itself).
  const start = async () => {
    const engine = await createEngine({ dataDir, port: 0, shell: 'test', log, ingestWorker, ...extra });
    await engine.loaded;
    return engine;
  };
  const t: TestEngine = {
    engine: await start(),
    dataDir,
    logged,
    untilLogged: (pattern) =>
      new Promise((resolve) => {
        const seen = logged.find((l) => pattern.test(l));
        if (seen !== undefined) return resolve(seen);
        const w = (line: string) => {
          if (!pattern.test(line)) return;
          logWaiters.delete(w);
          resolve(line);
        };
        logWaiters.add(w);
      }),
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

/**
 * Resolves with check()'s first truthy value, checked now and again on every event the engine
 * pushes (no polling, no clock: whatever the check waits for is announced by an event).
 */
export function eventually<T>(engine: EngineApi, check: () => T | Promise<T>): Promise<NonNullable<T>> {
  return new Promise((resolve, reject) => {
    let done = false;
    let running = false;
    let again = false;
    const off = engine.subscribe(() => void run());
    const run = async () => {
      if (done) return;
      if (running) return void (again = true);
      running = true;
      try {
        do {
          again = false;
          const v = await check();
          if (v) {
            done = true;
            off();
            return resolve(v as NonNullable<T>);
          }
        } while (again && !done);
      } catch (e) {
        done = true;
        off();
        reject(e);
      } finally {
        running = false;
      }
    };
    void run();
  });
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
