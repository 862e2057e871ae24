// The Sessions lanes' geometry beyond the label choice (label-placement.test.ts): bars cut at the
// window's edges, sessions outside it not drawn, an open session's tail up to the clock's now (or
// its last message past it), a session that begins before the one before it ended on a second row
// with its label after it, and a gap under MIN_LABEL_ROOM holding no label. Worked out by hand: the
// window is 100 minutes, so a minute is 1 % of the track.
import { describe, expect, it } from 'vitest';
import { laneRowCount, laneRows, MIN_LABEL_ROOM, placeLabels, type LabelFit } from '../../../src-renderer/src/sessions/label-placement';
import type { SessionLane } from '../../../src-shared/sessions/view';

const MIN = 60_000;
const session = (id: string, from: number, to: number, timeoutAfter = 30) => ({ id, startMs: from * MIN, endMs: to * MIN, timeoutAtMs: (to + timeoutAfter) * MIN, segments: [], lateCount: 0, messageCount: 2 });
const lane = (...sessions: ReturnType<typeof session>[]): SessionLane => ({ anonymousId: 'a', sessions });
const LATER = 500 * MIN; // every session timed out
const geometry = (p: ReturnType<typeof placeLabels>[number]) => [p.left, p.right, p.tailEnd];

describe('placeLabels: the bars on the track', () => {
  it('a bar is cut at the window\'s edges; a session wholly before or after the window is not drawn', () => {
    const w = { fromMs: 10 * MIN, toMs: 110 * MIN };
    const placed = placeLabels(lane(session('a#1', 0, 5), session('a#2', 6, 20), session('a#3', 100, 130), session('a#4', 111, 115)), w, LATER);
    expect(placed.map((p) => p.visible)).toEqual([false, true, true, false]);
    expect(geometry(placed[1])).toEqual([0, 10, 10]);
    expect(geometry(placed[2])).toEqual([90, 100, 100]);
    // The two visible share the one gap between them (80 %), each beside its own bar.
    expect(placed.map((p) => [p.side, p.room])).toEqual([[null, 0], ['after', 40], ['before', 40], [null, 0]]);
  });

  it('a session ending right at the window\'s start, or starting right at its end, is drawn', () => {
    const w = { fromMs: 10 * MIN, toMs: 110 * MIN };
    expect(placeLabels(lane(session('a#1', 0, 10), session('a#2', 110, 112)), w, LATER).map((p) => p.visible)).toEqual([true, true]);
  });

  it('an open session\'s tail runs to the clock\'s now, and its label goes after the tail', () => {
    const w = { fromMs: 0, toMs: 100 * MIN };
    // a#1 timed out at 50; a#2 (40..50, times out at 80) is open at 60.
    const placed = placeLabels(lane(session('a#1', 10, 20), session('a#2', 40, 50)), w, 60 * MIN);
    expect(placed.map((p) => p.open)).toEqual([false, true]);
    expect(geometry(placed[1])).toEqual([40, 50, 60]);
    expect(placed[1]).toMatchObject({ side: 'after', room: 40 });
  });

  it('an open session with messages past the clock: the tail ends at its last message; past the window, at the edge', () => {
    const w = { fromMs: 0, toMs: 100 * MIN };
    expect(geometry(placeLabels(lane(session('a#1', 70, 95)), w, 80 * MIN)[0])).toEqual([70, 95, 95]);
    expect(geometry(placeLabels(lane(session('a#1', 90, 95)), w, 120 * MIN)[0])).toEqual([90, 95, 100]);
    // No room after it: its label goes before its bar.
    expect(placeLabels(lane(session('a#1', 90, 95)), w, 120 * MIN)[0]).toMatchObject({ side: 'before', room: 90 });
  });
});

describe('placeLabels: the second row', () => {
  it('a session beginning before the one before it ended: second row, its label after it up to the next such bar or the end', () => {
    const w = { fromMs: 0, toMs: 100 * MIN };
    const placed = placeLabels(lane(session('a#1', 10, 40), session('a#2', 30, 35), session('a#3', 50, 60), session('a#4', 55, 58)), w, LATER);
    expect(placed.map((p) => p.row)).toEqual([0, 1, 0, 1]);
    // Rounded: the % of a minute on a 100-minute track is a float.
    expect(placed.map((p) => [p.side, Math.round(p.room * 1e6) / 1e6])).toEqual([
      ['after', 10],
      ['after', 20],
      ['after', 40],
      ['after', 42],
    ]);
  });

  it('a second-row bar with less than MIN_LABEL_ROOM before the next has no label; exactly that much has one', () => {
    const w = { fromMs: 0, toMs: 100 * MIN };
    const tight = placeLabels(lane(session('a#1', 10, 40), session('a#2', 20, 37), session('a#3', 38, 39)), w, LATER);
    expect(tight.map((p) => p.row)).toEqual([0, 1, 1]);
    expect(tight[1]).toMatchObject({ side: null, room: 0 });
    const enough = placeLabels(lane(session('a#1', 10, 40), session('a#2', 20, 34), session('a#3', 38, 39)), w, LATER);
    expect(enough[1]).toMatchObject({ side: 'after', room: MIN_LABEL_ROOM });
  });

  it('a bar that ends inside an earlier, longer one is on the second row too (against the latest end so far)', () => {
    const w = { fromMs: 0, toMs: 100 * MIN };
    const placed = placeLabels(lane(session('a#1', 0, 50), session('a#2', 10, 20), session('a#3', 30, 40)), w, LATER);
    expect(placed.map((p) => p.row)).toEqual([0, 1, 1]);
  });
});

