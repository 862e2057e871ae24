// Where each session's label goes on its lane: the gap after its bar or the one before it. Pure:
// SessionTimeline draws what this decides; test/unit/renderer/label-placement.test.ts checks it.
import type { SessionLane } from '../../../src-shared/sessions/view';
import { drawnEndMs, sessionStatus } from './session-status';

export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

export interface PlacedSession {
  open: boolean;
  /**
   * The row of its lane it is drawn on, 0 the first. A session that begins before an earlier one of
   * the lane ended (opened by a message that arrived after that one timed out) goes to the first row
   * whose bars have all ended before it begins; 0 for one outside the window.
   */
  row: number;
  visible: boolean;
  /** Where it starts, ends, and where its open tail (up to now) ends on the track, in %. */
  left: number;
  right: number;
  tailEnd: number;
  /** Which gap beside it its label takes (null: no room left for one), and its room there in %. */
  side: 'after' | 'before' | null;
  room: number;
}

/** Below this (% of the track) a gap holds no readable label. */
export const MIN_LABEL_ROOM = 4;

/** How much of a label a room holds: 2 its full form, 1 its short form, 0 neither. */
export type LabelFit = 0 | 1 | 2;

/**
 * Each visible session on the track, and where its label goes: into the gap after it or the one
 * before it; two labels in one gap each keep to their half, beside their own bar, so they never
 * print over each other. `fit(i, room)` says which form of session i's label a room of `room` % of
 * the track holds. The labels are placed so that as many as can have their full form, then their
 * short form, the newest session's first (its countdown matters most), then after their bars.
 * The newest chose first and took the larger gap, often the one between it and the session before:
 * shared, it left both labels half of it, both in their short form at 1000 px, where the newest
 * alone after its bar and the other before its own had room for both in full.
 */
/** Whether a session shows in the window: some of its drawing (bar or open tail) lies in it. */
function inWindow(s: SessionLane['sessions'][number], w: TimeWindow, now: number): boolean {
  return !(drawnEndMs(s, now) < w.fromMs || s.startMs > w.toMs);
}

/**
 * Each session's row on its lane (0 for one outside the window): in the order they begin, each
 * visible session takes the first row whose bars (and open tails) have all ended before it begins,
 * so no two bars of a row overlap and the lane has as few rows as its overlaps need.
 */
export function laneRows(lane: SessionLane, w: TimeWindow, now: number): number[] {
  const rows = new Array<number>(lane.sessions.length).fill(0);
  const order = lane.sessions.map((_, i) => i).filter((i) => inWindow(lane.sessions[i], w, now));
  order.sort((a, b) => lane.sessions[a].startMs - lane.sessions[b].startMs || a - b);
  const rowEnds: number[] = [];
  for (const i of order) {
    const s = lane.sessions[i];
    let row = rowEnds.findIndex((end) => s.startMs > end);
    if (row < 0) row = rowEnds.push(-Infinity) - 1;
    rows[i] = row;
    rowEnds[row] = drawnEndMs(s, now);
  }
  return rows;
}

/** How many rows of bars a lane draws in the window (1 at least): what its height is made for. */
export function laneRowCount(lane: SessionLane, w: TimeWindow, now: number): number {
  // Asked of every lane at each tick of the clock: most lanes' sessions follow one another, one
  // row, which this says without sorting or allocating (laneRows took 13 ms for 10,000 lanes).
  let lastEnd = -Infinity;
  let oneRow = true;
  for (const s of lane.sessions) {
    if (!inWindow(s, w, now)) continue;
    if (s.startMs <= lastEnd) {
      oneRow = false;
      break;
    }
    lastEnd = drawnEndMs(s, now);
  }
  return oneRow ? 1 : Math.max(...laneRows(lane, w, now)) + 1;
}

