// A value from outside, written back in an error as its sender wrote it.

/**
 * JSON text for an error message, except a number past a double's range (`1e400`, which JSON.parse
 * reads as Infinity): JSON.stringify wrote it as `null`, a value the sender never sent.
 */
export function shownValue(value: unknown): string {
  return typeof value === 'number' && !Number.isFinite(value) ? (Number.isNaN(value) ? 'NaN' : `a number too large to hold (it reads as ${value})`) : JSON.stringify(value);
}
