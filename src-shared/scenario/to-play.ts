// What Play needs of a parsed scenario file, in the form the ingest worker hands it to the engine's
// thread: what the run changes of the app (set aside before it starts), the scenario less its
// steps, each step's head (what the progress list shows, what a sentence names it by), and each
// step's body as JSON text, read when the step runs. The whole parse (every step's message and
// expectation as objects) took the engine's thread 250-400 ms to receive for a 2.8 MB file while
// /v1/track waited; a text crosses threads as one copy, with nothing to rebuild (22,500 heads as
// objects took 23-58 ms to receive, as one JSON text 9 ms with its JSON.parse).
import { scenarioChanges, type ScenarioChanges } from './changes';
import type { ParseResult } from './parse';
import type { FlatStep, PlayableScenario, Scenario, ScenarioError, StepHead } from './types';

export type ScenarioToPlay =
  | { ok: false; errors: ScenarioError[] }
  | {
      ok: true;
      changes: ScenarioChanges;
      scenario: Omit<Scenario, 'steps'>;
      /** StepHead[] as JSON text. */
      heads: string;
      /** Each step (FlatStep) as JSON text, by index. */
      bodies: string[];
    };

/** A parse as Play takes it (computed where the file is parsed: the ingest worker). */
export function toPlay(loaded: ParseResult): ScenarioToPlay {
  if (!loaded.ok) return { ok: false, errors: loaded.errors };
  const { steps, ...scenario } = loaded.scenario;
  return {
    ok: true,
    changes: scenarioChanges(loaded.scenario),
    scenario,
    heads: JSON.stringify(steps.map((s): StepHead => ({ index: s.index, line: s.line, label: s.label, kind: s.kind, ...(s.id !== undefined ? { id: s.id } : {}), ...(s.kind === 'send' && s.ref !== undefined ? { ref: s.ref } : {}) }))),
    // The file's values are JSON's (parse refuses what JSON cannot hold; a long number is its marker text).
    bodies: steps.map((s) => JSON.stringify(s)),
  };
}

/** The scenario to run, each step's body read as the run reaches it. */
export function playable(play: Extract<ScenarioToPlay, { ok: true }>): PlayableScenario {
  return { ...play.scenario, steps: JSON.parse(play.heads) as StepHead[], stepAt: (index) => JSON.parse(play.bodies[index]) as FlatStep };
}
