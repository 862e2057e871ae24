// field-check's shortcuts must answer as the plain checks would: isMissing's first-character test
// (trim() only when the first character may be whitespace) and checkField's memo of the last value
// that passed a type check.
import { describe, expect, it } from 'vitest';
import { checkField, compileFields, isMissing } from '../../../src-shared/validate/field-check';
import type { FieldSpec } from '../../../src-shared/catalogs/types';
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

describe('checkField fast pass', () => {
  const spec = (extra: Pick<FieldSpec, 'type'> & Partial<FieldSpec>): FieldSpec => ({ path: 'v', label: 'V', requirement: 'required', description: 'd', example: 'e', origin: 'Segment spec', ...extra });
  const run = (field: ReturnType<typeof compileFields>[number], value: unknown) => {
    const out: Finding[] = [];
    checkField({ v: value }, field, 'segment', 'Segment', '', out);
    return out.map((f) => f.rule);
  };

  it('passes only what the full check passes, for every kind it shortcuts', () => {
    const [str] = compileFields([spec({ type: 'string', maxLength: 5 })], 'r');
    expect(run(str, 'abc')).toEqual([]);
    expect(run(str, 'abcdef')).toEqual(['r.v.maxLength']);
    expect(run(str, ' ')).toEqual(['r.v.required']); // blank
    expect(run(str, '\u00a0x')).toEqual([]); // not blank, first character not ASCII: full check
    expect(run(str, 5)).toEqual(['r.v.type']);
    const [obj] = compileFields([spec({ type: 'object' })], 'r');
    expect(run(obj, {})).toEqual([]);
    expect(run(obj, [])).toEqual(['r.v.type']);
    const [num] = compileFields([spec({ type: 'number' })], 'r');
    expect(run(num, 0)).toEqual([]);
    expect(run(num, Number.NaN)).toEqual(['r.v.type']);
    const [en] = compileFields([spec({ type: 'string', enum: ['a', 'b'] })], 'r');
    expect(run(en, 'a')).toEqual([]);
    expect(run(en, 'c')).toEqual(['r.v.enum']);
  });

  it('checks the length of a date field that has one, every time (the memo of a valid date does not skip it)', () => {
    const [date] = compileFields([spec({ type: 'iso8601', maxLength: 10 })], 'r');
    expect(run(date, '2025-03-14')).toEqual([]);
    expect(run(date, '2025-03-14T09:26:53.000Z')).toEqual(['r.v.maxLength']);
    expect(run(date, '2025-03-14T09:26:53.000Z')).toEqual(['r.v.maxLength']);
  });
});
