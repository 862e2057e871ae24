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

  it('a long file of sends written without "message:" is answered in seconds, with its first five hints', () => {
    // Each send's hint filtered every part of the file for its own errors: 20,000 such steps took
    // over two minutes (a 1 MB file, run by runScenarios, blocked the test process all that time).
    const started = performance.now();
    const errors = errorsOf('name: a\nsteps:\n' + '  - send: { type: track, event: E, userId: u }\n'.repeat(15_000));
    const ms = performance.now() - started;
    expect(errors).toHaveLength(5);
    expect(errors[0]).toMatchObject({ line: 3, message: expect.stringMatching(/^step 1: send: "type", "event" and "userId" are message fields: put the message under "message"/) });
    expect(ms).toBeLessThan(30_000);
  });
});
