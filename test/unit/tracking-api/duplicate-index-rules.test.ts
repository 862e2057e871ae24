// DuplicateIndex's rules that duplicate-index.test.ts does not reach: taking an id back (forget,
// forgetIn: a message whose write failed, so the client's retry is not a duplicate), ids whose
// hashes are equal, has() and prune() on their own, clear() after the table grew, and the window
// measured both ways from the acceptance (as the plain rule in duplicate-index.test.ts does).
import { describe, expect, it } from 'vitest';
import { DuplicateIndex } from '../../../src-shared/tracking-api/duplicate-index';
import { DUPLICATE_WINDOW_MS } from '../../../src-shared/tracking-api/limits';

const t0 = Date.UTC(2026, 0, 1);
const W = DUPLICATE_WINDOW_MS;

describe('forget and forgetIn: an id taken back', () => {
  it('takes back an id just accepted: the retry is new, the one after it a duplicate', () => {
    const index = new DuplicateIndex();
    expect(index.seen('m', t0)).toBe(false);
    index.forget('m');
    expect(index.has('m', t0)).toBe(false);
    expect(index.size).toBe(0);
    expect(index.seen('m', t0 + 1)).toBe(false);
    expect(index.seen('m', t0 + 2)).toBe(true);
    expect(index.size).toBe(1);
  });

  it('takes back that id only', () => {
    const index = new DuplicateIndex();
    for (const id of ['a', 'b', 'c']) index.seen(id, t0);
    index.forget('b');
    expect(index.size).toBe(2);
    expect([index.has('a', t0), index.has('b', t0), index.has('c', t0)]).toEqual([true, false, true]);
    expect(index.seen('a', t0)).toBe(true);
    expect(index.seen('c', t0)).toBe(true);
  });

  it('does nothing for an id it does not hold: never seen, already taken back, or already expired', () => {
    const index = new DuplicateIndex();
    index.seen('a', t0);
    index.forget('never');
    expect(index.size).toBe(1);
    index.seen('b', t0);
    index.forget('b');
    index.forget('b');
    expect(index.size).toBe(1);
    expect(index.seen('a', t0 + 1)).toBe(true);
    // 'a' expires when 'c' comes a window later; taking it back then leaves 'c' alone.
    expect(index.seen('c', t0 + W)).toBe(false);
    expect(index.size).toBe(1);
    index.forget('a');
    expect(index.size).toBe(1);
    expect(index.has('c', t0 + W)).toBe(true);
  });

  it('forgetIn takes back the id in a span of a longer text: not a longer id that starts the same', () => {
    const index = new DuplicateIndex();
    index.seen('m-1', t0);
    index.seen('m-12', t0);
    index.forgetIn('xxm-1yy', 2, 3);
    expect(index.has('m-1', t0)).toBe(false);
    expect(index.has('m-12', t0)).toBe(true);
    expect(index.size).toBe(1);
    index.forgetIn('m-12', 0, 4);
    expect(index.size).toBe(0);
  });

  it('keeps count when one id is accepted and taken back many times over (the table rebuilt meanwhile)', () => {
    const index = new DuplicateIndex();
    index.seen('kept', t0);
    for (let i = 0; i < 5000; i++) {
      expect(index.seen('again', t0 + i)).toBe(false);
      expect(index.size).toBe(2);
      index.forget('again');
      expect(index.size).toBe(1);
    }
    expect(index.seen('kept', t0 + 5000)).toBe(true);
    expect(index.seen('again', t0 + 5000)).toBe(false);
    expect(index.seen('again', t0 + 5001)).toBe(true);
  });

  it('takes back ids among many, across the table growing', () => {
    const index = new DuplicateIndex();
    const n = 3000;
    for (let i = 0; i < n; i++) index.seen(`id-${i}`, t0);
    for (let i = 0; i < n; i += 3) index.forget(`id-${i}`);
    expect(index.size).toBe(n - n / 3);
    for (let i = 0; i < n; i++) expect(index.has(`id-${i}`, t0), `id-${i}`).toBe(i % 3 !== 0);
    // More ids after that (the table rebuilds over the taken-back entries): the answers hold.
    for (let i = n; i < 2 * n; i++) expect(index.seen(`id-${i}`, t0 + 1)).toBe(false);
    for (let i = 0; i < 2 * n; i++) expect(index.seen(`id-${i}`, t0 + 2), `id-${i}`).toBe(i >= n || i % 3 !== 0);
  });
});

