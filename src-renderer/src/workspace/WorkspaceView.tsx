// The workspace: which sources feed which destinations. Each message is checked against its own
// source's catalog and the rules of the destinations that source is connected to; with nothing
// configured, against every partner. Edited as a draft, saved as a whole.
import { plural } from '../../../src-shared/plural';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ForwardStatus, SeenSource } from '../../../src-shared/api';
import { KNOWN_DESTINATIONS, SOURCE_KINDS, sourceOf, type SourceKind, type Workspace, type WorkspaceSource } from '../../../src-shared/workspace';
import { useAppStore, useEngineApi } from '../state';
import { EngineCommandError } from '../state/ws-client';
import { Badge, Button, EmptyState } from '../ui';
import './workspace.css';
import { formatCount } from '../../../src-shared/tracking-api/limits';

/** forward.status, kept fresh by forward.changed and workspace.changed. */
function useForwardStatus(): ForwardStatus[] {
  const api = useEngineApi();
  const view = useAppStore((s) => s.workspaceView);
  const [status, setStatus] = useState<ForwardStatus[]>([]);
  useEffect(() => {
    let live = true;
    api.call('forward.status', undefined).then((s) => live && setStatus(s), () => undefined);
    const off = api.subscribe((e) => {
      if (e.name === 'forward.changed') setStatus(e.payload);
    });
    return () => {
      live = false;
      off();
    };
  }, [api, view]);
  return status;
}

const FORWARD_STATE: Record<ForwardStatus['state'], string> = {
  idle: 'up to date',
  sending: 'sending',
  retrying: 'retrying',
  failed: 'refused',
  'no-key': 'no write key',
};

function ForwardRow({ source, status, saved, onChange }: { source: WorkspaceSource; status?: ForwardStatus; saved: boolean; onChange(forward: WorkspaceSource['forward']): void }) {
  const api = useEngineApi();
  const [key, setKey] = useState('');
  const [keyError, setKeyError] = useState<string | null>(null);
  const to = source.forward?.to;
  const mode = to === undefined ? 'off' : to === 'us' || to === 'eu' ? to : 'custom';
  return (
    <div className="ws-row ws-forward">
      <span className="ws-label">Forward to</span>
      <select
        aria-label="Forward to"
        value={mode}
        onChange={(e) => {
          const v = e.target.value;
          onChange(v === 'off' ? undefined : { to: v === 'custom' ? 'https://' : v });
        }}
      >
        <option value="off">nowhere (capture only)</option>
        <option value="us">Segment (US)</option>
        <option value="eu">Segment (EU)</option>
        <option value="custom">a Segment-compatible URL…</option>
      </select>
      {mode === 'custom' && (
        <input type="text" className="mono" aria-label="Forward URL" value={to} onChange={(e) => onChange({ to: e.target.value })} placeholder="https://proxy.example.com" />
      )}
      {mode !== 'off' && saved && (
        <form
          className="ws-forward-key"
          onSubmit={(e) => {
            e.preventDefault();
            setKeyError(null);
            api.call('forward.setKey', { sourceId: source.id, writeKey: key.trim() }).then(
              () => setKey(''),
              (err: Error) => setKeyError(err.message),
            );
          }}
        >
          <input type="password" aria-label="Forward write key" value={key} onChange={(e) => setKey(e.target.value)} placeholder={status?.hasKey ? 'key set: type to replace' : "the Segment source's write key"} />
          <Button size="sm" type="submit" disabled={key.trim() === ''}>
            Set key
          </Button>
        </form>
      )}
      {mode !== 'off' && !saved && <span className="hint">Save the workspace, then set the write key to forward with.</span>}
      {status && mode !== 'off' && (
        // Counts change at every batch forwarded: not a live region (it was read out at each one).
        // A screen reader hears when forwarding stops going well: retrying, refused, no key.
        <span className="ws-forward-status" role="group" aria-label={`Forwarding of ${source.name}`}>
          <span className="sr-only" role="status">
            {status.state === 'retrying' || status.state === 'failed' || status.state === 'no-key' ? `Forwarding of ${source.name}: ${FORWARD_STATE[status.state]}` : ''}
          </span>
          <Badge tone={status.state === 'retrying' || status.state === 'failed' ? 'warn' : status.state === 'no-key' ? 'neutral' : 'ok'}>{FORWARD_STATE[status.state]}</Badge>{' '}
          {formatCount(status.forwarded)} forwarded · {formatCount(status.pending)} pending{status.failed > 0 ? ` · ${formatCount(status.failed)} refused` : ''}
          {status.lastError && <span className="hint"> · {status.lastError}</span>}
          {!status.lastError && status.lastRefusal && <span className="hint"> · {status.lastRefusal}</span>}
        </span>
      )}
      {keyError && <span className="error-text">{keyError}</span>}
    </div>
  );
}

