import type { StoreApi } from 'zustand/vanilla';
import type { CapturedMessage } from '../../../../src-shared/capture';
import { errorMessage } from '../derive';
import { indexOfSeq } from '../filter-logic';
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

    selectMessage(seq) {
      if (seq === null) {
        set({ selectedSeq: null, detail: null, detailStatus: 'idle', detailError: null });
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
      const current = selectedSeq === null ? -1 : indexOfSeq(view, selectedSeq);
      const next =
        current === -1
          ? delta > 0
            ? 0
            : view.length - 1
          : Math.max(0, Math.min(view.length - 1, current + delta));
      if (next !== current) get().selectMessage(view[next].seq);
      return next;
    },

    showMessage(seq) {
      get().setTab('inspector');
      get().selectMessage(seq);
    },
  };
  return { slice, clearCache: () => cache.clear() };
}
