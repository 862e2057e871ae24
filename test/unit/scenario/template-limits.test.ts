// Variables that use each other many times over multiply: three levels of a thousand uses is a
// billion. Such a file is an error with its line, found at once. It filled strings until V8 gave
// up ("Invalid string length", after seconds and a gigabyte, with no line), or, with empty
// values, ran for minutes on the engine's thread.
import { describe, expect, it } from 'vitest';
import { errorsOf, ok } from './load-helpers';

const send = '  - send: { message: { type: track, userId: "{{c}}", event: e } }\n';

describe('variables that multiply', () => {
  it('a filled string past 1,000,000 characters is an error of the step, with its line', () => {
    const a = 'x'.repeat(1000);
    const b = '{{a}}'.repeat(1000);
    const c = '{{b}}'.repeat(1000);
    const errors = errorsOf(`name: v\nvariables: { a: "${a}", b: "${b}", c: "${c}" }\nsteps:\n  - advance: 1s\n${send}`);
    expect(errors.map((e) => [e.line, e.message])).toEqual([[5, 'step 2: its {{variables}} fill a string of more than 1,000,000 characters (variables that use each other many times over); use fewer']]);
  });

  it('more than 1,000,000 placeholders filled in one step is an error, even when each is empty', () => {
    const b = '{{a}}'.repeat(200);
    const c = '{{b}}'.repeat(200);
    const d = '{{c}}'.repeat(200);
    const errors = errorsOf(`name: v\nvariables: { a: "", b: "${b}", c: "${c}", d: "${d}" }\nsteps:\n  - send: { message: { type: track, userId: "u{{d}}", event: e } }\n`);
    expect(errors.map((e) => [e.line, e.message])).toEqual([[4, 'step 1: its {{variables}} fill more than 1,000,000 placeholders (variables that use each other many times over); use fewer']]);
  });

  it('a variable used many times within the limits is filled in full', () => {
    const s = ok(`name: v\nvariables: { a: "xy", b: "${'{{a}}'.repeat(500)}", c: "${'{{b}}'.repeat(500)}" }\nsteps:\n${send}`);
    const step = s.steps[0] as unknown as { send: { message: { userId: string } } };
    expect(step.send.message.userId).toBe('xy'.repeat(250_000));
  });
});
