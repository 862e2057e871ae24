// isIso8601 is hand-written for speed; it must accept exactly what the documented pattern accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIso8601, iso8601CalendarProblem } from '../../../src-shared/validate/field-check';
import { parseIsoTime } from '../../../src-shared/tracking-api/time';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;
function reference(value: string): boolean {
  const m = PATTERN.exec(value);
  if (!m) return false;
  if (+m[2] < 1 || +m[2] > 12 || +m[3] < 1) return false;
  // The calendar, from Date itself: the day must exist in that month of that year.
  if (!dayExists(+m[1], +m[2], +m[3])) return false;
  if (m[7] !== undefined && (+m[7] > 23 || (m[8] !== undefined && +m[8] > 59))) return false;
  return m[4] === undefined || (+m[4] <= 23 && +m[5] <= 59 && (m[6] === undefined || +m[6] <= 59));
}
function dayExists(year: number, month: number, day: number): boolean {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const SEEDS = [
  '2025-03-14',
  '2025-03-14T09:26',
  '2025-03-14T09:26:53Z',
  '2025-03-14T09:26:53.123+02:00',
  '2025-12-31T23:59:60,5-0530',
  '2025-03-14T09:26+05',
  '2025-03-14T09:26:53.+02',
  '2025-00-14',
  '2025-03-32T24:00',
  '2025-03-14T09:26:53.123456789Z',
  '2025-12-31T23:59:59,5-0530',
  '2024-02-29T10:00:00Z',
  '2026-02-29',
  '2026-02-30T10:00:00Z',
  '2026-04-31T00:00Z',
  '1900-02-29',
  '2000-02-29',
  '0000-02-29',
  '2025-03-14T09:26:53+24:00',
  '2025-03-14T09:26:53-0260',
  '2025-03-14T09:26:53+23:59',
];

describe('isIso8601', () => {
  it.each(SEEDS)('%j agrees with the pattern', (s) => expect(isIso8601(s)).toBe(reference(s)));

  it('agrees with the pattern on 50,000 mutated strings', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = '0123456789-T:Z+.,x \n';
    let accepted = 0;
    for (let k = 0; k < 50_000; k++) {
      let s = SEEDS[k % SEEDS.length];
      for (let e = 1 + Math.floor(random() * 3); e > 0; e--) {
        const at = Math.floor(random() * (s.length + 1));
        const ch = alphabet[Math.floor(random() * alphabet.length)];
        const op = random();
        s = op < 0.33 ? s.slice(0, at) + ch + s.slice(at + 1) : op < 0.66 ? s.slice(0, at) + ch + s.slice(at) : s.slice(0, at) + s.slice(at + 1);
      }
      const expected = reference(s);
      if (isIso8601(s) !== expected) expect({ s, got: isIso8601(s) }).toEqual({ s, got: expected });
      // What the validators accept, the time reader (sessions, event time) reads.
      if (expected && parseIsoTime(s) === undefined) expect({ s, parsed: parseIsoTime(s) }).toEqual({ s, parsed: 'a time' });
      if (expected) accepted++;
    }
    expect(accepted).toBeGreaterThan(1000); // the sweep exercises both answers
  });

  it('rejects non-strings', () => {
    for (const v of [20250314, null, undefined, {}, ['2025-03-14']]) expect(isIso8601(v)).toBe(false);
  });

  it('says which part of the calendar a well-shaped time gets wrong', () => {
    expect(iso8601CalendarProblem('2026-02-30T10:00:00Z')).toBe('February 2026 has 28 days');
    expect(iso8601CalendarProblem('2024-02-30')).toBe('February 2024 has 29 days');
    expect(iso8601CalendarProblem('2026-04-31T00:00Z')).toBe('April 2026 has 30 days');
    expect(iso8601CalendarProblem('2016-12-31T23:59:60Z')).toMatch(/^second 60 \(a leap second\)/);
    // lower-case t and z, which RFC 3339 allows and the check reads: the same reason
    expect(iso8601CalendarProblem('2016-12-31t23:59:60z')).toMatch(/^second 60 \(a leap second\)/);
    expect(iso8601CalendarProblem('2026-02-30t10:00:00z')).toBe('February 2026 has 28 days');
    expect(iso8601CalendarProblem('2026-02-28T10:00:00Z')).toBeUndefined();
    expect(iso8601CalendarProblem('2026-13-01')).toBeUndefined(); // wrong shape, not a short month
    expect(iso8601CalendarProblem('2026-01-32')).toBeUndefined();
    expect(iso8601CalendarProblem('yesterday')).toBeUndefined();
    for (const [text, why] of [['2026-06-31', 'June 2026 has 30 days'], ['2026-09-31T10:00:00Z', 'September 2026 has 30 days'], ['2026-11-31', 'November 2026 has 30 days'], ['2100-02-29', 'February 2100 has 28 days'], ['2000-02-30', 'February 2000 has 29 days']]) {
      expect(iso8601CalendarProblem(text), text).toBe(why);
    }
    // Only a text that starts as a date: a sentence holding one is not read as it.
    expect(iso8601CalendarProblem('on 2026-02-30')).toBeUndefined();
  });

  // ISO-8601 forms that RFC 3339 (what Segment's libraries send) leaves out: the finding said the
  // text "must be an ISO-8601 date-time string" when it is one. Each is named, with the RFC 3339 text.
  it('names ISO-8601 forms RFC 3339 leaves out, with the time to send instead', () => {
    const other = '(ISO-8601 has it; RFC 3339, the form Segment\'s libraries send, does not)';
    expect(iso8601CalendarProblem('2026-W01-3T10:00:00Z')).toBe(`2026-W01-3 is a week date ${other}; send the calendar date: 2025-12-31T10:00:00Z`);
    expect(iso8601CalendarProblem('2026-W53-1')).toBe(`2026-W53-1 is a week date ${other}; send the calendar date: 2026-12-28`); // 2026 begins on a Thursday: 53 weeks
    expect(iso8601CalendarProblem('2026-W01-1')).toBe(`2026-W01-1 is a week date ${other}; send the calendar date: 2025-12-29`);
    expect(iso8601CalendarProblem('2026W011T09:30:00+02:00')).toBe(`2026W011 is a week date ${other}; send the calendar date: 2025-12-29T09:30:00+02:00`);
    expect(iso8601CalendarProblem('2025-W53-1')).toBe(`2025-W53-1 is a week date ${other}, and 2025 has 52 weeks`);
    expect(iso8601CalendarProblem('2025-365')).toBe(`2025-365 is an ordinal date (the day of the year) ${other}; send the calendar date: 2025-12-31`);
    expect(iso8601CalendarProblem('2024-366T23:00:00Z')).toBe(`2024-366 is an ordinal date (the day of the year) ${other}; send the calendar date: 2024-12-31T23:00:00Z`);
    expect(iso8601CalendarProblem('2025-366')).toBe(`2025-366 is an ordinal date (the day of the year) ${other}, and 2025 has 365 days`);
    expect(iso8601CalendarProblem('2025-12-31T24:00:00Z')).toBe(`hour 24 (the end of a day) ${other}; send 00:00 of the next day: 2026-01-01T00:00:00Z`);
    expect(iso8601CalendarProblem('2026-02-28T24:00+01:00')).toBe(`hour 24 (the end of a day) ${other}; send 00:00 of the next day: 2026-03-01T00:00+01:00`);
    expect(iso8601CalendarProblem('2025-12-31T24:30:00Z')).toBeUndefined(); // no such time at all
    expect(iso8601CalendarProblem('20260101T100000Z')).toBe(`20260101T100000Z is the basic format, without "-" and ":" ${other}; send 2026-01-01T10:00:00Z`);
    expect(iso8601CalendarProblem('20260101T1000Z')).toBe(`20260101T1000Z is the basic format, without "-" and ":" ${other}; send 2026-01-01T10:00Z`);
    expect(iso8601CalendarProblem('20260101T100000.123+0100')).toBe(`20260101T100000.123+0100 is the basic format, without "-" and ":" ${other}; send 2026-01-01T10:00:00.123+01:00`);
    expect(iso8601CalendarProblem('20261301T100000Z')).toBeUndefined(); // month 13: not a date in any form
    expect(iso8601CalendarProblem('20260101')).toBeUndefined(); // a number as text: too many things look like it
  });
});

