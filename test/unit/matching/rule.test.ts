// Product Fruits' rule, table-driven: every branch under every one of the 16 setting combinations.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import type { MatchingSettings, MatchOutcome, StartingUser } from '../../../src-shared/matching/types';
import { allSettings, deriveExplained, input, settingsName } from './helpers';

const START: StartingUser[] = [
  { id: 'a', username: 'ada', email: 'Ada@Example.com', properties: { plan: 'free' } },
  { id: 'b', username: 'bob', email: 'bob@example.com', properties: {} },
  { id: 'n', username: '123', properties: {} },
];

interface Expected {
  outcome: MatchOutcome | null; // null: not matched at all (outside the scope)
  user?: string;
  conflict?: boolean;
}
interface Case {
  name: string;
  message: JsonObject;
  origin?: 'webhook' | 'tracking';
  expect: (s: MatchingSettings) => Expected;
}

const always = (e: Expected) => () => e;
const CASES: Case[] = [
  { name: 'traits.email equal to a user email', message: { type: 'identify', traits: { email: 'Ada@Example.com' } }, expect: always({ outcome: 'matched-by-email', user: 'a' }) },
  {
    name: 'email differing by case and surrounding space',
    message: { type: 'identify', traits: { email: ' ada@EXAMPLE.com ' } },
    expect: (s) => (s.emailComparison === 'exact' ? { outcome: 'created', user: 'new-1' } : { outcome: 'matched-by-email', user: 'a' }),
  },
  { name: 'email in context.traits.email', message: { type: 'track', event: 'X', context: { traits: { email: 'bob@example.com' } } }, expect: always({ outcome: 'matched-by-email', user: 'b' }) },
  { name: 'email in properties.email', message: { type: 'track', event: 'X', properties: { email: 'bob@example.com' } }, expect: always({ outcome: 'matched-by-email', user: 'b' }) },
  {
    name: 'traits.email is read before properties.email',
    message: { type: 'identify', traits: { email: 'bob@example.com' }, properties: { email: 'Ada@Example.com' } },
    expect: always({ outcome: 'matched-by-email', user: 'b' }),
  },
  {
    name: 'context.traits.email is read before properties.email',
    message: { type: 'track', event: 'X', context: { traits: { email: 'Ada@Example.com' } }, properties: { email: 'bob@example.com' } },
    expect: always({ outcome: 'matched-by-email', user: 'a' }),
  },
  { name: 'no email, userId equal to a username', message: { type: 'track', event: 'X', userId: 'bob' }, expect: always({ outcome: 'matched-by-username', user: 'b' }) },
  { name: 'unknown email, userId equal to a username', message: { type: 'identify', userId: 'bob', traits: { email: 'new@example.com' } }, expect: always({ outcome: 'matched-by-username', user: 'b' }) },
  { name: 'unknown email and unknown userId', message: { type: 'identify', userId: 'zed', traits: { email: 'zed@example.com' } }, expect: always({ outcome: 'created', user: 'new-1' }) },
  { name: 'email only, unknown', message: { type: 'identify', anonymousId: 'x', traits: { email: 'zed@example.com' } }, expect: always({ outcome: 'created', user: 'new-1' }) },
  { name: 'userId only, unknown', message: { type: 'track', event: 'X', userId: 'zed' }, expect: always({ outcome: 'created', user: 'new-1' }) },
  {
    name: 'email finds one user, userId names another',
    message: { type: 'identify', userId: 'bob', traits: { email: 'Ada@Example.com' } },
    expect: (s) => (s.conflict === 'email-wins' ? { outcome: 'matched-by-email', user: 'a', conflict: true } : { outcome: 'matched-by-username', user: 'b', conflict: true }),
  },
  { name: 'email and userId name the same user: no conflict', message: { type: 'identify', userId: 'ada', traits: { email: 'Ada@Example.com' } }, expect: always({ outcome: 'matched-by-email', user: 'a', conflict: false }) },
  {
    name: 'neither email nor userId, an anonymousId',
    message: { type: 'track', event: 'X', anonymousId: 'anon-1' },
    expect: (s) => (s.noIdentity === 'unmatched' ? { outcome: 'unmatched' } : { outcome: 'created', user: 'new-1' }),
  },
  { name: 'no identity at all', message: { type: 'track', event: 'X' }, expect: always({ outcome: 'unmatched' }) },
  { name: 'numeric userId is read as text', message: { type: 'track', event: 'X', userId: 123 }, expect: always({ outcome: 'matched-by-username', user: 'n' }) },
  {
    name: 'non-string userId is ignored',
    message: { type: 'track', event: 'X', userId: true, anonymousId: 'anon-1' },
    expect: (s) => (s.noIdentity === 'unmatched' ? { outcome: 'unmatched' } : { outcome: 'created', user: 'new-1' }),
  },
  { name: 'non-string traits.email falls through to context.traits.email', message: { type: 'identify', traits: { email: { v: 1 } }, context: { traits: { email: 'bob@example.com' } } }, expect: always({ outcome: 'matched-by-email', user: 'b' }) },
  { name: 'numeric email is not an email', message: { type: 'identify', userId: 'ada', traits: { email: 42 } }, expect: always({ outcome: 'matched-by-username', user: 'a' }) },
  { name: 'empty-string email is ignored', message: { type: 'identify', userId: 'bob', traits: { email: '' } }, expect: always({ outcome: 'matched-by-username', user: 'b' }) },
  {
    name: 'all-space email: nothing left when space is ignored',
    message: { type: 'identify', userId: 'bob', traits: { email: '   ' } },
    expect: always({ outcome: 'matched-by-username', user: 'b' }),
  },
  { name: 'traits that are not an object', message: { type: 'identify', userId: 'bob', traits: 'x', context: [1] }, expect: always({ outcome: 'matched-by-username', user: 'b' }) },
  {
    name: 'a Tracking API message',
    origin: 'tracking',
    message: { type: 'identify', traits: { email: 'bob@example.com' } },
    expect: (s) => (s.scope === 'webhook' ? { outcome: null } : { outcome: 'matched-by-email', user: 'b' }),
  },
];

