// The renderer's simulation clock on connect: the `clock.get` it asks for and the `clock.changed`
// pushes race. A push is the engine's latest state, so an answer to a question asked before it
// must not overwrite it (the header showed the clock as it was before the push: "Clock: Live"
// after a scenario had paused it). After a reconnect the clock is asked for again.
import { describe, expect, it } from 'vitest';
import type { EngineApi, EngineEvent } from '../../../src-shared/api';
import type { ClockView } from '../../../src-shared/sim-clock';
import { createConnectionSource } from '../../../src-renderer/src/state/connection';
import { createSimClockStore } from '../../../src-renderer/src/sessions/sim-clock-store';

const live: ClockView = { mode: 'live', now: '2026-01-01T09:00:00.000Z', nowMs: Date.parse('2026-01-01T09:00:00Z'), offsetMs: 0, speed: 1 };
const paused: ClockView = { mode: 'paused', now: '2026-01-01T10:00:00.000Z', nowMs: Date.parse('2026-01-01T10:00:00Z'), offsetMs: 3_600_000, speed: 1 };

function fakeApi() {
  const listeners = new Set<(e: EngineEvent) => void>();
  const answers: ((v: ClockView) => void)[] = [];
  const api = {
    call: (name: string) => {
      if (name !== 'clock.get') throw new Error(`unexpected ${name}`);
      return new Promise<ClockView>((resolve) => answers.push(resolve));
    },
    subscribe: (l: (e: EngineEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
  } as unknown as EngineApi;
  const push = (view: ClockView) => listeners.forEach((l) => l({ name: 'clock.changed', payload: view } as EngineEvent));
  return { api, answers, push };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the simulation clock store on connect', () => {
  it('keeps a clock.changed push that arrives before the answer to clock.get', async () => {
    const { api, answers, push } = fakeApi();
    const store = createSimClockStore(api);
    push(paused);
    answers[0](live); // asked before the push, answered after it
    await settle();
    expect(store.getState().clock).toEqual(paused);
  });

  it('takes the answer when no push came meanwhile, and later pushes over it', async () => {
    const { api, answers, push } = fakeApi();
    const store = createSimClockStore(api);
    answers[0](paused);
    await settle();
    expect(store.getState().clock).toEqual(paused);
    push(live);
    expect(store.getState().clock).toEqual(live);
  });

  it('asks again after a reconnect (pushes were missed while down)', async () => {
    const { api, answers } = fakeApi();
    const connection = createConnectionSource('connecting');
    const store = createSimClockStore(api, connection);
    connection.set('connected');
    answers[0](live);
    await settle();
    connection.set('disconnected');
    connection.set('connected');
    expect(answers).toHaveLength(2);
    answers[1](paused);
    await settle();
    expect(store.getState().clock).toEqual(paused);
  });
});
