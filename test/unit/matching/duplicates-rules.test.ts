// The duplicates report, rule by rule: which users are "one person twice" and which are not.
// Expected groups are written from the report's three kinds (same email but for case or space, a
// username equal to another user's email, users created from one anonymousId), not from the code.
import { describe, expect, it } from 'vitest';
import { DUPLICATE_KIND_TEXT, findDuplicates, type DuplicateKind } from '../../../src-shared/matching/duplicates';
import { deriveMatching } from '../../../src-shared/matching/matcher';
import type { DirectoryUser } from '../../../src-shared/matching/types';
import { DEFAULTS, input } from './helpers';

/** A directory user as the matcher keeps it; a starting user unless createdBy is given. */
function user(id: string, fields: Partial<DirectoryUser> = {}): DirectoryUser {
  return { id, properties: {}, sources: {}, createdBy: null, touchedBy: [], ...fields };
}
const summary = (users: DirectoryUser[]) => findDuplicates(users).map((g) => [g.kind, g.key, g.users.map((u) => u.id)]);

describe('duplicates report: what is and is not one person twice', () => {
  it.each<[string, DirectoryUser[], unknown[]]>([
    ['two users whose emails are blank (empty, all spaces) are not the same email', [user('a', { email: '' }), user('b', { email: '   ' }), user('c', { email: ' ' })], []],
    ['a blank email and a username that is blank are not a username-is-email pair', [user('a', { email: '  ' }), user('b', { username: ' ' })], []],
    ['a user whose username is its own email is not a duplicate of itself', [user('a', { username: 'Ada@Example.com', email: 'ada@example.com' })], []],
    [
      'a username equal to its own email and to another user’s: the other one only',
      [user('a', { username: 'ada@example.com', email: 'ada@example.com' }), user('b', { email: 'ADA@example.com ' })],
      [
        ['email-case-or-space', 'ada@example.com', ['a', 'b']],
        ['username-is-email', 'ada@example.com', ['a', 'b']],
      ],
    ],
    ['one user created from an anonymousId is no group', [user('new-1', { username: 'anon-1', anonymousId: 'anon-1', createdBy: 1, touchedBy: [1] })], []],
    [
      'two users created from one anonymousId are',
      [user('new-1', { anonymousId: 'anon-1', createdBy: 1, touchedBy: [1] }), user('new-2', { anonymousId: 'anon-1', createdBy: 2, touchedBy: [2] })],
      [['same-anonymous-id', 'anon-1', ['new-1', 'new-2']]],
    ],
    ['users with different emails and no usernames: none', [user('a', { email: 'a@example.com' }), user('b', { email: 'b@example.com' })], []],
    ['two users with one email, character for character: the same email (not "but for case")', [user('a', { email: 'ada@example.com' }), user('b', { email: 'ada@example.com' })], [['same-email', 'ada@example.com', ['a', 'b']]]],
    [
      'three users, two emails exactly equal and one in other case: one group, but for case',
      [user('a', { email: 'ada@example.com' }), user('b', { email: 'ada@example.com' }), user('c', { email: 'Ada@example.com' })],
      [['email-case-or-space', 'ada@example.com', ['a', 'b', 'c']]],
    ],
    ['two users with one username: a userId finds only the first', [user('pf-2', { username: 'u_1002' }), user('pf-6', { username: 'u_1002' }), user('pf-7', { username: 'u_1003' })], [['same-username', 'u_1002', ['pf-2', 'pf-6']]]],
    ['usernames differing in case are different usernames (the rule compares them exactly)', [user('a', { username: 'Ada' }), user('b', { username: 'ada' })], []],
    [
      'two anonymous users of one anonymousId (their username is it): reported once, as created from one anonymousId',
      [user('new-1', { username: 'anon-1', anonymousId: 'anon-1', createdBy: 1, touchedBy: [1] }), user('new-2', { username: 'anon-1', anonymousId: 'anon-1', createdBy: 2, touchedBy: [2] })],
      [['same-anonymous-id', 'anon-1', ['new-1', 'new-2']]],
    ],
    [
      'a starting user whose username is an anonymous user’s: the same username',
      [user('pf-1', { username: 'anon-1' }), user('new-1', { username: 'anon-1', anonymousId: 'anon-1', createdBy: 1, touchedBy: [1] })],
      [['same-username', 'anon-1', ['pf-1', 'new-1']]],
    ],
    [
      'two users created by one userId from different visitors: the same username',
      [user('new-1', { username: 'u-9', anonymousId: 'anon-1', createdBy: 1, touchedBy: [1] }), user('new-2', { username: 'u-9', anonymousId: 'anon-2', createdBy: 2, touchedBy: [2] })],
      [['same-username', 'u-9', ['new-1', 'new-2']]],
    ],
  ])('%s', (_name, users, expected) => {
    expect(summary(users)).toEqual(expected);
  });

  it('as the matcher leaves them: one anonymous user per anonymousId is no duplicate', () => {
    const { users } = deriveMatching([], { ...DEFAULTS, noIdentity: 'create-anonymous' }, [input(1, { type: 'page', anonymousId: 'anon-1' }), input(2, { type: 'page', anonymousId: 'anon-2' })]);
    expect(users.map((u) => u.anonymousId)).toEqual(['anon-1', 'anon-2']);
    expect(findDuplicates(users)).toEqual([]);
  });
});

