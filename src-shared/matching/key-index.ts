// key -> the users holding it, in directory order. Almost every key has one holder, so a lone
// holder is stored as a number and only shared keys pay for an array.

export class KeyIndex {
  private readonly map = new Map<string, number | number[]>();

  /** The holder first in directory order. */
  first(key: string): number | undefined {
    const v = this.map.get(key);
    return typeof v === 'number' ? v : v?.[0];
  }

  /** The holders, as stored: one lookup gives the first and the count. */
  holders(key: string): number | readonly number[] | undefined {
    return this.map.get(key);
  }

  count(key: string): number {
    const v = this.map.get(key);
    return v === undefined ? 0 : typeof v === 'number' ? 1 : v.length;
  }

  add(key: string, user: number): void {
    const v = this.map.get(key);
    if (v === undefined) this.map.set(key, user);
    else if (typeof v === 'number') {
      if (v !== user) this.map.set(key, v < user ? [v, user] : [user, v]);
    } else if (!v.includes(user)) {
      let i = v.length;
      while (i > 0 && v[i - 1] > user) i--;
      v.splice(i, 0, user);
    }
  }

  remove(key: string, user: number): void {
    const v = this.map.get(key);
    if (v === undefined) return;
    if (typeof v === 'number') {
      if (v === user) this.map.delete(key);
      return;
    }
    const rest = v.filter((u) => u !== user);
    this.map.set(key, rest.length === 1 ? rest[0] : rest);
  }
}
