import { memo } from 'react';
import type { MessageSummary } from '../../../src-shared/capture';
import { Badge } from '../ui';
import { useEngineApi } from '../state';
import { useEventTime } from '../state/event-times';
import { RowOutcome } from '../matching/MatchingOutcome';
import { formatTime, identityText, originText } from './format';
import { problemParts } from './problems';

/** Loud badges for delivery problems and Segment-spec findings; partner findings as quiet text. */
export function RowBadges({ row }: { row: MessageSummary }) {
  const parts = problemParts(row);
  return (
    <>
      {parts.map((p) =>
        p.kind === 'partner' ? (
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

/** "05-01 09:00:00": the day (month-day) and the time to the second, for an event on another day. */
function otherDayTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The message's own time (originalTimestamp, else timestamp), with the day when it is not the receipt's. */
function EventTime({ seq, receivedAt }: { seq: number; receivedAt: string }) {
  const api = useEngineApi();
  const at = useEventTime(api, seq);
  if (at === undefined) return <span className="c-time c-event mono" />;
  if (at === null) return <span className="c-time c-event mono faint" title="The message has no originalTimestamp or timestamp">—</span>;
  const sameDay = new Date(at).toDateString() === new Date(receivedAt).toDateString();
  return (
    <span className="c-time c-event mono" title={`Event time (the message's own): ${at}`}>
      {sameDay ? formatTime(at) : otherDayTime(at)}
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
      <span className="c-name" title={row.name}>
        {row.name || <span className="faint">—</span>}
      </span>
      <span className="c-id mono" title={identityText(row)}>
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
