// A send's `type: trak` passed the check without a word (Segment drops it). A scenario may send a
// bad message on purpose, so it is a warning of the check, not an error: it names the step, the
// value and the call type meant, and an expectation of the drop after the send says it is meant.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src-main/replay/load';
import { checkScenario } from '../../../src-shared/scenario/check';

const warningsOf = (text: string) => {
  const r = loadScenario(text, 'x.scenario.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return (r.warnings ?? []).map((w) => `${w.line}:${w.column}: ${w.message} | ${w.hint}`);
};

describe("a send's type that is no Segment call type", () => {
  it('is a warning at the value, naming the step, the value and the type meant; the file still plays', () => {
    const text = 'name: typo\nsteps:\n  - send: { message: { type: trak, userId: u1, event: Paid } }\n';
    expect(warningsOf(text)).toEqual([
      '3:30: step 1: send.message.type: "trak" is not a Segment call type; did you mean "track"? Segment would drop the message (unknown-type) | if that is on purpose, say so after the send: expect: { dropReasons: { codes: [unknown-type] } }',
    ]);
    const check = checkScenario(loadScenario(text, 'x.scenario.yaml'));
    expect(check.ok).toBe(true);
    expect(check.ok && check.warnings?.map((w) => w.text)).toEqual(['x.scenario.yaml:3:30: step 1: send.message.type: "trak" is not a Segment call type; did you mean "track"? Segment would drop the message (unknown-type)']);
    expect(check.ok && check.warnings?.[0].hint).toBe('if that is on purpose, say so after the send: expect: { dropReasons: { codes: [unknown-type] } }');
  });

  it('names the step by its id in the expectation it suggests, and each batch item and override on its own', () => {
    const text = [
      'name: typo',
      'steps:',
      '  - id: buy',
      '    send: { batch: [ { type: Track, userId: u }, { type: 5, userId: u }, { type: page, userId: u } ] }',
      '  - send: { event: { profile: segment, name: track, overrides: { type: idnetify } } }',
      '',
    ].join('\n');
    const w = warningsOf(text);
    expect(w).toHaveLength(3);
    expect(w[0]).toMatch(/^4:30: step 1: send\.batch\[0\]\.type: "Track" is not a Segment call type; did you mean "track"\? .*\| if that is on purpose, say so after the send: expect: \{ dropReasons: \{ step: buy, codes: \[unknown-type\] \} \}$/);
    // Nothing near: the call types are listed instead.
    expect(w[1]).toMatch(/^4:58: step 1: send\.batch\[1\]\.type: 5 is not a Segment call type \(track, identify, group, page, screen, alias\)\. Segment would drop/);
    expect(w[2]).toMatch(/^5:72: step 2: send\.event\.overrides\.type: "idnetify" is not a Segment call type; did you mean "identify"\?/);
  });

  it('via: sender says the delivery fails, and suggests expecting that', () => {
    expect(warningsOf('name: s\nsteps:\n  - send: { via: sender, message: { type: pgae, userId: u } }\n')).toEqual([
      '3:43: step 1: send.message.type: "pgae" is not a Segment call type; did you mean "page"? The sender (analytics-node) refuses to send it, so its delivery fails | if that is on purpose, say so after the send: expect: { delivery: { state: failed } }',
    ]);
  });

  it('lists the first 10 by line and counts the rest', () => {
    const text = 'name: many\nsteps:\n' + Array.from({ length: 13 }, (_, i) => `  - send: { message: { type: trak, userId: u-${i} } }\n`).join('');
    const r = loadScenario(text, 'x.scenario.yaml');
    expect(r.ok && r.warnings?.map((w) => w.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(r.ok && r.warningsLeftOut).toBe(3);
    const check = checkScenario(r);
    expect(check.ok && [check.warnings?.length, check.warningsLeftOut]).toEqual([10, 3]);
  });

  it('a send in a repeat is one warning, not one per round', () => {
    expect(warningsOf('name: r\nsteps:\n  - repeat: { times: 50, steps: [ { send: { message: { type: trak, userId: u } } } ] }\n')).toEqual([expect.stringMatching(/^3:62: step 1, repeat step 1: send\.message\.type: "trak"/)]);
  });

  // The tab marked every round's row of the line, also the rounds an expectation said were meant.
  it("a repeat's warning names the rounds it holds in, by their steps' indexes, not those said to be meant", () => {
    const rounds = (after: string) => {
      const r = loadScenario(`name: r\nsteps:\n  - repeat: { times: 3, steps: [ { advance: 1m }, { id: "buy-{{i}}", send: { via: sender, message: { type: pgae, userId: u } } } ] }\n${after}`, 'x.scenario.yaml');
      if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
      return (r.warnings ?? []).map((w) => [w.line, w.stepIndexes, w.hint.match(/step: (buy-\d)/)?.[1]]);
    };
    // Steps 0, 2, 4 advance; 1, 3, 5 are the rounds' sends.
    // Its hint names the latest round's id still warned of.
    expect(rounds('')).toEqual([[3, [1, 3, 5], 'buy-3']]);
    expect(rounds('  - expect: { delivery: { step: buy-2, state: failed } }\n')).toEqual([[3, [1, 5], 'buy-3']]);
    expect(rounds('  - expect: { delivery: { step: buy-1, state: failed } }\n  - expect: { delivery: { step: buy-3, state: failed } }\n')).toEqual([[3, [3], 'buy-2']]);
    const check = checkScenario(loadScenario('name: t\nsteps:\n  - repeat: { times: 2, steps: [ { id: "v-{{i}}", send: { message: { type: trak, userId: u } } } ] }\n  - expect: { dropReasons: { step: v-1, codes: [unknown-type] } }\n', 'x.scenario.yaml'));
    expect(check.ok && check.warnings?.map((w) => w.stepIndexes)).toEqual([[1]]);
  });

  it('an expectation of the drop after the send says it is on purpose: no warning', () => {
    const text = (expectation: string) => `name: meant\nsteps:\n  - id: bad\n    send: { message: { type: trak, userId: u } }\n  - send: { message: { type: track, userId: u, event: E } }\n${expectation}`;
    expect(warningsOf(text('  - expect: { dropReasons: { step: bad, codes: [unknown-type] } }\n'))).toEqual([]);
    // Without step, dropReasons judges every message of the run so far, the bad one's too.
    expect(warningsOf(text('  - expect: { dropReasons: { codes: [missing-event, unknown-type] } }\n'))).toEqual([]);
    expect(warningsOf('name: s\nsteps:\n  - send: { via: sender, message: { type: pgae, userId: u } }\n  - expect: { delivery: { state: failed } }\n')).toEqual([]);
  });

  it('an expectation of something else, of another step, or before the send does not', () => {
    const send = '  - id: bad\n    send: { message: { type: trak, userId: u } }\n  - id: good\n    send: { message: { type: track, userId: u, event: E } }\n';
    const still = /^4:30: step 1: send\.message\.type: "trak"/;
    expect(warningsOf(`name: a\nsteps:\n${send}  - expect: { dropReasons: { step: good, codes: [unknown-type] } }\n`)).toEqual([expect.stringMatching(still)]);
    expect(warningsOf(`name: a\nsteps:\n${send}  - expect: { dropReasons: { step: bad, codes: [missing-identity] } }\n`)).toEqual([expect.stringMatching(still)]);
    expect(warningsOf(`name: a\nsteps:\n  - expect: { dropReasons: { none: true } }\n${send}`)).toEqual([expect.stringMatching(/^5:30: step 2: send\.message\.type: "trak"/)]);
    expect(warningsOf('name: s\nsteps:\n  - send: { via: sender, message: { type: pgae, userId: u } }\n  - expect: { delivery: { state: delivered } }\n')).toHaveLength(1);
  });

  it('every call type, a message without type and a left-out override pass without a warning', () => {
    const types = ['track', 'identify', 'group', 'page', 'screen', 'alias'].map((t) => `  - send: { message: { type: ${t}, userId: u, event: E, groupId: g, previousId: p } }`).join('\n');
    expect(warningsOf(`name: fine\nsteps:\n${types}\n  - send: { message: { userId: u } }\n  - send: { event: { profile: segment, name: track, overrides: { type: { $absent: true } } } }\n`)).toEqual([]);
    const check = checkScenario(loadScenario('name: fine\nsteps:\n  - advance: 1m\n', 'x.scenario.yaml'));
    expect(check.ok && 'warnings' in check).toBe(false);
  });
});

describe('a foreign type: what the warning says of other values and sends', () => {
  it('a type that is not text is shown as written, with the call types listed; an override that is an object but not $absent is warned of', () => {
    expect(warningsOf('name: n\nsteps:\n  - send: { message: { type: null, userId: u } }\n')).toEqual([
      '3:30: step 1: send.message.type: null is not a Segment call type (track, identify, group, page, screen, alias). Segment would drop the message (unknown-type) | if that is on purpose, say so after the send: expect: { dropReasons: { codes: [unknown-type] } }',
    ]);
    expect(warningsOf('name: o\nsteps:\n  - send: { event: { profile: segment, name: track, overrides: { type: { kind: x } } } }\n')).toEqual([
      expect.stringMatching(/^3:72: step 1: send\.event\.overrides\.type: \{"kind":"x"\} is not a Segment call type \(track, /),
    ]);
  });

  it('via: sender with an id names it in the expectation; an expectation of another sender step leaves the warning', () => {
    const send = '  - id: bad\n    send: { via: sender, message: { type: pgae, userId: u } }\n  - id: ok\n    send: { via: sender, message: { type: page, userId: u } }\n';
    expect(warningsOf(`name: s\nsteps:\n${send}`)).toEqual([
      '4:43: step 1: send.message.type: "pgae" is not a Segment call type; did you mean "page"? The sender (analytics-node) refuses to send it, so its delivery fails | if that is on purpose, say so after the send: expect: { delivery: { step: bad, state: failed } }',
    ]);
    expect(warningsOf(`name: s\nsteps:\n${send}  - expect: { delivery: { step: ok, state: failed } }\n`)).toHaveLength(1);
    expect(warningsOf(`name: s\nsteps:\n${send}  - expect: { delivery: { step: bad, state: failed } }\n`)).toEqual([]);
    // A drop reason is not what comes of a sender's send: it does not silence it.
    expect(warningsOf(`name: s\nsteps:\n${send}  - expect: { dropReasons: { codes: [unknown-type] } }\n`)).toHaveLength(1);
  });

  it('via: webhook is said to be dropped as a tracking send is, and a failed delivery does not silence it', () => {
    const text = 'name: w\nwebhooks: [ { name: pf } ]\nsteps:\n  - send: { via: webhook, webhook: pf, message: { type: trak, userId: u } }\n';
    expect(warningsOf(text)).toEqual([expect.stringMatching(/; did you mean "track"\? Segment would drop the message \(unknown-type\) \| .*expect: \{ dropReasons: \{ codes: \[unknown-type\] \} \}$/)]);
  });

  it('a message or batch item that is null is the file\'s error, not a crash while looking for foreign types', () => {
    expect(() => warningsOf('name: n\nsteps:\n  - send: { batch: [ null, { type: trak, userId: u } ] }\n')).toThrow('step 1: send.batch[0]: expected object');
    expect(() => warningsOf('name: n\nsteps:\n  - send: { message: null }\n')).toThrow('step 1: send.message: expected object');
  });

  it('at most 10 are said, in the order of the file', () => {
    const items = Array.from({ length: 12 }, (_, i) => `      - { type: t${i}, userId: u }`).join('\n');
    const w = warningsOf(`name: many\nsteps:\n  - send:\n      batch:\n${items}\n`);
    expect(w).toHaveLength(10);
    expect(w.map((x) => x.split(':')[0])).toEqual(['5', '6', '7', '8', '9', '10', '11', '12', '13', '14']);
  });
});
