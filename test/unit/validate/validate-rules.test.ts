// The validator's entry points (validate.ts), what the other tests leave out: anything but a JSON
// object is one finding (never a crash), the unknown-profile error lists the known ones, ingest's
// findings are the receiver's without the "did you mean" sentences, and a check plan's mode and
// receipt time reach the rules.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { ALL_PROFILES, EVERY_PARTNER_PLAN, findingsFor, ingestFindings, receiverFindings, validate } from '../../../src-shared/validate/validate';

const NOT_OBJECT = [{ severity: 'error', path: '', rule: 'segment.message.object', message: 'A Segment message must be a JSON object.', profile: 'segment' }];

describe('a message that is not an object', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'track'],
    ['a number', 42],
    ['true', true],
    ['an array', [{ type: 'track' }]],
  ])('%s: one finding, whatever the profiles', (_label, message) => {
    expect(validate(message as JsonObject)).toEqual(NOT_OBJECT);
    expect(validate(message as JsonObject, ['freshsuccess'], { mode: 'auto' })).toEqual(NOT_OBJECT);
    expect(receiverFindings(message as JsonObject)).toEqual(NOT_OBJECT);
  });
});

describe('profiles', () => {
  it('the four profiles, in order', () => {
    expect(ALL_PROFILES).toEqual(['segment', 'provesource', 'produktly', 'freshsuccess']);
  });
  it('an unknown profile is an error naming the known ones', () => {
    expect(() => validate({ type: 'track' }, ['segment', 'natero' as never])).toThrow('validate: unknown profile "natero"; known profiles: segment, provesource, produktly, freshsuccess');
  });
});

describe('ingest counts what the receiver shows, without the hints', () => {
  // notificationID beside a missing notificationId: the detail pane says "did you mean".
  const message = { type: 'track', event: 'Notification Clicked', userId: 'u', properties: { notificationID: 'n-1', notificationName: 'Promo' } };
  it('the same rules, paths and severities; the sentence without "did you mean"', () => {
    const shown = receiverFindings(message);
    const counted = ingestFindings(message);
    const shape = (fs: typeof shown) => fs.map((f) => [f.rule, f.path, f.severity, f.profile]);
    expect(shape(counted)).toEqual(shape(shown));
    const shownNote = shown.find((f) => f.path === 'properties.notificationId')!;
    const countedNote = counted.find((f) => f.path === 'properties.notificationId')!;
    expect(shownNote.message).toContain('did you mean notificationId?');
    expect(countedNote.message).not.toContain('did you mean');
    // Hints are back on after ingest's call.
    expect(receiverFindings(message).find((f) => f.path === 'properties.notificationId')!.message).toContain('did you mean');
  });
});

describe('findingsFor: a plan’s mode and the receipt time', () => {
  it('auto mode keeps a source quiet on unrelated events; explicit mode does not', () => {
    const unrelated = { type: 'track', event: 'Order Completed', userId: 'u' };
    expect(findingsFor(unrelated, { profiles: ['provesource'], mode: 'auto' })).toEqual([]);
    expect(findingsFor(unrelated, { profiles: ['provesource'], mode: 'explicit' }).map((f) => f.rule)).toEqual(['provesource.event.unknown']);
  });
  it('the receipt time stands in for originalTimestamp, as Segment stamps it', () => {
    const m = { type: 'track', event: 'Export', anonymousId: 's', userId: 'u', groupId: 'g', properties: { module: 'M' } };
    expect(findingsFor(m, { profiles: ['freshsuccess'], mode: 'explicit' }, '2026-03-01T10:00:00.000Z')).toEqual([]);
    expect(findingsFor(m, { profiles: ['freshsuccess'], mode: 'explicit' }, 'not a time').map((f) => f.rule)).toEqual(['freshsuccess.base.originalTimestamp.iso8601']);
  });
  it('the every-partner plan gives the receiver’s findings', () => {
    const m = { type: 'track', event: 'Tour Strat', userId: 'u' };
    expect(EVERY_PARTNER_PLAN).toEqual({ profiles: ALL_PROFILES, mode: 'auto' });
    expect(findingsFor(m, EVERY_PARTNER_PLAN)).toEqual(receiverFindings(m));
  });
});
