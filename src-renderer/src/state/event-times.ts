// Event times for the rows on screen: the message's own originalTimestamp/timestamp, asked of the
// engine in batches as rows appear (messages.eventTimes) and cached by seq. Rows never carry it:
// a million rows would hold a million strings for a column only a screenful of them shows.
import { useEffect, useState } from 'react';
import type { EngineApi } from '../../../src-shared/api';

const cache = new Map<number, string | null>();
const wanted = new Set<number>();
const listeners = new Map<number, Set<() => void>>();
let flushTimer: ReturnType<typeof setTimeout> | undefined;
let generation = 0;
const MAX_CACHED = 20_000;

function flush(api: EngineApi): void {
  flushTimer = undefined;
  const seqs = [...wanted].slice(0, 2000);
  for (const s of seqs) wanted.delete(s);
  const gen = generation;
  api.call('messages.eventTimes', { seqs }).then(
    (times) => {
      if (gen !== generation) return;
      if (cache.size > MAX_CACHED) cache.clear();
      seqs.forEach((s, i) => {
        cache.set(s, times[i] ?? null);
        for (const l of listeners.get(s) ?? []) l();
      });
    },
    () => undefined, // disconnected: the column stays empty until the rows are shown again
  );
  if (wanted.size > 0) flushTimer = setTimeout(() => flush(api), 0);
}

/** The log was cleared: seqs may be reused. */
export function forgetEventTimes(): void {
  generation++;
  cache.clear();
  wanted.clear();
}

export function useEventTime(api: EngineApi, seq: number): string | null | undefined {
  const [, bump] = useState(0);
  useEffect(() => {
    if (cache.has(seq)) return;
    const listener = () => bump((n) => n + 1);
    let set = listeners.get(seq);
    if (!set) listeners.set(seq, (set = new Set()));
    set.add(listener);
    wanted.add(seq);
    flushTimer ??= setTimeout(() => flush(api), 30);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) listeners.delete(seq);
    };
  }, [api, seq]);
  return cache.get(seq);
}
