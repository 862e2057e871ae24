import { describe, expect, it } from 'vitest';
import { DuplicateIndex } from '../../../src-shared/spec/duplicate-index';
import { DUPLICATE_WINDOW_MS } from '../../../src-shared/spec/limits';

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
