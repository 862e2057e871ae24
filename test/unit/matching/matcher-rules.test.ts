// The matcher's reading side (decisions found by seq, as the Matching view pages through them)
// and two rules the property tests do not reach: a property re-sent as an equal object is no
// change; a message outside the scope leaves no decision.
import { describe, expect, it } from 'vitest';
import { MatchInputs } from '../../../src-shared/matching/match-inputs';
import { Matcher, conflictLoser, deriveMatching } from '../../../src-shared/matching/matcher';
import type { MatchInput } from '../../../src-shared/matching/types';
import { DEFAULTS, input } from './helpers';
import { referenceMatching } from './reference';

describe('finding decisions by seq', () => {
  // Matched seqs 2, 4, 6, 8, 10 (the odd ones come through the Tracking API, outside the default scope).
  const inputs: MatchInput[] = [];
  for (let seq = 1; seq <= 10; seq++) inputs.push(input(seq, { type: 'track', event: 'X', userId: `u${seq}` }, seq % 2 === 0 ? 'webhook' : 'tracking'));
  const m = deriveMatching([], DEFAULTS, inputs);

  it('only the webhook messages were matched, in seq order', () => {
    expect(m.size).toBe(5);
    expect([0, 1, 2, 3, 4].map((i) => m.seqAt(i))).toEqual([2, 4, 6, 8, 10]);
  });

  it.each([
    [0, -1],
    [1, -1],
    [2, 0],
    [3, -1],
    [4, 1],
    [8, 3],
    [9, -1],
    [10, 4],
    [11, -1],
    [100, -1],
  ])('indexOfSeq(%i) = %i', (seq, at) => {
    expect(m.indexOfSeq(seq)).toBe(at);
  });

  it.each([
    [-1, 0],
    [0, 0],
    [1, 0],
    [2, 1],
    [3, 1],
    [5, 2],
    [6, 3],
    [9, 4],
    [10, 5],
    [50, 5],
  ])('firstAfter(%i) = %i', (seq, at) => {
    expect(m.firstAfter(seq)).toBe(at);
  });

  it('an empty matcher finds nothing', () => {
    const empty = new Matcher([], DEFAULTS);
    expect([empty.size, empty.indexOfSeq(1), empty.firstAfter(0)]).toEqual([0, -1, 0]);
    expect(empty.decisions).toEqual([]);
  });
});

describe('rules the property tests do not reach', () => {
  it('a property re-sent as an equal object (another object, same contents) is no change; other contents are', () => {
    const m = new Matcher([{ id: 'a', username: 'ada', properties: {} }], DEFAULTS);
    const first = m.add(input(1, { type: 'identify', userId: 'ada', traits: { seats: { n: 3, tags: ['x'] } } }))!;
    expect(first.changes).toEqual([{ field: 'properties.seats', before: undefined, after: { n: 3, tags: ['x'] } }]);
    const again = m.add(input(2, { type: 'identify', userId: 'ada', traits: { seats: { n: 3, tags: ['x'] } } }))!;
    expect(again.changes).toEqual([]);
    expect(m.users[0].touchedBy).toEqual([1]);
    const other = m.add(input(3, { type: 'identify', userId: 'ada', traits: { seats: { n: 4, tags: ['x'] } } }))!;
    expect(other.changes).toEqual([{ field: 'properties.seats', before: { n: 3, tags: ['x'] }, after: { n: 4, tags: ['x'] } }]);
    const nulls = m.add(input(4, { type: 'identify', userId: 'ada', traits: { seats: null } }))!;
    expect(nulls.changes).toEqual([{ field: 'properties.seats', before: { n: 4, tags: ['x'] }, after: null }]);
    const nullAgain = m.add(input(5, { type: 'identify', userId: 'ada', traits: { seats: null } }))!;
    expect(nullAgain.changes).toEqual([]);
    const text = m.add(input(6, { type: 'identify', userId: 'ada', traits: { seats: 'null' } }))!;
    expect(text.changes).toEqual([{ field: 'properties.seats', before: null, after: 'null' }]);
  });

  it('a message outside the scope: add gives undefined and no decision is kept', () => {
    const m = new Matcher([], DEFAULTS);
    expect(m.add(input(1, { type: 'track', event: 'X', userId: 'ada' }, 'tracking'))).toBeUndefined();
    expect(m.size).toBe(0);
    expect(m.users).toEqual([]);
    expect(m.add(input(2, { type: 'track', event: 'X', userId: 'ada' }))).toMatchObject({ seq: 2, outcome: 'created', userId: 'new-2' });
  });
});

