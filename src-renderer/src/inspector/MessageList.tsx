// The virtualized capture list. Only the rows on screen exist in the DOM, so 100,000 rows cost
// the same to render as 30. In live mode it follows the newest row while scrolled to the bottom.
// The canvas never exceeds what a browser can lay out (see list-window.ts): at millions of rows
// the first and the newest are both reachable.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { DEFAULT_MAX_CANVAS_PX, listWindow } from '../state/list-window';
import type { RowList } from '../state/row-list';
import type { MessageSummary } from '../../../src-shared/capture';
import { useAppStore } from '../state';
import { MessageRow } from './MessageRow';
import { stampDetail } from './format';

const ROW_HEIGHT = 30;

/** ?maxListPx=N lowers the canvas limit, so a test can see a list "taller than the browser allows". */
function maxCanvasPx(): number {
  const v = Number(new URLSearchParams(globalThis.location?.search ?? '').get('maxListPx'));
  return Number.isFinite(v) && v >= 1000 ? v : DEFAULT_MAX_CANVAS_PX;
}

export function MessageList({ active }: { active: boolean }) {
  const view = useAppStore((s) => s.view);
  const selectedSeq = useAppStore((s) => s.selectedSeq);
  const paused = useAppStore((s) => s.paused);
  const selectMessage = useAppStore((s) => s.selectMessage);
  const clearMarks = useAppStore((s) => s.clearMarks);
  const markRow = useAppStore((s) => s.markRow);
  const markedSeqs = useAppStore((s) => s.markedSeqs);
  const marked = useMemo(() => new Set(markedSeqs), [markedSeqs]);
  const selectOnly = useCallback(
    (seq: number) => {
      clearMarks();
      selectMessage(seq);
    },
    [clearMarks, selectMessage],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  /** The view last rendered, and how far down it the viewport's top was (content px). */
  const shown = useRef<{ view: RowList; contentTop: number } | null>(null);
  /**
   * The scroll position last set by the list itself, unrounded: in a scaled list one canvas px is
   * many content px, and the element keeps its scrollTop in whole px, so reading it back would
   * lose a small step (a touchpad's few px) each time.
   */
  const setTop = useRef<number | null>(null);

  const [maxPx] = useState(maxCanvasPx);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(600);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    // Measured by the observer, whose first call comes once the browser has laid the page out
    // (before it paints): reading clientHeight here would force that layout inside the first
    // render's task, one long task instead of two short ones. flushSync: the rows for the real
    // height are on screen in the same frame.
    const observer = new ResizeObserver(() => {
      const height = el.clientHeight;
      flushSync(() => setViewportHeight(height));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // Following the newest rows (live, at the bottom): a longer list is laid out at its bottom from
  // its first render. Laid out at the old scroll position first, a list that grew by older rows
  // (the background load prepends 50,000 at a time) showed other rows for one render, and every
  // row element on screen was made twice.
  const following = !paused && atBottom.current && active && view.length > 0;
  const atScroll = listWindow(view.length, ROW_HEIGHT, viewportHeight, scrollTop, maxPx);
  // Scrolled up while older rows are put in front (a big log loads 50,000 at a time): the rows on
  // screen stay on screen, so the scroll position moves down by the rows added.
  const last = shown.current;
  const added = view.length - (last?.view.length ?? 0);
  const anchored =
    !following && last !== null && last.view !== view && last.view.length > 0 && added > 0 && view.seqAt(added) === last.view.firstSeq() && view.lastSeq() === last.view.lastSeq()
      ? atScroll.scrollTopForContent(last.contentTop + added * ROW_HEIGHT)
      : undefined;
  const win = following
    ? listWindow(view.length, ROW_HEIGHT, viewportHeight, atScroll.scrollTopFor(view.length - 1, 'end'), maxPx)
    : anchored !== undefined
      ? listWindow(view.length, ROW_HEIGHT, viewportHeight, anchored, maxPx)
      : atScroll;
  useLayoutEffect(() => {
    shown.current = { view, contentTop: win.contentTop };
    const el = scrollRef.current;
    if (anchored === undefined || !el) return;
    setTop.current = anchored;
    el.scrollTop = anchored;
    setScrollTop(anchored);
  });
  const winRef = useRef(win);
  winRef.current = win;
  const viewportRef = useRef(viewportHeight);
  viewportRef.current = viewportHeight;
  const scrollTo = useCallback((to: number) => {
    const el = scrollRef.current;
    if (!el) return;
    setTop.current = to;
    // Known now, not at the scroll event: the render this schedules must not follow the bottom.
    atBottom.current = winRef.current.canvasHeight - to - viewportRef.current < ROW_HEIGHT * 1.5;
    // Set, not read back: reading scrollTop right after a render forces a layout.
    if (Math.abs(el.scrollTop - to) >= 1) el.scrollTop = to;
    setScrollTop(to);
  }, []);
  const scrollToIndex = useCallback((i: number, align: 'start' | 'end' | 'auto') => scrollTo(winRef.current.scrollTopFor(i, align)), [scrollTo]);
  /** Moves the viewport by `px` of the list's content (rows × 30 px), whatever the canvas's scale. */
  const scrollContentBy = useCallback((px: number) => scrollTo(winRef.current.scrollTopForContent(winRef.current.contentTop + px)), [scrollTo]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 1.5;
    // The echo of the list's own move keeps its exact position; anything else (the scroll bar, a
    // drag) is read from the element.
    if (setTop.current !== null && Math.abs(el.scrollTop - setTop.current) < 1) return;
    setTop.current = null;
    setScrollTop(el.scrollTop);
  }, []);

  // Home, End, Page Up and Page Down move by rows, not by canvas px: past Chromium's height limit
  // the canvas is scaled (10M rows: 19 content px a canvas px), so the browser's own Page Down
  // skipped 19 pages, and its End was sometimes not done at all (about 1 load in 4 at 1M rows).
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || !scrollRef.current?.contains(e.target as Node)) return;
      const page = Math.max(ROW_HEIGHT, viewportHeight - ROW_HEIGHT);
      // Space and Shift+Space page as Page Down and Page Up do (the browser's own did the same skip).
      if (e.key === ' ') scrollContentBy(e.shiftKey ? -page : page);
      else if (e.shiftKey) return;
      else if (e.key === 'Home') scrollTo(0);
      else if (e.key === 'End') scrollToIndex(view.length - 1, 'end');
      else if (e.key === 'PageDown') scrollContentBy(page);
      else if (e.key === 'PageUp') scrollContentBy(-page);
      else return;
      e.preventDefault();
    },
    [scrollTo, scrollToIndex, scrollContentBy, viewportHeight, view.length],
  );

  // The wheel too, in a scaled list (a native listener: React's is passive and cannot prevent the
  // browser's scroll). A notch then moves the rows it moves in a short list, not 19 times as many.
  const scaled = win.canvasHeight < view.length * ROW_HEIGHT;
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || !scaled) return;
    const onWheel = (e: WheelEvent) => {
      if (e.ctrlKey || e.deltaY === 0 || Math.abs(e.deltaX) > Math.abs(e.deltaY)) return;
      e.preventDefault();
      const unit = e.deltaMode === 1 ? ROW_HEIGHT : e.deltaMode === 2 ? el.clientHeight : 1;
      scrollContentBy(e.deltaY * unit);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [scaled, scrollContentBy]);

  // Follow new rows while live and already at the bottom; paused lists never move.
  useLayoutEffect(() => {
    if (!paused && atBottom.current && view.length > 0 && active) scrollToIndex(view.length - 1, 'end');
  }, [view, paused, active, scrollToIndex]);

  // Keep the selected row on screen (keyboard moves, "show captured row" from the composer).
  useEffect(() => {
    if (selectedSeq === null || !active) return;
    const i = view.indexOfSeq(selectedSeq);
    if (i >= 0) scrollToIndex(i, 'auto');
    // view is intentionally left out: new rows must not pull the list back to the selection
  }, [selectedSeq, active, scrollToIndex]);

  // The date shows when the rows need it: the oldest, the newest or a row on screen is not today's.
  const onScreen: { i: number; row: MessageSummary }[] = [];
  for (let i = win.first; i <= win.last; i++) onScreen.push({ i, row: view.at(i) });
  const detail = view.length === 0 ? 'time' : stampDetail([view.at(0).receivedAt, view.at(view.length - 1).receivedAt, ...onScreen.map((r) => r.row.receivedAt)], Date.now());
  const rows: ReactElement[] = [];
  for (const { i, row } of onScreen) {
    rows.push(
      <MessageRow
        key={row.seq}
        row={row}
        top={win.topOf(i)}
        selected={row.seq === selectedSeq}
        marked={marked.has(row.seq)}
        detail={detail}
        onSelect={selectOnly}
        onMark={markRow}
      />,
    );
  }

  return (
    <div className={`msg-list stamp-${detail}`}>
      <div className="msg-head" aria-hidden="true">
        <span className="c-time" title="When the receiver got it">Received</span>
        <span className="c-time c-event" title="The message's own originalTimestamp, else timestamp">Event time</span>
        <span className="c-type">Type</span>
        <span className="c-name">Event / name</span>
        <span className="c-id">Identity</span>
        <span className="c-origin">Origin</span>
        <span className="c-badges">Problems</span>
      </div>
      <div
        className="msg-scroll"
        ref={scrollRef}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        role="listbox"
        aria-label="Captured messages"
        tabIndex={0}
      >
        <div className="msg-canvas" style={{ height: win.canvasHeight }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
