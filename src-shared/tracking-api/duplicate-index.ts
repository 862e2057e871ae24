// Remembers messageIds for Segment's ~24 h de-duplication window. Pure: callers pass the time
// (from their injected clock or the message's receivedAt), so replays and tests are deterministic.
//
// It runs once per ingested message, so it is a hash table of its own rather than a Map: a Map
// lookup of a string fresh from JSON.parse compares against keys stored elsewhere in the heap
// (a cache miss per chain step, about half a microsecond per lookup at 100,000s of ids). Here a
// slot holds the id's hash next to its entry number, so a lookup touches one cache line unless
// the hashes match. An id may be given as a span of a longer text (seenIn: the ingest path has a
// request's ids as one string); the entry then keeps the text and the span, not a string of its
// own, so remembering an id retains no object per message.
import { DUPLICATE_WINDOW_MS } from './limits';

export interface DuplicateIndexOptions {
  windowMs?: number;
  /** Hard cap on remembered ids; beyond it the oldest are forgotten first. */
  maxEntries?: number;
}

const MIN_SLOTS = 1 << 10;

/** FNV-1a over the UTF-16 code units of text[start, start + length). */
function hashOf(text: string, start: number, length: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < start + length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

function sameSpan(a: string, aStart: number, b: string, bStart: number, length: number): boolean {
  if (a === b && aStart === bStart) return true;
  for (let i = 0; i < length; i++) if (a.charCodeAt(aStart + i) !== b.charCodeAt(bStart + i)) return false;
  return true;
}

export class DuplicateIndex {
  readonly windowMs: number;
  readonly maxEntries: number;
  /**
   * Entries in acceptance order: entry k is the id texts[k].slice(starts[k], starts[k] + lengths[k]),
   * accepted at times[k] (ms after epochMs). Entries before `first` are forgotten (expired or over
   * the cap); an id accepted again after its window gets a new entry and its old one is blanked
   * (texts[k] undefined), so the front holds the oldest acceptances and pruning stops at the first
   * one still inside the window.
   */
  private texts: (string | undefined)[] = [];
  private starts = new Int32Array(MIN_SLOTS);
  private lengths = new Int32Array(MIN_SLOTS);
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
    return this.seenIn(messageId, 0, messageId.length, atMs);
  }

  /** seen() for the id text[start, start + length); the index may keep `text` (not a copy of the span). */
  seenIn(text: string, start: number, length: number, atMs: number): boolean {
    this.prune(atMs);
    if (this.epochMs === undefined) this.epochMs = atMs;
    const at = atMs - this.epochMs;
    const hash = hashOf(text, start, length);
    const slot = this.lookup(text, start, length, hash);
    if (slot >= 0) {
      const k = this.slots[2 * slot + 1] - 1;
      if (Math.abs(at - this.times[k]) < this.windowMs) return true;
      // Accepted again after its window: the old entry goes, a new one takes its slot.
      this.texts[k] = undefined;
      this.blanked++;
      this.slots[2 * slot + 1] = this.push(text, start, length, hash, at) + 1;
    } else {
      const s = -slot - 1;
      if (this.slots[2 * s + 1] === 0) this.used++; // else: the slot of this id's forgotten entry
      this.slots[2 * s] = hash;
      this.slots[2 * s + 1] = this.push(text, start, length, hash, at) + 1;
    }
    // Rebuilt when half the slots are taken, or when blanked entries pile up (ids accepted again).
    if (this.used * 4 > this.slots.length || this.texts.length > this.slots.length) this.rebuild();
    if (this.size === 1) this.nextExpiry = atMs + this.windowMs;
    while (this.size > this.maxEntries) this.forgetFirst();
    return false;
  }

  /**
   * Takes back an id `seen` just recorded, because the message it came with was not stored (the
   * write failed): the client's retry of it is then not a duplicate.
   */
  forgetIn(text: string, start: number, length: number): void {
    const slot = this.lookup(text, start, length, hashOf(text, start, length));
    if (slot < 0) return;
    const k = this.slots[2 * slot + 1] - 1;
    this.texts[k] = undefined;
    this.blanked++;
  }

  forget(messageId: string): void {
    this.forgetIn(messageId, 0, messageId.length);
  }

  /** Would `seen` call this a duplicate? Records nothing. */
  has(messageId: string, atMs: number): boolean {
    if (this.epochMs === undefined) return false;
    const slot = this.lookup(messageId, 0, messageId.length, hashOf(messageId, 0, messageId.length));
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
    while (this.first < this.texts.length) {
      const i = this.first;
      if (this.texts[i] !== undefined && this.times[i] > cutoff) {
        this.nextExpiry = epochMs + this.times[i] + this.windowMs;
        break;
      }
      this.forgetFirst();
    }
  }

  get size(): number {
    return this.texts.length - this.first - this.blanked;
  }

  clear(): void {
    this.texts = [];
    this.starts = new Int32Array(MIN_SLOTS);
    this.lengths = new Int32Array(MIN_SLOTS);
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
  private lookup(text: string, start: number, length: number, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let s = hash & mask;
    for (;;) {
      const ref = slots[2 * s + 1];
      if (ref === 0) return -s - 1;
      if (slots[2 * s] === hash) {
        const k = ref - 1;
        const entryText = this.texts[k];
        if (entryText !== undefined && this.lengths[k] === length && sameSpan(entryText, this.starts[k], text, start, length)) return k >= this.first ? s : -s - 1;
      }
      s = (s + 1) & mask;
    }
  }

  /** Appends an entry; returns its number. */
  private push(text: string, start: number, length: number, hash: number, at: number): number {
    const i = this.texts.length;
    if (i === this.times.length) {
      this.times = grown(this.times, new Float64Array(i * 2));
      this.hashes = grown(this.hashes, new Int32Array(i * 2));
      this.starts = grown(this.starts, new Int32Array(i * 2));
      this.lengths = grown(this.lengths, new Int32Array(i * 2));
    }
    this.texts.push(text);
    this.starts[i] = start;
    this.lengths[i] = length;
    this.times[i] = at;
    this.hashes[i] = hash;
    return i;
  }

  private forgetFirst(): void {
    if (this.texts[this.first] === undefined) this.blanked--;
    this.first++;
  }

  /**
   * Drops forgotten and blanked entries and re-slots the rest, in a table at most a quarter full
   * (so probe chains stay short). Runs when half the slots are in use, so it costs O(1) per insert,
   * amortized. The arrays are reused when their size still fits (the entries move down in place):
   * at the cap, with ids forgotten as fast as new ones come, that is every rebuild, and fresh
   * arrays of this size cost more in first-touch page faults than the re-slotting itself.
   */
  private rebuild(): void {
    const from = this.first;
    let live = 0;
    for (let i = from; i < this.texts.length; i++) if (this.texts[i] !== undefined) live++;
    const capacity = Math.max(MIN_SLOTS, 1 << Math.ceil(Math.log2(live * 2 + 1)));
    const fits = (length: number) => length >= capacity && length <= capacity * 4;
    const times = fits(this.times.length) ? this.times : new Float64Array(capacity);
    const hashes = fits(this.hashes.length) ? this.hashes : new Int32Array(capacity);
    const starts = fits(this.starts.length) ? this.starts : new Int32Array(capacity);
    const lengths = fits(this.lengths.length) ? this.lengths : new Int32Array(capacity);
    let slotCount = MIN_SLOTS;
    while (slotCount < live * 4) slotCount *= 2;
    const slots = this.slots.length === 2 * slotCount ? this.slots.fill(0) : new Int32Array(2 * slotCount);
    const mask = slotCount - 1;
    const texts = this.texts;
    // k <= i throughout, so moving entry i down to k never overwrites one still to be read.
    let k = 0;
    for (let i = from; i < texts.length; i++) {
      const text = texts[i];
      if (text === undefined) continue;
      texts[k] = text;
      starts[k] = this.starts[i];
      lengths[k] = this.lengths[i];
      times[k] = this.times[i];
      const hash = (hashes[k] = this.hashes[i]);
      let s = hash & mask;
      while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
      slots[2 * s] = hash;
      slots[2 * s + 1] = k + 1;
      k++;
    }
    texts.length = k;
    this.starts = starts;
    this.lengths = lengths;
    this.times = times;
    this.hashes = hashes;
    this.slots = slots;
    this.first = this.blanked = 0;
    this.used = k;
  }
}

function grown<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
