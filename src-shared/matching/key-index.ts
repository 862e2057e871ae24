// Strings the rule compares (emails as compared, usernames, userIds, anonymousIds) are interned
// once, when a message is extracted or a starting user read, to small whole numbers; the
// directory's indexes are then arrays indexed by those numbers: a re-derive over a million
// messages looks users up by array index, not by hashing and comparing strings.

/**
 * Text -> a small whole number, the same for equal texts, for as long as the interner lives.
 *
 * An open-addressing table in one typed array rather than a `Map<string, number>`: feeding a
 * million captures interns about two million texts, and the `Map` took 1.1 µs a lookup there
 * (a chained table of heap objects: several cache misses each). Here a lookup hashes the text
 * (FNV-1a; the text was just parsed, so it is in cache), then reads one slot, which holds the
 * hash and the id side by side; the text itself is compared only when the hashes agree.
 */
export class Interner {
  /** Slot s at [2s, 2s + 1]: the hash of its text, and id + 1 (0: the slot is empty). */
  private table = new Int32Array(2 << 12);
  /** id -> its text. */
  private readonly texts: string[] = [];

  id(text: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const table = this.table;
    const mask = table.length - 2;
    for (let at = (h << 1) & mask; ; at = (at + 2) & mask) {
      const held = table[at + 1];
      if (held === 0) break;
      if (table[at] === h && this.texts[held - 1] === text) return held - 1;
    }
    const id = this.texts.length;
    this.texts.push(text);
    // Kept at most half full, so a miss ends at an empty slot after a probe or two.
    if (this.texts.length * 4 > table.length) this.grow();
    this.place(h, id);
    return id;
  }

  get size(): number {
    return this.texts.length;
  }

  /** The text an id stands for. */
  text(id: number): string {
    return this.texts[id];
  }

  private place(h: number, id: number): void {
    const table = this.table;
    const mask = table.length - 2;
    let at = (h << 1) & mask;
    while (table[at + 1] !== 0) at = (at + 2) & mask;
    table[at] = h;
    table[at + 1] = id + 1;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 2) if (old[at + 1] !== 0) this.place(old[at], old[at + 1] - 1);
  }
}

/**
 * Interned key -> the users holding it, in directory order. Almost every key has one holder: it
 * sits in a typed array; only keys with more pay for a list.
 */
export class KeyIndex {
  /** key -> its first holder, or -1. */
  private firsts = new Int32Array(1024).fill(-1);
  /** key -> every holder, in directory order, for keys with more than one. */
  private readonly shared = new Map<number, number[]>();

  /** The holder first in directory order, or -1. */
  first(key: number): number {
    return key < this.firsts.length ? this.firsts[key] : -1;
  }

  /** The holder second in directory order (the one the first hides), or -1. */
  second(key: number): number {
    return this.shared.get(key)?.[1] ?? -1;
  }

  /** How many users hold the key. */
  count(key: number): number {
    if (this.first(key) < 0) return 0;
    return this.shared.get(key)?.length ?? 1;
  }

  add(key: number, user: number): void {
    if (key >= this.firsts.length) {
      let n = this.firsts.length * 2;
      while (n <= key) n *= 2;
      const grown = new Int32Array(n).fill(-1);
      grown.set(this.firsts);
      this.firsts = grown;
    }
    const first = this.firsts[key];
    if (first < 0) {
      this.firsts[key] = user;
      return;
    }
    if (first === user) return;
    let list = this.shared.get(key);
    if (list === undefined) this.shared.set(key, (list = [first]));
    if (list.includes(user)) return;
    let i = list.length;
    while (i > 0 && list[i - 1] > user) i--;
    list.splice(i, 0, user);
    this.firsts[key] = list[0];
  }

  remove(key: number, user: number): void {
    const first = this.first(key);
    if (first < 0) return;
    const list = this.shared.get(key);
    if (list === undefined) {
      if (first === user) this.firsts[key] = -1;
      return;
    }
    const rest = list.filter((u) => u !== user);
    if (rest.length === 1) this.shared.delete(key);
    else this.shared.set(key, rest);
    this.firsts[key] = rest[0];
  }
}