describe('ids whose hashes are equal', () => {
  // Published 32-bit FNV-1a collision pairs (the hash the index slots by): only the text itself
  // tells each pair apart.
  const pairs = [
    ['costarring', 'liquid'],
    ['declinate', 'macallums'],
    ['altarage', 'zinke'],
  ];

  it('are different ids, before and after the table grew', () => {
    const index = new DuplicateIndex();
    for (const [a] of pairs) expect(index.seen(a, t0)).toBe(false);
    for (const [, b] of pairs) expect(index.seen(b, t0)).toBe(false);
    for (const [a, b] of pairs) expect([index.seen(a, t0), index.seen(b, t0)]).toEqual([true, true]);
    for (let i = 0; i < 5000; i++) index.seen(`filler-${i}`, t0);
    for (const [a, b] of pairs) expect([index.has(a, t0), index.has(b, t0)]).toEqual([true, true]);
    expect(index.size).toBe(6 + 5000);
  });

  it('taking one back leaves the other', () => {
    const index = new DuplicateIndex();
    for (const [a, b] of pairs) {
      index.seen(a, t0);
      index.seen(b, t0);
    }
    for (const [a] of pairs) index.forget(a);
    for (const [a, b] of pairs) expect([index.has(a, t0), index.has(b, t0)]).toEqual([false, true]);
    for (const [a, b] of pairs) expect([index.seen(a, t0), index.seen(b, t0)]).toEqual([false, true]);
  });

  it('two spans of one text with equal hashes are two ids', () => {
    const text = 'declinatemacallums';
    const index = new DuplicateIndex();
    expect(index.seenIn(text, 0, 9, t0)).toBe(false);
    expect(index.seenIn(text, 9, 9, t0)).toBe(false);
    expect(index.size).toBe(2);
    expect(index.has('declinate', t0)).toBe(true);
    expect(index.has('macallums', t0)).toBe(true);
    expect(index.seenIn(text, 9, 9, t0)).toBe(true);
  });

  it('an id and a longer id that starts with it, with equal hashes, are two ids', () => {
    // Found by a meet-in-the-middle search over 8-character suffixes; checked here with FNV-1a
    // written out, so the premise does not rest on the code under test.
    const fnv1a = (t: string) => {
      let h = 0x811c9dc5;
      for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
      return h | 0;
    };
    const [short, long] = ['msg-1', 'msg-1v26gcw1'];
    expect(fnv1a(short)).toBe(fnv1a(long));
    const index = new DuplicateIndex();
    expect(index.seen(long, t0)).toBe(false);
    expect(index.has(short, t0)).toBe(false);
    expect(index.seen(short, t0)).toBe(false);
    const other = new DuplicateIndex();
    expect(other.seen(short, t0)).toBe(false);
    expect(other.seenIn(`${long}!`, 0, long.length, t0)).toBe(false);
    expect([other.has(short, t0), other.has(long, t0), other.size]).toEqual([true, true, 2]);
  });

  it('a span and a whole id with equal hashes are told apart by their text', () => {
    const index = new DuplicateIndex();
    expect(index.seenIn('>costarring<', 1, 10, t0)).toBe(false);
    expect(index.seenIn('[liquid]', 1, 6, t0)).toBe(false);
    expect(index.seen('liquid', t0)).toBe(true);
    expect(index.seen('costarring', t0)).toBe(true);
  });
});

