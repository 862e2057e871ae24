// Growing the typed arrays that columns are kept in.

export type NumberColumn = Float64Array | Int32Array | Uint16Array | Uint8Array;

/** A new array of `size` elements (at least a's length) starting with a's values, the rest 0. */
export function grownTo<T extends NumberColumn>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
