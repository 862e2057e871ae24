// A directory user's "created / changed by" cell: the messages that created or changed it, each a
// link to its trace, as many as fit whole in the cell (at most LINKS_SHOWN), then "+N more" for
// the rest (the user's decisions). A link is never cut at the column's edge: on a narrow list
// (a small window, the settings panel open) fewer are shown and "+N more" counts the others.
import { useLayoutEffect, useRef, useState } from 'react';
import type { DirectoryUser } from '../../../src-shared/matching/types';
import { formatCount } from '../../../src-shared/tracking-api/limits';

export const LINKS_SHOWN = 6;

/** How the cell is laid out: the starting directory said in full, as a short badge, or not at all. */
type Prefix = 'full' | 'short' | 'none';
interface Layout {
  prefix: Prefix;
  links: number;
}

/**
 * The layouts to try, best first: all links (at most LINKS_SHOWN) and then one fewer at a time; a
 * starting-directory user keeps "starting directory;" in full while two links still fit beside it,
 * then says it with a short badge so the links get the room.
 */
export function layoutsFor(touched: number, fromStartingDirectory: boolean): Layout[] {
  const most = Math.min(touched, LINKS_SHOWN);
  const out: Layout[] = [];
  if (!fromStartingDirectory) {
    for (let k = most; k >= 0; k--) out.push({ prefix: 'none', links: k });
    return out;
  }
  for (let k = most; k >= Math.min(2, most); k--) out.push({ prefix: 'full', links: k });
  for (let k = most; k >= 0; k--) out.push({ prefix: 'short', links: k });
  return out;
}

/** Whether the cell's last child ends inside it (half a pixel of rounding allowed). */
function fits(cell: HTMLElement): boolean {
  const last = cell.lastElementChild;
  if (!last) return true;
  return last.getBoundingClientRect().right <= cell.getBoundingClientRect().right + 0.5;
}

const START_TITLE = 'From the starting directory (imported or added here); the links are the messages that changed it since';

export function SeqLinks({ user, onTrace, onMore }: { user: DirectoryUser; onTrace: (seq: number) => void; onMore: () => void }) {
  const ref = useRef<HTMLSpanElement>(null);
  const touched = user.touchedBy;
  const layouts = layoutsFor(touched.length, user.createdBy === null);
  const [step, setStep] = useState(0);
  const [width, setWidth] = useState(0);

  // The column's width changes with the window and the settings panel: start again from the best.
  useLayoutEffect(() => {
    const cell = ref.current;
    if (!cell || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry.contentRect.width)));
    observer.observe(cell);
    return () => observer.disconnect();
  }, []);
  useLayoutEffect(() => setStep(0), [width, touched.length]);
  // Before the browser paints: the next layout while the last thing in the cell does not fit.
  useLayoutEffect(() => {
    const cell = ref.current;
    if (cell && step < layouts.length - 1 && cell.clientWidth > 0 && !fits(cell)) setStep(step + 1);
  });

  const { prefix, links: shown } = layouts[Math.min(step, layouts.length - 1)];
  const rest = touched.length - shown;
  return (
    <span role="cell" className="seq-links" ref={ref}>
      {prefix === 'full' && (
        <span className="faint" title={START_TITLE}>
          starting directory{touched.length ? ';' : ''}
        </span>
      )}
      {prefix === 'short' && (
        <span className="badge badge-neutral" title={START_TITLE}>
          start
        </span>
      )}
      {touched.slice(0, shown).map((seq, i) => (
        <button key={seq} type="button" className="link-button mono" onClick={() => onTrace(seq)} title={i === 0 && user.createdBy === seq ? 'Created by this message: show its trace' : 'Changed by this message: show its trace'}>
          #{seq}
        </button>
      ))}
      {rest > 0 && (
        <button type="button" className="link-button" onClick={onMore} title={`Show all ${user.id}'s decisions: the ${formatCount(touched.length)} messages that created or changed it, and those that changed nothing`}>
          +{formatCount(rest)} more
        </button>
      )}
    </span>
  );
}
