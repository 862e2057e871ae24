// What the session model reads of a captured message (toSessionInput), field by field: the
// anonymousId that keys the session, the message's time (originalTimestamp, else timestamp, else
// receivedAt: the README's Sessions section), the feature (a track's event name, else "(type)"),
// the module (properties.module), the account (groupId, else context.groupId, as Freshsuccess
// reads it), and the write key's fingerprint for the filter. Loose input is read defensively.
import { describe, expect, it } from 'vitest';
import type { CaptureOrigin } from '../../../src-shared/capture';
import { NO_MODULE, toSessionInput } from '../../../src-shared/sessions/session-input';

const RECEIVED = '2026-03-01T10:05:00.000Z';
const RECEIVED_MS = Date.UTC(2026, 2, 1, 10, 5);
const TRACKING: CaptureOrigin = { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'basic', writeKey: 'abc…xyz', writeKeyFingerprint: '0123456789ab' };
const WEBHOOK: CaptureOrigin = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'missing' } };

const read = (message: Record<string, unknown>, o: { origin?: CaptureOrigin; receivedAt?: string; seq?: number } = {}) =>
  toSessionInput({ seq: o.seq ?? 7, receivedAt: o.receivedAt ?? RECEIVED, origin: o.origin ?? TRACKING, message: message as never });

describe('the whole input, exactly', () => {
  it('a track with everything', () => {
    expect(
      read({ type: 'track', event: 'Export', anonymousId: 'anon-1', userId: 'u1', groupId: 'g1', originalTimestamp: '2026-03-01T10:00:00.000Z', properties: { module: 'Reports' } }),
    ).toEqual({
      seq: 7,
      anonymousId: 'anon-1',
      userId: 'u1',
      groupId: 'g1',
      type: 'track',
      feature: 'Export',
      module: 'Reports',
      timeMs: Date.UTC(2026, 2, 1, 10, 0),
      timeSource: 'originalTimestamp',
      arrivalMs: RECEIVED_MS,
      endpoint: '/v1/batch',
      writeKeyFingerprint: '0123456789ab',
    });
  });

  it('a bare message over a webhook: no user, account, module or fingerprint keys at all', () => {
    const input = read({ type: 'page', anonymousId: 'anon-2' }, { origin: WEBHOOK, seq: 3 });
    expect(input).toEqual({ seq: 3, anonymousId: 'anon-2', type: 'page', feature: '(page)', timeMs: RECEIVED_MS, timeSource: 'receivedAt', arrivalMs: RECEIVED_MS, endpoint: '/webhook/pf' });
    expect(Object.keys(input!).sort()).toEqual(['anonymousId', 'arrivalMs', 'endpoint', 'feature', 'seq', 'timeMs', 'timeSource', 'type']);
  });
});

describe('anonymousId: the session key', () => {
  it.each<[string, unknown, string | undefined]>([
    ['a string', 'anon-1', 'anon-1'],
    ['a number is read as its text', 42, '42'],
    ['zero', 0, '0'],
    ['empty: no session', '', undefined],
    ['null: no session', null, undefined],
    ['an object: no session', { id: 'x' }, undefined],
    ['true: no session', true, undefined],
  ])('%s', (_label, anonymousId, expected) => {
    const input = read({ type: 'track', event: 'E', anonymousId });
    expect(input?.anonymousId).toBe(expected);
    if (expected === undefined) expect(input).toBeUndefined();
  });
});

describe('the message’s time', () => {
  it.each<[string, Record<string, unknown>, string | undefined, number, string]>([
    ['originalTimestamp over timestamp', { originalTimestamp: '2026-03-01T09:00:00Z', timestamp: '2026-03-01T09:30:00Z' }, undefined, Date.UTC(2026, 2, 1, 9), 'originalTimestamp'],
    ['timestamp when originalTimestamp is absent', { timestamp: '2026-03-01T09:30:00Z' }, undefined, Date.UTC(2026, 2, 1, 9, 30), 'timestamp'],
    ['timestamp when originalTimestamp is not a time', { originalTimestamp: 'soon', timestamp: '2026-03-01T09:30:00Z' }, undefined, Date.UTC(2026, 2, 1, 9, 30), 'timestamp'],
    // Read as the inspector and eventTime() read it: Segment's times are ISO-8601 text (it was taken as ms here only).
    ['a number is not a time', { originalTimestamp: 1_000, timestamp: '2026-03-01T09:30:00Z' }, undefined, Date.UTC(2026, 2, 1, 9, 30), 'timestamp'],
    ['a time without an offset is UTC', { originalTimestamp: '2026-03-01T09:00:00' }, undefined, Date.UTC(2026, 2, 1, 9), 'originalTimestamp'],
    ['a receipt time without an offset is UTC', {}, '2026-03-01T10:05:00', RECEIVED_MS, 'receivedAt'],
    ['an object is not a time', { originalTimestamp: { at: 1 }, timestamp: [1] }, undefined, RECEIVED_MS, 'receivedAt'],
    ['null is not a time', { originalTimestamp: null, timestamp: null }, undefined, RECEIVED_MS, 'receivedAt'],
    ['receivedAt when neither', {}, undefined, RECEIVED_MS, 'receivedAt'],
    ['no usable receivedAt either: 0', {}, 'not a date', 0, 'receivedAt'],
  ])('%s', (_label, times, receivedAt, timeMs, timeSource) => {
    const input = read({ type: 'track', event: 'E', anonymousId: 'a', ...times }, { receivedAt })!;
    expect([input.timeMs, input.timeSource]).toEqual([timeMs, timeSource]);
    expect(input.arrivalMs).toBe(receivedAt === undefined || !receivedAt.startsWith('not') ? RECEIVED_MS : 0);
  });
});

