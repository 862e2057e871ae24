// A userId that differs from a user's username only by space around it or an invisible character
// (`bob `, `bob` + U+200B): the rule compares exactly and creates a new user (domain.md), and the
// trace and the duplicates report say which user it read the same as.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { findDuplicates } from '../../../src-shared/matching/duplicates';
import { traceSentences } from '../../../src-shared/matching/trace-text';
import type { StartingUser } from '../../../src-shared/matching/types';
import { DEFAULTS, deriveExplained, input } from './helpers';

const START: StartingUser[] = [
  { id: 'a', username: 'ada', email: 'ada@example.com', properties: {} },
  { id: 'b', username: 'bob', email: 'bob@example.com', properties: {} },
];

function run(messages: JsonObject[], start: StartingUser[] = START) {
  return deriveExplained(
    start,
    DEFAULTS,
    messages.map((m, i) => input(i + 1, m)),
  );
}
const lookupSentence = (messages: JsonObject[], start?: StartingUser[]) => traceSentences(run(messages, start).decisions.at(-1)!).find((s) => s.startsWith('Looked for a user whose username'));

describe('a userId that misses a username only by space or an invisible character', () => {
  it('a trailing space: still a new user, and the trace names bob', () => {
    const { decisions } = run([{ type: 'track', event: 'E', userId: 'bob ' }]);
    expect(decisions[0]).toMatchObject({ outcome: 'created', userId: 'new-1', usernameNearMiss: { id: 'b', username: 'bob' } });
    expect(lookupSentence([{ type: 'track', event: 'E', userId: 'bob ' }])).toBe(
      'Looked for a user whose username equals the userId `bob `: no user has it. User b (email `bob@example.com`) has the username `bob`, which differs only by 1 space after the userId: the userId lookup compares exactly.',
    );
  });

  it('a zero-width space: the character is named with its code', () => {
    expect(lookupSentence([{ type: 'track', event: 'E', userId: 'bob\u200b' }])).toBe(
      'Looked for a user whose username equals the userId `bob[U+200B]`: no user has it. User b (email `bob@example.com`) has the username `bob`, which differs only by U+200B (a zero-width space) in the userId: the userId lookup compares exactly.',
    );
  });

  it('the other way round: a clean userId and a username with a space around it', () => {
    const start = [{ id: 'c', username: ' carol', properties: {} }];
    const { decisions } = run([{ type: 'track', event: 'E', userId: 'carol' }], start);
    expect(decisions[0]).toMatchObject({ outcome: 'created', usernameNearMiss: { id: 'c', username: ' carol' } });
    expect(lookupSentence([{ type: 'track', event: 'E', userId: 'carol' }], start)).toContain('User c has the username ` carol`, which differs only by 1 space before the username:');
  });

  it('a user renamed to the clean username later is found by the loose key; one renamed away no longer is', () => {
    const { decisions } = run([
      { type: 'identify', userId: 'dan', traits: { email: 'ada@example.com' } }, // ada → dan
      { type: 'track', event: 'E', userId: 'dan\u200b' },
      { type: 'track', event: 'E', userId: 'ada ' },
    ]);
    expect(decisions[1].usernameNearMiss).toMatchObject({ id: 'a', username: 'dan' });
    expect(decisions[2].usernameNearMiss).toBeUndefined();
  });

  it('an exact match, a different name, or a userId that is only space: no near miss', () => {
    const { decisions } = run([{ type: 'track', event: 'E', userId: 'bob' }, { type: 'track', event: 'E', userId: 'bobby' }, { type: 'track', event: 'E', userId: '\u200b' }]);
    expect(decisions.map((d) => d.usernameNearMiss)).toEqual([undefined, undefined, undefined]);
    expect(lookupSentence([{ type: 'track', event: 'E', userId: 'bobby' }])).toBe('Looked for a user whose username equals the userId `bobby`: no user has it.');
  });

  it('the duplicates report lists bob and the user `bob ` made', () => {
    const { users } = run([{ type: 'track', event: 'E', userId: 'bob ' }]);
    expect(findDuplicates(users).map((g) => [g.kind, g.key, g.users.map((u) => u.id)])).toEqual([['username-space-or-invisible', 'bob', ['b', 'new-1']]]);
  });

  describe('with noIdentity: create-anonymous, an anonymousId looked up as a username', () => {
    const ANONYMOUS = { ...DEFAULTS, noIdentity: 'create-anonymous' as const };
    const start: StartingUser[] = [{ id: 'k', username: 'anon-7', properties: {} }];
    const runAnonymous = (messages: JsonObject[]) => deriveExplained(start, ANONYMOUS, messages.map((m, i) => input(i + 1, m)));

    it('a trailing space: a new anonymous user, and the trace names the user it read the same as', () => {
      const result = runAnonymous([{ type: 'track', event: 'E', anonymousId: 'anon-7 ' }]);
      const d = result.decisions[0];
      expect(d).toMatchObject({ outcome: 'created', usernameNearMiss: { id: 'k', username: 'anon-7' } });
      expect(traceSentences(d).find((s) => s.startsWith('Looked for a user whose username'))).toBe(
        'Looked for a user whose username equals the anonymousId `anon-7 `: no user has it. User k has the username `anon-7`, which differs only by 1 space after the anonymousId: the anonymousId lookup compares exactly.',
      );
      expect(findDuplicates(result.users).map((g) => [g.kind, g.key, g.users.map((u) => u.id)])).toEqual([['username-space-or-invisible', 'anon-7', ['k', 'new-1']]]);
    });

    it('a zero-width space in the anonymousId is named with its code; an exact anonymousId has no near miss', () => {
      const { decisions } = runAnonymous([{ type: 'track', event: 'E', anonymousId: 'anon-7\u200b' }, { type: 'track', event: 'E', anonymousId: 'anon-7' }]);
      expect(traceSentences(decisions[0]).join(' ')).toContain('differs only by U+200B (a zero-width space) in the anonymousId: the anonymousId lookup compares exactly');
      expect(decisions[1]).toMatchObject({ outcome: 'matched-by-username', byUsername: { id: 'k' } });
      expect(decisions[1].usernameNearMiss).toBeUndefined();
    });
  });
});
