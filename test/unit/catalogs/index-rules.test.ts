// The catalog functions (catalogs/index.ts) rule by rule: lookups and their error sentences, the
// fields a form shows (base, then call, then event; a call's field replaces a base field of the
// same path), dot paths set on a message, and the example message built for each profile. The
// documents behind the expected values: domain.md ("Sources the composer must know": ProveSource
// and Produktly send track, the userId if known, Produktly else a stable per-browser id;
// Freshsuccess requires anonymousId, userId, originalTimestamp and (for group) groupId; Segment
// needs userId or anonymousId, track needs event, group groupId, alias previousId) and
// ../shared/reference/ (the event names, the properties). Example values themselves are product
// data (the composer's "Fill with example"), pinned where a test needs them.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { exampleMessage, fieldsFor, findEvent, getProfile, listEvents, setPath, spellingsOf } from '../../../src-shared/catalogs/index';
import type { ProfileId } from '../../../src-shared/catalogs/types';
import { validate } from '../../../src-shared/validate/validate';

const OPTS = { now: '2025-03-14T09:26:53.000Z', messageId: 'msg-rules-1' };

describe('lookups', () => {
  it('an unknown profile: the error names it and lists the four there are', () => {
    expect(() => getProfile('natero' as ProfileId)).toThrow(new Error('Unknown profile "natero"; known profiles: segment, provesource, produktly, freshsuccess'));
  });

  it.each<[ProfileId, string, string, readonly string[]]>([
    ['segment', 'Segment spec', 'spec', ['track', 'identify', 'group', 'page', 'screen', 'alias']],
    ['provesource', 'ProveSource', 'source', ['track']],
    ['produktly', 'Produktly', 'source', ['track']],
    ['freshsuccess', 'Freshsuccess', 'destination', ['track', 'identify', 'group']],
  ])('%s: named %s, a %s, with its call types', (id, name, kind, calls) => {
    const p = getProfile(id);
    expect([p.id, p.name, p.kind, [...p.calls]]).toEqual([id, name, kind, calls]);
  });

  it('Freshsuccess and the Segment spec have no events of their own', () => {
    expect(listEvents('freshsuccess')).toEqual([]);
    expect(listEvents('segment')).toEqual([]);
    expect(findEvent('freshsuccess', 'track')).toBeUndefined();
    expect(findEvent('segment', 'Signed Up')).toBeUndefined();
  });

  it('an event with one spelling: its name, in Title Case, from the profile\'s documents', () => {
    const profile = getProfile('provesource');
    const event = listEvents('provesource')[0];
    expect(spellingsOf(event, profile)).toEqual([{ name: 'Notification Viewed', style: 'Title Case', origin: 'ProveSource docs' }]);
    expect(findEvent('provesource', 'Notification Viewed')).toEqual({ event, spelling: { name: 'Notification Viewed', style: 'Title Case', origin: 'ProveSource docs' } });
  });

  it.each(['notification viewed', 'Notification Viewed ', 'Goal', 'tour start', 'Tour_Start', ''])('%j is no event (names are exact)', (name) => {
    expect(findEvent('provesource', name)).toBeUndefined();
    expect(findEvent('produktly', name)).toBeUndefined();
  });

  it('a later event and the second spelling are found too', () => {
    expect(findEvent('provesource', 'Goal Completed')?.event.name).toBe('Goal Completed');
    expect(findEvent('produktly', 'nps_widget_shown')?.spelling).toEqual({ name: 'nps_widget_shown', style: 'snake_case', origin: 'partner template' });
  });
});

