// Scenario files with the mistakes a person makes when writing one by hand: a key or a value one
// letter off, a step whose "- " was forgotten (two kinds in one step), a duration in words, a
// reference to a step id that does not exist. Each error says what to write instead, where it is.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src-main/replay/load';
import { DROP_CODES } from '../../../src-shared/capture';
import { errorsOf } from './load-helpers';

const at = (line: number, column: number, message: string) => ({ file: 'x.scenario.yaml', line, column, message });

describe('a key or a value one letter off names the one meant', () => {
  it('an unknown key close to a known one: did you mean', () => {
    expect(errorsOf('name: a\nsteps:\n  - sent: { message: { type: track } }\n')).toEqual([at(3, 5, 'step 1: unknown key "sent"; did you mean "send"?')]);
    expect(errorsOf('name: a\nsteps:\n  - send:\n      via: webhook\n      webhok: pf\n      message: { type: track }\n')).toEqual([at(5, 7, 'step 1: send: unknown key "webhok"; did you mean "webhook"?')]);
    expect(errorsOf('name: a\nsteps:\n  - expect: { message: { count: 1 } }\n')).toEqual([at(3, 15, 'step 1: expect: unknown key "message"; did you mean "messages"?')]);
    expect(errorsOf('name: a\nsteps:\n  - expect: { messages: { cont: 1 } }\n')).toEqual([at(3, 27, 'step 1: expect.messages: unknown key "cont"; did you mean "count"?')]);
  });

  // A QA wrote `findings: { severity: error, atLeast: 1 }` as a messages expectation takes it and read
  // only 'unknown key "atLeast"', with nothing saying what findings takes. An expectation's own map
  // lists its keys when the one written is close to none of them.
  it('an unknown key of an expectation, close to none of its keys, lists the keys it takes', () => {
    expect(errorsOf('name: a\nsteps:\n  - expect: { findings: { severity: error, atLeast: 1 } }\n')).toEqual([
      at(3, 44, 'step 1: expect.findings: unknown key "atLeast"; findings takes step, profile, severity, rules, count'),
    ]);
    // An entry of a list expectation names its entry's keys (it said only 'unknown key "bogus"').
    expect(errorsOf('name: a\nsteps:\n  - expect: { accountConflicts: [{ userId: a, bogus: 1 }] }\n')[0].message).toBe(
      'step 1: expect.accountConflicts[0]: unknown key "bogus"; an accountConflicts entry takes userId, accounts',
    );
  });

  it('an unknown key close to none says only that it is unknown', () => {
    expect(errorsOf('name: a\nsteps:\n  - send: { message: { type: track }, bogus: 1 }\n')).toEqual([at(3, 39, 'step 1: send: unknown key "bogus"')]);
  });

  // `messages: { event: Opened, count: 1 }` (filter: and match: forgotten) said only 'unknown key "event"'.
  it('a message field written straight under a messages expectation says it goes under filter or match', () => {
    expect(errorsOf('name: a\nsteps:\n  - expect:\n      messages: { event: Opened, properties: { a: 1 }, count: 1 }\n')).toEqual([
      at(4, 19, 'step 1: expect.messages: unknown key "event"; a message\'s fields go under "filter" or "match": filter: { event: … }'),
      at(4, 34, 'step 1: expect.messages: unknown key "properties"; a message\'s fields go under "match": match: { properties: … }'),
    ]);
    // A key one letter off a messages expectation's own keys is still that key.
    expect(errorsOf('name: a\nsteps:\n  - expect: { messages: { filtr: { event: A } } }\n')[0].message).toBe('step 1: expect.messages: unknown key "filtr"; did you mean "filter"?');
    // Elsewhere an unknown key gets no such hint.
    expect(errorsOf('name: a\nsteps:\n  - expect: { users: { event: A } }\n')[0].message).toBe('step 1: expect.users: unknown key "event"; users takes count, contains');
  });

  // delivery: { status: delivered } said only "expected integer": status is the HTTP status, state is delivered or failed.
  it('a delivery state written as its status says to write state', () => {
    const file = (v: string) => `name: a\nsteps:\n  - send: { via: sender, message: { type: track, event: A } }\n  - expect: { delivery: { status: ${v} } }\n`;
    expect(errorsOf(file('delivered'))[0].message).toBe('step 2: expect.delivery.status: expected integer (the HTTP status of the last attempt, such as 200); for delivered, write state: delivered');
    expect(errorsOf(file('ok'))[0].message).toBe('step 2: expect.delivery.status: expected integer (the HTTP status of the last attempt, such as 200)');
    expect(loadScenario(file('200'), 'x.scenario.yaml').ok).toBe(true);
  });

  // A send to "product-fruit" where the file configures "product-fruits" went unsigned to a webhook
  // of that name (the receiver takes any), and the run passed without a word.
  it('a send to a webhook one letter off one the file configures: did you mean; a name near none of them is left alone', () => {
    const file = (name: string) => `name: a\nwebhooks:\n  - { name: product-fruits, secret: s }\nsteps:\n  - send: { via: webhook, webhook: ${name}, message: { type: identify, userId: u } }\n`;
    expect(errorsOf(file('product-fruit'))).toEqual([at(5, 36, 'step 1: send.webhook: "product-fruit" is none of the file\'s webhooks (product-fruits); did you mean "product-fruits"?')]);
    expect(loadScenario(file('product-fruits'), 'x.scenario.yaml').ok).toBe(true);
    // The app's own webhook, or one the receiver takes unsigned: not the file's business.
    expect(loadScenario(file('crm-hook'), 'x.scenario.yaml').ok).toBe(true);
    // Two letters off: another webhook, of the app's own, as likely as a slip.
    expect(loadScenario(file('product-fruits-eu'), 'x.scenario.yaml').ok).toBe(true);
    // A swapped pair is one slip.
    expect(errorsOf(file('product-frutis'))[0].message).toMatch(/did you mean "product-fruits"\?$/);
    expect(loadScenario('name: a\nsteps:\n  - send: { via: webhook, webhook: product-fruit, message: { type: identify } }\n', 'x.scenario.yaml').ok).toBe(true);
  });

  // `steps:` then `  advance: 1m`, its "- " forgotten, said only "steps: expected array".
  it('steps written as a map (the "- " forgotten) says to start each step with "- "', () => {
    expect(errorsOf('name: a\nsteps:\n  advance: 1m\n')).toEqual([at(3, 3, 'steps: expected a list of steps, each starting with "- " (`- advance: 1m`); this is a map of "advance"')]);
    expect(errorsOf('name: a\nsteps:\n  - repeat:\n      times: 2\n      steps:\n        send: { message: { type: track } }\n')[0].message).toBe(
      'step 1: repeat.steps: expected a list of steps, each starting with "- " (`- advance: 1m`); this is a map of "send"',
    );
    // Not a map: as before.
    expect(errorsOf('name: a\nsteps: 5\n')[0].message).toBe('steps: expected array');
  });

  // codes: [missing-identiy] passed the check and failed the run with "missing missing-identiy".
  it('a drop code the receiver never gives is an error of the file, one letter off naming the code meant', () => {
    const file = (code: string) => `name: a\nsteps:\n  - id: s\n    send: { message: { type: track, userId: u } }\n  - expect: { dropReasons: { step: s, codes: [${code}] } }\n`;
    expect(errorsOf(file('missing-identiy'))).toEqual([
      at(5, 47, `step 2: expect.dropReasons.codes[0]: expected one of ${DROP_CODES.map((c) => JSON.stringify(c)).join(', ')}; did you mean "missing-identity"?`),
    ]);
    expect(errorsOf(file('too-large'))[0].message).toMatch(/^step 2: expect\.dropReasons\.codes\[0\]: expected one of "missing-identity", .*"message-id-too-long"$/);
    for (const code of DROP_CODES) expect(loadScenario(file(code), 'x.scenario.yaml').ok, code).toBe(true);
  });

  it('a value of an enum one spelling off: did you mean', () => {
    expect(errorsOf('name: a\nsteps:\n  - expect: { session: { anonymousId: a, state: timed-out } }\n')).toEqual([
      at(3, 49, 'step 1: expect.session.state: expected one of "open", "timedOut"; did you mean "timedOut"?'),
    ]);
    expect(errorsOf('name: a\nsteps:\n  - send: { via: webhok, webhook: w, message: { type: track } }\n')[0].message).toBe('step 1: send.via: expected one of "tracking", "webhook", "sender"; did you mean "webhook"?');
  });
});

