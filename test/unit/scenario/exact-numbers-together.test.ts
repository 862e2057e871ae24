// One expect step with every expectation that compares a message or a user: each keeps the digits
// of a number past 2^53 (parse.ts withExactPayloads), none taking another's place.
import { describe, expect, it } from 'vitest';
import { exactText, isExactNumber, stringifyExact } from '../../../src-shared/exact-json';
import type { FlatStep } from '../../../src-shared/scenario/types';
import { ok } from './load-helpers';

type Of<K extends FlatStep['kind']> = Extract<FlatStep, { kind: K }>;

describe('an expect step with messages, users and matching expectations together', () => {
  it('keeps the digits in the messages filter and match, users.contains and matching.user, and the rest as written', () => {
    const s = ok(
      [
        'name: together',
        'steps:',
        '  - id: s',
        '    send: { message: { type: identify, userId: ada } }',
        '  - expect:',
        '      messages: { count: 1, filter: { userId: 9007199254740993 }, match: { traits: { seats: 12345678901234567890 } } }',
        '      users: { count: 2, contains: [{ properties: { plan_seats: 9007199254740993 } }] }',
        '      matching: { step: s, outcome: created, user: { properties: { plan_seats: 18446744073709551615 } } }',
      ].join('\n'),
    );
    const e = (s.steps[1] as Of<'expect'>).expect;
    expect(exactText(e.messages!.filter!.userId as string)).toBe('9007199254740993');
    expect(stringifyExact(e.messages!.match)).toBe('{"traits":{"seats":12345678901234567890}}');
    expect(stringifyExact(e.users!.contains)).toBe('[{"properties":{"plan_seats":9007199254740993}}]');
    expect(isExactNumber((e.matching!.user!.properties as Record<string, unknown>).plan_seats)).toBe(true);
    expect(stringifyExact(e.matching!.user)).toBe('{"properties":{"plan_seats":18446744073709551615}}');
    expect([e.messages!.count, e.users!.count, e.matching!.step, e.matching!.outcome]).toEqual([1, 2, 's', 'created']);
  });

  it('leaves a users or matching expectation without contains or user as written', () => {
    const s = ok(
      [
        'name: counts',
        'steps:',
        '  - id: s',
        '    send: { message: { type: identify, userId: 9007199254740993 } }',
        '  - expect:',
        '      users: { count: 1 }',
        '      matching: { step: s, outcome: created }',
      ].join('\n'),
    );
    const e = (s.steps[1] as Of<'expect'>).expect;
    expect(e.users).toStrictEqual({ count: 1 });
    expect(e.matching).toStrictEqual({ step: 's', outcome: 'created' });
  });
});
