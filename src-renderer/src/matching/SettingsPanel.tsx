// The settings side panel: each choice the partner's document leaves open, with Eventbench's
// default; changing one previews what would change (what-if) before it is applied or discarded.
import { useEffect, useState } from 'react';
import type { WhatIfResult } from '../../../src-shared/matching/api-types';
import { defaultSentence, DEFAULT_MATCHING_SETTINGS, sameSettings, SETTING_DESCRIPTIONS, SETTING_KEYS, settingChanges } from '../../../src-shared/matching/settings';
import type { MatchingSettings } from '../../../src-shared/matching/types';
import { errorMessage } from '../state/derive';
import { useAppStore, useEngineApi } from '../state';
import { Button } from '../ui';
import { WhatIfResults } from './WhatIfResults';

export function SettingsPanel({ onClose }: { onClose: () => void }) {
  const api = useEngineApi();
  const current = useAppStore((s) => s.matchingStatus?.settings) ?? DEFAULT_MATCHING_SETTINGS;
  const [draft, setDraft] = useState<MatchingSettings>(current);
  /** The user changed the draft (until applied or discarded): engine changes leave it alone. */
  const [touched, setTouched] = useState(false);
  const [result, setResult] = useState<WhatIfResult | null>(null);
  /** The last change applied here: what it changed, read just before applying (the decisions are then derived again). */
  const [applied, setApplied] = useState<{ changes: string[]; result: WhatIfResult } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dirty = !sameSettings(draft, current);

  // The engine's settings (loaded late, or changed in another window or by the API) reset an
  // untouched draft.
  useEffect(() => {
    if (!touched) setDraft(current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [touched, current.emailComparison, current.noIdentity, current.conflict, current.scope]);

  const change = (patch: Partial<MatchingSettings>) => {
    setDraft({ ...draft, ...patch });
    setTouched(true);
    setResult(null);
    setApplied(null);
  };
  const discard = () => {
    setDraft(current);
    setTouched(false);
    setResult(null);
  };
  const run = async (kind: 'preview' | 'apply') => {
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'preview') setResult(await api.call('matching.whatIf', draft));
      else {
        // What the change does, read at the moment it is applied (a preview may be older than the
        // messages since), so the panel can say what was re-derived: it used to say nothing.
        const before = current;
        const changes = await api.call('matching.whatIf', draft);
        await api.call('matching.setSettings', draft);
        setTouched(false);
        setResult(null);
        setApplied({ changes: settingChanges(before, draft), result: changes });
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <aside className="matching-side" aria-label="Matching settings">
      <div className="side-head">
        <h2>Settings &amp; what-if</h2>
        <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close settings">
          ✕
        </Button>
      </div>
      <div className="side-body">
        <p className="hint">
          Product Fruits' rule: an email finds the user with that <code>email</code>; otherwise the <code>userId</code> finds the user with that{' '}
          <code>username</code>; otherwise a user is created. Where its document is silent:
        </p>
        {SETTING_KEYS.map((key) => {
          const d = SETTING_DESCRIPTIONS[key];
          return (
            <fieldset key={key} className="setting">
              <legend>{d.title}</legend>
              {(d.options as { value: string; label: string }[]).map((o) => (
                <label key={o.value} className="radio-row">
                  <input type="radio" name={`setting-${key}`} value={o.value} checked={draft[key] === o.value} onChange={() => change({ [key]: o.value } as Partial<MatchingSettings>)} />
                  <span>
                    {o.label}
                    {o.value !== current[key] && draft[key] === o.value && <span className="changed-mark"> (changed)</span>}
                  </span>
                </label>
              ))}
              <div className="hint">{defaultSentence(key)}</div>
            </fieldset>
          );
        })}
        <div className="form-actions">
          <Button variant="primary" disabled={!dirty || busy !== null} onClick={() => run('preview')}>
            {busy === 'preview' ? 'Working…' : 'Preview changes'}
          </Button>
          <Button disabled={!dirty || busy !== null} onClick={() => run('apply')}>
            Apply
          </Button>
          <Button variant="ghost" disabled={!dirty || busy !== null} onClick={discard}>
            Discard
          </Button>
        </div>
        {!dirty && <div className="hint">Change a setting to see which decisions would change before applying it.</div>}
        {error && (
          <div className="error-text" role="alert">
            {error}
          </div>
        )}
        {result && dirty && <WhatIfResults result={result} />}
        {applied && !dirty && <WhatIfResults result={applied.result} applied={applied.changes} />}
      </div>
    </aside>
  );
}
