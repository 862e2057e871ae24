import { describe, expect, it } from 'vitest';
import { DuplicateIndex } from '../../../src-shared/tracking-api/duplicate-index';
import { DUPLICATE_WINDOW_MS } from '../../../src-shared/tracking-api/limits';

const HOUR = 60 * 60 * 1000;
const t0 = Date.UTC(2026, 0, 1);

describe('DuplicateIndex', () => {
  it('reports a repeat within 24 hours and not the first sighting', () => {
    const index = new DuplicateIndex();
    expect(index.seen('m1', t0)).toBe(false);
    expect(index.seen('m1', t0 + 1)).toBe(true);
    expect(index.seen('m1', t0 + DUPLICATE_WINDOW_MS - 1)).toBe(true);
    expect(index.seen('m2', t0 + 1)).toBe(false);
  });

  it('accepts the id again once 24 hours have passed since it was accepted', () => {
    const index = new DuplicateIndex();
    index.seen('m1', t0);
    expect(index.seen('m1', t0 + 23 * HOUR)).toBe(true); // dropped: does not restart the window
    expect(index.seen('m1', t0 + DUPLICATE_WINDOW_MS)).toBe(false);
    expect(index.seen('m1', t0 + DUPLICATE_WINDOW_MS + HOUR)).toBe(true);
  });

  it('has() answers without recording', () => {
    const index = new DuplicateIndex();
    expect(index.has('m1', t0)).toBe(false);
    expect(index.seen('m1', t0)).toBe(false);
    expect(index.has('m1', t0 + HOUR)).toBe(true);
  });

  it('forgets ids older than the window, so memory stays bounded over time', () => {
    const index = new DuplicateIndex();
    for (let i = 0; i < 1000; i++) index.seen(`old-${i}`, t0 + i);
    expect(index.size).toBe(1000);
    index.seen('new', t0 + DUPLICATE_WINDOW_MS + 500);
    expect(index.size).toBe(1 + 499); // old-0 .. old-500 expired
    expect(index.has('old-499', t0 + DUPLICATE_WINDOW_MS + 500)).toBe(false);
    expect(index.has('old-999', t0 + DUPLICATE_WINDOW_MS + 500)).toBe(true);
  });

  it('never holds more than maxEntries, forgetting the oldest first', () => {
    const index = new DuplicateIndex({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd']) index.seen(id, t0);
    expect(index.size).toBe(3);
    expect(index.has('a', t0)).toBe(false);
    expect(index.has('d', t0)).toBe(true);
  });

  it('clear() forgets everything', () => {
    const index = new DuplicateIndex();
    index.seen('m1', t0);
    index.clear();
    expect(index.seen('m1', t0)).toBe(false);
  });
  it('tells 100,000 distinct ids apart (ids sharing a filter bit are still looked up) and catches each repeat', () => {
    const index = new DuplicateIndex();
    const n = 100_000;
    for (let i = 0; i < n; i++) expect(index.seen(`id-${i}`, t0 + i)).toBe(false);
    for (let i = 0; i < n; i += 997) expect(index.seen(`id-${i}`, t0 + n)).toBe(true);
    expect(index.size).toBe(n);
  });

  it('compares times exactly across epochs: the window edge and ids re-accepted after it', () => {
    const index = new DuplicateIndex({ windowMs: 1000 });
    expect(index.seen('x', t0)).toBe(false);
    expect(index.seen('x', t0 + 999)).toBe(true);
    expect(index.seen('x', t0 + 1000)).toBe(false); // window over: accepted again, at t0 + 1000
    expect(index.seen('x', t0 + 1999)).toBe(true);
    expect(index.has('x', t0 + 2000)).toBe(false);
  });
});

/** The rule, written plainly (a Map in acceptance order), to check the hash table against. */
class ReferenceIndex {
  private acceptedAt = new Map<string, number>();
  constructor(private windowMs: number, private maxEntries: number) {}
  seen(id: string, at: number): boolean {
    for (const [k, t] of this.acceptedAt) {
      if (t > at - this.windowMs) break;
      this.acceptedAt.delete(k);
    }
    const previous = this.acceptedAt.get(id);
    if (previous !== undefined && Math.abs(at - previous) < this.windowMs) return true;
    this.acceptedAt.delete(id);
    this.acceptedAt.set(id, at);
    while (this.acceptedAt.size > this.maxEntries) this.acceptedAt.delete(this.acceptedAt.keys().next().value!);
    return false;
  }
  has(id: string, at: number): boolean {
    const previous = this.acceptedAt.get(id);
    return previous !== undefined && Math.abs(at - previous) < this.windowMs;
  }
  get size(): number {
    return this.acceptedAt.size;
  }
}

describe('DuplicateIndex against the plain rule', () => {
  // A small deterministic generator, so a failure names a reproducible case.
  function random(seed: number): () => number {
    let s = seed;
    return () => {
      s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
      return s / 0x80000000;
    };
  }

  for (const [windowMs, maxEntries, pool] of [
    [1000, 1_000_000, 50],
    [1000, 40, 200],
    [50, 1_000_000, 5000],
    [100_000, 3000, 20_000],
    // Nearly every id new, at a small cap: rebuilds every few thousand calls, moving the entries
    // down within the arrays they are in.
    [100_000_000, 1000, 1_000_000],
  ] as const) {
    it(`agrees on every call (window ${windowMs} ms, cap ${maxEntries}, ${pool} distinct ids)`, () => {
      const next = random(windowMs + maxEntries + pool);
      const index = new DuplicateIndex({ windowMs, maxEntries });
      const reference = new ReferenceIndex(windowMs, maxEntries);
      let now = t0;
      for (let i = 0; i < 30_000; i++) {
        now += Math.floor(next() * next() * windowMs * 0.05);
        const id = `msg-${Math.floor(next() * pool)}`;
        if (next() < 0.1) expect(index.has(id, now), `has(${id}) at call ${i}`).toBe(reference.has(id, now));
        else if (next() < 0.5) expect(index.seen(id, now), `seen(${id}) at call ${i}`).toBe(reference.seen(id, now));
        else {
          // The same id as a span of a longer text (as the ingest path passes a request's ids).
          const before = 'msg-9'.slice(0, Math.floor(next() * 6));
          expect(index.seenIn(`${before}${id}msg-`, before.length, id.length, now), `seenIn(${id}) at call ${i}`).toBe(reference.seen(id, now));
        }
        if (i % 1000 === 0) expect(index.size, `size at call ${i}`).toBe(reference.size);
      }
      expect(index.size).toBe(reference.size);
    });
  }

  it('seenIn compares the span only: not the text around it, nor a longer id that starts the same', () => {
    const index = new DuplicateIndex();
    const ids = 'm-1m-12m-1';
    expect(index.seenIn(ids, 0, 3, t0)).toBe(false); // m-1
    expect(index.seenIn(ids, 3, 4, t0)).toBe(false); // m-12
    expect(index.seenIn(ids, 7, 3, t0)).toBe(true); // m-1 again
    expect(index.has('m-1', t0)).toBe(true);
    expect(index.has('m-12', t0)).toBe(true);
    expect(index.has('m-', t0)).toBe(false);
    expect(index.seen('m-12', t0)).toBe(true);
  });

  it('an id forgotten over the cap is new again, and takes its old slot back', () => {
    const index = new DuplicateIndex({ maxEntries: 2 });
    index.seen('a', t0);
    index.seen('b', t0);
    index.seen('c', t0); // forgets a
    expect(index.seen('a', t0)).toBe(false); // forgets b
    expect(index.size).toBe(2);
    expect(index.has('b', t0)).toBe(false);
    expect(index.seen('a', t0)).toBe(true);
  });
});
