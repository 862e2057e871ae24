import { describe, expect, it } from 'vitest';
import { maskWriteKey, toSummary } from '../../src-shared/summary';
import type { CapturedMessage } from '../../src-shared/capture';

describe('toSummary', () => {
  it('names a track row by its event and masks the write key', () => {
    const c: CapturedMessage = {
      seq: 7,
      requestId: 'r1',
      receivedAt: '2026-11-23T10:00:00.000Z',
      origin: { kind: 'tracking', endpoint: '/v1/track', writeKey: 'abcdef123456', writeKeySource: 'basic' },
      headers: {},
      message: { type: 'track', event: 'Goal Completed', userId: 'u1' },
      messageIdAssigned: true,
      dropReasons: [],
      findings: [{ severity: 'warning', path: 'groupId', rule: 'r', message: 'm', profile: 'freshsuccess' }],
    };
    const s = toSummary(c);
    expect(s).toMatchObject({ seq: 7, type: 'track', name: 'Goal Completed', userId: 'u1', writeKeyMasked: 'abc…456', warningCount: 1 });
    expect(s.findingProfiles).toEqual(['freshsuccess']);
  });
  it('masks short keys completely', () => {
    expect(maskWriteKey('abc')).toBe('•••');
    expect(maskWriteKey(undefined)).toBeUndefined();
  });
});
