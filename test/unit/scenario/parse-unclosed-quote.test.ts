// A string whose closing quote is missing was reported where the yaml library gave up, at the end
// of the file (a line past the last one, in a file that ends with a newline), with a second error
// that only follows from it: the author was sent to a line holding nothing.
import { describe, expect, it } from 'vitest';
import { errorsOf } from './load-helpers';

const at = (line: number, column: number, message: string) => ({ file: 'x.scenario.yaml', line, column, message });

describe('a string whose closing quote is missing', () => {
  it('is one error at the opening quote, saying which quote is not closed', () => {
    const text = 'name: bad yaml\nsteps:\n  - send:\n      message: { type: track, userId: u, event: "X }\n  - advance: 1m\n';
    expect(errorsOf(text)).toEqual([at(4, 49, 'not valid YAML/JSON: the string opened by this " is never closed: add the closing "')]);
  });

  it('the same for a single-quoted string in a block map', () => {
    const text = "name: 'bad yaml\nsteps:\n  - advance: 1m\n";
    expect(errorsOf(text)).toEqual([at(1, 7, "not valid YAML/JSON: the string opened by this ' is never closed: add the closing '")]);
  });

  it('an error before the string is still reported, before it', () => {
    const text = 'name: a\nname: b\nsteps:\n  - send: { message: { event: "X } }\n';
    expect(errorsOf(text).map((e) => [e.line, e.column, e.message])).toEqual([
      [2, 1, 'the key name appears twice in one map (first at line 1, column 1): write it once, with the value you mean (JSON.parse, as Segment, would keep the last without a word; a scenario refuses to guess)'],
      [4, 31, 'not valid YAML/JSON: the string opened by this " is never closed: add the closing "'],
    ]);
  });
});
