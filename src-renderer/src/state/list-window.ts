// Which rows of a long list are on screen, for a list that may be taller than the browser allows
// an element to be (Chromium: 33,554,432 px, about 1.1M rows of 30 px). Up to maxCanvasPx the
// canvas is the list's real height; beyond it the canvas stays at maxCanvasPx and the scroll
// position maps proportionally onto the list, so the first and the last row are both reachable at
// any length. Pure: the list component feeds it the scroll state.

export interface ListWindow {
  /** Height of the scrolled canvas element. */
  canvasHeight: number;
  /** Rows [first, last] to render (overscan included); last < first when empty. */
  first: number;
  last: number;
  /** Top of row i inside the canvas. */
  topOf(i: number): number;
  /** The scrollTop that shows row i: at the top ('start'), bottom ('end'), or the least move ('auto'). */
  scrollTopFor(i: number, align: 'start' | 'end' | 'auto'): number;
  /** How far down the list (content px, i * rowHeight for row i) the viewport's top is. */
  contentTop: number;
  /** The scrollTop that puts the viewport's top that far down the list (content px). */
  scrollTopForContent(c: number): number;
}

/** Chromium's limit is 33,554,432 px; a margin below it keeps every browser happy. */
export const DEFAULT_MAX_CANVAS_PX = 16_000_000;

export function listWindow(count: number, rowHeight: number, viewportHeight: number, scrollTop: number, maxCanvasPx = DEFAULT_MAX_CANVAS_PX, overscan = 12): ListWindow {
  const total = count * rowHeight;
  const viewport = Math.max(0, viewportHeight);
  const scaled = total > maxCanvasPx && maxCanvasPx > viewport;
  const canvasHeight = scaled ? maxCanvasPx : total;
  // How far down the list (content px) the viewport's top is.
  const scrollRange = Math.max(0, canvasHeight - viewport);
  const contentRange = Math.max(0, total - viewport);
  const top = Math.min(Math.max(0, scrollTop), scrollRange);
  const contentTop = scaled ? (scrollRange === 0 ? 0 : (top / scrollRange) * contentRange) : top;
  const first = Math.max(0, Math.floor(contentTop / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((contentTop + viewport) / rowHeight) + overscan);
  const contentToScroll = (c: number) => {
    const clamped = Math.min(Math.max(0, c), contentRange);
    return scaled ? (contentRange === 0 ? 0 : (clamped / contentRange) * scrollRange) : clamped;
  };
  return {
    canvasHeight,
    first,
    last,
    contentTop,
    scrollTopForContent: contentToScroll,
    topOf: (i) => (scaled ? top + (i * rowHeight - contentTop) : i * rowHeight),
    scrollTopFor(i, align) {
      const rowTop = i * rowHeight;
      const rowBottom = rowTop + rowHeight;
      if (align === 'start') return contentToScroll(rowTop);
      if (align === 'end') return contentToScroll(rowBottom - viewport);
      if (rowTop < contentTop) return contentToScroll(rowTop);
      if (rowBottom > contentTop + viewport) return contentToScroll(rowBottom - viewport);
      return top;
    },
  };
}
