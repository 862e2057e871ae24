// Results of a scenario run, and expected-vs-actual diffs a person can read.
import { diffLines } from 'diff';
import { hasOwn } from '../own-property';
import { plural } from '../plural';
import { formatCount, MAX_NESTING_DEPTH } from '../tracking-api/limits';
import { readKey, readKeys, shownJson, thrownText } from './expected-value';
import type { MatchingSettings } from '../matching/types';
import type { ScenarioChanges } from './changes';

export interface ExpectationResult {
  /** Which kind: "messages", "session"... */
  kind: string;
  passed: boolean;
  /** One sentence: what was expected and what happened. */
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** Expected vs actual as "- expected / + actual" lines, when both are structured. */
  diff?: string;
  /** A `matching` expectation: the captured message it judged, so the app can open its trace. */
  seq?: number;
}

export type StepStatus = 'pending' | 'running' | 'passed' | 'failed' | 'error';

export interface StepResult {
  index: number;
  line: number;
  label: string;
  id?: string;
  status: StepStatus;
  /** Seqs of the messages this step's sends were captured as. */
  seqs?: number[];
  expectations?: ExpectationResult[];
  error?: string;
  /**
   * Said of a step that passed, yet did not do what it reads as: a `via: sender` send whose delivery
   * failed (nothing was sent) and that no `delivery: { state: failed }` expectation said was meant.
   * Not a failure: the run still passes; the tab shows ⚠ where it showed ✓, and the CLI a warning line.
   */
  warning?: string;
  /** The simulation clock after the step (ISO-8601). */
  clock?: string;
}

export interface ScenarioResult {
  name: string;
  file: string;
  passed: boolean;
  steps: StepResult[];
  failures: number;
  durationMs: number;
  /** Set when a valid scenario could not start (the engine refused its set-up): why. */
  error?: string;
  /** Set when the scenario could not run at all (an invalid file). */
  invalid?: { line: number; column: number; message: string }[];
  /** How many more errors of the invalid file were found than `invalid` lists. */
  invalidLeftOut?: number;
  /** invalidLeftOut is a floor: steps past the first failing ones were not checked in full. */
  invalidLeftOutAtLeast?: true;
  /**
   * Set when a path given to `eventbench run` gave no scenario file (a folder without one, a
   * missing path, a glob that matches none): the whole sentence, path included. Such a result is
   * not a scenario: reports count it apart ("1 path gave no scenario file"), not as an invalid one.
   */
  noScenario?: string;
  /**
   * The file's check-time warnings (a message type that is no call type): said with the result,
   * never failing it. stepIndexes: the steps it is about (each round of a repeat's), as steps[].index;
   * stepNames: the same steps as the pretty and JUnit reports name a step (`step 3 "paid" (line 6)`).
   * Both optional: results made before they were added have neither.
   */
  warnings?: { line: number; column: number; message: string; hint: string; stepIndexes?: number[]; stepNames?: string[] }[];
  /** Warnings past the first 10, counted. */
  warningsLeftOut?: number;
}

/**
 * How many of a run's steps failed, as the Scenarios tab and `eventbench run` say it: "2 of 3
 * steps failed" (it read "Failed: 2 steps of 3").
 */
export function failedStepsText(failed: number, total: number): string {
  return `${formatCount(failed)} of ${plural(total, 'step')} failed`;
}

/**
 * A diff side's text. A key expected undefined (it must be absent) reads "(missing)", as namedParts
 * writes a key the actual lacks, so an absent key is no difference and a present one is. What JSON
 * cannot write (a BigInt, a function, a cycle: a test in JavaScript may pass one) is named, never thrown;
 * so is a getter that throws, and a nest deeper than a message may be is cut there (writtenJson).
 * A number kept as its digits (exact-json's marker: a scenario's id past 2^53) is written as those
 * digits, where the diff showed the marker's inner text.
 */
const stable = (v: unknown): string => shownJson(v, '(missing)', 2) ?? 'undefined';

