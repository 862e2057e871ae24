// Segment's own spec (segment-rules.ts), what segment.test.ts leaves out: the sentences of the
// type and identity findings (the call types as domain.md lists them), and the clock-skew note:
// info when the client's clock (sentAt) is more than a minute off the receipt time, in seconds
// under two minutes, then minutes, hours, days; time zones taken into account; the answer for
// one sentAt/receivedAt pair reused only for that same pair.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { CLOCK_SKEW_NOTE_MS } from '../../../src-shared/validate/segment-rules';
import { validate } from '../../../src-shared/validate/validate';
import { dropReasons } from '../../../src-shared/tracking-api/drop-reasons';

const seg = (m: JsonObject) => validate(m, ['segment']);
const TYPES = 'track, identify, group, page, screen, alias';
const FORMULA = 'Segment corrects timestamp for it: receivedAt − (sentAt − originalTimestamp).';
// A sentAt behind the receipt time may be a retry's: analytics-kotlin, -swift and Analytics-CSharp
// write sentAt when they close a batch file and send that file again, as it is, after a failure;
// analytics-java sends the same Batch (its sentAt set at Batch.create) on each retry.
const RETRIED =
  'Or the batch waited on the device and was sent again with the sentAt of its first try (analytics-kotlin, analytics-swift, Analytics-CSharp and analytics-java set it once per batch and keep it on every retry): then the clock is right, and that correction dates its events later by the wait.';

describe('the sentences', () => {
  it.each<[string, JsonObject, string]>([
    ['no type', { userId: 'u' }, `The message has no type; Segment needs one of: ${TYPES}.`],
    ['an unknown type', { type: 'trak', userId: 'u' }, `type "trak" is not a Segment call type; use one of: ${TYPES}.`],
    ['a numeric type', { type: 1, userId: 'u' }, `type 1 is not a Segment call type; use one of: ${TYPES}.`],
    ['no identity', { type: 'page' }, 'The message has neither userId nor anonymousId; Segment accepts it with 200 and then drops it. Set at least one.'],
  ])('%s', (_label, message, text) => {
    expect(seg(message).map((f) => f.message)).toEqual([text]);
  });

  it('a type that is not a string checks no call’s fields', () => {
    expect(seg({ type: ['track'], userId: 'u' }).map((f) => f.rule)).toEqual(['segment.type.unknown']);
  });
});

