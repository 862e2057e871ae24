// More of the trace read aloud (survivors of the mutation run on trace-text.ts): a group call's
// email not used, whitespace other than spaces counted as such, and what an exact comparison's near
// miss differs by: case or space only, or also how its accents are encoded.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { traceSentences } from '../../../src-shared/matching/trace-text';
import type { MatchingSettings, StartingUser } from '../../../src-shared/matching/types';
import { DEFAULTS, deriveExplained, input } from './helpers';

const EXACT: MatchingSettings = { ...DEFAULTS, emailComparison: 'exact' };

function sentences(messages: JsonObject[], settings: MatchingSettings, start: StartingUser[]): string[] {
  const { decisions } = deriveExplained(start, settings, messages.map((m, i) => input(i + 1, m)));
  return traceSentences(decisions.at(-1)!);
}

describe('trace sentences, more', () => {
  const start: StartingUser[] = [{ id: 'a', username: 'ada', email: 'ada@example.com', properties: {} }];

  it('a group call\'s traits.email is the account\'s contact, not the user\'s: read, and said not used', () => {
    expect(sentences([{ type: 'group', groupId: 'g1', userId: 'ada', traits: { email: 'billing@acme.com' } }], DEFAULTS, start)[0]).toBe(
      "Read `traits.email` = `billing@acme.com`; not used: a group call's traits describe the account (this is its contact email), not the user.",
    );
  });

  it('a tab then a space before the email: 2 whitespace characters, not 2 spaces', () => {
    expect(sentences([{ type: 'identify', userId: 'ada', traits: { email: '\t ada@example.com' } }], DEFAULTS, start)[0]).toBe(
      'Read `traits.email` = `\t ada@example.com` → normalized `ada@example.com` (2 whitespace characters before it removed).',
    );
  });

  it('an exact comparison\'s near miss by case and space only says so; one whose accents are encoded another way says that too', () => {
    const lookup = (s: string[]) => s.find((x) => x.startsWith('Looked for a user whose email'));
    const spaced: StartingUser[] = [{ id: 'a', username: 'ada', email: ' ada@example.com', properties: {} }];
    expect(lookup(sentences([{ type: 'identify', userId: 'zed', traits: { email: 'ADA@example.com ' } }], EXACT, spaced))).toMatch(/has the email ` ada@example\.com`, which differs only by case or space: exact comparison does not ignore that\.$/);
    const accented: StartingUser[] = [{ id: 'r', username: 'rene', email: 'Ren\u00e9@x.com', properties: {} }];
    expect(lookup(sentences([{ type: 'identify', userId: 'zed', traits: { email: 'rene\u0301@x.com' } }], EXACT, accented))).toMatch(
      /differs only by case, space or how its accents are encoded \(Unicode NFC or NFD\): exact comparison does not ignore that\.$/,
    );
  });

  describe('a username more than one directory user has', () => {
    const lookup = (s: string[]) => s.find((x) => x.startsWith('Looked for a user whose username'));
    const twins: StartingUser[] = [
      { id: 'a', username: 'jdoe', email: 'john@old.com', properties: {} },
      { id: 'b', username: 'jdoe', email: 'jane@new.com', properties: {} },
      { id: 'c', username: 'jdoe', properties: {} },
    ];

    it('names another holder and says the first in directory order is taken', () => {
      expect(lookup(sentences([{ type: 'track', event: 'x', userId: 'jdoe' }], DEFAULTS, twins))).toBe(
        'Looked for a user whose username equals the userId `jdoe`: found user a (username `jdoe`, email `john@old.com`). User b (username `jdoe`, email `jane@new.com`) and 1 more have it too; the first in directory order is taken.',
      );
      expect(lookup(sentences([{ type: 'track', event: 'x', userId: 'jdoe' }], DEFAULTS, twins.slice(0, 2)))).toMatch(/\. User b \(username `jdoe`, email `jane@new\.com`\) has it too; the first in directory order is taken\.$/);
    });

    it('when the email finds a later holder, that user keeps it and the earlier one is named', () => {
      expect(lookup(sentences([{ type: 'identify', userId: 'jdoe', traits: { email: 'jane@new.com' } }], DEFAULTS, twins.slice(0, 2)))).toBe(
        'Looked for a user whose username equals the userId `jdoe` (checked too, to catch a conflict): found user b (username `jdoe`, email `jane@new.com`). User a (username `jdoe`, email `john@old.com`) has it too; the user the email found is taken.',
      );
    });

    it('an anonymous user found by an anonymousId two users have', () => {
      const anon: StartingUser[] = [
        { id: 'x', username: 'anon-1', properties: {} },
        { id: 'y', username: 'anon-1', properties: {} },
      ];
      expect(lookup(sentences([{ type: 'page', anonymousId: 'anon-1' }], { ...DEFAULTS, noIdentity: 'create-anonymous' }, anon))).toBe(
        'Looked for a user whose username equals the anonymousId `anon-1`: found user x (username `anon-1`). User y (username `anon-1`) has it too; the first in directory order is taken.',
      );
    });

    it('one holder: nothing more is said', () => {
      expect(lookup(sentences([{ type: 'track', event: 'x', userId: 'jdoe' }], DEFAULTS, twins.slice(1, 2)))).toBe('Looked for a user whose username equals the userId `jdoe`: found user b (username `jdoe`, email `jane@new.com`).');
    });
  });
});