describe('reading decisions one at a time', () => {
  it('outcome, user and conflict flag of every decision, not only the first', () => {
    const start = [
      { id: 'a', username: 'ada', email: 'ada@example.com', properties: {} },
      { id: 'b', username: 'bob', email: 'bob@example.com', properties: {} },
    ];
    const m = deriveMatching(start, DEFAULTS, [
      input(1, { type: 'track', event: 'X' }),
      input(2, { type: 'identify', userId: 'bob', traits: { email: 'ada@example.com' } }),
      input(3, { type: 'track', event: 'X', userId: 'ada' }),
      input(4, { type: 'track', event: 'X', userId: 'bob', properties: { email: 'ada@example.com' } }),
      input(5, { type: 'track', event: 'X', userId: 'zed' }),
      input(6, { type: 'identify', userId: 'ada', traits: { email: 'bob@example.com' } }),
    ]);
    const read = [0, 1, 2, 3, 4, 5].map((i) => [m.outcomeAt(i), m.userIdAt(i), m.conflictAt(i)]);
    expect(read).toEqual([
      ['unmatched', undefined, false],
      ['matched-by-email', 'a', true],
      ['matched-by-username', 'a', false],
      ['matched-by-email', 'a', true],
      ['created', 'new-5', false],
      ['matched-by-email', 'b', true],
    ]);
  });

  it('add() gives the decision on every path: unmatched, anonymous, by email or username, created', () => {
    const m = new Matcher([{ id: 'a', username: 'ada', properties: {} }], { ...DEFAULTS, noIdentity: 'create-anonymous' });
    expect(m.add(input(1, { type: 'track', event: 'X' }))).toMatchObject({ seq: 1, outcome: 'unmatched' });
    expect(m.add(input(2, { type: 'page', anonymousId: 'anon-1' }))).toMatchObject({ seq: 2, outcome: 'created', userId: 'new-2' });
    expect(m.add(input(3, { type: 'page', anonymousId: 'anon-1' }))).toMatchObject({ seq: 3, outcome: 'matched-by-username', userId: 'new-2' });
    expect(m.add(input(4, { type: 'track', event: 'X', userId: 'ada' }))).toMatchObject({ seq: 4, outcome: 'matched-by-username', userId: 'a' });
  });

  it('an anonymous user first in the directory is found again, and the decision names it', () => {
    const m = deriveMatching([], { ...DEFAULTS, noIdentity: 'create-anonymous' }, [input(1, { type: 'page', anonymousId: 'anon-1' }), input(2, { type: 'page', anonymousId: 'anon-1' })]);
    expect(m.decisionAt(1)).toMatchObject({ outcome: 'matched-by-username', userId: 'new-1', byUsername: { id: 'new-1', username: 'anon-1' } });
  });

  it('a user that had properties keeps them when a message sets another one', () => {
    const start = [{ id: 'a', username: 'ada', properties: { plan: 'free', seats: 2 } }];
    const m = deriveMatching(start, DEFAULTS, [input(1, { type: 'identify', userId: 'ada', traits: { company: 'Acme' } })]);
    expect(m.users[0].properties).toEqual({ plan: 'free', seats: 2, company: 'Acme' });
    expect(start[0].properties).toEqual({ plan: 'free', seats: 2 });
  });
});

