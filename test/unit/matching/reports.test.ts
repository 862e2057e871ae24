// What-if comparison, the duplicates report and settings parsing.
import { describe, expect, it } from 'vitest';
import { compareMatching } from '../../../src-shared/matching/compare';
import { DUPLICATE_KIND_TEXT, findDuplicates } from '../../../src-shared/matching/duplicates';
import { deriveMatching } from '../../../src-shared/matching/matcher';
import { defaultSentence, parseSettingsPatch } from '../../../src-shared/matching/settings';
import type { StartingUser } from '../../../src-shared/matching/types';
import { DEFAULTS, input } from './helpers';

const START: StartingUser[] = [
  { id: 'a', username: 'ada', email: 'ada@example.com', properties: {} },
  { id: 'b', username: 'bob', email: 'bob@example.com', properties: {} },
];

describe('what-if comparison', () => {
  it('lists the decisions that change (now → then) and the directory difference', () => {
    const inputs = [
      input(1, { type: 'identify', userId: 'bob', traits: { email: 'ada@example.com', plan: 'pro' } }),
      input(2, { type: 'identify', traits: { email: 'ADA@example.com' } }),
      input(3, { type: 'track', event: 'X', userId: 'ada' }),
    ];
    const now = deriveMatching(START, DEFAULTS, inputs);
    const then = deriveMatching(START, { ...DEFAULTS, conflict: 'userId-wins', emailComparison: 'exact' }, inputs);
    const diff = compareMatching(now, then);
    expect(diff.decisions).toEqual([
      { seq: 1, messageId: 'm-1', type: 'identify', now: { outcome: 'matched-by-email', userId: 'a', conflict: true }, then: { outcome: 'matched-by-username', userId: 'b', conflict: true } },
      { seq: 2, messageId: 'm-2', type: 'identify', now: { outcome: 'matched-by-email', userId: 'a', conflict: false }, then: { outcome: 'created', userId: 'new-2', conflict: false } },
    ]);
    expect(diff.users.added).toEqual([{ id: 'new-2', username: undefined, email: 'ADA@example.com' }]);
    expect(diff.users.removed).toEqual([]);
    expect(diff.users.changed).toEqual([
      { id: 'a', fields: [{ field: 'properties.plan', now: 'pro', then: undefined }] },
      { id: 'b', fields: [{ field: 'properties.plan', now: undefined, then: 'pro' }] },
    ]);
  });

  it('a message outside the new scope is "not matched" then', () => {
    const inputs = [input(1, { type: 'track', event: 'X', userId: 'zed' }, 'tracking')];
    const diff = compareMatching(deriveMatching([], { ...DEFAULTS, scope: 'webhook-and-tracking' }, inputs), deriveMatching([], DEFAULTS, inputs));
    expect(diff.decisions).toEqual([{ seq: 1, messageId: 'm-1', type: 'track', now: { outcome: 'created', userId: 'new-1', conflict: false }, then: null }]);
    expect(diff.users.removed).toEqual([{ id: 'new-1', username: 'zed', email: undefined }]);
  });

  it('same settings: no difference', () => {
    const inputs = [input(1, { type: 'identify', userId: 'bob' })];
    expect(compareMatching(deriveMatching(START, DEFAULTS, inputs), deriveMatching(START, DEFAULTS, inputs))).toEqual({ decisions: [], users: { added: [], removed: [], changed: [] } });
  });
});

describe('duplicates report', () => {
  it('finds emails equal but for case or space, usernames that are emails, and users from one anonymousId', () => {
    const start: StartingUser[] = [
      { id: 'a', username: 'ada', email: 'ada@example.com', properties: {} },
      { id: 'a2', email: ' ADA@example.com', properties: {} },
      { id: 'c', username: 'cy@example.com', properties: {} },
      { id: 'c2', email: 'cy@example.com', properties: {} },
    ];
    const { users } = deriveMatching(start, { ...DEFAULTS, emailComparison: 'exact' }, [
      input(1, { type: 'identify', userId: 'u1', anonymousId: 'anon-9', traits: { email: 'one@example.com' } }),
      input(2, { type: 'identify', userId: 'u2', anonymousId: 'anon-9' }),
    ]);
    const groups = findDuplicates(users);
    expect(groups.map((g) => [g.kind, g.key, g.users.map((u) => u.id)])).toEqual([
      ['email-case-or-space', 'ada@example.com', ['a', 'a2']],
      ['username-is-email', 'cy@example.com', ['c', 'c2']],
      ['same-anonymous-id', 'anon-9', ['new-1', 'new-2']],
    ]);
    expect(groups[2].users[1]).toMatchObject({ createdBy: 2, messages: [2] });
  });
});

describe('duplicates report: a person split by a conflict', () => {
  it("lists the two users of a conflict (the email's and the userId's), with the messages that showed it", () => {
    const r = deriveMatching(START, DEFAULTS, [
      input(1, { type: 'identify', userId: 'bob', traits: { email: 'ada@example.com' } }),
      input(2, { type: 'track', event: 'X', userId: 'bob', properties: { email: 'ADA@example.com' } }),
      input(3, { type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' } }),
    ]);
    // Before, nothing: no shared email or username, so the report said no likely duplicates.
    const groups = findDuplicates(r.users, r.decisions);
    expect(groups.map((g) => [g.kind, g.key, g.users.map((u) => u.id), g.messages])).toEqual([['conflict-split', 'email ada@example.com, userId bob', ['a', 'b'], [1, 2]]]);
    expect(groups[0].users.map((u) => u.username)).toEqual(['ada', 'bob']);
    // Whichever wins, the pair is the same one person split in two.
    const userIdWins = deriveMatching(START, { ...DEFAULTS, conflict: 'userId-wins' }, [input(1, { type: 'identify', userId: 'bob', traits: { email: 'ada@example.com' } })]);
    expect(findDuplicates(userIdWins.users, userIdWins.decisions).map((g) => [g.kind, g.users.map((u) => u.id)])).toEqual([['conflict-split', ['a', 'b']]]);
    expect(DUPLICATE_KIND_TEXT['conflict-split']).toMatch(/conflict/);
  });
});

describe('settings', () => {
  it('parses a valid patch and names an unknown or invalid setting', () => {
    expect(parseSettingsPatch({ conflict: 'userId-wins' })).toEqual({ conflict: 'userId-wins' });
    expect(parseSettingsPatch({ colour: 'red' })).toMatch(/unknown matching setting "colour"/);
    expect(parseSettingsPatch({ emailComparison: 'fuzzy' })).toMatch(/invalid value "fuzzy" for matching setting "emailComparison"; use "ignore-case-and-space" or "exact"/);
    expect(parseSettingsPatch({ scope: 3 })).toMatch(/matching setting "scope"/);
    expect(parseSettingsPatch([])).toMatch(/must be a JSON object/);
  });

  it('says the partner is silent and what the default is', () => {
    expect(defaultSentence('emailComparison')).toMatch(/^The partner's document is silent \(.+\); Eventbench's default is ignore case and surrounding space\.$/);
    expect(defaultSentence('noIdentity')).toMatch(/default is unmatched: no user is created\.$/);
  });
});
