import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import type { Finding } from '../../../src-shared/validate/finding';
import { checkFields, compileFields, isIso8601 } from '../../../src-shared/validate/field-check';
import { ALL_PROFILES, validate } from '../../../src-shared/validate/validate';

const pick = (f: Finding) => ({ rule: f.rule, path: f.path, severity: f.severity });
const seg = (m: JsonObject) => validate(m, ['segment']).map(pick);

describe("Segment's own spec", () => {
  it.each<[string, JsonObject, ReturnType<typeof pick>]>([
    ['no identity', { type: 'track', event: 'A' }, { rule: 'segment.identity.required', path: 'userId', severity: 'error' }],
    ['empty identity', { type: 'track', event: 'A', userId: '', anonymousId: null }, { rule: 'segment.identity.required', path: 'userId', severity: 'error' }],
    ['no type', { userId: 'u' }, { rule: 'segment.type.required', path: 'type', severity: 'error' }],
    ['unknown type', { type: 'trak', userId: 'u' }, { rule: 'segment.type.unknown', path: 'type', severity: 'error' }],
    ['track without event', { type: 'track', userId: 'u' }, { rule: 'segment.track.event.required', path: 'event', severity: 'error' }],
    ['group without groupId', { type: 'group', userId: 'u' }, { rule: 'segment.group.groupId.required', path: 'groupId', severity: 'error' }],
    ['alias without previousId', { type: 'alias', userId: 'u' }, { rule: 'segment.alias.previousId.required', path: 'previousId', severity: 'error' }],
    ['timestamp not ISO-8601', { type: 'page', userId: 'u', timestamp: 'yesterday' }, { rule: 'segment.base.timestamp.iso8601', path: 'timestamp', severity: 'warning' }],
    ['sentAt bad month', { type: 'page', userId: 'u', sentAt: '2025-13-01T00:00:00Z' }, { rule: 'segment.base.sentAt.iso8601', path: 'sentAt', severity: 'warning' }],
    ['timestamp on a day its month lacks', { type: 'page', userId: 'u', timestamp: '2026-02-30T10:00:00Z' }, { rule: 'segment.base.timestamp.iso8601', path: 'timestamp', severity: 'warning' }],
    ['timestamp with a leap second', { type: 'page', userId: 'u', timestamp: '2016-12-31T23:59:60Z' }, { rule: 'segment.base.timestamp.iso8601', path: 'timestamp', severity: 'warning' }],
    ['messageId over 100', { type: 'page', userId: 'u', messageId: 'm'.repeat(101) }, { rule: 'segment.base.messageId.maxLength', path: 'messageId', severity: 'error' }],
    ['properties an array', { type: 'track', event: 'A', userId: 'u', properties: [1] }, { rule: 'segment.track.properties.type', path: 'properties', severity: 'error' }],
    ['traits a string', { type: 'identify', userId: 'u', traits: 'vip' }, { rule: 'segment.identify.traits.type', path: 'traits', severity: 'error' }],
    ['context a string', { type: 'identify', userId: 'u', context: 'web' }, { rule: 'segment.base.context.type', path: 'context', severity: 'error' }],
  ])('%s', (_name, message, expected) => {
    expect(seg(message)).toEqual([expected]);
  });

  it('accepts a minimal message of each call type', () => {
    expect(seg({ type: 'track', event: 'A', anonymousId: 'a' })).toEqual([]);
    expect(seg({ type: 'identify', userId: 'u', traits: { email: 'x' } })).toEqual([]);
    expect(seg({ type: 'group', userId: 'u', groupId: 'g' })).toEqual([]);
    expect(seg({ type: 'page', userId: 'u' })).toEqual([]);
    expect(seg({ type: 'alias', userId: 'u', previousId: 'a' })).toEqual([]);
  });

  it('ISO-8601 accepts dates and date-times with offsets, rejects others', () => {
    for (const ok of ['2025-03-14', '2025-03-14T09:26:53Z', '2025-03-14T09:26:53.123+02:00', '2025-03-14T09:26']) expect(isIso8601(ok)).toBe(true);
    for (const bad of ['2025-3-14', '14/03/2025', '2025-03-14T25:00:00Z', '', 20250314, 'Fri Mar 14 2025']) expect(isIso8601(bad)).toBe(false);
  });

  it('rejects a non-object message and an unknown profile clearly', () => {
    expect(validate([] as unknown as JsonObject).map(pick)).toEqual([{ rule: 'segment.message.object', path: '', severity: 'error' }]);
    expect(() => validate({}, ['natero' as never])).toThrow(/unknown profile "natero"/);
  });

  it('ALL_PROFILES runs every profile', () => {
    const findings = validate({ type: 'track', event: 'Goal Complete' }, ALL_PROFILES);
    expect(new Set(findings.map((f) => f.profile))).toEqual(new Set(['segment', 'provesource', 'produktly', 'freshsuccess']));
  });
});

describe('a time with the shape of ISO-8601 but not its calendar', () => {
  it('says which day or second does not exist', () => {
    const [feb] = validate({ type: 'page', userId: 'u', timestamp: '2026-02-30T10:00:00Z' }, ['segment']);
    expect(feb.message).toBe('Timestamp (timestamp) must be an ISO-8601 date-time string, e.g. "2025-03-14T09:26:53.000Z" for Segment, but it is the string "2026-02-30T10:00:00Z": February 2026 has 28 days.');
    const [leap] = validate({ type: 'page', userId: 'u', timestamp: '2016-12-31T23:59:60Z' }, ['segment']);
    expect(leap.message).toContain('but it is the string "2016-12-31T23:59:60Z": second 60 (a leap second) is read by neither Date.parse nor Segment; use :59.');
    const [word] = validate({ type: 'page', userId: 'u', timestamp: 'yesterday' }, ['segment']);
    expect(word.message).toMatch(/but it is the string "yesterday"\.$/);
  });
});

