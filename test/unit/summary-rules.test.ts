// The inspector's row for a message, rule by rule (capture.ts, MessageSummary: "event for track,
// name for page/screen, groupId for group, previousId for alias, traits.email or '' for
// identify"; the write key shown masked, never in clear; errors and warnings counted per profile,
// info findings aside). Expected values are typed out here, not computed by the code under test.
import { describe, expect, it } from 'vitest';
import type { CaptureOrigin, CapturedMessage, JsonObject } from '../../src-shared/capture';
import { displayName, internTally, maskWriteKey, str, summaryFrom, summaryGroup, tallyFindings, toSummary } from '../../src-shared/summary';
import type { Finding, ProfileId, Severity } from '../../src-shared/validate/finding';

const TRACKING: CaptureOrigin = { kind: 'tracking', endpoint: '/v1/batch', writeKey: 'wk_live_1234567890', writeKeyFingerprint: '0123456789ab', writeKeySource: 'basic' };
const WEBHOOK: CaptureOrigin = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'valid', basis: 'raw-body' } };

function captured(message: JsonObject, over: Partial<CapturedMessage> = {}): CapturedMessage {
  return {
    seq: 42,
    requestId: 'req-1',
    receivedAt: '2026-11-30T10:00:00.000Z',
    origin: TRACKING,
    headers: {},
    message,
    messageIdAssigned: false,
    dropReasons: [],
    findings: [],
    ...over,
  };
}

const finding = (severity: Severity, profile: ProfileId, path = ''): Finding => ({ severity, path, rule: `${profile}.${path}`, message: 'm', profile });

describe('str: the text of a message field', () => {
  it.each<[unknown, string | undefined]>([
    ['plain', 'plain'],
    ['', ''],
    [0, '0'],
    [42, '42'],
    [-1.5, '-1.5'],
    [true, undefined],
    [false, undefined],
    [null, undefined],
    [undefined, undefined],
    [{ id: 1 }, undefined],
    [['a'], undefined],
  ])('%j -> %j', (v, expected) => {
    expect(str(v)).toBe(expected);
  });
});

describe('displayName: the name column of each call type', () => {
  it.each<[string, JsonObject, string]>([
    ['track: its event', { type: 'track', event: 'Signed Up', name: 'not this' }, 'Signed Up'],
    ['track: a numeric event as text', { type: 'track', event: 7 }, '7'],
    ['track without event', { type: 'track', name: 'not this' }, ''],
    ['page: its name', { type: 'page', name: 'Pricing', properties: { name: 'not this' } }, 'Pricing'],
    ['page: properties.name when there is no name', { type: 'page', properties: { name: 'Home' } }, 'Home'],
    ['page: neither', { type: 'page', properties: {} }, ''],
    ['page: no properties at all', { type: 'page' }, ''],
    ['screen: its name', { type: 'screen', name: 'Dashboard', event: 'not this' }, 'Dashboard'],
    ['screen: properties.name', { type: 'screen', properties: { name: 'Settings' } }, 'Settings'],
    ['screen: neither', { type: 'screen' }, ''],
    ['group: its groupId', { type: 'group', groupId: 'acct_acme', event: 'not this' }, 'acct_acme'],
    ['group: a numeric groupId', { type: 'group', groupId: 12 }, '12'],
    ['group without groupId', { type: 'group', name: 'not this' }, ''],
    ['alias: its previousId', { type: 'alias', previousId: 'anon-1', event: 'not this' }, 'anon-1'],
    ['alias without previousId', { type: 'alias' }, ''],
    ['identify: traits.email', { type: 'identify', traits: { email: 'dana@acme.example' }, event: 'not this' }, 'dana@acme.example'],
    ['identify without email', { type: 'identify', traits: { name: 'Dana' } }, ''],
    ['identify without traits', { type: 'identify', event: 'not this' }, ''],
    ['an unknown type: its event', { type: 'custom', event: 'Thing' }, 'Thing'],
    ['no type: its event', { event: 'Thing' }, 'Thing'],
    ['an unknown type without event', { type: 'custom', name: 'not this' }, ''],
  ])('%s', (_what, message, expected) => {
    expect(displayName(message)).toBe(expected);
  });
});

