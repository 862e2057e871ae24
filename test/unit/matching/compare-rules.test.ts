// What-if, rule by rule: a decision is listed when its outcome, its user or its conflict flag
// differs between the two runs, or when only one run matched the message (scope); a user is
// added, removed or changed (username, email, each property: equal values, even as other objects,
// are no change). Expected lists written out from those rules.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { compareMatching } from '../../../src-shared/matching/compare';
import { deriveMatching } from '../../../src-shared/matching/matcher';
import type { MatchingSettings, StartingUser } from '../../../src-shared/matching/types';
import { DEFAULTS, input } from './helpers';

const START: StartingUser[] = [
  { id: 'a', username: 'ada', email: 'ada@example.com', properties: {} },
  { id: 'b', username: 'bob', email: 'bob@example.com', properties: {} },
];
const EXACT: MatchingSettings = { ...DEFAULTS, emailComparison: 'exact' };

/** Each run extracts its own inputs from its own copy of the messages (no objects shared). */
function run(start: StartingUser[], settings: MatchingSettings, messages: [JsonObject, ('webhook' | 'tracking')?][]) {
  return deriveMatching(
    structuredClone(start),
    settings,
    messages.map(([m, origin], i) => input(i + 1, structuredClone(m), origin)),
  );
}

describe('what-if: decisions', () => {
  it('same outcome, another user: listed', () => {
    const start: StartingUser[] = [
      { id: 'x', email: 'ADA@example.com', properties: {} },
      { id: 'y', email: 'ada@example.com', properties: {} },
    ];
    const msgs: [JsonObject][] = [[{ type: 'identify', traits: { email: 'ada@example.com' } }]];
    expect(compareMatching(run(start, DEFAULTS, msgs), run(start, EXACT, msgs)).decisions).toEqual([
      { seq: 1, messageId: 'm-1', type: 'identify', now: { outcome: 'matched-by-email', userId: 'x', conflict: false }, then: { outcome: 'matched-by-email', userId: 'y', conflict: false } },
    ]);
  });

  it('same outcome and user, only the conflict flag differs: listed', () => {
    const msgs: [JsonObject][] = [[{ type: 'track', event: 'X', userId: 'bob', properties: { email: 'ada@example.com' } }]];
    const diff = compareMatching(run(START, DEFAULTS, msgs), run([START[0]], DEFAULTS, msgs));
    expect(diff.decisions).toEqual([
      { seq: 1, messageId: 'm-1', type: 'track', now: { outcome: 'matched-by-email', userId: 'a', conflict: true }, then: { outcome: 'matched-by-email', userId: 'a', conflict: false } },
    ]);
  });

  it('same user, another outcome: listed', () => {
    const msgs: [JsonObject][] = [[{ type: 'track', event: 'X', userId: 'ada', properties: { email: 'ada@example.com' } }]];
    const then: StartingUser[] = [{ id: 'a', username: 'ada', email: 'other@example.com', properties: {} }];
    expect(compareMatching(run(START, DEFAULTS, msgs), run(then, DEFAULTS, msgs)).decisions).toEqual([
      { seq: 1, messageId: 'm-1', type: 'track', now: { outcome: 'matched-by-email', userId: 'a', conflict: false }, then: { outcome: 'matched-by-username', userId: 'a', conflict: false } },
    ]);
  });

  const MIXED: [JsonObject, ('webhook' | 'tracking')?][] = [
    [{ type: 'track', event: 'X', userId: 'ada' }, 'webhook'],
    [{ type: 'track', event: 'X', userId: 'bob' }, 'tracking'],
    [{ type: 'track', event: 'X', userId: 'ada' }, 'webhook'],
    [{ type: 'track', event: 'X', userId: 'zed' }, 'tracking'],
  ];
  const WIDE: MatchingSettings = { ...DEFAULTS, scope: 'webhook-and-tracking' };

  it('messages only the other run matched are listed with now = null, in seq order, past the end of this run', () => {
    const diff = compareMatching(run(START, DEFAULTS, MIXED), run(START, WIDE, MIXED));
    expect(diff.decisions).toEqual([
      { seq: 2, messageId: 'm-2', type: 'track', now: null, then: { outcome: 'matched-by-username', userId: 'b', conflict: false } },
      { seq: 4, messageId: 'm-4', type: 'track', now: null, then: { outcome: 'created', userId: 'new-4', conflict: false } },
    ]);
    expect(diff.users).toEqual({ added: [{ id: 'new-4', username: 'zed', email: undefined }], removed: [], changed: [] });
  });

  it('and the other way round, then = null', () => {
    const diff = compareMatching(run(START, WIDE, MIXED), run(START, DEFAULTS, MIXED));
    expect(diff.decisions).toEqual([
      { seq: 2, messageId: 'm-2', type: 'track', now: { outcome: 'matched-by-username', userId: 'b', conflict: false }, then: null },
      { seq: 4, messageId: 'm-4', type: 'track', now: { outcome: 'created', userId: 'new-4', conflict: false }, then: null },
    ]);
    expect(diff.users).toEqual({ added: [], removed: [{ id: 'new-4', username: 'zed', email: undefined }], changed: [] });
  });
});

