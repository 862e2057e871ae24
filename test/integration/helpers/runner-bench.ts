// A real engine and a temp folder for the scenario runner's tests (scenario-runner-steps,
// scenario-runner-rules): a scenario written as YAML lines is loaded as if from that folder and run
// over the engine, and a captured message read back by its seq.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../../src-main/replay/load';
import { runScenario, type RunOptions } from '../../../src-main/replay/scenario-runner';
import type { CapturedMessage } from '../../../src-shared/capture';
import type { Scenario } from '../../../src-shared/scenario/types';
import { startTestEngine, type TestEngine } from './engine';

export interface RunnerBench {
  t: TestEngine;
  /** The folder a loaded scenario's relative paths resolve against. */
  dir: string;
  load(lines: string[]): Scenario;
  run(lines: string[], options?: RunOptions): ReturnType<typeof runScenario>;
  captured(seq: number): Promise<CapturedMessage>;
  dispose(): Promise<void>;
}

export async function startRunnerBench(prefix: string): Promise<RunnerBench> {
  const t = await startTestEngine();
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const load = (lines: string[]): Scenario => {
    const loaded = loadScenario(lines.join('\n') + '\n', join(dir, 'x.scenario.yaml'));
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
    return loaded.scenario;
  };
  return {
    t,
    dir,
    load,
    run: (lines, options) => runScenario({ api: t.engine, url: t.engine.url }, load(lines), options),
    captured: async (seq) => (await t.engine.call('messages.get', { seq }))!,
    dispose: async () => {
      await t.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
