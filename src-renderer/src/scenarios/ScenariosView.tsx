// The Scenarios tab: pick a bundled example or open a file, see its steps (or its errors with
// line and column), then play, pause, step, stop; each step's status and each expectation's
// expected vs actual. Runs use this engine, so the other tabs fill as it runs.
import { plural } from '../../../src-shared/plural';
import { textOfFile } from '../../../src-shared/text-encoding';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ScenarioCheck, ScenarioExample, ScenarioProgress, StepResult } from '../../../src-shared/scenario/report';
import { useAppStore, useEngineApi } from '../state';
import { Badge, Button, EmptyState, FilePickerButton } from '../ui';
import { useSimClockStore } from '../sessions/clock-context';
import { useSimClock, useSimNow } from '../sessions/sim-clock-store';
import { BeforePlayNote, SetAsideBanner, useSetAside } from './SetAsideNotes';
import { stepClockText, stepClockTitle } from './step-clock';
import { announcedText, checkWarningsByStep, couldNotRun, expectedNothing, statusText, wasStopped } from './status-text';

const SPEEDS = [
  { ms: 0, label: 'Instant' },
  { ms: 250, label: '4 steps/s' },
  { ms: 1000, label: '1 step/s' },
];

interface Source {
  file: string;
  text: string;
  example: boolean;
  /** Where it was read, when opened by its path: its users file is read from that folder. */
  path?: string;
}

const STATUS_ICON: Record<StepResult['status'], string> = { pending: '○', running: '◐', passed: '✓', failed: '✗', error: '!' };
/** The icons' meaning in words, for a screen reader (the icons and their colours are not read). */
const STATUS_WORD: Record<StepResult['status'], string> = { pending: 'not run', running: 'running', passed: 'passed', failed: 'failed', error: 'error' };