describe('clock skew: sentAt against receivedAt', () => {
  const skewOf = (sentAt: unknown, receivedAt: unknown) => seg({ type: 'track', event: 'A', userId: 'u', sentAt, receivedAt } as JsonObject).filter((f) => f.rule === 'segment.sentAt.clock-skew');
  const text = (sentAt: string, receivedAt: string, amount: string, way: 'ahead of' | 'behind') =>
    `The client's clock is ${amount} ${way} the receiver's (sentAt ${sentAt}, received ${receivedAt}). ${FORMULA}${way === 'behind' ? ` ${RETRIED}` : ''}`;

  it('the threshold is one minute', () => {
    expect(CLOCK_SKEW_NOTE_MS).toBe(60_000);
  });

  it.each<[string, string, string, string | null]>([
    ['the same minute', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:59.999Z', null],
    ['exactly a minute ahead: no note', '2026-03-01T10:01:00.000Z', '2026-03-01T10:00:00.000Z', null],
    ['exactly a minute behind: no note', '2026-03-01T09:59:00.000Z', '2026-03-01T10:00:00.000Z', null],
    ['a millisecond over a minute ahead', '2026-03-01T10:01:00.001Z', '2026-03-01T10:00:00.000Z', '60 s|ahead of'],
    ['90 seconds behind', '2026-03-01T09:58:30.000Z', '2026-03-01T10:00:00.000Z', '90 s|behind'],
    ['119 seconds ahead', '2026-03-01T10:01:59.000Z', '2026-03-01T10:00:00.000Z', '119 s|ahead of'],
    ['two minutes ahead: in minutes', '2026-03-01T10:02:00.000Z', '2026-03-01T10:00:00.000Z', '2 min|ahead of'],
    ['45 minutes behind', '2026-03-01T09:15:00.000Z', '2026-03-01T10:00:00.000Z', '45 min|behind'],
    ['three hours ahead', '2026-03-01T13:00:00.000Z', '2026-03-01T10:00:00.000Z', '3 h|ahead of'],
    ['47 hours behind', '2026-02-27T11:00:00.000Z', '2026-03-01T10:00:00.000Z', '47 h|behind'],
    ['two days ahead', '2026-03-03T10:00:00.000Z', '2026-03-01T10:00:00.000Z', '2 days|ahead of'],
    // Same first 16 characters, but not both UTC: an hour apart.
    ['a receipt time with an offset, same digits', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00+01:00', '60 min|ahead of'],
    ['a sentAt with an offset, same digits', '2026-03-01T10:00:00+01:00', '2026-03-01T10:00:00Z', '60 min|behind'],
    ['a sentAt that is not a time', 'soon', '2026-03-01T10:00:00Z', null],
    ['a receipt time that is not a time', '2026-03-01T10:00:00Z', 'now', null],
  ])('%s', (_label, sentAt, receivedAt, expected) => {
    const found = skewOf(sentAt, receivedAt);
    if (expected === null) return expect(found).toEqual([]);
    const [amount, way] = expected.split('|') as [string, 'ahead of' | 'behind'];
    expect(found).toEqual([{ severity: 'info', path: 'sentAt', rule: 'segment.sentAt.clock-skew', message: text(sentAt, receivedAt, amount, way), profile: 'segment' }]);
  });

  // Older analytics_flutter wrote sentAt as DateTime.now().toIso8601String(): the device's local
  // time, no offset (http_client.dart, startBatchUpload; later toUtc()). Read as UTC, it is off by
  // the zone's offset: one warning naming the zone and what Segment's correction does with it.
  const localTime = (sentAt: string, receivedAt: string, amount: string, way: 'ahead of' | 'behind', zone: string, dated: 'earlier' | 'later') => ({
    severity: 'warning',
    path: 'sentAt',
    rule: 'segment.sentAt.local-time',
    message: `sentAt ${sentAt} has no time zone and reads ${amount} ${way} the receipt time (${receivedAt}): the device's local time (UTC${zone}) written without its offset, as older analytics_flutter writes DateTime.now().toIso8601String(). Segment reads it as UTC and corrects timestamp by it (receivedAt − (sentAt − originalTimestamp)), so every event of the batch is dated ${amount} ${dated} than it happened, in every destination. Send sentAt in UTC, with Z.`,
    profile: 'segment',
  });
  it.each<[string, string, string, string, 'ahead of' | 'behind', string, 'earlier' | 'later']>([
    ['UTC+01:00, sent 0.4 s before receipt', '2026-03-01T11:00:00.123456', '2026-03-01T10:00:00.523Z', '1 h', 'ahead of', '+01:00', 'earlier'],
    ['UTC-05:00', '2026-03-01T05:00:00.000', '2026-03-01T10:00:02.000Z', '5 h', 'behind', '-05:00', 'later'],
    ['UTC+05:30', '2026-03-01T15:29:30.5', '2026-03-01T10:00:00.000Z', '5 h 30 min', 'ahead of', '+05:30', 'earlier'],
    ['UTC+14:00', '2026-03-02T00:00:00', '2026-03-01T10:00:00Z', '14 h', 'ahead of', '+14:00', 'earlier'],
    // The part-hour zones west of UTC (Newfoundland in winter and summer, the Marquesas) and the westernmost whole hour.
    ['UTC-03:30', '2026-03-01T06:30:00', '2026-03-01T10:00:00Z', '3 h 30 min', 'behind', '-03:30', 'later'],
    ['UTC-02:30', '2026-03-01T07:30:00', '2026-03-01T10:00:00Z', '2 h 30 min', 'behind', '-02:30', 'later'],
    ['UTC-09:30', '2026-03-01T00:30:00', '2026-03-01T10:00:00Z', '9 h 30 min', 'behind', '-09:30', 'later'],
    ['UTC-12:00', '2026-02-28T22:00:00', '2026-03-01T10:00:00Z', '12 h', 'behind', '-12:00', 'later'],
    // A minute is the request's allowance: exactly a minute past the offset is still the offset.
    ['UTC+01:00, exactly a minute past it', '2026-03-01T11:01:00', '2026-03-01T10:00:00Z', '1 h', 'ahead of', '+01:00', 'earlier'],
  ])('a sentAt without a time zone, off by a UTC offset (%s): the local-time warning alone', (_label, sentAt, receivedAt, amount, way, zone, dated) => {
    expect(seg({ type: 'track', event: 'A', userId: 'u', sentAt, receivedAt })).toEqual([localTime(sentAt, receivedAt, amount, way, zone, dated)]);
  });
  it('a sentAt without a time zone that is off by no UTC offset in use (7 min, 15 h, 63 min, 45 min, −00:15, −13 h west of the last zone, a millisecond past a minute from +01:00): the clock-skew note and the no-time-zone note, as before', () => {
    for (const [sentAt, receivedAt] of [['2026-03-01T10:07:00', '2026-03-01T10:00:00Z'], ['2026-03-02T01:00:00', '2026-03-01T10:00:00Z'], ['2026-03-01T11:03:00', '2026-03-01T10:00:00Z'], ['2026-03-01T10:45:00', '2026-03-01T10:00:00Z'], ['2026-03-01T09:45:00', '2026-03-01T10:00:00Z'], ['2026-02-28T21:00:00', '2026-03-01T10:00:00Z'], ['2026-03-01T11:01:00.001', '2026-03-01T10:00:00Z']]) {
      expect(seg({ type: 'track', event: 'A', userId: 'u', sentAt, receivedAt }).map((f) => f.rule), sentAt).toEqual(['segment.sentAt.clock-skew', 'segment.sentAt.no-time-zone']);
    }
  });
  it('the local-time warning stands in for sentAt\'s own no-time-zone note only: another time without a zone is still noted', () => {
    const rules = seg({ type: 'track', event: 'A', userId: 'u', sentAt: '2026-03-01T11:00:00', receivedAt: '2026-03-01T10:00:00Z', timestamp: '2026-03-01T10:59:00' }).map((f) => f.rule);
    expect(rules).toContain('segment.sentAt.local-time');
    expect(rules).toContain('segment.timestamp.no-time-zone');
    expect(rules).not.toContain('segment.sentAt.no-time-zone');
  });
  it('a sentAt with Z an hour ahead: the clock-skew note, not the local-time warning', () => {
    expect(seg({ type: 'track', event: 'A', userId: 'u', sentAt: '2026-03-01T11:00:00.000Z', receivedAt: '2026-03-01T10:00:00.000Z' }).map((f) => f.rule)).toEqual(['segment.sentAt.clock-skew']);
  });

  it('a request’s messages share the pair: the answer follows each new pair, not just a new sentAt', () => {
    const sent = '2026-03-01T10:05:00.000Z';
    expect(skewOf(sent, '2026-03-01T10:00:00.000Z')).toHaveLength(1);
    expect(skewOf(sent, '2026-03-01T10:00:00.000Z')).toHaveLength(1);
    expect(skewOf(sent, '2026-03-01T10:05:10.000Z')).toEqual([]); // same sentAt, another receipt time
    expect(skewOf(sent, '2026-03-01T10:00:00.000Z')[0].message).toContain('5 min ahead of');
    expect(skewOf('2026-03-01T10:00:10.000Z', '2026-03-01T10:00:00.000Z')).toEqual([]); // another sentAt, same receipt time
    expect(skewOf('2026-03-01T09:00:00.000Z', '2026-03-01T10:00:00.000Z')[0].message).toContain('60 min behind');
  });
});

// domain.md: "Every message needs `userId` or `anonymousId`" and "Everything else gets 200 even when
// the message is unusable (no identity, ...): Segment only reports those in its debugger". The
// identity finding says "Segment accepts it with 200 and then drops it", so it must fire exactly when
// the drop reasons say Segment drops it. A userId of spaces was an error saying Segment drops the
// message while its drop reasons said Segment keeps it; a userId that is an object (which Segment
// drops) got only a type warning.
describe('the identity finding agrees with the drop reasons', () => {
  const values: unknown[] = [undefined, null, '', '   ', 'u1', 0, 42, {}, [], true];
  it.each(values.flatMap((u) => values.map((a) => [u, a] as const)))('userId %j, anonymousId %j', (userId, anonymousId) => {
    const message: JsonObject = { type: 'page' };
    if (userId !== undefined) message.userId = userId as JsonObject[string];
    if (anonymousId !== undefined) message.anonymousId = anonymousId as JsonObject[string];
    const finding = seg(message).some((f) => f.rule === 'segment.identity.required');
    const dropped = dropReasons(message, { isDuplicate: false }).some((r) => r.code === 'missing-identity');
    expect(finding).toBe(dropped);
  });
});

// A time without a time zone ("2026-03-01T10:00:00", as analytics-python sends a naive datetime)
// is valid ISO-8601 but names no instant. Segment's spec: "All timestamps are ISO-8601 date
// strings, and are in the UTC timezone": Segment, every destination and sessions here read it as
// UTC. Told as a note (info, never a problem), for each client time field that lacks one.
describe('a client time without a time zone', () => {
  const note = (field: string, value: string) => ({
    severity: 'info',
    path: field,
    rule: `segment.${field}.no-time-zone`,
    message: `${field} ${value} has no time zone (no Z or ±hh:mm). Segment reads every timestamp as UTC ("All timestamps are ISO-8601 date strings, and are in the UTC timezone"), and so do sessions and the event time here: if the client meant its local time, the event is off by its UTC offset in every destination. Send it with Z or an offset.`,
    profile: 'segment',
  });
  const BASE = { type: 'track', event: 'E', userId: 'u' };
  it.each(['timestamp', 'originalTimestamp', 'sentAt'])('%s without an offset: one note', (field) => {
    expect(seg({ ...BASE, [field]: '2026-03-01T10:00:00' })).toEqual([note(field, '2026-03-01T10:00:00')]);
    expect(seg({ ...BASE, [field]: '2026-03-01T10:00:00.123456' })).toEqual([note(field, '2026-03-01T10:00:00.123456')]);
    expect(seg({ ...BASE, [field]: '2026-03-01' })).toEqual([note(field, '2026-03-01')]); // a date alone: midnight UTC
  });
  it.each(['2026-03-01T10:00:00Z', '2026-03-01T10:00:00.5z', '2026-03-01T10:00:00+02:00', '2026-03-01T10:00:00-0530', '2026-03-01T10:00+01'])('%s: no note (Z or an offset)', (value) => {
    expect(seg({ ...BASE, timestamp: value, originalTimestamp: value, sentAt: value })).toEqual([]);
  });
  it('not a time at all, or receivedAt (the receiver sets it): no note', () => {
    expect(seg({ ...BASE, receivedAt: '2026-03-01T10:00:00' })).toEqual([]);
    expect(seg({ ...BASE, timestamp: 1_700_000_000 } as JsonObject).map((f) => f.rule)).not.toContain('segment.timestamp.no-time-zone');
  });
  it('any date-time: a note exactly when it has neither Z nor an offset', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-02T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('', 'Z', 'z', '+00:00', '-07:00', '+0530', '+09'),
        fc.constantFrom('timestamp', 'originalTimestamp', 'sentAt'),
        (date, zone, field) => {
          const value = date.toISOString().slice(0, 19) + zone;
          const notes = seg({ ...BASE, [field]: value }).filter((f) => f.rule.endsWith('.no-time-zone'));
          expect(notes).toEqual(zone === '' ? [note(field, value)] : []);
        },
      ),
    );
  });
});
