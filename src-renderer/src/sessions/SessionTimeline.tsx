// One lane per anonymousId: sessions as bars split into module segments, a "now" line that moves
// with the simulation clock, and each open session's countdown. Lanes are virtualized, so
// thousands of anonymousIds cost what the visible ones cost.
import { plural } from '../../../src-shared/plural';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { SessionLane } from '../../../src-shared/sessions/view';
import { calendarFields, formatDuration } from '../../../src-shared/sim-clock';
import { offsetWhileShown } from '../ui/virtual';
import { VisibleText } from '../ui';
import { localDateMinute } from '../inspector/format';
import { laneRowCount, placeLabels, type LabelFit, type TimeWindow } from './label-placement';
import { drawnEndMs, fitSessionLabel, sessionStatus, sessionStatusShortText, sessionStatusText } from './session-status';
import { moduleFillClass } from './module-colours';
import { useModuleColor } from './use-sessions';

const LANE_HEIGHT = 40;
/**
 * A lane with overlapping sessions draws a row of bars per overlap, each row this much below the
 * last: 18 px bars 6 px apart, so a 24 px circle centred on a bar meets no bar of the next row
 * (WCAG 2.5.8). The lane grows by it per row; two rows of 15 px bars 18 px apart in 40 px failed.
 */
const ROW_PITCH = 24;
const laneHeight = (rows: number) => LANE_HEIGHT + (rows - 1) * ROW_PITCH;
const LABEL_WIDTH = 190;
/** The axis's height with its border (sessions.css), and the least the lanes keep in a short window. */
const AXIS_PX = 27;
const MIN_TIMELINE_PX = 160;

export type { TimeWindow } from './label-placement';

// Times read through calendarFields: a session timing out after a message stamped in the year
// 275760 is past what a Date holds, and a Date there read "NaN:NaN" and "Invalid Date".
const two = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function clockTime(ms: number): string {
  const f = calendarFields(ms, 'local');
  return f ? `${two(f.hours)}:${two(f.minutes)}` : String(ms);
}

const DAY_MS = 86_400_000;
const YEAR_STEP_MS = 364 * DAY_MS;
const dayText = (ms: number) => {
  const f = calendarFields(ms, 'local');
  return f ? `${MONTHS[f.month - 1]} ${f.day}` : String(ms);
};

/**
 * A tick's label: its time, or its day ("Mar 10") where a window of more than a day has a tick at
 * a local midnight or ticks a day or more apart (a time alone did not say which day it was), or its
 * year where ticks are a year or more apart (a window of years read "Feb 1", "Mar 3": which year?).
 */
function tickText(t: number, w: TimeWindow, step: number): string {
  if (w.toMs - w.fromMs <= DAY_MS) return clockTime(t);
  const f = calendarFields(t, 'local');
  if (!f) return String(t);
  if (step >= YEAR_STEP_MS) return String(f.year);
  return step >= DAY_MS || (f.hours === 0 && f.minutes === 0) ? dayText(t) : clockTime(t);
}

/** Tick marks every 1, 5, 10, 15, 30 or 60 minutes, hours, days or weeks, at most ten across. */
function ticks(w: TimeWindow): { step: number; at: number[]; nth: number[] } {
  const span = w.toMs - w.fromMs;
  const steps = [60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, DAY_MS, 2 * DAY_MS, 7 * DAY_MS, 14 * DAY_MS, 28 * DAY_MS, 91 * DAY_MS, YEAR_STEP_MS];
  // Past the longest step, its multiple that keeps ten (a window of years stays a handful of ticks).
  const longest = steps[steps.length - 1];
  const step = steps.find((s) => span / s <= 10) ?? longest * Math.ceil(span / longest / 10);
  // Steps start at a local midnight, so each labelled tick is a round local time: counted from UTC's,
  // hour ticks read 10:45, 11:45 in Chatham (UTC+13:45) and 10:30 in St. John's or India.
  const offset = new Date(w.fromMs).getTimezoneOffset() * 60_000;
  const at: number[] = [];
  // nth: each tick's count of steps from 1970, the same while the window slides.
  const nth: number[] = [];
  for (let k = Math.ceil((w.fromMs - offset) / step), t = k * step + offset; t <= w.toMs; k++, t += step) {
    at.push(t);
    nth.push(k);
  }
  return { step, at, nth };
}

