// The users a missed `users.contains` names as nearest (nearestUsers): closest first, ties in the
// directory's order, at most n, never a user that matches, each with what differs from the entry.
import { describe, expect, it } from 'vitest';
import { parseExact } from '../../../src-shared/exact-json';
import { mismatches, nearestUsers } from '../../../src-shared/scenario/match';

/** As the runner's nearest users could be written plainly: every user, every difference written, then a stable sort. */
const reference = (users: readonly { id?: unknown }[], expected: unknown, n = 3) =>
  users
    .map((user) => ({ id: String(user.id), differences: mismatches(user, expected) }))
    .filter((u) => u.differences.length > 0)
    .sort((a, b) => a.differences.length - b.differences.length)
    .slice(0, n)
    .map((u) => `${u.id}: ${u.differences.join(', ')}`);

/** A deterministic directory: some users missing traits, some off by one trait or several. */
function directory(count: number) {
  let x = 11;
  const next = (m: number) => (x = (x * 1103515245 + 12345) % 2147483648) % m;
  return Array.from({ length: count }, (_, i) => {
    const properties: Record<string, unknown> = {};
    if (next(4) > 0) properties.plan = ['pro', 'free'][next(2)];
    if (next(4) > 0) properties.seats = next(3) * 5;
    if (next(3) > 0) properties.region = ['eu', 'us'][next(2)];
    return { id: `u-${i + 1}`, ...(next(2) ? { email: `u${i + 1}@example.com` } : {}), properties };
  });
}

const expectations: unknown[] = [
  { properties: { plan: 'pro', seats: 5, region: 'eu' } },
  { email: 'u3@example.com', properties: { plan: 'free' } },
  { properties: { seats: 10 } },
  { id: 'u-2', properties: { region: '/^e/' } },
];

describe('nearestUsers', () => {
  const want = { properties: { plan: 'pro', seats: 5, region: 'eu' } };
  const users = [
    { id: 'u-a', properties: { plan: 'pro', seats: 4, region: 'us' } }, // 2 differ
    { id: 'u-b', properties: { plan: 'pro', seats: 5, region: 'us' } }, // 1
    { id: 'u-c', properties: { plan: 'free', seats: 5, region: 'eu' } }, // 1
    { id: 'u-d', properties: { plan: 'pro', seats: 5, region: 'eu' } }, // matches
    { id: 'u-e', properties: {} }, // 3
    { id: 'u-f', properties: { plan: 'pro', seats: 6, region: 'eu' } }, // 1
  ];

  it('names the closest first, ties in the order the directory lists them, at most 3, never a user that matches', () => {
    expect(nearestUsers(users, want)).toEqual(['u-b: properties.region is "us", expected "eu"', 'u-c: properties.plan is "free", expected "pro"', 'u-f: properties.seats is 6, expected 5']);
    expect(nearestUsers(users, want, undefined, 5)).toEqual([
      'u-b: properties.region is "us", expected "eu"',
      'u-c: properties.plan is "free", expected "pro"',
      'u-f: properties.seats is 6, expected 5',
      'u-a: properties.seats is 4, expected 5, properties.region is "us", expected "eu"',
      'u-e: properties.plan is missing, properties.seats is missing, properties.region is missing',
    ]);
    // The closest listed last still comes first; one user alone is named.
    expect(nearestUsers([users[4], users[0], users[5]], want, undefined, 2).map((s) => s.split(':')[0])).toEqual(['u-f', 'u-a']);
    expect(nearestUsers([users[4]], want, undefined, 1).map((s) => s.split(':')[0])).toEqual(['u-e']);
    expect(nearestUsers([users[3]], want)).toEqual([]);
  });

  it('writes each user as the caller names it, by default by its id (digits past 2^53 as written)', () => {
    expect(nearestUsers(users.slice(0, 2), want, (u) => `${u.id} (pro)`)).toEqual(['u-b (pro): properties.region is "us", expected "eu"', 'u-a (pro): properties.seats is 4, expected 5, properties.region is "us", expected "eu"']);
    const big = parseExact('{"id":9007199254740993,"properties":{"seats":1}}') as { id: unknown };
    expect(nearestUsers([big], { properties: { seats: 2 } })).toEqual(['9007199254740993: properties.seats is 1, expected 2']);
  });

  it('are the same as comparing every user and sorting them', () => {
    for (const count of [0, 1, 2, 5, 40, 333]) {
      const all = directory(count);
      for (const e of expectations) for (const n of [1, 3, 5]) expect(nearestUsers(all, e, undefined, n), `${count} users, ${JSON.stringify(e)}, ${n}`).toEqual(reference(all, e, n));
    }
    // Something to compare: the pin is not of empty lists.
    expect(nearestUsers(directory(40), expectations[0])).toHaveLength(3);
  });
});
