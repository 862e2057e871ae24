// The inspector's times (format.ts): a message's time text is read as the engine and the sessions
// read it (parseIsoTime: no offset = UTC), then shown in local time. Checked in named zones (set
// here, whatever the machine's), with the expected local clock written out: new Date(text) read an
// offset-less time as local, so New York showed 10:00 for what its session has at 06:00 local.
import { describe, expect, it } from 'vitest';
import { formatDayTime, formatStamp, formatTime, localClockTime, localDateMinute, localDateTime, sameLocalDay, stampDetail, stampTitle } from '../../../src-renderer/src/inspector/format';
import { calendarFields, isoTime } from '../../../src-shared/sim-clock';
import { canSwitchTimeZone, inTimeZone, ZONES } from '../time-zone';

/** Needs the zone switched (not in a worker thread: see canSwitchTimeZone). */
const zoned = it.skipIf(!canSwitchTimeZone);

describe('formatTime / formatDayTime: the instant parseIsoTime reads, in local time', () => {
  zoned.each([
    ['UTC', '10:00:00.000', 'May 01 10:00:00'],
    ['America/New_York', '06:00:00.000', 'May 01 06:00:00'],
    ['Asia/Kolkata', '15:30:00.000', 'May 01 15:30:00'],
    ['Pacific/Auckland', '22:00:00.000', 'May 01 22:00:00'],
  ])('%s', (zone, time, dayTime) => {
    inTimeZone(zone, () => {
      // The same instant however it is written: no offset (UTC), Z, another offset, more digits.
      for (const text of ['2026-05-01T10:00:00', '2026-05-01T10:00:00Z', '2026-05-01T12:00:00+02:00', '2026-05-01T05:00:00.000000-0500', '2026-05-01T10:00:00.000000000']) {
        expect(formatTime(text), `${text} in ${zone}`).toBe(time);
        expect(formatDayTime(text), `${text} in ${zone}`).toBe(dayTime);
      }
    });
  });

  zoned('in every zone, a time without an offset shows as the same time with Z', () => {
    for (const zone of ZONES) {
      inTimeZone(zone, () => {
        expect(formatTime('2026-05-01T23:59:59.5')).toBe(formatTime('2026-05-01T23:59:59.500Z'));
        expect(formatDayTime('2026-05-01T23:59:59.5')).toBe(formatDayTime('2026-05-01T23:59:59.500Z'));
      });
    }
  });

  it('a text that is not an ISO-8601 time is shown as it is', () => {
    expect(formatTime('soon')).toBe('soon');
    expect(formatDayTime('1/5/2026')).toBe('1/5/2026');
  });
});

describe('sameLocalDay: whether the event time needs its day beside the receipt time', () => {
  zoned('compares the local days of the instants', () => {
    // 02:00 UTC is 22:00 the day before in New York, and the same day in Kolkata (07:30).
    const event = '2026-05-01T02:00:00';
    const received = '2026-05-01T10:00:00.000Z';
    expect(inTimeZone('America/New_York', () => [sameLocalDay(event, received), formatDayTime(event)])).toEqual([false, 'Apr 30 22:00:00']);
    expect(inTimeZone('Asia/Kolkata', () => [sameLocalDay(event, received), formatTime(event)])).toEqual([true, '07:30:00.000']);
    expect(inTimeZone('UTC', () => sameLocalDay(event, received))).toBe(true);
  });

  it('is false when either text is not a time', () => {
    expect(sameLocalDay('soon', '2026-05-01T10:00:00.000Z')).toBe(false);
    expect(sameLocalDay('2026-05-01T10:00:00.000Z', '')).toBe(false);
  });
});

describe('stampDetail / formatStamp: a list of times shows the date when it needs it', () => {
  // Now is 2026-12-03 12:00 local time in each zone.
  const nowIn = () => new Date(2026, 11, 3, 12, 0, 0).getTime();

  zoned('bare clock times only when every time is today (local)', () => {
    for (const zone of ZONES) {
      inTimeZone(zone, () => {
        const now = nowIn();
        const today = (h: number) => new Date(2026, 11, 3, h, 30).toISOString();
        expect(stampDetail([today(0), today(23)], now), zone).toBe('time');
        // Yesterday 23:30 beside today 00:30: the log spans midnight.
        expect(stampDetail([new Date(2026, 11, 2, 23, 30).toISOString(), today(0)], now), zone).toBe('day');
        // An import from March, alone: not today.
        expect(stampDetail([new Date(2026, 2, 14, 9, 0).toISOString()], now), zone).toBe('day');
        expect(stampDetail([today(9), new Date(2025, 11, 3, 9, 0).toISOString()], now), zone).toBe('year');
      });
    }
  });

  it('ignores texts that are not times, and an empty list needs no date', () => {
    expect(stampDetail(['soon', ''], Date.UTC(2026, 11, 3))).toBe('time');
    expect(stampDetail([], Date.UTC(2026, 11, 3))).toBe('time');
  });

  zoned('writes the day unambiguously (month name), padded so the clock times line up', () => {
    inTimeZone('UTC', () => {
      expect(formatStamp('2026-03-04T09:05:06.789Z', 'time')).toBe('09:05:06.789');
      expect(formatStamp('2026-03-04T09:05:06.789Z', 'day')).toBe('Mar 04 09:05:06');
      expect(formatStamp('2026-12-13T21:05:06Z', 'day')).toBe('Dec 13 21:05:06');
      expect(formatStamp('2025-03-04T09:05:06Z', 'year')).toBe('2025-03-04 09:05:06');
      expect(formatStamp('not a time', 'year')).toBe('not a time');
    });
    inTimeZone('America/New_York', () => expect(formatStamp('2026-03-04T02:00:00Z', 'day')).toBe('Mar 03 21:00:00'));
  });

  zoned('the tooltip has the full instant: the text as sent and the local reading with its date', () => {
    inTimeZone('Asia/Kolkata', () => expect(stampTitle('Received', '2026-03-04T09:05:06.789Z')).toBe('Received 2026-03-04T09:05:06.789Z (local time 2026-03-04 14:35:06.789)'));
    expect(stampTitle('Received', 'soon')).toBe('Received soon');
  });
});

