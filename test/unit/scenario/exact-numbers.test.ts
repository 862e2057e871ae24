// Numbers a double cannot hold in scenario files: a step's message, inline users, variables and
// the messages expectation keep the digits the file writes (src-shared/exact-json.ts markers), so
// a run sends them as written and an expectation compares them digit for digit.
import { describe, expect, it } from 'vitest';
import { exactText, isExactNumber, parseExact, stringifyExact } from '../../../src-shared/exact-json';
import { expectMessages } from '../../../src-shared/scenario/expect';
import { matchesPartial, mismatches, nearestUsers } from '../../../src-shared/scenario/match';
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

describe('users and matching expectations: a user trait past 2^53 compared digit for digit', () => {
  // A directory user as GET /api/users answers it, read with parseExact (the runner's directoryUsers).
  const ada = parseExact('{"id":"new-1","username":"ada","properties":{"plan_seats":9007199254740993,"plan":"pro"}}') as { id: string };
  const expectOf = (yaml: string) => (ok(`name: u\nsteps:\n  - id: s\n    send: { message: { type: identify, userId: ada } }\n  - expect: ${yaml}\n`).steps[1] as Of<'expect'>).expect;

  it('the file keeps the digits of users.contains and matching.user (YAML and JSON files alike)', () => {
    const e = expectOf('{ users: { count: 1, contains: [{ properties: { plan_seats: 9007199254740993 } }] }, matching: { step: s, outcome: created, user: { properties: { plan_seats: 12345678901234567890 } } } }');
    expect(stringifyExact(e.users!.contains)).toBe('[{"properties":{"plan_seats":9007199254740993}}]');
    expect(stringifyExact(e.matching!.user)).toBe('{"properties":{"plan_seats":12345678901234567890}}');
    expect(isExactNumber((e.matching!.user!.properties as Record<string, unknown>).plan_seats)).toBe(true);
    expect(e.users!.count).toBe(1);
    expect(e.matching!.outcome).toBe('created');
    const json = ok('{"name":"j","steps":[{"expect":{"users":{"contains":[{"properties":{"plan_seats":9007199254740993}}]}}}]}');
    expect(stringifyExact((json.steps[0] as Of<'expect'>).expect.users!.contains)).toBe('[{"properties":{"plan_seats":9007199254740993}}]');
  });

  it('the same digits match, the neighbour does not; a miss names the nearest user with both digits', () => {
    const wantSame = expectOf('{ users: { contains: [{ properties: { plan_seats: 9007199254740993 } }] } }').users!.contains![0];
    const wantNext = expectOf('{ users: { contains: [{ properties: { plan_seats: 9007199254740992 } }] } }').users!.contains![0];
    expect(matchesPartial(ada, wantSame)).toBe(true);
    expect(matchesPartial(ada, wantNext)).toBe(false);
    // Read as doubles (res.json()), both sides were 9007199254740992: the old comparison passed it.
    expect(matchesPartial(JSON.parse(stringifyExact(ada)), JSON.parse(stringifyExact(wantNext)))).toBe(true);
    expect(nearestUsers([ada], wantNext)).toEqual(['new-1: properties.plan_seats is 9007199254740993, expected 9007199254740992']);
  });

  it('nearestUsers: the fewest differences first, at most n, named as asked; a user who matches is none of them', () => {
    const users = [
      { id: 'a', username: 'x', email: 'x@example.com' },
      { id: 'b', username: 'bob', email: 'y@example.com' },
      { id: 'c', username: 'bob', email: 'bob@example.com' },
      { id: 'd', username: 'z', email: 'z@example.com' },
    ];
    const want = { username: 'bob', email: 'bob@example.com' };
    expect(nearestUsers(users, want)).toEqual(['b: email is "y@example.com", expected "bob@example.com"', 'a: username is "x", expected "bob", email is "x@example.com", expected "bob@example.com"', 'd: username is "z", expected "bob", email is "z@example.com", expected "bob@example.com"']);
    expect(nearestUsers(users, want, (u) => `user ${u.id}`, 1)).toEqual(['user b: email is "y@example.com", expected "bob@example.com"']);
    expect(nearestUsers([], want)).toEqual([]);
  });
});