describe('an event time before 2000', () => {
  it('warns on timestamp or originalTimestamp before 2000, saying when the event will be dated and why it happens', () => {
    // What analytics-php sends for the string timestamp "2026-12-03 09:30:00": (int) of it, 2026 seconds.
    const php = validate({ type: 'track', userId: 'u', event: 'E', timestamp: '1970-01-01T00:33:46+00:00' }, ['segment']);
    expect(php.map(pick)).toEqual([{ rule: 'segment.timestamp.before-2000', path: 'timestamp', severity: 'warning' }]);
    expect(php[0].message).toBe(
      'timestamp 1970-01-01T00:33:46+00:00 is before 2000: Segment keeps it, so the event is dated 1970-01-01 in every destination (and in sessions). A number of seconds or a year read as a time? analytics-php sends a string timestamp as (int) of it ("2026-12-03 09:30:00" becomes 1970-01-01T00:33:46): pass it a Unix time or a DateTime.',
    );
    expect(seg({ type: 'track', userId: 'u', event: 'E', originalTimestamp: '1999-12-31T23:59:59.999Z' })).toEqual([{ rule: 'segment.originalTimestamp.before-2000', path: 'originalTimestamp', severity: 'warning' }]);
    // An offset can carry a time across the line either way.
    expect(seg({ type: 'track', userId: 'u', event: 'E', timestamp: '2000-01-01T00:30:00+01:00' })).toEqual([{ rule: 'segment.timestamp.before-2000', path: 'timestamp', severity: 'warning' }]);
    expect(seg({ type: 'track', userId: 'u', event: 'E', timestamp: '1999-12-31T23:30:00-01:00' })).toEqual([]);
  });

  it('leaves 2000 onwards, the sentAt and receivedAt fields, and unreadable times (their own finding) alone', () => {
    for (const timestamp of ['2000-01-01T00:00:00Z', '2000-01-01', '2026-12-03T09:30:00+00:00', '2999-01-01T00:00:00Z']) {
      // (a date alone has no time zone: that note is another rule's, segment-rules.test.ts)
      expect(seg({ type: 'track', userId: 'u', event: 'E', timestamp }).filter((f) => !f.rule.endsWith('.no-time-zone')), timestamp).toEqual([]);
    }
    expect(seg({ type: 'track', userId: 'u', event: 'E', sentAt: '1970-01-01T00:00:00Z', receivedAt: '1970-01-01T00:00:00Z' })).toEqual([]);
    expect(seg({ type: 'track', userId: 'u', event: 'E', timestamp: 'yesterday' }).map((f) => f.rule)).toEqual(['segment.base.timestamp.iso8601']);
    expect(seg({ type: 'track', userId: 'u', event: 'E', timestamp: 1700000000 }).map((f) => f.rule)).toEqual(['segment.base.timestamp.iso8601']);
  });
});

// A client that writes a time in milliseconds where seconds go (new Date(ms * 1000)) sends an
// extended year such as +57912: the event opened a session in that year, and nothing said so.
// No simulation clock stamps it (the clock stops at 9999-12-31), so unlike a time merely ahead it is flagged.
describe('an event time after 9999', () => {
  it('warns on timestamp or originalTimestamp past the year 9999, saying when the event is dated and why it happens', () => {
    const late = validate({ type: 'track', userId: 'u', event: 'E', timestamp: '+057912-04-30T10:00:00.000Z' }, ['segment']);
    expect(late.map(pick)).toEqual([{ rule: 'segment.timestamp.after-9999', path: 'timestamp', severity: 'warning' }]);
    expect(late[0].message).toBe(
      'timestamp +057912-04-30T10:00:00.000Z is after the year 9999, later than the simulation clock can be set: Segment keeps it, so the event is dated in the year 57912 in every destination (and in sessions). A time in milliseconds read as seconds (new Date(ms * 1000))?',
    );
    expect(seg({ type: 'track', userId: 'u', event: 'E', originalTimestamp: '+275760-09-13T00:00:00.000Z' })).toEqual([{ rule: 'segment.originalTimestamp.after-9999', path: 'originalTimestamp', severity: 'warning' }]);
  });

  it('leaves the last moment the clock can stand at, and the years up to 9999, alone', () => {
    for (const timestamp of ['9999-12-31T00:00:00Z', '+009999-12-31T00:00:00Z', '2999-01-01T00:00:00Z']) {
      expect(seg({ type: 'track', userId: 'u', event: 'E', timestamp }), timestamp).toEqual([]);
    }
  });
});

describe('the calendar reason belongs to ISO-8601 fields only', () => {
  it('a number field holding a date-like text is named as a string, with no calendar sentence', () => {
    const fields = compileFields([{ path: 'properties.stepIndex', label: 'Step index', type: 'number', requirement: 'recommended', description: 'd', example: 2 }], 't');
    const out: Finding[] = [];
    checkFields({ properties: { stepIndex: '2026-02-30' } }, fields, 'produktly', 'Produktly', out);
    expect(out.map((f) => f.message)).toEqual(['Step index (properties.stepIndex) must be a number for Produktly, but it is the string "2026-02-30".']);
  });
});
