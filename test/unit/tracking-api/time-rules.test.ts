// parseIsoTime's rules one by one, beyond time.test.ts: each part of the ISO-8601 grammar it takes,
// each range it checks, at the edge; the expected instants are written out with Date.UTC.
import { describe, expect, it } from 'vitest';
import { eventTime, parseIsoTime, skewCorrectedTimestamp } from '../../../src-shared/tracking-api/time';

describe('parseIsoTime: the grammar', () => {
  it.each([
    ['2026-03-01t10:20:30z', Date.UTC(2026, 2, 1, 10, 20, 30)],
    ['2026-03-01T10:20:30,25Z', Date.UTC(2026, 2, 1, 10, 20, 30, 250)],
    ['2026-03-01T10:20:30.05Z', Date.UTC(2026, 2, 1, 10, 20, 30, 50)],
    ['2026-03-01T10:20:30.999Z', Date.UTC(2026, 2, 1, 10, 20, 30, 999)],
    ['2026-03-01T10:20:30.0009Z', Date.UTC(2026, 2, 1, 10, 20, 30, 0)],
    ['2026-03-01T10:20', Date.UTC(2026, 2, 1, 10, 20)],
    ['2026-03-01T10:20+01:30', Date.UTC(2026, 2, 1, 8, 50)],
    ['2026-03-01T10:20:30-01:30', Date.UTC(2026, 2, 1, 11, 50, 30)],
    ['2026-03-01T10:20:30-02', Date.UTC(2026, 2, 1, 12, 20, 30)],
    ['2026-03-01T10:20:30+0045', Date.UTC(2026, 2, 1, 9, 35, 30)],
    ['2026-03-01T10:20:30+23:59', Date.UTC(2026, 2, 1, 10, 20, 30) - (23 * 60 + 59) * 60_000],
    ['2026-03-01T10:20:30-00:00', Date.UTC(2026, 2, 1, 10, 20, 30)],
  ])('%s', (text, expected) => {
    expect(parseIsoTime(text)).toBe(expected);
  });

  it.each([
    '2026-03-01T10',
    '2026-03-01T10:20:',
    '2026-03-01T10:20:30.',
    '2026-03-01T10:20:30.Z',
    '2026-03-01T1:20Z',
    '2026-3-01',
    '26-03-01',
    '+2026-03-01',
    ' 2026-03-01',
    '2026-03-01 ',
    '2026-03-01\n',
    'x2026-03-01',
    '2026-03-01Z',
    '2026-03-01T10:20:30+1',
    '2026-03-01T10:20:30+01:3',
    '2026-03-01T10:20:30+013',
    '2026-03-01T10:20:30UTC',
  ])('rejects %j', (text) => {
    expect(parseIsoTime(text)).toBeUndefined();
  });

  it('takes at most 64 characters (a long fraction), whatever follows', () => {
    const base = '2026-03-01T10:20:30.'; // 20 characters
    const at64 = base + '1'.repeat(43) + 'Z';
    expect(at64).toHaveLength(64);
    expect(parseIsoTime(at64)).toBe(Date.UTC(2026, 2, 1, 10, 20, 30, 111));
    expect(parseIsoTime(base + '1'.repeat(44) + 'Z')).toBeUndefined();
  });

  it('rejects values that are not strings', () => {
    for (const value of [undefined, true, {}, ['2026-03-01'], 20260301]) expect(parseIsoTime(value)).toBeUndefined();
  });
});

