import { describe, expect, it } from 'vitest';
import { plural } from '../../src-shared/plural';

describe('plural: a count with its noun', () => {
  it('is singular for one, plural otherwise (zero included)', () => {
    expect(plural(1, 'message')).toBe('1 message');
    expect(plural(0, 'message')).toBe('0 messages');
    expect(plural(2, 'step')).toBe('2 steps');
  });
  it('takes an irregular plural, and groups thousands as the other counts do', () => {
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
    expect(plural(1200, 'row')).toBe('1,200 rows');
  });
});
