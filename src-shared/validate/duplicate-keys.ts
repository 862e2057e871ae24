// A key written twice in one object: `{"event":"Signed Up", …, "event":"Order Completed"}`.
// JSON.parse keeps the last one, as Segment's Tracking API does, so the parsed message cannot show
// it: only the message's text can. The capture log keeps each message's text as received, so the
// finding is derived from that text, like every other finding (never stored).
//
// Finding one costs a walk of the text with a set of keys per object; the common message has none,
// so callers on hot paths first compare two counts (mayRepeatKeys): the keys the text writes (its
// colons outside strings; the ingest scan counts them as it goes, batch-scan.ts) and the keys the
// parsed value holds. They differ exactly when some object's key is written more than once.
import type { Finding } from './finding';
import { isExactNumber, mayHoldLossyNumber, parseExact, stringifyExact } from '../exact-json';
import { keysOfLastScan, maxNestingDepth, skipString, skipValue, skipWhitespace } from '../tracking-api/batch-scan';

export const DUPLICATE_KEY_RULE = 'segment.json.duplicate-key';
/** Keys named one by one; past it, one more finding counts the rest. */
const MAX_PATHS = 5;
/** Values listed in a finding: the first ones, then the last. */
const MAX_VALUES = 3;
const EXCERPT_CHARS = 60;

const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** A key written more than once in one object. */
export interface DuplicateKey {
  /** The key's path in the message, as findings write paths ("properties.plan", "items[1].sku"). */
  path: string;
  /** Each occurrence in text order: the key as written (with its quotes) and its value as written. */
  occurrences: { key: string; value: string }[];
  /** Where the first occurrence's key starts in the text (findings are listed in text order). */
  at: number;
}

/** How many keys a JSON text (known valid) writes, in every object at every depth: its colons outside strings (the batch scan's count). */
export function countTextKeys(text: string): number {
  maxNestingDepth(text);
  return keysOfLastScan();
}

/**
 * How many keys a parsed JSON value holds, in every object at every depth (own keys, as JSON.parse
 * made them). Recursive (a walk with its own stack cost more per message): callers on text of any
 * depth go through mayRepeatKeys, which takes a stack overflow for "may".
 */
export function countParsedKeys(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'object' && v !== null) n += countParsedKeys(v);
    }
    return n;
  }
  const o = value as Record<string, unknown>;
  for (const k in o) {
    n++;
    const v = o[k];
    if (typeof v === 'object' && v !== null) n += countParsedKeys(v);
  }
  return n;
}

/**
 * False when the text (known valid JSON) writes no key twice in one object: it writes as many keys
 * as `parsed`, JSON.parse's reading of it, holds. True when it may (then duplicateKeys says where).
 */
export function mayRepeatKeys(text: string, parsed: unknown): boolean {
  try {
    return countTextKeys(text) !== countParsedKeys(parsed);
  } catch {
    return true; // nested past the call stack (countParsedKeys recurses): duplicateKeys, which does not, decides
  }
}

interface Frame {
  /** The container's path. */
  path: string;
  /** An object's keys seen so far (decoded), each with where its first occurrence's key starts; null for an array. */
  keys: Map<string, number> | null;
  /** An object's keys written more than once, each with where every occurrence's key starts (made at the first repeat). */
  repeats: Map<string, number[]> | null;
  /** An array's next index. */
  index: number;
}

/**
 * Every key written more than once in one object of a JSON text (known valid: JSON.parse accepted
 * it), at any depth, in text order. Keys are compared as JSON.parse reads them: `"ev\u0065nt"` is
 * `"event"`. Iterative, so no nesting is too deep for it; a key costs a map lookup, and only a
 * repeated one more. On text that is not valid JSON the answer means nothing, but it ends without
 * throwing.
 */
export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Frame[] = [];
  const n = text.length;
  let i = skipWhitespace(text, 0);
  let path = '';
  while (i < n) {
    // A value starts at i.
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE) stack.push({ path, keys: new Map(), repeats: null, index: 0 });
    else if (c === OPEN_BRACKET) stack.push({ path, keys: null, repeats: null, index: 0 });
    i = c === OPEN_BRACE || c === OPEN_BRACKET ? i + 1 : skipValue(text, i);
    // Then: close what ends here, and find where the next value starts (its key read first).
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) return sorted(found);
      i = skipWhitespace(text, i);
      if (text.charCodeAt(i) === COMMA) i = skipWhitespace(text, i + 1);
      if (i >= n) return sorted(found);
      const d = text.charCodeAt(i);
      if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        stack.pop();
        if (top.repeats !== null) {
          for (const [decoded, keyAts] of top.repeats) found.push({ path: childPath(top.path, decoded), occurrences: keyAts.map((at) => occurrenceAt(text, at)), at: keyAts[0] });
        }
        i++;
        continue;
      }
      if (top.keys !== null) {
        const keyAt = i;
        i = skipString(text, i);
        const decoded = decodeKey(text.slice(keyAt, i));
        const first = top.keys.get(decoded);
        if (first === undefined) top.keys.set(decoded, keyAt);
        else {
          const repeats = (top.repeats ??= new Map());
          const keyAts = repeats.get(decoded);
          if (keyAts === undefined) repeats.set(decoded, [first, keyAt]);
          else keyAts.push(keyAt);
        }
        path = childPath(top.path, decoded);
        i = skipWhitespace(text, i);
        i = skipWhitespace(text, i + 1); // past the colon
      } else path = `${top.path}[${top.index++}]`;
      break;
    }
  }
  return sorted(found);
}