describe('fieldsFor', () => {
  it('an unknown event: the error lists the events of the profile', () => {
    expect(() => fieldsFor('provesource', 'Goal Done')).toThrow(
      new Error('ProveSource has no event "Goal Done"; known events: Notification Viewed, Notification Hovered, Notification Clicked, Goal Completed'),
    );
  });

  it.each<[ProfileId, string, string]>([
    ['freshsuccess', 'page', 'Freshsuccess does not use "page" calls; it uses: track, identify, group'],
    ['freshsuccess', 'alias', 'Freshsuccess does not use "alias" calls; it uses: track, identify, group'],
    ['freshsuccess', 'Export Report', 'Freshsuccess does not use "Export Report" calls; it uses: track, identify, group'],
    ['segment', 'login', 'Segment spec does not use "login" calls; it uses: track, identify, group, page, screen, alias'],
    ['segment', 'Track', 'Segment spec does not use "Track" calls; it uses: track, identify, group, page, screen, alias'],
  ])('%s %j: the error lists the calls it uses', (id, call, message) => {
    expect(() => fieldsFor(id, call)).toThrow(new Error(message));
  });

  it('Segment spec, each call: the base fields, then the call\'s own', () => {
    const base = ['type', 'userId', 'anonymousId', 'messageId', 'timestamp', 'originalTimestamp', 'sentAt', 'receivedAt', 'context', 'integrations'];
    const calls: Record<string, string[]> = {
      track: ['event', 'properties'],
      identify: ['traits'],
      group: ['groupId', 'traits'],
      page: ['name', 'properties'],
      screen: ['name', 'properties'],
      alias: ['previousId'],
    };
    for (const [call, own] of Object.entries(calls)) expect(fieldsFor('segment', call).map((f) => f.path), call).toEqual([...base, ...own]);
    // domain.md: track needs event, group groupId, alias previousId.
    for (const [call, path] of [['track', 'event'], ['group', 'groupId'], ['alias', 'previousId']]) expect(fieldsFor('segment', call).find((f) => f.path === path)?.requirement).toBe('required');
  });

  it('a source event: the base fields, then the event\'s (documented on the catalog page, then the template\'s table)', () => {
    expect(fieldsFor('produktly', 'Tour Step').map((f) => f.path)).toEqual([
      'userId',
      'anonymousId',
      'properties.tour_id',
      'properties.metadata.stepIndex',
      'properties.metadata.type',
      'properties.email_id',
      'properties.from_id',
      'properties.email_subject',
      'properties.link',
    ]);
    expect(fieldsFor('produktly', 'tour_step')).toEqual(fieldsFor('produktly', 'Tour Step'));
    expect(fieldsFor('provesource', 'Notification Clicked').map((f) => f.path)).toEqual(['userId', 'properties.notificationId', 'properties.notificationName']);
  });

  it('Freshsuccess group: groupId required, in the place of the base field it replaces', () => {
    const fields = fieldsFor('freshsuccess', 'group');
    expect(fields.slice(0, 5).map((f) => [f.path, f.requirement])).toEqual([
      ['type', 'required'],
      ['anonymousId', 'required'],
      ['originalTimestamp', 'required'],
      ['userId', 'required'],
      ['groupId', 'required'],
    ]);
    expect(fields.filter((f) => f.path === 'groupId')).toHaveLength(1);
    expect(fieldsFor('freshsuccess', 'track').find((f) => f.path === 'groupId')?.requirement).toBe('recommended');
  });
});

describe('setPath', () => {
  it.each<[string, JsonObject, string, unknown, JsonObject]>([
    ['a top-level key', {}, 'event', 'E', { event: 'E' }],
    ['objects made on the way', {}, 'properties.metadata.type', 'next', { properties: { metadata: { type: 'next' } } }],
    ['an existing object kept', { properties: { a: 1 } }, 'properties.b', 2, { properties: { a: 1, b: 2 } }],
    ['a string on the way replaced by an object', { properties: 'x' }, 'properties.b', 2, { properties: { b: 2 } }],
    ['null on the way replaced', { properties: null }, 'properties.b', 2, { properties: { b: 2 } }],
    ['an array on the way replaced', { properties: [1, 2] }, 'properties.b', 2, { properties: { b: 2 } }],
    ['a number on the way replaced', { traits: 5 }, 'traits.name', 'Acme', { traits: { name: 'Acme' } }],
    ['the last key overwritten, whatever it held', { properties: { b: { deep: true } } }, 'properties.b', false, { properties: { b: false } }],
  ])('%s', (_what, target, path, value, expected) => {
    setPath(target, path, value);
    expect(target).toStrictEqual(expected);
  });
});

