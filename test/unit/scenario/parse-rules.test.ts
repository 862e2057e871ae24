// Scenario files, the rules parse.test.ts does not reach: where a schema error points (the step
// as a person counts it, the key itself for an unknown key), expansion limits, step ids, the
// labels of the progress list, and what a parsed scenario keeps from the file.
import { describe, expect, it } from 'vitest';
import { formatScenarioError, parseScenario } from '../../../src-shared/scenario/parse';

import { SCENARIO_SCHEMA } from '../../../src-main/replay/load';
import { FILTER_KEYS } from '../../../src-main/web/automation-api';
import { SETTING_DESCRIPTIONS, SETTING_KEYS } from '../../../src-shared/matching/settings';
import { errorsOf, ok } from './load-helpers';
import { inTimeZone } from '../time-zone';

describe('where a schema error points', () => {
  it.each([
    // "/steps/1/send/via" -> "step 2: send.via" (steps counted from 1)
    ['a value deep in the second step', 'name: a\nsteps:\n  - advance: 1m\n  - send:\n      via: pigeon\n      message: { type: track }\n', { line: 5, column: 12 }, /^step 2: send\.via: expected one of "tracking", "webhook", "sender"$/],
    // "/steps/0/repeat/steps/1" -> "step 1, repeat step 2"; an unknown key points at the key
    ['an unknown key in a repeated step', 'name: a\nsteps:\n  - repeat:\n      times: 2\n      steps:\n        - advance: 1m\n        - send: { message: { type: track }, bogus: 1 }\n', { line: 7, column: 45 }, /^step 1, repeat step 2: send: unknown key "bogus"$/],
    ['a step nested two repeats deep', 'name: a\nsteps:\n  - repeat:\n      times: 1\n      steps:\n        - repeat:\n            times: 1\n            steps:\n              - advance: 1m\n              - set: 5\n', { line: 10, column: 22 }, /^step 1, repeat step 1, repeat step 2: set: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not 5; to move the clock on by a duration, write advance \(advance: 90s\)$/],
    ['a top-level field', 'name: 5\nsteps: [advance: 1s]\n', { line: 1, column: 7 }, /^name: expected string$/],
    ['the scenario itself', 'steps: [advance: 1s]\n', { line: 1, column: 1 }, /^the scenario: missing "name"$/],
    ['an unknown top-level key, at the key', 'name: a\nsteps: [advance: 1s]\nstepz: []\n', { line: 3, column: 1 }, /^the scenario: unknown key "stepz"; did you mean "steps"\?$/],
    // two kinds in one step: the "missing <kind>" of every other kind would say nothing useful
    ['a step of two kinds', 'name: a\nsteps:\n  - advance: 1m\n    set: "2026-01-01T10:00:00Z"\n', { line: 3, column: 5 }, /^step 1: has both "advance" and "set", and a step does one thing: start each on its own "- " line$/],
    ['a send of two kinds', 'name: a\nsteps:\n  - send:\n      message: { type: track }\n      batch: [{ type: track }]\n', { line: 4, column: 7 }, /^step 1: send: has both "message" and "batch", and takes one of "message", "batch", "event"$/],
    ['an empty step', 'name: a\nsteps:\n  - {}\n', { line: 3, column: 5 }, /^step 1: must not be empty$/],
    // a value that may have one of three types names all three
    ['a type that may be one of three', 'name: a\nvariables: { v: [1] }\nsteps: [advance: 1s]\n', { line: 2, column: 17 }, /^variables\.v: expected string or number or boolean$/],
    // a key is named as written, not in JSON Pointer escapes ("a~1b")
    ['a key with a slash or a tilde in it', 'name: a\nvariables: { "a/b~c": [1] }\nsteps: [advance: 1s]\n', { line: 2, column: 23 }, /^variables\.a\/b~c: expected string or number or boolean$/],
  ])('%s', (_label, text, where, message) => {
    const errors = errorsOf(text);
    expect(errors.some((e) => e.line === where.line && e.column === where.column && message.test(e.message)), JSON.stringify(errors)).toBe(true);
  });

  it('reports each problem once, at most five, and not the summaries of the step kinds', () => {
    const steps = Array.from({ length: 8 }, (_, i) => `  - advance: 1m\n    bad${i}: 1\n`).join('');
    const errors = errorsOf(`name: a\nsteps:\n${steps}`);
    expect(errors).toHaveLength(5);
    expect(errors.map((e) => e.message)).toEqual(['step 1: unknown key "bad0"', 'step 2: unknown key "bad1"', 'step 3: unknown key "bad2"', 'step 4: unknown key "bad3"', 'step 5: unknown key "bad4"']);
    expect(errors.map((e) => e.line)).toEqual([4, 6, 8, 10, 12]);
  });

  it('a YAML error says where, without the parser\'s own position text; at most five', () => {
    const [e] = errorsOf('name: a\nsteps:\n  - advance: 1m\n  - send: { message: [1\n');
    expect(e.message).toMatch(/^not valid YAML\/JSON: /);
    expect(e.message).not.toMatch(/at line \d+, column \d+/);
    expect(e.message).not.toContain('\n');
    const many = errorsOf(Array.from({ length: 8 }, () => 'a: 1\na: 2\n').join('---\n').replace(/---\n/g, ''));
    expect(many.length).toBeLessThanOrEqual(5);
    expect(many.length).toBeGreaterThan(1);
  });

  it('a schema given as an object is compiled once and reused', () => {
    const schema = { type: 'object', required: ['name', 'steps'], properties: { name: { type: 'string' }, steps: { type: 'array' } } };
    expect(parseScenario('name: a\nsteps: [advance: 1s]\n', 'f', schema).ok).toBe(true);
    expect(parseScenario('name: a\n', 'f', schema)).toMatchObject({ ok: false, errors: [{ file: 'f', line: 1, column: 1, message: 'the scenario: missing "steps"' }] });
  });
});

