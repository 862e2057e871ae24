import { memo } from 'react';
import type { MessageSummary } from '../../../src-shared/capture';
import { Badge } from '../ui';
import { useAppStore, useEngineApi } from '../state';
import { useEventTime } from '../state/event-times';
import { RowOutcome } from '../matching/MatchingOutcome';
import { OUTCOME_LABEL } from '../matching/outcome';
import { EdgeSpaced } from './EdgeSpaced';
import { edgeSpaceTitle, formatStamp, identityText, originText, sameLocalDay, stampDetail, stampTitle, type StampDetail } from './format';
import { problemParts, quietPieces, type ProblemPart } from './problems';

/**
 * Loud badges for delivery problems and Segment-spec findings, then the matching outcome, then a
 * signature that is no problem (signed, unsigned, not checked); partner findings as quiet text. The
 * cell's tooltip names them all: a badge that does not fit is hidden. A neutral signature note came
 * before the outcome and, in the narrow cell (1400 px with the detail open), pushed it onto the
 * hidden line: a webhook row read "not checked" where its user had been "created".
 */
export function RowBadges({ row }: { row: MessageSummary }) {
  const partnersApply = useAppStore((s) => (s.workspaceView?.workspace.sources.length ?? 0) > 0);
  const outcome = useAppStore((s) => s.outcomeBySeq.get(row.seq));
  const parts = problemParts(row, partnersApply);
  const calm = (p: ProblemPart) => p.kind === 'signature' && (p.tone === 'neutral' || p.tone === 'ok');
  const before = parts.filter((p) => !calm(p));
  const after = parts.filter(calm);
  const outcomeSaid = outcome ? [OUTCOME_LABEL[outcome.outcome], ...(outcome.conflict ? ['conflict'] : [])] : [];
  const said = [...before.map((p) => p.label), ...outcomeSaid, ...after.map((p) => p.label)];
  return (
    <span className="c-badges" title={said.length > 0 ? said.join(' · ') : undefined}>
      {before.map((p) => (
        <PartBadge key={p.kind} part={p} />
      ))}
      <RowOutcome seq={row.seq} />
      {after.map((p) => (
        <PartBadge key={p.kind} part={p} />
      ))}
    </span>
  );
}

function PartBadge({ part: p }: { part: ProblemPart }) {
  return p.kind === 'partner' && p.tone === 'neutral' ? (
    <span className="finding-quiet" title={p.title}>
      {quietPieces(p.label).map((piece, i) => (
        <span key={i}>{piece}</span>
      ))}
    </span>
  ) : p.label.includes(': ') ? (
    <SplitBadge part={p} />
  ) : (
    <Badge tone={p.tone} title={p.title}>
      {p.label}
    </Badge>
  );
}

/**
 * A badge of the form "what: detail" ("would drop: no identity", "1 error · 3 warnings: ProveSource,
 * Freshsuccess") in pieces drawn as one, cut before ": " and " · ": where the whole does not fit,
 * the pieces that do not wrap onto a line the cell hides and the badge reads "would drop" or
 * "1 error · 3 warnings" (its tooltip says the rest). It was cut mid-word, "would drop: no ide…" and
 * "ProveSource, Fresh…". The partners' names go whole or not at all: cut after a name, the badge
 * read "…: ProveSource," with the other partner's counts in it.
 */
function SplitBadge({ part }: { part: ProblemPart }) {
  return (
    <span className="badge-split" title={part.title}>
      {part.label.split(/(?=: | · )/).map((piece, i) => (
        <span key={i} className={`badge badge-${part.tone}${i > 0 ? ' badge-rest' : ''}`}>
          {piece}
        </span>
      ))}
    </span>
  );
}

/**
 * The message's own time (originalTimestamp, else timestamp): with the day when the list shows
 * days, or when it is not the receipt's day; with the year when it is another year's.
 */
function EventTime({ seq, receivedAt, detail }: { seq: number; receivedAt: string; detail: StampDetail }) {
  const api = useEngineApi();
  const at = useEventTime(api, seq);
  if (at === undefined) return <span className="c-time c-event mono" />;
  if (at === null) return <span className="c-time c-event mono faint" title="The message has no originalTimestamp or timestamp">—</span>;
  const own = stampDetail([at], Date.now());
  const shown: StampDetail = own === 'year' || detail === 'year' ? 'year' : detail === 'day' || !sameLocalDay(at, receivedAt) ? 'day' : 'time';
  return (
    <span className="c-time c-event mono" title={stampTitle("Event time (the message's own):", at)}>
      {formatStamp(at, shown)}
    </span>
  );
}

export const MessageRow = memo(function MessageRow({
  row,
  selected,
  marked,
  top,
  detail,
  onSelect,
  onMark,
}: {
  row: MessageSummary;
  selected: boolean;
  marked: boolean;
  top: number;
  /** How much of the date the list's times show (the list decides, so the column is consistent). */
  detail: StampDetail;
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
      <span className="c-time mono" title={stampTitle('Received', row.receivedAt)}>
        {formatStamp(row.receivedAt, detail)}
      </span>
      <EventTime seq={row.seq} receivedAt={row.receivedAt} detail={detail} />
      <span className="c-type">
        <span className={`type-pill type-${row.type}`}>{row.type}</span>
      </span>
      <span className="c-name" title={edgeSpaceTitle(row.name)} dir="auto">
        {row.name ? <EdgeSpaced text={row.name} /> : <span className="faint">—</span>}
      </span>
      <span className="c-id mono" title={row.userId ? edgeSpaceTitle(row.userId) : row.anonymousId ? `anon ${edgeSpaceTitle(row.anonymousId)}` : identityText(row)} dir="auto">
        {row.userId ? (
          <EdgeSpaced text={row.userId} />
        ) : row.anonymousId ? (
          <>
            anon <EdgeSpaced text={row.anonymousId} />
          </>
        ) : (
          identityText(row)
        )}
      </span>
      <OriginCell row={row} />
      <RowBadges row={row} />
    </div>
  );
});

/**
 * Where the row came from: the endpoint, then its masked write key kept whole or left out (the
 * tooltip has both). Cut with one ellipsis, a narrow column read "/v1/batch · e2e…1…": the mask's
 * own ellipsis, then the cut's, a key that looked like another.
 */
function OriginCell({ row }: { row: MessageSummary }) {
  const text = originText(row);
  return row.origin !== 'webhook' && row.writeKeyMasked ? (
    <span className="c-origin origin-pieces" title={text}>
      <span>{row.endpoint}</span>
      <span>{` · ${row.writeKeyMasked}`}</span>
    </span>
  ) : (
    <span className="c-origin" title={text}>
      {text}
    </span>
  );
}
