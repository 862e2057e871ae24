// The engine's simulation clock as the renderer sees it: the last ClockView pushed (or fetched),
// and when it arrived, so "now" can be animated between pushes without asking the engine.
import { useCallback, useSyncExternalStore } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { EngineApi } from '../../../src-shared/api';
import type { ClockView } from '../../../src-shared/sim-clock';
import type { ConnectionSource } from '../state/connection';

export interface SimClockStoreState {
  clock: ClockView | null;
  /** performance.now() when `clock` arrived. */
  receivedAt: number;
}
export type SimClockStore = StoreApi<SimClockStoreState>;

/** The last clock seen by any window of this renderer, for code outside React (the composer's "Now"). */
let latest: SimClockStoreState = { clock: null, receivedAt: 0 };

/** Simulated now as of perfNow, extrapolated from the last view. */
export function simNowFrom(state: SimClockStoreState, perfNow: number = performance.now()): number {
  const c = state.clock;
  if (!c || c.mode === 'live') return Date.now();
  if (c.mode === 'paused' || c.speed === 'max') return c.nowMs;
  return c.nowMs + (perfNow - state.receivedAt) * c.speed;
}

/** The simulation clock's now as an ISO string: what the composer stamps messages with. */
export function simNowIso(): string {
  return new Date(simNowFrom(latest)).toISOString();
}

/**
 * The clock store of one window: `clock.get` on start (and again after a reconnect, as pushes sent
 * while the socket was down are lost), then every `clock.changed` push. Every change of the
 * engine's clock is pushed, so a push is its latest state: an answer to a `clock.get` asked before
 * a push arrived is older news (or the same) and is dropped. Taking whichever came last put the
 * header back to "Clock: Live" when the answer trailed a push of the clock being paused.
 */
export function createSimClockStore(api: EngineApi, connection?: ConnectionSource): SimClockStore & { dispose(): void } {
  const store = createStore<SimClockStoreState>()(() => ({ clock: null, receivedAt: 0 }));
  let pushes = 0;
  const accept = (clock: ClockView) => {
    latest = { clock, receivedAt: performance.now() };
    store.setState(latest);
  };
  const ask = () => {
    const pushesBefore = pushes;
    void api.call('clock.get', undefined).then(
      (clock) => pushes === pushesBefore && accept(clock),
      () => undefined,
    );
  };
  const unsubscribe = api.subscribe((e) => {
    if (e.name !== 'clock.changed') return;
    pushes++;
    accept(e.payload);
  });
  let wasDown = false;
  const unwatch = connection?.subscribe((status) => {
    if (status === 'connected' && wasDown) ask();
    wasDown = status !== 'connected';
  });
  ask();
  return Object.assign(store, {
    dispose: () => {
      unsubscribe();
      unwatch?.();
    },
  });
}

export function useSimClock(store: SimClockStore): SimClockStoreState {
  return useStore(store);
}

/**
 * One simulated now per clock store, shared by every display of it: each display re-read it at
 * its own pace (the header every 500 ms, the controls every 250 ms), so at 600x they disagreed by
 * minutes. The ticker re-reads it at the finest pace asked for while the clock moves, and at once
 * when the clock changes; every display shows the same value.
 */
interface NowTicker {
  now(): number;
  subscribe(intervalMs: number, listener: () => void): () => void;
}

const tickers = new WeakMap<SimClockStore, NowTicker>();

function tickerOf(store: SimClockStore): NowTicker {
  const known = tickers.get(store);
  if (known) return known;
  const listeners = new Map<() => void, number>();
  let now = simNowFrom(store.getState());
  let timer: ReturnType<typeof setInterval> | undefined;
  let timerMs = Infinity;
  const publish = () => {
    now = simNowFrom(store.getState());
    for (const listener of [...listeners.keys()]) listener();
  };
  const schedule = () => {
    const { clock } = store.getState();
    const moving = clock !== null && clock.mode !== 'paused' && clock.speed !== 'max';
    const ms = moving && listeners.size > 0 ? Math.min(...listeners.values()) : Infinity;
    if (ms === timerMs) return;
    if (timer !== undefined) clearInterval(timer);
    timer = ms === Infinity ? undefined : setInterval(publish, ms);
    timerMs = ms;
  };
  store.subscribe(() => {
    publish();
    schedule();
  });
  const ticker: NowTicker = {
    now: () => now,
    subscribe(intervalMs, listener) {
      listeners.set(listener, intervalMs);
      publish(); // a display that mounts shows now, not the value of the last tick, and so do the others
      schedule();
      return () => {
        listeners.delete(listener);
        schedule();
      };
    },
  };
  tickers.set(store, ticker);
  return ticker;
}

/**
 * Simulated now, re-read at least every intervalMs while mounted (the clock moves on its own while
 * running); the same value in every display of the store (see NowTicker).
 */
export function useSimNow(store: SimClockStore, intervalMs = 100): number {
  const ticker = tickerOf(store);
  const subscribe = useCallback((listener: () => void) => ticker.subscribe(intervalMs, listener), [ticker, intervalMs]);
  return useSyncExternalStore(subscribe, ticker.now);
}
