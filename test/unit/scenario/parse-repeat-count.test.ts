// A repeat's expansion is counted before any step is built: a nested 100000 × 100000 built 200,000
// steps (about 3 s) before it was refused. The counter below wraps fillTemplate, which every built
// step goes through, so "refused without building" is asserted, not timed.
import { describe, expect, it, vi } from 'vitest';

const built = vi.hoisted(() => ({ steps: 0 }));
vi.mock('../../../src-shared/scenario/template', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src-shared/scenario/template')>();
  return {
    ...original,
    fillTemplate: (...args: Parameters<typeof original.fillTemplate>) => {
      built.steps++;
      return original.fillTemplate(...args);
    },
  };
});

import { errorsOf, ok } from './load-helpers';

describe('a repeat that expands too far', () => {
  it('a nested 100000 × 100000 is refused naming the repeat and its count, with no step built', () => {
    built.steps = 0;
    const errors = errorsOf('name: a\nsteps:\n  - advance: 1s\n  - repeat:\n      times: 100000\n      steps:\n        - repeat:\n            times: 100000\n            steps:\n              - advance: 1s\n');
    expect(errors).toEqual([
      {
        file: 'x.scenario.yaml',
        line: 4,
        column: 5,
        message: 'step 2: its repeat expands to 10,000,000,000 steps (100,000 times 100,000), after 1 before it, more than the 200,000 a scenario may expand to; lower its "times"',
      },
    ]);
    expect(built.steps).toBe(0);
  });

  it('repeats that fit are built as before (the counter sees each step)', () => {
    built.steps = 0;
    const s = ok('name: a\nsteps:\n  - repeat:\n      times: 3\n      steps:\n        - repeat:\n            times: 2\n            steps:\n              - advance: 1s\n');
    expect(s.steps).toHaveLength(6);
    expect(built.steps).toBe(6);
  });

  it('many steps past the limit, none a repeat, are refused at the steps list with the total', () => {
    built.steps = 0;
    const errors = errorsOf('name: a\nsteps:\n  - repeat:\n      times: 100000\n      steps:\n        - advance: 1s\n        - advance: 1s\n  - advance: 1s\n');
    expect(errors.map((e) => [e.line, e.message])).toEqual([[3, 'the scenario expands to more than 200,000 steps (200,001); lower a repeat\'s "times"']]);
    expect(built.steps).toBe(0);
  });
});
