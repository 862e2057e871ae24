// createAppStore(api): a fresh vanilla zustand store per window (and per test), fed by the
// engine's event stream. `messages.added` batches are queued and flushed once per animation
// frame, so a burst of 1,000 messages is one state update, not 1,000.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineApi, EngineEvent } from '../../../src-shared/api';
import type { MessageSummary } from '../../../src-shared/capture';
import { createFiltersSlice } from './slices/filters-slice';
import { createInfoSlice, createUiSlice } from './slices/info-slice';
import { createMatchingSlice } from './slices/matching-slice';
import { createMessagesSlice } from './slices/messages-slice';
import { createSelectionSlice } from './slices/selection-slice';
import { createWebhooksSlice } from './slices/webhooks-slice';
import type { AppState, SliceDeps, StoreOptions } from './types';

export type AppStore = StoreApi<AppState>;

function defaultScheduleFrame(cb: () => void): void {
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => unknown }).requestAnimationFrame;
  if (raf) raf(cb);
  else setTimeout(cb, 16);
}

export function createAppStore(api: EngineApi, options: StoreOptions = {}): AppStore {
  const deps: SliceDeps = {
    api,
    setTimer: options.setTimer ?? ((cb, ms) => setTimeout(cb, ms)),
    clearTimer: options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)),
    searchDebounceMs: options.searchDebounceMs ?? 100,
  };
  const scheduleFrame = options.scheduleFrame ?? defaultScheduleFrame;
  const connection = options.connection;

  let queue: MessageSummary[] = [];
  let frameScheduled = false;
  let disposed = false;
  const cleanups: (() => void)[] = [];

  const store = createStore<AppState>()((set, get) => {
    const filters = createFiltersSlice(set, get, deps);
    const selection = createSelectionSlice(set, get, deps);
    const messages = createMessagesSlice(set, get, deps);

    function flush() {
      frameScheduled = false;
      if (disposed || queue.length === 0) return;
      const batch = queue;
      queue = [];
      get().ingest(batch);
      filters.refreshSearch();
    }

    function onEvent(event: EngineEvent) {
      switch (event.name) {
        case 'messages.added':
          for (const s of event.payload) queue.push(s);
          if (!frameScheduled) {
            frameScheduled = true;
            scheduleFrame(flush);
          }
          break;
        case 'messages.cleared':
          queue = []; // queued rows predate the clear
          selection.clearCache();
          get().onCleared();
          void get().loadMatching();
          break;
        case 'matching.changed':
          void get().loadMatching();
          break;
        case 'store.warning': {
          const w = event.payload.message;
          if (!get().warnings.includes(w)) set({ warnings: [...get().warnings, w] });
          break;
        }
        case 'store.writeStatus':
          set({ writeFailure: event.payload.failure });
          break;
        case 'webhooks.changed':
          set({ webhooks: event.payload, webhooksLoaded: true });
          break;
        default:
          break; // sender.delivery: the composer subscribes to it itself
      }
    }

    cleanups.push(api.subscribe(onEvent));
    if (connection) {
      let wasDown = false;
      cleanups.push(
        connection.subscribe((status) => {
          set({ connection: status });
          if (status === 'connected' && wasDown) void get().init(); // events were missed: reload
          wasDown = status !== 'connected';
        }),
      );
    }
    cleanups.push(() => filters.dispose());

    return {
      ...messages,
      ...filters.slice,
      ...selection.slice,
      ...createUiSlice(set),
      ...createWebhooksSlice(set, get, deps),
      ...createMatchingSlice(set, get, deps),
      ...createInfoSlice(set, get, deps, connection?.get() ?? 'connected'),
      clearMessages: async () => {
        await messages.clearMessages();
        selection.clearCache();
      },
      async init() {
        const results = await Promise.allSettled([get().loadInfo(), get().loadMessages(), get().loadWebhooks(), get().loadMatching()]);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) console.warn('eventbench: start-up load failed', failed.reason);
      },
      dispose() {
        disposed = true;
        queue = [];
        for (const c of cleanups.splice(0)) c();
      },
    };
  });
  return store;
}
