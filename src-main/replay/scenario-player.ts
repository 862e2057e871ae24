// Scenario runs inside the app: one at a time, played, paused, stepped or stopped from the UI,
// progress pushed as engine events. The engine's own clock and capture log are used, so the
// inspector, matching and sessions fill as it runs.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineApi } from '../../src-shared/api';
import { formatScenarioError } from '../../src-shared/scenario/parse';
import { playable, type ScenarioToPlay } from '../../src-shared/scenario/to-play';
import type { PlayerState, ScenarioCheck, ScenarioExample, ScenarioProgress } from '../../src-shared/scenario/report';
export type { PlayerState, ScenarioCheck, ScenarioExample, ScenarioProgress };
import type { StepHead } from '../../src-shared/scenario/types';
import { loadScenario } from './load';
import { runScenario } from './scenario-runner';

/**
 * The bundled examples: `scenarios/` at the project root. From source this file is in
 * src-main/replay; built, it is bundled into out/main or out/main/chunks.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const EXAMPLES_DIRS = [resolve(here, '../../scenarios'), resolve(here, '../../../scenarios')];

/** The last listing: its folder's files with their sizes and times, and what was read from them. */
let examplesCache: { key: string; examples: Promise<ScenarioExample[]> } | undefined;

/**
 * The examples of the first of `dirs` that is an examples folder (it holds scenario.schema.json),
 * each file read and checked once: a later listing reads them again only when a file was added,
 * removed or changed (its size or time), so the Scenarios tab's list comes at once after the first.
 */
export async function listExamples(dirs: readonly string[] = EXAMPLES_DIRS): Promise<ScenarioExample[]> {
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => undefined);
    if (!names || !names.includes('scenario.schema.json')) continue;
    const files = names.filter((n) => /\.scenario\.(ya?ml|json)$/.test(n)).sort();
    const stats = await Promise.all(files.map((f) => stat(join(dir, f)).catch(() => undefined)));
    const key = [dir, ...files.map((f, i) => `${f}:${stats[i]?.size}:${stats[i]?.mtimeMs}`)].join('\0');
    if (examplesCache?.key === key) return examplesCache.examples;
    const examples = readExamples(dir, files);
    const entry = { key, examples };
    examplesCache = entry;
    // A failed read is not kept: the next listing tries again.
    examples.catch(() => {
      if (examplesCache === entry) examplesCache = undefined;
    });
    return examples;
  }
  return [];
}

async function readExamples(dir: string, files: readonly string[]): Promise<ScenarioExample[]> {
  const out: ScenarioExample[] = [];
  for (const f of files) {
    const text = await readFile(join(dir, f), 'utf8');
    const loaded = loadScenario(text, f);
    out.push({ file: f, name: loaded.ok ? loaded.scenario.name : f, ...(loaded.ok && loaded.scenario.description ? { description: loaded.scenario.description } : {}), text });
  }
  return out;
}

/** What a check of a scenario file answers (src-shared, so the ingest worker computes it where it parses). */
export { checkScenario } from '../../src-shared/scenario/check';

export class ScenarioPlayer {
  private runId = 0;
  private current: ScenarioProgress | undefined;
  private controller: AbortController | undefined;
  /** Resolves the wait before the next step (pause/step). */
  private release: (() => void) | undefined;
  private stepsAllowed = Infinity;

  constructor(
    private readonly target: { api: EngineApi; url: () => string; accessToken?: string },
    private readonly push: (p: ScenarioProgress) => void,
  ) {}

  progress(): ScenarioProgress | null {
    return this.current ?? null;
  }

  /**
   * Runs a parsed scenario file (`loaded`: toPlay of loadScenario's, as the ingest worker's playScenario answers).
   * `baseDir`: the scenario file's folder, when it was opened by its path (its users file is read from there only).
   */
  start(loaded: ScenarioToPlay, file: string, opts: { paused?: boolean; delayMs?: number; baseDir?: string } = {}): ScenarioProgress {
    if (this.current && (this.current.state === 'running' || this.current.state === 'paused')) throw Object.assign(new Error('a scenario is already running; stop it first'), { where: 'scenario' });
    if (!loaded.ok) throw Object.assign(new Error(loaded.errors.map(formatScenarioError).join('\n')), { where: `${file}:${loaded.errors[0].line}:${loaded.errors[0].column}` });
    const scenario = playable(loaded);
    const runId = ++this.runId;
    const progress: ScenarioProgress = {
      runId,
      name: scenario.name,
      file,
      state: opts.paused ? 'paused' : 'running',
      delayMs: Math.max(0, Math.min(10_000, opts.delayMs ?? 0)),
      steps: scenario.steps.map((s) => ({ index: s.index, line: s.line, label: s.label, status: 'pending', ...(s.id !== undefined ? { id: s.id } : {}) })),
    };
    this.current = progress;
    this.stepsAllowed = opts.paused ? 0 : Infinity;
    const controller = (this.controller = new AbortController());
    this.push({ ...progress });
    void runScenario({ api: this.target.api, url: this.target.url(), accessToken: this.target.accessToken }, scenario, {
      signal: controller.signal,
      baseDir: opts.baseDir,
      confineFiles: true,
      beforeStep: (step) => this.gate(step, progress),
      onStep: (r) => {
        progress.steps[r.index] = { ...r };
        this.push({ ...progress, steps: [...progress.steps] });
      },
    }).then(
      (result) => {
        if (this.current !== progress) return;
        progress.state = controller.signal.aborted ? 'stopped' : 'done';
        progress.result = result;
        this.push({ ...progress });
      },
      (e: Error) => {
        if (this.current !== progress) return;
        progress.state = 'stopped';
        progress.result = { name: scenario.name, file, passed: false, steps: progress.steps, failures: 1, durationMs: 0, invalid: [{ line: 0, column: 0, message: e.message }] };
        this.push({ ...progress });
      },
    );
    return { ...progress };
  }

  private async gate(_step: StepHead, progress: ScenarioProgress): Promise<void> {
    if (progress.delayMs > 0 && progress.state === 'running' && _step.index > 0) await new Promise((r) => setTimeout(r, progress.delayMs));
    while (this.stepsAllowed <= 0 && !this.controller?.signal.aborted) {
      await new Promise<void>((r) => (this.release = r));
    }
    if (this.stepsAllowed !== Infinity) this.stepsAllowed--;
  }

  control(action: 'pause' | 'resume' | 'step' | 'stop', delayMs?: number): ScenarioProgress | null {
    const p = this.current;
    if (!p || (p.state !== 'running' && p.state !== 'paused')) throw Object.assign(new Error('no scenario is running'), { where: 'scenario' });
    if (delayMs !== undefined) p.delayMs = Math.max(0, Math.min(10_000, delayMs));
    switch (action) {
      case 'pause':
        this.stepsAllowed = 0;
        p.state = 'paused';
        break;
      case 'resume':
        this.stepsAllowed = Infinity;
        p.state = 'running';
        break;
      case 'step':
        this.stepsAllowed = 1;
        p.state = 'paused';
        break;
      case 'stop':
        this.controller?.abort();
        p.state = 'stopped';
        break;
    }
    this.release?.();
    this.release = undefined;
    this.push({ ...p });
    return { ...p };
  }

  stop(): void {
    this.controller?.abort();
    this.release?.();
  }
}
