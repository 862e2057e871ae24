import type { StoreApi } from 'zustand/vanilla';
import type { MessageSummary } from '../../../../src-shared/capture';
import { columnFacets, type SummaryColumns } from '../../../../src-shared/summary-columns';
import { appendFiltered, filterRows, mergeKnown } from '../filter-logic';
import { deriveView, errorMessage, lastSeq, mergeFacets, pausedView } from '../derive';
import { blockOf, RowList } from '../row-list';
import type { AppState, MessagesSlice, SliceDeps } from '../types';

type Set = StoreApi<AppState>['setState'];
type Get = StoreApi<AppState>['getState'];

/** Rows in seq order, each seq once (the same list when it already is). */
function sortedBySeq(list: MessageSummary[]): MessageSummary[] {
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1].seq >= list[i].seq) {
      const sorted = [...list].sort((a, b) => a.seq - b.seq);
      return sorted.filter((r, k) => k === 0 || r.seq !== sorted[k - 1].seq);
    }
  }
  return list;
}

/** A page as rows in seq order: kept columnar as it came (the engine's pages are in order). */
function pageRows(columns: SummaryColumns): RowList {
  const block = blockOf(columns);
  if (block.isSorted()) return RowList.ofBlock(block);
  return RowList.of(sortedBySeq(block.toArray()));
}

/** The newest rows, shown first. */
const FIRST_PAGE = 2000;
/** Then older pages of this many rows (one is decoded in one task: kept short)... */
const OLDER_PAGE = 5000;
/** ...put in the list this many rows at a time. */
const OLDER_BATCH = 50_000;

/** Resolves in a later task: the page paints and takes input in between. */
export const yieldToUi = () => new Promise<void>((r) => setTimeout(r, 0));

/** The view with older rows' visible part in front of it. */
function olderView(s: AppState, olderVisible: RowList) {
  const visible = olderVisible.concat(s.visible);
  return { visible, ...pausedView(visible, s.paused, s.pausedAtSeq) };
}

export function createMessagesSlice(set: Set, get: Get, deps: SliceDeps): MessagesSlice {
  /** Bumped by every load and clear: a page that comes back after one is dropped. */
  let loadToken = 0;
  return {
    rows: RowList.EMPTY,
    messagesLoaded: false,
    olderPending: 0,
    messagesError: null,

    async loadMessages() {
      const token = ++loadToken;
      try {
        // The newest rows first, so the list shows at once whatever the log's size; the older
        // ones are paged in behind them, in growing pages, yielding to the UI between pages.
        // (The columnar page is ~8× smaller than messages.list: the wire and JSON.parse dominate.)
        const page = await deps.api.call('messages.page', { last: FIRST_PAGE });
        if (token !== loadToken) return;
        // Decoded and shown in one task (2,000 rows decode in a few ms): rows pushed meanwhile
        // cannot be shown before the page, as they could across a yield.
        const list = pageRows(page.columns);
        const s = get();
        // Rows pushed while the list was in flight are kept if the list does not have them yet.
        const tail = s.rows.slice(s.rows.countUpToSeq(lastSeq(list)));
        const rows = list.concat(tail);
        // Facets come from the page's dictionaries, not from a pass over every row.
        const fromPage = columnFacets(page.columns);
        const facets = mergeFacets(
          {
            knownTypes: mergeKnown([], fromPage.types),
            knownEndpoints: mergeKnown([], fromPage.endpoints),
            knownProfiles: mergeKnown([], fromPage.profiles),
          },
          tail.toArray(),
        );
        set({
          rows,
          messagesLoaded: true,
          olderPending: Math.max(0, page.total - list.length),
          messagesError: null,
          ...facets,
          ...deriveView(rows, s.filters, s.searchSeqs, s.paused, s.pausedAtSeq),
        });
        // Older pages are small (each decoded in one short task) and go into the list in batches
        // (each batch is one pass over the rows shown, not one per page).
        let batch: RowList[] = [];
        let batchRows = 0;
        let batchFacets: ReturnType<typeof columnFacets>[] = [];
        const commit = (done: boolean) => {
          const now = get();
          const older = batch.reduce((a, b) => a.concat(b), RowList.EMPTY);
          const rows = older.concat(now.rows);
          const facets = { knownTypes: now.knownTypes, knownEndpoints: now.knownEndpoints, knownProfiles: now.knownProfiles };
          for (const f of batchFacets) {
            facets.knownTypes = mergeKnown(facets.knownTypes, f.types);
            facets.knownEndpoints = mergeKnown(facets.knownEndpoints, f.endpoints);
            facets.knownProfiles = mergeKnown(facets.knownProfiles, f.profiles);
          }
          set({
            rows,
            olderPending: done ? 0 : Math.max(0, now.olderPending - older.length),
            ...facets,
            // Only the new rows are filtered: the rows already shown keep their verdicts.
            ...olderView(now, filterRows(older, now.filters, now.searchSeqs)),
          });
          batch = [];
          batchRows = 0;
          batchFacets = [];
        };
        // The next page is asked for as soon as a page arrives (its firstSeq says where the next
        // one ends), so the engine encodes it while this one is decoded.
        const olderPage = (before: number) => deps.api.call('messages.page', { beforeSeq: before, limit: OLDER_PAGE });
        let next = list.length > 0 && page.total > list.length ? olderPage(list.firstSeq()) : undefined;
        let before = list.firstSeq();
        while (next) {
          const older = await next;
          if (token !== loadToken) return;
          const done = older.columns.count < OLDER_PAGE || older.firstSeq <= 1;
          next = done ? undefined : olderPage(older.firstSeq);
          const page = pageRows(older.columns);
          const olderRows = page.slice(0, page.countUpToSeq(before - 1));
          if (olderRows.length > 0) {
            batch.unshift(olderRows);
            batchRows += olderRows.length;
            batchFacets.push(columnFacets(older.columns));
            before = olderRows.firstSeq();
          }
          if (done || batchRows >= OLDER_BATCH) {
            // The store's change renders the list at once, in the task that makes it: the last
            // page's decoding and the batch's render go in tasks of their own.
            await yieldToUi();
            if (token !== loadToken) return;
            commit(done);
            await yieldToUi(); // let the UI paint and take input
            if (token !== loadToken) return;
          }
        }
      } catch (e) {
        if (token === loadToken) set({ messagesLoaded: true, olderPending: 0, messagesError: `Could not load the captured messages: ${errorMessage(e)}` });
      }
    },

    ingest(batch) {
      const s = get();
      const after = lastSeq(s.rows);
      const added = sortedBySeq(batch.filter((r) => r.seq > after));
      if (added.length === 0) return;
      const rows = s.rows.append(added);
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
      loadToken++;
      set({
        rows: RowList.EMPTY,
        olderPending: 0,
        visible: RowList.EMPTY,
        view: RowList.EMPTY,
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

    async importMessages(content) {
      const result = await deps.api.call('messages.import', typeof content === 'string' ? { ndjson: content } : { bytes: content });
      // The engine may or may not push the imported rows; reloading covers both.
      if (result.imported > 0) await get().loadMessages();
      return result;
    },

    exportMessages() {
      return deps.api.call('messages.export', undefined);
    },
  };
}