describe('what-if: users', () => {
  it('a username and an email that differ are named field by field', () => {
    const msgs: [JsonObject][] = [
      // Loosely this finds a and renames it; exactly it misses and creates a user.
      [{ type: 'identify', userId: 'zed', traits: { email: 'ADA@example.com' } }],
      // Loosely b already has this email; exactly it is another email, set on b (found by userId).
      [{ type: 'identify', userId: 'bob', traits: { email: 'Bob@Example.com' } }],
    ];
    const diff = compareMatching(run(START, DEFAULTS, msgs), run(START, EXACT, msgs));
    expect(diff.users.changed).toEqual([
      { id: 'a', fields: [{ field: 'username', now: 'zed', then: 'ada' }] },
      { id: 'b', fields: [{ field: 'email', now: 'bob@example.com', then: 'Bob@Example.com' }] },
    ]);
    expect(diff.users.added).toEqual([{ id: 'new-1', username: 'zed', email: 'ADA@example.com' }]);
    expect(diff.users.removed).toEqual([]);
  });

  it('properties equal in both runs, as equal text or as equal objects that are not the same object, are no change', () => {
    const msgs: [JsonObject][] = [[{ type: 'identify', userId: 'ada', traits: { plan: 'pro', seats: { n: 3, tags: ['x'] }, trial: null } }]];
    const now = run(START, DEFAULTS, msgs);
    const then = run(START, { ...DEFAULTS, conflict: 'userId-wins' }, msgs);
    expect(now.users[0].properties.seats).not.toBe(then.users[0].properties.seats);
    expect(compareMatching(now, then)).toEqual({ decisions: [], users: { added: [], removed: [], changed: [] } });
  });

  it('properties that differ: an object with other contents, a value only one run has', () => {
    const now = run(START, DEFAULTS, [[{ type: 'identify', userId: 'ada', traits: { seats: { n: 3 }, plan: 'pro' } }]]);
    const then = run(START, DEFAULTS, [[{ type: 'identify', userId: 'ada', traits: { seats: { n: 4 }, trial: true } }]]);
    expect(compareMatching(now, then).users.changed).toEqual([
      {
        id: 'a',
        fields: [
          { field: 'properties.seats', now: { n: 3 }, then: { n: 4 } },
          { field: 'properties.plan', now: 'pro', then: undefined },
          { field: 'properties.trial', now: undefined, then: true },
        ],
      },
    ]);
  });
  it('a property named like an Object.prototype member is compared as the sender\'s own, present in one run or both', () => {
    const now = run(START, DEFAULTS, [[{ type: 'identify', userId: 'ada', traits: JSON.parse('{"constructor":"c","__proto__":{"n":1}}') }]]);
    const then = run(START, DEFAULTS, [[{ type: 'identify', userId: 'ada', traits: JSON.parse('{"toString":"t","__proto__":{"n":2}}') }]]);
    expect(compareMatching(now, then).users.changed).toEqual([
      {
        id: 'a',
        fields: [
          { field: 'properties.constructor', now: 'c', then: undefined },
          { field: 'properties.__proto__', now: { n: 1 }, then: { n: 2 } },
          { field: 'properties.toString', now: undefined, then: 't' },
        ],
      },
    ]);
  });
  it('a starting user\'s property named like an Object.prototype member, untouched by any message, is its own too', () => {
    // Starting users keep their properties as parsed (ordinary objects) until a message changes one.
    const withIt: StartingUser[] = [{ id: 'a', username: 'ada', properties: JSON.parse('{"constructor":"c"}') }];
    const without: StartingUser[] = [{ id: 'a', username: 'ada', properties: JSON.parse('{"toString":"t"}') }];
    const msgs: [JsonObject][] = [[{ type: 'track', event: 'X', userId: 'ada' }]];
    expect(compareMatching(run(withIt, DEFAULTS, msgs), run(without, DEFAULTS, msgs)).users.changed).toEqual([
      {
        id: 'a',
        fields: [
          { field: 'properties.constructor', now: 'c', then: undefined },
          { field: 'properties.toString', now: undefined, then: 't' },
        ],
      },
    ]);
  });
});
