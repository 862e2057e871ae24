// The settings side panel: each choice the partner's document leaves open, with Eventbench's
// default; changing one previews what would change (what-if) before it is applied or discarded.
import { useEffect, useState } from 'react';
import type { WhatIfResult } from '../../../src-shared/matching/api-types';
import { defaultSentence, DEFAULT_MATCHING_SETTINGS, sameSettings, SETTING_DESCRIPTIONS, SETTING_KEYS, settingChanges } from '../../../src-shared/matching/settings';
import type { MatchingSettings } from '../../../src-shared/matching/types';
import { errorMessage } from '../state/derive';
import { useAppStore, useEngineApi } from '../state';
import { Button, ChangedElsewhere } from '../ui';
import { WhatIfResults } from './WhatIfResults';

export function SettingsPanel({ onClose }: { onClose: () => void }) {
  const api = useEngineApi();
  const current = useAppStore((s) => s.matchingStatus?.settings) ?? DEFAULT_MATCHING_SETTINGS;
  const [draft, setDraft] = useState<MatchingSettings>(current);
  /**
   * The engine's settings the draft was started from. The draft differs from them only by the
   * user's edits: while it does not, the panel follows the engine (settings loaded late, or
   * changed in another window or through the API). It used to follow only until the first click,
   * so a setting changed and changed back froze the panel on values the engine no longer had.
   */
  const [base, setBase] = useState<MatchingSettings>(current);
  const [result, setResult] = useState<WhatIfResult | null>(null);
  /** The last change applied here: what it changed, read just before applying (the decisions are then derived again). */
  const [applied, setApplied] = useState<{ changes: string[]; result: WhatIfResult; settings: MatchingSettings } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dirty = !sameSettings(draft, current);
  /** The engine's settings moved on under unsaved edits: what changed, said above the settings, with Load them. */
  const elsewhere = !sameSettings(base, current) ? settingChanges(base, current) : null;

  useEffect(() => {
    if (sameSettings(base, current)) return;
    // A preview was read against the settings before: it no longer says what the draft would change.
    setResult(null);
    if (sameSettings(draft, base) || sameSettings(draft, current)) {
      // No edit to keep (or the edit is what the engine now has): follow the engine.
      setDraft(current);
      setBase(current);
    }
    // Otherwise the draft is kept and `elsewhere` says the settings changed, with Load them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current.emailComparison, current.noIdentity, current.conflict, current.scope]);

  const change = (patch: Partial<MatchingSettings>) => {
    setDraft({ ...draft, ...patch });
    setResult(null);
    setApplied(null);
  };
  /** Discard, or Load them: the draft becomes the engine's settings. */
  const discard = () => {
    setDraft(current);
    setBase(current);
    setResult(null);
  };
  /**
   * Keep my changes: the settings edited here keep their values, the others take the engine's
   * (Apply then changes only what was edited here, not back what was changed elsewhere).
   */
  const keep = () => {
    const next = { ...current };
    for (const k of SETTING_KEYS) if (draft[k] !== base[k]) (next as Record<string, string>)[k] = draft[k];
    setDraft(next);
    setBase(current);
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
        const now = await api.call('matching.setSettings', draft);
        setDraft(now);
        setBase(now);
        setResult(null);
        setApplied({ changes: settingChanges(before, draft), result: changes, settings: now });
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
        {elsewhere && (
          <ChangedElsewhere changes={elsewhere} onLoad={discard} onKeep={keep}>
            <strong>Settings changed elsewhere</strong> (another window or the API) while you edited them here. Your edits are kept, not applied:
          </ChangedElsewhere>
        )}
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
        {applied && !dirty && sameSettings(applied.settings, current) && <WhatIfResults result={applied.result} applied={applied.changes} />}
      </div>
    </aside>
  );
}
