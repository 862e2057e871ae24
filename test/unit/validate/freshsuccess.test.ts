import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { exampleMessage, fieldsFor, setPath } from '../../../src-shared/catalogs/index';
import type { Finding } from '../../../src-shared/validate/finding';
import { validate } from '../../../src-shared/validate/validate';

const OPTS = { now: '2025-03-14T09:26:53.000Z', messageId: 'msg-fs-1' };
type Call = 'track' | 'identify' | 'group';

function example(call: Call): JsonObject {
  return exampleMessage('freshsuccess', call, OPTS);
}

function without(message: JsonObject, path: string): JsonObject {
  const keys = path.split('.');
  let node = message;
  for (const k of keys.slice(0, -1)) node = node[k] as JsonObject;
  delete node[keys[keys.length - 1]];
  return message;
}

function fs(message: JsonObject, mode: 'explicit' | 'auto' = 'explicit'): Finding[] {
  return validate(message, ['freshsuccess'], { mode });
}

const pick = (f: Finding) => ({ rule: f.rule, path: f.path, severity: f.severity });

describe('Freshsuccess: every required or recommended field, removed, yields its finding', () => {
  const cases: [Call, string, string, string][] = [];
  for (const call of ['track', 'identify', 'group'] as Call[]) {
    for (const f of fieldsFor('freshsuccess', call)) {
      if (f.requirement === 'optional' || f.path === 'type') continue;
      const scope = ['anonymousId', 'originalTimestamp', 'userId'].includes(f.path) || (f.path === 'groupId' && call !== 'group') ? 'base' : call;
      cases.push([call, f.path, f.requirement, `freshsuccess.${scope}.${f.path}.${f.requirement}`]);
    }
  }
  // Guards against the catalog losing rules silently.
  it('covers the documented rules', () => {
    expect(cases.map((c) => c[3])).toEqual(
      expect.arrayContaining([
        'freshsuccess.base.anonymousId.required',
        'freshsuccess.base.originalTimestamp.required',
        'freshsuccess.base.userId.required',
        'freshsuccess.base.groupId.recommended',
        'freshsuccess.track.event.required',
        'freshsuccess.track.properties.module.recommended',
        'freshsuccess.identify.traits.first_name.recommended',
        'freshsuccess.identify.traits.last_name.recommended',
        'freshsuccess.identify.traits.email.recommended',
        'freshsuccess.group.groupId.required',
        'freshsuccess.group.traits.name.required',
        'freshsuccess.group.traits.createdAt.required',
        'freshsuccess.group.traits.email.recommended',
      ]),
    );
  });
  it.each(cases)('%s without %s (%s) -> %s', (call, path, requirement, rule) => {
    // Segment always delivers an originalTimestamp (the client's timestamp, else the receipt
    // time), so only a blank one sent as such is missing.
    const message = without(example(call), path);
    if (path === 'originalTimestamp') message.originalTimestamp = '';
    const findings = fs(message);
    const expected = { rule, path, severity: requirement === 'required' ? 'error' : 'warning' };
    expect(findings.map(pick)).toEqual([expected]);
    expect(findings[0].message).toContain(path);
  });
});

describe('Freshsuccess judges originalTimestamp as Segment delivers it', () => {
  it("takes the client's timestamp when the message has no originalTimestamp (analytics-node sends only timestamp)", () => {
    const m = without(example('track'), 'originalTimestamp');
    m.timestamp = '2025-03-14T09:26:53.000Z';
    expect(fs(m).filter((f) => f.rule.includes('originalTimestamp'))).toEqual([]);
  });
  it('names the client\'s timestamp when that is what is wrong', () => {
    const m = without(example('track'), 'originalTimestamp');
    m.timestamp = 'yesterday';
    const f = fs(m).find((x) => x.rule === 'freshsuccess.base.originalTimestamp.iso8601');
    expect(f?.path).toBe('timestamp');
    expect(f?.message).toContain('fix timestamp');
  });
  it('uses the receipt time when the client sent no time at all, as Segment does', () => {
    const m = without(without(example('track'), 'originalTimestamp'), 'timestamp');
    expect(validate(m, ['freshsuccess'], { mode: 'explicit', receivedAt: '2025-03-14T09:26:53.000Z' }).filter((f) => f.rule.includes('originalTimestamp'))).toEqual([]);
    expect(validate({ ...m, receivedAt: 'not a time' }, ['freshsuccess']).map((f) => f.rule)).toContain('freshsuccess.base.originalTimestamp.iso8601');
  });
});

