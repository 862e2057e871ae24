// A key written twice in one map is an error of the file, at the second one, however many keys
// the map holds. The yaml library's own check compares each key with every key before it: a
// message of 16,000 properties (a 200 KB file) took 8 s to check, with the engine answering
// nothing meanwhile (scenarios.check runs on its thread), and 100,000 about two minutes.
import { describe, expect, it } from 'vitest';
import { errorsOf, ok } from './load-helpers';

const DUP = (key: string, line: number, column: number) =>
  `the key ${key} appears twice in one map (first at line ${line}, column ${column}): write it once, with the value you mean (JSON.parse, as Segment, would keep the last without a word; a scenario refuses to guess)`;
const head = 'name: a\nsteps:\n  - send:\n      message:\n        type: track\n        userId: u\n        event: e\n';

describe('duplicate keys in a scenario file', () => {
  it('are named at the second key: block and flow maps, nested, null spelled two ways, true in two spellings', () => {
    expect(errorsOf('name: a\nname: b\nsteps: []\n').map((e) => [e.line, e.column, e.message])).toEqual([[2, 1, DUP('name', 1, 1)]]);
    /** The 1-based column of the last `key` on the line. */
    const at = (line: string, key: string) => line.lastIndexOf(key) + 1;
    for (const [line, key] of [
      ['        properties: { plan: pro, seats: 3, plan: free }', 'plan'],
      ['        properties: { null: 1, ~: 2 }', '~'],
      ['        properties: { true: 1, "x": 2, True: 3 }', 'True'],
    ]) {
      expect(errorsOf(`${head}${line}\n`).map((e) => [e.line, e.column])).toEqual([[8, at(line, key)]]);
    }
    // Two in one file: both, in the order they are written.
    const send = '  - send: { message: { type: track, userId: u, userId: v } }';
    expect(errorsOf(`name: a\nsteps:\n  - advance: 1s\n    advance: 2s\n${send}\n`).map((e) => [e.line, e.column])).toEqual([
      [4, 5],
      [5, at(send, 'userId')],
    ]);
  });

  it('keys that only look alike are not duplicates: 1 and "1", two merge keys, two list keys', () => {
    const s = ok(
      `name: a\nsteps:\n  - send: { message: { type: track, userId: u, event: e, properties: &b { plan: pro }, context: &m { seats: 3 } } }\n` +
        `  - send: { message: { type: track, userId: u, event: f, properties: { 1: x, "1": y, <<: *b, <<: *m, ? [k] : 1, ? [k] : 2 } } }\n`,
    );
    expect(s.steps).toHaveLength(2);
  });

  it('a map of 100,000 keys is checked, and a duplicate at its end found', { timeout: 60_000 }, () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}`).join(', ');
    const errors = errorsOf(`${head}        properties: { ${keys}, k0: again }\n`);
    expect(errors.map((e) => [e.line, e.message])).toEqual([[8, DUP('k0', 8, 23)]]);
    expect(errors[0].column).toBe(`        properties: { ${keys}, `.length + 1);
  });

  it('a send.event written in JSON with a key twice: refused at the second, naming the key and where the first is (not "not valid JSON": JSON.parse takes it)', () => {
    const json = '{\n  "name": "a",\n  "steps": [\n    { "send": { "message": { "type": "track", "userId": "u", "event": "Signed Up", "event": "Order Completed" } } }\n  ]\n}\n';
    const line = json.split('\n')[3];
    expect(errorsOf(json).map((e) => [e.line, e.column, e.message])).toEqual([[4, line.lastIndexOf('"event"') + 1, DUP('"event"', 4, line.indexOf('"event"') + 1)]]);
    // The same in YAML, spelled two ways.
    const yaml = `${head}        "ev\\u0065nt": f\n`;
    expect(errorsOf(yaml).map((e) => [e.line, e.message])).toEqual([[8, DUP('"ev\\u0065nt"', 7, 9)]]);
  });
});
