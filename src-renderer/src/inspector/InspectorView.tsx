// The inspector: filters, the live list, and the detail pane. Keyboard: ↑/↓ move through rows,
// "/" focuses the search, Esc clears the search (then leaves it) or closes the detail.
import { plural } from '../../../src-shared/plural';
import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react';
import { useAppStore, useAppStoreApi, useShallow } from '../state';
import { EmptyState } from '../ui';
import { DetailPane } from './DetailPane';
import { FilterBar } from './FilterBar';
import { FirstMessageHint } from './FirstMessageHint';
import { ListToolbar } from './ListToolbar';
import { MessageList } from './MessageList';
import { SelectionActions } from './SelectionActions';
import { profileLabel } from './format';

function isTypingTarget(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

const DETAIL_WIDTH_KEY = 'eventbench.detailWidth';
const DETAIL_MIN = 320;
/** The list keeps at least this much of the window, whatever width the pane was given. */
const LIST_MIN = 420;

/** The width the user gave the pane (dragged, or with ← →), if any. */
function savedDetailWidth(): number | null {
  const saved = Number(globalThis.localStorage?.getItem(DETAIL_WIDTH_KEY));
  return Number.isFinite(saved) && saved >= DETAIL_MIN ? saved : null;
}

/** The pane's width in a window this wide: 38% unless the user chose one; the list keeps LIST_MIN. */
function detailWidthFor(chosen: number | null, windowWidth: number): number {
  const wanted = chosen ?? Math.max(380, Math.round(windowWidth * 0.38));
  return Math.round(Math.min(Math.max(DETAIL_MIN, wanted), Math.max(DETAIL_MIN, windowWidth - LIST_MIN)));
}

/** The window's width, following resizes (a pane sized at 1400 px must give way at 1000). */
function useWindowWidth(): number {
  const [width, setWidth] = useState(() => globalThis.innerWidth ?? 1400);
  useEffect(() => {
    const onResize = () => setWidth(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return width;
}

/** The bar between the list and the detail pane: drag it, or focus it and use ← →. */
function SplitHandle({ width, onChange }: { width: number; onChange(width: number): void }) {
  const set = (w: number) => {
    const next = detailWidthFor(w, globalThis.innerWidth ?? 1400);
    onChange(next);
    globalThis.localStorage?.setItem(DETAIL_WIDTH_KEY, String(next));
  };
  return (
    <div
      className="split-handle"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the detail pane"
      aria-valuenow={width}
      aria-valuemin={DETAIL_MIN}
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft') set(width + 24);
        else if (e.key === 'ArrowRight') set(width - 24);
        else return;
        e.preventDefault();
      }}
      onPointerDown={(e) => {
        e.preventDefault();
        const startX = e.clientX;
        const startW = width;
        const move = (ev: PointerEvent) => set(startW + (startX - ev.clientX));
        const up = () => {
          window.removeEventListener('pointermove', move);
          window.removeEventListener('pointerup', up);
        };
        window.addEventListener('pointermove', move);
        window.addEventListener('pointerup', up);
      }}
    />
  );
}

/** Focus is in the detail pane (its scrolling body, a button in it): its arrows scroll it, as anywhere else on a page. */
function inDetail(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('.detail') !== null;
}

export function InspectorView({ active, shell }: { active: boolean; shell: 'electron' | 'websocket' }) {
  const store = useAppStoreApi();
  const searchRef = useRef<HTMLInputElement>(null);
  const loaded = useAppStore((s) => s.messagesLoaded);
  const loadError = useAppStore((s) => s.messagesError);
  const total = useAppStore((s) => s.rows.length);
  const shown = useAppStore((s) => s.view.length);
  const olderPending = useAppStore((s) => s.olderPending);
  const logLoading = useAppStore((s) => s.loading);
  const [chosenWidth, setChosenWidth] = useState(savedDetailWidth);
  const detailWidth = detailWidthFor(chosenWidth, useWindowWidth());
  // With no message selected the pane held only "No message selected" at its full width (38% of
  // the window) and the list was cramped beside it: the list takes the room, and the selection bar
  // above it says how to open one. The pane comes back, at the width it had, once a row is chosen.
  const anySelected = useAppStore((s) => s.selectedSeq !== null);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      if (document.querySelector('.dialog-backdrop')) return;
      const inSearch = e.target === searchRef.current;
      const typing = isTypingTarget(e.target);
      const s = store.getState();
      if (e.key === '/' && !typing) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && (!typing || inSearch) && !inDetail(e.target)) {
        e.preventDefault();
        s.moveSelection(e.key === 'ArrowDown' ? 1 : -1);
      } else if (e.key === 'Escape') {
        if (inSearch) {
          if (s.searchInput) s.setSearchText('');
          else searchRef.current?.blur();
        } else if (!typing && s.selectedSeq !== null) {
          s.selectMessage(null);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, store]);

  return (
    <div className="inspector">
      {/* The view's main heading, for screen readers (the tab names it for sight). */}
      <h1 className="sr-only">Inspector: captured messages</h1>
      <div className="inspector-bar">
        <FilterBar ref={searchRef} />
        <ListToolbar shell={shell} />
      </div>
      <div className="inspector-split" style={{ gridTemplateColumns: anySelected ? `minmax(0, 1fr) 6px ${detailWidth}px` : 'minmax(0, 1fr)' }}>
        <div className="list-pane">
          {loadError ? (
            <EmptyState title="The capture log could not be loaded">{loadError}</EmptyState>
          ) : !loaded && logLoading ? (
            <EmptyState title="Loading the capture log…">
              {plural(logLoading.messages, 'message')} read so far; the newest show as soon as it is loaded.
            </EmptyState>
          ) : loaded && total === 0 ? (
            <FirstMessageHint />
          ) : (
            <>
              <SelectionActions />
              <MessageList active={active} />
              {olderPending > 0 && (
                <div className="older-pending" role="status" title="The newest messages show first; the older ones are read in behind them">
                  Loading {olderPending.toLocaleString('en-US')} older messages…
                </div>
              )}
              {loaded && shown === 0 && (
                <div className="list-overlay">
                  <NoMatch />
                </div>
              )}
            </>
          )}
        </div>
        {anySelected && (
          <>
            <SplitHandle width={detailWidth} onChange={setChosenWidth} />
            <DetailPane />
          </>
        )}
      </div>
    </div>
  );
}

/**
 * The list is empty because of the filters: say which ones and how many messages they hide, with
 * a way back, not only "No message matches the filters" over an empty pane (the search text may be
 * scrolled out of a narrow search box). While the engine is still searching, say that instead.
 */
function NoMatch() {
  const filters = useAppStore(useShallow((s) => s.filters));
  const searchInput = useAppStore((s) => s.searchInput);
  const pending = useAppStore((s) => s.searchPending);
  const total = useAppStore((s) => s.rows.length);
  const clearFilters = useAppStore((s) => s.clearFilters);
  if (pending) return <EmptyState title="Searching…" />;
  const text = searchInput.trim();
  const parts: ReactNode[] = [];
  if (text) parts.push(<span key="text">the search “<bdi>{text}</bdi>”</span>);
  if (filters.type) parts.push(<span key="type">type {filters.type}</span>);
  if (filters.endpoint) parts.push(<span key="endpoint">endpoint {filters.endpoint}</span>);
  if (filters.profile) parts.push(<span key="profile">{profileLabel(filters.profile)} findings</span>);
  if (filters.hasProblems) parts.push(<span key="problems">has problems</span>);
  return (
    <EmptyState title="No message matches the filters">
      {parts.length > 0 && (
        <>
          {total === 1 ? 'The 1 message does not pass' : `None of the ${plural(total, 'message')} passes`}{' '}
          {parts.map((p, i) => (
            <Fragment key={i}>
              {i > 0 && (i === parts.length - 1 ? ' and ' : ', ')}
              {p}
            </Fragment>
          ))}
          .{' '}
        </>
      )}
      <button type="button" className="link-button" onClick={clearFilters}>
        Clear filters
      </button>
    </EmptyState>
  );
}
