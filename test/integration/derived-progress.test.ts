// Matching and sessions read the whole capture log back after a restart (on first use: the UI's
// subscription), and answer once they have. Over a big log that takes seconds, so the engine says
// how far they are: `derived.progress` events after each read, then null, and `deriving` in
// GET /api/health meanwhile. Over real sockets: the log is filled over HTTP, the engine restarted.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src-shared/api';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const MESSAGES = 2_600;

async function fill(url: string): Promise<void> {
  for (let from = 0; from < MESSAGES; from += 200) {
    const batch = Array.from({ length: 200 }, (_, i) => ({ type: 'track', event: 'Tour Start', anonymousId: `a-${(from + i) % 50}`, userId: `u-${from + i}`, messageId: `m-${from + i}` }));
    const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ batch }) });
    expect(res.status).toBe(200);
  }
}

describe('derived views catching up on a big log', () => {
  it('pushes their progress after each read of the log, then null; health says it meanwhile, and nothing once done', async () => {
    t = await startTestEngine();
    await fill(t.engine.url);
    const engine = await t.restart();

    const events: EngineEvent[] = [];
    const health: unknown[] = [];
    engine.subscribe((e) => {
      events.push(e);
      // Asked while the catch-up runs (the first progress event), health says it too.
      if (e.name === 'derived.progress' && e.payload.progress !== null && health.length === 0) health.push(engine.info().deriving);
    });
    // Matching's status waits for every capture to be in.
    const status = await engine.call('matching.status', undefined);
    expect(status.messagesSeen).toBe(MESSAGES);

    const told = events.filter((e) => e.name === 'derived.progress').map((e) => (e.name === 'derived.progress' ? e.payload.progress : undefined));
    expect(told.length).toBeGreaterThanOrEqual(2);
    expect(told.at(-1)).toBeNull();
    const during = told.slice(0, -1) as { fed: number; total: number }[];
    expect(during[0]).toEqual({ fed: 1000, total: MESSAGES });
    for (const p of during) expect(p.total).toBe(MESSAGES);
    expect(during.map((p) => p.fed)).toEqual([...during.map((p) => p.fed)].sort((a, b) => a - b));
    expect(health).toEqual([{ fed: 1000, total: MESSAGES }]);

    const after = (await (await fetch(`${engine.url}/api/health`)).json()) as Record<string, unknown>;
    expect(after.deriving).toBeUndefined();
    expect(after.messageCount).toBe(MESSAGES);
  });

  it('a live burst (one read) pushes no progress', async () => {
    t = await startTestEngine();
    const events: EngineEvent[] = [];
    t.engine.subscribe((e) => events.push(e));
    await fill(t.engine.url);
    const status = await t.engine.call('matching.status', undefined);
    expect(status.messagesSeen).toBe(MESSAGES);
    expect(events.filter((e) => e.name === 'derived.progress')).toEqual([]);
  });
});
