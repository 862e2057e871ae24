// Partial matching of a message against what a test cares about (shared by scenario
// expectations and, later, the wait-for API): objects by subset, arrays by element, strings
// exactly or as /regex/flags, everything else by equality. New fields never break a match.
// A number kept as its digits (a marker, src-shared/exact-json.ts: a capture read with parseExact,
// a scenario's number past 2^53) is compared digit for digit, never as the double it rounds to.
import { isExactNumber, sameNumber, textOf } from '../exact-json';
import { MAX_NESTING_DEPTH } from '../tracking-api/limits';
import { shownValue } from './expected-value';
// Own keys only: `in` would find "__proto__", "constructor"... on every object, so {"__proto__":{}}
// (an own key once JSON.parse reads it) would match every message.
import { hasOwn, ownValue } from '../own-property';
import { nearestName } from './near';

const REGEX = /^\/(.+)\/([dgimsuy]*)$/s;

/**
 * Why a /regex/flags string of an expectation cannot be compiled (the engine's message), or
 * undefined when it is no regex or a valid one. matchesPartial treats such a string as matching
 * nothing, which a file's author could not tell from a real miss.
 */
export function regexProblem(expected: string): string | undefined {
  const re = REGEX.exec(expected);
  if (!re) return undefined;
  try {
    new RegExp(re[1], re[2]);
    return undefined;
  } catch (e) {
    // "Invalid regular expression: /a(/: Unterminated group": the reason is after the regex.
    const message = (e as Error).message;
    return message.slice(message.lastIndexOf(': ') + 2);
  }
}

/**
 * The first /regex/ of a partial message that does not compile, as "match.<path>: <regex> is not a
 * valid regular expression: <why>", or undefined. The automation API refuses such a match (a 400):
 * matchesPartial would match nothing with it, so a wait ran its whole timeout and the author read
 * a near miss instead of the broken regex.
 */
export function matchRegexProblem(match: unknown): string | undefined {
  for (const [path, text] of stringsIn(match)) {
    const problem = regexProblem(text);
    if (problem) {
      const where = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
      return `match${where}: ${text} is not a valid regular expression: ${problem}`;
    }
  }
  return undefined;
}

/** Each string in a partial value with its path (["properties", "tags", 0]), for checks such as regexProblem. */
export function* stringsIn(value: unknown, path: (string | number)[] = []): Generator<[(string | number)[], string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* stringsIn(value[i], [...path, i]);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* stringsIn(v, [...path, k]);
}

/**
 * Whether `actual` holds `expected` (see the top of this file). An expected value nested deeper
 * than any message may be (MAX_NESTING_DEPTH) matches nothing, and is not walked further.
 */
export function matchesPartial(actual: unknown, expected: unknown, depth = 0): boolean {
  if (isExactNumber(expected) || isExactNumber(actual)) return sameNumber(actual, expected);
  if (typeof expected === 'string') {
    const re = REGEX.exec(expected);
    if (re) {
      try {
        return typeof actual === 'string' && new RegExp(re[1], re[2]).test(actual);
      } catch {
        return false;
      }
    }
    return actual === expected;
  }
  if (expected && typeof expected === 'object' && depth >= MAX_NESTING_DEPTH) return false;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return false;
    return expected.every((e) => actual.some((a) => matchesPartial(a, e, depth + 1)));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(expected).every(([k, v]) => (v === undefined ? ownValue(a, k) === undefined : hasOwn(a, k) && matchesPartial(a[k], v, depth + 1)));
  }
  return Object.is(actual, expected);
}



/** The /regex/ strings in a partial message, as written (a match without any needs no time limit). */
export function regexesIn(expected: unknown, out: string[] = []): string[] {
  if (typeof expected === 'string') {
    if (!isExactNumber(expected) && REGEX.test(expected)) out.push(expected);
  } else if (expected && typeof expected === 'object') {
    for (const v of Object.values(expected)) regexesIn(v, out);
  }
  return out;
}

/**
 * An expectation on a key the message spells otherwise (`plna` for `plan`): the message's key meant,
 * for "properties.plna is missing; the message has properties.plan (did you mean it?)". Keys the expectation names itself are
 * compared on their own, so they are not offered.
 */
function nearKeyOf(key: string, actual: Record<string, unknown>, expected: Record<string, unknown>, at: (k: string) => string): string {
  const near = nearestName(key, Object.keys(actual).filter((k) => !hasOwn(expected, k)));
  return near === undefined ? '' : `; the message has ${at(near)} (did you mean it?)`;
}

