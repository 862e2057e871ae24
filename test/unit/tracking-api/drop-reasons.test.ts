import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { dropReasons } from '../../../src-shared/tracking-api/drop-reasons';

const codes = (message: JsonObject, isDuplicate = false) => dropReasons(message, { isDuplicate }).map((r) => r.code);

describe('dropReasons', () => {
  it('finds nothing wrong with a complete message of each type', () => {
    const good: JsonObject[] = [
      { type: 'track', event: 'E', userId: 'u' },
      { type: 'identify', anonymousId: 'a' },
      { type: 'group', userId: 'u', groupId: 'g' },
      { type: 'group', userId: 'u', groupId: 42 },
      { type: 'page', anonymousId: 'a' },
      { type: 'screen', userId: 7 },
      { type: 'alias', userId: 'u', previousId: 'p' },
    ];
    for (const message of good) expect(codes(message), JSON.stringify(message)).toEqual([]);
  });

  it.each([
    [{ type: 'identify' }, ''],
    [{ type: 'identify', userId: null, anonymousId: null }, ' (its userId is null, its anonymousId is null)'],
    [{ type: 'identify', userId: '', anonymousId: '' }, ' (its userId is an empty string, its anonymousId is an empty string)'],
    [{ type: 'identify', anonymousId: '' }, ' (its anonymousId is an empty string)'],
    [{ type: 'identify', userId: {}, anonymousId: [] }, ' (its userId is an object, its anonymousId is an array)'],
    [{ type: 'identify', userId: true }, ' (its userId is true)'],
  ])('missing-identity for %j, naming an id that is there but cannot be used', (message, detail) => {
    const [reason] = dropReasons(message, { isDuplicate: false });
    expect(reason).toEqual({ code: 'missing-identity', message: `it has neither a userId nor an anonymousId${detail}`, path: 'userId' });
  });

  it('accepts either identity alone', () => {
    expect(codes({ type: 'identify', userId: '', anonymousId: 'a' })).toEqual([]);
    expect(codes({ type: 'identify', userId: 'u', anonymousId: null })).toEqual([]);
  });

  it.each([
    [{ type: 'track', userId: 'u' }, 'missing-event', 'this track call has no event', 'event'],
    [{ type: 'track', userId: 'u', event: '' }, 'missing-event', 'this track call has an empty event', 'event'],
    [{ type: 'track', userId: 'u', event: 5 }, 'missing-event', 'this track call has a non-string (number) event', 'event'],
    [{ type: 'group', userId: 'u', groupId: null }, 'missing-group-id', 'this group call has a null groupId', 'groupId'],
    [{ type: 'alias', userId: 'u' }, 'missing-previous-id', 'this alias call has no previousId', 'previousId'],
  ])('%j -> %s', (message, code, text, path) => {
    expect(dropReasons(message, { isDuplicate: false })).toEqual([{ code, message: text, path }]);
  });

  it('unknown-type for a missing or foreign type, and no type-specific checks then', () => {
    const [missing] = dropReasons({ userId: 'u' }, { isDuplicate: false });
    expect(missing).toMatchObject({ code: 'unknown-type', path: 'type', message: expect.stringMatching(/^it has no type \(expected one of track, identify/) });
    expect(dropReasons({ type: 'Track', userId: 'u' }, { isDuplicate: false })).toEqual([
      { code: 'unknown-type', path: 'type', message: 'its type "Track" is not a Segment call type (expected one of track, identify, group, page, screen, alias)' },
    ]);
  });

  it('duplicate-message-id when the context says so, quoting the id', () => {
    const reasons = dropReasons({ type: 'track', event: 'E', userId: 'u', messageId: 'm-1' }, { isDuplicate: true });
    expect(reasons).toEqual([
      { code: 'duplicate-message-id', path: 'messageId', message: 'a message with the same messageId "m-1" was already received within the last 24 hours' },
    ]);
  });

  it('message-id-too-long above 100 characters (counted as characters, not UTF-16 units)', () => {
    const base = { type: 'track', event: 'E', userId: 'u' };
    expect(codes({ ...base, messageId: 'm'.repeat(100) })).toEqual([]);
    expect(dropReasons({ ...base, messageId: 'm'.repeat(101) }, { isDuplicate: false })).toEqual([
      { code: 'message-id-too-long', path: 'messageId', message: "its messageId is 101 characters long; Segment's limit is 100" },
    ]);
    expect(codes({ ...base, messageId: '😀'.repeat(100) })).toEqual([]);
  });

  it('lists every applicable reason together', () => {
    expect(codes({ type: 'track', messageId: 'x'.repeat(101) }, true)).toEqual([
      'missing-identity',
      'missing-event',
      'message-id-too-long',
      'duplicate-message-id',
    ]);
  });

  it('a batch body posted to one call\'s path (analytics-node with path /v1/track) says so: the messages in it have their ids', () => {
    const [identity] = dropReasons({ type: 'track', batch: [{ type: 'track', userId: 'u', event: 'E' }, { type: 'identify', userId: 'u' }], sentAt: '2026-01-01T00:00:00Z' }, { isDuplicate: false });
    expect(identity).toEqual({
      code: 'missing-identity',
      message: 'it has neither a userId nor an anonymousId: it is a batch body ({"batch": […]}) posted to one call\'s path, which reads the whole body as one message, so none of the 2 messages in it is read; post batches to /v1/batch',
      path: 'userId',
    });
    expect(dropReasons({ type: 'track', batch: [{}] }, { isDuplicate: false })[0].message).toMatch(/, so the message in it is not read; post batches to \/v1\/batch$/);
    // An empty batch, or a "batch" that is not an array, is no batch body.
    for (const batch of [[], 'x', { a: 1 }]) expect(dropReasons({ type: 'track', batch }, { isDuplicate: false })[0].message).toBe('it has neither a userId nor an anonymousId');
  });
});
