import { useState, type FormEvent } from 'react';
import type { WebhookView } from '../../../src-shared/api';
import { useAppStore } from '../state';
import { Button } from '../ui';
import { webhookNameProblem } from './webhook-name';

type SecretMode = 'keep' | 'set' | 'clear';

export function WebhookForm({
  existing,
  initialName,
  takenNames,
  onDone,
}: {
  existing: WebhookView | null;
  /** A new webhook's name to start from (one the receiver has already seen). */
  initialName?: string;
  takenNames: readonly string[];
  onDone: () => void;
}) {
  const saveWebhook = useAppStore((s) => s.saveWebhook);
  const [name, setName] = useState(existing?.name ?? initialName ?? '');
  const [secretMode, setSecretMode] = useState<SecretMode>(existing?.hasSecret ? 'keep' : 'set');
  const [secret, setSecret] = useState('');
  const [rejectInvalid, setRejectInvalid] = useState(existing?.rejectInvalid ?? false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const problem = webhookNameProblem(name.trim(), takenNames, existing !== null);
    if (problem) return setError(problem);
    if (existing?.hasSecret && secretMode === 'set' && secret === '') {
      return setError('Enter the new secret, or choose "Keep current".');
    }
    setSaving(true);
    try {
      await saveWebhook({
        name: name.trim(),
        rejectInvalid,
        keepSecret: secretMode === 'keep',
        secret: secretMode === 'set' && secret !== '' ? secret : undefined,
      });
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card webhook-form" onSubmit={onSubmit} aria-label={existing ? `Edit ${existing.name}` : 'New webhook'}>
      <h2>{existing ? `Edit ${existing.name}` : 'New webhook'}</h2>
      <div className="form-grid">
        <label className="field">
          <span>Name</span>
          <input
            type="text"
            value={name}
            disabled={existing !== null}
            placeholder="product-fruits"
            onChange={(e) => setName(e.target.value)}
            autoFocus={existing === null}
          />
        </label>
        <div className="field">
          <span>Shared secret</span>
          {existing?.hasSecret && (
            <div className="radio-row" role="radiogroup" aria-label="Secret">
              {(['keep', 'set', 'clear'] as const).map((m) => (
                <label className="check" key={m}>
                  <input type="radio" name="secret-mode" checked={secretMode === m} onChange={() => setSecretMode(m)} />
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
              placeholder={existing?.hasSecret ? 'New secret' : 'Optional: the secret configured in Segment'}
              onChange={(e) => setSecret(e.target.value)}
            />
          )}
          <span className="hint">Stored by the engine and never shown again.</span>
        </div>
      </div>
      <label className="check">
        <input type="checkbox" checked={rejectInvalid} onChange={(e) => setRejectInvalid(e.target.checked)} />
        Answer 401 to requests with a missing or invalid signature (otherwise they are captured and flagged)
      </label>
      {rejectInvalid && !(secretMode === 'keep' && existing?.hasSecret) && !(secretMode === 'set' && secret !== '') && (
        <p className="hint" role="note">
          Without a secret there is no signature to check: every request is accepted until you set one.
        </p>
      )}
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
      <div className="form-actions">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={saving}>
          {existing ? 'Save' : 'Add webhook'}
        </Button>
      </div>
    </form>
  );
}
