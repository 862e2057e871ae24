// Finding texts pinned where a mutation run found them free (stop 37): the identity finding's two
// wordings, and who documents a missing source property. Expected texts come from the rules
// (domain.md: an id is a non-empty string or a number; the Produktly catalog page lists tour_id).
import { describe, expect, it } from 'vitest';
import { validate } from '../../../src-shared/validate/validate';

const identity = (message: Record<string, unknown>) =>
  validate({ type: 'track', event: 'E', ...message }, ['segment'])
    .filter((f) => f.rule === 'segment.identity.required')
    .map((f) => f.message);

const NEITHER = 'The message has neither userId nor anonymousId; Segment accepts it with 200 and then drops it. Set at least one.';
const UNUSABLE = 'The message has no usable userId or anonymousId (an id is a non-empty string or a number); Segment accepts it with 200 and then drops it. Set at least one.';

describe('the identity finding: absent ids, and ids that are there but unusable', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['both left out', {}, NEITHER],
    ['userId null, anonymousId left out', { userId: null }, NEITHER],
    ['userId empty, anonymousId null', { userId: '', anonymousId: null }, NEITHER],
    ['userId an object, anonymousId left out', { userId: {} }, UNUSABLE],
    ['userId left out, anonymousId true', { anonymousId: true }, UNUSABLE],
  ])('%s', (_, ids, text) => {
    expect(identity(ids)).toEqual([text]);
  });

  it('a usable id on either side: no finding', () => {
    expect(identity({ userId: 0 })).toEqual([]);
    expect(identity({ userId: {}, anonymousId: 'a-1' })).toEqual([]);
  });
});

describe('a missing property of a source: who lists it', () => {
  it("Produktly's tour_id is listed by Segment's catalog page (a warning: a source's documents require nothing)", () => {
    const findings = validate({ type: 'track', event: 'Tour Start', userId: 'u', properties: {} }, ['produktly']).filter((f) => f.path === 'properties.tour_id');
    expect(findings.map((f) => [f.severity, f.message])).toEqual([['warning', "Tour ID (properties.tour_id) is missing; Segment's catalog page lists it for this event: Tour ID (Segment catalog page)."]]);
  });
});
