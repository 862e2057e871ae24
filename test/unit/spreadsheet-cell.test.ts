// CSV cells a spreadsheet would run as formulas (OWASP's CSV injection): which ones the users
// export puts behind an apostrophe, and that the import takes exactly that apostrophe off again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defuseFormula, restoreDefused, tabSeparatedCell } from '../../src-shared/spreadsheet-cell';

describe('defuseFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['+x', "'+x"],
    ['-12x', "'-12x"],
    ['-1.x', "'-1.x"],
    ['-.x', "'-.x"],
    ['-1e', "'-1e"],
    ['-1ex', "'-1ex"],
    ["'=x", "''=x"],
  ])('a cell a spreadsheet runs: %j -> %j', (text, cell) => {
    expect(defuseFormula(text)).toBe(cell);
  });

  it.each(['-5', '+1e3', '-12.5', '-.55', '-1.5e-3', '-1e+10', '-7E5', '+3.', 'a=b', "it's", '', '5'])('a plain number or text stays as it is: %j', (text) => {
    expect(defuseFormula(text)).toBe(text);
  });
});

describe('restoreDefused', () => {
  it('takes off only a leading apostrophe before a formula character', () => {
    expect(restoreDefused("'=x")).toBe('=x');
    expect(restoreDefused("''=x")).toBe("'=x");
    expect(restoreDefused("a'=b")).toBe("a'=b");
    expect(restoreDefused("'plain")).toBe("'plain");
  });

  it('undoes defuseFormula for every text (the export imports back exactly)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.tuple(fc.constantFrom("'", "''", ''), fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string()).map((p) => p.join(''))), (text) => {
        expect(restoreDefused(defuseFormula(text))).toBe(text);
      }),
    );
  });
});

describe('tabSeparatedCell', () => {
  it('makes tabs and line breaks one space, defuses a formula, and writes nothing for undefined', () => {
    expect(tabSeparatedCell('a\tb\r\n\nc')).toBe('a b c');
    expect(tabSeparatedCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    // The line break goes first: a value that starts with one is a formula no more, and not defused.
    expect(tabSeparatedCell('\t=1')).toBe(' =1');
    expect(tabSeparatedCell('-5')).toBe('-5');
    expect(tabSeparatedCell(undefined)).toBe('');
    expect(tabSeparatedCell('')).toBe('');
  });
});
