// A scenario file as written (validated against scenarios/scenario.schema.json), and the flat
// list of steps it expands to (repeats unrolled, variables filled in), each with its line.
import type { JsonObject } from '../capture';
import type { MatchingSettings } from '../matching/types';
import type { ProfileId } from '../validate/finding';

export type DurationSpec = number | string;

export interface SendSpec {
  via?: 'tracking' | 'webhook' | 'sender';
  webhook?: string;
  writeKey?: string;
  target?: 'local' | JsonObject;
  message?: JsonObject;
  batch?: JsonObject[];
  event?: { profile: ProfileId; name: string; overrides?: JsonObject };
}

export interface ExpectSpec {
  messages?: { filter?: Record<string, string | number | boolean>; match?: JsonObject; count?: number; atLeast?: number };
  dropReasons?: { step?: string; codes?: string[]; none?: boolean };
  findings?: { step?: string; profile?: ProfileId; severity?: 'error' | 'warning' | 'info'; rules?: string[]; count?: number };
  session?: { anonymousId: string; index?: number; state?: 'open' | 'timedOut'; duration?: DurationSpec; modules?: Record<string, DurationSpec>; features?: Record<string, DurationSpec>; account?: string; userId?: string; late?: number };
  sessions?: { count?: number; open?: number; timedOut?: number };
  accountConflicts?: { userId: string; accounts?: string[] }[];
  /** step: the id of the send judged; parse fills it in with the latest send before the expect when the file leaves it out. */
  matching?: { step?: string; outcome?: string; conflict?: boolean; user?: JsonObject };
  users?: { count?: number; contains?: JsonObject[] };
  /** step as in matching, among `via: sender` sends. */
  delivery?: { step?: string; state?: 'delivered' | 'failed'; status?: number };
}

export type UsersSpec = JsonObject[] | { file: string };

export interface StepSpec {
  id?: string;
  send?: SendSpec;
  advance?: DurationSpec;
  set?: string;
  users?: UsersSpec;
  repeat?: { times: number; steps: StepSpec[] };
  expect?: ExpectSpec;
}

export interface ScenarioSpec {
  name: string;
  description?: string;
  start?: string;
  seed?: number;
  variables?: Record<string, string | number | boolean>;
  settings?: { sessions?: { timeoutMs?: number }; matching?: Partial<MatchingSettings> };
  webhooks?: { name: string; secret?: string; rejectInvalid?: boolean }[];
  steps: StepSpec[];
}

/** One step to run, after expansion. */
export type FlatStep = {
  /** 0-based position in the run. */
  index: number;
  id?: string;
  /** Line (1-based) of the step in the file. */
  line: number;
  /** "send Invoice Opened", "advance 12m"...: what the progress list shows. */
  label: string;
} & (
  /** ref: the key an expectation without step names this send by (`line 12`), when it has no id. */
  /**
   * failureExpected: a later `expect: { delivery: { state: failed } }` names this (via: sender)
   * send, so its failed delivery is what the file means and the run says nothing of it.
   */
  | { kind: 'send'; send: SendSpec; ref?: string; failureExpected?: true }
  | { kind: 'advance'; ms: number }
  | { kind: 'set'; to: number }
  | { kind: 'users'; users: UsersSpec }
  | { kind: 'expect'; expect: ExpectSpec }
);

/** What a run knows of a step before it runs it: the progress list's entry, and how a sentence names a send. */
export type StepHead = Pick<FlatStep, 'index' | 'id' | 'line' | 'label' | 'kind'> & { ref?: string };

/**
 * A scenario whose steps' bodies (the messages sent, the expectations) are read as the run reaches
 * each (to-play.ts: the ingest worker hands them over as text).
 */
export interface PlayableScenario extends Omit<Scenario, 'steps'> {
  steps: readonly StepHead[];
  stepAt(index: number): FlatStep;
}

export interface Scenario {
  name: string;
  description?: string;
  file: string;
  startMs: number;
  settings: NonNullable<ScenarioSpec['settings']>;
  webhooks: NonNullable<ScenarioSpec['webhooks']>;
  steps: FlatStep[];
}

/** A problem in a scenario file, with where it is. */
export interface ScenarioError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** What a file may well not mean but may (send-warnings.ts), and how to say it is meant. */
export interface ScenarioWarning extends ScenarioError {
  /** How to say it is on purpose, which silences it. */
  hint: string;
  /**
   * The steps (by index, one per round of a repeat) whose send writes the value and that no
   * expectation said was meant: the Scenarios tab marks those rows, not every row of the line.
   */
  stepIndexes: number[];
}
