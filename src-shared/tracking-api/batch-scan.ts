// Where each item of a batch body's top-level "batch" array sits in the body text, so the ingest
// path can take a message's JSON text straight from the request instead of stringifying the
// parsed object again. One pass of charCodeAt over the text, no regex, no per-character allocation.
//
// Only for text that JSON.parse has already accepted: the scanner trusts the grammar and does not
// validate it (on text that is not valid JSON its answer is meaningless, though it always ends
// without throwing).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Item i of the batch array is text.slice(starts[i], ends[i]), exactly as the client sent it. */
export interface BatchItemSpans {
  starts: number[];
  ends: number[];
  /**
   * The deepest nesting of objects and arrays anywhere in the body (the body object counts, and the
   * batch array): maxNestingDepth(text), found in the same pass.
   */
  maxDepth: number;
  /**
   * How many keys item i writes, at every depth (its colons outside strings), counted in the same
   * pass: compared with the keys JSON.parse gave it, a difference says a key is written twice
   * in one object (src-shared/validate/duplicate-keys.ts).
   */
  keyCounts: number[];
  /**
   * How many keys the body writes outside the items of its (last) "batch" array: its own keys
   * ("batch" among them) and those in its other values (context), at every depth. Compared with
   * the parsed body's, a difference says a key is written twice out there (a second "batch").
   */
  outerKeys: number;
}

/** Deepest nesting seen by skipValue since it was last reset (one compare per bracket). */
let deepest = 0;
/** Keys (colons outside strings) skipValue has passed since it was last reset. */
let keys = 0;

/** How deep objects and arrays nest in `text` (JSON known valid): 0 for a scalar, 1 for {} or []. */
export function maxNestingDepth(text: string): number {
  deepest = 0;
  keys = 0;
  skipValue(text, skipWhitespace(text, 0));
  return deepest;
}

/** How many keys the text given to the last maxNestingDepth writes, at every depth (see BatchItemSpans.keyCounts). */
export function keysOfLastScan(): number {
  return keys;
}

/**
 * The spans of the items of the top-level "batch" array of `text` (a JSON object's text, known
 * valid). The key may be anywhere among the top-level keys, spelled with escapes or not; when it
 * appears more than once the last one counts, as with JSON.parse. Undefined when the top level
 * has no "batch" array (or is not an object).
 */
export function scanBatchItems(text: string): BatchItemSpans | undefined {
  deepest = 0;
  let i = skipWhitespace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i++;
  let found: BatchItemSpans | undefined;
  // The body object is level 1; a top-level value's levels count from 2, a batch item's from 3.
  let maxDepth = 1;
  let outerKeys = 0;
  const n = text.length;
  while (i < n) {
    i = skipWhitespace(text, i);
    if (text.charCodeAt(i) === CLOSE_BRACE) break;
    outerKeys++;
    const keyStart = i;
    i = skipString(text, i);
    const isBatch = isBatchKey(text, keyStart, i);
    i = skipWhitespace(text, i);
    if (text.charCodeAt(i) !== COLON) return undefined; // not valid JSON after all
    i = skipWhitespace(text, i + 1);
    if (isBatch && text.charCodeAt(i) === OPEN_BRACKET) {
      // An earlier "batch" array's keys are outside the one that counts.
      if (found) for (const k of found.keyCounts) outerKeys += k;
      const spans: BatchItemSpans = { starts: [], ends: [], maxDepth: 0, keyCounts: [], outerKeys: 0 };
      i = skipWhitespace(text, i + 1);
      while (i < n && text.charCodeAt(i) !== CLOSE_BRACKET) {
        const start = i;
        keys = 0;
        i = skipValue(text, i);
        if (i === start) return undefined; // not a value: not valid JSON after all (and no progress)
        spans.starts.push(start);
        spans.ends.push(i);
        spans.keyCounts.push(keys);
        i = skipWhitespace(text, i);
        if (text.charCodeAt(i) === COMMA) i = skipWhitespace(text, i + 1);
      }
      i++; // past ]
      maxDepth = Math.max(maxDepth, deepest + 2);
      found = spans;
    } else {
      if (isBatch) found = undefined; // a later non-array "batch" wins over an earlier array
      keys = 0;
      i = skipValue(text, i);
      outerKeys += keys;
      maxDepth = Math.max(maxDepth, deepest + 1);
    }
    deepest = 0;
    i = skipWhitespace(text, i);
    if (text.charCodeAt(i) === COMMA) i++;
  }
  // Every top-level value counts, before the batch array or after it: batch-level fields (context)
  // are copied into each message.
  if (found) {
    found.maxDepth = maxDepth;
    found.outerKeys = outerKeys;
  }
  return found;
}

