// Where the Sessions lanes put each session's label. With two sessions in a lane the newest chose
// first and took the larger gap, the one between the two: shared, it left each label half of it, so
// at 1000 px both read in their short form, where the newest after its bar and the other in the gap
// alone had room for both in full. Labels now get the longest forms that fit, the newest's first.
import { describe, expect, it } from 'vitest';
import { placeLabels, type LabelFit } from '../../../src-renderer/src/sessions/label-placement';
import type { SessionLane } from '../../../src-shared/sessions/view';

const MIN = 60_000;
const window = { fromMs: 0, toMs: 100 * MIN };
const session = (id: string, from: number, to: number, timeoutAfter = 30) => ({ id, startMs: from * MIN, endMs: to * MIN, timeoutAtMs: (to + timeoutAfter) * MIN, segments: [], lateCount: 0, messageCount: 2 });
const lane = (...sessions: ReturnType<typeof session>[]): SessionLane => ({ anonymousId: 'a', sessions });
/** A label needs 20 % of the track in full, 8 % in its short form. */
const fit = (_i: number, room: number): LabelFit => (room >= 20 ? 2 : room >= 8 ? 1 : 0);
const forms = (placed: ReturnType<typeof placeLabels>) => placed.map((p) => (p.side === null ? 0 : fit(0, p.room)));

describe('placeLabels', () => {
  it('gives both sessions of a lane their full label where the gap between them would have left each half', () => {
    // Gaps: 10 before the first, 30 between, 25 after the newest.
    const placed = placeLabels(lane(session('a#1', 10, 20), session('a#2', 50, 75)), window, 200 * MIN, fit);
    expect(forms(placed)).toEqual([2, 2]);
    expect(placed.map((p) => p.side)).toEqual(['after', 'after']);
    expect(placed.map((p) => p.room)).toEqual([30, 25]);
  });

  it('puts labels before their bars when the gaps there hold them in full and the one after the newest does not', () => {
    // Gaps: 25 before the first, 22 between, 8 after the newest (its short form only there).
    const placed = placeLabels(lane(session('a#1', 25, 40), session('a#2', 62, 92)), window, 200 * MIN, fit);
    expect(placed.map((p) => p.side)).toEqual(['before', 'before']);
    expect(forms(placed)).toEqual([2, 2]);
  });

  it('serves the newest first when only one label can be full', () => {
    // Gaps: 2 before, 24 between, 2 after: one label in full between them, the newest's (before its bar).
    const placed = placeLabels(lane(session('a#1', 2, 30), session('a#2', 54, 98)), window, 200 * MIN, fit);
    expect(placed.map((p) => p.side)).toEqual([null, 'before']);
    expect(forms(placed)).toEqual([0, 2]);
  });

  it('shares a gap by halves, each label beside its own bar, when that is best', () => {
    // Gaps: 2 before, 40 between, 3 after: only the middle gap has room; halves hold both in full.
    const placed = placeLabels(lane(session('a#1', 2, 30), session('a#2', 70, 97)), window, 200 * MIN, fit);
    expect(placed.map((p) => p.side)).toEqual(['after', 'before']);
    expect(placed.map((p) => p.room)).toEqual([20, 20]);
  });

  it('places every label of a long lane where none overlaps another: rooms in a gap add up to no more than the gap', () => {
    // Gaps: 2 before the first, 9 between, 11 after the last.
    const sessions = Array.from({ length: 8 }, (_, k) => session(`a#${k + 1}`, 2 + k * 12, 5 + k * 12));
    const placed = placeLabels(lane(...sessions), window, 200 * MIN, fit);
    const used = new Map<number, number>();
    placed.forEach((p, k) => {
      if (p.side === null) return;
      const gap = p.side === 'after' ? k + 1 : k;
      used.set(gap, (used.get(gap) ?? 0) + p.room);
    });
    for (const [gap, room] of used) {
      const width = (gap < sessions.length ? sessions[gap].startMs / MIN : 100) - (gap > 0 ? sessions[gap - 1].endMs / MIN : 0);
      expect(room, `gap ${gap}`).toBeLessThanOrEqual(width + 1e-9);
    }
    // A gap each, short labels: every session gets one.
    expect(forms(placed).every((f) => f === 1)).toBe(true);
  });

  it('before the track is measured (every form fits), puts labels after their bars', () => {
    const placed = placeLabels(lane(session('a#1', 10, 20), session('a#2', 50, 75)), window, 200 * MIN);
    expect(placed.map((p) => p.side)).toEqual(['after', 'after']);
  });
});
