// The Scenarios tab's one-line status beside the progress bar, and what a screen reader is told
// once the run has an outcome. A failed run read "Failed: 2 steps of 3"; it now reads "2 of 3
// steps failed", as `eventbench run` says it. A run whose set-up the engine refused failed no
// step: it said "Failed: 1 step of 3" (the set-up counted as a step), now "Could not run".
import { plural } from '../../../src-shared/plural';
import { failedStepsText, type ScenarioProgress, type ScenarioResult, type StepResult } from '../../../src-shared/scenario/report';

export interface StatusInput {
  /** Steps of the file (0 while it is being checked, or when invalid). */
  total: number;
  /** The run of this file, when one is shown. */
  progress?: Pick<ScenarioProgress, 'state' | 'steps'>;
  result?: Pick<ScenarioResult, 'passed' | 'error' | 'invalid'>;
  /** The file's check warnings: the steps each holds in are steps with a warning too. */
  checkWarnings?: readonly StepsWarned[];
}

/** A check warning as the rows see it: the steps (one per round of a repeat) it holds in. */
export interface StepsWarned {
  stepIndexes: readonly number[];
}

/** The check warnings each step's row shows, by step index: only the rounds a warning holds in, not every row of its line. */
export function checkWarningsByStep<W extends StepsWarned>(warnings: readonly W[]): Map<number, W[]> {
  const at = new Map<number, W[]>();
  for (const w of warnings)
    for (const index of w.stepIndexes) {
      const here = at.get(index);
      if (here) here.push(w);
      else at.set(index, [w]);
    }
  return at;
}

const finished = (steps: readonly StepResult[]) => steps.filter((s) => s.status !== 'pending' && s.status !== 'running').length;
const failed = (steps: readonly StepResult[]) => steps.filter((s) => s.status === 'failed' || s.status === 'error').length;
/**
 * Steps that passed with a warning, the rows the tab marks ⚠: a sender delivery that failed
 * unexpected, or a round a check warning holds in (type: trak). "Passed: 4 steps" alone hid them.
 */
const warned = (steps: readonly StepResult[], checkWarnings: readonly StepsWarned[]) => {
  const checked = new Set(checkWarnings.flatMap((w) => w.stepIndexes));
  return steps.filter((s) => s.warning !== undefined || checked.has(s.index)).length;
};
const warnedText = (steps: readonly StepResult[], checkWarnings: readonly StepsWarned[] = []) => {
  const n = warned(steps, checkWarnings);
  return n === 0 ? '' : `, ${n} with a warning`;
};

/**
 * A run that judged no expectation (its file has no expect step): it passed, but checked nothing,
 * where the tab said "all expectations met".
 */
export const expectedNothing = (steps: readonly StepResult[]) => steps.every((s) => !s.expectations?.length);

/** Stopped from the UI (not an engine that refused the run, which reports why as `invalid`). */
export const wasStopped = ({ progress, result }: Omit<StatusInput, 'total'>) => progress?.state === 'stopped' && !result?.invalid;

/** A finished run that failed no step: its set-up (or the engine) refused it, and `error` or `invalid` says why. */
export const couldNotRun = ({ progress, result }: Omit<StatusInput, 'total'>) => result !== undefined && !result.passed && progress !== undefined && failed(progress.steps) === 0 && !wasStopped({ progress, result });

export function statusText(input: StatusInput): string {
  const { total, progress, result } = input;
  if (!progress) return plural(total, 'step');
  const done = finished(progress.steps);
  if (wasStopped(input)) return `Stopped after ${done} of ${plural(total, 'step')}`;
  if (result) {
    if (result.passed) return `Passed: ${plural(total, 'step')}${warnedText(progress.steps, input.checkWarnings)}`;
    if (couldNotRun(input)) return 'Could not run';
    return failedStepsText(failed(progress.steps), total);
  }
  // Paused, the step named is the one not run yet: "Paused: step 2 of 4" read as if step 2 had run.
  const at = Math.min(done + 1, total);
  return progress.state === 'paused' ? `Paused before step ${at} of ${total}` : `Running: step ${at} of ${total}`;
}

/** What a screen reader is told once the run has an outcome; empty before. */
export function announcedText(input: StatusInput): string {
  const { total, progress, result } = input;
  if (!progress) return '';
  if (wasStopped(input)) return `Scenario stopped after ${finished(progress.steps)} of ${plural(total, 'step')}`;
  if (!result) return '';
  if (result.passed) return `Scenario passed: ${plural(total, 'step')}${warnedText(progress.steps, input.checkWarnings)}, ${expectedNothing(progress.steps) ? 'nothing expected (no expect step)' : 'all expectations met'}`;
  if (couldNotRun(input)) return `Scenario could not run: ${result.error ?? result.invalid?.[0]?.message ?? 'the engine refused it'}`;
  return `Scenario finished: ${failedStepsText(failed(progress.steps), total)}`;
}