export function placeLabels(lane: SessionLane, w: TimeWindow, now: number, fit: (i: number, room: number) => LabelFit = () => 2): PlacedSession[] {
  const span = w.toMs - w.fromMs;
  const pct = (ms: number) => ((ms - w.fromMs) / span) * 100;
  const rows = laneRows(lane, w, now);
  const placed: PlacedSession[] = lane.sessions.map((s, i) => {
    const open = sessionStatus(s, now).kind !== 'timedOut';
    const right = Math.min(100, pct(s.endMs));
    // An open session's drawing ends at now or at its last message, whichever is later: messages
    // dated past the clock (an SDK's timestamps past a paused clock) ended its bar after now, and
    // its label, placed after now, was printed over the bar.
    const drawnEnd = drawnEndMs(s, now);
    return { open, row: rows[i], visible: inWindow(s, w, now), left: Math.max(0, pct(s.startMs)), right, tailEnd: open ? Math.min(100, pct(drawnEnd)) : right, side: null, room: 0 };
  });
  // The first row's labels go into the gaps between its bars, before or after each, as fits best.
  const byLeft = (a: number, b: number) => placed[a].left - placed[b].left || a - b;
  const index = placed.map((p, i) => (p.visible && p.row === 0 ? i : -1)).filter((i) => i >= 0).sort(byLeft);
  const visible = index.map((i) => placed[i]);
  const n = visible.length;
  if (n > 0) {
    // gaps[k]: the room before visible[k] (k = n: after the last one).
    const gaps = visible.map((p, k) => p.left - (k > 0 ? visible[k - 1].tailEnd : 0));
    gaps.push(100 - visible[n - 1].tailEnd);
    const fitIn = (k: number, room: number): LabelFit => (room < MIN_LABEL_ROOM ? 0 : fit(index[k], room));
    // A label's worth: its form first (summed over the lane), then the newest's form, then after its bar.
    const worth = (k: number, f: LabelFit, after: boolean) => (f === 0 ? 0 : f * 1_000_000 + (k === n - 1 ? f * 1_000 : 0) + (after ? 1 : 0));
    // Gap k holds the label of visible[k - 1] (after it) and/or of visible[k] (before it).
    const gapWorth = (k: number, fromBefore: boolean, fromAfter: boolean) => {
      const room = fromBefore && fromAfter ? gaps[k] / 2 : gaps[k];
      return (fromBefore ? worth(k - 1, fitIn(k - 1, room), true) : 0) + (fromAfter ? worth(k, fitIn(k, room), false) : 0);
    };
    // best[k][a]: the most worth for the labels of visible[0..k] and gaps 0..k, where a says whether
    // visible[k]'s label is in gap k + 1 (after it; that gap's worth is counted with the next).
    type Choice = 'after' | 'before' | null;
    const best: number[][] = [];
    const how: { choice: Choice; prevAfter: boolean }[][] = [];
    for (let k = 0; k < n; k++) {
      best.push([-Infinity, -Infinity]);
      how.push([
        { choice: null, prevAfter: false },
        { choice: 'after', prevAfter: false },
      ]);
      for (const prevAfter of k > 0 ? [false, true] : [false]) {
        const before = k > 0 ? best[k - 1][prevAfter ? 1 : 0] : 0;
        if (before === -Infinity) continue;
        // No label first: a side wins only by placing a label where none would do as well.
        for (const choice of [null, 'before', 'after'] as Choice[]) {
          const total = before + gapWorth(k, prevAfter, choice === 'before');
          const a = choice === 'after' ? 1 : 0;
          if (total > best[k][a]) {
            best[k][a] = total;
            how[k][a] = { choice, prevAfter };
          }
        }
      }
    }
    const lastAfter = best[n - 1][1] + gapWorth(n, true, false) > best[n - 1][0];
    // Back from the last session: each one's side, then its room (half a gap shared with a neighbour).
    const sides: Choice[] = new Array(n).fill(null);
    let a = lastAfter ? 1 : 0;
    for (let k = n - 1; k >= 0; k--) {
      const h = how[k][a];
      sides[k] = h.choice;
      a = h.prevAfter ? 1 : 0;
    }
    for (let k = 0; k < n; k++) {
      const side = sides[k];
      if (side === null) continue;
      const gap = side === 'after' ? k + 1 : k;
      const shared = side === 'after' ? k + 1 < n && sides[k + 1] === 'before' : k > 0 && sides[k - 1] === 'after';
      const room = shared ? gaps[gap] / 2 : gaps[gap];
      if (fitIn(k, room) === 0) continue; // no form fits: no label (and the neighbour, not sharing, had the gap's worth counted alone)
      visible[k].side = side;
      visible[k].room = room;
    }
  }
  // A bar on a later row has a short one's room: its label goes after it, up to the next bar of its row.
  const later = placed.map((p, i) => (p.visible && p.row > 0 ? i : -1)).filter((i) => i >= 0).sort(byLeft);
  later.forEach((i, k) => {
    const p = placed[i];
    const next = later.slice(k + 1).find((j) => placed[j].row === p.row);
    const room = (next === undefined ? 100 : placed[next].left) - p.tailEnd;
    if (room >= MIN_LABEL_ROOM) Object.assign(p, { side: 'after', room });
  });
  return placed;
}
