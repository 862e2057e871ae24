// Sessions ordered by when they time out: a binary min-heap with one entry per session, pushed
// when it opens. A message that extends a session only moves its deadline later, so the entry is
// not touched then: when it surfaces with an old deadline it is pushed again at the current one. Draining it as the clock moves forward announces each timeout once, in
// order, whether the clock moved in one jump or in many steps. Re-sorting every session per
// batch (what this replaced) made ingest quadratic in the number of sessions.

export class TimeoutQueue<S> {
  private ms: number[] = [];
  private items: S[] = [];

  /** `deadlineOf` gives a session's current timeout; an entry whose time differs is stale. */
  constructor(
    private readonly deadlineOf: (s: S) => number,
    /** Orders sessions with the same deadline (a heap alone would not), so every run reports them alike. */
    private readonly tieBreak: (a: S, b: S) => number,
  ) {}

  get size(): number {
    return this.ms.length;
  }

  push(item: S, deadline: number): void {
    const ms = this.ms;
    const items = this.items;
    let i = ms.length;
    ms.push(deadline);
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (ms[parent] <= deadline) break;
      ms[i] = ms[parent];
      items[i] = items[parent];
      i = parent;
    }
    ms[i] = deadline;
    items[i] = item;
  }

  /** The earliest current deadline, if any. */
  next(): number | undefined {
    while (this.ms.length > 0) {
      const item = this.items[0];
      const current = this.deadlineOf(item);
      if (current === this.ms[0]) return current;
      this.pop();
      this.push(item, current); // extended since it was pushed: back in at its deadline now
    }
    return undefined;
  }

  /**
   * Removes every entry due by `upTo` and returns the sessions whose current deadline lies in
   * (after, upTo], in deadline order. Entries due by `after` are dropped unreported (they were
   * announced before, or were already past when their session appeared).
   */
  drain(after: number, upTo: number): S[] {
    const due: { ms: number; item: S }[] = [];
    while (this.ms.length > 0 && this.ms[0] <= upTo) {
      const ms = this.ms[0];
      const item = this.items[0];
      this.pop();
      const current = this.deadlineOf(item);
      if (current !== ms) this.push(item, current); // extended since: its turn comes later
      else if (ms > after) due.push({ ms, item });
    }
    due.sort((a, b) => a.ms - b.ms || this.tieBreak(a.item, b.item));
    return due.map((d) => d.item);
  }

  /** Starts over from these sessions, keeping only deadlines after `after` (the clock went back). */
  rebuild(all: Iterable<S>, after: number): void {
    this.ms = [];
    this.items = [];
    for (const s of all) {
      const d = this.deadlineOf(s);
      if (d > after) this.push(s, d);
    }
  }

  private pop(): void {
    const ms = this.ms;
    const items = this.items;
    const lastMs = ms.pop()!;
    const lastItem = items.pop()!;
    const n = ms.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && ms[r] < ms[l] ? r : l;
      if (ms[c] >= lastMs) break;
      ms[i] = ms[c];
      items[i] = items[c];
      i = c;
    }
    ms[i] = lastMs;
    items[i] = lastItem;
  }
}
