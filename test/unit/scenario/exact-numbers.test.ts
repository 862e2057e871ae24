// Numbers a double cannot hold in scenario files: a step's message, inline users, variables and
// the messages expectation keep the digits the file writes (src-shared/exact-json.ts markers), so
// a run sends them as written and an expectation compares them digit for digit.
import { describe, expect, it } from 'vitest';
import { exactText, isExactNumber, parseExact, stringifyExact } from '../../../src-shared/exact-json';
import { expectMessages } from '../../../src-shared/scenario/expect';
import { matchesPartial, mismatches } from '../../../src-shared/scenario/match';
import type { FlatStep } from '../../../src-shared/scenario/types';
import { ok } from './load-helpers';

type Of<K extends FlatStep['kind']> = Extract<FlatStep, { kind: K }>;

describe('scenario files: numbers past a double keep their digits', () => {
  it('in a send (message, batch, catalog overrides), inline users and the messages expectation', () => {
    const s = ok(
      [
        'name: exact',
        'steps:',
        '  - send: { message: { type: track, userId: 9007199254740993, event: Order, properties: { orderId: 12345678901234567890, total: 12.5, ratio: 0.12345678901234567891, small: 9007199254740992 } } }',
        '  - send: { batch: [{ type: identify, userId: -18446744073709551615 }] }',
        '  - send: { event: { profile: segment, name: track, overrides: { properties: { id: 1234567890123456789 } } } }',
        '  - users: [{ id: u1, externalId: 9007199254740993 }]',
        '  - expect: { messages: { filter: { userId: 9007199254740993 }, match: { properties: { orderId: 12345678901234567890 } }, count: 1 } }',
        '',
      ].join('\n'),
    );
    const [one, batch, event, users, exp] = s.steps as [Of<'send'>, Of<'send'>, Of<'send'>, Of<'users'>, Of<'expect'>];
    expect(stringifyExact(one.send.message)).toBe('{"type":"track","userId":9007199254740993,"event":"Order","properties":{"orderId":12345678901234567890,"total":12.5,"ratio":0.12345678901234567891,"small":9007199254740992}}');
    // A number a double holds stays a number.
    expect((one.send.message!.properties as Record<string, unknown>).small).toBe(9007199254740992);
    expect(stringifyExact(batch.send.batch)).toBe('[{"type":"identify","userId":-18446744073709551615}]');
    expect(stringifyExact(event.send.event!.overrides)).toBe('{"properties":{"id":1234567890123456789}}');
    expect(stringifyExact(users.users)).toBe('[{"id":"u1","externalId":9007199254740993}]');
    expect(exactText(exp.expect.messages!.filter!.userId as string)).toBe('9007199254740993');
    expect(stringifyExact(exp.expect.messages!.match)).toBe('{"properties":{"orderId":12345678901234567890}}');
    expect(exp.expect.messages!.count).toBe(1);
    expect(one.label).toBe('send Order');
  });

  it('a JSON scenario file too, and a repeat\'s steps', () => {
    const s = ok('{"name":"j","steps":[{"repeat":{"times":2,"steps":[{"send":{"message":{"type":"track","event":"E","properties":{"n":{{i}},"id":9007199254740993}}}}]}}]}'.replace('{{i}}', '"{{i}}"'));
    expect(s.steps).toHaveLength(2);
    for (const [k, step] of (s.steps as Of<'send'>[]).entries()) expect(stringifyExact(step.send.message)).toBe(`{"type":"track","event":"E","properties":{"n":${k + 1},"id":9007199254740993}}`);
  });

  it('variables: a whole placeholder is the number, one inside a string its digits', () => {
    const s = ok(['name: v', 'variables: { order: 9007199254740993 }', 'steps:', '  - send: { message: { type: track, event: "Order {{order}}", properties: { orderId: "{{order}}" } } }', ''].join('\n'));
    expect(stringifyExact((s.steps[0] as Of<'send'>).send.message)).toBe('{"type":"track","event":"Order 9007199254740993","properties":{"orderId":9007199254740993}}');
  });

  it('what is not a message stays as YAML reads it: counts, the seed; and YAML-only spellings of a number', () => {
    const s = ok(['name: y', 'seed: 12345678901234567890', 'steps:', '  - send: { message: { type: track, event: E, properties: { plus: +9007199254740993, hex: 0x20000000000001, quoted: "9007199254740993" } } }', '  - expect: { messages: { atLeast: 1 } }', ''].join('\n'));
    const p = (s.steps[0] as Of<'send'>).send.message!.properties as Record<string, unknown>;
    expect(p.plus).toBe(9007199254740992);
    expect(p.hex).toBe(9007199254740992);
    expect(p.quoted).toBe('9007199254740993');
    expect((s.steps[1] as Of<'expect'>).expect.messages!.atLeast).toBe(1);
  });

  it('a file without a 16-digit run is read as before (no markers anywhere)', () => {
    const s = ok('name: p\nsteps:\n  - send: { message: { type: track, event: E, properties: { n: 123456789012345 } } }\n');
    expect(JSON.stringify(s)).not.toContain('exact-');
  });
});

