// Live/Pause, import, export and clear.
import { plural } from '../../../src-shared/plural';
import { useRef, useState } from 'react';
import type { ImportResult } from '../../../src-shared/api';
import { useAppStore } from '../state';
import { Button, ConfirmDialog, Dialog, downloadText } from '../ui';
import { formatCount } from '../../../src-shared/tracking-api/limits';

export function ListToolbar({ shell }: { shell: 'electron' | 'websocket' }) {
  const paused = useAppStore((s) => s.paused);
  const offline = useAppStore((s) => s.connection !== 'connected');
  const newWhilePaused = useAppStore((s) => s.newWhilePaused);
  const setPaused = useAppStore((s) => s.setPaused);
  const total = useAppStore((s) => s.rows.length);
  const clearMessages = useAppStore((s) => s.clearMessages);
  const importMessages = useAppStore((s) => s.importMessages);
  const loadMessages = useAppStore((s) => s.loadMessages);
  const exportMessages = useAppStore((s) => s.exportMessages);
  const [confirmClear, setConfirmClear] = useState(false);
  const [busy, setBusy] = useState(false);
  const [importResult, setImportResult] = useState<ImportResult | { failed: string } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const importRef = useRef<HTMLButtonElement>(null);

  async function onImportFile(file: File) {
    setBusy(true);
    try {
      if (shell === 'websocket') {
        // Browser mode: the file goes to the engine as a stream (no size limit, nothing held here).
        const res = await fetch('/api/import', { method: 'POST', body: file, headers: { 'content-type': 'application/x-ndjson' } });
        const answer = (await res.json()) as ImportResult | { error: string };
        if (!res.ok || 'error' in answer) throw new Error('error' in answer ? answer.error : `the engine answered ${res.status}`);
        setImportResult(answer);
        if (answer.imported > 0) await loadMessages();
      } else {
        // The file's bytes, read by the engine as the streamed import reads them (in the file's own
        // encoding, a line that is not UTF-8 refused by number): decoded here, such a line was
        // stored with U+FFFD in place of its bytes, without a word.
        setImportResult(await importMessages(new Uint8Array(await file.arrayBuffer())));
      }
    } catch (e) {
      setImportResult({ failed: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  }

  async function onExportElectron() {
    setBusy(true);
    try {
      const ndjson = await exportMessages();
      downloadText(`eventbench-capture-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.ndjson`, ndjson, 'application/x-ndjson');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="list-toolbar">
      <Button
        size="sm"
        className="btn-toggle live-toggle"
        aria-pressed={paused}
        onClick={() => setPaused(!paused)}
        title={paused ? 'Resume: show new messages as they arrive' : 'Pause: freeze the list; new messages are still captured'}
      >
        {paused ? '▶ Resume' : '❚❚ Pause'}
      </Button>
      {paused ? (
        // Not a live region: while paused it counts every message that arrives.
        <button type="button" className="new-counter" onClick={() => setPaused(false)}>
          {formatCount(newWhilePaused)} new
        </button>
      ) : (
        <span className={`live-dot${offline ? ' is-offline' : ''}`} title={offline ? 'Not connected to the engine: nothing new arrives until it reconnects' : 'New messages appear as they arrive'}>
          {offline ? 'Offline' : 'Live'}
        </span>
      )}
      <span className="toolbar-spacer" />
      <input
        ref={fileRef}
        type="file"
        accept=".ndjson,.jsonl,.json,.gz,application/x-ndjson,text/plain,application/gzip"
        aria-label="Import an NDJSON file"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void onImportFile(f);
        }}
      />
      {/* aria-disabled while busy, not disabled: Chromium drops the focus of a disabled button, and
          the import's result dialog then had nowhere to give it back to. */}
      <Button size="sm" aria-disabled={busy || undefined} onClick={() => busy || fileRef.current?.click()} ref={importRef}>
        Import…
      </Button>
      {shell === 'electron' ? (
        <Button size="sm" disabled={busy || total === 0} onClick={() => void onExportElectron()}>
          Export
        </Button>
      ) : (
        <a className={`btn btn-sm${total === 0 ? ' disabled' : ''}`} href="/api/export" download="eventbench-capture.ndjson">
          Export
        </a>
      )}
      <Button size="sm" variant="danger" disabled={busy || total === 0} onClick={() => setConfirmClear(true)}>
        Clear…
      </Button>
      {confirmClear && (
        <ConfirmDialog
          title="Clear all captured messages?"
          message={
            <>
              This deletes {total === 1 ? 'the 1 message' : `all ${plural(total, 'message')}`} from the capture log on disk. Export first if you want
              to keep {total === 1 ? 'it' : 'them'}.
            </>
          }
          confirmLabel="Clear messages"
          danger
          onCancel={() => setConfirmClear(false)}
          onConfirm={() => {
            setConfirmClear(false);
            // Clear… is disabled once the log is empty, which drops its focus: Import… is beside it.
            void clearMessages().finally(() => importRef.current?.focus());
          }}
        />
      )}
      {importResult && <ImportResultDialog result={importResult} onClose={() => setImportResult(null)} />}
    </div>
  );
}

function ImportResultDialog({ result, onClose }: { result: ImportResult | { failed: string }; onClose: () => void }) {
  // Not "1 line was skipped: line 1: …": the file itself was not read (a ZIP, a program, an image).
  const notRead = !('failed' in result) && result.imported === 0 && result.errors.length === 1 && result.errors[0].wholeFile ? result.errors[0].message : undefined;
  return (
    <Dialog
      title={'failed' in result || notRead !== undefined ? 'Import failed' : 'Import finished'}
      onClose={onClose}
      actions={
        <Button variant="primary" onClick={onClose} data-autofocus>
          OK
        </Button>
      }
    >
      {'failed' in result ? (
        <p className="error-text">{result.failed}</p>
      ) : notRead !== undefined ? (
        <p className="error-text">{notRead}</p>
      ) : (
        <>
          <p>
            Imported <strong>{plural(result.imported, 'message')}</strong>.
            {result.errors.length > 0 && ` ${plural(result.errors.length, 'line')} ${result.errors.length === 1 ? 'was' : 'were'} skipped:`}
          </p>
          {result.errors.length > 0 && (
            <ul className="import-errors">
              {result.errors.slice(0, 200).map((e) => (
                <li key={e.line}>
                  <span className="mono">line {e.line}</span>: {e.message}
                </li>
              ))}
              {result.errors.length > 200 && <li>… and {result.errors.length - 200} more</li>}
            </ul>
          )}
          {/* Imported, but worth a look (the file was imported before: its messages are in the log twice). */}
          {(result.warnings ?? []).map((w) => (
            <p key={w.line} className="import-warning" role="note">
              <span className="mono">line {w.line}</span>: {w.message}
            </p>
          ))}
        </>
      )}
    </Dialog>
  );
}