describe('the rule, every branch under every setting', () => {
  for (const settings of allSettings()) {
    describe(settingsName(settings), () => {
      it.each(CASES)('$name', (c) => {
        const { decisions } = deriveExplained(START, settings, [input(1, c.message, c.origin)]);
        const want = c.expect(settings);
        if (want.outcome === null) {
          expect(decisions).toEqual([]);
          return;
        }
        expect(decisions).toHaveLength(1);
        expect(decisions[0]).toMatchObject({ seq: 1, outcome: want.outcome, conflict: want.conflict ?? false });
        expect(decisions[0].userId).toBe(want.user);
      });
    });
  }
});

describe('what an update changes', () => {
  const S: MatchingSettings = allSettings()[0];

  it('fills a missing username and email, and sets traits with their source', () => {
    const start: StartingUser[] = [{ id: 'c', email: 'c@example.com', properties: {} }];
    const { decisions, users } = deriveExplained(start, S, [
      input(1, { type: 'identify', userId: 'carol', traits: { email: 'c@example.com', plan: 'pro' } }),
      input(2, { type: 'identify', userId: 'dan', context: { traits: { company: 'Acme' } } }),
    ]);
    expect(decisions[0].changes).toEqual([
      { field: 'username', before: undefined, after: 'carol' },
      { field: 'properties.plan', before: undefined, after: 'pro' },
    ]);
    expect(users[0]).toMatchObject({ username: 'carol', email: 'c@example.com', properties: { plan: 'pro' }, touchedBy: [1] });
    expect(users[0].sources).toEqual({ username: { seq: 1, at: decisions[0].receivedAt }, 'properties.plan': { seq: 1, at: decisions[0].receivedAt } });
    expect(users[1]).toMatchObject({ id: 'new-2', username: 'dan', properties: { company: 'Acme' }, createdBy: 2, touchedBy: [2] });
  });

  it('changes the email of a user found by username; a later message finds the user by the new email', () => {
    const { decisions, users } = deriveExplained(START, S, [
      input(1, { type: 'identify', userId: 'bob', traits: { email: 'robert@example.com' } }),
      input(2, { type: 'identify', traits: { email: 'robert@example.com' } }),
      input(3, { type: 'identify', traits: { email: 'bob@example.com' } }),
    ]);
    expect(decisions[0].changes).toEqual([{ field: 'email', before: 'bob@example.com', after: 'robert@example.com' }]);
    expect(decisions[1]).toMatchObject({ outcome: 'matched-by-email', userId: 'b', changes: [] });
    expect(decisions[2]).toMatchObject({ outcome: 'created', userId: 'new-3' });
    expect(users.find((u) => u.id === 'b')!.touchedBy).toEqual([1]);
  });

  it('a repeated message changes nothing the second time', () => {
    const m = { type: 'identify', userId: 'ada', traits: { email: 'Ada@Example.com', plan: 'pro', seats: { n: 3 } } };
    const { decisions } = deriveExplained(START, S, [input(1, m), input(2, m)]);
    expect(decisions[0].changes.map((c) => c.field)).toEqual(['properties.plan', 'properties.seats']);
    expect(decisions[1].changes).toEqual([]);
  });

  it('in a conflict, the loser keeps its field so two users never share it', () => {
    const msg = { type: 'identify', userId: 'bob', traits: { email: 'ada@example.com' } };
    const emailWins = deriveExplained(START, { ...S, conflict: 'email-wins' }, [input(1, msg)]);
    expect(emailWins.users.find((u) => u.id === 'a')!.username).toBe('ada');
    expect(emailWins.decisions[0].trace).toContainEqual(expect.objectContaining({ kind: 'kept', field: 'username', value: 'ada', wanted: 'bob' }));
    const userIdWins = deriveExplained(START, { ...S, conflict: 'userId-wins' }, [input(1, msg)]);
    expect(userIdWins.users.find((u) => u.id === 'b')!.email).toBe('bob@example.com');
    expect(userIdWins.decisions[0].trace).toContainEqual(expect.objectContaining({ kind: 'kept', field: 'email', wanted: 'ada@example.com' }));
  });

  it('an anonymous user is found again by its anonymousId', () => {
    const s: MatchingSettings = { ...S, noIdentity: 'create-anonymous' };
    const { decisions, users } = deriveExplained([], s, [input(1, { type: 'page', anonymousId: 'anon-1' }), input(2, { type: 'track', event: 'X', anonymousId: 'anon-1', context: { traits: { plan: 'pro' } } })]);
    expect(decisions.map((d) => [d.outcome, d.userId])).toEqual([
      ['created', 'new-1'],
      ['matched-by-username', 'new-1'],
    ]);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ username: 'anon-1', anonymousId: 'anon-1', properties: { plan: 'pro' } });
  });

  it('only an identify applies its traits; context.traits apply on every call', () => {
    const { users } = deriveExplained(START, S, [input(1, { type: 'group', groupId: 'g', userId: 'bob', traits: { name: 'Acme Inc' } })]);
    expect(users.find((u) => u.id === 'b')!.properties).toEqual({});
  });

  it("a group call's traits.email is the account's (Segment's group traits describe the group), not the user's", () => {
    // Two users of one account each send a group call carrying the account's contact email: the
    // second must not be matched to the first by that email, nor the first's email replaced by it.
    const acme = { type: 'group', groupId: 'acme', traits: { name: 'Acme', email: 'billing@acme.com' } };
    const { decisions, users } = deriveExplained(START, S, [input(1, { ...acme, userId: 'bob' }), input(2, { ...acme, userId: 'ada' })]);
    expect(decisions.map((d) => [d.outcome, d.userId, d.conflict])).toEqual([
      ['matched-by-username', 'b', false],
      ['matched-by-username', 'a', false],
    ]);
    expect(users.find((u) => u.id === 'b')!.email).toBe('bob@example.com');
    expect(decisions[0].trace[0]).toMatchObject({ kind: 'read-email', path: 'traits.email', used: false, skipped: 'group-traits' });
  });

  it("a group call's context.traits.email is still the user's", () => {
    const { decisions } = deriveExplained(START, S, [input(1, { type: 'group', groupId: 'acme', userId: 'bob', traits: { email: 'billing@acme.com' }, context: { traits: { email: 'ada@example.com' } } })]);
    expect(decisions[0]).toMatchObject({ outcome: 'matched-by-email', userId: 'a', conflict: true });
  });

  it('an email with its accents decomposed (NFD, as macOS input often gives) is the same email as the composed one (NFC)', () => {
    const nfc = 'rené@example.com'.normalize('NFC');
    const nfd = 'René@example.com '.normalize('NFD');
    const start: StartingUser[] = [{ id: 'r', username: 'rene', email: nfc, properties: {} }];
    const loose = deriveExplained(start, S, [input(1, { type: 'identify', userId: 'other', traits: { email: nfd } })]);
    expect(loose.decisions[0]).toMatchObject({ outcome: 'matched-by-email', userId: 'r' });
    // Exact comparison keeps them apart, and the trace says why they look the same.
    const exact = deriveExplained(start, { ...S, emailComparison: 'exact' }, [input(1, { type: 'identify', userId: 'other', traits: { email: nfd.trim() } })]);
    expect(exact.decisions[0]).toMatchObject({ outcome: 'created', nearMiss: { id: 'r' } });
  });

  it('no conflict when the user the email found already has the userId as username, even if another user shares it', () => {
    const start: StartingUser[] = [
      { id: 'x', username: 'dup', properties: {} },
      { id: 'y', username: 'dup', email: 'y@example.com', properties: {} },
    ];
    const { decisions } = deriveExplained(start, S, [input(1, { type: 'identify', userId: 'dup', traits: { email: 'y@example.com' } })]);
    expect(decisions[0]).toMatchObject({ outcome: 'matched-by-email', userId: 'y', conflict: false });
  });

  it('several users share an email: the first in directory order is taken and the trace says so', () => {
    const start: StartingUser[] = [
      { id: 'x', email: 'same@example.com', properties: {} },
      { id: 'y', email: 'SAME@example.com', properties: {} },
    ];
    const { decisions } = deriveExplained(start, S, [input(1, { type: 'identify', traits: { email: 'same@example.com' } })]);
    expect(decisions[0].userId).toBe('x');
    expect(decisions[0].trace).toContainEqual(expect.objectContaining({ kind: 'lookup-email', alsoFound: 1 }));
  });
});
