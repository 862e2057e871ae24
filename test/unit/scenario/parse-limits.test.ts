// The expansion limit of scenario files: a repeat that would unroll past 200,000 steps is
// refused. Each case expands 200,000 steps (seconds of work), so this file is kept apart from
// parse-rules.test.ts and out of mutation runs unless the limit's own lines are mutated.
import { describe, expect, it } from 'vitest';

import { errorsOf, ok } from './load-helpers';

describe('expansion limit', { timeout: 60_000 }, () => {
  it('a repeat that would expand past 200,000 steps is refused, not unrolled', () => {
    const errors = errorsOf('name: a\nsteps:\n  - repeat:\n      times: 100000\n      steps:\n        - advance: 1s\n        - advance: 2s\n        - advance: 3s\n');
    expect(errors.map((e) => e.message)).toEqual(['the scenario expands to more than 200,000 steps; lower a repeat\'s "times"']);
    // at the steps list
    expect(errors[0].line).toBe(3);
  });

  it('exactly 200,000 steps are allowed', () => {
    const s = ok('name: a\nsteps:\n  - repeat:\n      times: 100000\n      steps:\n        - advance: 1s\n        - advance: 2s\n');
    expect(s.steps).toHaveLength(200_000);
    expect(s.steps[199_999]).toMatchObject({ index: 199_999, kind: 'advance', ms: 2000 });
  });

});