describe('expansion', () => {
  it('each repeat sees its own counter; steps are numbered in run order with the line they came from', () => {
    const s = ok('name: a\nsteps:\n  - advance: 1s\n  - repeat:\n      times: 3\n      steps:\n        - send: { message: { type: track, userId: "u{{i}}", event: E } }\n  - set: "2026-01-01T10:00:00Z"\n');
    expect(s.steps.map((x) => [x.index, x.kind, x.line, x.kind === 'advance' ? x.ms : x.kind === 'set' ? x.to : x.kind === 'send' ? x.send.message?.userId : undefined])).toEqual([
      [0, 'advance', 3, 1000],
      [1, 'send', 7, 'u1'],
      [2, 'send', 7, 'u2'],
      [3, 'send', 7, 'u3'],
      [4, 'set', 8, Date.parse('2026-01-01T10:00:00Z')],
    ]);
  });

  it('a step id used twice is an error, except inside a repeat (where it names each round)', () => {
    expect(errorsOf('name: a\nsteps:\n  - id: s\n    advance: 1m\n  - id: s\n    advance: 2m\n')).toEqual([{ file: 'x.scenario.yaml', line: 5, column: 9, message: 'step 2: id: "s" is used twice (first on line 3)' }]);
    const s = ok('name: a\nsteps:\n  - repeat:\n      times: 2\n      steps:\n        - id: r\n          advance: 1m\n  - id: other\n    advance: 1m\n');
    expect(s.steps.map((x) => x.id)).toEqual(['r', 'r', 'other']);
    const t = ok('name: a\nsteps:\n  - id: s\n    advance: 1m\n  - advance: 2m\n');
    expect(t.steps.map((x) => 'id' in x)).toEqual([true, false]);
    // A variable of the file's own named i is no repeat: the duplicate was not reported.
    expect(errorsOf('name: a\nvariables: { i: 5 }\nsteps:\n  - id: "s{{i}}"\n    advance: 1m\n  - id: s5\n    advance: 2m\n').map((e) => e.message)).toEqual(['step 2: id: "s5" is used twice (first on line 4)']);
  });

  // Play judges an expectation when it reaches it: a step named that comes later "has not run yet",
  // and one that sends nothing "captured no message". Each failed only then, after every step before it.
  it('an expectation names a send that comes before it: a later step, or one that is no send, is an error at check time', () => {
    const send = '    send: { message: { type: track, userId: u, event: E } }\n';
    expect(errorsOf(`name: a\nsteps:\n  - expect: { dropReasons: { step: later, none: true } }\n  - id: later\n${send}`)).toEqual([
      { file: 'x.scenario.yaml', line: 3, column: 36, message: 'step 1: expect.dropReasons.step: step "later" is on line 4, after this expectation, so it has not run when the expectation is judged; move the expectation below it' },
    ]);
    for (const key of ['findings', 'matching', 'delivery']) {
      expect(errorsOf(`name: a\nsteps:\n  - advance: 1m\n  - expect: { ${key}: { step: later } }\n  - id: later\n${send}`).map((e) => e.message)).toEqual([
        `step 2: expect.${key}.step: step "later" is on line 5, after this expectation, so it has not run when the expectation is judged; move the expectation below it`,
      ]);
    }
    // Inside a repeat, the first round's expectation comes before the send of the same round.
    expect(errorsOf(`name: a\nsteps:\n  - repeat:\n      times: 2\n      steps:\n        - expect: { findings: { step: s, count: 0 } }\n        - id: s\n          send: { message: { type: track, userId: u, event: E } }\n`).map((e) => e.message)).toEqual([
      'step 1, repeat step 1: expect.findings.step: step "s" is on line 7, after this expectation, so it has not run when the expectation is judged; move the expectation below it',
    ]);
    // After it, in the file or in a repeat before it: fine.
    expect(ok(`name: a\nsteps:\n  - id: s\n${send}  - expect: { dropReasons: { step: s, none: true }, findings: { step: s, count: 0 }, matching: { step: s } }\n`).steps).toHaveLength(2);
    expect(ok(`name: a\nsteps:\n  - repeat:\n      times: 2\n      steps:\n        - id: s\n          send: { message: { type: track, userId: u, event: E } }\n        - expect: { findings: { step: s, count: 0 } }\n`).steps).toHaveLength(4);
    // A step that sends nothing, the expectation's own id included.
    expect(errorsOf('name: a\nsteps:\n  - id: wait\n    advance: 1m\n  - id: own\n    expect: { findings: { step: wait }, dropReasons: { step: own } }\n').map((e) => e.message)).toEqual([
      'step 2: expect.dropReasons.step: step "own" (line 5) is an expectation, not a send: dropReasons judges what a send step sent',
      'step 2: expect.findings.step: step "wait" (line 3) is an advance, not a send: findings judges what a send step sent',
    ]);
    // delivery: a send through the sender.
    expect(errorsOf(`name: a\nsteps:\n  - id: t\n${send}  - expect: { delivery: { step: t, state: delivered } }\n`).map((e) => e.message)).toEqual([
      'step 2: expect.delivery.step: step "t" (line 3) sends via tracking, not via: sender: delivery judges what the sender delivered',
    ]);
    // A clock set and a users step send nothing either, each named as what it is; a send via: sender is what delivery takes.
    expect(errorsOf('name: a\nsteps:\n  - id: clock\n    set: "2026-01-01T10:00:00Z"\n  - id: people\n    users: [{ id: u1, username: ada }]\n  - expect: { findings: { step: clock }, matching: { step: people } }\n').map((e) => e.message)).toEqual([
      'step 3: expect.findings.step: step "clock" (line 3) is a clock set, not a send: findings judges what a send step sent',
      'step 3: expect.matching.step: step "people" (line 5) is a users step, not a send: matching judges what a send step sent',
    ]);
    expect(ok('name: a\nsteps:\n  - id: out\n    send: { via: sender, message: { type: track, userId: u, event: E } }\n  - expect: { delivery: { step: out, state: delivered } }\n').steps).toHaveLength(2);
    // A step the schema refused is left out: a reference to an id only its template would fill is not judged; one that no id could be still is.
    expect(errorsOf('name: a\nsteps:\n  - id: "s-{{i}}"\n    send: { bogus: 1 }\n  - expect: { findings: { step: s-1 } }\n').map((e) => e.message)).toEqual(['step 1: send: unknown key "bogus"']);
    expect(errorsOf('name: a\nsteps:\n  - id: s\n    send: { bogus: 1 }\n  - expect: { findings: { step: nope } }\n').map((e) => e.message)).toEqual([
      'step 1: send: unknown key "bogus"',
      'step 2: expect.findings.step: no step has id "nope" (ids: s)',
    ]);
    for (const key of ['findings', 'matching', 'delivery']) {
      const errors = errorsOf(`name: a\nsteps:\n  - id: s1\n    advance: 1m\n  - expect: { ${key}: { step: nope } }\n`);
      expect(errors).toEqual([{ file: 'x.scenario.yaml', line: 5, column: 33, message: `step 2: expect.${key}.step: no step has id "nope" (ids: s1)` }]);
    }
    expect(errorsOf('name: a\nsteps:\n  - expect: { delivery: { step: nope } }\n')[0].message).toBe('step 1: expect.delivery.step: no step has id "nope" (ids: none)');
  });

  it('every duration of a session expectation is checked', () => {
    for (const [field, expectText] of [
      ['session.duration', '{ anonymousId: a, duration: "5x" }'],
      ['session.modules.Billing', '{ anonymousId: a, modules: { Billing: "1h", Reports: "5x" } }'],
      ['session.features.Opened', '{ anonymousId: a, features: { Opened: "5x" } }'],
    ] as const) {
      const text = `name: a\nsteps:\n  - expect: { session: ${expectText} }\n`;
      // The schema's pattern already refuses "5x"; the parser's own check names the field.
      const errors = errorsOf(text);
      expect(errors.length, field).toBeGreaterThan(0);
      expect(errors.every((e) => e.line === 3), JSON.stringify(errors)).toBe(true);
    }
    expect(ok('name: a\nsteps:\n  - expect: { session: { anonymousId: a, duration: 12m, modules: { A: 1h30m }, features: { F: 90s } } }\n').steps[0].kind).toBe('expect');
  });

  it('a bad start moment is reported at the start key', () => {
    expect(errorsOf('name: a\nstart: nope\nsteps: [advance: 1s]\n')).toEqual([{ file: 'x.scenario.yaml', line: 2, column: 8, message: 'start: expected an ISO-8601 moment such as "2026-01-01T09:00:00.000Z"' }]);
  });

  it('start and set read as message times are: without an offset UTC, in every time zone (they were local)', () => {
    const text = 'name: a\nstart: "2026-05-01T09:00:00"\nsteps:\n  - set: "2026-05-01T10:30:00.5"\n  - set: "2026-05-01T12:00:00+0200"\n';
    for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
      const s = inTimeZone(zone, () => ok(text));
      expect([s.startMs, ...s.steps.map((step) => (step.kind === 'set' ? step.to : undefined))], zone).toEqual([Date.UTC(2026, 4, 1, 9), Date.UTC(2026, 4, 1, 10, 30, 0, 500), Date.UTC(2026, 4, 1, 10)]);
    }
  });

  it('a start or set that Date.parse reads but is not ISO-8601 is refused, as the message says', () => {
    expect(errorsOf('name: a\nstart: "May 1, 2026 09:00"\nsteps: [advance: 1s]\n').map((e) => e.message)).toEqual(['start: expected an ISO-8601 moment such as "2026-01-01T09:00:00.000Z"']);
    expect(errorsOf('name: a\nsteps:\n  - set: "2026/05/01 10:00"\n').map((e) => e.message)).toEqual(['step 1: set: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not "2026/05/01 10:00"']);
  });

  it('a start, set or session timeout the engine would refuse is an error of the file, with its line (the run used to stop there)', () => {
    expect(errorsOf('name: a\nstart: "9999-12-31T23:59:59Z"\nsteps: [advance: 1s]\n')).toEqual([{ file: 'x.scenario.yaml', line: 2, column: 8, message: 'start: the simulation clock runs between 1970-01-01T00:00:00Z and 9999-12-31T00:00:00Z, not "9999-12-31T23:59:59Z"' }]);
    expect(errorsOf('name: a\nstart: "1969-12-31T23:59:59Z"\nsteps: [advance: 1s]\n').map((e) => e.line)).toEqual([2]);
    expect(errorsOf('name: a\nsteps:\n  - advance: 1m\n  - set: "+275760-09-13T00:00:00Z"\n')).toEqual([{ file: 'x.scenario.yaml', line: 4, column: 10, message: 'step 2: set: the simulation clock runs between 1970-01-01T00:00:00Z and 9999-12-31T00:00:00Z, not "+275760-09-13T00:00:00Z"' }]);
    expect(errorsOf('name: a\nsettings: { sessions: { timeoutMs: 604800001 } }\nsteps: [advance: 1s]\n')).toEqual([{ file: 'x.scenario.yaml', line: 2, column: 36, message: 'settings.sessions.timeoutMs: must be <= 604800000' }]);
    // The edges themselves are fine.
    expect(ok('name: a\nstart: "1970-01-01T00:00:00Z"\nsettings: { sessions: { timeoutMs: 604800000 } }\nsteps:\n  - set: "9999-12-31T00:00:00Z"\n').steps[0]).toMatchObject({ kind: 'set', to: Date.UTC(9999, 11, 31) });
  });

  it('an advance longer than the whole simulation clock is an error of the file, with its line (the check passed it, and the run failed there saying "ms must be a number of milliseconds")', () => {
    const range = 'the simulation clock runs between 1970-01-01T00:00:00Z and 9999-12-31T00:00:00Z';
    expect(errorsOf('name: a\nsteps:\n  - advance: "99999999999999h"\n')).toEqual([{ file: 'x.scenario.yaml', line: 3, column: 14, message: `step 1: advance: "99999999999999h" is longer than ${range} (${Date.UTC(9999, 11, 31)} ms at most)` }]);
    expect(errorsOf('name: a\nsteps:\n  - advance: 1e20\n').map((e) => [e.line, e.message])).toEqual([[3, `step 1: advance: 100000000000000000000 is longer than ${range} (${Date.UTC(9999, 11, 31)} ms at most)`]]);
    // The edge itself is fine.
    expect(ok(`name: a\nsteps:\n  - advance: ${Date.UTC(9999, 11, 31)}\n`).steps[0]).toMatchObject({ kind: 'advance', ms: Date.UTC(9999, 11, 31) });
  });

  it('settings.matching: each setting with the values the engine takes, a wrong one an error with its line', () => {
    const schemaMatching = (SCENARIO_SCHEMA as { properties: { settings: { properties: { matching: { properties: Record<string, { enum: string[] }> } } } } }).properties.settings.properties.matching.properties;
    expect(Object.fromEntries(Object.entries(schemaMatching).map(([k, v]) => [k, v.enum]))).toEqual(Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTING_DESCRIPTIONS[k].options.map((o) => o.value)])));
    expect(ok('name: a\nsettings: { matching: { conflict: userId-wins } }\nsteps: [advance: 1s]\n').settings).toEqual({ matching: { conflict: 'userId-wins' } });
    expect(errorsOf('name: a\nsettings:\n  matching: { conflict: user-wins }\nsteps: [advance: 1s]\n')).toEqual([{ file: 'x.scenario.yaml', line: 3, column: 25, message: 'settings.matching.conflict: expected one of "email-wins", "userId-wins"; did you mean "userId-wins"?' }]);
    expect(errorsOf('name: a\nsettings:\n  matching: { conflcit: userId-wins }\nsteps: [advance: 1s]\n').map((e) => e.message)).toEqual(['settings.matching: unknown key "conflcit"; did you mean "conflict"?']);
  });

  it('a /regex/ of a partial match that does not compile is an error at the string (it matched nothing, silently)', () => {
    const text = 'name: a\nsteps:\n  - expect:\n      messages: { match: { event: "/Paid(/", properties: { tags: ["/[z-a]/"], path: "/pricing/" } } }\n      users: { contains: [{ email: "/+@x/i" }] }\n  - id: s\n    send: { message: { type: track, userId: u, event: E } }\n  - expect: { matching: { step: s, user: { email: "/(?<n>/" } } }\n';
    expect(errorsOf(text)).toEqual([
      { file: 'x.scenario.yaml', line: 4, column: 35, message: 'step 1: expect.messages.match.event: /Paid(/ is not a valid regular expression: Unterminated group' },
      { file: 'x.scenario.yaml', line: 4, column: 67, message: 'step 1: expect.messages.match.properties.tags[0]: /[z-a]/ is not a valid regular expression: Range out of order in character class' },
      { file: 'x.scenario.yaml', line: 5, column: 36, message: 'step 1: expect.users.contains[0].email: /+@x/i is not a valid regular expression: Nothing to repeat' },
      { file: 'x.scenario.yaml', line: 8, column: 51, message: 'step 3: expect.matching.user.email: /(?<n>/ is not a valid regular expression: Unterminated group' },
    ]);
    // A valid one, and a path that happens to be one, are fine.
    expect(ok('name: a\nsteps:\n  - expect: { messages: { match: { event: "/^paid$/i", path: "/pricing/" } } }\n').steps).toHaveLength(1);
  });

  it('a duration may use {{variable}} as any string may (the schema refused "{{d}}" and "{{i}}m"), checked once filled in', () => {
    const s = ok('name: a\nvariables: { d: 12m, n: 90000 }\nsteps:\n  - advance: "{{d}}"\n  - advance: "{{n}}"\n  - repeat: { times: 2, steps: [{ advance: "{{i}}m" }] }\n  - expect: { session: { anonymousId: v, duration: "{{d}}", modules: { M: "{{ d }}" } } }\n');
    expect(s.steps.map((x) => (x.kind === 'advance' ? x.ms : x.kind === 'expect' ? x.expect.session : undefined))).toEqual([720_000, 90_000, 60_000, 120_000, { anonymousId: 'v', duration: '12m', modules: { M: '12m' } }]);
    expect(errorsOf('name: a\nvariables: { bad: soon, neg: -5 }\nsteps:\n  - advance: "{{bad}}"\n  - advance: "{{neg}}"\n  - expect: { session: { anonymousId: v, duration: "{{bad}}" } }\n').map((e) => `${e.line}:${e.column}: ${e.message}`)).toEqual([
      '4:14: step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not "soon"',
      // A negative one says how the clock goes back (set), as a negative written in place does.
      '5:14: step 2: advance: expected a duration of 0 or more, not -5: advance moves the clock forward; to move it back, write set (set: "2026-01-01T10:00:00Z")',
      '6:52: step 3: expect.session.duration: expected a duration such as "12m", not "soon"',
    ]);
  });

  it('variables in a circle are an error of the step that uses them, once', () => {
    expect(errorsOf('name: a\nvariables: { a: "{{b}}", b: "{{a}}" }\nsteps:\n  - advance: 1m\n  - send: { message: { type: track, userId: "{{a}}", event: "{{a}}" } }\n')).toEqual([
      { file: 'x.scenario.yaml', line: 5, column: 5, message: 'step 2: the variables a → b → a refer to each other in a circle, so none has a value' },
    ]);
  });

  it('an unknown filter of a messages expectation is an error of the file at the key (it failed the run, exit 1)', () => {
    const schemaFilter = (SCENARIO_SCHEMA as { definitions: { expect: { properties: { messages: { properties: { filter: { propertyNames: { enum: string[] } } } } } } } }).definitions.expect.properties.messages.properties.filter;
    expect(schemaFilter.propertyNames.enum).toEqual([...FILTER_KEYS]);
    expect(errorsOf('name: a\nsteps:\n  - expect: { messages: { filter: { event: E, evnet: F }, count: 1 } }\n')).toEqual([
      { file: 'x.scenario.yaml', line: 3, column: 47, message: `step 1: expect.messages.filter: unknown key "evnet"; use ${FILTER_KEYS.join(', ')}` },
    ]);
  });

  it('a send with a key its via does not use, or without one it needs, is an error of the file (it was ignored, or failed the run)', () => {
    const text = [
      'name: a',
      'steps:',
      '  - send: { via: webhook, message: { type: track, userId: u, event: E } }',
      '  - send: { via: webhook, webhook: "a b", message: { type: track, userId: u, event: E } }',
      '  - send: { webhook: pf, target: local, message: { type: track, userId: u, event: E } }',
      '  - send: { via: sender, writeKey: k, batch: [{ type: track, userId: u, event: E }, { type: track, userId: u, event: F }] }',
      '',
    ].join('\n');
    expect(errorsOf(text).map((e) => `${e.line}:${e.column}: ${e.message}`)).toEqual([
      '3:11: step 1: send: via: webhook needs "webhook", the name of the webhook to post to (/webhook/<name>)',
      '4:36: step 2: send.webhook: "a b" is no webhook name: letters, digits, "-" and "_", 1 to 64 of them',
      '5:22: step 3: send.webhook: is used only with via: webhook (this send goes via tracking)',
      '5:34: step 3: send.target: is used only with via: sender (this send goes via tracking)',
      '6:36: step 4: send.writeKey: is used only with via: tracking (this send goes via sender)',
      '6:46: step 4: send.batch: via: sender sends one message; give each its own step',
    ]);
    // Each key where its via uses it.
    expect(ok('name: a\nsteps:\n  - send: { writeKey: k, message: { type: track } }\n  - send: { via: webhook, webhook: pf-1, batch: [{ type: track }, { type: track }] }\n  - send: { via: sender, target: local, batch: [{ type: track }] }\n').steps).toHaveLength(3);
  });

  it('an unknown variable is reported once per step and name', () => {
    const errors = errorsOf('name: a\nsteps:\n  - send: { message: { type: track, userId: "{{who}}", event: "{{who}}-{{what}}" } }\n');
    expect(errors.map((e) => e.message)).toEqual([
      'step 1: send.message.userId: unknown variable {{who}}; define it under "variables" (built in: i, uuid, id, email)',
      'step 1: send.message.event: unknown variable {{what}}; define it under "variables" (built in: i, uuid, id, email)',
    ]);
  });

  it('the same error on the same line is reported once', () => {
    const errors = errorsOf('name: a\nsteps:\n  - repeat:\n      times: 3\n      steps:\n        - send: { message: { type: track, userId: "{{who}}", event: E } }\n');
    expect(errors).toHaveLength(1);
  });
});

