import type { StoreApi } from 'zustand/vanilla';
import type { MessageSummary } from '../../../../src-shared/capture';
import { columnFacets, decodeSummaries } from '../../../../src-shared/summary-columns';
import { appendFiltered, mergeKnown } from '../filter-logic';
import { deriveView, errorMessage, lastSeq, mergeFacets, pausedView } from '../derive';
import type { AppState, MessagesSlice, SliceDeps } from '../types';

type Set = StoreApi<AppState>['setState'];
type Get = StoreApi<AppState>['getState'];

function sortedBySeq(list: MessageSummary[]): MessageSummary[] {
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1].seq >= list[i].seq) return [...list].sort((a, b) => a.seq - b.seq);
  }
  return list;
}

export function createMessagesSlice(set: Set, get: Get, deps: SliceDeps): MessagesSlice {
  return {
    rows: [],
    messagesLoaded: false,
    messagesError: null,

    async loadMessages() {
      try {
        // The columnar page is ~8× smaller than messages.list: the wire and JSON.parse dominate.
        const page = await deps.api.call('messages.page', {});
        const list = sortedBySeq(decodeSummaries(page.columns));
        const s = get();
        // Rows pushed while the list was in flight are kept if the list does not have them yet.
        const tail = s.rows.filter((r) => r.seq > lastSeq(list));
        const rows = tail.length ? list.concat(tail) : list;
        // Facets come from the page's dictionaries, not from a pass over every row.
        const fromPage = columnFacets(page.columns);
        const facets = mergeFacets(
          {
            knownTypes: mergeKnown([], fromPage.types),
            knownEndpoints: mergeKnown([], fromPage.endpoints),
            knownProfiles: mergeKnown([], fromPage.profiles),
          },
          tail,
        );
        set({
          rows,
          messagesLoaded: true,
          messagesError: null,
          ...facets,
          ...deriveView(rows, s.filters, s.searchSeqs, s.paused, s.pausedAtSeq),
        });
      } catch (e) {
        set({ messagesLoaded: true, messagesError: `Could not load the captured messages: ${errorMessage(e)}` });
      }
    },

    ingest(batch) {
      const s = get();
      const after = lastSeq(s.rows);
      const added = batch.filter((r) => r.seq > after);
      if (added.length === 0) return;
      const rows = s.rows.concat(sortedBySeq(added));
      const visible = appendFiltered(s.visible, added, s.filters, s.searchSeqs);
      set({
        rows,
        visible,
        ...pausedView(visible, s.paused, s.pausedAtSeq, s.view),
        ...mergeFacets(s, added),
      });
    },

    async clearMessages() {
      await deps.api.call('messages.clear', undefined);
      get().onCleared();
    },

    onCleared() {
      set({
        rows: [],
        visible: [],
        view: [],
        newWhilePaused: 0,
        pausedAtSeq: 0,
        searchSeqs: get().filters.text ? new Set() : null,
        selectedSeq: null,
        detail: null,
        detailStatus: 'idle',
        knownTypes: [],
        knownEndpoints: [],
        knownProfiles: [],
      });
    },

    async importMessages(ndjson) {
      const result = await deps.api.call('messages.import', { ndjson });
      // The engine may or may not push the imported rows; reloading covers both.
      if (result.imported > 0) await get().loadMessages();
      return result;
    },

    exportMessages() {
      return deps.api.call('messages.export', undefined);
    },
  };
}
