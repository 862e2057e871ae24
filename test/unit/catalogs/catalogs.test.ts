import { describe, expect, it } from 'vitest';
import { exampleMessage, fieldsFor, findEvent, getProfile, listEvents, PROFILES, spellingsOf } from '../../../src-shared/catalogs/index';
import type { ProfileId } from '../../../src-shared/catalogs/types';
import { validate } from '../../../src-shared/validate/validate';

const OPTS = { now: '2025-03-14T09:26:53.000Z', messageId: 'msg-0001' };

/** Every (profile, event spelling or call type) the composer can pick. */
function everyChoice(): [ProfileId, string][] {
  const out: [ProfileId, string][] = [];
  for (const profile of PROFILES) {
    if (profile.events) {
      for (const event of profile.events) for (const s of spellingsOf(event, profile)) out.push([profile.id, s.name]);
    } else {
      for (const call of profile.calls) out.push([profile.id, call]);
    }
  }
  return out;
}

describe('catalog data', () => {
  it('has the four profiles and looks them up', () => {
    expect(PROFILES.map((p) => p.id)).toEqual(['segment', 'provesource', 'produktly', 'freshsuccess']);
    expect(getProfile('freshsuccess').aka).toContain('Natero');
    expect(() => getProfile('nope' as ProfileId)).toThrow(/Unknown profile "nope"/);
  });

  it('ProveSource: four track events; Goal Completed has events[] rows of notificationId/view/hover/click', () => {
    expect(listEvents('provesource').map((e) => e.name)).toEqual(['Notification Viewed', 'Notification Hovered', 'Notification Clicked', 'Goal Completed']);
    const goal = findEvent('provesource', 'Goal Completed')!.event;
    const rows = goal.fields.find((f) => f.path === 'properties.events')!;
    expect(rows.type).toBe('array');
    expect(rows.items!.map((f) => [f.path, f.type])).toEqual([
      ['notificationId', 'string'],
      ['view', 'boolean'],
      ['hover', 'boolean'],
      ['click', 'boolean'],
    ]);
  });

  it('Produktly: 14 events, each in Title Case (catalog page) and snake_case (template)', () => {
    const events = listEvents('produktly');
    expect(events).toHaveLength(14);
    for (const e of events) {
      const styles = e.spellings!.map((s) => `${s.style}/${s.origin}`);
      expect(styles).toEqual(['Title Case/Segment catalog page', 'snake_case/partner template']);
    }
    expect(findEvent('produktly', 'tour_start')!.event.name).toBe('Tour Start');
    expect(findEvent('produktly', 'Nps Widget Shown')!.spelling.style).toBe('Title Case');
    expect(findEvent('produktly', 'nps_widget_shown')!.spelling.origin).toBe('partner template');
  });

  it('Produktly: template email properties flagged as a defect, catalog-page properties marked', () => {
    const step = findEvent('produktly', 'Tour Step')!.event;
    const byPath = new Map(step.fields.map((f) => [f.path, f]));
    for (const p of ['properties.email_id', 'properties.from_id', 'properties.email_subject', 'properties.link']) {
      expect(byPath.get(p)!.origin).toBe('partner template');
      expect(byPath.get(p)!.defect).toMatch(/emails/);
    }
    expect(byPath.get('properties.tour_id')!.origin).toBe('Segment catalog page');
    expect(byPath.get('properties.metadata.type')!.enum).toEqual(['next', 'previous']);
    expect(byPath.get('properties.metadata.stepIndex')!.type).toBe('number');
    const checklistStep = findEvent('produktly', 'checklist_step_completed')!.event;
    expect(checklistStep.fields.map((f) => f.path)).toContain('properties.metadata.stepId');
  });

  it('Freshsuccess: biling_city published as is, description limited to 512', () => {
    const group = fieldsFor('freshsuccess', 'group');
    expect(group.map((f) => f.path)).toContain('traits.biling_city');
    expect(group.find((f) => f.path === 'traits.description')!.maxLength).toBe(512);
    expect(group.find((f) => f.path === 'traits.createdAt')!).toMatchObject({ type: 'iso8601', requirement: 'required' });
  });

  it('fieldsFor rejects an unknown event or call with a clear error', () => {
    expect(() => fieldsFor('provesource', 'Goal Done')).toThrow(/ProveSource has no event "Goal Done"/);
    expect(() => fieldsFor('freshsuccess', 'page')).toThrow(/Freshsuccess does not use "page" calls/);
  });
});

describe('exampleMessage', () => {
  it('is pure: time and ids come from the options', () => {
    const a = exampleMessage('provesource', 'Goal Completed', OPTS);
    const b = exampleMessage('provesource', 'Goal Completed', OPTS);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a).toMatchObject({ type: 'track', event: 'Goal Completed', messageId: 'msg-0001', originalTimestamp: OPTS.now, timestamp: OPTS.now });
    expect((a.properties as { events: unknown[] }).events).toHaveLength(2);
    // Mutating one example must not leak into the catalog's example values.
    (a.properties as { events: unknown[] }).events.pop();
    expect((exampleMessage('provesource', 'Goal Completed', OPTS).properties as { events: unknown[] }).events).toHaveLength(2);
  });

  it('uses the identities passed in; an anonymous-only example has no userId', () => {
    const m = exampleMessage('produktly', 'tour_step', { ...OPTS, anonymousId: 'anon-1' });
    expect(m.userId).toBeUndefined();
    expect(m.anonymousId).toBe('anon-1');
    expect(m.event).toBe('tour_step');
    expect(m.properties).toMatchObject({ tour_id: expect.any(String), metadata: { stepIndex: expect.any(Number), type: 'next' } });
    expect(m.properties).not.toHaveProperty('email_id');
    const fs = exampleMessage('freshsuccess', 'group', { ...OPTS, userId: 'u-9', groupId: 'acct-9' });
    expect(fs).toMatchObject({ type: 'group', userId: 'u-9', groupId: 'acct-9', traits: { name: expect.any(String), createdAt: expect.any(String) } });
  });

  it.each(everyChoice())('%s %s validates clean (no error or warning) against its profile and segment', (profile, choice) => {
    const message = exampleMessage(profile, choice, OPTS);
    const findings = validate(message, profile === 'segment' ? ['segment'] : [profile, 'segment'], { mode: 'explicit' });
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