/**
 * The parts of `actual` that `shape` names (objects by key, in the shape's order; a key the actual
 * lacks as "(missing)"), so a diff shows only what the test or the scenario asked about, each field
 * beside its expected value. A shape or an actual that cannot be read (a getter, a Proxy that
 * throws), or past the depth a message may nest, gives the actual as it is there: the diff's
 * writing names what it meets.
 */
export function namedParts(actual: unknown, shape: unknown, depth = 0): unknown {
  if (depth >= MAX_NESTING_DEPTH || !isObjectNotArray(shape) || !isObjectNotArray(actual)) return actual;
  const keys = readKeys(shape);
  if ('why' in keys) return actual;
  const out: Record<string, unknown> = {};
  for (const k of keys.keys) {
    const there = ownRead(actual, k);
    const part = there === undefined ? '(missing)' : 'why' in there ? `(${there.why})` : namedParts(there.value, valueOrUndefined(readKey(shape, k)), depth + 1);
    Object.defineProperty(out, k, { value: part, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const isObjectNotArray = (v: unknown): v is object => {
  try {
    return !!v && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false; // a revoked Proxy
  }
};
const valueOrUndefined = (r: { value: unknown } | { why: string }): unknown => ('why' in r ? undefined : r.value);
/** o's own key k: undefined when o lacks it, else its value or why it could not be read. */
const ownRead = (o: object, k: string): { value: unknown } | { why: string } | undefined => {
  try {
    if (!hasOwn(o, k)) return undefined;
  } catch (e) {
    return { why: `reading it threw ${thrownText(e)}` };
  }
  return readKey(o, k);
};

export function formatDiff(expected: unknown, actual: unknown): string {
  const parts = diffLines(stable(expected) + '\n', stable(actual) + '\n');
  const out: string[] = [];
  for (const p of parts) {
    const prefix = p.added ? '+ ' : p.removed ? '- ' : '  ';
    for (const line of p.value.replace(/\n$/, '').split('\n')) out.push(prefix + line);
  }
  return out.join('\n');
}

// ---- the app's player ----
export interface ScenarioExample {
  file: string;
  name: string;
  description?: string;
  text: string;
}

export type PlayerState = 'idle' | 'running' | 'paused' | 'done' | 'stopped';

export interface ScenarioProgress {
  runId: number;
  name: string;
  file: string;
  state: PlayerState;
  steps: StepResult[];
  /** ms between steps while playing (0: as fast as possible). */
  delayMs: number;
  result?: ScenarioResult;
}

/**
 * The user's own set-up, kept aside while a scenario that changes it runs in the app
 * (scenario-set-aside.json in the data dir) until the user restores it. Only what a scenario
 * changed: matching (directory and settings), the session timeout, webhooks of the scenario's names.
 */
export interface SetAsideSummary {
  /** The scenario whose play set it aside (the first, when several played since). */
  scenario: string;
  savedAt: string;
  /** The starting directory's size, when the directory was set aside. */
  users?: number;
  matching?: MatchingSettings;
  timeoutMs?: number;
  /** The names of the user's own webhooks set aside (with their secrets, kept on disk only) for the scenario's. */
  webhooks?: string[];
  /** Webhooks a scenario configured that the user had none of: restoring removes them. */
  addedWebhooks?: string[];
}

export type ScenarioCheck =
  | {
      ok: true;
      name: string;
      description?: string;
      /** id: the step's own, which expectations name it by (the tab showed it only once the run began). */
      steps: { index: number; line: number; label: string; id?: string }[];
      changes: ScenarioChanges;
      /** What the file may not mean but may (parse's warnings: a message type that is no call type); it still plays. hint: how to say it is meant. */
      warnings?: { line: number; column: number; message: string; hint: string; text: string; stepIndexes: number[] }[];
      /** Warnings past the first 10, counted. */
      warningsLeftOut?: number;
    }
  | { ok: false; errors: { line: number; column: number; message: string; text: string }[]; errorsLeftOut?: number; errorsLeftOutAtLeast?: true };