// A tick's time label is about this wide; the "now" label about as wide.
const TICK_LABEL_HALF_PX = 20;
// A character of a tick's label (11 px monospace), and the least room between two labels.
const TICK_CHAR_PX = 6.7;
const TICK_LABEL_GAP_PX = 12;

/** The element's width in px, kept current (0 until it has been laid out). */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    // flushSync, as the Inspector's list: the observer is called after layout and before paint, and
    // a plain setState rendered after that paint, so the first frame (and the first after the tab
    // is shown again) was laid out for a 0 px track: every tick's time, one under the "now" label.
    const observer = new ResizeObserver(() => {
      const measured = el.clientWidth;
      flushSync(() => setWidth(measured));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export function SessionTimeline({ lanes, window: w, now, selectedId, onSelect }: { lanes: SessionLane[]; window: TimeWindow; now: number; selectedId: string | null; onSelect: (id: string) => void }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Each lane's rows of bars in this window, which set its height (a lane whose overlapping
  // sessions leave the window goes back to one row).
  const rows = useMemo(() => lanes.map((lane) => laneRowCount(lane, w, now)), [lanes, w, now]);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  // offsetWhileShown: scrolled and then left for another tab at once, the lanes came back blank.
  const virtualizer = useVirtualizer({ count: lanes.length, getScrollElement: () => scrollRef.current, estimateSize: (i) => laneHeight(rowsRef.current[i] ?? 1), overscan: 8, observeElementOffset: offsetWhileShown });
  // The virtualizer keeps the sizes it has computed until told: when a lane's rows change, it
  // lays the lanes out again (before the paint, so no lane is drawn over another).
  const laidOutRows = useRef<number[] | null>(null);
  useLayoutEffect(() => {
    const before = laidOutRows.current;
    laidOutRows.current = rows;
    if (before === null || (before.length === rows.length && before.every((r, i) => r === rows[i]))) return;
    virtualizer.measure();
  }, [rows, virtualizer]);
  const pct = (ms: number) => ((ms - w.fromMs) / (w.toMs - w.fromMs)) * 100;
  const nowPct = pct(now);
  const nowShown = nowPct >= 0 && nowPct <= 100;
  const trackRef = useRef<HTMLDivElement>(null);
  const trackWidth = useWidth(trackRef);
  const axis = ticks(w);
  // Ticks closer than their labels' width read as one run of digits ("31534 61098 90662…", a
  // window of years at 1000 px): then every second (or third…) one has its label, the same ones as
  // the window slides.
  const labels = axis.at.map((t) => tickText(t, w, axis.step));
  const spacingPx = (axis.step / (w.toMs - w.fromMs)) * trackWidth;
  const widestPx = Math.max(0, ...labels.map((l) => l.length)) * TICK_CHAR_PX;
  const labelEvery = trackWidth > 0 ? Math.max(1, Math.ceil((widestPx + TICK_LABEL_GAP_PX) / spacingPx)) : 1;
  // A tick keeps its mark but not its time where the label would be cut by the track's edge or
  // sit under the "now" label (both read as garbled digits otherwise).
  const tickLabelFits = (t: number, i: number) => {
    if (trackWidth === 0) return true;
    if (axis.nth[i] % labelEvery !== 0) return false;
    const x = (pct(t) / 100) * trackWidth;
    if (x < TICK_LABEL_HALF_PX || x > trackWidth - TICK_LABEL_HALF_PX) return false;
    return !nowShown || Math.abs(x - (nowPct / 100) * trackWidth) >= 2 * TICK_LABEL_HALF_PX;
  };
  return (
    <div className="timeline" style={{ minHeight: Math.min(MIN_TIMELINE_PX, AXIS_PX + virtualizer.getTotalSize()), ['--label-w' as string]: `${LABEL_WIDTH}px`, ['--row-pitch' as string]: `${ROW_PITCH}px` }}>
      <div className="timeline-axis" aria-hidden="true">
        <div className="timeline-label-head">anonymousId · user</div>
        <div className="timeline-track" ref={trackRef}>
          {axis.at.map((t, i) => (
            <span key={t} className="timeline-tick" style={{ left: `${pct(t)}%` }}>
              {tickLabelFits(t, i) ? labels[i] : ''}
            </span>
          ))}
          {nowShown && (
            <span className="timeline-now-label" style={{ left: `${nowPct}%` }}>
              now
            </span>
          )}
        </div>
      </div>
      <div className="timeline-scroll" ref={scrollRef} role="list" aria-label="Sessions by anonymousId">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => (
            <Lane key={lanes[item.index].anonymousId} lane={lanes[item.index]} top={item.start} height={item.size} w={w} now={now} trackWidth={trackWidth} selectedId={selectedId} onSelect={onSelect} />
          ))}
          {nowShown && <div className="timeline-now" style={{ left: `calc(var(--label-w) + (100% - var(--label-w)) * ${nowPct / 100})` }} aria-hidden="true" />}
        </div>
      </div>
    </div>
  );
}