describe('exampleMessage: identities', () => {
  it.each<[ProfileId, string, { userId?: string; anonymousId?: string }, { userId?: string; anonymousId?: string }]>([
    // Sources send the userId when they know it; Produktly else a stable per-browser id.
    ['provesource', 'Goal Completed', {}, { userId: 'user_48213' }],
    ['provesource', 'Goal Completed', { userId: 'u-1' }, { userId: 'u-1' }],
    ['provesource', 'Goal Completed', { anonymousId: 'anon-1' }, { anonymousId: 'anon-1' }],
    ['produktly', 'Tour Start', {}, { userId: 'user_48213' }],
    ['produktly', 'tour_start', { anonymousId: 'b-1' }, { anonymousId: 'b-1' }],
    ['produktly', 'Tour Start', { userId: 'u-2', anonymousId: 'b-2' }, { userId: 'u-2', anonymousId: 'b-2' }],
    // Freshsuccess requires both (anonymousId is the session id); the Segment spec examples carry both.
    ['freshsuccess', 'track', {}, { userId: 'user_48213', anonymousId: 'sess_9f2c4e71-0b6a-4d1e-8c3a-5e7d2b1f6a90' }],
    ['freshsuccess', 'identify', { userId: 'u-3' }, { userId: 'u-3', anonymousId: 'sess_9f2c4e71-0b6a-4d1e-8c3a-5e7d2b1f6a90' }],
    // Given only a session id, the example still carries the userId Freshsuccess requires.
    ['freshsuccess', 'group', { anonymousId: 's-4' }, { userId: 'user_48213', anonymousId: 's-4' }],
    ['freshsuccess', 'track', { anonymousId: 's-5' }, { userId: 'user_48213', anonymousId: 's-5' }],
    ['segment', 'page', {}, { userId: 'user_48213', anonymousId: 'sess_9f2c4e71-0b6a-4d1e-8c3a-5e7d2b1f6a90' }],
    ['segment', 'screen', { userId: 'u-5', anonymousId: 'a-5' }, { userId: 'u-5', anonymousId: 'a-5' }],
  ])('%s %s with %j', (profile, choice, ids, expected) => {
    const m = exampleMessage(profile, choice, { ...OPTS, ...ids });
    expect({ userId: m.userId, anonymousId: m.anonymousId }).toEqual(expected);
    expect('userId' in m).toBe(expected.userId !== undefined);
    expect('anonymousId' in m).toBe(expected.anonymousId !== undefined);
  });

  it('Fill with example keeps the identity typed and gives a Freshsuccess message with no Freshsuccess finding, whichever ids were typed', () => {
    // The composer passes the userId and anonymousId it has (none, either or both); Freshsuccess
    // requires userId and anonymousId on every message (freshsuccess-segment.txt, base table).
    for (const call of ['track', 'identify', 'group'] as const) {
      for (const ids of [{}, { userId: 'u-9' }, { anonymousId: 's-9' }, { userId: 'u-9', anonymousId: 's-9' }]) {
        const m = exampleMessage('freshsuccess', call, { ...OPTS, ...ids });
        expect(validate(m, ['segment', 'freshsuccess']), `${call} ${JSON.stringify(ids)}`).toEqual([]);
      }
    }
  });

  it('time and message id from the options, the library in context', () => {
    for (const [profile, choice] of [['provesource', 'Notification Viewed'], ['freshsuccess', 'group'], ['segment', 'alias']] as const) {
      const m = exampleMessage(profile, choice, OPTS);
      expect(m).toMatchObject({ messageId: 'msg-rules-1', timestamp: OPTS.now, originalTimestamp: OPTS.now, context: { library: { name: 'eventbench', version: '0.1.0' } } });
    }
  });
});

