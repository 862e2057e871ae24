import { memo } from 'react';
import type { MessageSummary } from '../../../src-shared/capture';
import { Badge } from '../ui';
import { DROP_LABELS, formatTime, identityText, originText, profileLabel, SIGNATURE_LABELS } from './format';

const SIGNATURE_TONE = { valid: 'ok', invalid: 'error', missing: 'error', 'no-secret': 'neutral' } as const;

export function RowBadges({ row }: { row: MessageSummary }) {
  return (
    <>
      {row.dropCodes.length > 0 && (
        <Badge tone="error" title={`Segment would drop this: ${row.dropCodes.map((c) => DROP_LABELS[c]).join('; ')}`}>
          would drop{row.dropCodes.length > 1 ? ` ×${row.dropCodes.length}` : ''}
        </Badge>
      )}
      {row.signature && (
        <Badge tone={SIGNATURE_TONE[row.signature]} title={SIGNATURE_LABELS[row.signature]}>
          {row.signature === 'no-secret' ? 'unsigned' : `sig ${row.signature}`}
        </Badge>
      )}
      {row.findingProfiles.length > 0 && (
        <span
          className="finding-chip"
          title={`Validator findings: ${row.errorCount} errors, ${row.warningCount} warnings, from ${row.findingProfiles.map(profileLabel).join(', ')}`}
        >
          {row.errorCount > 0 && <span className="count-error">{row.errorCount}✕</span>}
          {row.warningCount > 0 && <span className="count-warn">{row.warningCount}!</span>}
          <span className="finding-profiles">{row.findingProfiles.map(profileLabel).join(', ')}</span>
        </span>
      )}
    </>
  );
}

export const MessageRow = memo(function MessageRow({
  row,
  selected,
  top,
  onSelect,
}: {
  row: MessageSummary;
  selected: boolean;
  top: number;
  onSelect: (seq: number) => void;
}) {
  return (
    <div
      role="option"
      aria-selected={selected}
      data-seq={row.seq}
      className={selected ? 'msg-row selected' : 'msg-row'}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={() => onSelect(row.seq)}
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
      </span>
    </div>
  );
});