describe('what the progress list shows for each step', () => {
  it.each([
    ['send: { message: { type: track, event: E } }', 'send E'],
    ['send: { batch: [{ type: track, event: A }, { type: track }], via: webhook, webhook: pf }', 'send A (+1 more) via webhook pf'],
    ['send: { batch: [{ type: track, event: A }] }', 'send A (+0 more)'],
    ['send: { event: { profile: segment, name: track }, via: sender }', 'send track via sender'],
    ['send: { message: { type: identify }, via: tracking }', 'send identify'],
    // (without its webhook name, a via: webhook send is an error of the file now)
    ['send: { message: { type: track, event: E }, via: webhook, webhook: hook-1 }', 'send E via webhook hook-1'],
    ['send: { message: { name: Home, type: page } }', 'send Home'],
    ['send: { message: { userId: u } }', 'send message'],
    ['advance: 90s', 'advance 90s'],
    // A number is milliseconds: "advance 45" read as 45 minutes.
    ['advance: 45', 'advance 45 ms'],
    ['set: "2026-01-01T10:00:00Z"', 'set clock to 2026-01-01T10:00:00Z'],
    ['users: [{ a: 1 }, { b: 2 }]', 'users: 2 inline'],
    ['users: { file: u.csv }', 'users from u.csv'],
    ['expect: { messages: { count: 1 }, sessions: { count: 1 } }', 'expect messages, sessions'],
  ])('%s -> %s', (step, label) => {
    const [s] = ok(`name: a\nsteps:\n  - ${step}\n`).steps;
    expect(s.label).toBe(label);
  });

  it('users steps keep the users as written', () => {
    const [inline, file] = ok('name: a\nsteps:\n  - users: [{ email: a@x.test }]\n  - users: { file: u.csv }\n').steps;
    expect(inline).toMatchObject({ kind: 'users', users: [{ email: 'a@x.test' }] });
    expect(file).toMatchObject({ kind: 'users', users: { file: 'u.csv' } });
  });
});