describe('type, feature and module', () => {
  it.each<[string, Record<string, unknown>, string, string, string | undefined]>([
    ['a track: its event', { type: 'track', event: 'Export' }, 'track', 'Export', undefined],
    ['a track with a numeric event', { type: 'track', event: 12 }, 'track', '12', undefined],
    ['a track without an event', { type: 'track' }, 'track', '(track)', undefined],
    ['a track with an empty event', { type: 'track', event: '' }, 'track', '(track)', undefined],
    ['an identify: "(identify)" even with an event', { type: 'identify', event: 'Export' }, 'identify', '(identify)', undefined],
    ['a group', { type: 'group' }, 'group', '(group)', undefined],
    ['no type', {}, '(no type)', '((no type))', undefined],
    ['a numeric type', { type: 3 }, '(no type)', '((no type))', undefined],
    ['properties.module', { type: 'track', event: 'E', properties: { module: 'Billing' } }, 'track', 'E', 'Billing'],
    ['a numeric module', { type: 'track', event: 'E', properties: { module: 7 } }, 'track', 'E', '7'],
    ['an empty module: none', { type: 'track', event: 'E', properties: { module: '' } }, 'track', 'E', undefined],
    ['properties an array: no module', { type: 'track', event: 'E', properties: Object.assign(['x'], { module: 'Hidden' }) }, 'track', 'E', undefined],
    ['properties a string: no module', { type: 'track', event: 'E', properties: 'module' }, 'track', 'E', undefined],
    ['properties null: no module', { type: 'track', event: 'E', properties: null }, 'track', 'E', undefined],
    ['module elsewhere is not read', { type: 'track', event: 'E', module: 'Top', context: { module: 'Ctx' } }, 'track', 'E', undefined],
  ])('%s', (_label, fields, type, feature, module) => {
    const input = read({ anonymousId: 'a', ...fields })!;
    expect([input.type, input.feature, input.module]).toEqual([type, feature, module]);
    expect('module' in input).toBe(module !== undefined);
  });

  it('the "(no module)" label', () => {
    expect(NO_MODULE).toBe('(no module)');
  });
});

describe('user, account and write key', () => {
  it.each<[string, Record<string, unknown>, string | undefined, string | undefined]>([
    ['userId and groupId', { userId: 'u', groupId: 'g' }, 'u', 'g'],
    ['numeric ids are read as text', { userId: 5, groupId: 6 }, '5', '6'],
    ['groupId over context.groupId', { groupId: 'g', context: { groupId: 'ctx' } }, undefined, 'g'],
    ['context.groupId when groupId is absent', { context: { groupId: 'ctx' } }, undefined, 'ctx'],
    ['context.groupId when groupId is blank', { groupId: '  ', context: { groupId: 'ctx' } }, undefined, 'ctx'],
    ['empty ids: none', { userId: '', groupId: '' }, undefined, undefined],
    ['object ids: none', { userId: { id: 1 }, groupId: ['g'] }, undefined, undefined],
  ])('%s', (_label, fields, userId, groupId) => {
    const input = read({ type: 'track', event: 'E', anonymousId: 'a', ...fields })!;
    expect([input.userId, input.groupId]).toEqual([userId, groupId]);
    expect(['userId' in input, 'groupId' in input]).toEqual([userId !== undefined, groupId !== undefined]);
  });

  it.each<[string, CaptureOrigin, string | undefined]>([
    ['a tracking capture carries its key’s fingerprint', TRACKING, '0123456789ab'],
    ['a tracking capture without a key: none', { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none' }, undefined],
    ['an empty fingerprint: none', { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none', writeKeyFingerprint: '' }, undefined],
    ['a webhook capture: none', WEBHOOK, undefined],
  ])('%s', (_label, origin, fingerprint) => {
    const input = read({ type: 'track', event: 'E', anonymousId: 'a' }, { origin })!;
    expect(input.writeKeyFingerprint).toBe(fingerprint);
    expect('writeKeyFingerprint' in input).toBe(fingerprint !== undefined);
    expect(input.endpoint).toBe(origin.endpoint);
  });
});

describe('no anonymousId: no session, but the account rule still reads its userId and groupId', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['a server-side track with a userId', { type: 'track', event: 'E', userId: 'u1', groupId: 'g1' }, true],
    ['an identify with a userId', { type: 'identify', userId: 'u1' }, true],
    ['a group call', { type: 'group', userId: 'u1', groupId: 'g1' }, true],
    ['a page (Freshsuccess takes track, identify and group only)', { type: 'page', userId: 'u1' }, false],
    ['no userId either', { type: 'track', event: 'E', groupId: 'g1' }, false],
  ])('%s', (_label, message, kept) => {
    const input = read(message);
    if (!kept) return expect(input).toBeUndefined();
    expect(input?.anonymousId).toBe('');
    expect(input?.userId).toBe('u1');
  });
});