/**
 * Where the value of a top-level key of `text` (a JSON object's text, known valid) sits, as
 * [start, end): the value exactly as written, so a caller can keep its text rather than
 * stringify the parsed value again (which writes 1.0 as 1, "\/" as "/", "\u00e9" as "é").
 * The last occurrence counts, as with JSON.parse. Undefined when the key is absent.
 */
export function topLevelValueSpan(text: string, key: string): { start: number; end: number } | undefined {
  let i = skipWhitespace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i++;
  let found: { start: number; end: number } | undefined;
  const n = text.length;
  while (i < n) {
    i = skipWhitespace(text, i);
    if (text.charCodeAt(i) !== QUOTE) break; // "}" (or not valid JSON after all)
    const keyStart = i;
    i = skipString(text, i);
    const isKey = isKeyText(text, keyStart, i, key);
    i = skipWhitespace(text, i);
    if (text.charCodeAt(i) !== COLON) return undefined; // not valid JSON after all
    const start = skipWhitespace(text, i + 1);
    i = skipValue(text, start);
    if (isKey) found = { start, end: i };
    i = skipWhitespace(text, i);
    if (text.charCodeAt(i) === COMMA) i++;
  }
  return found;
}

/** The key text[start, end) (with its quotes) is `key`, however it is escaped. */
function isKeyText(text: string, start: number, end: number, key: string): boolean {
  if (end - start === key.length + 2 && text.startsWith(`"${key}"`, start)) return true;
  // Escapes spell the same key with more characters ("m\u0065ssage"): rare, so decode it properly.
  let escaped = false;
  for (let i = start + 1; i < end - 1 && !escaped; i++) escaped = text.charCodeAt(i) === BACKSLASH;
  if (!escaped) return false;
  try {
    return JSON.parse(text.slice(start, end)) === key;
  } catch {
    return false;
  }
}

/** The key text[start, end) (with its quotes) is "batch", however it is escaped. */
function isBatchKey(text: string, start: number, end: number): boolean {
  if (end - start === 7) return text.startsWith('"batch"', start);
  // Escapes spell the same key with more characters ("b\u0061tch"): rare, so decode it properly.
  if (end - start < 7) return false;
  let escaped = false;
  for (let i = start + 1; i < end - 1 && !escaped; i++) escaped = text.charCodeAt(i) === BACKSLASH;
  if (!escaped) return false;
  try {
    return JSON.parse(text.slice(start, end)) === 'batch';
  } catch {
    return false; // a bad escape: the text was not valid JSON after all
  }
}

/**
 * Index after a string whose opening quote is at i. Most of a body's characters are inside
 * strings, so this jumps from quote to quote with indexOf (native, fast) rather than walking each
 * character: a quote ends the string unless an odd run of backslashes precedes it.
 */
export function skipString(text: string, i: number): number {
  let quote = text.indexOf('"', i + 1);
  while (quote !== -1) {
    let before = quote - 1;
    while (text.charCodeAt(before) === BACKSLASH) before--; // stops at the opening quote at the latest
    if ((quote - 1 - before) % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/** Index after the value starting at i (no leading whitespace). */
export function skipValue(text: string, i: number): number {
  const n = text.length;
  const first = text.charCodeAt(i);
  if (first === QUOTE) return skipString(text, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i = skipString(text, i);
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (++depth > deepest) deepest = depth;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      } else if (c === COLON) keys++;
      i++;
    }
    return n;
  }
  // A number, true, false or null: runs until a delimiter or whitespace.
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isWhitespace(c)) return i;
    i++;
  }
  return n;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export function skipWhitespace(text: string, i: number): number {
  const n = text.length;
  while (i < n && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}