describe('formatStamp / localDateTime: a year below 1000 keeps four digits', () => {
  // A timestamp of year 0000 (a zero date from a database) showed as "0-01-01 00:00:00", and year
  // 0999 as "999-…": the column read as a cut-off or garbled date beside "2026-…".
  zoned('in UTC', () => {
    inTimeZone('UTC', () => {
      expect(formatStamp('0000-01-01T00:00:00Z', 'year')).toBe('0000-01-01 00:00:00');
      expect(formatStamp('0999-03-04T05:06:07Z', 'year')).toBe('0999-03-04 05:06:07');
      expect(formatStamp('-000001-12-31T00:00:00Z', 'year')).toBe('-0001-12-31 00:00:00');
      expect(stampTitle('Event time', '0000-01-01T00:00:00Z')).toBe('Event time 0000-01-01T00:00:00Z (local time 0000-01-01 00:00:00.000)');
      expect(formatStamp('2026-05-01T10:00:00Z', 'year')).toBe('2026-05-01 10:00:00');
    });
  });
});

// A message stamped at the last moment a Date holds (+275760-09-13T00:00:00Z, 8.64e15 ms) opens a
// session that times out 30 minutes later, past that range: its Date was Invalid, and the session's
// "Times out" read "0NaN-NaN-NaN NaN:NaN:NaN" over a tooltip of raw digits, 8640000001800000.
describe('times past what a Date holds: read in the same forms as the times before them', () => {
  const LAST = 8.64e15;
  const MIN = 60_000;
  it('isoTime: as toISOString writes an expanded year, to the ms, either way; NaN and Infinity as they are', () => {
    expect(isoTime(LAST)).toBe('+275760-09-13T00:00:00.000Z');
    expect(isoTime(LAST + 30 * MIN)).toBe('+275760-09-13T00:30:00.000Z');
    expect(isoTime(LAST + 1)).toBe('+275760-09-13T00:00:00.001Z');
    // 400 years on is the same day of the year.
    expect(isoTime(LAST + 146_097 * 86_400_000)).toBe('+276160-09-13T00:00:00.000Z');
    expect(isoTime(-LAST - 1)).toBe('-271821-04-19T23:59:59.999Z');
    expect(isoTime(-LAST - 86_400_000)).toBe('-271821-04-19T00:00:00.000Z');
    expect(isoTime(Number.NaN)).toBe('NaN');
    expect(isoTime(Infinity)).toBe('Infinity');
    expect(isoTime(Date.UTC(2026, 4, 1, 10))).toBe('2026-05-01T10:00:00.000Z');
  });

  it('calendarFields: the fields a Date gives within its range, and past it the 400-year cycle\'s', () => {
    expect(calendarFields(LAST, 'utc')).toEqual({ year: 275760, month: 9, day: 13, hours: 0, minutes: 0, seconds: 0, millis: 0 });
    expect(calendarFields(LAST + 25 * 3_600_000 + 1234, 'utc')).toEqual({ year: 275760, month: 9, day: 14, hours: 1, minutes: 0, seconds: 1, millis: 234 });
    expect(calendarFields(Number.NaN, 'local')).toBeUndefined();
  });

  zoned('localDateTime, localDateMinute, localClockTime: local time past the range, in UTC and in New York', () => {
    inTimeZone('UTC', () => {
      expect(localDateTime(LAST + 30 * MIN)).toBe('275760-09-13 00:30:00');
      expect(localDateTime(LAST + 30 * MIN, true)).toBe('275760-09-13 00:30:00.000');
      // Cut by length, a six-digit year's minute read "275760-09-13 00:" and its time "3 00:30:00".
      expect(localDateMinute(LAST + 30 * MIN)).toBe('275760-09-13 00:30');
      expect(localClockTime(LAST + 30 * MIN)).toBe('00:30:00');
      expect(localDateMinute(Date.UTC(2026, 4, 1, 10, 5, 9))).toBe('2026-05-01 10:05');
      expect(localDateTime(Number.NaN)).toBe('NaN');
    });
    inTimeZone('America/New_York', () => {
      expect(localDateTime(LAST + 30 * MIN)).toBe(localDateTime(LAST - 146_097 * 86_400_000 + 30 * MIN).replace(/^275360/, '275760'));
      expect(localDateTime(Date.UTC(2026, 4, 1, 14))).toBe('2026-05-01 10:00:00');
    });
  });
});
