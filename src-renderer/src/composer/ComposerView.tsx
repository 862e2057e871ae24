// The composer: pick a profile and an event, fill the generated form or the raw JSON (kept in
// sync), watch the findings, send, and follow each delivery.
import { useEffect, useMemo, useRef, useState } from 'react';
import { EMPTY_WORKSPACE, planFor, sourceOf, type WorkspaceSource } from '../../../src-shared/workspace';
import { useAppStore } from '../state';
import { PROFILES } from '../../../src-shared/catalogs';
import type { ProfileId } from '../../../src-shared/catalogs';
import type { Severity } from '../../../src-shared/validate/finding';
import { Button } from '../ui';
import { catalogNotes, eventChoices, exactMessageText, jsonOffsetOfPath, pathCandidates } from './composer-logic';
import { ComposerForm } from './ComposerForm';
import { DeliveriesList } from './DeliveriesList';
import { DraftsBar } from './DraftsBar';
import { FindingsList } from './FindingsList';
import { JsonEditor } from './JsonEditor';
import { SendPanel } from './SendPanel';
import { useComposer } from './use-composer';
import './composer.css';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * The source a message composed from `profile` is sent as until one is picked: one of that
 * catalog's kind; for Freshsuccess (a destination) one connected to it; for plain Segment a custom
 * one; else '' (a source not in the workspace). It fell back to the first source, so a Produktly
 * event went "as" a ProveSource source and was flagged "not a ProveSource event".
 */
export function defaultSentAs(sources: readonly WorkspaceSource[], profile: ProfileId): string {
  const fits = (s: WorkspaceSource) => (profile === 'freshsuccess' ? s.destinations.includes('freshsuccess') : s.kind === (profile === 'segment' ? 'custom' : profile));
  return sources.find(fits)?.id ?? '';
}

function profileLabel(id: ProfileId, name: string): string {
  return id === 'segment' ? 'Plain Segment' : name;
}