describe('maskWriteKey: never the key in clear', () => {
  it.each<[string | undefined, string | undefined]>([
    [undefined, undefined],
    ['', undefined],
    ['a', '•'],
    ['ab', '••'],
    ['abcde', '•••••'],
    ['abcdef', '••••••'],
    ['abcdefg', 'abc…efg'],
    ['abcdefgh', 'abc…fgh'],
    ['wk_live_1234567890', 'wk_…890'],
  ])('%j -> %j', (key, masked) => {
    expect(maskWriteKey(key)).toBe(masked);
  });
});

describe('toSummary: one row', () => {
  it('a tracking message: every field', () => {
    const c = captured(
      { type: 'track', event: 'Export Report', userId: 'u1', anonymousId: 'a1' },
      { findings: [finding('error', 'freshsuccess'), finding('warning', 'segment'), finding('info', 'produktly')] },
    );
    expect(toSummary(c)).toStrictEqual({
      seq: 42,
      receivedAt: '2026-11-30T10:00:00.000Z',
      type: 'track',
      name: 'Export Report',
      userId: 'u1',
      anonymousId: 'a1',
      origin: 'tracking',
      endpoint: '/v1/batch',
      writeKeyMasked: 'wk_…890',
      writeKeyFingerprint: '0123456789ab',
      webhook: undefined,
      signature: undefined,
      dropCodes: [],
      findingProfiles: ['freshsuccess', 'segment'],
      errorCount: 1,
      warningCount: 1,
      findingCounts: [1, 0, 0, 1],
    });
  });

  it('a webhook message: its webhook and signature, no write key, no fingerprint key at all', () => {
    const c = captured({ type: 'identify', traits: { email: 'dana@acme.example' }, userId: 7 }, { origin: WEBHOOK, seq: 3 });
    const s = toSummary(c);
    expect(s).toStrictEqual({
      seq: 3,
      receivedAt: '2026-11-30T10:00:00.000Z',
      type: 'identify',
      name: 'dana@acme.example',
      userId: '7',
      anonymousId: undefined,
      origin: 'webhook',
      endpoint: '/webhook/pf',
      writeKeyMasked: undefined,
      webhook: 'pf',
      signature: 'valid',
      dropCodes: [],
      findingProfiles: [],
      errorCount: 0,
      warningCount: 0,
      findingCounts: [],
    });
    expect('writeKeyFingerprint' in s).toBe(false);
  });

  it.each(['invalid', 'missing', 'no-secret'] as const)('a webhook signature %s', (status) => {
    const signature = status === 'invalid' ? { status, received: 'abc' } : { status };
    const s = toSummary(captured({ type: 'track', event: 'E' }, { origin: { ...WEBHOOK, signature } as CaptureOrigin }));
    expect(s.signature).toBe(status);
  });

  it('the drop codes, in order', () => {
    const c = captured(
      { type: 'track' },
      {
        dropReasons: [
          { code: 'missing-identity', message: 'no identity' },
          { code: 'missing-event', message: 'no event', path: 'event' },
        ],
      },
    );
    expect(toSummary(c).dropCodes).toEqual(['missing-identity', 'missing-event']);
  });

  it('rows without drop codes share one frozen empty list (summaries are kept for every message)', () => {
    const a = toSummary(captured({ type: 'track', event: 'E' }));
    const b = toSummary(captured({ type: 'page', name: 'P' }, { seq: 43 }));
    expect(a.dropCodes).toEqual([]);
    expect(b.dropCodes).toBe(a.dropCodes);
    expect(Object.isFrozen(a.dropCodes)).toBe(true);
  });

  it('a message without a type is "?"; a numeric type is text; every call type as itself', () => {
    expect(toSummary(captured({ event: 'E' })).type).toBe('?');
    expect(toSummary(captured({ type: 5 })).type).toBe('5');
    expect(toSummary(captured({ type: null })).type).toBe('?');
    for (const type of ['track', 'identify', 'page', 'screen', 'group', 'alias', 'Track', 'custom', '']) expect(toSummary(captured({ type })).type).toBe(type);
  });

  it('ids: strings as they are, numbers as text, anything else absent', () => {
    expect(toSummary(captured({ type: 'track', userId: 0, anonymousId: 12.5 }))).toMatchObject({ userId: '0', anonymousId: '12.5' });
    const s = toSummary(captured({ type: 'track', userId: { id: 1 }, anonymousId: true }));
    expect([s.userId, s.anonymousId]).toEqual([undefined, undefined]);
  });

  it('a tracking request without a key: no mask, and the keys of two requests one after another each masked', () => {
    const noKey: CaptureOrigin = { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none' };
    const rows = [
      toSummary(captured({ type: 'track', event: 'E' }, { origin: { ...TRACKING, writeKey: 'abcdefgh' } })),
      toSummary(captured({ type: 'track', event: 'E' }, { origin: { ...TRACKING, writeKey: 'abcdefgh' } })),
      toSummary(captured({ type: 'track', event: 'E' }, { origin: { ...TRACKING, writeKey: 'zyxwvuts' } })),
      toSummary(captured({ type: 'track', event: 'E' }, { origin: noKey })),
      toSummary(captured({ type: 'track', event: 'E' }, { origin: { ...TRACKING, writeKey: 'abc' } })),
      toSummary(captured({ type: 'track', event: 'E' }, { origin: { ...TRACKING, writeKey: 'abcdefgh' } })),
    ];
    expect(rows.map((r) => r.writeKeyMasked)).toEqual(['abc…fgh', 'abc…fgh', 'zyx…uts', undefined, '•••', 'abc…fgh']);
  });
});

describe('summaryGroup: the fields that come from the request', () => {
  it('tracking', () => {
    expect(summaryGroup('2026-11-30T10:00:00.000Z', TRACKING)).toStrictEqual({
      receivedAt: '2026-11-30T10:00:00.000Z',
      origin: 'tracking',
      endpoint: '/v1/batch',
      writeKeyMasked: 'wk_…890',
      writeKeyFingerprint: '0123456789ab',
      webhook: undefined,
      signature: undefined,
      signatureUnchecked: undefined,
    });
  });
  it('webhook', () => {
    expect(summaryGroup('t', { ...WEBHOOK, signature: { status: 'missing' } })).toStrictEqual({
      receivedAt: 't',
      origin: 'webhook',
      endpoint: '/webhook/pf',
      writeKeyMasked: undefined,
      writeKeyFingerprint: undefined,
      webhook: 'pf',
      signature: 'missing',
      signatureUnchecked: undefined,
    });
  });
  it('webhook with no secret: unchecked when an X-Signature came, not when none did', () => {
    expect(summaryGroup('t', { ...WEBHOOK, signature: { status: 'no-secret', received: '[redacted: 40 hex digits]' } })).toMatchObject({ signature: 'no-secret', signatureUnchecked: true });
    expect(summaryGroup('t', { ...WEBHOOK, signature: { status: 'no-secret' } }).signatureUnchecked).toBeUndefined();
    // Only a 'no-secret' check is unchecked.
    expect(summaryGroup('t', { ...WEBHOOK, signature: { status: 'invalid', received: '[redacted: 40 hex digits]' } }).signatureUnchecked).toBeUndefined();
  });
});

describe('summaryFrom: a row from its parts', () => {
  const tally = { profiles: ['segment'], counts: [2, 1], errorCount: 2, warningCount: 1 };
  it('copies each part to its field', () => {
    const dropReasons = [{ code: 'duplicate-message-id' as const, message: 'seen' }];
    expect(summaryFrom(9, 'at', TRACKING, dropReasons, 'page', 'Pricing', 'u9', 'a9', tally)).toStrictEqual({
      seq: 9,
      receivedAt: 'at',
      type: 'page',
      name: 'Pricing',
      userId: 'u9',
      anonymousId: 'a9',
      origin: 'tracking',
      endpoint: '/v1/batch',
      writeKeyMasked: 'wk_…890',
      writeKeyFingerprint: '0123456789ab',
      webhook: undefined,
      signature: undefined,
      dropCodes: ['duplicate-message-id'],
      findingProfiles: ['segment'],
      errorCount: 2,
      warningCount: 1,
      findingCounts: [2, 1],
    });
  });
  it('types and names given as fresh copies come back equal', () => {
    for (const type of ['track', 'identify', 'page', 'screen', 'group', 'alias', 'other']) {
      const copy = [...type].join('');
      const s = summaryFrom(1, 'at', WEBHOOK, [], copy, `${copy} name`, undefined, undefined, tally);
      expect([s.type, s.name]).toEqual([type, `${type} name`]);
    }
  });
  it('more than 4,096 distinct names: every one still comes back as given', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `Event ${i}`);
    const out = names.map((n) => summaryFrom(1, 'at', WEBHOOK, [], 'track', n, undefined, undefined, tally).name);
    expect(out).toEqual(names);
    expect(summaryFrom(1, 'at', WEBHOOK, [], 'track', 'Event 1', undefined, undefined, tally).name).toBe('Event 1');
  });
});

