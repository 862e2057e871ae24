// Scenario files and long numbers, rule by rule (exact-numbers.test.ts has the whole picture):
// which scalars become markers, which parts of the spec come from the marked reading, and how a
// marker compares with a plain number or a string pattern in an expectation.
import { describe, expect, it } from 'vitest';
import { exactNumber, isExactNumber, parseExact, stringifyExact } from '../../../src-shared/exact-json';
import { matchesPartial } from '../../../src-shared/scenario/match';
import type { FlatStep } from '../../../src-shared/scenario/types';
import { ok } from './load-helpers';

type Of<K extends FlatStep['kind']> = Extract<FlatStep, { kind: K }>;

describe('which scalars keep their digits', () => {
  it('a plain number only: a tagged string stays a string, a quoted text tagged !!int stays YAML\'s number', () => {
    const s = ok(['name: t', 'steps:', '  - send: { message: { type: track, event: E, properties: { str: !!str 9007199254740993, int: !!int "9007199254740993", n: 9007199254740993 } } }', ''].join('\n'));
    const p = (s.steps[0] as Of<'send'>).send.message!.properties as Record<string, unknown>;
    expect(p.str).toBe('9007199254740993');
    expect(p.int).toBe(9007199254740992);
    expect(isExactNumber(p.n)).toBe(true);
  });
});

describe('a file with a long number: the steps keep everything else', () => {
  it('ids, advances, clock sets, other expectations and the counts are as YAML reads them', () => {
    const s = ok(
      [
        'name: k',
        'steps:',
        '  - id: first',
        '    send: { message: { type: track, event: E, userId: 9007199254740993 } }',
        '  - advance: 5m',
        '  - set: "2026-01-01T10:00:00Z"',
        '  - expect: { findings: { count: 0 } }',
        '  - expect: { messages: { filter: { userId: 9007199254740993 }, count: 1 } }',
        '',
      ].join('\n'),
    );
    expect(s.steps.map((x) => x.kind)).toEqual(['send', 'advance', 'set', 'expect', 'expect']);
    const [send, advance, set, findings, messages] = s.steps as [Of<'send'>, Of<'advance'>, Of<'set'>, Of<'expect'>, Of<'expect'>];
    expect(send.id).toBe('first');
    expect(stringifyExact(send.send.message)).toBe('{"type":"track","event":"E","userId":9007199254740993}');
    expect(advance.ms).toBe(300_000);
    expect(set.to).toBe(Date.parse('2026-01-01T10:00:00Z'));
    expect(findings.expect).toEqual({ findings: { count: 0 } });
    expect(messages.expect.messages!.count).toBe(1);
    expect(isExactNumber(messages.expect.messages!.filter!.userId)).toBe(true);
  });
});

describe('matchesPartial: a marker on one side only', () => {
  it('an expected marker matches a captured number of the same value', () => {
    expect(matchesPartial({ ratio: 0.1 }, { ratio: exactNumber('0.10000000000000000') })).toBe(true);
    expect(matchesPartial({ ratio: 0.2 }, { ratio: exactNumber('0.10000000000000000') })).toBe(false);
  });

  it('a captured marker matches an expected number of the same value, never a pattern or a string', () => {
    const captured = parseExact('{"n":1000000000000000000000.0,"id":9007199254740993}') as Record<string, unknown>;
    expect(isExactNumber(captured.n)).toBe(true);
    expect(matchesPartial(captured, { n: 1e21 })).toBe(true);
    expect(matchesPartial(captured, { n: 1e20 })).toBe(false);
    expect(matchesPartial(captured, { id: '/9007/' })).toBe(false);
    expect(matchesPartial(captured, { id: '/exact/' })).toBe(false);
    expect(matchesPartial(captured, { id: captured.id })).toBe(true);
  });
});
