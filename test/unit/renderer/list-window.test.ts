import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listWindow } from '../../../src-renderer/src/state/list-window';

const ROW = 30;

describe('listWindow', () => {
  it('is the plain list while it fits: rows at i × height', () => {
    const w = listWindow(100, ROW, 300, 600, 1_000_000, 0);
    expect(w.canvasHeight).toBe(3000);
    expect([w.first, w.last]).toEqual([20, 30]);
    expect(w.topOf(25)).toBe(750);
    expect(w.scrollTopFor(99, 'end')).toBe(2700);
  });

  it('reaches the first and the last row of a list far taller than the canvas limit', () => {
    const count = 2_000_000; // 60,000,000 px: past Chromium's 33,554,432
    const max = 16_000_000;
    const viewport = 600;
    const top = listWindow(count, ROW, viewport, 0, max, 0);
    expect(top.canvasHeight).toBe(max);
    expect(top.first).toBe(0);
    expect(top.topOf(0)).toBe(0);
    const bottom = listWindow(count, ROW, viewport, max - viewport, max, 0);
    expect(bottom.last).toBe(count - 1);
    // The last row sits exactly at the bottom of the viewport.
    expect(bottom.topOf(count - 1) + ROW).toBeCloseTo(max, 5);
    // Scrolling to any row puts it on screen.
    for (const i of [0, 1, 1_118_493, 1_500_000, count - 1]) {
      const st = top.scrollTopFor(i, 'end');
      const w = listWindow(count, ROW, viewport, st, max, 0);
      expect(w.first).toBeLessThanOrEqual(i);
      expect(w.last).toBeGreaterThanOrEqual(i);
      const y = w.topOf(i) - st;
      expect(y).toBeGreaterThanOrEqual(-1e-6);
      expect(y + ROW).toBeLessThanOrEqual(viewport + 1e-6);
    }
  });

  it('lays rows out contiguously, in order, on screen, at any size and position', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 100, max: 2000 }), fc.double({ min: 0, max: 1, noNaN: true }), (count, viewport, at) => {
        const max = 1_000_000;
        const canvas = Math.min(count * ROW, max);
        const st = at * Math.max(0, canvas - viewport);
        const w = listWindow(count, ROW, viewport, st, max, 2);
        if (count === 0) {
          expect(w.last).toBeLessThan(w.first);
          return;
        }
        for (let i = w.first; i < w.last; i++) expect(w.topOf(i + 1) - w.topOf(i)).toBeCloseTo(ROW, 6);
        // The viewport is covered by rendered rows.
        expect(w.topOf(w.first)).toBeLessThanOrEqual(st + 1e-6);
        expect(w.topOf(w.last) + ROW).toBeGreaterThanOrEqual(Math.min(st + viewport, count * ROW) - 1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it('maps a place in the list (content px) to the scroll position that puts it at the top, and back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 100, max: 2000 }), fc.double({ min: 0, max: 1, noNaN: true }), (count, viewport, at) => {
        const max = 1_000_000;
        const contentRange = Math.max(0, count * ROW - viewport);
        const c = at * contentRange;
        const st = listWindow(count, ROW, viewport, 0, max, 0).scrollTopForContent(c);
        const w = listWindow(count, ROW, viewport, st, max, 0);
        expect(w.contentTop).toBeCloseTo(c, 3);
        // Unscaled (the list fits the canvas), content and scroll positions are the same.
        if (count * ROW <= max) expect(st).toBeCloseTo(c, 6);
        // The row at that place is rendered.
        const row = Math.min(count - 1, Math.floor(c / ROW));
        expect(w.first).toBeLessThanOrEqual(row);
        expect(w.last).toBeGreaterThanOrEqual(row);
      }),
      { numRuns: 300 },
    );
  });
});