/** "14:05", or "Mar 10 14:05" when not the window's last day: when an off-window session starts. */
function whenText(ms: number, w: TimeWindow): string {
  const end = calendarFields(w.toMs, 'local');
  const d = calendarFields(ms, 'local');
  if (!end || !d) return String(ms);
  const sameDay = d.year === end.year && d.month === end.month && d.day === end.day;
  const year = d.year !== end.year ? `, ${d.year}` : '';
  return sameDay ? clockTime(ms) : `${dayText(ms)}${year} ${clockTime(ms)}`;
}

/**
 * A lane none of whose sessions falls in the window was an empty row, with nothing to say it had
 * any: at its edge, where its sessions are (the nearest one before the window and after it), each a
 * button that opens that session's detail.
 */
function OutsideWindow({ lane, w, now, selectedId, onSelect }: { lane: SessionLane; w: TimeWindow; now: number; selectedId: string | null; onSelect: (id: string) => void }) {
  const before = lane.sessions.filter((s) => drawnEndMs(s, now) < w.fromMs);
  const after = lane.sessions.filter((s) => s.startMs > w.toMs);
  const last = before[before.length - 1];
  const next = after[0];
  const full = localDateMinute;
  return (
    <>
      {last && (
        <button type="button" className={`lane-outside is-before ${last.id === selectedId ? 'is-selected' : ''}`} onClick={() => onSelect(last.id)} title={`${plural(before.length, 'session')} before this window; the last began ${full(last.startMs)}`} aria-label={`Session ${last.id}: before this window, began ${full(last.startMs)}`}>
          ← {whenText(last.startMs, w)}
        </button>
      )}
      {next && (
        <button type="button" className={`lane-outside is-after ${next.id === selectedId ? 'is-selected' : ''}`} onClick={() => onSelect(next.id)} title={`${plural(after.length, 'session')} after this window; the first begins ${full(next.startMs)}`} aria-label={`Session ${next.id}: after this window, begins ${full(next.startMs)}`}>
          {whenText(next.startMs, w)} →
        </button>
      )}
    </>
  );
}