describe('keys interned as 0 and 1 are keys like any other', () => {
  it('an email interned first (key 0) is set on the user it creates', () => {
    const inputs = new MatchInputs();
    const m = new Matcher([], DEFAULTS, inputs);
    const d = m.add(input(1, { type: 'identify', traits: { email: 'e@example.com' } }, 'webhook', inputs))!;
    expect(d).toMatchObject({ outcome: 'created', userId: 'new-1' });
    expect(m.users[0].email).toBe('e@example.com');
    expect(m.add(input(2, { type: 'track', event: 'X', properties: { email: 'E@example.com' } }, 'webhook', inputs))).toMatchObject({ outcome: 'matched-by-email', userId: 'new-1' });
  });

  it('an anonymousId interned first (key 0) still makes an anonymous user', () => {
    const inputs = new MatchInputs();
    const m = new Matcher([], { ...DEFAULTS, noIdentity: 'create-anonymous' }, inputs);
    expect(m.add(input(1, { type: 'page', anonymousId: 'anon-0' }, 'webhook', inputs))).toMatchObject({ outcome: 'created', userId: 'new-1' });
    expect(m.users[0]).toMatchObject({ username: 'anon-0', anonymousId: 'anon-0' });
  });

  it('a starting user without an email takes an email whatever its key (here 1)', () => {
    const inputs = new MatchInputs();
    expect([inputs.interner.id('pad'), inputs.interner.id('e@example.com')]).toEqual([0, 1]);
    const m = new Matcher([{ id: 'a', username: 'ada', properties: {} }], DEFAULTS, inputs);
    const d = m.add(input(1, { type: 'identify', userId: 'ada', traits: { email: 'e@example.com' } }, 'webhook', inputs))!;
    expect(d).toMatchObject({ outcome: 'matched-by-username', userId: 'a', changes: [{ field: 'email', before: undefined, after: 'e@example.com' }] });
    expect(m.users[0].email).toBe('e@example.com');
  });
});

describe('deriving from the columns themselves, past their first growth', () => {
  it('every input of a MatchInputs, 3,000 of them (decision columns grown twice), decided as the reference rule decides', () => {
    const inputs = new MatchInputs();
    const start = [{ id: 'a', username: 'ada', email: 'ada@example.com', properties: {} }];
    const messages = (i: number) =>
      i % 3 === 0 ? { type: 'identify', userId: `user-${i % 50}`, traits: { email: `u${i % 70}@example.com` } } : i % 3 === 1 ? { type: 'track', event: 'X', userId: 'ada' } : { type: 'page', anonymousId: `anon-${i % 9}` };
    const views = Array.from({ length: 3000 }, (_, i) => input(i + 1, messages(i), 'webhook', inputs));
    const settings = { ...DEFAULTS, noIdentity: 'create-anonymous' as const, scope: 'webhook-and-tracking' as const };
    const m = deriveMatching(start, settings, inputs);
    expect(m.size).toBe(3000);
    expect(Array.from({ length: m.size }, (_, i) => m.seqAt(i))).toEqual(views.map((v) => v.seq));
    const reference = referenceMatching(start, settings, views);
    expect(m.decisions).toEqual(reference.decisions);
    expect(m.users).toEqual(reference.users);
  });
});

// Trait names are the sender's: JSON.parse keeps `__proto__` as an own key, and a user's properties
// must hold it as one too, not take it as the object's prototype (hostile or just unlucky input).
describe('trait names that are also names of Object.prototype', () => {
  const traits = JSON.parse('{"__proto__":{"email":"evil@example.com","plan":"free"},"constructor":"c","toString":"t","plan":"pro"}') as Record<string, unknown>;

  it('are properties like any other: kept as own keys, nothing read through a prototype', () => {
    const m = new Matcher([], DEFAULTS);
    const d = m.add(input(1, { type: 'identify', userId: 'ada', traits }))!;
    expect(d.changes.map((c) => c.field).sort()).toEqual(['properties.__proto__', 'properties.constructor', 'properties.plan', 'properties.toString', 'username'].sort());
    const user = m.users[0];
    expect(user.email).toBeUndefined();
    expect(Object.keys(user.properties).sort()).toEqual(['__proto__', 'constructor', 'plan', 'toString']);
    expect(Object.getOwnPropertyDescriptor(user.properties, '__proto__')?.value).toEqual({ email: 'evil@example.com', plan: 'free' });
    expect(user.properties.plan).toBe('pro');
    expect(JSON.parse(JSON.stringify(user.properties))).toEqual(traits);
  });

  it('a starting user without them: each is a change from nothing, not from what Object.prototype holds', () => {
    const m = new Matcher([{ id: 'a', username: 'ada', properties: JSON.parse('{"seats":3}') }], DEFAULTS);
    const d = m.add(input(1, { type: 'identify', userId: 'ada', traits: JSON.parse('{"constructor":"c","toString":"t"}') }))!;
    expect(d.changes).toEqual([
      { field: 'properties.constructor', before: undefined, after: 'c' },
      { field: 'properties.toString', before: undefined, after: 't' },
    ]);
    expect(Object.keys(m.users[0].properties)).toEqual(['seats', 'constructor', 'toString']);
    // A property set twice to the same value is no change the second time, "__proto__" too.
    const proto = JSON.parse('{"__proto__":{"n":1}}');
    expect(m.add(input(2, { type: 'identify', userId: 'ada', traits: proto }))!.changes).toEqual([{ field: 'properties.__proto__', before: undefined, after: { n: 1 } }]);
    expect(m.add(input(3, { type: 'identify', userId: 'ada', traits: proto }))!.changes).toEqual([]);
    expect(Object.keys(m.users[0].properties)).toEqual(['seats', 'constructor', 'toString', '__proto__']);
  });
});

