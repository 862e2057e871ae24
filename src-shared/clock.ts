// Time is injected: engine and domain code never call Date.now() or setTimeout directly, so the
// session simulator and the scenario replayer can run on a virtual clock.
export type TimerHandle = { readonly id: number } | object;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The wall clock. Lives in src-shared only as a value the shells pass in; domain code takes a Clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as TimerHandle,
  clearTimeout: (h) => globalThis.clearTimeout(h as unknown as number),
};
