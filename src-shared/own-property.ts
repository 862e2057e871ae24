// Objects read from JSON or YAML hold "__proto__" (and "constructor", "toString"...) as data keys.
// `k in o` and `o[k]` also find what every object inherits, and `o[k] = v` with k "__proto__" sets
// the object's prototype instead of a key: these read and write own keys only.

export function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** o[key] when o has that key itself, else undefined. */
export function ownValue(o: object, key: string): unknown {
  return hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

/** o[key] = value, as a key of o even when key is "__proto__". */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}