describe('the id of a created user', () => {
  it('is new-<seq>, and never one a starting user already has (a saved scenario\'s directory holds new-1 of an earlier capture)', () => {
    const start = [
      { id: 'new-1', username: 'carol', email: 'carol@example.com', properties: {} },
      { id: 'new-1-2', username: 'cy', properties: {} },
    ];
    const inputs = [input(1, { type: 'identify', userId: 'dave' }), input(2, { type: 'identify', userId: 'erin' }), input(3, { type: 'track', event: 'X', userId: 'dave' })];
    for (const r of [deriveMatching(start, DEFAULTS, inputs), referenceMatching(start, DEFAULTS, inputs)]) {
      expect(r.users.map((u) => u.id)).toEqual(['new-1', 'new-1-2', 'new-1-3', 'new-2']);
      // The decisions name the user they made, not the starting user of the same id.
      expect(r.decisions.map((d) => d.userId)).toEqual(['new-1-3', 'new-2', 'new-1-3']);
      expect(r.users.find((u) => u.id === 'new-1')?.username).toBe('carol');
    }
  });
});

// A conflict: the email finds one user, the userId names another; the setting picks the winner,
// and the other is the loser. Support looks for a message under the user it did NOT land on (bob's
// identify landing on Ada): the loser is what makes that decision findable by bob.
describe('the conflict loser', () => {
  const START = [
    { id: 'u-ada', username: 'ada', email: 'ada@example.com', properties: {} },
    { id: 'u-bob', username: 'bob', email: 'bob@example.com', properties: {} },
  ];
  const messages = [
    { type: 'identify', userId: 'bob', traits: { email: 'ada@example.com' } }, // conflict: ada's email, bob's userId
    { type: 'track', event: 'X', userId: 'bob' }, // bob alone
    { type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' } }, // both name ada: no conflict
    { type: 'identify', userId: 'cy', traits: { email: 'cy@example.com' } }, // created
    { type: 'track', event: 'X', anonymousId: 'anon' }, // unmatched
    { type: 'identify', userId: 'ada', context: { traits: { email: 'BOB@example.com' } } }, // conflict the other way round
  ];
  const run = (conflict: 'email-wins' | 'userId-wins') => {
    const inputs = new MatchInputs();
    const list = messages.map((m, i) => input(i + 1, m, 'webhook', inputs));
    return deriveMatching(START, { ...DEFAULTS, conflict }, list, inputs);
  };

  it.each([
    ['email-wins', ['u-ada', 'u-bob', 'u-ada', 'new-4', undefined, 'u-bob'], ['u-bob', undefined, undefined, undefined, undefined, 'u-ada']],
    ['userId-wins', ['u-bob', 'u-bob', 'u-ada', 'new-4', undefined, 'u-ada'], ['u-ada', undefined, undefined, undefined, undefined, 'u-bob']],
  ] as const)('%s: the winner is the decision user, the loser the other of the two', (conflict, winners, losers) => {
    const m = run(conflict);
    expect(messages.map((_, i) => m.userIdAt(i))).toEqual(winners);
    expect(messages.map((_, i) => m.loserAt(i))).toEqual(losers);
    // The same from the decision object (what the trace pane and the list rows read).
    expect(messages.map((_, i) => conflictLoser(m.decisionAt(i)))).toEqual(losers);
  });

  it('involves: the decisions a user won or lost, and no others', () => {
    const m = run('email-wins');
    const involving = (id: string) => messages.map((_, i) => i).filter((i) => m.involves(i, id));
    expect(involving('u-bob')).toEqual([0, 1, 5]);
    expect(involving('u-ada')).toEqual([0, 2, 5]);
    expect(involving('new-4')).toEqual([3]);
    expect(involving('nobody')).toEqual([]);
  });
});