// README: "The validators' ISO-8601 check accepts exactly what that reading reads" (the reading:
// parseIsoTime, used by sessions and the event time). It read lower-case t and z (RFC 3339 allows
// them), expanded years (+010000-…) and refused texts over 64 characters, while the check refused
// the first two and took the last: a Freshsuccess originalTimestamp "2026-03-01t10:00:00z" was an
// error though sessions read it, and one of 65 characters passed while sessions fell back to
// receivedAt.
describe('isIso8601 accepts exactly what parseIsoTime reads', () => {
  const SAME = [
    '2026-03-01t10:00:00z',
    '2026-03-01T10:00:00.5z',
    '2026-03-01t10:00',
    '+010000-01-01T00:00:00Z',
    '-000001-12-31T23:59:59Z',
    '-000000-01-01T00:00:00Z',
    '+275761-01-01T00:00:00Z',
    '2026-03-01T10:20:30.' + '1'.repeat(43) + 'Z',
    '2026-03-01T10:20:30.' + '1'.repeat(44) + 'Z',
  ];
  it.each(SAME)('%j: the check and the reading agree', (s) => expect(isIso8601(s)).toBe(parseIsoTime(s) !== undefined));
  it('lower-case t and z, and an expanded year, are read and accepted', () => {
    expect(isIso8601('2026-03-01t10:00:00z')).toBe(true);
    expect(isIso8601('+010000-01-01T00:00:00Z')).toBe(true);
    expect(isIso8601('2026-03-01T10:20:30.' + '1'.repeat(44) + 'Z')).toBe(false);
  });
  it('any string built from time-like pieces: both say the same', () => {
    const piece = fc.constantFrom('2026', '+010000', '-000000', '-03', '-01', '-29', '-31', 'T', 't', '10', ':00', ':59', ':60', '.5', ',123', '1111111111', 'Z', 'z', '+02:00', '-0530', '+24', 'x', ' ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const s = parts.join('');
        expect(isIso8601(s)).toBe(parseIsoTime(s) !== undefined);
      }),
      { numRuns: 20_000 },
    );
  });
});
