// The expansion limit of scenario files: a repeat that would unroll past 200,000 steps is
// refused. Each case expands 200,000 steps (seconds of work), so this file is kept apart from
// parse-rules.test.ts and out of mutation runs unless the limit's own lines are mutated.
import { describe, expect, it } from 'vitest';

import { errorsOf, ok } from './load-helpers';

describe('expansion limit', { timeout: 60_000 }, () => {
  it('a repeat that would expand past 200,000 steps is refused, not unrolled', () => {
    const errors = errorsOf('name: a\nsteps:\n  - repeat:\n      times: 100000\n      steps:\n        - advance: 1s\n        - advance: 2s\n        - advance: 3s\n');
    expect(errors.map((e) => e.message)).toEqual(['step 1: its repeat expands to 300,000 steps (100,000 times 3) more than the 200,000 a scenario may expand to; lower its "times"']);
    // at the repeat
    expect(errors[0].line).toBe(3);
  });

  it('exactly 200,000 steps are allowed', () => {
    const s = ok('name: a\nsteps:\n  - repeat:\n      times: 100000\n      steps:\n        - advance: 1s\n        - advance: 2s\n');
    expect(s.steps).toHaveLength(200_000);
    expect(s.steps[199_999]).toMatchObject({ index: 199_999, kind: 'advance', ms: 2000 });
  });

  // How long these take is measured in `npm run bench -- scenario` (bad files against a good one of
  // the same size), not here: a timed test fails under load (one did, at 7 s on a busy machine).
  it('a long file of sends written without "message:" is answered with its first five hints', () => {
    // Each send's hint filtered every part of the file for its own errors: 20,000 such steps took
    // over two minutes (a 1 MB file, run by runScenarios, blocked the test process all that time).
    const errors = errorsOf('name: a\nsteps:\n' + '  - send: { type: track, event: E, userId: u }\n'.repeat(15_000));
    expect(errors).toHaveLength(5);
    expect(errors[0]).toMatchObject({ line: 3, message: expect.stringMatching(/^step 1: send: "type", "event" and "userId" are message fields: put the message under "message"/) });
  });

  // Ajv with allErrors copies every error so far into a new array at each failing step (its $ref
  // to the recursive step definition concatenates): 20,000 steps of one unknown key each gave
  // 160,000 errors and took 17 s, and 2,500 such steps inside one repeat 13 s (5,000: a minute).
  it('a file of thousands of bad steps is refused, naming its first errors by line', () => {
    const cases: [string, string, RegExp[]][] = [
      ['name: a\nsteps:\n' + '  - bogus: 1\n'.repeat(20_000), 'a step of an unknown key', [/^3: step 1: unknown key "bogus"/, /^4: step 2: unknown key "bogus"/]],
      ['name: a\nsteps:\n' + '  - advance: 1s\n    bogus: 1\n'.repeat(20_000), 'a step with an unknown key', [/^4: step 1: unknown key "bogus"/, /^6: step 2: unknown key "bogus"/]],
      ['name: a\nsteps:\n  - repeat:\n      times: 2\n      steps:\n' + '        - bogus: 1\n'.repeat(20_000), 'one repeat of them', [/^6: step 1, repeat step 1: unknown key "bogus"/, /^7: step 1, repeat step 2: unknown key "bogus"/]],
    ];
    for (const [text, what, first] of cases) {
      const errors = errorsOf(text);
      expect(errors, what).toHaveLength(5);
      expect(errors.slice(0, 2).map((e) => `${e.line}: ${e.message}`), what).toEqual(first.map((re) => expect.stringMatching(re)));
    }
  });

  it('the errors of a long file are the first in it, wherever the bad steps are, and the other parts are still read', () => {
    // Good steps, then bad ones far down, then a webhook error after them: the first five by line.
    const text = 'name: a\nsteps:\n' + '  - advance: 1s\n'.repeat(5_000) + '  - bogus: 1\n'.repeat(3_000) + 'webhooks:\n  - { name: pf, bogus: 1 }\n';
    const errors = errorsOf(text);
    expect(errors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '5003: step 5001: unknown key "bogus"',
      '5004: step 5002: unknown key "bogus"',
      '5005: step 5003: unknown key "bogus"',
      '5006: step 5004: unknown key "bogus"',
      '5007: step 5005: unknown key "bogus"',
    ]);
    // Fewer bad steps than are checked in full: the webhook's error is named beside them.
    const few = errorsOf('name: a\nsteps:\n' + '  - bogus: 1\n'.repeat(2) + 'webhooks:\n  - { name: pf, bogus: 1 }\n');
    expect(few.map((e) => e.message)).toEqual(['step 1: unknown key "bogus"', 'step 2: unknown key "bogus"', 'webhooks[0]: unknown key "bogus"']);
  });
});
