// A value from outside, written back in an error as its sender wrote it: the one way every error
// shows what it got (command arguments, clock actions, settings).

/** Longer than this, a value is cut (a 100,000-character name was sent back whole). */
const MAX_SHOWN = 80;

/**
 * JSON text for an error message, cut after 80 characters, except what JSON cannot write: a
 * number past a double's range (`1e400`, which JSON.parse reads as Infinity: JSON.stringify wrote
 * it as `null`, a value the sender never sent), NaN, and undefined (a field left out), in words.
 */
export function shownValue(value: unknown): string {
  const s =
    value === undefined
      ? 'undefined'
      : typeof value === 'number' && !Number.isFinite(value)
        ? Number.isNaN(value)
          ? 'NaN'
          : `a number too large to hold (it reads as ${value})`
        : typeof value === 'bigint'
          ? String(value)
          : (JSON.stringify(value) ?? String(value));
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN - 1)}…` : s;
}
