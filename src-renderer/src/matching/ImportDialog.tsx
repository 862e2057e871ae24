// Import a customer's users: paste or upload CSV/JSON → map the columns with a preview of the first
// rows → import; bad rows are listed by line with the reason, good rows are kept.
import { plural } from '../../../src-shared/plural';
import { formatCount } from '../../../src-shared/tracking-api/limits';
import { useEffect, useState } from 'react';
import type { ImportResult } from '../../../src-shared/api';
import type { ColumnTarget, UsersImportPreview } from '../../../src-shared/matching/api-types';
import type { ColumnReadAsText } from '../../../src-shared/matching/csv-text-columns';
import { readTextFile } from '../../../src-shared/text-encoding';
import { errorMessage } from '../state/derive';
import { EngineCommandError } from '../state/ws-client';
import { useEngineApi } from '../state';
import { Button, Dialog, FilePickerButton } from '../ui';

/** The engine's words alone: its `where` ("text", "mapping") is for scripts, and read "… (text)" here. */
const engineWords = (e: unknown): string => (e instanceof EngineCommandError ? e.reason : errorMessage(e));

const TARGETS: { value: ColumnTarget; label: string }[] = [
  { value: 'id', label: 'id' },
  { value: 'username', label: 'username' },
  { value: 'email', label: 'email' },
  { value: 'property', label: 'property' },
  { value: 'ignore', label: 'ignore' },
];
const ERRORS_SHOWN = 100;

