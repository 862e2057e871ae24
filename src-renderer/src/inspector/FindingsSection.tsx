// Validator findings grouped per profile, errors first.
import type { Finding, Severity } from '../../../src-shared/validate/finding';
import { HAS_PROBLEMS_MEANING, type MessagePlan } from '../../../src-shared/workspace';
import { Badge } from '../ui';
import { profileLabel, withClientDigits } from './format';

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const TONE = { error: 'error', warning: 'warn', info: 'info' } as const;

/**
 * Groups with errors or warnings start open, those with notes only folded (unless the profile
 * filter points at them); with a workspace, only the checks of the message's own source are here,
 * all open. Groups are <details>: Tab reaches each summary, Enter or Space folds it.
 */
export function FindingsSection({ findings, focusProfile, plan, message }: { findings: readonly Finding[]; focusProfile: string; plan: MessagePlan; message?: unknown }) {
  const note = (
    <div className="hint findings-plan" title={HAS_PROBLEMS_MEANING}>
      {plan.note}
    </div>
  );
  if (findings.length === 0) {
    return (
      <section className="detail-section">
        <h3>Findings</h3>
        {note}
        <div className="faint">No findings.</div>
      </section>
    );
  }
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.profile) ?? [];
    list.push(f);
    groups.set(f.profile, list);
  }
  return (
    <section className="detail-section" aria-label="Findings">
      <h3>Findings</h3>
      {note}
      {[...groups.entries()].map(([profile, list]) => {
        const errors = list.filter((f) => f.severity === 'error').length;
        const warnings = list.filter((f) => f.severity === 'warning').length;
        return (
          <details
            className="finding-group"
            key={`${profile}:${focusProfile}`}
            // With a workspace every group applies to this message's source: all open. Without one,
            // the groups with errors or warnings open; those with notes only stay folded.
            open={plan.mode === 'explicit' || profile === 'segment' || profile === focusProfile || groups.size === 1 || errors + warnings > 0}
          >
            <summary className="finding-group-head">
              <strong>{profileLabel(profile)}</strong>
              {errors > 0 && <Badge tone="error">{errors} error{errors > 1 ? 's' : ''}</Badge>}
              {warnings > 0 && <Badge tone="warn">{warnings} warning{warnings > 1 ? 's' : ''}</Badge>}
            </summary>
            <ul className="finding-list">
              {[...list]
                .sort((a, b) => ORDER[a.severity] - ORDER[b.severity])
                .map((f, i) => (
                  <li key={i} className={`finding finding-${f.severity}`}>
                    <Badge tone={TONE[f.severity]}>{f.severity}</Badge>
                    <span className="finding-msg">{withClientDigits(f.message, f.path, message)}</span>
                    <span className="finding-where">
                      {f.path && <code className="path">{f.path}</code>}
                      <span className="finding-rule faint mono">{f.rule}</span>
                    </span>
                  </li>
                ))}
            </ul>
          </details>
        );
      })}
    </section>
  );
}
