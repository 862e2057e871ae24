// A clock moment written as a number (`start: 5`, `set: 12`, most often a duration or an hour meant)
// said only "expected string", which sent the writer to quote the number ("5"), refused again. It
// now says what a moment is, and for set, that a duration is advance's.
import { describe, expect, it } from 'vitest';

import { errorsOf } from './load-helpers';

const at = (line: number, column: number, message: string) => ({ file: 'x.scenario.yaml', line, column, message });

describe('a clock moment that is not a string', () => {
  it('start: 5 says an ISO-8601 moment is expected, and what was written', () => {
    expect(errorsOf('name: a\nstart: 5\nsteps: [advance: 1s]\n')).toEqual([at(2, 8, 'start: expected an ISO-8601 moment such as "2026-01-01T09:00:00.000Z", not 5')]);
  });

  it('set: 12 says the same, and that a duration is written with advance', () => {
    const set = 'expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not 12; to move the clock on by a duration, write advance (advance: 90s)';
    expect(errorsOf('name: a\nsteps:\n  - set: 12\n')).toEqual([at(3, 10, `step 1: set: ${set}`)]);
    expect(errorsOf('name: a\nsteps:\n  - repeat: { times: 2, steps: [set: true] }\n').map((e) => e.message)).toEqual(['step 1, repeat step 1: set: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not true; to move the clock on by a duration, write advance (advance: 90s)']);
  });
});
