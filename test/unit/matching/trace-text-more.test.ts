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
    expect(lookup(sentences([{ type: 'identify', userId: 'zed', traits: { email: 'ADA@example.com ' } }], EXACT, spaced))).toMatch(/differs only by case or space, which exact comparison does not ignore\.$/);
    const accented: StartingUser[] = [{ id: 'r', username: 'rene', email: 'Ren\u00e9@x.com', properties: {} }];
    expect(lookup(sentences([{ type: 'identify', userId: 'zed', traits: { email: 'rene\u0301@x.com' } }], EXACT, accented))).toMatch(
      /differs only by case, space or how its accents are encoded \(Unicode NFC or NFD\), which exact comparison does not ignore\.$/,
    );
  });
});