describe('expectations compare a long number digit for digit', () => {
  const captured = parseExact('{"type":"track","userId":9007199254740993,"properties":{"orderId":12345678901234567890,"ratio":0.12345678901234567891,"n":7}}');
  const expectedOf = (yaml: string) => (ok(`name: m\nsteps:\n  - expect: { messages: { match: ${yaml} } }\n`).steps[0] as Of<'expect'>).expect.messages!.match!;

  it('the same digits match; a neighbour a double cannot tell apart does not', () => {
    expect(matchesPartial(captured, expectedOf('{ userId: 9007199254740993, properties: { orderId: 12345678901234567890 } }'))).toBe(true);
    expect(matchesPartial(captured, expectedOf('{ userId: 9007199254740992 }'))).toBe(false);
    expect(matchesPartial(captured, expectedOf('{ properties: { orderId: 12345678901234567891 } }'))).toBe(false);
    expect(matchesPartial(captured, expectedOf('{ properties: { orderId: 12345678901234567000 } }'))).toBe(false);
    expect(matchesPartial(captured, expectedOf('{ properties: { ratio: 0.12345678901234567891 } }'))).toBe(true);
    expect(matchesPartial(captured, expectedOf('{ properties: { ratio: 0.12345678901234568 } }'))).toBe(false);
    // As a double, 9007199254740992 is the captured userId: the old comparison passed it.
    expect(JSON.parse(stringifyExact(captured)).userId).toBe(9007199254740992);
  });

  it('one number in two spellings is the same number; a number is never a string or a regex', () => {
    expect(matchesPartial(captured, expectedOf('{ properties: { orderId: 1.2345678901234567890e19 } }'))).toBe(true);
    expect(matchesPartial(captured, expectedOf('{ properties: { orderId: 12345678901234567890.000 } }'))).toBe(true);
    expect(matchesPartial(captured, expectedOf('{ userId: "9007199254740993" }'))).toBe(false);
    expect(matchesPartial(captured, expectedOf('{ userId: "/^9007/" }'))).toBe(false);
    expect(matchesPartial(parseExact('{"userId":"9007199254740993"}'), expectedOf('{ userId: 9007199254740993 }'))).toBe(false);
    expect(matchesPartial(captured, { properties: { n: 7 } })).toBe(true);
  });

  it('a near miss and the sentence name the digits, not a marker', () => {
    const expected = expectedOf('{ userId: 9007199254740992, properties: { orderId: 12345678901234567890 } }');
    expect(mismatches(captured, expected)).toEqual(['userId is 9007199254740993, expected 9007199254740992']);
    const spec = (ok('name: m\nsteps:\n  - expect: { messages: { filter: { userId: 9007199254740993 }, match: { userId: 9007199254740993 }, count: 1 } }\n').steps[0] as Of<'expect'>).expect.messages!;
    const r = expectMessages(spec, 0, []);
    expect(r.message).toBe('expected 1 message with userId=9007199254740993 matching {"userId":9007199254740993}, got 0');
    expect(isExactNumber(spec.match!.userId)).toBe(true);
  });
});
