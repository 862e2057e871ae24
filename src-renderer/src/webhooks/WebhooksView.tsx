// Named webhook endpoints (POST /webhook/<name>): add, edit, delete. Secrets are write-only:
// the UI only ever learns whether one is set.
import { plural } from '../../../src-shared/plural';
import { useEffect, useRef, useState } from 'react';
import type { SeenSource, WebhookView } from '../../../src-shared/api';
import { useAppStore, useEngineApi } from '../state';
import { Badge, Button, ConfirmDialog, CopyButton, EmptyState } from '../ui';
import { WebhookForm } from './WebhookForm';

export function WebhooksView() {
  const webhooks = useAppStore((s) => s.webhooks);
  const loaded = useAppStore((s) => s.webhooksLoaded);
  const receiverUrl = useAppStore((s) => s.info?.receiverUrl ?? '');
  const deleteWebhook = useAppStore((s) => s.deleteWebhook);
  const [editing, setEditing] = useState<WebhookView | { newName: string } | 'new' | null>(null);
  const { seen, seenLoaded } = useSeenWebhooks(webhooks);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The form's buttons and a deleted row's Delete go away with what they did: the focus goes to
  // Add webhook (it went to the top of the page).
  const addRef = useRef<HTMLButtonElement>(null);
  const [focusAdd, setFocusAdd] = useState(0);
  useEffect(() => {
    if (focusAdd > 0) addRef.current?.focus();
  }, [focusAdd]);
  const empty = loaded && seenLoaded && webhooks.length === 0;
  const done = () => {
    setEditing(null);
    setFocusAdd((n) => n + 1);
  };

  return (
    <div className="page">
      <div className="page-intro card-head">
        <div>
          <h1>Webhooks</h1>
          <p className="hint">
            Each webhook is an endpoint at <code>{receiverUrl.replace(/\/+$/, '')}/webhook/&lt;name&gt;</code> for
            Segment's Webhook destination. With a shared secret, <code className="header-name">X-Signature</code> (HMAC-SHA1) is checked on
            every request.
          </p>
        </div>
        {/* With none configured the empty card below has the button, beside the sentence that says what it
            does; not before the list is known, or the button would jump from here to there. */}
        {editing === null && loaded && webhooks.length > 0 && (
          <Button variant="primary" onClick={() => setEditing('new')} ref={addRef}>
            Add webhook
          </Button>
        )}
      </div>

      {editing !== null && (
        <WebhookForm
          existing={editing === 'new' || 'newName' in editing ? null : editing}
          initialName={editing !== 'new' && 'newName' in editing ? editing.newName : undefined}
          takenNames={webhooks.map((w) => w.name)}
          onDone={done}
        />
      )}
      {error && <div className="error-text" role="alert">{error}</div>}

      {seen.length > 0 && (
        <div className="card seen-webhooks" role="region" aria-label="Webhooks received but not configured">
          <h2>Received, not configured</h2>
          <p className="hint">These names got requests; with no secret set here, their signatures are not checked. Configure one to set its secret.</p>
          <ul>
            {seen.map((s) => (
              <li key={s.webhook}>
                <span className="mono strong">{s.webhook}</span>{' '}
                <span className="faint">
                  {plural(s.messages, 'message')}
                </span>
                {editing === null && (
                  <Button size="sm" onClick={() => setEditing({ newName: s.webhook! })} aria-label={`Configure ${s.webhook}`}>
                    Configure…
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}

      {/* Not before the names seen are known: it showed alone, then was pushed down by them. */}
      {empty && editing === null ? (
        <div className="card">
          <EmptyState
            title="No webhooks configured yet"
            actions={
              <Button variant="primary" onClick={() => setEditing('new')} ref={addRef}>
                Add webhook
              </Button>
            }
          >
            {/* That their signatures are not checked is said once: beside the names received, when there are any. */}
            {seen.length > 0 ? (
              "Add webhook gives a URL to paste into Segment's Webhook destination, or configure a name received above."
            ) : (
              <>
                Add webhook gives a URL to paste into Segment's Webhook destination; requests to a name not configured are
                still captured, their signatures not checked.
              </>
            )}
          </EmptyState>
        </div>
      ) : (
        webhooks.length > 0 && (
          <table className="data-table" aria-label="Webhooks">
            <thead>
              <tr>
                <th>Name</th>
                <th>URL</th>
                <th>Secret</th>
                <th>Bad signatures</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {webhooks.map((w) => (
                <tr key={w.name}>
                  <td className="mono strong">{w.name}</td>
                  <td>
                    <div className="url-cell">
                      <span className="mono">{w.url}</span>
                      <CopyButton text={w.url} />
                    </div>
                  </td>
                  <td>{w.hasSecret ? <Badge tone="ok">set</Badge> : <Badge>not set</Badge>}</td>
                  <td>
                    {/* Without a secret nothing is checked, so nothing is rejected: "rejected (401)" was a promise the receiver did not keep. */}
                    {w.rejectInvalid && !w.hasSecret ? (
                      <span className="faint" title="Reject invalid is on, but there is no secret to check a signature against: every request is accepted">
                        accepted: no secret to check
                      </span>
                    ) : w.rejectInvalid ? (
                      <Badge tone="warn">rejected (401)</Badge>
                    ) : (
                      <span className="faint">accepted, flagged</span>
                    )}
                  </td>
                  <td className="actions-cell">
                    <Button size="sm" onClick={() => setEditing(w)} aria-label={`Edit ${w.name}`}>
                      Edit
                    </Button>
                    <Button size="sm" variant="danger" onClick={() => setDeleting(w.name)} aria-label={`Delete ${w.name}`}>
                      Delete
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}

      {deleting && (
        <ConfirmDialog
          title={`Delete webhook "${deleting}"?`}
          message="Its secret is forgotten. Messages it already captured stay in the log."
          confirmLabel="Delete"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const name = deleting;
            setDeleting(null);
            deleteWebhook(name).then(
              () => {
                setError(null);
                setFocusAdd((n) => n + 1);
              },
              (e: unknown) => setError(`Could not delete ${name}: ${e instanceof Error ? e.message : String(e)}`),
            );
          }}
        />
      )}
    </div>
  );
}

/**
 * Webhook names the receiver has had requests on that are not configured here: asked at once when
 * the tab opens (it waited 500 ms), then as messages arrive, at most once every 500 ms.
 */
function useSeenWebhooks(configured: readonly WebhookView[]): { seen: SeenSource[]; seenLoaded: boolean } {
  const api = useEngineApi();
  const total = useAppStore((s) => s.rows.length);
  const [seen, setSeen] = useState<SeenSource[]>([]);
  const [seenLoaded, setSeenLoaded] = useState(false);
  const pending = useRef(false);
  const asked = useRef(false);
  // The ask below may come 500 ms late and its answer later still: once the view is gone (a test's
  // page torn down, the app closing), neither may set state.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => {
    if (pending.current) return;
    pending.current = true;
    const ask = () => {
      pending.current = false;
      if (!mounted.current) return;
      api.call('workspace.get', undefined).then(
        (v) => {
          if (!mounted.current) return;
          setSeen(v.seen.filter((s) => s.webhook !== undefined));
          setSeenLoaded(true);
        },
        () => {
          if (mounted.current) setSeenLoaded(true);
        },
      );
    };
    if (asked.current) {
      setTimeout(ask, 500);
    } else {
      asked.current = true;
      ask();
    }
  }, [api, total, configured]);
  return { seen: seen.filter((s) => !configured.some((w) => w.name === s.webhook)), seenLoaded };
}
