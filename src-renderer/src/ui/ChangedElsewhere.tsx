import type { ReactNode } from 'react';
import { Button } from './Button';

/**
 * The notice a form with unsaved edits shows when what it edits changed in another window: what
 * changed, and the choice between loading it and keeping the edits (the Matching settings panel,
 * the webhook form).
 */
export function ChangedElsewhere({ children, changes, onLoad, onKeep }: { children: ReactNode; changes: readonly string[]; onLoad: () => void; onKeep: () => void }) {
  return (
    <div className="changed-elsewhere" role="status">
      <p>{children}</p>
      <ul>
        {changes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="form-actions">
        <Button size="sm" variant="primary" onClick={onLoad}>
          Load them
        </Button>
        <Button size="sm" variant="ghost" onClick={onKeep}>
          Keep my changes
        </Button>
      </div>
    </div>
  );
}