describe('parseIsoTime: ranges', () => {
  it('takes months 1 to 12 and days up to the month’s length', () => {
    expect(parseIsoTime('2026-01-01')).toBe(Date.UTC(2026, 0, 1));
    expect(parseIsoTime('2026-12-31')).toBe(Date.UTC(2026, 11, 31));
    for (const bad of ['2026-00-10', '2026-13-10', '2026-01-00', '2026-01-32', '2026-12-32']) expect(parseIsoTime(bad), bad).toBeUndefined();
    const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    lengths.forEach((days, i) => {
      const month = String(i + 1).padStart(2, '0');
      expect(parseIsoTime(`2026-${month}-${days}`), month).toBe(Date.UTC(2026, i, days));
      expect(parseIsoTime(`2026-${month}-${days + 1}`), month).toBeUndefined();
    });
  });

  it('has 29 days in February of leap years only (every 4th year, not centuries, but every 400th)', () => {
    for (const year of [2024, 2000, 1600, 2028]) expect(parseIsoTime(`${year}-02-29`), String(year)).toBe(Date.UTC(year, 1, 29));
    for (const year of [2026, 1900, 2100, 2023]) expect(parseIsoTime(`${year}-02-29`), String(year)).toBeUndefined();
  });

  it('takes hours to 23, minutes and seconds to 59', () => {
    expect(parseIsoTime('2026-03-01T23:59:59Z')).toBe(Date.UTC(2026, 2, 1, 23, 59, 59));
    expect(parseIsoTime('2026-03-01T00:00:00Z')).toBe(Date.UTC(2026, 2, 1));
    for (const bad of ['2026-03-01T24:00Z', '2026-03-01T23:60Z', '2026-03-01T23:59:60Z']) expect(parseIsoTime(bad), bad).toBeUndefined();
  });

  it('takes offsets to 23 hours and 59 minutes', () => {
    expect(parseIsoTime('2026-03-01T12:00+23:00')).toBe(Date.UTC(2026, 2, 1, 12) - 23 * 3_600_000);
    expect(parseIsoTime('2026-03-01T12:00-00:59')).toBe(Date.UTC(2026, 2, 1, 12, 59));
    for (const bad of ['2026-03-01T12:00+24:00', '2026-03-01T12:00-24', '2026-03-01T12:00+00:60', '2026-03-01T12:00+0060']) expect(parseIsoTime(bad), bad).toBeUndefined();
  });

  it('reads the expanded years toISOString writes outside 0-9999, to the last moment a Date holds', () => {
    for (const ms of [8.64e15, -8.64e15, Date.UTC(10000, 0, 1), Date.UTC(-1, 11, 31, 23, 59, 59, 999), Date.UTC(-271821, 3, 20)]) {
      const text = new Date(ms).toISOString();
      expect(parseIsoTime(text), text).toBe(ms);
      expect(parseIsoTime(text), text).toBe(Date.parse(text));
    }
    expect(parseIsoTime('+275760-09-13T00:00:00.000Z')).toBe(8.64e15);
    expect(parseIsoTime('+010000-01-01T00:00:00+01:00')).toBe(Date.UTC(10000, 0, 1) - 3_600_000);
    // Past what a Date holds, a negative zero year, 5 or 7 digits, 6 without a sign: no time.
    for (const bad of ['+275760-09-13T00:00:00.001Z', '+275760-09-13T00:00:00-01:00', '-271821-04-19T23:59:59.999Z', '-000000-01-01T00:00:00Z', '+10000-01-01', '+0100000-01-01', '010000-01-01']) {
      expect(parseIsoTime(bad), bad).toBeUndefined();
    }
  });

  it('keeps years 0 to 99 as written', () => {
    // Date.parse reads the extended ISO format by the standard, years below 100 included.
    expect(parseIsoTime('0099-12-31T23:59:59Z')).toBe(Date.parse('0099-12-31T23:59:59Z'));
    expect(parseIsoTime('0001-03-01T10:00+01:00')).toBe(Date.parse('0001-03-01T09:00:00Z'));
    expect(new Date(parseIsoTime('0000-01-01')!).getUTCFullYear()).toBe(0);
    expect(new Date(parseIsoTime('0004-02-29')!).toISOString()).toBe('0004-02-29T00:00:00.000Z');
  });
});

describe('eventTime and skewCorrectedTimestamp', () => {
  it('falls through to receivedAt when both others are present but unreadable', () => {
    expect(eventTime({ originalTimestamp: 'x', timestamp: 5, receivedAt: '2026-01-01' })).toBe(Date.UTC(2026, 0, 1));
    expect(eventTime({ originalTimestamp: 'x', timestamp: 'y', receivedAt: 'z' })).toBeUndefined();
  });

  it('corrects by the difference sentAt − originalTimestamp, whichever way the clock is off', () => {
    // Client clock 5 s slow: sent at 12:00:00 by its clock, event 2 s earlier; received at 12:00:05.
    const message = { originalTimestamp: '2026-01-01T11:59:58Z', sentAt: '2026-01-01T12:00:00Z', receivedAt: '2026-01-01T12:00:05Z' };
    expect(skewCorrectedTimestamp(message)).toBe(Date.UTC(2026, 0, 1, 12, 0, 3));
  });
});
