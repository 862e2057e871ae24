import { memo } from 'react';
import type { MessageSummary } from '../../../src-shared/capture';
import { Badge } from '../ui';
import { useAppStore, useEngineApi } from '../state';
import { useEventTime } from '../state/event-times';
import { RowOutcome } from '../matching/MatchingOutcome';
import { formatDayTime, formatTime, identityText, originText, sameLocalDay } from './format';
import { problemParts } from './problems';

/** Loud badges for delivery problems and Segment-spec findings; partner findings as quiet text. */
export function RowBadges({ row }: { row: MessageSummary }) {
  const partnersApply = useAppStore((s) => (s.workspaceView?.workspace.sources.length ?? 0) > 0);
  const parts = problemParts(row, partnersApply);
  return (
    <>
      {parts.map((p) =>
        p.kind === 'partner' && p.tone === 'neutral' ? (
          <span key={p.kind} className="finding-quiet" title={p.title}>
            {p.label}
          </span>
        ) : (
          <Badge key={p.kind} tone={p.tone} title={p.title}>
            {p.label}
          </Badge>
        ),
      )}
    </>
  );
}

/** The message's own time (originalTimestamp, else timestamp), with the day when it is not the receipt's. */
function EventTime({ seq, receivedAt }: { seq: number; receivedAt: string }) {
  const api = useEngineApi();
  const at = useEventTime(api, seq);
  if (at === undefined) return <span className="c-time c-event mono" />;
  if (at === null) return <span className="c-time c-event mono faint" title="The message has no originalTimestamp or timestamp">—</span>;
  return (
    <span className="c-time c-event mono" title={`Event time (the message's own): ${at}`}>
      {sameLocalDay(at, receivedAt) ? formatTime(at) : formatDayTime(at)}
    </span>
  );
}

export const MessageRow = memo(function MessageRow({
  row,
  selected,
  marked,
  top,
  onSelect,
  onMark,
}: {
  row: MessageSummary;
  selected: boolean;
  marked: boolean;
  top: number;
  onSelect: (seq: number) => void;
  onMark: (seq: number, mode: 'toggle' | 'range') => void;
}) {
  return (
    <div
      role="option"
      aria-selected={selected || marked}
      data-seq={row.seq}
      className={`msg-row${selected ? ' selected' : ''}${marked ? ' marked' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={(e) => {
        if (e.metaKey || e.ctrlKey) onMark(row.seq, 'toggle');
        else if (e.shiftKey) {
          e.preventDefault(); // no text selection
          onMark(row.seq, 'range');
        } else onSelect(row.seq);
      }}
    >
      <span className="c-time mono" title={`Received ${row.receivedAt}`}>
        {formatTime(row.receivedAt)}
      </span>
      <EventTime seq={row.seq} receivedAt={row.receivedAt} />
      <span className="c-type">
        <span className={`type-pill type-${row.type}`}>{row.type}</span>
      </span>
      <span className="c-name" title={row.name} dir="auto">
        {row.name || <span className="faint">—</span>}
      </span>
      <span className="c-id mono" title={identityText(row)} dir="auto">
        {identityText(row)}
      </span>
      <span className="c-origin" title={originText(row)}>
        {originText(row)}
      </span>
      <span className="c-badges">
        <RowBadges row={row} />
        <RowOutcome seq={row.seq} />
      </span>
    </div>
  );
});