export function ScenariosView({ active }: { active: boolean }) {
  const api = useEngineApi();
  // null until the engine answers: the first visit waits on it (about 1.6 s on this machine).
  const [examples, setExamples] = useState<ScenarioExample[] | null>(null);
  const [source, setSource] = useState<Source | null>(null);
  const [check, setCheck] = useState<ScenarioCheck | null>(null);
  const [progress, setProgress] = useState<ScenarioProgress | null>(null);
  const [delayMs, setDelayMs] = useState(250);
  // Off by default: the log may hold traffic the user captured and wants to keep.
  const [clearFirst, setClearFirst] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const [setAside, refreshSetAside] = useSetAside();
  const showTrace = useAppStore((s) => s.showTrace);
  // "Save as scenario" in the inspector opens the saved file here.
  const inbox = useAppStore((s) => s.scenarioInbox);
  useEffect(() => {
    if (inbox) setSource({ file: inbox.file, text: inbox.text, example: inbox.example === true });
  }, [inbox]);

  useEffect(() => {
    if (!active) return;
    void api.call('scenarios.examples', undefined).then(setExamples, (e: Error) => setError(e.message));
    void api.call('scenarios.progress', undefined).then((p) => p && setProgress(p));
  }, [api, active]);
  useEffect(() => api.subscribe((e) => e.name === 'scenarios.progress' && setProgress(e.payload)), [api]);
  // The previous file's check is dropped at once, and a late answer for it ignored: another file's
  // name, steps and enabled Play showed under the new file's until its own check answered.
  useEffect(() => {
    setCheck(null);
    if (!source) return;
    let current = true;
    api.call('scenarios.check', { text: source.text, file: source.file }).then(
      (c) => current && setCheck(c),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [api, source]);

  const running = progress !== null && (progress.state === 'running' || progress.state === 'paused');
  const showProgress = progress !== null && source !== null && progress.file === source.file;
  // The engine plays one scenario at a time. Another file's run, with this one open, keeps its own
  // controls in a banner naming it: this file's header showed Pause, Step and Stop, which acted on it.
  const runningHere = running && showProgress;
  const runningOther = running && !showProgress;
  const call = (p: Promise<unknown>) => {
    setError(null);
    p.catch((e: Error) => setError(e.message));
  };
  // A file opened by its path is read again before it runs: edited and saved in the editor, the
  // text read at Open time ran (the fix did not), and an invalid file showed its old errors.
  const reread = async (s: Source): Promise<Source> => {
    if (!s.path) return s;
    const f = await api.call('scenarios.read', { path: s.path }).catch((e: Error) => {
      throw new Error(`Could not read ${s.path} again: ${e.message.replace(/ \(path\)$/, '')}`);
    });
    if (f.text === s.text) return s;
    const next = { ...s, text: f.text };
    setSource(next);
    return next;
  };
  const start = (paused: boolean) => {
    if (!source) return;
    call(
      (async () => {
        const current = await reread(source);
        // Changed on disk: run it only if it is still a valid scenario (its errors show otherwise).
        if (current !== source && !(await api.call('scenarios.check', { text: current.text, file: current.file })).ok) return;
        await api.call('scenarios.start', { text: current.text, file: current.file, ...(current.path ? { path: current.path } : {}), paused, delayMs, clearFirst });
      })(),
    );
  };
  const control = (action: 'pause' | 'resume' | 'step' | 'stop') => call(api.call('scenarios.control', { action, delayMs }));
  const done = showProgress ? progress.steps.filter((s) => s.status !== 'pending' && s.status !== 'running').length : 0;
  const total = check?.ok ? check.steps.length : 0;
  const steps: StepResult[] = showProgress ? progress.steps : check?.ok ? check.steps.map((s) => ({ ...s, status: 'pending' as const })) : [];
  const result = showProgress ? progress.result : undefined;
  // Paused, the step that Step or Resume runs next is marked: "Paused: step 1 of 5" with every step a grey ○ left it to guess
  // whether step 1 had run.
  const nextIndex = showProgress && progress.state === 'paused' ? steps.find((s) => s.status === 'pending')?.index : undefined;
  // The check's warnings, by the steps they hold in (one per round of a repeat, not every row of the line): the row said "line 7" where
  // the warning said :8:30, so it is marked with the warning's own place.
  const checkWarnings = useMemo(() => (check?.ok ? (check.warnings ?? []) : []), [check]);
  const checkWarningsAt = useMemo(() => checkWarningsByStep(checkWarnings), [checkWarnings]);
  // The day the run began on: a step's time names its date only when it is another day.
  const firstClock = steps.find((s) => s.clock)?.clock;
  // Play and Step through give way to Pause, Step and Stop while a run goes, and back when it
  // ends: a pressed Stop (or Step, disabled while running) took the focus with it to the top of
  // the page. When the controls change over and the focus is nowhere, it goes to the first one.
  const controlsRef = useRef<HTMLDivElement>(null);
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current === running) return;
    wasRunning.current = running;
    // With no file open (a run from another window, stopped here), the first example is the first control.
    if (document.activeElement === document.body || !document.activeElement) (controlsRef.current ?? document.getElementById('panel-scenarios'))?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, [running]);
  // Why Play is disabled, for its tooltip (undefined while it can play).
  const cannotPlay =
    check === null
      ? 'the file is still being checked'
      : !check.ok
        ? 'this file is not a valid scenario (its errors are listed below)'
        : runningOther
          ? `another scenario is playing (${progress!.name}): stop it, or wait for it to end`
          : undefined;
  const status = { total, checkWarnings, ...(showProgress ? { progress } : {}), ...(result ? { result } : {}) };
  // Stopped from the UI (not an engine that refused the run's set-up, which reports why as `invalid`).
  const stopped = showProgress && wasStopped(status);
  const failedSteps = result ? result.steps.filter((s) => s.status === 'failed' || s.status === 'error').length : 0;
  // Why a run that failed no step could not run (its set-up refused): said in the banner below the bar.
  const whyNotRun = result?.error ?? (result?.invalid && !stopped ? result.invalid.map((e) => e.message).join('\n') : undefined);

  return (
    <div className="scenarios-view">
      <h1 className="sr-only">Scenarios</h1>
      <aside className="scn-list" aria-label="Scenarios">
        {/* Only once there is something under it: the heading stood over nothing until the engine answered. */}
        {examples && examples.length > 0 && (
          <>
            <h2>Examples</h2>
            <ul>
              {examples.map((x) => (
            <li key={x.file}>
              <button type="button" className={`scn-pick ${source?.file === x.file ? 'is-selected' : ''}`} onClick={() => setSource({ file: x.file, text: x.text, example: true })} title={x.description}>
                <span className="scn-pick-name">{x.name}</span>
                <span className="mono scn-pick-file">{x.file}</span>
              </button>
            </li>
              ))}
            </ul>
          </>
        )}
        <h2>Your file</h2>
        <FilePickerButton
          inputLabel="Open a scenario file"
          accept=".yaml,.yml,.json"
          onFile={async (f) => {
            // As the file's first bytes say: PowerShell 5.1's Out-File saves UTF-16, which f.text() made NULs of.
            // A byte that is not UTF-8 is refused, as the CLI and the path field refuse it (read leniently, it was sent as U+FFFD).
            const read = textOfFile(new Uint8Array(await f.arrayBuffer()), true);
            if ('error' in read) setError(`Could not open ${f.name}: ${read.error}${source ? `. Still showing ${source.file}.` : ''}`);
            else setSource({ file: f.name, text: read.text, example: false });
          }}
        >
          Open a file…
        </FilePickerButton>
        <form
          className="scn-path"
          onSubmit={(e) => {
            e.preventDefault();
            if (!path.trim()) return;
            api.call('scenarios.read', { path: path.trim() }).then(
              (f) => setSource({ file: f.file, text: f.text, example: false, path: path.trim() }),
              (err: Error) => setError(`Could not open ${path.trim()}: ${err.message.replace(/ \(path\)$/, '')}${source ? `. Still showing ${source.file}.` : ''}`),
            );
          }}
        >
          <input type="text" placeholder="or its path on this machine" value={path} onChange={(e) => setPath(e.target.value)} aria-label="Scenario file path" />
          <Button size="sm" type="submit">
            Open
          </Button>
        </form>
        {error && !source && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <p className="hint">A <code>*.scenario.yaml</code> file; <code>scenarios/scenario.schema.json</code> gives your editor completion. In CI: <code>npx eventbench run scenarios/ --reporter junit</code>.</p>
      </aside>
      <section className="scn-main">
        {!source ? (
          <>
            {/* Restore mine before any scenario is picked too (after a reload, or straight from the header's banner). */}
            {setAside && <SetAsideBanner summary={setAside} onRestored={refreshSetAside} disabled={running} />}
            {/* A run started before a reload, or in another window: the engine plays one scenario at a time, and
                this window showed "Pick a scenario" with no way to see or stop it (Play on a file said it was busy). */}
            {running && <RunElsewhere progress={progress!} onControl={control} otherFileOpen={false} />}
            {/* It said "Choose a bundled example" while none was listed yet (the engine's answer comes later on a first visit). */}
            <EmptyState title="Pick a scenario">
              {examples === null && !error
                ? 'Loading the bundled examples… Meanwhile, open your own file on the left, then play it here: the inspector, matching and sessions fill as it runs.'
                : examples && examples.length > 0
                  ? 'Choose a bundled example on the left or open your own file, then play it here: the inspector, matching and sessions fill as it runs.'
                  : 'Open your own file on the left, then play it here: the inspector, matching and sessions fill as it runs.'}
            </EmptyState>
          </>
        ) : (
          <>
            <header className="scn-head">
              <div>
                <h2>{check?.ok ? check.name : source.file}</h2>
                {check?.ok && check.description && <p className="scn-desc">{check.description}</p>}
              </div>
              <div className="scn-controls" ref={controlsRef}>
                {!runningHere ? (
                  <>
                    <Button variant="primary" onClick={() => start(false)} disabled={cannotPlay !== undefined} title={cannotPlay && `Cannot play: ${cannotPlay}`}>
                      ▶ Play
                    </Button>
                    <Button onClick={() => start(true)} disabled={cannotPlay !== undefined} title={cannotPlay ? `Cannot step through: ${cannotPlay}` : 'Start paused, then run one step at a time'}>
                      Step through
                    </Button>
                  </>
                ) : (
                  <>
                    {progress!.state === 'running' ? <Button onClick={() => control('pause')}>Pause</Button> : <Button variant="primary" onClick={() => control('resume')}>▶ Resume</Button>}
                    <Button onClick={() => control('step')} disabled={progress!.state === 'running'}>
                      Step
                    </Button>
                    <Button variant="danger" onClick={() => control('stop')}>
                      Stop
                    </Button>
                  </>
                )}
                <label className="scn-clear-first" title="Empty the capture log before the run, so that it starts from nothing as eventbench run does: a second play otherwise shares its sessions with the first's messages (same anonymousIds, same times)">
                  <input type="checkbox" checked={clearFirst} onChange={(e) => setClearFirst(e.target.checked)} disabled={running} /> Clear the log first
                </label>
                <label className="scn-speed">
                  Speed{' '}
                  <select value={delayMs} onChange={(e) => setDelayMs(Number(e.target.value))} aria-label="Speed">
                    {SPEEDS.map((s) => (
                      <option key={s.ms} value={s.ms}>
                        {s.label}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
            </header>
            {runningOther && <RunElsewhere progress={progress!} onControl={control} otherFileOpen />}
            {error && (
              <div className="banner banner-error" role="alert">
                {error}
              </div>
            )}
            {setAside && <SetAsideBanner summary={setAside} onRestored={refreshSetAside} disabled={running} />}
            {check?.ok && !running && !result && <BeforePlayNote changes={check.changes} setAside={setAside} />}
            {/* A file picked in the browser has no folder: its users step failed when it ran, while the note above promised its users. Said before Play. */}
            {check?.ok && source && !source.example && !source.path && check.changes.userFiles.length > 0 && (
              <div className="scn-changes-note scn-no-folder" role="note" data-testid="no-folder-note">
                <strong>Its users file cannot be read:</strong> this file reads users from {check.changes.userFiles.map((f) => `“${f}”`).join(' and ')}, looked for beside it, but a file chosen with Open a file… comes without its folder, so that users step will fail. Type the file’s path in the field on the left and press Open.
              </div>
            )}
            {/* What the file may not mean (type: trak): it still plays, so said beside Play, not as an error. */}
            {check?.ok && check.warnings && <CheckWarnings warnings={check.warnings} leftOut={check.warningsLeftOut ?? 0} />}
            {/* A big file, or the first check of a session, takes seconds: the pane was blank, Play disabled without a word. */}
            {check === null && (
              <p className="muted scn-checking" role="status">
                Checking {source.file}…
              </p>
            )}
            {check && !check.ok && (
              <div className="scn-invalid" role="alert">
                <strong>This file is not a valid scenario:</strong>
                <ul>
                  {check.errors.map((e, i) => (
                    <li key={i} className="mono">
                      {e.text}
                    </li>
                  ))}
                </ul>
                {check.errorsLeftOut ? (
                  <p className="scn-left-out">
                    …and {check.errorsLeftOutAtLeast ? 'at least ' : ''}
                    {plural(check.errorsLeftOut, 'more error')} in the file.
                  </p>
                ) : null}
                {source.path && (
                  <p className="scn-reread">
                    Fixed it in your editor?{' '}
                    <Button size="sm" onClick={() => call(reread(source).then((r) => r === source && setError(`${source.path} has not changed since it was read: save it in your editor, then read it again.`)))}>
                      Read it again
                    </Button>
                  </p>
                )}
              </div>
            )}
            {check?.ok && (
              <>
                <div className="scn-progress" aria-label="Progress">
                  <div className="scn-bar">
                    <span style={{ width: `${total ? (done / total) * 100 : 0}%` }} className={result && !stopped ? (result.passed ? 'is-passed' : 'is-failed') : stopped && failedSteps > 0 ? 'is-failed' : ''} />
                  </div>
                  <span className="scn-status" data-testid="scenario-status">
                    {statusText(status)}
                  </span>
                  {stopped && <Badge>stopped</Badge>}
                  {result && !couldNotRun(status) && (!stopped || failedSteps > 0) && (result.passed && expectedNothing(result.steps) ? (
                    <Badge title="The file has no expect step: the run sent its messages and moved the clock, and checked nothing of what came of them">nothing expected</Badge>
                  ) : (
                    <Badge tone={result.passed ? 'ok' : 'error'}>{result.passed ? 'all expectations met' : 'expectations failed'}</Badge>
                  ))}
                  {/* The run's outcome, announced once it is known (not each step as it runs). */}
                  <span className="sr-only" role="status">
                    {announcedText(status)}
                  </span>
                </div>
                {whyNotRun && (
                  <div className="banner banner-error" role="alert">
                    {whyNotRun}
                  </div>
                )}
                {result && <ClockLeftNote />}
                <ol className="scn-steps">
                  {steps.map((s) => {
                    // A passed round a check warning holds in (type: trak) is counted "with a warning"
                    // by the status line: its row said ✓ "passed" all the same.
                    const warned = s.warning !== undefined || (s.status === 'passed' && checkWarningsAt.has(s.index));
                    return (
                      <li key={s.index} className={`scn-step is-${s.status}${warned ? ' is-warned' : ''}${s.index === nextIndex ? ' is-next' : ''}`} data-status={s.status}>
                        <div className="scn-step-head">
                          <span className="scn-icon" aria-hidden="true">
                            {warned ? '⚠' : STATUS_ICON[s.status]}
                          </span>
                          <span className="sr-only">{warned ? `${STATUS_WORD[s.status]} with a warning` : STATUS_WORD[s.status]}: </span>
                          <span className="scn-label" dir="auto">
                            {s.label}
                          </span>
                          {s.id && <span className="mono muted">#{s.id}</span>}
                          {s.index === nextIndex && (
                            <span className="scn-next" title="Step (or Resume) runs this step next">
                              next
                            </span>
                          )}
                          {(checkWarningsAt.get(s.index) ?? []).map((w, i) => (
                            <span key={i} className="scn-warn-at" title={w.message}>
                              ⚠ warning at line {w.line}:{w.column}
                            </span>
                          ))}
                          <span className="muted scn-line">line {s.line}</span>
                          {s.clock && (
                            <span className="mono muted scn-clock" title={stepClockTitle(s.clock)}>
                              {stepClockText(s.clock, firstClock)}
                            </span>
                          )}
                        </div>
                        {s.error && <div className="scn-error">{s.error}</div>}
                        {/* A sender send whose delivery failed passed as ✓, read as "sent". */}
                        {s.warning !== undefined && <div className="scn-step-warning">{s.warning}</div>}
                        {s.expectations && (
                          <ul className="scn-expects">
                            {s.expectations.map((e, i) => (
                              <li key={i} className={e.passed ? 'is-pass' : 'is-fail'}>
                                <span aria-hidden="true">{e.passed ? '✓' : '✗'}</span>
                                <span className="sr-only">{e.passed ? 'met: ' : 'not met: '}</span> {e.message}
                                {!e.passed && e.diff && (
                                  <pre className="scn-diff" aria-label="Expected vs actual">
                                    {e.diff.split('\n').map((line, j) => (
                                      <span key={j} className={line.startsWith('+') ? 'd-add' : line.startsWith('-') ? 'd-del' : ''}>
                                        {line}
                                        {'\n'}
                                      </span>
                                    ))}
                                  </pre>
                                )}
                                {!e.passed && e.diff && (
                                  <div className="scn-diff-legend muted" data-testid="diff-legend">
                                    <span className="d-del">- expected (the file)</span>, <span className="d-add">+ actual (what happened)</span>
                                  </div>
                                )}
                                {/* Why the message landed where it did: the diff said only that it did, and the trace was a tab and a search away. */}
                                {e.kind === 'matching' && e.seq !== undefined && (
                                  <button type="button" className="link-button scn-why" onClick={() => showTrace(e.seq!)}>
                                    Why this user? (#{e.seq}) →
                                  </button>
                                )}
                              </li>
                            ))}
                          </ul>
                        )}
                      </li>
                    );
                  })}
                </ol>
              </>
            )}
          </>
        )}
      </section>
    </div>
  );
}

/**
 * The check's warnings, each with its place; how to say one is meant is said once under them (each
 * warning's hint, repeated on every line, made a wall of text of ten typos).
 */
function CheckWarnings({ warnings, leftOut }: { warnings: NonNullable<Extract<ScenarioCheck, { ok: true }>['warnings']>; leftOut: number }) {
  const total = warnings.length + leftOut;
  const sender = warnings.some((w) => w.hint.includes('delivery:'));
  const drop = warnings.some((w) => w.hint.includes('dropReasons:'));
  return (
    <div className="scn-warnings" role="note" data-testid="check-warnings">
      <strong>
        {total === 1 ? 'A warning' : `${total.toLocaleString('en-US')} warnings`} ({leftOut > 0 ? `the first ${warnings.length} listed; ` : ''}the file still plays):
      </strong>
      <ul>
        {warnings.map((w, i) => (
          <li key={i} className="mono">
            {w.text}
          </li>
        ))}
      </ul>
      <p className="scn-warnings-hint">
        Sent on purpose? Say so with an expectation after the send, and its warning goes:{' '}
        {drop && <code>{'dropReasons: { step: <its id>, codes: [unknown-type] }'}</code>}
        {drop && sender && ', or for a via: sender send, '}
        {sender && <code>{'delivery: { step: <its id>, state: failed }'}</code>}.
      </p>
    </div>
  );
}

/**
 * After a run: the simulation clock stays where the scenario left it (so Sessions shows what the
 * run made), and every capture from then on is stamped with that time. Said here, with the way back.
 */
function ClockLeftNote() {
  const api = useEngineApi();
  const store = useSimClockStore();
  const clock = useSimClock(store).clock;
  const now = useSimNow(store, 1000);
  // A move the engine could not save (simulation.json): said here, the clock left as it was.
  const [error, setError] = useState<string | null>(null);
  if (!clock || clock.mode === 'live') return null;
  return (
    <div className="scn-clock-note" role="note">
      <span>
        The simulation clock stays at the scenario’s time (<span className="mono">{new Date(now).toISOString().slice(0, 19).replace('T', ' ')}</span>, {clock.mode === 'paused' ? 'paused' : 'running'}), so the Sessions tab shows
        what it made; messages received from now on are stamped with that time too.
      </span>
      <Button size="sm" onClick={() => api.call('clock.act', { action: 'live' }).then(() => setError(null), (e: Error) => setError(e.message))}>
        Back to live
      </Button>
      {error && (
        <span className="clock-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** The run in progress when no file, or another file, is open here: what it is, how far it got, and its controls. */
function RunElsewhere({ progress, onControl, otherFileOpen }: { progress: ScenarioProgress; onControl: (action: 'pause' | 'resume' | 'stop') => void; otherFileOpen: boolean }) {
  const done = progress.steps.filter((s) => s.status !== 'pending' && s.status !== 'running').length;
  return (
    <div className="banner banner-info scn-run-elsewhere" role="region" aria-label="Scenario running">
      <span role="status">
        <strong>{progress.state === 'paused' ? 'Paused' : 'Playing'}:</strong> {progress.name} <span className="mono">({progress.file})</span>, {done} of {plural(progress.steps.length, 'step')} done.{' '}
        {otherFileOpen ? 'One scenario plays at a time: this file can be played once that run ends or is stopped.' : 'Started before this page was loaded, or in another window.'}
      </span>
      <span className="scn-run-elsewhere-actions">
        {progress.state === 'running' ? <Button size="sm" onClick={() => onControl('pause')}>Pause</Button> : <Button size="sm" onClick={() => onControl('resume')}>▶ Resume</Button>}
        <Button size="sm" variant="danger" onClick={() => onControl('stop')}>
          Stop
        </Button>
      </span>
    </div>
  );
}
