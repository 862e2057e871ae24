// What can be done with the selected rows: replay them through the sender, open one in the
// composer, or save them as a scenario. Ctrl/Cmd-click and Shift-click select more than one.
import { plural } from '../../../src-shared/plural';
import { useEffect, useState } from 'react';
import type { SecretStatus, SendTarget } from '../../../src-shared/api';
import { asSent, scenarioFileName as fileNameOf } from '../../../src-shared/scenario/from-captures';
import { identityOfOrigin } from '../../../src-shared/workspace';
import { formatExactMessageJson } from '../composer/composer-logic';
import { useAppStore, useAppStoreApi, useEngineApi } from '../state';
import { Button, Dialog, downloadText } from '../ui';

type TargetKind = 'local' | 'webhook' | 'custom' | 'segment-us' | 'segment-eu';

export function SelectionActions() {
  const api = useEngineApi();
  const store = useAppStoreApi();
  const marked = useAppStore((s) => s.markedSeqs);
  const selected = useAppStore((s) => s.selectedSeq);
  const clearMarks = useAppStore((s) => s.clearMarks);
  const [replayOpen, setReplayOpen] = useState(false);
  const [note, setNote] = useState<{ text: string; error?: boolean } | null>(null);
  const seqs = marked.length > 0 ? marked : selected !== null ? [selected] : [];
  // The bar is there with nothing selected too (its buttons off): appearing on the first click, it
  // pushed the list down under the pointer, so the next click landed on another row.
  const none = seqs.length === 0;

  const [saveOpen, setSaveOpen] = useState(false);
  const saveAsScenario = async (name: string) => {
    setNote(null);
    try {
      const { file, text } = await api.call('messages.toScenario', { seqs, name });
      downloadText(file, text, 'text/yaml');
      store.getState().openScenario(file, text);
    } catch (e) {
      setNote({ text: (e as Error).message, error: true });
    }
  };
  const openInComposer = async () => {
    const c = await api.call('messages.get', { seq: seqs[0] });
    // A number JSON.parse rounds (an id past 2^53) is shown and sent with the client's digits.
    if (c) store.getState().openInComposer(asSent(c, true), c.messageJson === undefined ? undefined : formatExactMessageJson(asSent(c, true, true)), identityOfOrigin(c.origin));
  };

  return (
    <div className="selection-actions" role="toolbar" aria-label="Selected messages">
      <span className={none ? 'sel-count sel-none' : 'sel-count'} title="Ctrl/⌘-click or Shift-click rows to select more">
        {none ? 'No message selected' : seqs.length === 1 ? `#${seqs[0]} selected` : `${seqs.length} selected`}
        <span className="hint"> · {none ? 'click a row or use ↑ ↓ to open its detail; ' : ''}Ctrl/⌘-click or Shift-click to select more</span>
      </span>
      <Button size="sm" onClick={() => setReplayOpen(true)} disabled={none}>
        Replay…
      </Button>
      <Button size="sm" onClick={() => void openInComposer()} disabled={seqs.length !== 1} title={seqs.length > 1 ? 'Open one message at a time' : 'Edit and send it from the composer'}>
        Open in composer
      </Button>
      <Button size="sm" onClick={() => setSaveOpen(true)} disabled={none} title="Name and download a scenario that sends these messages again with their timing, and open it in the Scenarios tab">
        Save as scenario…
      </Button>
      {marked.length > 0 && (
        <Button size="sm" variant="ghost" onClick={clearMarks}>
          Clear selection
        </Button>
      )}
      {note && (
        <span className={`sel-note ${note.error ? 'error-text' : 'hint'}`} title={note.text}>
          {note.text}
        </span>
      )}
      {saveOpen && (
        <SaveScenarioDialog
          count={seqs.length}
          onClose={() => setSaveOpen(false)}
          onSave={(name) => {
            setSaveOpen(false);
            void saveAsScenario(name);
          }}
        />
      )}
      {replayOpen && (
        <ReplayDialog
          count={seqs.length}
          onClose={() => setReplayOpen(false)}
          onReplay={async (target, fresh, timing) => {
            const r = await api.call('messages.replay', { seqs, target, freshMessageIds: fresh, timing });
            setNote({ text: `Replaying ${plural(r.replaying, 'message')}; the composer's Deliveries show each result.` });
          }}
        />
      )}
    </div>
  );
}

