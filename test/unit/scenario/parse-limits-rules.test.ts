// The expansion limit where a repeat's round ends exactly at 200,000 steps with rounds still to go:
// the next round's first step is one too many. Expands 200,000 steps (seconds): kept out of
// mutation runs, as parse-limits.test.ts is.
import { describe, expect, it } from 'vitest';

import { errorsOf } from './load-helpers';

describe('expansion limit, rounds left after exactly 200,000 steps', { timeout: 60_000 }, () => {
  it('is refused', () => {
    const errors = errorsOf('name: a\nsteps:\n  - repeat:\n      times: 60000\n      steps:\n        - advance: 1s\n        - advance: 2s\n        - advance: 3s\n        - advance: 4s\n');
    expect(errors.map((e) => e.message)).toEqual(['step 1: its repeat expands to 240,000 steps (60,000 times 4) more than the 200,000 a scenario may expand to; lower its "times"']);
  });
});