let nextDraftId = 1;
const draftId = () => `source-${Date.now().toString(36)}-${nextDraftId++}`;

function seenLabel(s: SeenSource): string {
  if (s.webhook !== undefined) return `webhook ${s.webhook}`;
  if (s.writeKeyMasked === undefined) return 'no write key';
  // Two keys may mask alike: the fingerprint tells them apart.
  return s.writeKeyFingerprint ? `write key ${s.writeKeyMasked} · ${s.writeKeyFingerprint.slice(0, 6)}` : `write key ${s.writeKeyMasked}`;
}

function otherDestinations(source: WorkspaceSource): string {
  return source.destinations.filter((d) => !KNOWN_DESTINATIONS.some((k) => k.id === d)).join(', ');
}

const FIELD_LABELS: Record<string, string> = { name: 'Name', kind: 'Kind', writeKey: 'Write key', writeKeyFingerprint: 'Write key', webhook: 'Webhook', destinations: 'Connected to', forward: 'Forward to' };

/**
 * The engine's refusals ("sources[1].forward.to: must be …") as the page shows them: each under
 * the source it is about, led by the field's label, other sources named by their number on the
 * page; a refusal about no one source stays in the list under the sources.
 */
export function placeRefusals(errors: readonly string[]): { bySource: Map<number, string[]>; general: string[] } {
  const bySource = new Map<number, string[]>();
  const general: string[] = [];
  for (const e of errors) {
    const m = /^sources\[(\d+)\](?:\.([A-Za-z]+)[^:]*)?: (.*)$/s.exec(e);
    if (!m) {
      general.push(e);
      continue;
    }
    const text = m[3].replace(/sources\[(\d+)\]/g, (_, n: string) => `source ${Number(n) + 1}`);
    const label = m[2] === undefined ? undefined : (FIELD_LABELS[m[2]] ?? m[2]);
    const list = bySource.get(Number(m[1])) ?? [];
    list.push(label ? `${label}: ${text}` : text.charAt(0).toUpperCase() + text.slice(1));
    bySource.set(Number(m[1]), list);
  }
  return { bySource, general };
}