describe('a step of two kinds names them', () => {
  it('a forgotten "- " (advance and expect in one step) says which keys and what to do', () => {
    expect(errorsOf('name: a\nsteps:\n  - advance: 5m\n    expect:\n      sessions: { count: 1 }\n')).toEqual([
      at(3, 5, 'step 1: has both "advance" and "expect", and a step does one thing: start each on its own "- " line'),
    ]);
  });

  it('a step of no kind names the kinds it can be', () => {
    expect(errorsOf('name: a\nsteps:\n  - id: s\n')).toEqual([at(3, 5, 'step 1: needs one of "send", "advance", "set", "users", "repeat", "expect"')]);
  });

  it('a send of two kinds names them', () => {
    expect(errorsOf('name: a\nsteps:\n  - send:\n      message: { type: track }\n      batch: [{ type: track }]\n')).toEqual([
      at(4, 7, 'step 1: send: has both "message" and "batch", and takes one of "message", "batch", "event"'),
    ]);
  });
});

describe('a duration in words', () => {
  it('quotes what was written and says how to write it', () => {
    expect(errorsOf('name: a\nsteps:\n  - advance: 30 mins\n')).toEqual([at(3, 14, 'step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not "30 mins": write "30m"')]);
    expect(errorsOf('name: a\nsteps:\n  - expect: { session: { anonymousId: a, duration: 2 hours } }\n')[0].message).toBe(
      'step 1: expect.session.duration: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not "2 hours": write "2h"',
    );
    expect(errorsOf('name: a\nsteps:\n  - advance: soon\n')).toEqual([at(3, 14, 'step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not "soon"')]);
  });

  it('a duration filled from a variable says the same', () => {
    expect(errorsOf('name: a\nvariables: { t: 90 secs }\nsteps:\n  - advance: "{{t}}"\n')[0].message).toBe('step 1: advance: expected a duration such as "12m", "90s", "1h30m" or milliseconds, not "90 secs": write "90s"');
  });
});

