import { describe, expect, it } from 'vitest';
import { eventTime, parseIsoTime, skewCorrectedTimestamp } from '../../../src-shared/tracking-api/time';

describe('parseIsoTime', () => {
  it.each([
    ['2026-03-01T10:20:30.123Z', Date.UTC(2026, 2, 1, 10, 20, 30, 123)],
    ['2026-03-01T10:20:30Z', Date.UTC(2026, 2, 1, 10, 20, 30)],
    ['2026-03-01T10:20Z', Date.UTC(2026, 2, 1, 10, 20)],
    ['2026-03-01T10:20:30.1234567Z', Date.UTC(2026, 2, 1, 10, 20, 30, 123)],
    ['2026-03-01T10:20:30.5+02:00', Date.UTC(2026, 2, 1, 8, 20, 30, 500)],
    ['2026-03-01T10:20:30-0530', Date.UTC(2026, 2, 1, 15, 50, 30)],
    ['2026-03-01T01:00:00+01', Date.UTC(2026, 2, 1, 0, 0)],
    ['2026-03-01T10:20:30', Date.UTC(2026, 2, 1, 10, 20, 30)],
    ['2026-03-01', Date.UTC(2026, 2, 1)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['0050-01-01T00:00:00Z', Date.parse('0050-01-01T00:00:00Z')],
  ])('%s', (text, expected) => {
    expect(parseIsoTime(text)).toBe(expected);
  });

  it.each([
    'Tuesday',
    '1/2/2026',
    '2026-03-01 10:20:30Z',
    'T10:20:30Z',
    '10:20:30',
    '2026-13-01',
    '2025-02-29',
    '2026-04-31',
    '2026-03-01T24:00:00Z',
    '2026-03-01T10:60Z',
    '2026-03-01T10:20:30+25:00',
    '2026-03-01T10:20:30Zjunk',
    '',
  ])('rejects %j', (text) => {
    expect(parseIsoTime(text)).toBeUndefined();
  });

  it('rejects non-strings', () => {
    expect(parseIsoTime(1_700_000_000_000)).toBeUndefined();
    expect(parseIsoTime(null)).toBeUndefined();
  });
});

describe('eventTime', () => {
  const receivedAt = '2026-01-01T00:00:03Z';
  const timestamp = '2026-01-01T00:00:02Z';
  const originalTimestamp = '2026-01-01T00:00:01Z';

  it('prefers originalTimestamp, then timestamp, then receivedAt', () => {
    expect(eventTime({ originalTimestamp, timestamp, receivedAt })).toBe(Date.parse(originalTimestamp));
    expect(eventTime({ timestamp, receivedAt })).toBe(Date.parse(timestamp));
    expect(eventTime({ receivedAt })).toBe(Date.parse(receivedAt));
    expect(eventTime({})).toBeUndefined();
  });

  it('skips a field that is present but not ISO-8601', () => {
    expect(eventTime({ originalTimestamp: 'yesterday', timestamp, receivedAt })).toBe(Date.parse(timestamp));
  });
});

describe('skewCorrectedTimestamp', () => {
  it('is receivedAt − (sentAt − originalTimestamp)', () => {
    // Client clock 10 minutes fast: event at 12:10 by its clock, sent at 12:10:05; received 12:00:06.
    const message = { originalTimestamp: '2026-01-01T12:10:00Z', sentAt: '2026-01-01T12:10:05Z', receivedAt: '2026-01-01T12:00:06Z' };
    expect(skewCorrectedTimestamp(message)).toBe(Date.UTC(2026, 0, 1, 12, 0, 1));
  });

  it('is undefined when any of the three is missing or invalid', () => {
    const full = { originalTimestamp: '2026-01-01T12:10:00Z', sentAt: '2026-01-01T12:10:05Z', receivedAt: '2026-01-01T12:00:06Z' };
    for (const field of ['originalTimestamp', 'sentAt', 'receivedAt'] as const) {
      expect(skewCorrectedTimestamp({ ...full, [field]: undefined })).toBeUndefined();
      expect(skewCorrectedTimestamp({ ...full, [field]: 'soon' })).toBeUndefined();
    }
  });
});
