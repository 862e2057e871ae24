// Every error of a scenario file says where it is the same way: the step as a person counts it
// (`step 2`, `step 1, repeat step 3`), then the key path inside it (`expect.messages.match.event`,
// `users[0].mail`), then what is wrong. The schema's errors did; the ones found while expanding
// the steps (a `set`, an `advance` filled from a variable, a /regex/, a step reference, a step id,
// an unknown variable) began at the key alone, or named the repeat's own step as the file's.
import { describe, expect, it } from 'vitest';
import { errorsOf } from './load-helpers';

const where = (text: string) => errorsOf(text).map((e) => `${e.line}:${e.column}: ${e.message}`);

describe('every error names its step and key path', () => {
  it.each([
    ['a set that is no moment', 'name: a\nsteps:\n  - advance: 1m\n  - set: tomorrow\n', '4:10: step 2: set: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not "tomorrow"'],
    ['a set past the clock', 'name: a\nsteps:\n  - advance: 1m\n  - set: "+275760-09-13T00:00:00Z"\n', '4:10: step 2: set: the simulation clock runs between 1970-01-01T00:00:00Z and 9999-12-31T00:00:00Z, not "+275760-09-13T00:00:00Z"'],
    ['an advance filled from a variable', 'name: a\nvariables: { n: abc }\nsteps:\n  - advance: 1m\n  - advance: "{{n}}m"\n', '5:14: step 2: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not "abcm"'],
    ['an advance longer than the clock', 'name: a\nsteps:\n  - advance: 1m\n  - advance: "99999999999999h"\n', `4:14: step 2: advance: "99999999999999h" is longer than the simulation clock runs between 1970-01-01T00:00:00Z and 9999-12-31T00:00:00Z (${Date.UTC(9999, 11, 31)} ms at most)`],
    ['a session duration filled from a variable, at the duration', 'name: a\nvariables: { d: lots }\nsteps:\n  - advance: 1m\n  - expect: { session: { anonymousId: a, duration: "{{d}}" } }\n', '5:52: step 2: expect.session.duration: expected a duration such as "12m", not "lots"'],
    ['a /regex/ that does not compile', 'name: a\nsteps:\n  - advance: 1m\n  - expect: { messages: { match: { event: "/[a/" } } }\n', '4:43: step 2: expect.messages.match.event: /[a/ is not a valid regular expression: Unterminated character class'],
    ['a /regex/ in a list, its index in brackets', 'name: a\nsteps:\n  - expect: { messages: { match: { properties: { tags: ["/(/"] } } } }\n', '3:57: step 1: expect.messages.match.properties.tags[0]: /(/ is not a valid regular expression: Unterminated group'],
    ['a reference to no step', 'name: a\nsteps:\n  - advance: 1m\n  - expect: { matching: { step: nosuch, outcome: created } }\n', '4:33: step 2: expect.matching.step: no step has id "nosuch" (ids: none)'],
    ['a step id used twice', 'name: a\nsteps:\n  - id: s\n    advance: 1m\n  - id: s\n    advance: 2m\n', '5:9: step 2: id: "s" is used twice (first on line 3)'],
    ['an unknown variable, at the value that uses it', 'name: a\nsteps:\n  - advance: 1m\n  - send: { message: { type: track, event: "{{nope}}", userId: u } }\n', '4:44: step 2: send.message.event: unknown variable {{nope}}; define it under "variables" (built in: i, uuid, id, email)'],
    ['an unknown variable in a key', 'name: a\nsteps:\n  - send: { message: { type: track, event: E, userId: u, properties: { "{{k}}": 1 } } }\n', '3:72: step 1: send.message.properties.{{k}}: unknown variable {{k}}; define it under "variables" (built in: i, uuid, id, email)'],
    ['a webhook one letter off the file\'s', 'name: a\nwebhooks: [{ name: product-fruits, secret: s }]\nsteps:\n  - advance: 1m\n  - send: { via: webhook, webhook: product-fruit, message: { type: track } }\n', '5:36: step 2: send.webhook: "product-fruit" is none of the file\'s webhooks (product-fruits); did you mean "product-fruits"?'],
    ['a webhook configured twice', 'name: a\nwebhooks: [{ name: pf, secret: s }, { name: pf, secret: t }]\nsteps: [advance: 1s]\n', '2:45: webhooks[1].name: the webhook "pf" is configured twice (first on line 2); keep one entry'],
    // It said 'must match pattern "^[A-Za-z0-9_-]{1,64}$"'.
    ['a schema error in a list of webhooks, its index in brackets, in words', 'name: a\nwebhooks: [{ name: "a b", secret: s }]\nsteps: [advance: 1s]\n', '2:20: webhooks[0].name: "a b" is no webhook name: letters, digits, "-" and "_", 1 to 64 of them'],
    // It said only "step 2: expected object".
    ['a step that is a bare word', 'name: a\nsteps:\n  - advance: 1m\n  - hello\n', '4:5: step 2: expected a step, a map such as `advance: 1m` or `send: { message: … }`, not "hello"'],
    // It said what a duration is, not what was written.
    ['a duration of the wrong type', 'name: a\nsteps:\n  - advance: true\n', '3:14: step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not true'],
    ['a schema error in a list of users, its index in brackets', 'name: a\nsteps:\n  - users: [5]\n', '3:13: step 1: users[0]: expected object'],
  ])('%s', (_label, text, expected) => {
    expect(where(text)).toEqual([expected]);
  });

  it.each([
    ['set', '        - set: nonsense\n', '7:16: step 2, repeat step 1: set: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not "nonsense"'],
    ['advance', '        - advance: "{{i}}x"\n', '7:20: step 2, repeat step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not "1x"', '7:20: step 2, repeat step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not "2x"'],
    ['a regex', '        - expect: { messages: { match: { event: "/(/" } } }\n', '7:49: step 2, repeat step 1: expect.messages.match.event: /(/ is not a valid regular expression: Unterminated group'],
    ['a step reference', '        - expect: { dropReasons: { step: zz, none: true } }\n', '7:42: step 2, repeat step 1: expect.dropReasons.step: no step has id "zz" (ids: none)'],
    // It said "step 2" for the repeat's second step, which is the file's step 2's too: here the file's step 2 is the repeat.
    ['an unknown variable', '        - advance: 1m\n        - send: { message: { type: track, event: "{{nope}}", userId: u } }\n', '8:50: step 2, repeat step 2: send.message.event: unknown variable {{nope}}; define it under "variables" (built in: i, uuid, id, email)'],
  ])('inside a repeat: %s names the repeat and its own step', (_label, inner, ...expected) => {
    expect(where(`name: a\nsteps:\n  - advance: 1m\n  - repeat:\n      times: 2\n      steps:\n${inner}`)).toEqual(expected);
  });

  it('an unknown variable used only through another variable points at the value that uses that one', () => {
    expect(where('name: a\nvariables: { who: "u-{{nope}}" }\nsteps:\n  - send: { message: { type: track, event: E, userId: "{{who}}" } }\n')).toEqual([
      '4:55: step 1: send.message.userId: unknown variable {{nope}}; define it under "variables" (built in: i, uuid, id, email)',
    ]);
  });

  it('every message of a file with many kinds of problems starts with where it is', () => {
    const text = [
      'name: a',
      'webhooks: [{ name: pf }, { name: pf }]',
      'steps:',
      '  - set: soon',
      '  - advance: 1m',
      '  - expect: { messages: { match: { event: "/(/" } } }',
      '  - expect: { findings: { step: nope } }',
      '  - send: { message: { type: track, event: "{{x}}" } }',
      '',
    ].join('\n');
    const messages = errorsOf(text).map((e) => e.message);
    expect(messages).toHaveLength(5);
    for (const m of messages) expect(m).toMatch(/^(step \d+(, repeat step \d+)*: [a-zA-Z]|webhooks\[\d+\]\.name: )/);
  });
});