describe('a reference to no step', () => {
  it('points at the step it names, and names the id meant', () => {
    expect(errorsOf('name: a\nsteps:\n  - id: ann\n    advance: 1m\n  - expect:\n      matching: { step: anne, outcome: created }\n')).toEqual([
      at(6, 25, 'step 2: expect.matching.step: no step has id "anne"; did you mean "ann"? (ids: ann)'),
    ]);
  });

  it('inside a repeat, at the repeated step', () => {
    expect(errorsOf('name: a\nsteps:\n  - repeat:\n      times: 2\n      steps:\n        - expect: { delivery: { step: nope } }\n')).toEqual([
      at(6, 39, 'step 1, repeat step 1: expect.delivery.step: no step has id "nope" (ids: none)'),
    ]);
  });
});

describe('a key indented one space off', () => {
  it('points at the key, not at the start of its line', () => {
    expect(errorsOf('name: a\nsteps:\n  - expect:\n      matching: { step: ann }\n     users: { count: 1 }\n')).toEqual([at(5, 6, 'not valid YAML/JSON: All mapping items must start at the same column')]);
    expect(errorsOf('name: a\nsteps:\n - advance: 1m\n  - advance: 2m\n')).toEqual([at(4, 3, 'not valid YAML/JSON: All sequence items must start at the same column')]);
  });
});

describe('milliseconds written as a duration', () => {
  it('a timeout written "30m" says the number of milliseconds to write', () => {
    expect(errorsOf('name: a\nsettings:\n  sessions:\n    timeoutMs: 30m\nsteps: [advance: 1s]\n')).toEqual([at(4, 16, 'settings.sessions.timeoutMs: expected integer (milliseconds), not "30m": write 1800000')]);
    expect(errorsOf('name: a\nsettings:\n  sessions:\n    timeoutMs: 30 minutes\nsteps: [advance: 1s]\n')[0].message).toBe('settings.sessions.timeoutMs: expected integer (milliseconds), not "30 minutes": write 1800000');
    expect(errorsOf('name: a\nsettings:\n  sessions:\n    timeoutMs: soon\nsteps: [advance: 1s]\n')[0].message).toBe('settings.sessions.timeoutMs: expected integer');
  });
});

