// The one reading of a message's time (tracking-api/time), as properties over generated times:
// every form Segment's libraries send (Z, ±hh:mm, ±hhmm, no offset; 0 to 9 fraction digits) gives
// the instant Date.UTC gives, whatever the machine's time zone; and ownEventTime's fall-through.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalTime, eventTime, ownEventTime, parseIsoTime, parseIsoTimeByPattern } from '../../../src-shared/tracking-api/time';
import { inTimeZone, ZONES } from '../time-zone';

const p = (n: number, w = 2) => String(n).padStart(w, '0');

/** A date-time's parts, an offset in minutes (or none / Z), a fraction of 0 to 9 digits. */
const parts = fc.record({
  year: fc.integer({ min: 1970, max: 9999 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
  fraction: fc.stringMatching(/^[0-9]{0,9}$/),
  offset: fc.oneof(fc.constant<'none' | 'Z'>('none'), fc.constant<'none' | 'Z'>('Z'), fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 })),
  colon: fc.boolean(),
});
type Parts = typeof parts extends fc.Arbitrary<infer T> ? T : never;

function text(t: Parts): string {
  const frac = t.fraction === '' ? '' : `.${t.fraction}`;
  let off = '';
  if (t.offset === 'Z') off = 'Z';
  else if (t.offset !== 'none') off = `${t.offset < 0 ? '-' : '+'}${p(Math.floor(Math.abs(t.offset) / 60))}${t.colon ? ':' : ''}${p(Math.abs(t.offset) % 60)}`;
  return `${p(t.year, 4)}-${p(t.month)}-${p(t.day)}T${p(t.hour)}:${p(t.minute)}:${p(t.second)}${frac}${off}`;
}

function expected(t: Parts): number {
  const millis = Number(t.fraction.slice(0, 3).padEnd(3, '0'));
  const offsetMin = typeof t.offset === 'number' ? t.offset : 0;
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, millis) - offsetMin * 60_000;
}

