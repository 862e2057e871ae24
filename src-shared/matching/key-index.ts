// Strings the rule compares (emails as compared, usernames, userIds, anonymousIds) are interned
// once, when a message is extracted or a starting user read, to small whole numbers; the
// directory's indexes are then arrays indexed by those numbers: a re-derive over a million
// messages looks users up by array index, not by hashing and comparing strings.

/** Text -> a small whole number, the same for equal texts, for as long as the interner lives. */
export class Interner {
  private readonly ids = new Map<string, number>();
  private count = 0;

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.count++;
      this.ids.set(text, id);
    }
    return id;
  }

  get size(): number {
    return this.count;
  }
}

/** Used when no interner is given: inputs and matchers of tests and scripts share it. */
export const sharedInterner = new Interner();

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
