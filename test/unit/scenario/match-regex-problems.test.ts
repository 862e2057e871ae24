// A `match` given to the automation API (GET /api/messages, /api/messages/wait, and so the testing
// client's expectMessage) with a /regex/ that does not compile matched nothing: the wait ran its
// whole timeout and then named the nearest miss as if the regex were a value to compare, so the
// author never learned that it was the regex. A scenario file already refuses one by its line.
import { describe, expect, it } from 'vitest';
import { matchRegexProblem } from '../../../src-shared/scenario/match';

describe('matchRegexProblem: a /regex/ of a match that does not compile, named by its path', () => {
  it('names the field, the regex and why', () => {
    expect(matchRegexProblem({ event: '/(/' })).toBe('match.event: /(/ is not a valid regular expression: Unterminated group');
    expect(matchRegexProblem({ properties: { tags: ['ok', '/[a-/'] } })).toBe('match.properties.tags[1]: /[a-/ is not a valid regular expression: Unterminated character class');
  });

  it('is undefined when every regex compiles, or there is none', () => {
    expect(matchRegexProblem({ event: '/^Goal/i', properties: { goalId: 'g-1', n: 3, ok: true, none: null } })).toBeUndefined();
    // not a regex: compared as text
    expect(matchRegexProblem({ path: '/', url: '//', page: '/pricing' })).toBeUndefined();
  });
});