function ReplayDialog({ count, onClose, onReplay }: { count: number; onClose: () => void; onReplay: (target: SendTarget, fresh: boolean, timing: 'original' | 'together') => Promise<void> }) {
  const [kind, setKind] = useState<TargetKind>('local');
  const [url, setUrl] = useState('');
  const [fresh, setFresh] = useState(true);
  const [timing, setTiming] = useState<'original' | 'together'>('together');
  const [error, setError] = useState<string | null>(null);
  // Segment needs the write key stored in the composer's Send panel: without one, say so here.
  const api = useEngineApi();
  const [secrets, setSecrets] = useState<SecretStatus | null>(null);
  useEffect(() => {
    // Stored or removed in another window: followed, not read once.
    const off = api.subscribe((e) => e.name === 'secrets.changed' && setSecrets(e.payload));
    api.call('secrets.status', undefined).then(setSecrets, () => setSecrets(null));
    return off;
  }, [api]);
  const noKey = secrets !== null && !secrets.hasWriteKey;
  const toSegment = kind === 'segment-us' || kind === 'segment-eu';
  const target = (): SendTarget => {
    switch (kind) {
      case 'local':
        return { kind: 'local' };
      case 'webhook':
        return { kind: 'webhook', url };
      case 'custom':
        return { kind: 'custom', host: url };
      case 'segment-us':
        return { kind: 'segment', region: 'us' };
      case 'segment-eu':
        return { kind: 'segment', region: 'eu' };
    }
  };
  return (
    <Dialog
      title={`Replay ${plural(count, 'message')}`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            data-autofocus
            disabled={toSegment && noKey}
            onClick={() =>
              onReplay(target(), fresh, timing).then(onClose, (e: Error) => setError(e.message))
            }
          >
            Replay
          </Button>
        </>
      }
    >
      <div className="replay-form">
        <label className="field">
          <span>Send to</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as TargetKind)} aria-label="Send to">
            <option value="local">This receiver (local)</option>
            <option value="webhook">A webhook URL (signed if you give a secret in the composer)</option>
            <option value="custom">Another Segment-compatible host</option>
            <option value="segment-us">{`Segment (US), with the stored write key${secrets?.writeKeyMasked ? ` (${secrets.writeKeyMasked})` : ''}`}</option>
            <option value="segment-eu">{`Segment (EU), with the stored write key${secrets?.writeKeyMasked ? ` (${secrets.writeKeyMasked})` : ''}`}</option>
          </select>
        </label>
        {toSegment && noKey && (
          <p className="error-text" role="alert">
            No write key is stored: set one in the composer's Send panel (Segment), then replay.
          </p>
        )}
        {(kind === 'webhook' || kind === 'custom') && (
          <label className="field">
            <span>{kind === 'webhook' ? 'Webhook URL' : 'Host'}</span>
            <input type="text" value={url} onChange={(e) => setUrl(e.target.value)} placeholder={kind === 'webhook' ? 'https://example.com/hooks/segment' : 'http://127.0.0.1:9000'} />
          </label>
        )}
        <label className="check">
          <input type="checkbox" checked={fresh} onChange={(e) => setFresh(e.target.checked)} /> New messageIds (untick to send the same ids and test de-duplication)
        </label>
        <fieldset className="replay-timing">
          <legend>Timing</legend>
          <label className="check">
            <input type="radio" name="timing" checked={timing === 'together'} onChange={() => setTiming('together')} /> All at once
          </label>
          <label className="check">
            <input type="radio" name="timing" checked={timing === 'original'} onChange={() => setTiming('original')} /> With their original spacing (each gap at most a minute)
          </label>
        </fieldset>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}

/** The scenario's name (its `name:` and its file's name), the default filled in and selected. */
function SaveScenarioDialog({ count, onClose, onSave }: { count: number; onClose: () => void; onSave: (name: string) => void }) {
  const fallback = `Replay of ${plural(count, 'captured message')}`;
  const [name, setName] = useState(fallback);
  const save = () => onSave(name.trim() || fallback);
  return (
    <Dialog
      title={`Save ${plural(count, 'message')} as a scenario`}
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
      <form
        className="replay-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label className="field">
          <span>Scenario name</span>
          <input type="text" value={name} data-autofocus onFocus={(e) => e.target.select()} onChange={(e) => setName(e.target.value)} aria-label="Scenario name" maxLength={200} />
        </label>
        <p className="hint save-scenario-hint">
          Its <code>name:</code> and its file: <span className="mono">{fileNameOf(name.trim() || fallback)}</span>, downloaded and opened in the Scenarios tab.
        </p>
      </form>
    </Dialog>
  );
}
