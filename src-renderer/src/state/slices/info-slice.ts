import type { StoreApi } from 'zustand/vanilla';
import type { ConnectionStatus } from '../connection';
import type { AppState, InfoSlice, SliceDeps, UiSlice } from '../types';

type Set = StoreApi<AppState>['setState'];
type Get = StoreApi<AppState>['getState'];

export function createInfoSlice(set: Set, get: Get, deps: SliceDeps, connection: ConnectionStatus): InfoSlice {
  const dismissed = new Set<string>();
  return {
    info: null,
    connection,
    warnings: [],
    writeFailure: null,
    loading: null,
    deriving: null,

    async loadInfo() {
      const info = await deps.api.call('engine.info', undefined);
      const known = new Set(get().warnings);
      const fresh = info.storeWarnings.filter((w) => !known.has(w) && !dismissed.has(w));
      set({ info, writeFailure: info.storeWriteFailure ?? null, loading: info.loading ?? null, deriving: info.deriving ?? null, warnings: fresh.length ? [...get().warnings, ...fresh] : get().warnings });
    },

    noteWarning(w) {
      // A dismissed warning stays dismissed: the engine replays load-time warnings to every new
      // subscriber (a reconnect is one).
      if (dismissed.has(w) || get().warnings.includes(w)) return;
      set({ warnings: [...get().warnings, w] });
    },

    dismissWarning(index) {
      const w = get().warnings[index];
      if (w === undefined) return;
      dismissed.add(w);
      set({ warnings: get().warnings.filter((_, i) => i !== index) });
    },
  };
}

export function createUiSlice(set: Set): UiSlice {
  let nonce = 0;
  return {
    tab: 'inspector',
    setTab: (tab) => set({ tab }),
    composerInbox: null,
    openInComposer: (message, messageJson, source) =>
      set({ composerInbox: { message, ...(messageJson !== undefined ? { messageJson } : {}), ...(source !== undefined ? { source } : {}), nonce: ++nonce }, tab: 'composer' }),
    scenarioInbox: null,
    openScenario: (file, text, example) => set({ scenarioInbox: { file, text, ...(example ? { example } : {}), nonce: ++nonce }, tab: 'scenarios' }),
    sessionInbox: null,
    showSession: (seq) => set({ sessionInbox: { seq, nonce: ++nonce }, tab: 'sessions' }),
  };
}
