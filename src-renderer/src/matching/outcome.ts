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

/** Browser download of a text file (export JSON/CSV). */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
