// The virtualized capture list. Only the rows on screen exist in the DOM, so 100,000 rows cost
// the same to render as 30. In live mode it follows the newest row while scrolled to the bottom.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { indexOfSeq } from '../state/filter-logic';
import { useAppStore } from '../state';
import { MessageRow } from './MessageRow';

const ROW_HEIGHT = 30;

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

  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 1.5;
  }, []);

  // Follow new rows while live and already at the bottom; paused lists never move.
  useLayoutEffect(() => {
    if (!paused && atBottom.current && view.length > 0 && active) {
      virtualizer.scrollToIndex(view.length - 1, { align: 'end' });
    }
  }, [view, paused, active, virtualizer]);

  // Keep the selected row on screen (keyboard moves, "show captured row" from the composer).
  useEffect(() => {
    if (selectedSeq === null || !active) return;
    const i = indexOfSeq(view, selectedSeq);
    if (i >= 0) virtualizer.scrollToIndex(i, { align: 'auto' });
    // view is intentionally left out: new rows must not pull the list back to the selection
  }, [selectedSeq, active, virtualizer]);

  return (
    <div className="msg-list">
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
        role="listbox"
        aria-label="Captured messages"
        tabIndex={0}
      >
        <div className="msg-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = view[item.index];
            return (
              <MessageRow
                key={row.seq}
                row={row}
                top={item.start}
                selected={row.seq === selectedSeq}
                marked={marked.has(row.seq)}
                onSelect={selectOnly}
                onMark={markRow}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
