// field-check's shortcuts must answer as the plain checks would: isMissing's first-character test
// (trim() only when the first character may be whitespace) and checkField's memo of the last value
// that passed a type check.
import { describe, expect, it } from 'vitest';
import { checkField, compileFields, isMissing } from '../../../src-shared/validate/field-check';
import type { Finding } from '../../../src-shared/validate/finding';

describe('isMissing', () => {
  it('agrees with trim() on blank and non-blank strings, ASCII and not', () => {
    const samples = ['', ' ', '\t\n', '\u00a0', '\u2003 ', '\ufeff', 'a', ' a', 'a ', '\u00e9', '\u00a0x', '~', '\u007f', '0'];
    for (const s of samples) expect(isMissing(s)).toBe(s.trim() === '');
    expect(isMissing(undefined)).toBe(true);
    expect(isMissing(null)).toBe(true);
    expect(isMissing(0)).toBe(false);
  });
});

describe('checkField type memo', () => {
  it('still reports a bad value after a good one, and a good one after a bad one', () => {
    const [field] = compileFields([{ path: 'sentAt', label: 'Sent at', type: 'iso8601', requirement: 'optional', description: 'd', example: 'e', origin: 'Segment spec' }], 'segment.base');
    const run = (value: unknown) => {
      const out: Finding[] = [];
      checkField({ sentAt: value }, field, 'segment', 'Segment', '', out);
      return out.map((f) => f.rule);
    };
    const good = '2025-03-14T09:26:53.000Z';
    expect(run(good)).toEqual([]);
    expect(run(good)).toEqual([]);
    expect(run(`${good.slice(0, -1)}`.replace('T', ' '))).toEqual(['segment.base.sentAt.iso8601']);
    expect(run('not a date')).toEqual(['segment.base.sentAt.iso8601']);
    expect(run(good.slice(0))).toEqual([]);
  });
});
