import type { MatchOutcome } from '../../../src-shared/matching/types';
import { Badge } from '../ui';
import { OUTCOME_LABEL, OUTCOME_TONE } from './outcome';

export function OutcomeBadge({ outcome, conflict }: { outcome: MatchOutcome; conflict?: boolean }) {
  return (
    <>
      <Badge tone={OUTCOME_TONE[outcome]} title={`Product Fruits matching: ${outcome}`}>
        {OUTCOME_LABEL[outcome]}
      </Badge>
      {conflict && (
        <Badge tone="warn" title="The email and the userId named different users">
          conflict
        </Badge>
      )}
    </>
  );
}
