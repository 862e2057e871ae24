// Moments past the range a Date holds (±8.64e15 ms): a message stamped at the last one,
// +275760-09-13T00:00:00Z, times out 30 minutes later. The API wrote that timeout as its
// milliseconds ("8640000001800000") and the session pane as "0NaN-NaN-NaN NaN:NaN:NaN". (h-outside2
// found it too; h-lanes' fix landed, and these cases check it.)
import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../src-shared/sim-clock';
import { localDateTime } from '../../../src-renderer/src/inspector/format';

const LAST = 8.64e15; // +275760-09-13T00:00:00.000Z
const HALF_HOUR = 1_800_000;

describe('isoTime past the range a Date holds', () => {
  it('writes the moment in ISO form, as toISOString writes an extended year', () => {
    expect(isoTime(LAST)).toBe('+275760-09-13T00:00:00.000Z');
    expect(isoTime(LAST + HALF_HOUR)).toBe('+275760-09-13T00:30:00.000Z');
    expect(isoTime(LAST + 86_400_000 * 18 + 1)).toBe('+275760-10-01T00:00:00.001Z');
    expect(isoTime(-LAST - 1)).toBe('-271821-04-19T23:59:59.999Z');
  });

  it('400 years later is the same day and time (the Gregorian calendar repeats)', () => {
    expect(isoTime(LAST + 146_097 * 86_400_000)).toBe('+276160-09-13T00:00:00.000Z');
  });

  it('a moment a Date holds is written as toISOString writes it; a value that is no moment stays its text', () => {
    expect(isoTime(LAST)).toBe(new Date(LAST).toISOString());
    expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoTime(Number.NaN)).toBe('NaN');
    expect(isoTime(Infinity)).toBe('Infinity');
  });

  it('years as toISOString writes them, four digits or signed six', () => {
    const yearStart = (year: number) => new Date(0).setUTCFullYear(year, 0, 1); // Date.UTC reads 5 as 1905
    for (const year of [5, 2026, 10000, -1]) expect(isoTime(yearStart(year))).toBe(new Date(yearStart(year)).toISOString());
    expect(isoTime(yearStart(5)).slice(0, 4)).toBe('0005');
  });

  it('the local reading of such a moment has its year, day and time (in whatever zone the tests run)', () => {
    expect(localDateTime(LAST + HALF_HOUR)).toMatch(/^2757(60-09-1[23]|60-09-14) \d\d:\d\d:00$/);
    expect(localDateTime(LAST + HALF_HOUR)).not.toContain('NaN');
  });
});