export function ComposerView() {
  // The source the message is sent as decides what the inspector will check once it is captured.
  const workspace = useAppStore((s) => s.workspaceView?.workspace ?? EMPTY_WORKSPACE);
  const [sourceChoice, setSourceChoice] = useState<string | null>(null);
  const [profileNow, setProfileNow] = useState<ProfileId>('provesource');
  const sources = workspace.sources;
  const sourceId = sourceChoice !== null && (sourceChoice === '' || sources.some((s) => s.id === sourceChoice)) ? sourceChoice : defaultSentAs(sources, profileNow);
  const source = sources.find((s) => s.id === sourceId);
  const plan = useMemo(() => planFor(workspace, source ? { writeKeyMasked: source.writeKey, writeKeyFingerprint: source.writeKeyFingerprint, webhook: source.webhook } : {}), [workspace, source]);
  const c = useComposer(plan);
  useEffect(() => setProfileNow(c.profile), [c.profile]);
  // "Open in composer" from the inspector: the captured message, as its client sent it.
  const inbox = useAppStore((s) => s.composerInbox);
  const loadDraft = c.loadDraft;
  // Sent as the workspace source it was captured from ('' when that source is not in the
  // workspace), so it is checked, and sent locally, as that source's message again.
  const inboxSource = inbox?.source === undefined ? undefined : (sourceOf(workspace, inbox.source)?.id ?? '');
  useEffect(() => {
    if (inboxSource !== undefined) setSourceChoice(inboxSource);
  }, [inbox, inboxSource]);
  useEffect(() => {
    if (!inbox) return;
    const m = inbox.message;
    const event = typeof m.event === 'string' ? m.event : undefined;
    // A partner's catalog when it knows the event, else plain Segment by call type.
    const partner = event === undefined ? undefined : PROFILES.find((p) => p.id !== 'segment' && eventChoices(p.id).some((e) => e.value === event));
    const profile: ProfileId = partner?.id ?? 'segment';
    loadDraft({ name: '', profile, event: partner ? event : String(m.type ?? 'track'), message: m, savedAt: '' }, inbox.messageJson);
  }, [inbox, loadDraft]);
  const rootRef = useRef<HTMLDivElement>(null);
  const jsonRef = useRef<HTMLTextAreaElement>(null);
  const choices = useMemo(() => eventChoices(c.profile), [c.profile]);
  const profile = PROFILES.find((p) => p.id === c.profile)!;

  // The worst severity per path, to mark inputs.
  const severities = useMemo(() => {
    const map = new Map<string, Severity>();
    for (const f of c.findings) {
      const had = map.get(f.path);
      if (!had || RANK[f.severity] < RANK[had]) map.set(f.path, f.severity);
    }
    return map;
  }, [c.findings]);

  const focusPath = (path: string) => {
    const root = rootRef.current;
    if (root && !c.jsonError) {
      for (const candidate of pathCandidates(path)) {
        const el = root.querySelector<HTMLElement>(`[data-path="${CSS.escape(candidate)}"]`);
        if (el) {
          el.scrollIntoView({ block: 'center', behavior: 'smooth' });
          el.focus({ preventScroll: true });
          return;
        }
      }
    }
    // No input for it: put the caret on the key in the JSON editor.
    const area = jsonRef.current;
    if (!area) return;
    const at = jsonOffsetOfPath(c.jsonText, path);
    area.focus();
    area.setSelectionRange(at, at);
  };

  const jsonBlocked = c.jsonError ? `Fix the JSON first (line ${c.jsonError.line}, column ${c.jsonError.column}).` : null;

  return (
    <div className="composer" ref={rootRef}>
      <h1 className="sr-only">Composer: compose and send a message</h1>
      <div className={sources.length > 0 ? 'composer-bar has-source' : 'composer-bar'}>
        <label className="bar-field">
          <span>Profile</span>
          <select aria-label="Profile" value={c.profile} onChange={(e) => c.pickProfile(e.target.value as ProfileId)}>
            {PROFILES.map((p) => (
              <option key={p.id} value={p.id}>
                {profileLabel(p.id, p.name)}
              </option>
            ))}
          </select>
        </label>
        {sources.length > 0 && (
          <label className="bar-field" title={plan.note}>
            <span>Sent as</span>
            <select aria-label="Source" value={sourceId} title={[source?.name ?? 'a source not in the workspace', plan.note].filter(Boolean).join(' · ')} onChange={(e) => setSourceChoice(e.target.value)}>
              {sources.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
              {/* Short, as the list is as wide as its longest option; the list's tooltip says it whole. */}
              <option value="">another source</option>
            </select>
          </label>
        )}
        <label className="bar-field">
          <span>{profile.events ? 'Event' : 'Call'}</span>
          <select aria-label="Event" value={c.eventOrCall} onChange={(e) => c.pickEvent(e.target.value)}>
            {choices.map((e) => (
              <option key={e.value} value={e.value}>
                {e.label}
              </option>
            ))}
          </select>
        </label>
        <Button onClick={c.fillExample}>Fill with example</Button>
        <div className="bar-spacer" />
        <DraftsBar profile={c.profile} eventOrCall={c.eventOrCall} message={c.message} messageJson={c.jsonError ? undefined : exactMessageText(c.jsonText)} onLoad={c.loadDraft} disabledReason={jsonBlocked} />
      </div>

      <div className="composer-body">
        <div className="composer-col form-col">
          <div className="panel-head">
            <h3>{profileLabel(profile.id, profile.name)} · {c.eventOrCall}</h3>
          </div>
          <CatalogNotes profileId={profile.id} name={profileLabel(profile.id, profile.name)} />
          {c.jsonError && <div className="form-blocked">The JSON editor has an error; the form shows the last valid message and is locked until the JSON parses.</div>}
          <ComposerForm profile={c.profile} eventOrCall={c.eventOrCall} message={c.formMessage} severities={severities} onChange={c.setField} disabled={!!c.jsonError} />
        </div>
        <div className="composer-col json-col">
          <div className="panel-head">
            <h3>JSON</h3>
          </div>
          <JsonEditor ref={jsonRef} text={c.jsonText} error={c.jsonError} onChange={c.setJsonText} />
          <FindingsList findings={c.findings} stale={!!c.jsonError} onPick={focusPath} checks={plan.note} message={c.formMessage} />
        </div>
        <div className="composer-col send-col">
          <SendPanel message={c.message} messageJson={c.jsonError ? undefined : exactMessageText(c.jsonText)} disabledReason={jsonBlocked} asSource={source?.id} />
          <DeliveriesList />
        </div>
      </div>
    </div>
  );
}

/**
 * What the catalog's documents say, their defects, and Eventbench's choices where they are
 * silent (domain.md: "the UI and the docs must say so"), folded under the form's title.
 */
function CatalogNotes({ profileId, name }: { profileId: ProfileId; name: string }) {
  const notes = catalogNotes(profileId);
  if (notes.length === 0) return null;
  const label = `About the ${name} catalog`;
  return (
    <details className="catalog-notes" aria-label={label}>
      <summary>
        {label} <span className="muted">({notes.length} notes: its documents, their gaps, Eventbench's choices)</span>
      </summary>
      <ul>
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </details>
  );
}
