// Scenario files: YAML/JSON parsing with positions, schema errors that say where and what,
// expansion of repeats and variables, and generated values that are the same every run.
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src-shared/scenario/duration';

import { errorsOf, ok } from './load-helpers';

describe('parsing', () => {
  it('reads YAML and JSON alike, each step with its line', () => {
    const y = ok('name: a\nsteps:\n  - advance: 12m\n  - set: "2026-01-01T10:00:00Z"\n  - send:\n      message: { type: track, userId: u, event: E }\n');
    expect(y.steps.map((s) => [s.kind, s.line])).toEqual([
      ['advance', 3],
      ['set', 4],
      ['send', 5],
    ]);
    expect(y.steps[0]).toMatchObject({ kind: 'advance', ms: 12 * 60_000, label: 'advance 12m' });
    const j = ok(JSON.stringify({ name: 'a', steps: [{ advance: 1000 }] }));
    expect(j.steps[0]).toMatchObject({ kind: 'advance', ms: 1000 });
    expect(j.startMs).toBe(Date.parse('2026-01-01T09:00:00Z'));
  });

  it('a YAML syntax error gives the file, line and column', () => {
    const [e] = errorsOf('name: a\nsteps:\n  - send: { message: [1\n');
    expect(e.file).toBe('x.scenario.yaml');
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.message).toMatch(/^not valid YAML\/JSON/);
  });

  it.each([
    ['an unknown key at its own line', 'name: a\nsteps:\n  - advance: 1m\n  - sned: {}\n', 4, /unknown key "sned"/],
    ['a wrong enum value', 'name: a\nsteps:\n  - send:\n      via: carrier-pigeon\n      message: { type: track }\n', 4, /expected one of "tracking", "webhook", "sender"/],
    ['a missing name', 'steps: []\n', 1, /missing "name"/],
    ['a bad duration', 'name: a\nsteps:\n  - advance: soon\n', 3, /advance/],
    ['a bad moment', 'name: a\nsteps:\n  - set: tomorrow\n', 3, /set: expected an ISO-8601 moment/],
    ['an unknown variable', 'name: a\nsteps:\n  - send: { message: { type: track, userId: "{{who}}", event: E } }\n', 3, /unknown variable \{\{who\}\}/],
    ['a reference to no step', 'name: a\nsteps:\n  - expect: { dropReasons: { step: nope, none: true } }\n', 3, /no step has id "nope"/],
  ])('%s', (_label, text, line, message) => {
    const errors = errorsOf(text);
    expect(errors.some((e) => e.line === line && message.test(e.message)), JSON.stringify(errors)).toBe(true);
  });
});

describe('expansion', () => {
  it('repeats steps with {{i}}, fills variables, keeps a number a number', () => {
    const s = ok('name: a\nvariables: { user: ada, n: 3 }\nsteps:\n  - repeat:\n      times: 2\n      steps:\n        - send: { message: { type: track, userId: "{{user}}-{{i}}", event: E, properties: { n: "{{n}}" } } }\n        - advance: 1s\n');
    expect(s.steps).toHaveLength(4);
    const sends = s.steps.filter((x) => x.kind === 'send').map((x) => (x.kind === 'send' ? x.send.message : undefined));
    expect(sends).toEqual([
      { type: 'track', userId: 'ada-1', event: 'E', properties: { n: 3 } },
      { type: 'track', userId: 'ada-2', event: 'E', properties: { n: 3 } },
    ]);
  });

  it('generated ids and emails are the same every run, and differ between scenarios', () => {
    const text = (name: string) => `name: ${name}\nsteps:\n  - send: { message: { type: track, userId: "{{uuid}}", event: E, properties: { email: "{{email}}" } } }\n`;
    const a1 = JSON.stringify(ok(text('one')).steps);
    const a2 = JSON.stringify(ok(text('one')).steps);
    const b = JSON.stringify(ok(text('two')).steps);
    expect(a1).toBe(a2);
    expect(a1).not.toBe(b);
    expect(a1).toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/);
    expect(a1).toMatch(/user-[0-9a-f]{8}@example\.test/);
  });
});

describe('durations', () => {
  it.each([
    [1500, 1500],
    ['90s', 90_000],
    ['12m', 720_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
    ['2d', 172_800_000],
    ['soon', undefined],
    ['', undefined],
    [-1, undefined],
    ['12', undefined],
  ])('%s -> %s', (input, ms) => expect(parseDuration(input)).toBe(ms));
});
