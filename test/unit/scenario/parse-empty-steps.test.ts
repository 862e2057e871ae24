// A scenario with no steps (`steps: []`) passed as "0 steps": nothing run, nothing checked, a green
// CI job. It is refused where the steps list is, in the parser (so `eventbench run` and the app's
// Scenarios tab say the same), and the published schema says so too (editors flag it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { errorsOf } from './load-helpers';

describe('an empty steps list', () => {
  it('is refused at the list, saying a scenario needs a step', () => {
    expect(errorsOf('name: a\nsteps: []\n')).toEqual([{ file: 'x.scenario.yaml', line: 2, column: 8, message: 'steps is empty: a scenario needs at least one step' }]);
    expect(errorsOf('{ "name": "a", "steps": [] }').map((e) => e.message)).toEqual(['steps is empty: a scenario needs at least one step']);
  });

  it("a repeat's empty steps are refused too, at the repeat", () => {
    expect(errorsOf('name: a\nsteps:\n  - repeat: { times: 2, steps: [] }\n')).toEqual([{ file: 'x.scenario.yaml', line: 3, column: 32, message: 'step 1: repeat.steps is empty: a repeat needs at least one step' }]);
  });

  it('the published schema asks for one step at least (so an editor flags it)', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../../scenarios/scenario.schema.json'), 'utf8')) as { definitions: { steps: { minItems?: number } } };
    expect(schema.definitions.steps.minItems).toBe(1);
  });
});