describe('exampleMessage: each profile', () => {
  it('Segment spec: one complete message per call type', () => {
    const common = { userId: 'user_48213', anonymousId: 'sess_9f2c4e71-0b6a-4d1e-8c3a-5e7d2b1f6a90', messageId: 'msg-rules-1', timestamp: OPTS.now, originalTimestamp: OPTS.now, context: { library: { name: 'eventbench', version: '0.1.0' } } };
    expect(exampleMessage('segment', 'track', OPTS)).toStrictEqual({ type: 'track', ...common, event: 'Signed Up', properties: { plan: 'Pro', referrer: 'pricing page' } });
    expect(exampleMessage('segment', 'identify', OPTS)).toStrictEqual({ type: 'identify', ...common, traits: { email: 'dana.whitfield@acme.example', name: 'Dana Whitfield', plan: 'Pro' } });
    expect(exampleMessage('segment', 'group', OPTS)).toStrictEqual({ type: 'group', ...common, groupId: 'acct_acme_corp', traits: { name: 'Acme Corp', employees: 250 } });
    expect(exampleMessage('segment', 'page', OPTS)).toStrictEqual({ type: 'page', ...common, name: 'Pricing', properties: { path: '/pricing', url: 'https://acme.example/pricing' } });
    expect(exampleMessage('segment', 'screen', OPTS)).toStrictEqual({ type: 'screen', ...common, name: 'Dashboard', properties: { variant: 'compact' } });
    expect(exampleMessage('segment', 'alias', OPTS)).toStrictEqual({ type: 'alias', ...common, previousId: 'sess_9f2c4e71-0b6a-4d1e-8c3a-5e7d2b1f6a90' });
  });

  it('Segment spec: an alias\'s previousId is the anonymousId given, a group\'s groupId the one given; other calls ignore them', () => {
    expect(exampleMessage('segment', 'alias', { ...OPTS, anonymousId: 'anon-7' }).previousId).toBe('anon-7');
    expect(exampleMessage('segment', 'alias', { ...OPTS, anonymousId: '' }).previousId).toBe('sess_9f2c4e71-0b6a-4d1e-8c3a-5e7d2b1f6a90');
    expect(exampleMessage('segment', 'group', { ...OPTS, groupId: 'acct-7' }).groupId).toBe('acct-7');
    expect(exampleMessage('segment', 'group', { ...OPTS, groupId: '' }).groupId).toBe('acct_acme_corp');
    const track = exampleMessage('segment', 'track', { ...OPTS, anonymousId: 'anon-7', groupId: 'acct-7' });
    expect('previousId' in track || 'groupId' in track).toBe(false);
    const group = exampleMessage('segment', 'group', { ...OPTS, anonymousId: 'anon-7' });
    expect('previousId' in group).toBe(false);
  });

  it('Segment spec examples are copies: changing one leaves the next one whole', () => {
    const a = exampleMessage('segment', 'track', OPTS);
    (a.properties as JsonObject).plan = 'Free';
    (a.context as { library: JsonObject }).library.name = 'changed';
    const b = exampleMessage('segment', 'track', OPTS);
    expect(b.properties).toEqual({ plan: 'Pro', referrer: 'pricing page' });
    expect(b.context).toEqual({ library: { name: 'eventbench', version: '0.1.0' } });
  });

  it('Freshsuccess: every required and recommended field filled, groupId from the options or a default, nothing from the base paths overwritten', () => {
    const group = exampleMessage('freshsuccess', 'group', { ...OPTS, userId: 'u-1', anonymousId: 's-1', groupId: 'acct-1' });
    expect(group).toMatchObject({ type: 'group', userId: 'u-1', anonymousId: 's-1', groupId: 'acct-1', messageId: 'msg-rules-1', timestamp: OPTS.now, originalTimestamp: OPTS.now });
    const traits = group.traits as JsonObject;
    for (const k of ['name', 'createdAt', 'email', 'description', 'phone', 'website', 'industry', 'employees', 'tier', 'lifecycle_stage', 'billing_street', 'biling_city', 'billing_state', 'billing_postal', 'billing_country', 'is_churned']) expect(traits, k).toHaveProperty(k);
    expect(typeof traits.employees).toBe('number');
    expect(typeof traits.is_churned).toBe('boolean');
    expect(exampleMessage('freshsuccess', 'track', OPTS)).toMatchObject({ type: 'track', event: expect.any(String), groupId: 'acct_acme_corp', properties: { module: expect.any(String) } });
    const identify = exampleMessage('freshsuccess', 'identify', OPTS);
    expect(Object.keys(identify.traits as JsonObject)).toEqual(['first_name', 'last_name', 'email', 'phone', 'mobile_phone', 'salutation', 'title', 'role', 'department', 'mailing_street', 'mailing_city', 'mailing_state', 'mailing_postal', 'mailing_country']);
    expect(identify.groupId).toBe('acct_acme_corp');
  });

  it('sources: the event under the spelling asked for, its properties, the template\'s email table left out', () => {
    const title = exampleMessage('produktly', 'Checklist Step Completed', OPTS);
    expect(title).toMatchObject({ type: 'track', event: 'Checklist Step Completed' });
    expect(Object.keys(title.properties as JsonObject)).toEqual(['checklist_id', 'metadata']);
    expect(Object.keys((title.properties as { metadata: JsonObject }).metadata)).toEqual(['stepId']);
    expect(exampleMessage('produktly', 'checklist_step_completed', OPTS).event).toBe('checklist_step_completed');
    expect(Object.keys(exampleMessage('provesource', 'Notification Hovered', OPTS).properties as JsonObject)).toEqual(['notificationId', 'notificationName']);
    expect(Object.keys(exampleMessage('provesource', 'Goal Completed', OPTS).properties as JsonObject)).toEqual(['goalId', 'goalName', 'events']);
    // Sources' examples carry no groupId of their own.
    expect('groupId' in exampleMessage('provesource', 'Goal Completed', { ...OPTS, groupId: 'acct-1' })).toBe(false);
  });

  it('keys in a stable order: type, event, identities, id, times, context, then the fields', () => {
    expect(Object.keys(exampleMessage('produktly', 'Tour Start', { ...OPTS, userId: 'u', anonymousId: 'a' }))).toEqual(['type', 'event', 'userId', 'anonymousId', 'messageId', 'timestamp', 'originalTimestamp', 'context', 'properties']);
  });

  it('an unknown event or call is refused as fieldsFor refuses it', () => {
    expect(() => exampleMessage('produktly', 'tour_started', OPTS)).toThrow('Produktly has no event "tour_started"');
    expect(() => exampleMessage('freshsuccess', 'screen', OPTS)).toThrow('Freshsuccess does not use "screen" calls');
  });
});
