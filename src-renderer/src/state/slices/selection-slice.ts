import type { StoreApi } from 'zustand/vanilla';
import type { CapturedMessage } from '../../../../src-shared/capture';
import { errorMessage } from '../derive';
import type { AppState, SelectionSlice, SliceDeps } from '../types';

type Set = StoreApi<AppState>['setState'];
type Get = StoreApi<AppState>['getState'];

const DETAIL_CACHE_SIZE = 200;

export interface SelectionInternals {
  slice: SelectionSlice;
  clearCache(): void;
}

export function createSelectionSlice(set: Set, get: Get, deps: SliceDeps): SelectionInternals {
  // Captures never change once stored, so fetched details are cached (holding ↓ stays cheap).
  const cache = new Map<number, CapturedMessage>();

  async function fetchDetail(seq: number) {
    try {
      const detail = await deps.api.call('messages.get', { seq });
      if (detail) {
        cache.set(seq, detail);
        if (cache.size > DETAIL_CACHE_SIZE) cache.delete(cache.keys().next().value as number);
      }
      if (get().selectedSeq !== seq) return; // the user moved on
      set(detail ? { detail, detailStatus: 'ready', detailError: null } : { detail: null, detailStatus: 'missing' });
    } catch (e) {
      if (get().selectedSeq !== seq) return;
      set({ detail: null, detailStatus: 'error', detailError: `Could not load message #${seq}: ${errorMessage(e)}` });
    }
  }

  const slice: SelectionSlice = {
    selectedSeq: null,
    detail: null,
    detailStatus: 'idle',
    detailError: null,

    markedSeqs: [],

    markRow(seq, mode) {
      const { markedSeqs, selectedSeq, view } = get();
      // The row selected before the first mark counts as marked too.
      const base = markedSeqs.length === 0 && selectedSeq !== null ? [selectedSeq] : markedSeqs;
      let next: number[];
      if (mode === 'toggle') next = base.includes(seq) ? base.filter((q) => q !== seq) : [...base, seq];
      else {
        const anchor = base.length > 0 ? base[base.length - 1] : seq;
        const a = view.indexOfSeq(anchor);
        const b = view.indexOfSeq(seq);
        const range = a < 0 || b < 0 ? [seq] : view.slice(Math.min(a, b), Math.max(a, b) + 1).seqs();
        next = [...new Set([...base, ...range])];
      }
      set({ markedSeqs: next.sort((x, y) => x - y) });
      if (!next.includes(get().selectedSeq ?? -1) && next.length > 0) get().selectMessage(seq);
    },

    clearMarks() {
      if (get().markedSeqs.length > 0) set({ markedSeqs: [] });
    },

    selectMessage(seq) {
      if (seq === null) {
        set({ selectedSeq: null, detail: null, detailStatus: 'idle', detailError: null, markedSeqs: [] });
        return;
      }
      const cached = cache.get(seq);
      if (cached) {
        set({ selectedSeq: seq, detail: cached, detailStatus: 'ready', detailError: null });
        return;
      }
      set({ selectedSeq: seq, detailStatus: 'loading', detailError: null });
      void fetchDetail(seq);
    },

    moveSelection(delta) {
      const { view, selectedSeq } = get();
      if (view.length === 0) return -1;
      const current = selectedSeq === null ? -1 : view.indexOfSeq(selectedSeq);
      const next =
        current === -1
          ? delta > 0
            ? 0
            : view.length - 1
          : Math.max(0, Math.min(view.length - 1, current + delta));
      if (next !== current) get().selectMessage(view.seqAt(next));
      return next;
    },

    showMessage(seq) {
      get().setTab('inspector');
      get().selectMessage(seq);
    },
  };
  return { slice, clearCache: () => cache.clear() };
}