/** Rows of the file with what is wrong with them, by line (the first ERRORS_SHOWN); nothing when there are none. */
function LineProblems({ problems, label }: { problems: readonly { line: number; message: string }[]; label: string }) {
  if (problems.length === 0) return null;
  return (
    <ul className="import-errors" aria-label={label}>
      {problems.slice(0, ERRORS_SHOWN).map((e, i) => (
        <li key={i}>
          <span className="mono">line {e.line}</span>: {e.message}
        </li>
      ))}
      {problems.length > ERRORS_SHOWN && <li className="faint">…and {formatCount(problems.length - ERRORS_SHOWN)} more</li>}
    </ul>
  );
}

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const api = useEngineApi();
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<UsersImportPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, ColumnTarget>>({});
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const unsubscribe = api.subscribe((e) => {
      if (e.name === 'users.importProgress') setProgress(e.payload);
    });
    return () => {
      unsubscribe();
    };
  }, [api]);

  const toPreview = async () => {
    setError(null);
    try {
      const p = await api.call('users.previewImport', { text });
      setPreview(p);
      setMapping(p.mapping);
    } catch (e) {
      setError(engineWords(e));
    }
  };
  const runImport = async () => {
    setBusy(true);
    setProgress(null);
    setError(null);
    try {
      setResult(await api.call('users.import', { text, mapping, replace }));
    } catch (e) {
      setError(engineWords(e));
    } finally {
      setBusy(false);
    }
  };
  const [fileName, setFileName] = useState<string | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      // In the file's own encoding: Excel's "Unicode Text" is UTF-16 (file.text() reads UTF-8 only).
      setText(await readTextFile(file));
      setFileName(file.name);
      setPreview(null);
    } catch (e) {
      // The file by its name: "line 2, column 28: …" alone did not say of which file.
      setError(`${file.name}: ${errorMessage(e)}`);
    }
  };

  let body;
  let actions;
  if (result) {
    body = (
      <div className="import-result">
        <p>
          {plural(result.imported, 'user')} imported
          {result.errors.length > 0 ? `; ${plural(result.errors.length, 'row')} skipped:` : '.'}
        </p>
        <LineProblems problems={result.errors} label="Rows not imported" />
        {result.warnings && result.warnings.length > 0 && (
          <>
            <p>
              {plural(result.warnings.length, 'row')} imported as {result.warnings.length === 1 ? 'it is' : 'they are'}, worth a look:
            </p>
            <LineProblems problems={result.warnings} label="Rows imported with a warning" />
          </>
        )}
      </div>
    );
    actions = (
      <Button variant="primary" onClick={onClose} data-autofocus>
        Done
      </Button>
    );
  } else if (preview) {
    body = (
      <>
        <p className="hint">
          {preview.format.toUpperCase()}, {plural(preview.total, 'row')}. Say what each column is: the rule finds users by <code>email</code> and{' '}
          <code>username</code>; other columns become properties.
        </p>
        <div className="mapping-scroll">
          <table className="data-table mapping-table" aria-label="Column mapping">
            <thead>
              <tr>
                {preview.columns.map((c) => (
                  <th key={c}>
                    <div className="mono">{c}</div>
                    <select aria-label={`Column ${c} is`} value={mapping[c] ?? 'property'} onChange={(e) => setMapping({ ...mapping, [c]: e.target.value as ColumnTarget })}>
                      {TARGETS.map((t) => (
                        <option key={t.value} value={t.value}>
                          {t.label}
                        </option>
                      ))}
                    </select>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.line}>
                  {r.values.map((v, i) => (
                    <td key={i} className={`mono ${mapping[preview.columns[i]] === 'ignore' ? 'faint' : ''}`}>
                      {v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LineProblems problems={preview.errors} label="Rows that will not be imported" />
        <ReadAsTextNote columns={(preview.readAsText ?? []).filter((c) => (mapping[c.column] ?? 'property') === 'property')} />
        {preview.total === 0 && (
          <p className="hint" role="note">
            {preview.format === 'json' ? 'The list holds no user, so there is none to add.' : 'No row follows the header row, so there is no user to add.'}{' '}
            {replace
              ? `Replacing empties the starting directory${preview.format === 'csv' ? ' (if the header names an id, username or email column)' : ''}.`
              : preview.format === 'json'
                ? 'Check that the file is an array of user objects.'
                : 'Check that the file has a header row, then a row per user.'}
          </p>
        )}
        <label className="check">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> Replace the starting directory (otherwise add to it; a user with an existing id replaces it)
        </label>
        {busy && (
          <div className="import-progress">
            <progress aria-label="Import progress" max={progress?.total || undefined} value={progress?.total ? progress.done : undefined} />
            <span className="hint">{progress?.total && progress.done < progress.total ? `Reading the file: ${Math.floor((100 * progress.done) / progress.total)}%` : 'Applying the users…'}</span>
          </div>
        )}
      </>
    );
    actions = (
      <>
        <Button onClick={() => setPreview(null)} disabled={busy}>
          Back
        </Button>
        <Button variant="primary" onClick={runImport} disabled={busy || (preview.total === 0 && !replace)}>
          {busy ? 'Importing…' : preview.total === 0 && replace ? 'Empty the directory' : `Import ${plural(preview.total, 'row')}`}
        </Button>
      </>
    );
  } else {
    body = (
      <>
        <p className="hint">Paste CSV (with a header row) or a JSON array of user objects, or choose a file.</p>
        <textarea className="mono import-text" aria-label="Users to import" rows={10} value={text} onChange={(e) => setText(e.target.value)} placeholder={'id,username,email,plan\nu-1,ada,ada@example.com,pro'} data-autofocus />
        <div className="import-file">
          <FilePickerButton inputLabel="Users file" accept=".csv,.json,text/csv,application/json" onFile={(f) => void onFile(f)}>
            Choose a file…
          </FilePickerButton>
          {fileName && <span className="hint mono">{fileName}</span>}
        </div>
      </>
    );
    actions = (
      <>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="primary" disabled={!text.trim()} onClick={toPreview}>
          Next: map columns
        </Button>
      </>
    );
  }
  return (
    <Dialog title="Import users" onClose={onClose} actions={actions}>
      {body}
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}

/**
 * A CSV gives every cell back as text: a property column holding 42 or true is imported as "42" or
 * "true" (a CSV export of numbers, imported back, compared as text). Said before the import, with
 * the way to keep them: JSON.
 */
function ReadAsTextNote({ columns }: { columns: readonly ColumnReadAsText[] }) {
  if (columns.length === 0) return null;
  const shown = columns.slice(0, 4);
  return (
    <p className="hint" role="note" aria-label="Columns imported as text">
      Imported as text, as every CSV cell is:{' '}
      {shown.map((c, i) => (
        <span key={c.column}>
          {i > 0 && ', '}
          <code>{c.column}</code> (such as <code>{c.example.length > 24 ? `${c.example.slice(0, 23)}…` : c.example}</code>)
        </span>
      ))}
      {columns.length > shown.length && ` and ${plural(columns.length - shown.length, 'more column')}`}. To keep numbers and true/false as they are, import a
      JSON export instead.
    </p>
  );
}
