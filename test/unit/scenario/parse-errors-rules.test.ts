// Scenario files, more of parse.ts's rules: YAML aliases that cannot be turned into a value (every
// problem comes back as file:line:column and a message, never a thrown error), and schema errors
// that parse-rules.test.ts does not reach.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src-shared/scenario/parse';

import { errorsOf, ok } from './load-helpers';

describe('YAML aliases', () => {
  it('an alias with no anchor before it is an error at the alias, not a thrown exception', () => {
    expect(errorsOf('name: a\nsteps:\n  - advance: *later\n')).toEqual([
      { file: 'x.scenario.yaml', line: 3, column: 14, message: 'not valid YAML/JSON: the alias *later has no anchor &later before it' },
    ]);
    expect(errorsOf('name: a\nsteps:\n  - advance: *d\n  - advance: &d 1m\n')[0]).toMatchObject({ line: 3, column: 14 });
  });

  it('an alias inside the value it refers to is an error at the alias (the value would never end)', () => {
    const errors = errorsOf('name: a\nsteps:\n  - send:\n      message: &m { type: track, userId: u, event: E, properties: { again: *m } }\n');
    expect(errors).toEqual([{ file: 'x.scenario.yaml', line: 4, column: 76, message: 'not valid YAML/JSON: the alias *m is inside the value it refers to, which would never end' }]);
  });

  it('aliases that expand to more than a million values (an expansion bomb) are an error at the alias that passes it, not a thrown exception', () => {
    let text = 'name: a\nx0: &x0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n';
    for (let i = 1; i < 6; i++) text += `x${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(', ')}]\n`;
    text += 'steps: [advance: 1s]\n';
    // x1..x4 add 10 × (11 + 111 + 1,111 + 11,111) values; each *x4 in x5 adds 111,111 more: the 8th passes a million.
    const errors = errorsOf(text);
    expect(errors).toEqual([{ file: 'x.scenario.yaml', line: 7, column: 10 + 7 * 5, message: 'not valid YAML/JSON: the aliases expand to more than 1,000,000 values (anchors of anchors, multiplying at each level: an expansion bomb); write the values out, or use a repeat step' }]);
    // Billion laughs: nine anchors of nine, 387 million values, refused at once.
    let laughs = 'name: a\nl0: &l0 "lol"\n';
    for (let i = 1; i < 10; i++) laughs += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]\n`;
    expect(errorsOf(laughs + 'steps: [advance: 1s]\n')[0].message).toMatch(/^not valid YAML\/JSON: the aliases expand to more than 1,000,000 values/);
  });

  it('an anchor used in hundreds of steps is read (the 100th use of one anchor was refused as "more than 100 uses of aliases")', () => {
    const text = 'name: a\nsteps:\n  - send: { message: &base { type: track, userId: u, event: E } }\n' + Array.from({ length: 500 }, (_, i) => `  - send: { message: { <<: *base, event: E${i} } }\n`).join('') + '  - send: { message: *base }\n';
    const s = ok(text);
    expect(s.steps).toHaveLength(502);
    expect(s.steps.map((x) => (x.kind === 'send' ? x.send.message : undefined)).slice(-2)).toEqual([{ type: 'track', userId: 'u', event: 'E499' }, { type: 'track', userId: 'u', event: 'E' }]);
  });

  it('aliases that resolve are read as the values they name', () => {
    const s = ok('name: a\nsteps:\n  - advance: &d 90s\n  - advance: *d\n  - send: { message: &m { type: track, userId: u, event: E } }\n  - send: { message: *m }\n');
    expect(s.steps.map((x) => (x.kind === 'advance' ? x.ms : x.kind === 'send' ? x.send.message : undefined))).toEqual([90_000, 90_000, { type: 'track', userId: 'u', event: 'E' }, { type: 'track', userId: 'u', event: 'E' }]);
  });

  it('an anchor written again names the later value from there on, as YAML reads it; an alias before any anchor is an error at the alias', () => {
    // Each alias is resolved once, in one walk (the yaml library's resolve walked the whole file per alias).
    const s = ok('name: a\nsteps:\n  - advance: &d 90s\n  - advance: *d\n  - advance: &d 5s\n  - advance: *d\n');
    expect(s.steps.map((x) => (x.kind === 'advance' ? x.ms : undefined))).toEqual([90_000, 90_000, 5_000, 5_000]);
    const errors = errorsOf('name: a\nsteps:\n  - send: { message: { <<: *m, event: F } }\n  - send: { message: &m { type: track, userId: u, event: E } }\n');
    expect(errors[0].message).toBe('not valid YAML/JSON: the alias *m has no anchor &m before it');
    expect(errors[0].line).toBe(3);
  });

  it('a merge key (<<) merges the maps it names, the keys beside it winning; a quoted "<<" is a plain key', () => {
    // It was read as a plain "<<" key: the step sent { "<<": {...}, event: F }, with no type or identity.
    const s = ok('name: a\nsteps:\n  - send: { message: &base { type: track, anonymousId: x, event: E } }\n  - send: { message: { <<: *base, event: F } }\n  - send: { message: { <<: [*base, { userId: u }], event: G } }\n  - send: { message: { "<<": 1, type: track } }\n');
    expect(s.steps.map((x) => (x.kind === 'send' ? x.send.message : undefined))).toEqual([
      { type: 'track', anonymousId: 'x', event: 'E' },
      { type: 'track', anonymousId: 'x', event: 'F' },
      { type: 'track', anonymousId: 'x', userId: 'u', event: 'G' },
      { '<<': 1, type: 'track' },
    ]);
    expect(s.steps[1].label).toBe('send F');
  });

  it('a merge key whose value is not a map is an error at the key, not an alias error', () => {
    expect(errorsOf('name: a\nsteps:\n  - send: { message: { type: track, <<: 5 } }\n')).toEqual([
      { file: 'x.scenario.yaml', line: 3, column: 37, message: 'not valid YAML/JSON: a merge key (<<) takes a map, an alias of one (<<: *base) or a list of them' },
    ]);
  });

  it('a second document (---) is an error at its marker that says what to do, not the yaml library\'s advice to a programmer', () => {
    expect(errorsOf('name: a\nsteps: [advance: 1s]\n---\nname: b\nsteps: [advance: 1s]\n')).toEqual([
      { file: 'x.scenario.yaml', line: 3, column: 1, message: 'not valid YAML/JSON: a scenario file holds one YAML document, and this "---" starts a second: put each scenario in a file of its own' },
    ]);
    // A leading --- (and a closing ...) is one document.
    expect(ok('---\nname: a\nsteps: [advance: 1s]\n...\n').name).toBe('a');
  });

  it('a duration of the wrong type says a duration is expected, once (it was "expected integer" and "expected string")', () => {
    expect(errorsOf('name: a\nsteps:\n  - advance: 1.5\n  - expect: { session: { anonymousId: v, duration: true } }\n')).toEqual([
      { file: 'x.scenario.yaml', line: 3, column: 14, message: 'step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not 1.5' },
      { file: 'x.scenario.yaml', line: 4, column: 52, message: 'step 2: expect.session.duration: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not true' },
    ]);
  });

  it('the file name given is the one errors carry', () => {
    const r = parseScenario('a: *nope\n', 'mine.yaml', { type: 'object' });
    expect(r).toEqual({ ok: false, errors: [{ file: 'mine.yaml', line: 1, column: 4, message: 'not valid YAML/JSON: the alias *nope has no anchor &nope before it' }] });
  });
});

describe('schema errors parse-rules.test.ts does not reach', () => {
  it.each([
    // keywords without a sentence of their own: the schema library's, after where
    ['a pattern', 'name: a\nwebhooks: [{ name: "bad name!", secret: s }]\nsteps: [advance: 1s]\n', { line: 2, column: 20 }, 'webhooks[0].name: "bad name!" is no webhook name: letters, digits, "-" and "_", 1 to 64 of them'],
    ['a minimum', 'name: a\nsettings: { sessions: { timeoutMs: 5 } }\nsteps: [advance: 1s]\n', { line: 2, column: 36 }, 'settings.sessions.timeoutMs: must be >= 1000'],
    ['a minimum in a repeat', 'name: a\nsteps:\n  - repeat: { times: 0, steps: [advance: 1s] }\n', { line: 3, column: 22 }, 'step 1: repeat.times: must be >= 1'],
    ['a top-level list', 'name: a\nsteps: 5\n', { line: 2, column: 8 }, 'steps: expected array'],
    ['a document that is not a map', '- 1\n- 2\n', { line: 1, column: 1 }, 'the scenario: expected a map with "name" and "steps" (name: Checkout, then steps: a list of steps), not a list'],
  ])('%s', (_label, text, where, message) => {
    expect(errorsOf(text)).toEqual([{ file: 'x.scenario.yaml', ...where, message }]);
  });
});

describe('an empty file', () => {
  // A file made with `touch` (or holding only comments) was "the scenario: expected object".
  it.each([
    ['nothing at all', ''],
    ['only comments and blank lines', '# todo\n\n# more\n'],
    ['a lone document marker', '---\n'],
  ])('%s: says it is empty and what a scenario holds', (_label, text) => {
    expect(errorsOf(text)).toEqual([{ file: 'x.scenario.yaml', line: 1, column: 1, message: 'the file is empty: a scenario is a map with at least "name" and "steps", e.g. name: Checkout then steps: a list of send, advance or expect steps' }]);
  });
});

describe('where an error points, and how many are reported', () => {
  it('an error about the whole scenario points where its map starts, after leading comments', () => {
    expect(errorsOf('# a comment\n\nsteps: [advance: 1s]\n')).toEqual([{ file: 'x.scenario.yaml', line: 3, column: 1, message: 'the scenario: missing "name"' }]);
  });

  it('an unknown key written as a number points at the key', () => {
    expect(errorsOf('name: a\nsteps: [advance: 1s]\n1: x\n')).toEqual([{ file: 'x.scenario.yaml', line: 3, column: 1, message: 'the scenario: unknown key "1"' }]);
  });

  it.each([
    ['v1', 'ending in a digit'],
    ['1v', 'starting with a digit'],
  ])('a bad value under a key %s (%s) points at the value, not at the map around it', (key) => {
    expect(errorsOf(`name: a\nvariables: { ${key}: [1] }\nsteps: [advance: 1s]\n`)).toEqual([{ file: 'x.scenario.yaml', line: 2, column: 18, message: `variables.${key}: expected string or number or boolean` }]);
  });

  it('an error on a repeat itself names the repeat', () => {
    expect(errorsOf('name: a\nsteps:\n  - repeat: { times: 2 }\n')).toEqual([{ file: 'x.scenario.yaml', line: 3, column: 13, message: 'step 1: repeat: missing "steps"' }]);
  });

  it('reports at most ten of the parser’s own errors', () => {
    const steps = Array.from({ length: 12 }, (_, i) => `  - send: { message: { type: track, userId: "{{v${i}}}", event: E } }\n`).join('');
    const errors = errorsOf(`name: a\nsteps:\n${steps}`);
    expect(errors).toHaveLength(10);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(errors[9].message).toBe('step 10: send.message.userId: unknown variable {{v9}}; define it under "variables" (built in: i, uuid, id, email)');
  });

  // An id used both outside and inside a repeat passed, and `step: s` judged whichever ran last.
  it('a step id used outside and inside a repeat, or by two steps of a repeat, is a duplicate, reported once', () => {
    const note = '; a step inside a repeat keeps its id in every iteration (a reference names its latest), so give each step an id of its own (a repeat\'s may use {{i}}: "s-{{i}}")';
    expect(errorsOf('name: a\nsteps:\n  - id: s\n    advance: 1m\n  - repeat:\n      times: 3\n      steps:\n        - id: s\n          advance: 1m\n')).toEqual([
      { file: 'x.scenario.yaml', line: 8, column: 15, message: `step 2, repeat step 1: id: "s" is used twice (first on line 3)${note}` },
    ]);
    expect(errorsOf('name: a\nsteps:\n  - repeat:\n      times: 3\n      steps:\n        - id: s\n          advance: 1m\n  - id: s\n    advance: 1m\n')).toEqual([
      { file: 'x.scenario.yaml', line: 8, column: 9, message: `step 2: id: "s" is used twice (first on line 6)${note}` },
    ]);
    expect(errorsOf('name: a\nsteps:\n  - repeat:\n      times: 2\n      steps:\n        - id: s\n          advance: 1m\n        - id: s\n          advance: 2m\n').map((e) => e.line)).toEqual([8]);
    // One step of a repeat, its id in every iteration (nested repeats too), is no duplicate; a reference names it.
    const one = ok('name: a\nsteps:\n  - repeat:\n      times: 3\n      steps:\n        - id: s\n          send: { message: { type: track, userId: u, event: E } }\n        - repeat: { times: 2, steps: [{ id: t, advance: 1m }] }\n  - expect: { dropReasons: { step: s } }\n');
    expect(one.steps.filter((x) => x.id === 's')).toHaveLength(3);
    expect(one.steps.filter((x) => x.id === 't')).toHaveLength(6);
  });

  it('the same message on different lines is reported on each', () => {
    const errors = errorsOf('name: a\nsteps:\n  - id: s\n    advance: 1m\n  - id: s\n    advance: 1m\n  - id: s\n    advance: 1m\n');
    expect(errors).toEqual([
      { file: 'x.scenario.yaml', line: 5, column: 9, message: 'step 2: id: "s" is used twice (first on line 3)' },
      { file: 'x.scenario.yaml', line: 7, column: 9, message: 'step 3: id: "s" is used twice (first on line 3)' },
    ]);
  });

  it('a duration the schema lets through but that is not one (a tab between its parts) is named by the parser', () => {
    // The schema's pattern allows any white space between the parts; parseDuration only spaces.
    expect(errorsOf('name: a\nsteps:\n  - expect: { session: { anonymousId: a, duration: "1m\\t30s", modules: { A: "1h\\t1m" }, features: { F: "1s\\t1s" } } }\n')).toEqual([
      { file: 'x.scenario.yaml', line: 3, column: 52, message: 'step 1: expect.session.duration: expected a duration such as "12m", not "1m\\t30s"' },
      { file: 'x.scenario.yaml', line: 3, column: 77, message: 'step 1: expect.session.modules.A: expected a duration such as "12m", not "1h\\t1m"' },
      { file: 'x.scenario.yaml', line: 3, column: 104, message: 'step 1: expect.session.features.F: expected a duration such as "12m", not "1s\\t1s"' },
    ]);
    expect(ok('name: a\nsteps:\n  - expect: { session: { anonymousId: a } }\n').steps[0].kind).toBe('expect'); // no duration: nothing to check
    expect(errorsOf('name: a\nsteps:\n  - advance: "1m\\t30s"\n')).toEqual([
      { file: 'x.scenario.yaml', line: 3, column: 14, message: 'step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not "1m\\t30s": write "1m30s"' },
    ]);
  });
});

describe('which schema errors are kept', () => {
  const at = (line: number, column: number, message: string) => ({ file: 'x.scenario.yaml', line, column, message });

  it('a number where a duration may be a number or a text: what the number needs, not "expected string" nor the "one of" summary', () => {
    expect(errorsOf('name: a\nsteps:\n  - advance: -5\n')).toEqual([at(3, 14, 'step 1: advance: expected a duration of 0 or more, not -5: advance moves the clock forward; to move it back, write set (set: "2026-01-01T10:00:00Z")')]);
  });

  // POST /api/clock refuses a negative advance naming set; a file said "must be >= 0", or that
  // "-5m" is no duration, and not how the clock goes back. Each error names its line.
  it('a negative advance, as a number, a duration text or a filled-in template, says advance is forward and set goes back', () => {
    const back = (written: string) => `expected a duration of 0 or more, not ${written}: advance moves the clock forward; to move it back, write set (set: "2026-01-01T10:00:00Z")`;
    expect(errorsOf('name: a\nsteps:\n  - advance: 1m\n  - advance: -5m\n  - advance: "-1h30m"\n')).toEqual([at(4, 14, `step 2: advance: ${back('"-5m"')}`), at(5, 14, `step 3: advance: ${back('"-1h30m"')}`)]);
    expect(errorsOf('name: a\nsteps:\n  - repeat: { times: 2, steps: [{ advance: "-{{i}}m" }] }\n')).toEqual([
      at(3, 44, `step 1, repeat step 1: advance: ${back('"-1m"')}`),
      at(3, 44, `step 1, repeat step 1: advance: ${back('"-2m"')}`),
    ]);
    // Not a negative duration: the usual words.
    expect(errorsOf('name: a\nsteps:\n  - advance: "-soon"\n')).toEqual([at(3, 14, 'step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not "-soon"')]);
  });

  it('advance by 0 is a step that moves nothing', () => {
    expect(ok('name: a\nsteps:\n  - advance: 0\n  - advance: 0s\n').steps).toMatchObject([{ kind: 'advance', ms: 0 }, { kind: 'advance', ms: 0 }]);
  });

  it('a step of no kind gets the "one of" summary, not a "missing" for each kind', () => {
    expect(errorsOf('name: a\nsteps:\n  - id: s\n')).toEqual([at(3, 5, 'step 1: needs one of "send", "advance", "set", "users", "repeat", "expect"')]);
  });

  it('a missing key and an unknown key of the same map are both reported', () => {
    expect(errorsOf('name: a\nsteps:\n  - expect: { session: { bogus: 1 } }\n')).toEqual([
      at(3, 24, 'step 1: expect.session: missing "anonymousId"'),
      at(3, 26, 'step 1: expect.session: unknown key "bogus"; session takes anonymousId, index, state, duration, modules, features, account, userId, late'),
    ]);
  });

  it('a missing key is reported though a "one of" fails elsewhere', () => {
    // Only a "missing" under a failing "one of" at the same place says nothing; this one does.
    expect(errorsOf('name: a\nwebhooks: [{ secret: s }]\nsteps:\n  - id: s\n')).toContainEqual(at(2, 12, 'webhooks[0]: missing "name"'));
  });

  it('a missing name and a bad step are both reported, the file\'s own keys first', () => {
    expect(errorsOf('steps:\n  - advance: -5\n')).toEqual([
      at(1, 1, 'the scenario: missing "name"'),
      at(2, 14, 'step 1: advance: expected a duration of 0 or more, not -5: advance moves the clock forward; to move it back, write set (set: "2026-01-01T10:00:00Z")'),
    ]);
  });

  it('a step of two kinds keeps its "one of" summary though another step has a precise error', () => {
    expect(errorsOf('name: a\nsteps:\n  - advance: 1m\n    set: "2026-01-01T10:00:00Z"\n  - set: 5\n')).toEqual([
      at(3, 5, 'step 1: has both "advance" and "set", and a step does one thing: start each on its own "- " line'),
      at(5, 10, 'step 2: set: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not 5; to move the clock on by a duration, write advance (advance: 90s)'),
    ]);
  });

  it('a shallow problem in one step is not hidden by a deeper one in an earlier step', () => {
    expect(errorsOf('name: a\nsteps:\n  - send: { message: { type: track }, bogus: 1 }\n  - advance: 1m\n  - id: s\n')).toEqual([
      at(3, 39, 'step 1: send: unknown key "bogus"'),
      at(5, 5, 'step 3: needs one of "send", "advance", "set", "users", "repeat", "expect"'),
    ]);
  });

  it('steps are reported in their order, step 2 before step 11', () => {
    const text = `name: a\nsteps:\n  - advance: 1m\n  - set: 5\n${'  - advance: 1m\n'.repeat(8)}  - set: 6\n`;
    expect(errorsOf(text)).toEqual([at(4, 10, 'step 2: set: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not 5; to move the clock on by a duration, write advance (advance: 90s)'), at(13, 10, 'step 11: set: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not 6; to move the clock on by a duration, write advance (advance: 90s)')]);
  });

  it('within one step only the deepest errors are kept', () => {
    // A repeat whose inner step is bad: the repeat step itself fails its "one of" too, which says nothing more.
    expect(errorsOf('name: a\nsteps:\n  - repeat: { times: 2, steps: [{ advance: -5 }] }\n')).toEqual([
      at(3, 44, 'step 1, repeat step 1: advance: expected a duration of 0 or more, not -5: advance moves the clock forward; to move it back, write set (set: "2026-01-01T10:00:00Z")'),
    ]);
  });

  it('a step of two kinds with a missing key deeper in one: the missing key, the deeper problem, is named', () => {
    expect(errorsOf('name: a\nsteps:\n  - expect: { session: {} }\n    advance: 1m\n')).toEqual([at(3, 24, 'step 1: expect.session: missing "anonymousId"')]);
  });

  it('a value of the type of one branch of a "one of" gets that branch\'s errors only', () => {
    expect(errorsOf('name: a\nsteps:\n  - users: {}\n')).toEqual([at(3, 12, 'step 1: users: missing "file"')]);
    expect(errorsOf('name: a\nsteps:\n  - send: { via: sender, target: other, message: { type: track } }\n')).toEqual([at(3, 34, 'step 1: send.target: expected one of "local"')]);
    expect(errorsOf('name: a\nsteps:\n  - advance: soon\n')).toEqual([at(3, 14, 'step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not "soon"')]);
  });

  it('a list whose item is wrong: the list branch speaks, at the item', () => {
    expect(errorsOf('name: a\nsteps:\n  - users: [5]\n')).toEqual([at(3, 13, 'step 1: users[0]: expected object')]);
  });

  it('the same "one of" at two places of one step is settled at each place on its own', () => {
    expect(errorsOf('name: a\nsteps:\n  - repeat: { times: 1, steps: [{ users: {} }, { users: 5 }] }\n')).toEqual([
      at(3, 42, 'step 1, repeat step 1: users: missing "file"'),
      at(3, 57, 'step 1, repeat step 2: users: expected array'),
      at(3, 57, 'step 1, repeat step 2: users: expected object'),
    ]);
  });

  it('settling a "one of" keeps the step\'s other errors', () => {
    expect(errorsOf('name: a\nsteps:\n  - repeat: { times: 1, steps: [{ users: [5] }, { set: 5 }] }\n')).toEqual([
      at(3, 43, 'step 1, repeat step 1: users[0]: expected object'),
      at(3, 56, 'step 1, repeat step 2: set: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not 5; to move the clock on by a duration, write advance (advance: 90s)'),
    ]);
  });

  it('a value of no branch\'s type names every type it could be', () => {
    expect(errorsOf('name: a\nsteps:\n  - users: 5\n')).toEqual([at(3, 12, 'step 1: users: expected array'), at(3, 12, 'step 1: users: expected object')]);
    // A duration's two types are said as what a duration looks like (see 'a duration of the wrong type').
    expect(errorsOf('name: a\nsteps:\n  - advance: true\n')).toEqual([at(3, 14, 'step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not true')]);
  });

  it('an empty expect says it must not be empty', () => {
    expect(errorsOf('name: a\nsteps:\n  - expect: {}\n')).toEqual([at(3, 13, 'step 1: expect: must not be empty')]);
  });

  it('errors are listed in the order they appear in the file, not the order the schema checks them', () => {
    expect(errorsOf('steps:\n  - set: 5\nname: 7\n')).toEqual([at(2, 10, 'step 1: set: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not 5; to move the clock on by a duration, write advance (advance: 90s)'), at(3, 7, 'name: expected string')]);
  });

  it('step 11 is its own part: its deeper error does not hide step 2\'s "one of" summary', () => {
    const text = `name: a\nsteps:\n  - advance: 1m\n  - id: s\n${'  - advance: 1m\n'.repeat(8)}  - advance: -5\n`;
    expect(errorsOf(text)).toEqual([
      at(4, 5, 'step 2: needs one of "send", "advance", "set", "users", "repeat", "expect"'),
      at(13, 14, 'step 11: advance: expected a duration of 0 or more, not -5: advance moves the clock forward; to move it back, write set (set: "2026-01-01T10:00:00Z")'),
    ]);
  });

  it('each webhook is judged on its own, and a key with no "one of" keeps every error', () => {
    expect(errorsOf('name: a\nwebhooks: [{ name: 5 }, 7]\nsteps:\n  - advance: 1m\n')).toEqual([
      at(2, 20, 'webhooks[0].name: expected string'),
      at(2, 25, 'webhooks[1]: expected object'),
    ]);
  });

  it('an empty batch is refused where it is written, not sent as an empty request', () => {
    expect(errorsOf('name: a\nsteps:\n  - send: { batch: [] }\n')).toEqual([at(3, 20, 'step 1: send.batch: must not be empty')]);
  });

  it('at most five errors, in reading order', () => {
    const text = `name: a\nsteps:\n${'  - set: 5\n'.repeat(7)}`;
    expect(errorsOf(text).map((e) => e.message)).toEqual([1, 2, 3, 4, 5].map((n) => `step ${n}: set: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not 5; to move the clock on by a duration, write advance (advance: 90s)`));
  });

  it('errors equally deep are all kept, whatever the length of their paths', () => {
    expect(errorsOf('name: a\nsteps:\n  - advance: -5\n  - set: 5\n')).toEqual([
      at(3, 14, 'step 1: advance: expected a duration of 0 or more, not -5: advance moves the clock forward; to move it back, write set (set: "2026-01-01T10:00:00Z")'),
      at(4, 10, 'step 2: set: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not 5; to move the clock on by a duration, write advance (advance: 90s)'),
    ]);
  });

  it('an unknown key beside a send is reported once', () => {
    expect(errorsOf('name: a\nsteps:\n  - send: { message: { type: track }, bogus: 1 }\n')).toEqual([at(3, 39, 'step 1: send: unknown key "bogus"')]);
  });

  it('step 11 is "step 11", at its own line', () => {
    const text = `name: a\nsteps:\n${'  - advance: 1m\n'.repeat(10)}  - advance: -5\n`;
    expect(errorsOf(text)).toEqual([at(13, 14, 'step 11: advance: expected a duration of 0 or more, not -5: advance moves the clock forward; to move it back, write set (set: "2026-01-01T10:00:00Z")')]);
  });

  it('an error inside a step given by an alias points at the alias', () => {
    expect(errorsOf('name: a\nsteps:\n  - &s { advance: -5 }\n  - *s\n')).toEqual([
      at(3, 19, 'step 1: advance: expected a duration of 0 or more, not -5: advance moves the clock forward; to move it back, write set (set: "2026-01-01T10:00:00Z")'),
      at(4, 5, 'step 2: advance: expected a duration of 0 or more, not -5: advance moves the clock forward; to move it back, write set (set: "2026-01-01T10:00:00Z")'),
    ]);
  });

  it('a YAML error is the parser’s first line, after where it is', () => {
    expect(errorsOf('name: a\nsteps:\n  - send: { message: [1\n')[0]).toEqual(at(4, 1, 'not valid YAML/JSON: Flow sequence in block collection must be sufficiently indented and end with a ]'));
  });

  it('a bad moment points at the value; a reference to no step lists the ids there are', () => {
    expect(errorsOf('name: a\nsteps:\n  - set: tomorrow\n')).toEqual([at(3, 10, 'step 1: set: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not "tomorrow"')]);
    expect(errorsOf('name: a\nsteps:\n  - id: s1\n    advance: 1m\n  - id: s2\n    advance: 1m\n  - expect: { delivery: { step: nope } }\n')).toEqual([
      { file: 'x.scenario.yaml', line: 7, column: 33, message: 'step 3: expect.delivery.step: no step has id "nope" (ids: s1, s2)' },
    ]);
  });
});

describe('which schema errors are kept, under a schema of other shapes', () => {
  // parseScenario takes the schema it checks against; these shapes are not in today's schema.
  const schema = {
    type: 'object',
    properties: {
      thing: { oneOf: [{ type: 'array', items: { type: 'object' } }, { type: 'object', required: ['file'], properties: { file: { type: 'string' } } }] },
      list: { type: 'array', minItems: 2 },
      settings: { type: 'object', additionalProperties: false, properties: { a: { type: 'object', properties: { b: { type: 'integer' } } } } },
    },
  };
  const errors = (text: string) => {
    const r = parseScenario(text, 'x.scenario.yaml', schema);
    return r.ok ? [] : r.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
  };

  it('a top-level key that is one of two shapes: the branch that got furthest, not "expected array" too', () => {
    expect(errors('thing: { file: 5 }\n')).toEqual(['1:16 thing.file: expected string']);
  });

  it('another top-level key is its own part: a "one of" there does not hide a problem in settings', () => {
    expect(errors('thing: { file: 5 }\nsettings: { bogus: 1 }\n')).toEqual(['1:16 thing.file: expected string', '2:13 settings: unknown key "bogus"']);
  });

  it('the same problem reported by two branches of a "one of" is listed once', () => {
    const twoShapes = { type: 'object', properties: { pair: { oneOf: ['a', 'b'].map((k) => ({ type: 'object', additionalProperties: false, required: [k], properties: { [k]: {} } })) } } };
    const r = parseScenario('pair: { c: 1 }\n', 'x.scenario.yaml', twoShapes);
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual(['pair: unknown key "c"']);
  });

  it('a list that needs more than one item says how many', () => {
    expect(errors('list: [1]\n')).toEqual(['1:7 list: must have at least 2 items']);
  });

  it('an unknown key and a deeper bad value of one key are both reported', () => {
    expect(errors('settings: { bogus: 1, a: { b: x } }\n')).toEqual(['1:13 settings: unknown key "bogus"', '1:31 settings.a.b: expected integer']);
  });
});

describe('webhooks configured twice', () => {
  it('a second entry of one name is an error of the file at it, naming the first (the later one replaced it without a word)', () => {
    expect(errorsOf('name: a\nwebhooks:\n  - { name: pf, secret: a }\n  - { name: other }\n  - { name: pf, secret: b }\nsteps:\n  - advance: 1m\n')).toEqual([
      { file: 'x.scenario.yaml', line: 5, column: 13, message: 'webhooks[2].name: the webhook "pf" is configured twice (first on line 3); keep one entry' },
    ]);
    // names differing in case are two webhooks, as /webhook/<name> takes them
    expect(ok('name: a\nwebhooks: [{ name: pf }, { name: PF }]\nsteps:\n  - advance: 1m\n').webhooks.map((w) => w.name)).toEqual(['pf', 'PF']);
  });
});

// A first scenario is often written with the message straight under send (send: { type: track, … }):
// the schema said "unknown key" once per field and "send.event: expected object" for the event's
// name, none of which said what to write instead.
describe('a message written without its "message:" key', () => {
  const at = (line: number, column: number, message: string) => ({ file: 'x.scenario.yaml', line, column, message });

  it('is one error at the send, naming the message fields in the order written and the form to use', () => {
    expect(errorsOf('name: a\nsteps:\n  - send: { type: track, event: Foo, userId: u1, anonymousId: a1 }\n  - advance: 1m\n')).toEqual([
      at(3, 11, 'step 1: send: "type", "event", "userId" and "anonymousId" are message fields: put the message under "message", as in send: { message: { type: track, event: Signed Up, userId: u1 } }'),
    ]);
    // Inside a repeat, and a send with only one such field (via is a send's own key).
    expect(errorsOf('name: a\nsteps:\n  - repeat:\n      times: 2\n      steps:\n        - send: { via: tracking, userId: u1 }\n')).toEqual([
      at(6, 17, 'step 1, repeat step 1: send: "userId" is a message field: put the message under "message", as in send: { message: { type: track, event: Signed Up, userId: u1 } }'),
    ]);
  });

  it('a send whose event is a name rather than a catalog event says both forms', () => {
    expect(errorsOf('name: a\nsteps:\n  - send: { event: Foo }\n')).toEqual([
      at(3, 20, 'step 1: send.event: expected a catalog event such as { profile: provesource, name: Goal Completed }; for a message of your own, write send: { message: { type: track, event: Foo } }'),
    ]);
  });

  it('a key that is not a message field stays an unknown key of the send', () => {
    expect(errorsOf('name: a\nsteps:\n  - send: { mesage: { type: track, userId: u } }\n')[0].message).toMatch(/^step 1: send: unknown key "mesage"; did you mean "message"\?/);
  });
});

describe('an expectation about one send, written without naming it', () => {
  it('matching without step judges the latest send before it: its id, else its line', () => {
    const s = ok('name: a\nsteps:\n  - id: first\n    send: { message: { type: identify, userId: ann } }\n  - expect: { matching: { outcome: created } }\n  - send: { message: { type: identify, userId: bob } }\n  - send: { via: sender, message: { type: track, userId: bob, event: E } }\n  - expect:\n      matching: { outcome: created }\n      delivery: { state: delivered }\n');
    const expects = s.steps.filter((x) => x.kind === 'expect').map((x) => (x.kind === 'expect' ? x.expect : undefined));
    expect(expects).toEqual([{ matching: { outcome: 'created', step: 'first' } }, { matching: { outcome: 'created', step: 'line 7' }, delivery: { state: 'delivered', step: 'line 7' } }]);
    // The send on line 7 is known by its line; the one on line 6, never named, is not given a key.
    expect(s.steps.map((x) => (x.kind === 'send' ? (x.ref ?? x.id ?? '-') : undefined)).filter(Boolean)).toEqual(['first', '-', 'line 7']);
  });

  it('in a repeat, each expect judges the send of its own pass', () => {
    const s = ok('name: a\nsteps:\n  - repeat:\n      times: 2\n      steps:\n        - send: { message: { type: identify, userId: "u{{i}}" } }\n        - expect: { matching: { outcome: created } }\n');
    expect(s.steps.map((x) => (x.kind === 'expect' ? x.expect.matching?.step : x.kind === 'send' ? x.ref : undefined))).toEqual(['line 6', 'line 6', 'line 6', 'line 6']);
  });

  it('delivery without step judges the latest via: sender send; none before it is an error saying where to put it', () => {
    expect(errorsOf('name: a\nsteps:\n  - expect: { matching: { outcome: created } }\n  - send: { message: { type: track, userId: u, event: E } }\n  - expect: { delivery: { state: delivered } }\n').map((e) => [e.line, e.message])).toEqual([
      [3, 'step 1: expect.matching: no send step comes before it; put it after the send whose message it judges, or name that step (step: <its id>)'],
      [5, 'step 3: expect.delivery: no `via: sender` send comes before it; put it after one, or name that step (step: <its id>)'],
    ]);
  });

  it('a bare user id as matching.user says the form of user', () => {
    expect(errorsOf('name: a\nsteps:\n  - id: s\n    send: { message: { type: identify, userId: ann } }\n  - expect:\n      matching: { step: s, outcome: created, user: u1 }\n').map((e) => [e.line, e.message])).toEqual([
      [6, 'step 2: expect.matching.user: expected the fields the user has, such as { id: u1 }'],
    ]);
  });
});

describe('tabs as indentation', () => {
  const told = (line: number, column: number) => `not valid YAML: a tab indents line ${line} (column ${column}); YAML indents with spaces only: replace the tab with spaces (set your editor to indent .yaml files with spaces)`;
  // It said only "Tabs are not allowed as indentation": neither which tab nor what to write instead.
  it('says which line and column the tab is on and to indent with spaces', () => {
    expect(errorsOf('name: a\nsteps:\n\t- advance: 1m\n')).toEqual([{ file: 'x.scenario.yaml', line: 3, column: 1, message: told(3, 1) }]);
    expect(errorsOf('name: a\nsteps:\n  - send:\n    \tmessage: {}\n')).toEqual([{ file: 'x.scenario.yaml', line: 4, column: 5, message: told(4, 5) }]);
    expect(errorsOf('name: a\nsteps:\n- advance: 1m\n-\tadvance: 2m\n')).toEqual([{ file: 'x.scenario.yaml', line: 4, column: 2, message: told(4, 2) }]);
  });

  it('lists the problems a tab makes in the order of the file', () => {
    const errors = errorsOf('name: a\nsteps:\n  - send:\n      message:\n  \t  type: track\n');
    expect(errors.map((e) => [e.line, e.column])).toEqual([...errors.map((e) => [e.line, e.column])].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(errors).toContainEqual({ file: 'x.scenario.yaml', line: 5, column: 3, message: told(5, 3) });
  });

  it('a JSON file indented with tabs is read (tabs are white space between JSON tokens)', () => {
    expect(ok('{\n\t"name": "a",\n\t"steps": [\n\t\t{ "advance": "1m" }\n\t]\n}\n').steps).toHaveLength(1);
  });
});

// `count: 1, atLeast: 2` was accepted and judged by count alone; the same for the other keys that exclude each other.
describe('keys of an expectation that exclude each other', () => {
  it('count and atLeast together are refused at atLeast, naming the step and the key path', () => {
    expect(errorsOf('name: a\nsteps:\n  - advance: 1m\n  - expect:\n      messages: { filter: { event: Paid }, count: 1, atLeast: 2 }\n')).toEqual([
      { file: 'x.scenario.yaml', line: 5, column: 54, message: 'step 2: expect.messages.atLeast: count and atLeast exclude each other: give count (exactly this many) or atLeast (at least this many), not both' },
    ]);
    // Each alone is as before.
    expect(ok('name: a\nsteps:\n  - expect: { messages: { count: 1 } }\n  - expect: { messages: { atLeast: 2 } }\n').steps).toHaveLength(2);
  });

  it('dropReasons codes with none: true, and findings rules with count, are refused alike, in a repeat too', () => {
    const errors = errorsOf('name: a\nsteps:\n  - repeat:\n      times: 2\n      steps:\n        - expect: { dropReasons: { codes: [missing-event], none: true }, findings: { rules: [segment.track.missing-event], count: 0 } }\n');
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [6, 'step 1, repeat step 1: expect.dropReasons.none: codes and none: true exclude each other: give codes (drop reasons they must carry) or none: true (Segment keeps them all), not both'],
      [6, 'step 1, repeat step 1: expect.findings.count: rules and count exclude each other: give rules (rule ids that must be among the findings) or count (exactly this many findings), not both'],
    ]);
    // What agrees with itself passes: none: true with no codes, none: false beside codes.
    expect(ok('name: a\nsteps:\n  - expect: { dropReasons: { codes: [], none: true } }\n  - expect: { dropReasons: { codes: [missing-event], none: false } }\n').steps).toHaveLength(2);
  });
});