const Lane = memo(function Lane({ lane, top, height, w, now, trackWidth, selectedId, onSelect }: { lane: SessionLane; top: number; height: number; w: TimeWindow; now: number; trackWidth: number; selectedId: string | null; onSelect: (id: string) => void }) {
  const last = lane.sessions[lane.sessions.length - 1];
  // Which form of each session's label a room (% of the track) holds, for placeLabels to give each
  // the longest that fits; before the track is measured, every form fits.
  const fit = (i: number, room: number): LabelFit => {
    if (trackWidth <= 0) return 2;
    const s = lane.sessions[i];
    const status = sessionStatus(s, now);
    const full = sessionStatusText(status, s) + (s.lateCount > 0 ? ` · ${s.lateCount} late` : '');
    const shown = fitSessionLabel(full, sessionStatusShortText(status, s), (room / 100) * trackWidth - 12);
    return shown === null ? 0 : shown === full ? 2 : 1;
  };
  const placed = placeLabels(lane, w, now, fit);
  const moduleColor = useModuleColor();
  return (
    <div className="lane" role="listitem" style={{ top, height }}>
      <div className="lane-label" title={lane.anonymousId}>
        <span className="mono lane-anon" dir="auto">
          <VisibleText text={lane.anonymousId} />
        </span>
        {last.userId && (
          <span className="lane-user" dir="auto">
            <VisibleText text={last.userId} />
          </span>
        )}
      </div>
      <div className="lane-track">
        {!placed.some((p) => p.visible) && <OutsideWindow lane={lane} w={w} now={now} selectedId={selectedId} onSelect={onSelect} />}
        {lane.sessions.map((s, i) => {
          const { open, row, visible, left, right, tailEnd, side, room } = placed[i];
          if (!visible) return null;
          // A clock set back before the session began: no countdown (it would read in months).
          const status = sessionStatus(s, now);
          const full = sessionStatusText(status, s);
          const late = s.lateCount > 0 ? ` · ${s.lateCount} late` : '';
          const label = side === null ? null : fitSessionLabel(full + late, sessionStatusShortText(status, s), trackWidth > 0 ? (room / 100) * trackWidth - 12 : undefined);
          const labelAfter = side === 'after';
          // A session shorter than the bar's 6 px minimum ends at its bar's drawn end, not at its
          // time: the label after it began there (it touched the bar, "▌timed out · 0 s").
          const drawnEnd = `max(${tailEnd}%, ${left}% + 6px)`;
          const maxWidth = labelAfter ? `calc(${room}% - 12px - (${drawnEnd} - ${tailEnd}%))` : `calc(${room}% - 12px)`;
          // The segments fill the part of the session in the window: cut at its edges, each module's
          // time stays where it was (a session begun before the window had its whole split squeezed in).
          const barFrom = Math.max(s.startMs, w.fromMs);
          const barTo = Math.max(barFrom, Math.min(s.endMs, w.toMs));
          const spanMs = Math.max(1, barTo - barFrom);
          const segments = s.segments.filter(([from, to]) => to >= barFrom && from <= barTo);
          return (
            <div key={s.id} className="session" data-session={s.id} data-state={open ? 'open' : 'timedOut'} data-row={row} style={{ ['--row' as string]: row }}>
              {open && tailEnd > right && <span className="session-tail" style={{ left: `${right}%`, width: `${tailEnd - right}%` }} aria-hidden="true" />}
              <button
                type="button"
                className={`session-bar ${open ? 'is-open' : 'is-timedout'} ${s.id === selectedId ? 'is-selected' : ''}`}
                style={{ left: `${left}%`, width: `max(6px, ${right - left}%)` }}
                onClick={() => onSelect(s.id)}
                aria-label={`Session ${s.id}: ${open ? 'open' : 'timed out'}, ${formatDuration(s.endMs - s.startMs)}, ${plural(s.messageCount, 'message')}`}
              >
                {segments.map(([from, to, module], j) => {
                  const a = Math.max(from, barFrom);
                  const b = Math.min(to, barTo);
                  return <span key={j} className={`session-seg ${moduleFillClass(module)}`} title={`${module}: ${formatDuration(to - from)}`} style={{ left: `${((a - barFrom) / spanMs) * 100}%`, width: `${((b - a) / spanMs) * 100}%`, backgroundColor: moduleColor(module) }} />;
                })}
              </button>
              {label !== null && (
                <span className={`session-label ${open ? 'is-open' : ''}`} title={full + late} style={labelAfter ? { left: `calc(${drawnEnd} + 6px)`, maxWidth } : { right: `calc(${100 - left}% + 6px)`, maxWidth }}>
                  {label === full + late && late ? (
                    <>
                      {full}
                      <span className="session-late">{late}</span>
                    </>
                  ) : (
                    label
                  )}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
});
