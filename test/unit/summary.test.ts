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
  it('counts errors and warnings per profile, info findings aside', () => {
    const f = (severity: 'error' | 'warning' | 'info', profile: 'segment' | 'freshsuccess' | 'provesource') => ({ severity, path: '', rule: 'r', message: 'm', profile });
    const c = {
      seq: 1, requestId: 'r', receivedAt: '2026-11-23T10:00:00.000Z', headers: {}, messageIdAssigned: false, dropReasons: [],
      origin: { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none' },
      message: { type: 'track', userId: 'u' },
      findings: [f('warning', 'freshsuccess'), f('error', 'segment'), f('error', 'freshsuccess'), f('warning', 'freshsuccess'), f('info', 'provesource')],
    } as CapturedMessage;
    const s = toSummary(c);
    expect(s.findingProfiles).toEqual(['freshsuccess', 'segment']);
    expect(s.findingCounts).toEqual([1, 2, 1, 0]);
    expect([s.errorCount, s.warningCount]).toEqual([2, 2]);
  });
  it('masks short keys completely', () => {
    expect(maskWriteKey('abc')).toBe('•••');
    // Up to 6 characters, showing 3 + 3 would show the whole key: all masked.
    expect(maskWriteKey('abcdef')).toBe('••••••');
    expect(maskWriteKey('a')).toBe('•');
    // From 7 on, the first and last 3 with the middle hidden.
    expect(maskWriteKey('abcdefg')).toBe('abc…efg');
    expect(maskWriteKey('wk_live_1234567890')).toBe('wk_…890');
    expect(maskWriteKey('')).toBeUndefined();
    expect(maskWriteKey(undefined)).toBeUndefined();
  });
});
