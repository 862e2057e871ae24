// How outcomes look: one label and one badge tone each, shared by the Matching tab and the inspector.
import type { MatchOutcome } from '../../../src-shared/matching/types';
import type { BadgeTone } from '../ui';

export const OUTCOME_LABEL: Record<MatchOutcome, string> = {
  'matched-by-email': 'by email',
  'matched-by-username': 'by username',
  created: 'created',
  unmatched: 'unmatched',
};

export const OUTCOME_TONE: Record<MatchOutcome, BadgeTone> = {
  'matched-by-email': 'ok',
  'matched-by-username': 'info',
  created: 'accent',
  unmatched: 'neutral',
};