describe('laneRows: as many rows as the overlaps need, counted in the window', () => {
  it('three sessions over one another take three rows; each label goes after its bar up to the next of its row', () => {
    const w = { fromMs: 0, toMs: 100 * MIN };
    const l = lane(session('a#1', 0, 50), session('a#2', 10, 40), session('a#3', 20, 30), session('a#4', 45, 60));
    // a#4 begins after a#2 (row 1) ended, not after a#1: row 1 again.
    expect(laneRows(l, w, LATER)).toEqual([0, 1, 2, 1]);
    expect(laneRowCount(l, w, LATER)).toBe(3);
    const placed = placeLabels(l, w, LATER);
    expect(placed.map((p) => p.row)).toEqual([0, 1, 2, 1]);
    expect(placed.map((p) => [p.side, Math.round(p.room * 1e6) / 1e6])).toEqual([
      ['after', 50],
      ['after', 5],
      ['after', 70],
      ['after', 40],
    ]);
  });

  it('an overlap wholly outside the window draws one row; one lane order need not be time order', () => {
    const w = { fromMs: 100 * MIN, toMs: 200 * MIN };
    const l = lane(session('a#1', 0, 50), session('a#2', 10, 40), session('a#3', 120, 130));
    expect(laneRows(l, w, LATER)).toEqual([0, 0, 0]);
    expect(laneRowCount(l, w, LATER)).toBe(1);
    // A session listed first that begins after one listed later (a late message before it): the earlier-begun keeps row 0.
    const all = { fromMs: 0, toMs: 100 * MIN };
    expect(laneRows(lane(session('a#1', 20, 30), session('a#2', 10, 40)), all, LATER)).toEqual([1, 0]);
    expect(laneRowCount(lane(session('a#1', 20, 30), session('a#2', 10, 40)), all, LATER)).toBe(2);
    // Listed out of time order but apart: one row.
    expect(laneRowCount(lane(session('a#1', 50, 60), session('a#2', 10, 40)), all, LATER)).toBe(1);
    expect(laneRowCount(lane(), all, LATER)).toBe(1);
  });

  it('an open session\'s tail holds its row up to now: a bar beginning under the tail goes below it', () => {
    const w = { fromMs: 0, toMs: 100 * MIN };
    // a#1 (10..20) is open at 40, its tail to 40; a#2 begins at 30, after a#1's last message.
    const open = { ...session('a#1', 10, 20), timeoutAtMs: 60 * MIN };
    expect(laneRows(lane(open, session('a#2', 30, 35)), w, 40 * MIN)).toEqual([0, 1]);
  });
});

describe('placeLabels: room and the fit', () => {
  it('a gap under MIN_LABEL_ROOM % holds no label even when the label would fit; exactly that much does', () => {
    const w = { fromMs: 0, toMs: 100 * MIN };
    expect(placeLabels(lane(session('a#1', 0, 96)), w, LATER)[0]).toMatchObject({ side: 'after', room: 4 });
    expect(placeLabels(lane(session('a#1', 0, 96.5)), w, LATER)[0]).toMatchObject({ side: null, room: 0 });
  });

  it('the fit is asked about each session by its place in the lane, not among the drawn ones', () => {
    const w = { fromMs: 10 * MIN, toMs: 110 * MIN };
    const asked = new Set<number>();
    const fit = (i: number, room: number): LabelFit => (asked.add(i), i === 2 && room >= 20 ? 2 : 0);
    const placed = placeLabels(lane(session('a#1', 0, 5), session('a#2', 20, 30), session('a#3', 60, 70)), w, LATER, fit);
    expect([...asked].sort()).toEqual([1, 2]);
    // Only a#3's label fits (in full, 30 % after it); a#2 has none.
    expect(placed.map((p) => p.side)).toEqual([null, null, 'after']);
    expect(placed[2].room).toBe(40);
  });

  it('a lane with nothing in the window, and an empty lane: no labels', () => {
    const w = { fromMs: 0, toMs: 100 * MIN };
    expect(placeLabels(lane(session('a#1', 200, 210)), w, LATER)).toEqual([{ open: false, row: 0, visible: false, left: 200, right: 100, tailEnd: 100, side: null, room: 0 }]);
    expect(placeLabels(lane(), w, LATER)).toEqual([]);
  });
});
