// A misspelt variable in advance (`{{dleay}}` for `{{delay}}`) gave two errors at the same place:
// "unknown variable {{dleay}}", then "expected a duration …, not "{{dleay}}"", the second only the
// first's echo (the placeholder left as written is no duration). Only the first is said now.
import { describe, expect, it } from 'vitest';

import { errorsOf } from './load-helpers';

const at = (line: number, column: number, message: string) => ({ file: 'x.scenario.yaml', line, column, message });
const unknown = (name: string, meant?: string) => `unknown variable {{${name}}}${meant ? ` (did you mean {{${meant}}}?)` : ''}; define it under "variables" (built in: i, uuid, id, email)`;

describe('a misspelt variable in a clock step', () => {
  it('advance: one error, the unknown variable', () => {
    expect(errorsOf('name: a\nvariables: { delay: 5m }\nsteps:\n  - advance: "{{dleay}}"\n')).toEqual([at(4, 14, `step 1: advance: ${unknown('dleay', 'delay')}`)]);
  });

  it('set: one error, the unknown variable', () => {
    expect(errorsOf('name: a\nvariables: { day: "2026-05-01" }\nsteps:\n  - set: "{{dya}}T09:00:00Z"\n')).toEqual([at(4, 10, `step 1: set: ${unknown('dya', 'day')}`)]);
  });

  // {{vistor}} for {{visitor}} said only "unknown variable": the one meant is named, among the
  // file's variables and the built-in ones; a name near none is said as before.
  it('names the variable meant, the file\'s or a built-in one, in a repeat too', () => {
    expect(errorsOf('name: a\nvariables: { visitor: v-1 }\nsteps:\n  - send: { message: { type: track, anonymousId: "{{vistor}}", event: "E {{emial}}" } }\n  - repeat:\n      times: 2\n      steps:\n        - send: { message: { type: track, userId: "{{visiter}}", event: "{{zzz}}" } }\n').map((e) => e.message)).toEqual([
      `step 1: send.message.anonymousId: ${unknown('vistor', 'visitor')}`,
      `step 1: send.message.event: ${unknown('emial', 'email')}`,
      `step 2, repeat step 1: send.message.userId: ${unknown('visiter', 'visitor')}`,
      `step 2, repeat step 1: send.message.event: ${unknown('zzz')}`,
    ]);
  });

  it('names a built-in variable meant: uuid, id', () => {
    expect(errorsOf('name: a\nsteps:\n  - send: { message: { type: track, userId: "{{uuidd}}", anonymousId: "{{ID}}", event: E } }\n').map((e) => e.message)).toEqual([
      `step 1: send.message.userId: ${unknown('uuidd', 'uuid')}`,
      `step 1: send.message.anonymousId: ${unknown('ID', 'id')}`,
    ]);
  });

  it('a value that is no duration once its variable is filled is still said', () => {
    expect(errorsOf('name: a\nvariables: { delay: soon }\nsteps:\n  - advance: "{{delay}}"\n').map((e) => e.message)).toEqual(['step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not "soon"']);
  });
});
