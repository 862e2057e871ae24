// Derived list state shared by the slices: what is visible and what the (possibly paused) list shows.
import type { MessageSummary } from '../../../src-shared/capture';
import type { SeqMembership } from '../../../src-shared/seq-runs';
import { filterRows, mergeKnown, type InspectorFilters } from './filter-logic';
import type { RowList } from './row-list';

export interface ViewState {
  visible: RowList;
  view: RowList;
  newWhilePaused: number;
}

/** While paused the list keeps the rows it had (seq <= pausedAtSeq); the rest are counted. */
export function pausedView(
  visible: RowList,
  paused: boolean,
  pausedAtSeq: number,
  previousView?: RowList,
): Pick<ViewState, 'view' | 'newWhilePaused'> {
  if (!paused) return { view: visible, newWhilePaused: 0 };
  const shown = visible.countUpToSeq(pausedAtSeq);
  const newWhilePaused = visible.length - shown;
  // Keep the same array when the shown part did not change, so the list does not re-render.
  if (previousView && previousView.length === shown && (shown === 0 || previousView.seqAt(shown - 1) === visible.seqAt(shown - 1))) {
    return { view: previousView, newWhilePaused };
  }
  return { view: visible.slice(0, shown), newWhilePaused };
}

export function deriveView(
  rows: RowList,
  filters: InspectorFilters,
  searchSeqs: SeqMembership | null,
  paused: boolean,
  pausedAtSeq: number,
): ViewState {
  const visible = filterRows(rows, filters, searchSeqs);
  return { visible, ...pausedView(visible, paused, pausedAtSeq) };
}

export interface Facets {
  knownTypes: readonly string[];
  knownEndpoints: readonly string[];
  knownProfiles: readonly string[];
}

export function mergeFacets(prev: Facets, added: readonly MessageSummary[]): Facets {
  const types = new Set<string>();
  const endpoints = new Set<string>();
  const profiles = new Set<string>();
  for (const s of added) {
    types.add(s.type);
    endpoints.add(s.endpoint);
    for (const p of s.findingProfiles) profiles.add(p);
  }
  return {
    knownTypes: mergeKnown(prev.knownTypes, types),
    knownEndpoints: mergeKnown(prev.knownEndpoints, endpoints),
    knownProfiles: mergeKnown(prev.knownProfiles, profiles),
  };
}

export function lastSeq(rows: RowList): number {
  return rows.lastSeq();
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