describe('parseIsoTime over generated times', () => {
  it('gives the Date.UTC instant for Z, ±hh:mm, ±hhmm and no offset (UTC), fractions of 0 to 9 digits truncated to ms', () => {
    fc.assert(
      fc.property(parts, (t) => {
        expect(parseIsoTime(text(t)), text(t)).toBe(expected(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same instant in every time zone (a time without an offset is never local)', () => {
    fc.assert(
      fc.property(parts, fc.constantFrom(...ZONES), (t, zone) => {
        expect(inTimeZone(zone, () => parseIsoTime(text(t))), `${text(t)} in ${zone}`).toBe(expected(t));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a time without an offset as the same time with Z', () => {
    fc.assert(
      fc.property(parts, (t) => {
        expect(parseIsoTime(text({ ...t, offset: 'none' }))).toBe(parseIsoTime(text({ ...t, offset: 'Z' })));
      }),
    );
  });

  it('agrees with Date.parse wherever the text says its offset (Date.parse is only local without one)', () => {
    fc.assert(
      fc.property(parts, (t) => {
        fc.pre(t.offset !== 'none' && (t.colon || t.offset === 'Z') && t.fraction.length > 0);
        expect(parseIsoTime(text(t))).toBe(Date.parse(text(t)));
      }),
    );
  });

  it('examples as the libraries send them', () => {
    // analytics-python: naive datetimes in properties (no offset), microseconds, +00:00.
    expect(parseIsoTime('2026-05-01T10:00:00')).toBe(Date.UTC(2026, 4, 1, 10));
    expect(parseIsoTime('2026-05-01T10:00:00.123456+00:00')).toBe(Date.UTC(2026, 4, 1, 10, 0, 0, 123));
    // analytics-ruby: the server's zone; analytics-go: nanoseconds.
    expect(parseIsoTime('2026-05-01T05:00:00.000-05:00')).toBe(Date.UTC(2026, 4, 1, 10));
    expect(parseIsoTime('2026-05-01T10:00:00.123456789Z')).toBe(Date.UTC(2026, 4, 1, 10, 0, 0, 123));
    expect(parseIsoTime('2026-05-01T12:00:00+0200')).toBe(Date.UTC(2026, 4, 1, 10));
  });
});

describe('ownEventTime: the message’s own time, the first of originalTimestamp and timestamp that reads', () => {
  const at = (h: number) => Date.UTC(2026, 4, 1, h);
  it.each<[string, Record<string, unknown>, ReturnType<typeof ownEventTime>]>([
    ['originalTimestamp first', { originalTimestamp: '2026-05-01T09:00:00', timestamp: '2026-05-01T10:00:00Z' }, { field: 'originalTimestamp', text: '2026-05-01T09:00:00', ms: at(9) }],
    ['timestamp when originalTimestamp is absent', { timestamp: '2026-05-01T10:00:00Z' }, { field: 'timestamp', text: '2026-05-01T10:00:00Z', ms: at(10) }],
    ['timestamp when originalTimestamp is there but not a time', { originalTimestamp: 'yesterday', timestamp: '2026-05-01T10:00:00+00:00' }, { field: 'timestamp', text: '2026-05-01T10:00:00+00:00', ms: at(10) }],
    ['timestamp when originalTimestamp is a number (times are ISO-8601 text)', { originalTimestamp: 1_000, timestamp: '2026-05-01T10:00' }, { field: 'timestamp', text: '2026-05-01T10:00', ms: at(10) }],
    ['none when neither reads', { originalTimestamp: null, timestamp: '1/5/2026', receivedAt: '2026-05-01T11:00:00Z' }, undefined],
  ])('%s', (_label, message, own) => {
    expect(ownEventTime(message as never)).toEqual(own);
  });

  it('eventTime is ownEventTime, else receivedAt', () => {
    fc.assert(
      fc.property(
        fc.record({ originalTimestamp: fc.oneof(parts.map(text), fc.string(), fc.integer()), timestamp: fc.oneof(parts.map(text), fc.string()), receivedAt: parts.map(text) }, { requiredKeys: [] }),
        (m) => {
          expect(eventTime(m)).toBe(ownEventTime(m)?.ms ?? parseIsoTime(m.receivedAt));
          const own = ownEventTime(m);
          if (own) expect(own.ms).toBe(parseIsoTime(m[own.field]));
        },
      ),
    );
  });
});

describe('canonicalTime (the fast reading of toISOString’s form)', () => {
  // Texts of toISOString's shape with any digits (days past the month's end, hour 24, month 00…),
  // and the same with one character changed to one a time can hold or not.
  const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
  const shaped = fc.tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3)).map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
  const changed = fc.tuple(shaped, fc.nat(23), fc.constantFrom('0', '9', '-', ':', '.', 'T', 't', 'Z', 'z', '+', ' ', 'a', '٣')).map(([t, at, c]) => t.slice(0, at) + c + t.slice(at + 1));

  it('reads what the pattern reads, or leaves it to the pattern: never a different instant', () => {
    fc.assert(
      fc.property(fc.oneof(shaped, changed), (t) => {
        const fast = canonicalTime(t);
        if (fast !== undefined) expect(fast).toBe(parseIsoTimeByPattern(t));
        expect(parseIsoTime(t)).toBe(parseIsoTimeByPattern(t));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads every valid time of that form from the year 1000 on itself (the pattern is the fallback, not the rule)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (d) => {
        expect(canonicalTime(d.toISOString())).toBe(d.getTime());
      }),
    );
    expect(canonicalTime('0999-12-31T23:59:59.999Z')).toBeUndefined(); // Date.UTC would read year 999 right, but years 0-99 not: left to the pattern
    expect(parseIsoTime('0099-01-01T00:00:00.000Z')).toBe(new Date('0099-01-01T00:00:00.000Z').getTime());
    expect(canonicalTime('2024-02-30T00:00:00.000Z')).toBeUndefined();
    expect(canonicalTime('2024-02-29T23:59:59.999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
  });
});
