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
/** The engine the rows on screen were last rendered with: asked at flush time, not when queued. */
let currentApi: EngineApi | undefined;
const MAX_CACHED = 20_000;

function flush(): void {
  flushTimer = undefined;
  const api = currentApi;
  if (!api || wanted.size === 0) return;
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
    () => undefined, // disconnected: the column stays empty until the rows are shown again (or the reload after a reconnect)
  );
  if (wanted.size > 0) flushTimer ??= setTimeout(flush, 0);
}

/**
 * The log was cleared (seqs may be reused), or the app reloads after a reconnect: nothing cached
 * holds, and an answer in flight is dropped. The rows on screen ask again.
 */
export function forgetEventTimes(): void {
  generation++;
  cache.clear();
  wanted.clear();
  for (const seq of listeners.keys()) wanted.add(seq);
  if (wanted.size > 0) flushTimer ??= setTimeout(flush, 30);
}

export function useEventTime(api: EngineApi, seq: number): string | null | undefined {
  const [, bump] = useState(0);
  useEffect(() => {
    currentApi = api;
    // Listened to even when cached: a reload forgets the cache and asks again for the rows on screen.
    const listener = () => bump((n) => n + 1);
    let set = listeners.get(seq);
    if (!set) listeners.set(seq, (set = new Set()));
    set.add(listener);
    if (!cache.has(seq)) {
      wanted.add(seq);
      flushTimer ??= setTimeout(flush, 30);
    }
    return () => {
      set!.delete(listener);
      if (set!.size === 0) listeners.delete(seq);
    };
  }, [api, seq]);
  return cache.get(seq);
}