describe('has, prune and clear', () => {
  it('has() is false on an empty index and records nothing', () => {
    const index = new DuplicateIndex();
    expect(index.has('m', t0)).toBe(false);
    expect(index.size).toBe(0);
    expect(index.seen('m', t0)).toBe(false);
    expect(index.has('m', t0 + W - 1)).toBe(true);
    expect(index.has('m', t0 + W)).toBe(false);
  });

  it('measures the window either way from the acceptance (a message stamped earlier than one before it)', () => {
    const index = new DuplicateIndex({ windowMs: 1000 });
    expect(index.seen('x', t0 + 5000)).toBe(false);
    expect(index.has('x', t0 + 4001)).toBe(true);
    expect(index.has('x', t0 + 4000)).toBe(false);
    expect(index.seen('x', t0 + 4500)).toBe(true);
  });

  it('accepts an id again a full window after its acceptance, while a later-stamped id is still in the window', () => {
    // The ids need not come in time order (a replayed log, a clock set back): 'front' holds the
    // front of the index, so nothing is pruned, and 'y' is judged by its own acceptance time.
    const index = new DuplicateIndex({ windowMs: 1000 });
    expect(index.seen('front', t0 + 5000)).toBe(false);
    expect(index.seen('y', t0)).toBe(false);
    expect(index.seen('y', t0 + 999)).toBe(true);
    expect(index.seen('y', t0 + 1000)).toBe(false); // a full window: accepted again, at t0 + 1000
    expect(index.size).toBe(2);
    expect(index.seen('y', t0 + 1999)).toBe(true);
    expect(index.has('y', t0 + 1999)).toBe(true);
    expect(index.seen('y', t0 + 2000)).toBe(false);
    expect(index.size).toBe(2);
    index.forget('y');
    expect(index.size).toBe(1);
    expect(index.seen('y', t0 + 2001)).toBe(false);
    expect(index.seen('front', t0 + 5001)).toBe(true);
  });

  it('prune() forgets the ids accepted a full window or more before the time given, and only those', () => {
    const index = new DuplicateIndex({ windowMs: 1000 });
    index.prune(t0); // nothing to do
    for (let i = 0; i < 10; i++) index.seen(`id-${i}`, t0 + i);
    index.prune(t0 + 999);
    expect(index.size).toBe(10);
    index.prune(t0 + 1004);
    expect(index.size).toBe(5); // id-0 .. id-4 accepted 1,000 ms or more before
    expect(index.has('id-4', t0 + 999)).toBe(false); // forgotten, even asked at a time inside its window
    expect(index.has('id-5', t0 + 999)).toBe(true);
    index.prune(t0 + 1009);
    expect(index.size).toBe(0);
    expect(index.seen('id-9', t0 + 1009)).toBe(false);
    expect(index.size).toBe(1);
  });

  it('prunes again after the front ids were taken back or expired one by one', () => {
    const index = new DuplicateIndex({ windowMs: 1000 });
    for (let i = 0; i < 50; i++) index.seen(`id-${i}`, t0 + 10 * i);
    index.forget('id-0');
    index.forget('id-1');
    index.prune(t0 + 1000);
    expect(index.size).toBe(48);
    index.prune(t0 + 1025); // id-2 (t0 + 20) is a full window old: gone; id-3 (t0 + 30) not yet
    expect(index.size).toBe(47);
    expect(index.has('id-3', t0 + 1025)).toBe(true);
    index.prune(t0 + 10 * 49 + 1000);
    expect(index.size).toBe(0);
  });

  it('clear() empties a grown index; it then fills and answers as a new one', () => {
    const index = new DuplicateIndex();
    for (let i = 0; i < 3000; i++) index.seen(`id-${i}`, t0);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.has('id-1', t0)).toBe(false);
    for (let i = 0; i < 3000; i++) expect(index.seen(`id-${i}`, t0 + 1)).toBe(false);
    expect(index.size).toBe(3000);
    for (let i = 0; i < 3000; i += 7) expect(index.seen(`id-${i}`, t0 + 2)).toBe(true);
    // And expires as a new one would: a full window after the refill, not after the first fill.
    expect(index.seen('late', t0 + W)).toBe(false);
    expect(index.size).toBe(3001);
    expect(index.seen('late', t0 + W + 1)).toBe(true);
    expect(index.seen('id-0', t0 + W + 1)).toBe(false);
  });

  it('defaults to Segment’s 24-hour window', () => {
    expect(new DuplicateIndex().windowMs).toBe(24 * 60 * 60 * 1000);
    expect(new DuplicateIndex({ windowMs: 5 }).windowMs).toBe(5);
  });
});
