// The inspector's view of matching: an outcome badge on each matched row, and in the detail pane
// the outcome with "Why this user?" opening the trace in the Matching tab.
import { useEffect, useState } from 'react';
import type { DecisionRow } from '../../../src-shared/matching/api-types';
import { selectMatchingVersion, useAppStore, useEngineApi } from '../state';
import { OutcomeBadge } from './OutcomeBadge';

export function RowOutcome({ seq }: { seq: number }) {
  const row = useAppStore((s) => s.outcomeBySeq.get(seq));
  return row ? <OutcomeBadge outcome={row.outcome} conflict={row.conflict} /> : null;
}

export function MatchingOutcome({ seq }: { seq: number }) {
  const api = useEngineApi();
  const known = useAppStore((s) => s.outcomeBySeq.get(seq));
  const version = useAppStore(selectMatchingVersion);
  const showTrace = useAppStore((s) => s.showTrace);
  // Older than the decisions the store holds: ask the engine for this one.
  const [asked, setAsked] = useState<DecisionRow | null>(null);
  useEffect(() => {
    if (known) return;
    let stale = false;
    api
      .call('matching.outcomes', { seqs: [seq] })
      .then(([r]) => !stale && setAsked(r))
      .catch(() => !stale && setAsked(null));
    return () => {
      stale = true;
    };
  }, [api, seq, known, version]);
  const row = known ?? (asked?.seq === seq ? asked : null);
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