describe('a catalog event the profile does not have', () => {
  it('is an error of the file at the name, with did you mean, not a failure found when the step runs', () => {
    expect(errorsOf('name: a\nsteps:\n  - send:\n      event: { profile: provesource, name: Notification Clickd }\n')).toEqual([
      at(4, 44, 'step 1: send.event.name: ProveSource has no event "Notification Clickd"; did you mean "Notification Clicked"? It has Notification Viewed, Notification Hovered, Notification Clicked, Goal Completed'),
    ]);
    // Produktly's two spellings are both events; segment's "events" are the call types.
    expect(errorsOf('name: a\nsteps:\n  - send: { event: { profile: produktly, name: tour_strat } }\n')[0].message).toMatch(/^step 1: send\.event\.name: Produktly has no event "tour_strat"; did you mean "tour_start"\? It has /);
    expect(errorsOf('name: a\nsteps:\n  - send: { event: { profile: segment, name: trak } }\n')[0].message).toBe('step 1: send.event.name: Segment spec has no event "trak"; did you mean "track"? It has track, identify, group, page, screen, alias');
  });
});

describe('a schema error in one step does not hide the problems of the others', () => {
  it('a bad regex, an unknown catalog event and a reference to no step are listed beside an unknown key', () => {
    const text = 'name: hides\nsteps:\n  - sned: { message: { type: track, userId: u, event: E } }\n  - expect: { messages: { match: { event: "/tour_(start/" } } }\n  - send: { event: { profile: provesource, name: Goal Complete } }\n  - expect: { dropReasons: { step: nope } }\n';
    expect(errorsOf(text).map((e) => `${e.line}:${e.column}: ${e.message.replace(/ It has .*$/, '')}`)).toEqual([
      '3:5: step 1: unknown key "sned"; did you mean "send"?',
      '4:43: step 2: expect.messages.match.event: /tour_(start/ is not a valid regular expression: Unterminated group',
      '5:50: step 3: send.event.name: ProveSource has no event "Goal Complete"; did you mean "Goal Completed"?',
      '6:36: step 4: expect.dropReasons.step: no step has id "nope" (ids: none)',
    ]);
  });

  it('the id of a step with a schema error still counts as a step id', () => {
    expect(errorsOf('name: a\nsteps:\n  - id: s\n    send: { message: { type: track }, bogus: 1 }\n  - expect: { dropReasons: { step: s, none: true } }\n').map((e) => e.message)).toEqual(['step 1: send: unknown key "bogus"']);
  });
});

// `- send:` with `message:` on the next line at the step's own indentation: send is empty, and the
// step has a key "message". It read "send: expected object", which said not what to move.
describe("a step kind's keys indented as the step's own", () => {
  it('names the keys beside the empty kind, their line, and says to indent them under it', () => {
    expect(errorsOf('name: a\nsteps:\n  - send:\n    message: { type: track, userId: u, event: E }\n')).toEqual([
      at(3, 10, 'step 1: send: is empty, and "message" (line 4) is beside it at the step\'s own indentation: indent it under send, further than "send"'),
    ]);
    // expect: its "unknown key" for the expectation is not said twice.
    expect(errorsOf('name: a\nsteps:\n  - advance: 1m\n  - id: e\n    expect:\n    messages: { count: 1 }\n    findings: { count: 0 }\n')).toEqual([
      at(5, 12, 'step 2: expect: is empty, and "messages", "findings" (line 6) are beside it at the step\'s own indentation: indent them under expect, further than "expect"'),
    ]);
    // An empty send with nothing beside it is what it was.
    expect(errorsOf('name: a\nsteps:\n  - send:\n').map((e) => e.message)).toEqual(['step 1: send: expected object']);
  });
});
