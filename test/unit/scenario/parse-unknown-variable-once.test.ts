// A misspelt variable in advance (`{{dleay}}` for `{{delay}}`) gave two errors at the same place:
// "unknown variable {{dleay}}", then "expected a duration …, not "{{dleay}}"", the second only the
// first's echo (the placeholder left as written is no duration). Only the first is said now.
import { describe, expect, it } from 'vitest';

import { errorsOf } from './load-helpers';

const at = (line: number, column: number, message: string) => ({ file: 'x.scenario.yaml', line, column, message });
const unknown = (name: string) => `unknown variable {{${name}}}; define it under "variables" (built in: i, uuid, id, email)`;

describe('a misspelt variable in a clock step', () => {
  it('advance: one error, the unknown variable', () => {
    expect(errorsOf('name: a\nvariables: { delay: 5m }\nsteps:\n  - advance: "{{dleay}}"\n')).toEqual([at(4, 14, `step 1: advance: ${unknown('dleay')}`)]);
  });

  it('set: one error, the unknown variable', () => {
    expect(errorsOf('name: a\nvariables: { day: "2026-05-01" }\nsteps:\n  - set: "{{dya}}T09:00:00Z"\n')).toEqual([at(4, 10, `step 1: set: ${unknown('dya')}`)]);
  });

  it('a value that is no duration once its variable is filled is still said', () => {
    expect(errorsOf('name: a\nvariables: { delay: soon }\nsteps:\n  - advance: "{{delay}}"\n').map((e) => e.message)).toEqual(['step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not "soon"']);
  });
});
