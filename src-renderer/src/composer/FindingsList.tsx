// Validator findings for the message being composed; clicking one focuses its field.
import type { Finding } from '../../../src-shared/validate/finding';
import { Badge } from '../ui';
import { profileLabel, withClientDigits } from '../inspector/format';

const ORDER = { error: 0, warning: 1, info: 2 } as const;
const TONE = { error: 'error', warning: 'warn', info: 'info' } as const;

export function FindingsList({ findings, stale, onPick, checks, message }: { findings: Finding[]; stale: boolean; onPick(path: string): void; checks?: string; message?: unknown }) {
  const sorted = [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return (
    <div className="cfindings" aria-label="Findings">
      <div className="panel-head">
        <h3>Findings</h3>
        <div className="cfindings-counts">
          {findings.length === 0 ? (
            <Badge tone="ok">✓ no findings</Badge>
          ) : (
            <>
              {counts.error > 0 && <Badge tone="error">{counts.error} error{counts.error > 1 ? 's' : ''}</Badge>}
              {counts.warning > 0 && <Badge tone="warn">{counts.warning} warning{counts.warning > 1 ? 's' : ''}</Badge>}
              {counts.info > 0 && <Badge tone="info">{counts.info} info</Badge>}
            </>
          )}
        </div>
      </div>
      {checks && <div className="hint cfindings-checks">{checks} The chosen catalog's rules are always on here.</div>}
      {stale && <div className="hint cfindings-stale">The JSON does not parse: findings are for the last valid version.</div>}
      <ul className="cfindings-list">
        {sorted.map((f, i) => (
          <li key={`${f.rule}-${f.path}-${i}`}>
            <button type="button" className={`cfinding cfinding-${f.severity}`} onClick={() => onPick(f.path)} title={f.rule}>
              <Badge tone={TONE[f.severity]}>{f.severity}</Badge>
              <span className="cfinding-body">
                <span className="cfinding-path">{f.path || '(message)'}</span>
                <span className="cfinding-msg">{withClientDigits(f.message, f.path, message)}</span>
              </span>
              <span className="cfinding-profile">{profileLabel(f.profile)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
