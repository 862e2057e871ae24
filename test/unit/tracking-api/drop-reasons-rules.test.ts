// dropReasons' rules one by one, beyond drop-reasons.test.ts: what counts as an id, the words for
// each kind of absent field, the type check, the messageId length at its edge, the duplicate text.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { dropReasons, duplicateReason, hasId } from '../../../src-shared/tracking-api/drop-reasons';

const reasons = (message: JsonObject, isDuplicate = false) => dropReasons(message, { isDuplicate });
const codes = (message: JsonObject, isDuplicate = false) => reasons(message, isDuplicate).map((r) => r.code);

describe('hasId: a non-empty string or a finite number', () => {
  it('takes strings and numbers, zero and negative ones too', () => {
    for (const id of ['u', ' ', '0', 0, -1, 1.5, Number.MAX_VALUE]) expect(hasId(id), String(id)).toBe(true);
  });

  it('refuses the rest', () => {
    for (const id of ['', NaN, Infinity, -Infinity, null, undefined, true, false, {}, [], ['u']]) expect(hasId(id), String(id)).toBe(false);
  });

  it('decides missing-identity: each of userId and anonymousId is enough alone', () => {
    expect(codes({ type: 'identify', userId: 0 })).toEqual([]);
    expect(codes({ type: 'identify', anonymousId: 0 })).toEqual([]);
    expect(codes({ type: 'identify', userId: true, anonymousId: 'a' })).toEqual([]);
    expect(codes({ type: 'identify', userId: 'u', anonymousId: false })).toEqual([]);
    expect(codes({ type: 'identify', userId: false, anonymousId: true })).toEqual(['missing-identity']);
  });
});

describe('the required field of track, group and alias', () => {
  const base = { userId: 'u' };

  it('names the kind of absence for each type', () => {
    expect(reasons({ ...base, type: 'group' })).toEqual([{ code: 'missing-group-id', message: 'this group call has no groupId', path: 'groupId' }]);
    expect(reasons({ ...base, type: 'group', groupId: '' })).toEqual([{ code: 'missing-group-id', message: 'this group call has an empty groupId', path: 'groupId' }]);
    expect(reasons({ ...base, type: 'alias', previousId: [] })).toEqual([{ code: 'missing-previous-id', message: 'this alias call has a non-string (array) previousId', path: 'previousId' }]);
    expect(reasons({ ...base, type: 'alias', previousId: { id: 1 } })).toEqual([{ code: 'missing-previous-id', message: 'this alias call has a non-string (object) previousId', path: 'previousId' }]);
    expect(reasons({ ...base, type: 'track', event: null })).toEqual([{ code: 'missing-event', message: 'this track call has a null event', path: 'event' }]);
    expect(reasons({ ...base, type: 'track', event: false })).toEqual([{ code: 'missing-event', message: 'this track call has a non-string (boolean) event', path: 'event' }]);
  });

  it('takes a number as groupId or previousId, but not as event', () => {
    expect(codes({ ...base, type: 'group', groupId: 0 })).toEqual([]);
    expect(codes({ ...base, type: 'alias', previousId: 7 })).toEqual([]);
    expect(codes({ ...base, type: 'alias', previousId: NaN })).toEqual(['missing-previous-id']);
    expect(codes({ ...base, type: 'track', event: 1 })).toEqual(['missing-event']);
  });

  it('asks nothing more of identify, page and screen', () => {
    for (const type of ['identify', 'page', 'screen']) expect(codes({ ...base, type }), type).toEqual([]);
  });

  it('checks only the field of the message’s own type', () => {
    expect(codes({ ...base, type: 'group', event: '' })).toEqual(['missing-group-id']);
    expect(codes({ ...base, type: 'track', event: 'E', groupId: '' })).toEqual([]);
  });
});

describe('the type', () => {
  it('must be one of the six call types, as a string', () => {
    const expected = '(expected one of track, identify, group, page, screen, alias)';
    expect(reasons({ userId: 'u', type: 7 })).toEqual([{ code: 'unknown-type', message: `its type 7 is not a Segment call type ${expected}`, path: 'type' }]);
    expect(reasons({ userId: 'u', type: null })).toEqual([{ code: 'unknown-type', message: `its type null is not a Segment call type ${expected}`, path: 'type' }]);
    expect(reasons({ userId: 'u', type: ['track'] })).toEqual([{ code: 'unknown-type', message: `its type ["track"] is not a Segment call type ${expected}`, path: 'type' }]);
    expect(reasons({ userId: 'u', type: 'batch' })).toEqual([{ code: 'unknown-type', message: `its type "batch" is not a Segment call type ${expected}`, path: 'type' }]);
    expect(reasons({ userId: 'u', type: '' })).toEqual([{ code: 'unknown-type', message: `its type "" is not a Segment call type ${expected}`, path: 'type' }]);
  });
});

describe('the messageId length (100 characters)', () => {
  const base = { type: 'track', event: 'E', userId: 'u' };

  it('counts characters: 100 emoji (200 UTF-16 units) pass, 101 do not', () => {
    expect(codes({ ...base, messageId: '😀'.repeat(100) })).toEqual([]);
    expect(reasons({ ...base, messageId: '😀'.repeat(101) })).toEqual([
      { code: 'message-id-too-long', message: "its messageId is 101 characters long; Segment's limit is 100", path: 'messageId' },
    ]);
    expect(reasons({ ...base, messageId: 'é'.repeat(150) })[0].message).toBe("its messageId is 150 characters long; Segment's limit is 100");
  });

  it('applies to strings only', () => {
    expect(codes({ ...base, messageId: 10 ** 120 })).toEqual([]);
    expect(codes({ ...base, messageId: ['x'.repeat(200)] })).toEqual([]);
  });
});

describe('duplicateReason', () => {
  it('quotes the id as JSON, cut to 60 characters with an ellipsis', () => {
    expect(duplicateReason('a"b').message).toBe('a message with the same messageId "a\\"b" was already received within the last 24 hours');
    expect(duplicateReason('x'.repeat(60)).message).toBe(`a message with the same messageId "${'x'.repeat(60)}" was already received within the last 24 hours`);
    expect(duplicateReason('x'.repeat(59) + 'yz').message).toBe(`a message with the same messageId "${'x'.repeat(59)}y…" was already received within the last 24 hours`);
  });

  it('leaves out an id that is not a string', () => {
    expect(duplicateReason(42)).toEqual({ code: 'duplicate-message-id', message: 'a message with the same messageId was already received within the last 24 hours', path: 'messageId' });
    expect(duplicateReason(undefined).message).toBe('a message with the same messageId was already received within the last 24 hours');
  });

  it('is the last reason, after the others', () => {
    expect(codes({ type: 'track', userId: 'u', messageId: 'm' }, true)).toEqual(['missing-event', 'duplicate-message-id']);
    expect(codes({ type: 'track', userId: 'u', event: 'E', messageId: 'm' }, false)).toEqual([]);
  });
});
