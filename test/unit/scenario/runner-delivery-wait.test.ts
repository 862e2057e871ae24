// How long a `via: sender` step waits for its delivery's result. The sender ends every delivery
// itself (delivered, or failed once its retries are spent); the runner's own limit is only a net
// for a sender that never answers, so it must outlast the sender's slowest failure: analytics-node
// retries an unreachable host 3 times with 1-2, 2-4 and 4-8 s of backoff (7-14 s before "failed",
// up to 40 s more when each attempt waits out its 10 s timeout). The fake timers stand in for that
// time; no test sleeps.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../../src-main/replay/load';
import { runScenario } from '../../../src-main/replay/scenario-runner';
import type { Delivery, EngineApi, EngineEvent } from '../../../src-shared/api';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** An engine that takes the scenario's set-up and sends, and whose one delivery fails when told. */
function fakeEngine() {
  const listeners = new Set<(e: EngineEvent) => void>();
  let sent: ((d: Delivery) => void) | undefined;
  const delivery: Delivery = { id: 'd-1', sendId: 's-1', index: 0, messageId: 'm', target: { kind: 'custom', host: 'http://127.0.0.1:1' }, state: 'pending', attempts: [], startedAt: '2026-01-01T09:00:00.000Z' };
  const api = {
    call: async (name: string) => {
      switch (name) {
        case 'messages.page':
          return { lastSeq: 0 };
        case 'clock.act':
          return { nowMs: Date.UTC(2026, 0, 1, 9) };
        case 'sender.send':
          return { sendId: 's-1', deliveries: [delivery] };
        default:
          throw new Error(`unexpected command ${name}`);
      }
    },
    subscribe: (listener: (e: EngineEvent) => void) => {
      listeners.add(listener);
      sent = (d) => listeners.forEach((l) => l({ name: 'sender.delivery', payload: d } as EngineEvent));
      return () => listeners.delete(listener);
    },
  } as unknown as EngineApi;
  return { api, fail: () => sent?.({ ...delivery, state: 'failed', attempts: [{ error: 'connect ECONNREFUSED' }] } as unknown as Delivery) };
}

describe('a via: sender step waits for the sender to finish the delivery', () => {
  it('a delivery that fails after 14 s of retries (and after 54 s of timeouts) is judged "failed", not "no delivery result within 15 s"', async () => {
    const loaded = loadScenario('name: dead host\nsteps:\n  - id: s\n    send: { via: sender, target: { kind: custom, host: "http://127.0.0.1:1" }, message: { type: track, userId: u, event: E } }\n  - expect: { delivery: { step: s, state: failed } }\n', 'x.scenario.yaml');
    if (!loaded.ok) throw new Error('expected a valid scenario');
    const engine = fakeEngine();
    const run = runScenario({ api: engine.api, url: 'http://127.0.0.1:9' }, loaded.scenario);
    await vi.advanceTimersByTimeAsync(54_000);
    engine.fail();
    const r = await run;
    expect(r.steps.map((s) => s.error ?? s.status)).toEqual(['passed', 'passed']);
  });

  it('a sender that never ends the delivery: the step errs after 120 s, saying how long it waited, and the run goes on', async () => {
    const loaded = loadScenario('name: silent\nsteps:\n  - id: s\n    send: { via: sender, target: { kind: custom, host: "http://127.0.0.1:1" }, message: { type: track, userId: u, event: E } }\n  - advance: 1s\n', 'x.scenario.yaml');
    if (!loaded.ok) throw new Error('expected a valid scenario');
    let ended = false;
    const run = runScenario({ api: fakeEngine().api, url: 'http://127.0.0.1:9' }, loaded.scenario).finally(() => (ended = true));
    await vi.advanceTimersByTimeAsync(119_999);
    expect(ended).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const r = await run;
    expect(r.steps.map((s) => s.error ?? s.status)).toEqual(['no delivery result within 120 s', 'passed']);
  });
});
