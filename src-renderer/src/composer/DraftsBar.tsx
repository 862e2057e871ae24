// Saved drafts: name the current message and save it, load one back, delete one.
import { useEffect, useRef, useState } from 'react';
import type { Draft, DraftList, UnreadableDraft } from '../../../src-shared/api';
import type { JsonObject } from '../../../src-shared/capture';
import type { ProfileId } from '../../../src-shared/catalogs';
import { useEngineApi } from '../state';
import { Button } from '../ui';

export interface DraftsBarProps {
  profile: ProfileId;
  eventOrCall: string;
  message: JsonObject;
  /** The JSON editor's text when it may hold a number JSON.parse rounds: saved so the draft keeps its digits. */
  messageJson?: string;
  onLoad(draft: Draft): void;
  disabledReason: string | null;
}

/** A draft as the list names it: its name and its event (or profile). */
const draftLabel = (d: Draft | undefined) => (d ? `${d.name} · ${d.event ?? d.profile}` : undefined);

export function DraftsBar({ profile, eventOrCall, message, messageJson, onLoad, disabledReason }: DraftsBarProps) {
  const api = useEngineApi();
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [unreadable, setUnreadable] = useState<UnreadableDraft[]>([]);
  const [name, setName] = useState('');
  const [selected, setSelected] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const pickerRef = useRef<HTMLSelectElement>(null);

  const show = (list: DraftList) => {
    setDrafts(list.drafts);
    setUnreadable(list.unreadable);
  };

  useEffect(() => {
    // Saved or deleted in another window (or over the API): the list was read once and stayed as it was.
    const off = api.subscribe((e) => {
      if (e.name !== 'drafts.changed') return;
      show(e.payload);
      setSelected((name) => (e.payload.drafts.some((d) => d.name === name) ? name : ''));
    });
    api.call('drafts.list', undefined).then(show, (err: Error) => setError(err.message));
    return off;
  }, [api]);

  const run = async (fn: () => Promise<DraftList>) => {
    setError(null);
    try {
      show(await fn());
      return true;
    } catch (err) {
      setError((err as Error).message);
      return false;
    }
  };

  const save = async () => {
    const draft: Draft = { name: name.trim(), profile, event: eventOrCall, message, ...(messageJson !== undefined ? { messageJson } : {}), savedAt: new Date().toISOString() };
    if (await run(() => api.call('drafts.save', draft))) {
      setSelected(draft.name);
      setSaved(true);
      setTimeout(() => setSaved(false), 1500);
    }
  };

  return (
    <div className="drafts-bar">
      {/* Shown only where the bar puts the drafts on a row of their own (composer.css), to name that row. */}
      <span className="drafts-caption" aria-hidden="true">
        Drafts
      </span>
      <input type="text" value={name} placeholder="Draft name" aria-label="Draft name" onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && name.trim() && !disabledReason && void save()} />
      {/* "Save" beside the draft's name reads as "Save draft", its accessible name (the bar fits one row at 1,000 px). */}
      <Button size="sm" disabled={!name.trim() || !!disabledReason} title={disabledReason ?? 'Save this message as a draft under the name typed'} aria-label={saved ? 'Saved ✓' : 'Save draft'} onClick={() => void save()}>
        {saved ? 'Saved ✓' : 'Save'}
      </Button>
      <select
        ref={pickerRef}
        aria-label="Saved drafts"
        value={selected}
        // A narrow window cuts the chosen draft's name in the box: the tooltip has it whole.
        title={selected ? draftLabel(drafts.find((d) => d.name === selected)) : undefined}
        onChange={(e) => {
          const d = drafts.find((x) => x.name === e.target.value);
          setSelected(e.target.value);
          if (d) {
            onLoad(d);
            setName(d.name);
          }
        }}
      >
        <option value="">{drafts.length ? `Load draft (${drafts.length})…` : 'No saved drafts'}</option>
        {drafts.map((d) => (
          <option key={d.name} value={d.name}>
            {draftLabel(d)}
          </option>
        ))}
      </select>
      <Button
        size="sm"
        variant="ghost"
        disabled={!selected}
        title="Delete the selected draft"
        onClick={() =>
          void run(() => api.call('drafts.delete', { name: selected })).then((ok) => {
            if (!ok) return;
            setSelected('');
            // Delete is disabled once nothing is selected, which drops its focus: go to the list.
            pickerRef.current?.focus();
          })
        }
      >
        Delete
      </Button>
      {unreadable.length > 0 && (
        // The file's other drafts stay usable; the entry is kept in the file for a hand fix.
        <span className="drafts-unreadable" role="status" title={`Not listed, kept in drafts.json as written:\n${unreadable.map((u) => u.problem).join('\n')}`}>
          ⚠ {unreadable.length === 1 ? '1 draft' : `${unreadable.length} drafts`} not readable (kept in the file): {unreadable[0].problem}
        </span>
      )}
      {error && (
        <span className="error-text drafts-error" role="alert" title={error}>
          {error}
        </span>
      )}
    </div>
  );
}
