// A scenario file nested very deeply (a generated file gone wrong, a fuzzer, `[[[[…`) is an error
// of the file that says so and where, never the yaml library's stack overflow
// ("Maximum call stack size exceeded") or a crash.
import { describe, expect, it } from 'vitest';

import { errorsOf, ok } from './load-helpers';

const TOO_DEEP = /^lists and maps nested more than 300 levels deep \(this one is level 301\); a scenario file may nest at most 300, and a message at most 256$/;

describe('nesting depth of a scenario file', { timeout: 60_000 }, () => {
  it.each([
    ['100,000 unclosed [', 'name: a\nsteps: ' + '['.repeat(100_000), 2, 8 + 299],
    ['100,000 balanced [ ]', 'name: a\nsteps: ' + '['.repeat(100_000) + ']'.repeat(100_000), 2, 8 + 299],
    ['100,000 flow maps', 'name: a\nsteps: ' + '{a: '.repeat(100_000) + '1' + '}'.repeat(100_000), 2, 8 + 4 * 299],
    ['100,000 compact "- "', 'name: a\nsteps:\n' + '- '.repeat(100_000) + 'x', 3, 1 + 2 * 299],
  ])('%s: one error naming the depth and where it passes the limit', (_name, text, line, column) => {
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(TOO_DEEP);
    expect(errors[0]).toMatchObject({ line, column });
  });

  it('3,000 block sequences, one a line, each indented one more', () => {
    const text = 'name: a\nsteps:\n' + Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + '- ').join('\n') + 'x';
    const errors = errorsOf(text);
    expect(errors.map((e) => e.message)).toHaveLength(1);
    expect(errors[0].message).toMatch(TOO_DEEP);
    // the 301st level: the top map is 1, line 3's "- " 2, so the "- " indented 299 (line 3 + 299)
    expect(errors[0]).toMatchObject({ line: 3 + 299, column: 300 });
  });

  it('a message nested 256 levels deep, the receiver\'s limit, is still read', () => {
    const message = '{ "type": "track", "userId": "u", "event": "e", "properties": ' + '{ "a": '.repeat(254) + '1' + ' }'.repeat(254) + ' }';
    const s = ok(`name: a\nsteps:\n  - send:\n      message: ${message}\n`);
    expect(s.steps).toHaveLength(1);
  });

  it('300 levels are judged as usual (here by the schema), not refused for depth', () => {
    const errors = errorsOf('name: a\nsteps: ' + '['.repeat(299) + ']'.repeat(299));
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.message).not.toMatch(/levels deep|call stack/);
  });
});
