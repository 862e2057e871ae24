import { memo } from 'react';
import type { MessageSummary } from '../../../src-shared/capture';
import { Badge } from '../ui';
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
      <span className="c-time mono" title={row.receivedAt}>
        {formatTime(row.receivedAt)}
      </span>
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
