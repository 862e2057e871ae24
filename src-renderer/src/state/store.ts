// createAppStore(api): a fresh vanilla zustand store per window (and per test), fed by the
// engine's event stream. `messages.added` batches are queued and flushed once per animation
// frame, so a burst of 1,000 messages is one state update, not 1,000. A client that fell behind
// gets `messages.behind` {lastSeq} instead of the rows it could not take (see src-main/web/ws.ts)
// and pages them in, a page at a time, yielding to the UI between pages.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineApi, EngineEvent } from '../../../src-shared/api';
import type { MessageSummary } from '../../../src-shared/capture';
import { decodeSummaries } from '../../../src-shared/summary-columns';
import { lastSeq } from './derive';
import { createFiltersSlice } from './slices/filters-slice';
import { forgetEventTimes } from './event-times';
import { createInfoSlice, createUiSlice } from './slices/info-slice';
import { createMatchingSlice } from './slices/matching-slice';
import { createMessagesSlice, yieldToUi } from './slices/messages-slice';
import { createSelectionSlice } from './slices/selection-slice';
import { createWebhooksSlice } from './slices/webhooks-slice';
import type { AppState, SliceDeps, StoreOptions } from './types';

export type AppStore = StoreApi<AppState>;

function defaultScheduleFrame(cb: () => void): void {
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => unknown }).requestAnimationFrame;
  if (raf) raf(cb);
  else setTimeout(cb, 16);
}

/** Rows per messages.page while catching up. */
const CATCH_UP_PAGE = 5000;

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
  /** Catching up after messages.behind: the seq to reach (rows pushed meanwhile only raise it). */
  let catchingUp = false;
  let catchUpTo = 0;
  let clears = 0;
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

    /** Pages in the rows up to catchUpTo (messages.behind), then resumes taking pushed rows. */
    async function catchUp() {
      if (catchingUp) return;
      catchingUp = true;
      const clearsAtStart = clears;
      let failed = false;
      try {
        flush(); // rows pushed before the notice come first
        for (;;) {
          const after = lastSeq(get().rows);
          if (after >= catchUpTo) break;
          const page = await api.call('messages.page', { afterSeq: after, limit: CATCH_UP_PAGE });
          if (disposed || clears !== clearsAtStart) break;
          const rows = decodeSummaries(page.columns);
          if (rows.length === 0) break;
          get().ingest(rows);
          filters.refreshSearch();
          await yieldToUi(); // let the UI paint and take input between pages
          if (disposed || clears !== clearsAtStart) break;
        }
      } catch (e) {
        failed = true;
        console.warn('eventbench: catching up with the capture log failed', e); // a reconnect reloads everything
      } finally {
        catchingUp = false;
      }
      // Cleared meanwhile: rows pushed since the clear were held back for this catch-up.
      if (!failed && !disposed && clears !== clearsAtStart && catchUpTo > lastSeq(get().rows)) void catchUp();
    }

    function onEvent(event: EngineEvent) {
      switch (event.name) {
        case 'messages.behind':
          catchUpTo = Math.max(catchUpTo, event.payload.lastSeq);
          void catchUp();
          break;
        case 'messages.added':
          if (catchingUp) {
            // Paged in with the rest (a page reaches the log's end): taking them now would skip the gap.
            const last = event.payload.at(-1);
            if (last) catchUpTo = Math.max(catchUpTo, last.seq);
            break;
          }
          for (const s of event.payload) queue.push(s);
          if (!frameScheduled) {
            frameScheduled = true;
            scheduleFrame(flush);
          }
          break;
        case 'messages.cleared':
          queue = []; // queued rows predate the clear
          forgetEventTimes();
          clears++;
          catchUpTo = 0;
          selection.clearCache();
          get().onCleared();
          void get().loadMatching();
          break;
        case 'matching.changed':
          get().matchingChanged(event.payload);
          break;
        case 'store.warning':
          get().noteWarning(event.payload.message);
          break;
        case 'store.loading':
          set({ loading: event.payload.loading });
          break;
        case 'derived.progress':
          set({ deriving: event.payload.progress });
          break;
        case 'store.writeStatus':
          set({ writeFailure: event.payload.failure });
          break;
        case 'workspace.changed':
          // Findings and "has problems" follow the workspace: re-read the rows and the open detail.
          set({ workspaceView: event.payload });
          selection.clearCache();
          void get()
            .loadMessages()
            .then(() => {
              const seq = get().selectedSeq;
              if (seq !== null) get().selectMessage(seq);
            });
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
      workspaceView: null,
      async loadWorkspace() {
        set({ workspaceView: await deps.api.call('workspace.get', undefined) });
      },
      async saveWorkspace(workspace) {
        const view = await deps.api.call('workspace.save', workspace);
        set({ workspaceView: view });
        return view;
      },
      ...createInfoSlice(set, get, deps, connection?.get() ?? 'connected'),
      clearMessages: async () => {
        await messages.clearMessages();
        selection.clearCache();
      },
      async init() {
        // A full reload (start, or a reconnect after missed events): the log may have been cleared
        // meanwhile and its seqs reused, so nothing cached by seq can be trusted.
        forgetEventTimes();
        selection.clearCache();
        const results = await Promise.allSettled([get().loadInfo(), get().loadMessages(), get().loadWebhooks(), get().loadMatching(), get().loadWorkspace()]);
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
