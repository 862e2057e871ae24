// createInterner: equal texts in, equal texts out, before and after its bound is reached.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createInterner } from '../../src-shared/interner';

describe('createInterner', () => {
  it('hands back a text equal to the one given, whatever came before, past its bound too', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 200 }), fc.integer({ min: 1, max: 8 }), (texts, max) => {
        const intern = createInterner(max);
        for (const t of texts) expect(intern(t)).toBe(t);
      }),
    );
  });
});