/** The paths where `actual` fails `expected` (for "closest near-miss" explanations). */
export function mismatches(actual: unknown, expected: unknown, path = '', depth = 0): string[] {
  // A value a test in JavaScript passed may throw where it is read (a getter, a Proxy): the
  // difference is then written whole, which names what threw.
  try {
    if (matchesPartial(actual, expected, depth)) return [];
    if (depth < MAX_NESTING_DEPTH && expected && typeof expected === 'object' && !Array.isArray(expected) && actual && typeof actual === 'object' && !Array.isArray(actual)) {
      const a = actual as Record<string, unknown>;
      // A key expected undefined must be absent (matchesPartial): one the message lacks is no difference.
      const at = (k: string) => (path ? `${path}.${k}` : k);
      return Object.entries(expected).flatMap(([k, v]) => (hasOwn(a, k) ? mismatches(a[k], v, at(k), depth + 1) : v === undefined ? [] : [`${at(k)} is missing${nearKeyOf(k, a, expected as Record<string, unknown>, at)}`]));
    }
  } catch {
    // written below
  }
  if (expected === undefined && path) return [`${path} is ${shownValue(actual)}, expected it absent (undefined)`];
  return [`${path || '(the message)'} is ${shownValue(actual)}, expected ${shownValue(expected)}`];
}

/**
 * Orders near misses closest first: the fewest mismatching paths, then the newest. The last few
 * captured were shown before, so a near-identical track sent before an identify, a page and a
 * track of something else was never named, and the diff compared against the last of them.
 */
export function byCloseness(a: { seq: number; differences: readonly string[] }, b: { seq: number; differences: readonly string[] }): number {
  return a.differences.length - b.differences.length || b.seq - a.seq;
}

/** How many paths `mismatches` would list, without writing them (the same walk). */
export function mismatchCount(actual: unknown, expected: unknown): number {
  if (matchesPartial(actual, expected)) return 0;
  if (expected && typeof expected === 'object' && !Array.isArray(expected) && actual && typeof actual === 'object' && !Array.isArray(actual)) {
    const a = actual as Record<string, unknown>;
    let n = 0;
    for (const [k, v] of Object.entries(expected)) n += hasOwn(a, k) ? mismatchCount(a[k], v) : v === undefined ? 0 : 1;
    return n;
  }
  return 1;
}

/**
 * How many of the newest captures a near-miss search looks at. Each failed messages expectation
 * compared every message of the run so far, writing out each difference: 2,500 failing ones
 * after 2,500 sends took 25 s more than passing ones. A run of up to this many messages is judged
 * as before; a longer one by its newest (the ones a failed expectation is most often about).
 */
export const NEAR_MISS_CANDIDATES = 1000;

/**
 * The captures that come closest to a partial match (byCloseness), as "#seq: what differs".
 * `captures` in seq order (as the run lists them); only the newest `candidates` are compared, and
 * only the chosen few have their differences written out.
 */
export function nearestMisses(captures: readonly { seq: number; message: unknown }[], expected: unknown, n = 3, candidates = NEAR_MISS_CANDIDATES): string[] {
  const best: { seq: number; count: number; message: unknown }[] = [];
  for (const c of captures.length > candidates ? captures.slice(-candidates) : captures) {
    const count = mismatchCount(c.message, expected);
    if (count === 0) continue;
    // Kept sorted closest first, as byCloseness orders them: the fewest differences, then the newest.
    let at = best.length;
    while (at > 0 && (best[at - 1].count > count || (best[at - 1].count === count && best[at - 1].seq < c.seq))) at--;
    if (at >= n) continue;
    best.splice(at, 0, { seq: c.seq, count, message: c.message });
    if (best.length > n) best.pop();
  }
  return best.map((c) => `#${c.seq}: ${mismatches(c.message, expected).join(', ')}`);
}

/**
 * The directory users that come closest to a users expectation's entry, as "u-1: what differs"
 * (`named` writes the user), closest first (the fewest mismatching paths, then the earlier
 * listed). "no user has …" alone did not say that u-1 has plan_seats 9007199254740992 where the file wants 9007199254740993.
 */
export function nearestUsers<U extends { id?: unknown }>(users: readonly U[], expected: unknown, named: (user: U) => string = (u) => textOf(u.id), n = 3): string[] {
  const best: { count: number; user: U }[] = [];
  for (const user of users) {
    const count = mismatchCount(user, expected);
    if (count === 0) continue;
    let at = best.length;
    while (at > 0 && best[at - 1].count > count) at--;
    if (at >= n) continue;
    best.splice(at, 0, { count, user });
    if (best.length > n) best.pop();
  }
  return best.map(({ user }) => `${named(user)}: ${mismatches(user, expected).join(', ')}`);
}
