// The README documents the JSON report of `eventbench run --reporter json` (its example and a table of
// every field): the example is this run's report, so its keys must be exactly those the reporter
// writes, and the table must name every field the result types have. A field added, renamed or
// dropped fails here (or, in the types' lists below, in tsc) until the README says so.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src-main/cli/run';
import type { ExpectationResult, ScenarioResult, StepResult } from '../../src-shared/scenario/report';

const root = resolve(import.meta.dirname, '../..');

/** The files the README's example is the report of. */
const FILES: Record<string, string> = {
  'qa/broken.scenario.yaml': 'name: Broken\nsteps:\n  - advance: soon\n',
  'qa/checkout.scenario.yaml': [
    'name: Checkout',
    'steps:',
    '  - id: added',
    '    send: { message: { type: track, userId: qa-1, event: Product Added } }',
    '  - advance: 1m',
    '  - id: paid',
    '    send: { via: sender, target: local, message: { type: trak, userId: qa-1, event: Order Paid } }',
    '  - expect: { messages: { filter: { event: Product Added }, count: 1 } }',
    '',
  ].join('\n'),
  'qa/plan.scenario.yaml': [
    'name: Plan upgrade',
    'steps:',
    '  - users: { file: crm-users.csv }',
    '  - send: { message: { type: identify, userId: qa-2, traits: { email: qa-2@example.com, plan: pro } } }',
    '  - expect: { matching: { outcome: matched-by-email } }',
    '',
  ].join('\n'),
};

// Every field of each object the report holds. `satisfies Record<keyof …, true>` makes tsc refuse a
// list that lacks a field of the type or names one it does not have.
const REPORT_FIELDS = { passed: true, scenarios: true, noScenario: true } as const;
// noScenario is not one: reportJson lists such a result under the report's own noScenario.
const SCENARIO_FIELDS = { name: true, file: true, passed: true, steps: true, failures: true, durationMs: true, error: true, invalid: true, invalidLeftOut: true, invalidLeftOutAtLeast: true, warnings: true, warningsLeftOut: true } as const satisfies Record<Exclude<keyof ScenarioResult, 'noScenario'>, true>;
const STEP_FIELDS = { index: true, line: true, label: true, id: true, status: true, seqs: true, expectations: true, error: true, warning: true, clock: true } as const satisfies Record<keyof StepResult, true>;
const EXPECTATION_FIELDS = { kind: true, passed: true, message: true, expected: true, actual: true, diff: true, seq: true } as const satisfies Record<keyof ExpectationResult, true>;
const INVALID_FIELDS = { line: true, column: true, message: true } as const satisfies Record<keyof NonNullable<ScenarioResult['invalid']>[number], true>;
const WARNING_FIELDS = { line: true, column: true, message: true, hint: true, stepIndexes: true, stepNames: true } as const satisfies Record<keyof NonNullable<ScenarioResult['warnings']>[number], true>;
const NO_SCENARIO_FIELDS = { path: true, message: true } as const;

/** The lists of objects, written with their brackets (`scenarios[]`), their items' fields under them; a list of seqs is one field. */
const LISTS = ['scenarios', 'noScenario', 'scenarios[].steps', 'scenarios[].steps[].expectations', 'scenarios[].invalid', 'scenarios[].warnings'];

/** Every field's path as the README's table writes it: `scenarios[].steps[].warning`. */
function allFieldPaths(): string[] {
  const under = (prefix: string, fields: object) => Object.keys(fields).map((k) => `${prefix}${k}`);
  const paths = [
    ...under('', REPORT_FIELDS),
    ...under('scenarios[].', SCENARIO_FIELDS),
    ...under('scenarios[].steps[].', STEP_FIELDS),
    ...under('scenarios[].steps[].expectations[].', EXPECTATION_FIELDS),
    ...under('scenarios[].invalid[].', INVALID_FIELDS),
    ...under('scenarios[].warnings[].', WARNING_FIELDS),
    ...under('noScenario[].', NO_SCENARIO_FIELDS),
  ];
  return paths.map((p) => (LISTS.includes(p) ? `${p}[]` : p)).sort();
}

/**
 * The paths of a report's keys, as the table writes them, over every item of its lists. Below
 * `expected` and `actual` the keys are the file's (what an expectation named), not the report's.
 */
function keyPaths(report: unknown): Set<string> {
  const out = new Set<string>();
  const fields = (v: unknown, at: string) => {
    for (const [k, child] of Object.entries(v as object)) {
      const path = `${at}${k}`;
      if (!LISTS.includes(path)) out.add(path);
      else {
        out.add(`${path}[]`);
        for (const item of child as unknown[]) fields(item, `${path}[].`);
      }
    }
  };
  fields(report, '');
  return out;
}

/** The README's section on the JSON report: its example (parsed) and the fields its table names. */
async function documented(): Promise<{ example: unknown; table: string[] }> {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('### The JSON report (`eventbench run --reporter json`)');
  expect(start, 'the README has a section "The JSON report"').toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start);
  const section = readme.slice(start, end);
  const json = /```json\n([\s\S]*?)\n```/.exec(section);
  expect(json, 'the section has a ```json example').not.toBeNull();
  const table = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
  return { example: JSON.parse(json![1]), table };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eventbench-json-report-'));
  await mkdir(join(dir, 'qa'));
  await mkdir(join(dir, 'empty'));
  for (const [name, text] of Object.entries(FILES)) await writeFile(join(dir, name), text);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the README's JSON report", { timeout: 60_000 }, () => {
  it("example has exactly the keys the reporter writes for the files it is the report of", async () => {
    let json = '';
    const code = await runCommand({ paths: [join(dir, 'qa'), join(dir, 'empty')], reporter: 'json' }, '0.0.0', (text) => (json += text), () => undefined);
    expect(code).toBe(2);
    const written = JSON.parse(json) as { scenarios: ScenarioResult[] };
    // The run is the example's: the same scenarios, passing and failing alike.
    expect(written.scenarios.map((s) => [s.invalid ? 'invalid' : s.name, s.passed])).toEqual([
      ['invalid', false],
      ['Checkout', true],
      ['Plan upgrade', false],
    ]);
    const { example } = await documented();
    expect([...keyPaths(example)].sort()).toEqual([...keyPaths(written)].sort());
  });

  it('table names every field of the report, and the example none other', async () => {
    const { example, table } = await documented();
    expect([...table].sort()).toEqual(allFieldPaths());
    for (const path of keyPaths(example)) expect(table, path).toContain(path);
  });
});