describe('what a parsed scenario keeps', () => {
  it('name, description, start, settings and webhooks as written; defaults when absent', () => {
    const full = ok('name: full\ndescription: about it\nstart: "2026-05-01T08:00:00Z"\nsettings: { sessions: { timeoutMs: 60000 } }\nwebhooks: [{ name: pf, secret: s }]\nsteps: [advance: 1s]\n');
    expect(full).toEqual({ name: 'full', description: 'about it', file: 'x.scenario.yaml', startMs: Date.parse('2026-05-01T08:00:00Z'), settings: { sessions: { timeoutMs: 60000 } }, webhooks: [{ name: 'pf', secret: 's' }], steps: [{ index: 0, kind: 'advance', label: 'advance 1s', line: 6, ms: 1000 }] });
    const bare = ok('name: bare\nsteps: [advance: 1s]\n');
    expect(bare).toEqual({ name: 'bare', file: 'x.scenario.yaml', startMs: Date.parse('2026-01-01T09:00:00Z'), settings: {}, webhooks: [], steps: [{ index: 0, kind: 'advance', label: 'advance 1s', line: 2, ms: 1000 }] });
    expect('description' in ok('name: e\ndescription: ""\nsteps: [advance: 1s]\n')).toBe(false);
  });

  it('a seed in the file replaces the one from the name', () => {
    const uuidOf = (text: string) => {
      const [s] = ok(text).steps;
      return s.kind === 'send' ? s.send.message?.userId : undefined;
    };
    const step = 'steps:\n  - send: { message: { type: track, userId: "{{uuid}}", event: E } }\n';
    expect(uuidOf(`name: one\nseed: 5\n${step}`)).toBe(uuidOf(`name: two\nseed: 5\n${step}`));
    expect(uuidOf(`name: one\nseed: 5\n${step}`)).not.toBe(uuidOf(`name: one\nseed: 6\n${step}`));
    expect(uuidOf(`name: one\n${step}`)).not.toBe(uuidOf(`name: one\nseed: 5\n${step}`));
  });

  it('an error reads file:line:column: message', () => {
    expect(formatScenarioError({ file: 'a.yaml', line: 3, column: 7, message: 'm' })).toBe('a.yaml:3:7: m');
  });
});
