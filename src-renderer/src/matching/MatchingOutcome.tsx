// The inspector's view of matching: an outcome badge on each matched row, and in the detail pane
// the outcome with "Why this user?" opening the trace in the Matching tab.
import { useAppStore } from '../state';
import { OutcomeBadge } from './OutcomeBadge';

export function RowOutcome({ seq }: { seq: number }) {
  const row = useAppStore((s) => s.outcomeBySeq.get(seq));
  return row ? <OutcomeBadge outcome={row.outcome} conflict={row.conflict} /> : null;
}

export function MatchingOutcome({ seq }: { seq: number }) {
  const row = useAppStore((s) => s.outcomeBySeq.get(seq));
  const showTrace = useAppStore((s) => s.showTrace);
  if (!row) return null;
  return (
    <section className="detail-section" aria-label="User matching">
      <h3>Product Fruits user matching</h3>
      <div className="matching-outcome">
        <OutcomeBadge outcome={row.outcome} conflict={row.conflict} />
        {row.userId && <span className="mono">user {row.userId}</span>}
        <button type="button" className="link-button" onClick={() => showTrace(seq)}>
          Why this user?
        </button>
      </div>
    </section>
  );
}
