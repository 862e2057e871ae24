// Edit (or add) a user of the starting directory: username, email, properties as JSON.
import { useState } from 'react';
import type { DirectoryUser } from '../../../src-shared/matching/types';
import { mayHoldLossyNumber, stringifyExact } from '../../../src-shared/exact-json';
import { exactPropertiesOf } from '../../../src-shared/matching/exact-values';
import { errorMessage } from '../state/derive';
import { useEngineApi } from '../state';
import { Button, Dialog } from '../ui';

export function UserEditDialog({ user, onClose }: { user: DirectoryUser | null; onClose: () => void }) {
  const api = useEngineApi();
  const [id, setId] = useState(user?.id ?? '');
  const [username, setUsername] = useState(user?.username ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  // With the digits of a trait sent past 2^53 (propertiesJson), where `properties` holds …992 for 9007199254740993.
  const [props, setProps] = useState(() => stringifyExact(user ? exactPropertiesOf(user) : {}, 2));
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    let properties: Record<string, unknown>;
    try {
      properties = JSON.parse(props || '{}');
      if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) throw new Error('must be a JSON object');
    } catch (e) {
      setError(`Properties: ${errorMessage(e)}`);
      return;
    }
    try {
      // The text itself too when it may hold such a number: the engine reads its digits from it.
      const text = props.trim();
      const exact = mayHoldLossyNumber(text) ? { propertiesJson: text } : {};
      await api.call('users.saveStarting', { id: id.trim(), ...(username ? { username } : {}), ...(email ? { email } : {}), properties, ...exact });
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Dialog
      title={user ? `Edit ${user.id} (starting directory)` : 'Add a user to the starting directory'}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={save}>
            Save
          </Button>
        </>
      }
    >
      <div className="form-grid">
        <label className="field">
          <span>Id</span>
          <input type="text" value={id} onChange={(e) => setId(e.target.value)} disabled={!!user} data-autofocus={!user || undefined} />
        </label>
        <label className="field">
          <span>Username</span>
          <input type="text" value={username} onChange={(e) => setUsername(e.target.value)} data-autofocus={user ? true : undefined} />
        </label>
        <label className="field">
          <span>Email</span>
          <input type="text" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Properties (JSON)</span>
          <textarea className="mono" rows={6} value={props} onChange={(e) => setProps(e.target.value)} />
        </label>
      </div>
      <p className="hint">Matching is derived again from every captured message once you save.</p>
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