describe('Freshsuccess: values of the wrong kind', () => {
  const cases: [string, Call, (m: JsonObject) => void, { rule: string; path: string; severity: string }][] = [
    ['originalTimestamp not ISO-8601', 'track', (m) => (m.originalTimestamp = '14/03/2025 09:26'), { rule: 'freshsuccess.base.originalTimestamp.iso8601', path: 'originalTimestamp', severity: 'error' }],
    ['createdAt not ISO-8601', 'group', (m) => setPath(m, 'traits.createdAt', 'last June'), { rule: 'freshsuccess.group.traits.createdAt.iso8601', path: 'traits.createdAt', severity: 'error' }],
    ['createdAt as epoch number', 'group', (m) => setPath(m, 'traits.createdAt', 1685577600000), { rule: 'freshsuccess.group.traits.createdAt.iso8601', path: 'traits.createdAt', severity: 'error' }],
    ['description over 512 chars', 'group', (m) => setPath(m, 'traits.description', 'x'.repeat(513)), { rule: 'freshsuccess.group.traits.description.maxLength', path: 'traits.description', severity: 'warning' }],
    ['employees as a string', 'group', (m) => setPath(m, 'traits.employees', '250'), { rule: 'freshsuccess.group.traits.employees.type', path: 'traits.employees', severity: 'warning' }],
    ['is_churned as a string', 'group', (m) => setPath(m, 'traits.is_churned', 'yes'), { rule: 'freshsuccess.group.traits.is_churned.type', path: 'traits.is_churned', severity: 'warning' }],
    ['group email not an email', 'group', (m) => setPath(m, 'traits.email', 'billing at acme'), { rule: 'freshsuccess.group.traits.email.email', path: 'traits.email', severity: 'warning' }],
    ['identify email not an email', 'identify', (m) => setPath(m, 'traits.email', 'dana'), { rule: 'freshsuccess.identify.traits.email.email', path: 'traits.email', severity: 'warning' }],
    ['userId as an object', 'track', (m) => (m.userId = { id: 1 }), { rule: 'freshsuccess.base.userId.type', path: 'userId', severity: 'error' }],
    ['anonymousId blank', 'identify', (m) => (m.anonymousId = '  '), { rule: 'freshsuccess.base.anonymousId.required', path: 'anonymousId', severity: 'error' }],
    ['page call', 'track', (m) => (m.type = 'page'), { rule: 'freshsuccess.base.type.not-used', path: 'type', severity: 'info' }],
    ['no Segment call type', 'track', (m) => (m.type = 'pageview'), { rule: 'freshsuccess.base.type.unsupported', path: 'type', severity: 'error' }],
    ['billing_city instead of biling_city', 'group', (m) => setPath(m, 'traits.billing_city', 'Austin'), { rule: 'freshsuccess.group.traits.billing_city.published-as-biling_city', path: 'traits.billing_city', severity: 'info' }],
    ['object custom dimension on group', 'group', (m) => setPath(m, 'traits.address', { city: 'Austin' }), { rule: 'freshsuccess.group.traits.custom-dimension.type', path: 'traits.address', severity: 'info' }],
    ['array custom dimension on identify', 'identify', (m) => setPath(m, 'traits.tags', ['a', 'b']), { rule: 'freshsuccess.identify.traits.custom-dimension.type', path: 'traits.tags', severity: 'info' }],
  ];
  it.each(cases)('%s', (_name, call, breakIt, expected) => {
    const message = example(call);
    breakIt(message);
    expect(fs(message).map(pick)).toEqual([expected]);
  });

  it('string, number and date custom dimensions are fine', () => {
    const m = example('group');
    setPath(m, 'traits.plan', 'Enterprise');
    setPath(m, 'traits.seats', 40);
    setPath(m, 'traits.renewal_date', '2026-01-01');
    expect(fs(m)).toEqual([]);
  });

  it('groupId may come from context.groupId on track', () => {
    const m = without(example('track'), 'groupId');
    setPath(m, 'context.groupId', 'acct_acme_corp');
    expect(fs(m)).toEqual([]);
  });

  it('names the field and the limit in the message', () => {
    const m = example('group');
    setPath(m, 'traits.description', 'x'.repeat(600));
    expect(fs(m)[0].message).toBe('Description (traits.description) is 600 characters; Freshsuccess allows at most 512.');
  });
});

describe('Freshsuccess in auto mode', () => {
  it('stays quiet on page/screen/alias messages', () => {
    for (const type of ['page', 'screen', 'alias']) {
      expect(fs({ type, userId: 'u1', name: 'Home', previousId: 'a' }, 'auto')).toEqual([]);
    }
  });
  it('still checks track/identify/group fully', () => {
    const m = without(example('group'), 'traits.createdAt');
    expect(fs(m, 'auto').map((f) => f.rule)).toEqual(['freshsuccess.group.traits.createdAt.required']);
  });
});