/** The key starting at keyAt, as written, and its value, as written. */
function occurrenceAt(text: string, keyAt: number): { key: string; value: string } {
  const keyEnd = skipString(text, keyAt);
  const start = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
  return { key: text.slice(keyAt, keyEnd), value: text.slice(start, skipValue(text, start)) };
}

function sorted(found: DuplicateKey[]): DuplicateKey[] {
  return found.sort((a, b) => a.at - b.at);
}

function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** A key as JSON.parse reads it (its text with quotes, known valid). */
export function decodeKey(written: string): string {
  if (written.indexOf('\\') === -1) return written.slice(1, -1);
  try {
    return JSON.parse(written) as string;
  } catch {
    return written.slice(1, -1); // not valid JSON after all
  }
}

/**
 * One warning per key written twice (the first MAX_PATHS, then one counting the rest), naming its
 * path and every value it was given, and which one Segment reads (the last, as JSON.parse does).
 */
export function checkDuplicateKeys(text: string, out: Finding[]): void {
  const found = duplicateKeys(text);
  for (let k = 0; k < found.length && k < MAX_PATHS; k++) out.push(duplicateKeyFinding(found[k]));
  if (found.length > MAX_PATHS) {
    const more = found.length - MAX_PATHS;
    out.push({
      severity: 'warning',
      path: '',
      rule: DUPLICATE_KEY_RULE,
      message: `${more} more ${more === 1 ? 'key appears' : 'keys appear'} more than once in one object besides the ${MAX_PATHS} named; in each, the last value is what Segment reads.`,
      profile: 'segment',
    });
  }
}

/** The warning for one key written more than once. */
export function duplicateKeyFinding(d: DuplicateKey): Finding {
  const values = d.occurrences.map((o) => shownValue(o.value));
  const count = values.length;
  const times = timesWritten(count);
  const listed = listedValues(d.occurrences.map((o) => o.value));
  const spellings = [...new Set(d.occurrences.map((o) => o.key))];
  const written = spellings.length > 1 ? `, written ${spellings.slice(0, MAX_VALUES).join(' and ')}${spellings.length > MAX_VALUES ? ' and more' : ''},` : '';
  const last = values[count - 1];
  return {
    severity: 'warning',
    path: d.path,
    rule: DUPLICATE_KEY_RULE,
    message: `${d.path}${written} appears ${times} in one object (${listed}); the last, ${last}, is what Segment reads, and what Eventbench shows. Send the key once.`,
    profile: 'segment',
  };
}

/** "twice", "3 times": how often a key is written. */
export function timesWritten(count: number): string {
  return count === 2 ? 'twice' : `${count} times`;
}

/**
 * The values a repeated key was given, as written (compact, each cut), in the duplicate-key
 * warning's words: '"a", then "b"'; past MAX_VALUES, the first ones, how many more, then the last.
 */
export function listedValues(written: readonly string[]): string {
  const values = written.map(shownValue);
  const count = values.length;
  if (count <= MAX_VALUES) return `${values.slice(0, -1).join(', ')}, then ${values[count - 1]}`;
  return `${values.slice(0, MAX_VALUES - 1).join(', ')}, ${count - MAX_VALUES} more, then ${values[count - 1]}`;
}

/** A value as written, compact (its escapes read, whitespace between tokens dropped, numbers with their digits), cut to EXCERPT_CHARS. */
function shownValue(written: string): string {
  let value: unknown;
  try {
    value = mayHoldLossyNumber(written) ? parseExact(written) : JSON.parse(written);
  } catch {
    return written; // not valid JSON after all
  }
  if (typeof value === 'string' && !isExactNumber(value as unknown)) {
    const s = value as string;
    return JSON.stringify(s.length > EXCERPT_CHARS ? `${s.slice(0, EXCERPT_CHARS)}…` : s);
  }
  const shown = stringifyExact(value);
  return shown.length > EXCERPT_CHARS ? `${shown.slice(0, EXCERPT_CHARS)}…` : shown;
}
