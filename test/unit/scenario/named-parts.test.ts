// namedParts: what a failed expectation's diff shows of the actual value, only the fields named.
import { describe, expect, it } from 'vitest';
import { namedParts } from '../../../src-shared/scenario/report';

describe('namedParts', () => {
  it('keeps the named keys, in the shape’s order, nested; a key the value lacks is "(missing)"', () => {
    const user = { id: 'new-4', properties: { plan: 'pro', seats: 3 }, sources: { email: { seq: 5 } }, createdBy: 4, username: 'carol-2', email: 'c@x' };
    expect(namedParts(user, { username: 'carol', properties: { plan: 'free' }, role: 'admin' })).toEqual({ username: 'carol-2', properties: { plan: 'pro' }, role: '(missing)' });
  });

  it('reads own keys only: a shape naming "constructor" does not pick up what objects inherit', () => {
    expect(namedParts({ a: 1 }, { constructor: 'x' })).toEqual({ constructor: '(missing)' });
  });

  it('leaves values that are not objects, and arrays, as they are', () => {
    expect(namedParts('text', { a: 1 })).toBe('text');
    expect(namedParts([1, 2], [1])).toEqual([1, 2]);
    expect(namedParts({ tags: ['a', 'b'] }, { tags: ['b'] })).toEqual({ tags: ['a', 'b'] });
    expect(namedParts(null, { a: 1 })).toBeNull();
  });
});
