// What the mutation run on parse.ts's hostile-text lines (YAML tags, %YAML, the YAML errors' list,
// the alias bound, the repeat count) found no test for: each case below is a place where a wrong
// line, column or word reaches the user, or a file is refused or taken wrongly.
import { describe, expect, it } from 'vitest';
import { errorsOf } from './load-helpers';

const where = (text: string) => errorsOf(text).map((e) => [e.line, e.column, e.message]);

describe('a tag on a map or a list', () => {
  it('names the map it would have sent', () => {
    const text = 'name: a\nsteps:\n  - send: { message: !foo { type: track } }\n';
    expect(where(text)).toEqual([
      [3, 22, 'not valid YAML/JSON: the tag !foo is not one a scenario reads (it would be dropped and the value sent as a plain map); remove the tag, and write the value as JSON would'],
    ]);
  });

  it('names the list it would have sent', () => {
    expect(where('name: a\nsteps: !foo\n  - advance: 1m\n')).toEqual([
      [2, 8, 'not valid YAML/JSON: the tag !foo is not one a scenario reads (it would be dropped and the value sent as a plain list); remove the tag, and write the value as JSON would'],
    ]);
  });
});

describe('a %YAML 1.1 directive', () => {
  it('is shown at the directive, not at an earlier comment that mentions it', () => {
    const errors = errorsOf('# written for %YAML 1.1 readers\n%YAML 1.1\n---\nname: a\nsteps: []\n');
    expect(errors.map((e) => [e.line, e.column])).toEqual([[2, 1]]);
    expect(errors[0].message).toMatch(/^not valid YAML\/JSON: "%YAML 1\.1" asks for YAML 1\.1/);
  });
});

describe('the YAML errors listed', () => {
  it('are at most five, the first five in the file', () => {
    expect(errorsOf('name: a\nsteps: ] ] ] ] ] ] ]\n').map((e) => [e.line, e.column])).toEqual([[2, 8], [2, 10], [2, 12], [2, 14], [2, 16]]);
  });

  it('on one line are in column order (a repeated key is found after the reader\'s own errors)', () => {
    // The reader reports the stray "]" (column 17); the repeated key "a" (column 11) is found after.
    expect(where('name: a\nx: {a: 1, a: 2} ]\n')).toEqual([
      [2, 11, 'the key a appears twice in one map (first at line 2, column 5): write it once, with the value you mean (JSON.parse, as Segment, would keep the last without a word; a scenario refuses to guess)'],
      [2, 17, 'not valid YAML/JSON: Unexpected flow-seq-end token in YAML stream: "]"'],
    ]);
  });
});

describe('aliases of a map', () => {
  it('count each of the map\'s keys and values: 500 uses of a 1,000-key map pass the million', () => {
    // Each use adds 2,001 values (the map, its keys, its values): the 500th passes 1,000,000.
    const keys = Array.from({ length: 1000 }, (_, i) => `k${i}: 1`).join(', ');
    const text = `name: a\nbase: &a { ${keys} }\nsteps:\n${'  - *a\n'.repeat(500)}`;
    expect(where(text)).toEqual([
      [503, 5, 'not valid YAML/JSON: the aliases expand to more than 1,000,000 values (anchors of anchors, multiplying at each level: an expansion bomb); write the values out, or use a repeat step'],
    ]);
  });
});

describe('the alias bound', () => {
  // 320 uses of a 1,562-key map add 320 × 3,125 = 1,000,000 values: exactly the bound, allowed.
  // One more value (an alias of a scalar) passes it, and is where the error points.
  const keys = Array.from({ length: 1562 }, (_, i) => `k${i}: 1`).join(', ');
  const head = `name: a\nbase: &a { ${keys} }\none: &s 1\nsteps:\n${'  - *a\n'.repeat(320)}`;
  const bomb = /the aliases expand to more than 1,000,000 values/;

  it('takes exactly 1,000,000 values', () => {
    expect(errorsOf(head).filter((e) => bomb.test(e.message))).toEqual([]);
  });

  it('refuses 1,000,001, at the alias that passes it', () => {
    expect(where(`${head}  - *s\n`).filter(([, , m]) => bomb.test(String(m))).map(([line, column]) => [line, column])).toEqual([[325, 5]]);
  });
});

describe('a repeat inside a repeat', () => {
  it('counts the inner repeat as its times × its steps when the outer one is too big', () => {
    const advance = '              - advance: 1s\n';
    const text = `name: a\nsteps:\n  - repeat:\n      times: 10\n      steps:\n        - repeat:\n            times: 100000\n            steps:\n${advance.repeat(4)}`;
    expect(where(text)).toEqual([
      [3, 5, 'step 1: its repeat expands to 4,000,000 steps (10 times 400,000) more than the 200,000 a scenario may expand to; lower its "times"'],
    ]);
  });
});
