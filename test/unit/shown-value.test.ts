// shownValue (src-shared/shown-value.ts): a value from outside written back in an error as its
// sender wrote it. JSON.stringify writes a number past a double's range (1e400, read as Infinity)
// as null, a value the sender never sent; NaN (a JavaScript caller's) likewise.
import { describe, expect, it } from 'vitest';
import { shownValue } from '../../src-shared/shown-value';

describe('shownValue', () => {
  it('a number past a double\'s range says so, with its sign', () => {
    expect(shownValue(JSON.parse('1e400'))).toBe('a number too large to hold (it reads as Infinity)');
    expect(shownValue(JSON.parse('-1e400'))).toBe('a number too large to hold (it reads as -Infinity)');
  });

  it('NaN is written as NaN, not null', () => {
    expect(shownValue(Number.NaN)).toBe('NaN');
  });

  it('anything else as JSON', () => {
    expect(shownValue(1.5)).toBe('1.5');
    expect(shownValue(0)).toBe('0');
    expect(shownValue('1e400')).toBe('"1e400"');
    expect(shownValue(null)).toBe('null');
    expect(shownValue({ ms: 5 })).toBe('{"ms":5}');
  });
});

describe('shownValue: the one for every error (command-args re-exports it)', () => {
  it('says undefined for a field left out, and cuts a long value after 80 characters', () => {
    expect(shownValue(undefined)).toBe('undefined');
    expect(shownValue('x'.repeat(100))).toBe(`"${'x'.repeat(78)}…`);
    expect(shownValue(10n)).toBe('10');
  });
});

describe('shownValue: the edges of the cut, and what JSON cannot write', () => {
  it('a value of exactly 80 characters is shown whole; 81 is cut to 79 and "…"', () => {
    const eighty = `"${'y'.repeat(78)}"`;
    expect(shownValue('y'.repeat(78))).toBe(eighty);
    expect(shownValue('y'.repeat(79))).toBe(`"${'y'.repeat(78)}…`);
    expect(shownValue('y'.repeat(79))).toHaveLength(80);
  });

  it('a value JSON.stringify has no text for (a symbol, a function from a JavaScript caller) is shown as JavaScript writes it', () => {
    expect(shownValue(Symbol('seq'))).toBe('Symbol(seq)');
    expect(shownValue(-12n)).toBe('-12');
  });
});