describe('duplicates report: each kind has its own sentence for the UI', () => {
  it.each<[DuplicateKind, RegExp]>([
    ['same-email', /^the same email$/],
    ['email-case-or-space', /email.*case or spac/],
    ['same-username', /username.*finds only the first/],
    ['username-space-or-invisible', /username.*space.*invisible/],
    ['username-is-email', /username.*email/],
    ['same-anonymous-id', /anonymousId/],
  ])('%s', (kind, says) => {
    expect(DUPLICATE_KIND_TEXT[kind]).toMatch(says);
  });
});

// A support case: John's identify (his email, a new userId) renamed PF-1002 from jdoe to john.doe;
// the next message with userId jdoe found nobody and made new-4. The directory then held the person
// behind jdoe as two users, and the report said nothing of new-4 (only of the conflict).
describe('duplicates report: a username that passed to a new user', () => {
  const start = [
    { id: 'PF-1001', username: 'jane.doe', email: 'jane@acme.com', properties: {} },
    { id: 'PF-1002', username: 'jdoe', email: 'john@acme.com', properties: {} },
  ];
  const run = (extra: Parameters<typeof input>[1][] = []) => {
    const m = deriveMatching(start, { ...DEFAULTS, scope: 'webhook' }, [
      input(1, { type: 'track', userId: 'jdoe', event: 'Report Viewed' }),
      input(2, { type: 'identify', userId: 'john.doe', traits: { email: 'john@acme.com' } }),
      input(3, { type: 'track', userId: 'x', event: 'E' }),
      input(4, { type: 'track', userId: 'jdoe', event: 'Dashboard Viewed' }),
      ...extra.map((e, k) => input(5 + k, e)),
    ]);
    return findDuplicates(m.users, m.decisions);
  };

  it('groups the user renamed and the one created with its old username, with the two messages', () => {
    expect(run()).toEqual([
      {
        kind: 'username-passed-on',
        key: 'jdoe',
        messages: [2, 4],
        users: [
          { id: 'PF-1002', username: 'john.doe', email: 'john@acme.com', createdBy: null, messages: [2] },
          { id: 'new-4', username: 'jdoe', email: undefined, createdBy: 4, messages: [4] },
        ],
      },
    ]);
    expect(DUPLICATE_KIND_TEXT['username-passed-on']).toBe('a username passed on: its user was renamed, and a later message with it created another user');
  });

  it('a user created with a username nobody had before is no group; nor is one whose username was never taken over', () => {
    const groups = run().filter((g) => g.users.some((u) => u.id === 'new-3'));
    expect(groups).toEqual([]);
    const m = deriveMatching(start, DEFAULTS, [input(1, { type: 'identify', userId: 'john.doe', traits: { email: 'john@acme.com' } })]);
    expect(findDuplicates(m.users, m.decisions)).toEqual([]);
  });
});