export function WorkspaceView() {
  const view = useAppStore((s) => s.workspaceView);
  const forwardStatus = useForwardStatus();
  const saveWorkspace = useAppStore((s) => s.saveWorkspace);
  const [draft, setDraft] = useState<Workspace | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  // The draft starts from the saved workspace and is replaced when another window saves another.
  const savedText = view ? JSON.stringify(view.workspace) : '';
  useEffect(() => {
    if (view) setDraft(structuredClone(view.workspace));
  }, [savedText]); // eslint-disable-line react-hooks/exhaustive-deps
  // Opening the tab refreshes the sources seen (new ones may have arrived since).
  const tab = useAppStore((s) => s.tab);
  const loadWorkspace = useAppStore((s) => s.loadWorkspace);
  useEffect(() => {
    if (tab === 'workspace') void loadWorkspace().catch(() => undefined);
  }, [tab, loadWorkspace]);

  const dirty = useMemo(() => draft !== null && view !== null && JSON.stringify(draft) !== JSON.stringify(view.workspace), [draft, view]);
  // The Remove button pressed goes with its source: the focus goes to the source that took its
  // place (or the one before, or Add source), not to the top of the page.
  const [focusAfterRemove, setFocusAfterRemove] = useState<number | null>(null);
  const sourcesRef = useRef<HTMLDivElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  // In the commit that removed the source, before the browser paints or handles another event.
  useLayoutEffect(() => {
    if (focusAfterRemove === null) return;
    const names = sourcesRef.current?.querySelectorAll<HTMLInputElement>('input[aria-label="Source name"]') ?? [];
    (names[Math.min(focusAfterRemove, names.length - 1)] ?? addRef.current)?.focus();
    setFocusAfterRemove(null);
  }, [focusAfterRemove]);
  // A source added goes at the end of the list, below the fold once there are a few: its name takes
  // the focus (and so comes into view), ready to be typed over; the click seemed to do nothing.
  const [focusAdded, setFocusAdded] = useState(false);
  useLayoutEffect(() => {
    if (!focusAdded) return;
    const names = sourcesRef.current?.querySelectorAll<HTMLInputElement>('input[aria-label="Source name"]') ?? [];
    const added = names[names.length - 1];
    if (added) {
      added.focus({ preventScroll: true });
      added.scrollIntoView?.({ block: 'center' });
      added.select();
    }
    setFocusAdded(false);
  }, [focusAdded]);
  if (!view || !draft) return <div className="page"><p className="hint">Loading the workspace…</p></div>;

  const update = (i: number, patch: Partial<WorkspaceSource>) => {
    setSaved(false);
    setDraft({ sources: draft.sources.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  };
  const add = (from?: SeenSource) => {
    setSaved(false);
    const source: WorkspaceSource = {
      id: draftId(),
      name: from?.webhook ?? (from?.writeKeyMasked ? `Source ${from.writeKeyMasked}` : `Source ${draft.sources.length + 1}`),
      kind: 'custom',
      ...(from?.webhook !== undefined
        ? { webhook: from.webhook }
        : { writeKey: from?.writeKeyMasked ?? '', ...(from?.writeKeyFingerprint !== undefined ? { writeKeyFingerprint: from.writeKeyFingerprint } : {}) }),
      destinations: [],
    };
    setDraft({ sources: [...draft.sources, source] });
    setFocusAdded(true);
  };
  const remove = (i: number) => {
    setSaved(false);
    setDraft({ sources: draft.sources.filter((_, j) => j !== i) });
    setFocusAfterRemove(i);
  };
  const save = async () => {
    setSaving(true);
    setErrors([]);
    try {
      // The other-destinations field keeps a blank name while one is being typed after a comma;
      // a blank is not a destination, so it is not sent.
      await saveWorkspace({ sources: draft.sources.map((s) => ({ ...s, destinations: s.destinations.filter((d) => d.trim() !== '') })) });
      setSaved(true);
    } catch (e) {
      // Every refusal, each naming its own field: the engine's `where` (the first one's field) is
      // not added to the last line.
      const text = (e instanceof EngineCommandError ? e.reason : (e as Error).message).replace(/^the workspace was not saved: /, '');
      setErrors(text.split('; '));
    } finally {
      setSaving(false);
    }
  };
  const refusals = placeRefusals(errors);
  const unconfigured = view.seen.filter((s) => s.sourceId === undefined && !draft.sources.some((d) => sourceOf({ sources: [d] }, s) !== undefined));

  return (
    <div className="page workspace-page">
      <div className="page-intro card-head">
        <div>
          <h1>Workspace</h1>
          <p className="hint">
            Sources feed destinations, as in Segment. A message is checked against its own source's catalog and the
            rules of the destinations its source is connected to: nothing else.
          </p>
        </div>
        {/* With no sources the empty card below has the button, beside the sentence that says what it does. */}
        {draft.sources.length > 0 && (
          <Button variant="primary" onClick={() => add()} ref={addRef}>
            Add source
          </Button>
        )}
      </div>

      <div className={`workspace-note ${view.workspace.sources.length === 0 ? 'is-every' : ''}`} role="status" data-testid="workspace-note">
        {view.note}
      </div>

      {draft.sources.length === 0 ? (
        <div className="card">
          <EmptyState
            title="No sources yet"
            actions={
              <Button variant="primary" onClick={() => add()} ref={addRef}>
                Add source
              </Button>
            }
          >
            Add a source by its write key (or a webhook, for traffic arriving as a destination sees it), or pick one the
            receiver has seen below.
          </EmptyState>
        </div>
      ) : (
        <div className="workspace-sources" aria-label="Sources" ref={sourcesRef}>
          {draft.sources.map((s, i) => (
            <fieldset key={s.id} className="card workspace-source" aria-label={`Source ${s.name || i + 1}`}>
              <div className="ws-row">
                <label className="ws-field ws-name">
                  <span>Name</span>
                  <input type="text" value={s.name} onChange={(e) => update(i, { name: e.target.value })} aria-label="Source name" />
                </label>
                <label className="ws-field">
                  <span>Kind</span>
                  <select value={s.kind} onChange={(e) => update(i, { kind: e.target.value as SourceKind })} aria-label="Source kind">
                    {SOURCE_KINDS.map((k) => (
                      <option key={k.id} value={k.id}>
                        {k.name}
                      </option>
                    ))}
                  </select>
                </label>
                {s.webhook !== undefined ? (
                  <label className="ws-field">
                    <span>Webhook</span>
                    <input type="text" className="mono" value={s.webhook} onChange={(e) => update(i, { webhook: e.target.value })} aria-label="Webhook name" />
                  </label>
                ) : (
                  <label className="ws-field">
                    <span>Write key</span>
                    <input
                      type="text"
                      className="mono"
                      value={s.writeKey ?? ''}
                      placeholder="paste it (kept masked)"
                      // A new key typed: its fingerprint is the engine's to compute.
                      onChange={(e) => update(i, { writeKey: e.target.value, writeKeyFingerprint: undefined })}
                      aria-label="Write key"
                      title={s.writeKeyFingerprint ? `fingerprint ${s.writeKeyFingerprint}` : undefined}
                    />
                  </label>
                )}
                <Button size="sm" variant="ghost" onClick={() => remove(i)} aria-label={`Remove ${s.name || 'source'}`}>
                  Remove
                </Button>
              </div>
              <div className="ws-row ws-destinations">
                <span className="ws-label">Connected to</span>
                {KNOWN_DESTINATIONS.map((d) => (
                  <label key={d.id} className="ws-check" title={d.note}>
                    <input
                      type="checkbox"
                      checked={s.destinations.includes(d.id)}
                      onChange={(e) => update(i, { destinations: e.target.checked ? [...s.destinations, d.id] : s.destinations.filter((x) => x !== d.id) })}
                    />
                    {d.name}
                  </label>
                ))}
                <label className="ws-field ws-others">
                  <span className="sr-only">Other destinations</span>
                  <input
                    type="text"
                    value={otherDestinations(s)}
                    placeholder="others by name, comma-separated"
                    aria-label="Other destinations"
                    onChange={(e) => {
                      const known = s.destinations.filter((d) => KNOWN_DESTINATIONS.some((k) => k.id === d));
                      const others = e.target.value.split(',').map((x) => x.trim());
                      update(i, { destinations: [...known, ...others.filter((x, j) => x !== '' || j === others.length - 1)] });
                    }}
                  />
                </label>
              </div>
              <ForwardRow
                source={s}
                status={forwardStatus.find((f) => f.sourceId === s.id)}
                saved={view.workspace.sources.some((w) => w.id === s.id)}
                onChange={(forward) => update(i, { forward })}
              />
              {refusals.bySource.has(i) && (
                <ul className="error-text ws-errors" role="alert" aria-label={`Why source ${i + 1} was not saved`}>
                  {refusals.bySource.get(i)!.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              )}
              <p className="hint ws-checks">
                Checks: Segment's spec
                {s.kind !== 'custom' && <>, {SOURCE_KINDS.find((k) => k.id === s.kind)?.name}'s catalog</>}
                {s.destinations.includes('freshsuccess') && <>, Freshsuccess (on the message as Segment delivers it)</>}
                {s.destinations.includes('productfruits') && <>; Product Fruits' matching runs in the Matching tab</>}.
              </p>
            </fieldset>
          ))}
        </div>
      )}

      {errors.length > 0 && (
        <p className="error-text" role="status">
          Not saved: {plural(errors.length, 'problem')} to fix{refusals.bySource.size > 0 ? ', shown under the sources' : ''}.
        </p>
      )}
      {refusals.general.length > 0 && (
        <ul className="error-text ws-errors" role="alert">
          {refusals.general.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="ws-actions">
        <Button variant="primary" onClick={() => void save()} disabled={!dirty || saving}>
          {saving ? 'Saving…' : 'Save workspace'}
        </Button>
        <Button onClick={() => setDraft(structuredClone(view.workspace))} disabled={!dirty || saving}>
          Discard changes
        </Button>
        {saved && !dirty && <span className="hint" role="status">Saved: the inspector now checks each message against its own source.</span>}
        {dirty && <span className="hint">Unsaved changes</span>}
      </div>

      <section className="card" aria-label="Sources the receiver has seen">
        <div className="card-head">
          <h2 className="section-title">Seen by the receiver</h2>
          <span className="hint">{view.seen.length === 0 ? 'nothing captured yet' : plural(view.seen.length, 'source')}</span>
        </div>
        {view.seen.length === 0 ? (
          <p className="hint">Send something to the receiver; each write key and webhook it sees is listed here to add in one click.</p>
        ) : (
          <table className="data-table" aria-label="Seen sources">
            <thead>
              <tr>
                <th>Source</th>
                <th>Messages</th>
                <th>Last</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {view.seen.map((s) => {
                const configured = view.workspace.sources.find((w) => w.id === s.sourceId);
                return (
                  <tr key={seenLabel(s)}>
                    <td className="mono">{seenLabel(s)}</td>
                    <td>{formatCount(s.messages)}</td>
                    <td>#{s.lastSeq}</td>
                    <td className="actions-cell">
                      {configured ? (
                        <Badge tone="ok">{configured.name}</Badge>
                      ) : s.writeKeyMasked === undefined && s.webhook === undefined ? (
                        // A source is its write key: messages sent without one are no source to add. A
                        // disabled "Add as source" here said nothing of why.
                        <span className="faint" title="A Segment source is known by its write key: no source would take these messages. Send with a write key (Basic auth, or writeKey in the body) to add it">
                          no key to add it by
                        </span>
                      ) : unconfigured.includes(s) ? (
                        <Button size="sm" onClick={() => add(s)}>
                          Add as source
                        </Button>
                      ) : (
                        <span className="faint">in the draft</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
