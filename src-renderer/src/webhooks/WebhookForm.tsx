import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { WebhookView } from '../../../src-shared/api';
import { useAppStore } from '../state';
import { Button, ChangedElsewhere } from '../ui';
import { draftEdits, draftFrom, followChange, hasEdits, REJECT_INVALID_LABEL, savePayload, webhookChanges, type WebhookDraft, type WebhookValues } from './webhook-draft';
import { webhookNameProblem } from './webhook-name';
import { EDGE_WORDS, secretEdgeSpace } from '../../../src-shared/signature-hint';

export function WebhookForm({
  existing,
  initialName,
  takenNames,
  onDone,
}: {
  /** The webhook being edited, as it was when the form opened; the form then follows the engine's. */
  existing: WebhookView | null;
  /** A new webhook's name to start from (one the receiver has already seen). */
  initialName?: string;
  /** The names configured now (the list as it is, not as it was when the form opened). */
  takenNames: readonly string[];
  onDone: () => void;
}) {
  const saveWebhook = useAppStore((s) => s.saveWebhook);
  const webhooks = useAppStore((s) => s.webhooks);
  const webhooksLoaded = useAppStore((s) => s.webhooksLoaded);
  /** The webhook as the engine has it now: null once it was deleted elsewhere. */
  const current: WebhookValues | null = existing === null ? null : webhooksLoaded ? (webhooks.find((w) => w.name === existing.name) ?? null) : existing;
  const deleted = existing !== null && current === null;
  const [name, setName] = useState(existing?.name ?? initialName ?? '');
  /** The engine's values the draft is measured against (the user's edits are the differences). */
  const [base, setBase] = useState<WebhookValues | null>(existing);
  const [draft, setDraft] = useState<WebhookDraft>(() => draftFrom(existing));
  /** The values the user's edits were made against, while the webhook changed elsewhere under them. */
  const [since, setSince] = useState<WebhookValues | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { secretMode, secret, rejectInvalid } = draft;
  // The field hides what is typed: the same test as the Inspector's hint and the receiver's answer.
  const secretEdge = secretEdgeSpace(secret);
  const edit = (patch: Partial<WebhookDraft>) => setDraft((d) => ({ ...d, ...patch }));

  // Follow the engine: fields not edited here take its values at once; edits stay, and the notice
  // says what changed under them (Save used to write the values the form opened with over them).
  useEffect(() => {
    if (current === null || base === null) return;
    const next = followChange(base, current, draft, since);
    if (next === null) return;
    setBase(next.base);
    setDraft(next.draft);
    setSince(next.since);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current?.name, current?.hasSecret, current?.rejectInvalid]);
  const saveAsNewRef = useRef<HTMLButtonElement>(null);
  // Deleted elsewhere: its secret went with it, so the secret field is a plain one to type into.
  // Save is taken away then; focus that was on it (now on nothing) goes to Save as new, so a
  // keyboard user is not dropped to the top of the page.
  useEffect(() => {
    if (deleted && draft.secretMode !== 'set') edit({ secretMode: 'set', secret: '' });
    const focusLost = document.activeElement === null || document.activeElement === document.body;
    if (deleted && focusLost) saveAsNewRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [deleted]);

  const secretShown = base !== null && base.hasSecret && !deleted;
  const elsewhere = !deleted && since !== null && base !== null && hasEdits(draftEdits(base, draft)) ? webhookChanges(since, base) : [];
  /**
   * A new webhook's name taken, checked against the list as it is now: a name added in another
   * window while this form is open is said as it happens, not only on Add.
   */
  const takenNow = existing === null && name.trim() !== '' && takenNames.includes(name.trim());
  const shownError = error ?? (takenNow ? webhookNameProblem(name.trim(), takenNames, false) : null);
  const loadThem = () => {
    if (base) setDraft(draftFrom(base));
    setSince(null);
  };
  const keepMine = () => setSince(null);

  async function save(asNew: boolean) {
    const problem = webhookNameProblem(name.trim(), takenNames, existing !== null && !asNew);
    if (problem) return setError(problem);
    if (secretShown && secretMode === 'set' && secret === '') {
      return setError('Enter the new secret, or choose "Keep current".');
    }
    setSaving(true);
    try {
      await saveWebhook(savePayload(name.trim(), asNew ? null : base, draft, existing === null || asNew));
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  }
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    // Deleted elsewhere: Save would create it again; only Save as new does, when asked.
    if (deleted) return;
    void save(existing === null);
  }

  return (
    <form className="card webhook-form" onSubmit={onSubmit} aria-label={existing ? `Edit ${existing.name}` : 'New webhook'}>
      <h2>{existing ? `Edit ${existing.name}` : 'New webhook'}</h2>
      {deleted && (
        <div className="changed-elsewhere" role="status">
          <p>
            <strong>This webhook was deleted elsewhere</strong> (another window, or a scenario played in the app) while this form was open. Save as new
            creates it again with the values below{base?.hasSecret ? ', without its old secret (enter one below to set one)' : ''}; Close leaves it
            deleted.
          </p>
          <div className="form-actions">
            <Button ref={saveAsNewRef} size="sm" variant="primary" onClick={() => void save(true)} disabled={saving}>
              Save as new
            </Button>
            <Button size="sm" variant="ghost" onClick={onDone}>
              Close
            </Button>
          </div>
        </div>
      )}
      {elsewhere.length > 0 && (
        <ChangedElsewhere changes={elsewhere} onLoad={loadThem} onKeep={keepMine}>
          <strong>This webhook changed elsewhere</strong> (another window, or a scenario played in the app) while you edited it here. Your edits are kept,
          not saved; the fields you did not edit show the new values:
        </ChangedElsewhere>
      )}
      <div className="form-grid">
        <label className="field">
          <span>Name</span>
          <input
            type="text"
            value={name}
            disabled={existing !== null}
            placeholder="product-fruits"
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
            autoFocus={existing === null}
          />
        </label>
        <div className="field">
          <span>Shared secret</span>
          {secretShown && (
            <div className="radio-row" role="radiogroup" aria-label="Secret">
              {(['keep', 'set', 'clear'] as const).map((m) => (
                <label className="check" key={m}>
                  <input type="radio" name="secret-mode" checked={secretMode === m} onChange={() => edit({ secretMode: m })} />
                  {m === 'keep' ? 'Keep current' : m === 'set' ? 'Change' : 'Remove'}
                </label>
              ))}
            </div>
          )}
          {secretMode === 'set' && (
            <input
              type="password"
              aria-label="Secret"
              autoComplete="off"
              value={secret}
              placeholder={secretShown ? 'New secret' : 'Optional: the secret configured in Segment'}
              onChange={(e) => edit({ secret: e.target.value })}
            />
          )}
          {secretMode === 'set' && secretEdge && (
            // The field hides what is typed: a space pasted with the secret made every signature "invalid", unseen.
            <span className="hint secret-space-note" role="note">
              The secret {EDGE_WORDS[secretEdge]} a space. Segment signs with the secret exactly as set there: remove it unless it is part of the secret.
            </span>
          )}
          <span className="hint">Stored by the engine and never shown again.</span>
        </div>
      </div>
      <label className="check">
        <input type="checkbox" checked={rejectInvalid} onChange={(e) => edit({ rejectInvalid: e.target.checked })} />
        {REJECT_INVALID_LABEL} (otherwise they are captured and flagged)
      </label>
      {rejectInvalid && !(secretMode === 'keep' && secretShown) && !(secretMode === 'set' && secret !== '') && (
        <p className="hint" role="note">
          Without a secret there is no signature to check: every request is accepted until you set one.
        </p>
      )}
      {shownError && (
        <div className="error-text" role="alert">
          {shownError}
        </div>
      )}
      {!deleted && (
        <div className="form-actions">
          <Button onClick={onDone}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={saving}>
            {existing ? 'Save' : 'Add webhook'}
          </Button>
        </div>
      )}
    </form>
  );
}

