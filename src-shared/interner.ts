// One string per distinct text, for values kept as long as the log (ids, event names): JSON.parse
// and worker threads hand back a fresh copy of a text each time it recurs. Pure.

export type Interner = (text: string) => string;

/** An interner holding at most `max` texts: past it, it starts afresh rather than growing without end. */
export function createInterner(max: number): Interner {
  let held = new Map<string, string>();
  return (text) => {
    const known = held.get(text);
    if (known !== undefined) return known;
    if (held.size >= max) held = new Map();
    held.set(text, text);
    return text;
  };
}
