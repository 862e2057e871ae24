// A count with its noun, singular for one: "1 message", "2 messages", "1,200 rows". Texts that
// glued "s" to any number said "expected 1 messages", "Passed: 1 steps", "Import 1 rows".
import { formatCount } from './tracking-api/limits';

/** `n` and the noun for it; `many` when the plural is not the noun + "s" ("entry" → "entries"). */
export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
