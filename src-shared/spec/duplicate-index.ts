// Remembers messageIds for Segment's ~24 h de-duplication window. Pure: callers pass the time
// (from their injected clock or the message's receivedAt), so replays and tests are deterministic.
//
// It runs once per ingested message, so it is a hash table of its own rather than a Map: a Map
// lookup of a string fresh from JSON.parse compares against keys stored elsewhere in the heap
// (a cache miss per chain step, about half a microsecond per lookup at 100,000s of ids). Here a
// slot holds the id's hash next to its entry number, so a lookup touches one cache line unless
// the hashes match.
import { DUPLICATE_WINDOW_MS } from './limits';

export interface DuplicateIndexOptions {
  windowMs?: number;
  /** Hard cap on remembered ids; beyond it the oldest are forgotten first. */
  maxEntries?: number;
}

const MIN_SLOTS = 1 << 10;

/** FNV-1a over UTF-16 code units. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h | 0;
}

export class DuplicateIndex {
  readonly windowMs: number;
  readonly maxEntries: number;
  /**
   * Entries in acceptance order: entry k is ids[k], accepted at times[k] (ms after epochMs). Entries before `first` are forgotten (expired or over the cap); an id accepted again
   * after its window gets a new entry and its old one is blanked (undefined), so the front holds
   * the oldest acceptances and pruning stops at the first one still inside the window.
   */
  private ids: (string | undefined)[] = [];
  private times = new Float64Array(MIN_SLOTS);
  private hashes = new Int32Array(MIN_SLOTS);
  private first = 0;
  private blanked = 0;
  /** Open addressing, linear probing: slot s is [hash, entry number + 1] at 2s; 0 marks it empty. */
  private slots = new Int32Array(2 * MIN_SLOTS);
  private used = 0;
  private epochMs: number | undefined;
  /** When the front entry expires; prune() is a no-op before then. */
  private nextExpiry = Infinity;

  constructor(options: DuplicateIndexOptions = {}) {
    this.windowMs = options.windowMs ?? DUPLICATE_WINDOW_MS;
    this.maxEntries = options.maxEntries ?? 1_000_000;
  }

  /**
   * True when `messageId` was accepted less than the window before `atMs` (a duplicate Segment
   * would drop). Otherwise records it as accepted at `atMs` and returns false.
   */
  seen(messageId: string, atMs: number): boolean {
    this.prune(atMs);
    if (this.epochMs === undefined) this.epochMs = atMs;
    const at = atMs - this.epochMs;
    const hash = hashOf(messageId);
    const slot = this.lookup(messageId, hash);
    if (slot >= 0) {
      const k = this.slots[2 * slot + 1] - 1;
      if (Math.abs(at - this.times[k]) < this.windowMs) return true;
      // Accepted again after its window: the old entry goes, a new one takes its slot.
      this.ids[k] = undefined;
      this.blanked++;
      this.slots[2 * slot + 1] = this.push(messageId, hash, at) + 1;
    } else {
      const s = -slot - 1;
      if (this.slots[2 * s + 1] === 0) this.used++; // else: the slot of this id's forgotten entry
      this.slots[2 * s] = hash;
      this.slots[2 * s + 1] = this.push(messageId, hash, at) + 1;
    }
    // Rebuilt when half the slots are taken, or when blanked entries pile up (ids accepted again).
    if (this.used * 4 > this.slots.length || this.ids.length > this.slots.length) this.rebuild();
    if (this.size === 1) this.nextExpiry = atMs + this.windowMs;
    while (this.size > this.maxEntries) this.forgetFirst();
    return false;
  }

  /** Would `seen` call this a duplicate? Records nothing. */
  has(messageId: string, atMs: number): boolean {
    if (this.epochMs === undefined) return false;
    const slot = this.lookup(messageId, hashOf(messageId));
    if (slot < 0) return false;
    const k = this.slots[2 * slot + 1] - 1;
    return Math.abs(atMs - this.epochMs - this.times[k]) < this.windowMs;
  }

  /** Forgets ids accepted a full window or more before `nowMs`. */
  prune(nowMs: number): void {
    if (nowMs < this.nextExpiry) return;
    const epochMs = this.epochMs ?? 0;
    const cutoff = nowMs - epochMs - this.windowMs;
    this.nextExpiry = Infinity;
    while (this.first < this.ids.length) {
      const i = this.first;
      if (this.ids[i] !== undefined && this.times[i] > cutoff) {
        this.nextExpiry = epochMs + this.times[i] + this.windowMs;
        break;
      }
      this.forgetFirst();
    }
  }

  get size(): number {
    return this.ids.length - this.first - this.blanked;
  }

  clear(): void {
    this.ids = [];
    this.times = new Float64Array(MIN_SLOTS);
    this.hashes = new Int32Array(MIN_SLOTS);
    this.slots = new Int32Array(2 * MIN_SLOTS);
    this.first = this.blanked = this.used = 0;
    this.nextExpiry = Infinity;
  }

  /**
   * The slot holding `id`, or, when it is not remembered, -(slot + 1) of the slot to put it in.
   * A slot whose entry was forgotten still holds its place in the probe chain; it is reused for
   * the same id (and dropped at the next rebuild).
   */
  private lookup(id: string, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let s = hash & mask;
    for (;;) {
      const ref = slots[2 * s + 1];
      if (ref === 0) return -s - 1;
      if (slots[2 * s] === hash) {
        const k = ref - 1;
        if (this.ids[k] === id) return k >= this.first ? s : -s - 1;
      }
      s = (s + 1) & mask;
    }
  }

  /** Appends an entry; returns its number. */
  private push(id: string, hash: number, at: number): number {
    const i = this.ids.length;
    if (i === this.times.length) {
      const times = new Float64Array(i * 2);
      times.set(this.times);
      this.times = times;
      const hashes = new Int32Array(i * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.ids.push(id);
    this.times[i] = at;
    this.hashes[i] = hash;
    return i;
  }

  private forgetFirst(): void {
    if (this.ids[this.first] === undefined) this.blanked--;
    this.first++;
  }

  /**
   * Drops forgotten and blanked entries and re-slots the rest, in a table at most a quarter full
   * (so probe chains stay short). Runs when half the slots are in use, so it costs O(1) per insert,
   * amortized.
   */
  private rebuild(): void {
    const from = this.first;
    const ids: (string | undefined)[] = [];
    let live = 0;
    for (let i = from; i < this.ids.length; i++) if (this.ids[i] !== undefined) live++;
    const capacity = Math.max(MIN_SLOTS, 1 << Math.ceil(Math.log2(live * 2 + 1)));
    const times = new Float64Array(capacity);
    const hashes = new Int32Array(capacity);
    let slotCount = MIN_SLOTS;
    while (slotCount < live * 4) slotCount *= 2;
    const slots = new Int32Array(2 * slotCount);
    const mask = slotCount - 1;
    for (let i = from; i < this.ids.length; i++) {
      const id = this.ids[i];
      if (id === undefined) continue;
      const k = ids.length;
      ids.push(id);
      times[k] = this.times[i];
      hashes[k] = this.hashes[i];
      let s = hashes[k] & mask;
      while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
      slots[2 * s] = hashes[k];
      slots[2 * s + 1] = k + 1;
    }
    this.ids = ids;
    this.times = times;
    this.hashes = hashes;
    this.slots = slots;
    this.first = this.blanked = 0;
    this.used = ids.length;
  }
}