describe('tallyFindings: errors and warnings per profile', () => {
  it.each<[string, Finding[], { profiles: string[]; counts: number[]; errorCount: number; warningCount: number }]>([
    ['none', [], { profiles: [], counts: [], errorCount: 0, warningCount: 0 }],
    ['info only', [finding('info', 'segment'), finding('info', 'freshsuccess')], { profiles: [], counts: [], errorCount: 0, warningCount: 0 }],
    ['one error', [finding('error', 'segment')], { profiles: ['segment'], counts: [1, 0], errorCount: 1, warningCount: 0 }],
    ['one warning', [finding('warning', 'provesource')], { profiles: ['provesource'], counts: [0, 1], errorCount: 0, warningCount: 1 }],
    [
      'profiles in order of first appearance, info between',
      [finding('warning', 'freshsuccess'), finding('info', 'segment'), finding('error', 'segment'), finding('error', 'freshsuccess'), finding('warning', 'freshsuccess'), finding('error', 'segment'), finding('warning', 'produktly')],
      { profiles: ['freshsuccess', 'segment', 'produktly'], counts: [1, 2, 2, 0, 0, 1], errorCount: 3, warningCount: 3 },
    ],
  ])('%s', (_what, findings, expected) => {
    const t = tallyFindings(findings);
    expect({ ...t, profiles: [...t.profiles], counts: [...t.counts] }).toStrictEqual(expected);
  });

  it('the tally is frozen, exact-size copies (one instance serves many summaries)', () => {
    const t = tallyFindings([finding('error', 'segment'), finding('warning', 'produktly')]);
    expect(Object.isFrozen(t.profiles)).toBe(true);
    expect(Object.isFrozen(t.counts)).toBe(true);
    expect(t.profiles).toEqual(['segment', 'produktly']);
    expect(t.counts).toEqual([1, 0, 0, 1]);
  });

  it('the same findings objects again: the same tally; other objects, or a list changed since, counted afresh', () => {
    const a = finding('error', 'segment');
    const b = finding('warning', 'freshsuccess');
    const list = [a, b];
    const first = tallyFindings(list);
    expect(tallyFindings([a, b])).toBe(first);
    // The caller's array changed after the tally: the remembered copy is not fooled.
    list.push(finding('error', 'freshsuccess'));
    const second = tallyFindings(list);
    expect(second.counts).toEqual([1, 0, 1, 1]);
    // Equal content, different objects: counted again (the same numbers).
    const third = tallyFindings([finding('error', 'segment'), finding('warning', 'freshsuccess')]);
    expect(third.counts).toEqual([1, 0, 0, 1]);
    // Same length, one element different.
    expect(tallyFindings([a, finding('error', 'produktly')]).profiles).toEqual(['segment', 'produktly']);
    // A shorter list whose elements are a prefix of the last one.
    tallyFindings([a, b]);
    expect(tallyFindings([a]).counts).toEqual([1, 0]);
    // An empty list after a non-empty one.
    expect(tallyFindings([]).profiles).toEqual([]);
    expect(tallyFindings([b]).profiles).toEqual(['freshsuccess']);
  });
});

