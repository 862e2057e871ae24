import type { DeriveProgress } from '../../../src-shared/api';
import { EmptyState } from './EmptyState';

/**
 * Matching and sessions are derived from the whole capture log: after a restart over a big log
 * they read it back first (seconds at a million captures) and answer once every capture is in.
 * Without this the views looked empty ("No matched messages yet") while a million waited.
 */
export function DerivingState({ progress, what }: { progress: DeriveProgress; what: string }) {
  const percent = progress.total > 0 ? Math.floor((100 * progress.fed) / progress.total) : 100;
  return (
    <div role="status" className="deriving-state" data-testid="deriving">
      <EmptyState title={`Reading the capture log back for ${what}: ${percent}%`}>
        {progress.fed.toLocaleString('en-US')} of {progress.total.toLocaleString('en-US')} captures so far; {what} show every one of them once all are in. The receiver keeps taking captures meanwhile.
        <progress max={progress.total} value={progress.fed} aria-label={`Captures read back for ${what}`} />
      </EmptyState>
    </div>
  );
}

