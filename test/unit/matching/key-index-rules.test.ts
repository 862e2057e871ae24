// The interner and the key index against a plain model: a key's holders are a set of user
// positions, "first" is the smallest (directory order), "count" its size. Keys go well past the
// index's first 1,024 slots, so its growth is exercised too. And the matcher past 1,024 decisions
// (its decision columns grow) and past 1,024 interned keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Interner, KeyIndex } from '../../../src-shared/matching/key-index';
import { deriveMatching } from '../../../src-shared/matching/matcher';
import { DEFAULTS, input } from './helpers';

describe('Interner', () => {
  it('gives equal texts the same number and new texts the next one, counting them', () => {
    const i = new Interner();
    expect(i.size).toBe(0);
    expect([i.id('a'), i.id('b'), i.id('a'), i.id(''), i.id('b')]).toEqual([0, 1, 0, 2, 1]);
    expect(i.size).toBe(3);
  });

  it('matches a Map model over any run of texts, past its table growth (texts that differ in one character, case, space or surrogate halves)', () => {
    // Few distinct characters so texts repeat; lengths 0-6 so thousands of texts pass the first
    // 4,096 slots and the table grows several times while earlier texts are looked up again.
    const text = fc.string({ unit: fc.constantFrom('a', 'A', 'b', ' ', '@', 'é', '\ud83d', '\ude00', '\0'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(text, { minLength: 2_500, maxLength: 9_000 }), (texts) => {
        const interner = new Interner();
        const model = new Map<string, number>();
        for (const t of texts) {
          if (!model.has(t)) model.set(t, model.size);
          expect(interner.id(t)).toBe(model.get(t));
        }
        expect(interner.size).toBe(model.size);
        // Every text asked again after all growth gives its first number.
        for (const [t, id] of model) expect(interner.id(t)).toBe(id);
        expect(interner.size).toBe(model.size);
      }),
      // No shrinking: a failing run of thousands of texts would take minutes to shrink.
      { numRuns: 20, endOnFailure: true },
    );
  });

  it('keeps texts apart whose 32-bit FNV-1a hashes are equal (known collision pairs), before and after growth', () => {
    // Pairs published as FNV-1a 32-bit collisions: the table holds the same hash twice, and only
    // the text itself tells the two apart.
    const pairs = [
      ['costarring', 'liquid'],
      ['declinate', 'macallums'],
      ['altarage', 'zinke'],
    ];
    const interner = new Interner();
    pairs.forEach(([a, b], n) => {
      expect(interner.id(a)).toBe(2 * n);
      expect(interner.id(b)).toBe(2 * n + 1);
    });
    for (let n = 0; n < 5000; n++) interner.id(`filler-${n}`); // past the first 4,096 slots: grown
    pairs.forEach(([a, b], n) => {
      expect(interner.id(b)).toBe(2 * n + 1);
      expect(interner.id(a)).toBe(2 * n);
    });
    expect(interner.size).toBe(6 + 5000);
  });

  it('keeps 100,000 distinct texts apart, each found again after the table grew past them', () => {
    const interner = new Interner();
    const texts = Array.from({ length: 100_000 }, (_, n) => `user${n}@example.com`);
    texts.forEach((t, n) => expect(interner.id(t)).toBe(n));
    expect(interner.size).toBe(100_000);
    // The same texts as new string objects (as a log read back gives them), in another order.
    for (let n = texts.length - 1; n >= 0; n -= 7) expect(interner.id(`user${String(n)}@example.com`)).toBe(n);
    expect(interner.size).toBe(100_000);
  });
});

describe('KeyIndex', () => {
  it('an empty index has no holder for any key, in or past its first slots', () => {
    const k = new KeyIndex();
    for (const key of [0, 1, 1023, 1024, 5000]) {
      expect(k.first(key)).toBe(-1);
      expect(k.count(key)).toBe(0);
    }
  });

  it('a key far past the first slots: held, and the keys below it still empty', () => {
    const k = new KeyIndex();
    k.add(4100, 7);
    expect([k.first(4100), k.count(4100)]).toEqual([7, 1]);
    expect([k.first(4099), k.first(2048), k.first(0)]).toEqual([-1, -1, -1]);
    k.add(3, 1);
    k.add(2047, 0);
    expect([k.first(3), k.first(2047), k.first(4100)]).toEqual([1, 0, 7]);
  });

  it('a key exactly twice the first slots (2,048) grows the index past it', () => {
    const k = new KeyIndex();
    k.add(2048, 5);
    expect([k.first(2048), k.count(2048)]).toEqual([5, 1]);
    k.add(1024, 6);
    expect([k.first(1024), k.first(2048)]).toEqual([6, 5]);
  });

  it('a key shared by two holders, both removed: no holder is left', () => {
    const k = new KeyIndex();
    k.add(9, 1);
    k.add(9, 2);
    k.remove(9, 1);
    expect([k.first(9), k.count(9)]).toEqual([2, 1]);
    k.remove(9, 2);
    expect([k.first(9), k.count(9)]).toEqual([-1, 0]);
  });

  it('user 0 is a holder like any other', () => {
    const k = new KeyIndex();
    k.add(5, 0);
    expect([k.first(5), k.count(5)]).toEqual([0, 1]);
    k.add(5, 0);
    expect(k.count(5)).toBe(1);
    k.remove(5, 0);
    expect([k.first(5), k.count(5)]).toEqual([-1, 0]);
  });

  const op = fc.record({ add: fc.boolean(), key: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1020, max: 1030 }), fc.integer({ min: 0, max: 5000 })), user: fc.integer({ min: 0, max: 6 }) });

  it('agrees with a plain model of sets after any adds and removes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const k = new KeyIndex();
        const model = new Map<number, Set<number>>();
        for (const o of ops) {
          const holders = model.get(o.key) ?? new Set<number>();
          if (o.add) {
            k.add(o.key, o.user);
            holders.add(o.user);
          } else {
            k.remove(o.key, o.user);
            holders.delete(o.user);
          }
          model.set(o.key, holders);
          for (const [key, set] of model) {
            expect(k.count(key)).toBe(set.size);
            expect(k.first(key)).toBe(set.size === 0 ? -1 : Math.min(...set));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the matcher past its first 1,024 decisions and keys', () => {
  it('1,500 new users, then each found again by its userId and by its email', () => {
    const n = 1500;
    const inputs = [];
    for (let i = 0; i < n; i++) inputs.push(input(i + 1, { type: 'identify', userId: `user-${i}`, traits: { email: `user-${i}@example.com` } }));
    for (let i = 0; i < n; i++) inputs.push(input(n + i + 1, { type: 'track', event: 'X', userId: `user-${i}` }));
    for (let i = 0; i < n; i++) inputs.push(input(2 * n + i + 1, { type: 'track', event: 'X', properties: { email: `USER-${i}@example.com` } }));
    const m = deriveMatching([], DEFAULTS, inputs);
    expect(m.size).toBe(3 * n);
    expect(m.users).toHaveLength(n);
    for (let i = 0; i < n; i++) {
      expect([m.outcomeAt(i), m.userIdAt(i)]).toEqual(['created', `new-${i + 1}`]);
      expect([m.outcomeAt(n + i), m.userIdAt(n + i)]).toEqual(['matched-by-username', `new-${i + 1}`]);
      expect([m.outcomeAt(2 * n + i), m.userIdAt(2 * n + i)]).toEqual(['matched-by-email', `new-${i + 1}`]);
    }
    expect(m.decisionAt(3 * n - 1)).toMatchObject({ seq: 3 * n, outcome: 'matched-by-email', userId: `new-${n}`, changes: [], byEmail: { id: `new-${n}`, username: `user-${n - 1}`, email: `user-${n - 1}@example.com` } });
  });
});