describe('internTally: one shared instance per distinct tally', () => {
  it('equal tallies share one frozen instance; different ones do not', () => {
    const a = internTally({ profiles: ['segment', 'freshsuccess'], counts: [1, 0, 0, 2], errorCount: 1, warningCount: 2 });
    const b = internTally({ profiles: ['segment', 'freshsuccess'], counts: [1, 0, 0, 2], errorCount: 1, warningCount: 2 });
    expect(b).toBe(a);
    expect(a).toStrictEqual({ profiles: ['segment', 'freshsuccess'], counts: [1, 0, 0, 2], errorCount: 1, warningCount: 2 });
    expect(Object.isFrozen(a.profiles) && Object.isFrozen(a.counts)).toBe(true);
    const variants = [
      { profiles: ['freshsuccess', 'segment'], counts: [1, 0, 0, 2], errorCount: 1, warningCount: 2 },
      { profiles: ['segment', 'freshsuccess'], counts: [1, 0, 2, 0], errorCount: 1, warningCount: 2 },
      { profiles: ['segment', 'freshsuccess'], counts: [1, 0, 0, 2], errorCount: 2, warningCount: 2 },
      { profiles: ['segment', 'freshsuccess'], counts: [1, 0, 0, 2], errorCount: 1, warningCount: 1 },
      { profiles: ['segment', 'freshsuccess', 'produktly'], counts: [1, 0, 0, 2, 0, 0], errorCount: 1, warningCount: 2 },
    ];
    for (const v of variants) {
      const t = internTally(v);
      expect(t).not.toBe(a);
      expect(t).toStrictEqual(v);
    }
  });

  it('a tally interned, another one, then the first again: still the first instance', () => {
    const first = internTally({ profiles: ['provesource'], counts: [3, 0], errorCount: 3, warningCount: 0 });
    internTally({ profiles: ['provesource'], counts: [0, 3], errorCount: 0, warningCount: 3 });
    expect(internTally({ profiles: ['provesource'], counts: [3, 0], errorCount: 3, warningCount: 0 })).toBe(first);
  });

  it('counts that would read alike run together are told apart (1 error and 10 warnings is not 11 warnings)', () => {
    const a = internTally({ profiles: ['segment', 'freshsuccess'], counts: [0, 1, 1, 10], errorCount: 1, warningCount: 11 });
    const b = internTally({ profiles: ['segment', 'freshsuccess'], counts: [0, 11, 1, 0], errorCount: 1, warningCount: 11 });
    expect(b).not.toBe(a);
    expect(b.counts).toEqual([0, 11, 1, 0]);
    expect(a.counts).toEqual([0, 1, 1, 10]);
  });

  it('the caller may change its arrays afterwards', () => {
    const profiles = ['produktly'];
    const counts = [0, 3];
    const t = internTally({ profiles, counts, errorCount: 0, warningCount: 3 });
    profiles.push('segment');
    counts.push(1, 1);
    expect(t).toStrictEqual({ profiles: ['produktly'], counts: [0, 3], errorCount: 0, warningCount: 3 });
  });

  it('past 4,096 distinct tallies, still right', () => {
    for (let i = 0; i < 5000; i++) {
      const t = internTally({ profiles: ['segment'], counts: [i, 0], errorCount: i, warningCount: 0 });
      expect(t.counts[0]).toBe(i);
    }
    const t = internTally({ profiles: ['segment'], counts: [1, 0], errorCount: 1, warningCount: 0 });
    expect(t).toStrictEqual({ profiles: ['segment'], counts: [1, 0], errorCount: 1, warningCount: 0 });
  });
});
