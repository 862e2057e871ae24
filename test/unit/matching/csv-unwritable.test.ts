// What a users CSV (saved as UTF-8) cannot write exactly: a lone UTF-16 surrogate in any field, a
// property's value or its name, becomes U+FFFD. An emoji (a surrogate pair) is written whole.
import { describe, expect, it } from 'vitest';
import { csvUnwritable, csvUnwritableWarning, hasLoneSurrogate, showSurrogates } from '../../../src-shared/matching/csv-unwritable';

describe('csv-unwritable', () => {
  it('finds lone halves, high or low, and leaves pairs alone', () => {
    expect(hasLoneSurrogate('a\uD83D')).toBe(true);
    expect(hasLoneSurrogate('\uDE00b')).toBe(true);
    expect(hasLoneSurrogate('\uDE00\uD83D')).toBe(true); // low then high: two halves, no pair
    expect(hasLoneSurrogate('\uD83D\uDE00')).toBe(false);
    expect(hasLoneSurrogate('plain é')).toBe(false);
  });
  it('names each user and field, properties nested or by name, in directory order', () => {
    const fields = csvUnwritable([
      { id: 'u1', username: 'ok \uD83D\uDE00', email: 'x\uD83D@y.z', properties: { a: 1, b: { deep: ['fine', 'half\uDE00'] }, ['n\uD83D']: 'v' } },
      { id: 'u\uD83D', properties: {} },
    ]);
    expect(fields).toEqual([
      { id: 'u1', field: 'email' },
      { id: 'u1', field: 'properties.b' },
      { id: 'u1', field: 'properties.n\uD83D' },
      { id: 'u\uD83D', field: 'id' },
    ]);
    expect(showSurrogates('u\uD83D and \uD83D\uDE00')).toBe('u\\ud83d and \uD83D\uDE00');
    const warning = csvUnwritableWarning(fields)!;
    expect(hasLoneSurrogate(warning)).toBe(false);
    expect(warning).toContain('cannot hold 4 values exactly: user u1 (email), user u1 (properties.b), user u1 (properties.n\\ud83d), user u\\ud83d (id) hold a lone');
    expect(csvUnwritableWarning([])).toBeUndefined();
    expect(csvUnwritableWarning([{ id: 'a', field: 'email' }])).toBe(
      'The CSV was saved, but it cannot hold 1 value exactly: user a (email) holds a lone UTF-16 surrogate (half of an emoji), which UTF-8 writes as U+FFFD (\uFFFD), so importing this CSV would change it. Export JSON keeps it exactly.',
    );
  });
});
