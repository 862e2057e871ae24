// "Did you mean" for misspelled property keys, as misspelled event names already get.
import { describe, expect, it } from 'vitest';
import { validate } from '../../../src-shared/validate/validate';

const track = (properties: Record<string, unknown>, event = 'Notification Clicked') => ({ type: 'track', event, userId: 'u', properties });

describe('a missing field beside a near key', () => {
  it.each([
    ['notificationID', 'properties.notificationID: did you mean notificationId?'],
    ['notification_id', 'properties.notification_id: did you mean notificationId?'],
    ['notificatonId', 'properties.notificatonId: did you mean notificationId?'],
  ])('%s is named with the key it probably meant', (key, text) => {
    const f = validate(track({ [key]: 'n-1', notificationName: 'Promo' }), ['provesource']).find((x) => x.path === 'properties.notificationId');
    expect(f?.message).toContain(text);
  });
  it('says nothing extra when no key is close, or for short unrelated keys', () => {
    const f = validate(track({ other: 'x', notificationName: 'Promo' }), ['provesource']).find((x) => x.path === 'properties.notificationId');
    expect(f?.message).not.toContain('did you mean');
    const g = validate({ type: 'group', userId: 'u', groupId: 'g', traits: { nam: 'Acme', createdAt: '2024-01-01' } }, ['freshsuccess']).find((x) => x.path === 'traits.name');
    expect(g?.message).not.toContain('did you mean'); // "nam" vs "name": too short to guess
  });
  it('works on nested fields (Produktly metadata)', () => {
    const f = validate(track({ metadata: { step_index: 2, type: 'next' } }, 'Tour Step'), ['produktly']).find((x) => x.path === 'properties.metadata.stepIndex');
    expect(f?.message).toContain('properties.metadata.step_index: did you mean stepIndex?');
  });
});
