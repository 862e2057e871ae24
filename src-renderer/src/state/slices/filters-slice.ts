import type { StoreApi } from 'zustand/vanilla';
import { decodeSeqRuns } from '../../../../src-shared/seq-runs';
import { EMPTY_FILTERS } from '../filter-logic';
import { RowList } from '../row-list';
import { deriveView, errorMessage, lastSeq, pausedView } from '../derive';
import type { AppState, FiltersSlice, SliceDeps } from '../types';

type Set = StoreApi<AppState>['setState'];
type Get = StoreApi<AppState>['getState'];

export interface FiltersInternals {
  slice: FiltersSlice;
  /** Re-runs the current search because new rows arrived; debounced. */
  refreshSearch(): void;
  dispose(): void;
}

export function createFiltersSlice(set: Set, get: Get, deps: SliceDeps): FiltersInternals {
  let timer: unknown = null;
  let searchToken = 0;

  async function runSearch(text: string) {
    const token = ++searchToken;
    set({ searchPending: true });
    try {
      // As runs: a search that matches most of millions of rows comes back in a few numbers.
      const runs = await deps.api.call('messages.search', { text, runs: true });
      if (token !== searchToken) return; // a newer search superseded this one
      const s = get();
      const filters = { ...s.filters, text };
      const searchSeqs = decodeSeqRuns(runs);
      set({
        filters,
        searchSeqs,
        searchPending: false,
        searchError: null,
        ...deriveView(s.rows, filters, searchSeqs, s.paused, s.pausedAtSeq),
      });
    } catch (e) {
      if (token !== searchToken) return;
      set({ searchPending: false, searchError: `Search failed: ${errorMessage(e)}` });
    }
  }

  function schedule(text: string) {
    if (timer !== null) deps.clearTimer(timer);
    timer = deps.setTimer(() => {
      timer = null;
      void runSearch(text);
    }, deps.searchDebounceMs);
  }

  const slice: FiltersSlice = {
    filters: EMPTY_FILTERS,
    searchInput: '',
    searchSeqs: null,
    searchPending: false,
    searchError: null,
    visible: RowList.EMPTY,
    view: RowList.EMPTY,
    paused: false,
    pausedAtSeq: 0,
    newWhilePaused: 0,
    knownTypes: [],
    knownEndpoints: [],
    knownProfiles: [],

    setFilter(patch) {
      const s = get();
      const filters = { ...s.filters, ...patch };
      set({ filters, ...deriveView(s.rows, filters, s.searchSeqs, s.paused, s.pausedAtSeq) });
    },

    setSearchText(input) {
      set({ searchInput: input });
      const text = input.trim();
      if (text === '') {
        if (timer !== null) deps.clearTimer(timer);
        timer = null;
        searchToken++;
        const s = get();
        const filters = { ...s.filters, text: '' };
        set({
          filters,
          searchSeqs: null,
          searchPending: false,
          searchError: null,
          ...deriveView(s.rows, filters, null, s.paused, s.pausedAtSeq),
        });
        return;
      }
      schedule(text);
    },

    clearFilters() {
      get().setSearchText('');
      get().setFilter({ ...EMPTY_FILTERS });
    },

    setPaused(paused) {
      const s = get();
      if (paused === s.paused) return;
      const pausedAtSeq = paused ? lastSeq(s.rows) : 0;
      set({ paused, pausedAtSeq, ...pausedView(s.visible, paused, pausedAtSeq) });
    },
  };

  return {
    slice,
    refreshSearch() {
      const text = get().filters.text;
      if (text) schedule(text);
    },
    dispose() {
      if (timer !== null) deps.clearTimer(timer);
      timer = null;
      searchToken++;
    },
  };
}
