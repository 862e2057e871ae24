// What an expected value (a scenario's match, a test's expectMessage shape) may hold, and how one
// is written in a sentence. A YAML or JSON file gives only JSON values; a test in JavaScript may pass
// anything: `undefined` (`{ plan: user.plan }` for a user without one), a function, a BigInt, a
// Date, a /regex/ object, an object that refers to itself. JSON.stringify threw on some (a BigInt,
// a cycle) deep inside a near-miss text, and left others out, so the shape read as accepting any.
//
// `undefined` as an object's value means the key must be absent (matchesPartial: a message that
// has the key fails), as `{ plan: undefined }` reads. Anywhere else it has no meaning (an array's
// element, the whole value) and is refused, as are the others.
//
// A value from JavaScript may also have a getter that throws, be a Proxy whose keys cannot be
// listed, or nest thousands of levels deep: each is read through readKeys/readKey below, and walked
// no deeper than a message may nest (MAX_NESTING_DEPTH), so no check or sentence throws the
// getter's error or "Maximum call stack size exceeded".
import { unmarkJson } from '../exact-json';
import { MAX_NESTING_DEPTH } from '../tracking-api/limits';

const where = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`);

/**
 * Why `value` cannot be an expected value, naming where ("match.properties.at is a Date: …"), or
 * undefined when it can. `root` names the whole value ("match"); an object's undefined value is
 * allowed (the key must be absent) unless `undefinedAllowed` is false. `sentAsJson`: the value is
 * sent as JSON before it is compared, so a Date (anything with toJSON) is its text there.
 */
export function expectedValueProblem(value: unknown, root: string, undefinedAllowed = true, sentAsJson = false): string | undefined {
  const seen: object[] = [];
  const walk = (v: unknown, path: string, inObject: boolean): string | undefined => {
    try {
      return inspect(v, path, inObject);
    } catch (e) {
      // A Proxy's trap (getPrototypeOf, the toJSON read) threw.
      return `${path} could not be read: reading it threw ${thrownText(e)}`;
    }
  };
  const inspect = (v: unknown, path: string, inObject: boolean): string | undefined => {
    if (v === undefined) return inObject && undefinedAllowed ? undefined : `${path} is undefined${inObject ? '' : ', which no message holds'}`;
    if (typeof v === 'function') return `${path} is a function, which no message holds: give the value expected`;
    if (typeof v === 'symbol') return `${path} is a symbol, which no message holds: give the value expected`;
    if (typeof v === 'bigint') return `${path} is the BigInt ${v}n, which JSON cannot hold: write it as the number ${v}`;
    if (typeof v === 'number' && !Number.isFinite(v)) return `${path} is ${v}, which JSON cannot hold (a message never has it)`;
    if (v === null || typeof v !== 'object') return undefined;
    if (seen.includes(v)) return `${path} refers back to an object that contains it (a cycle)`;
    if (!Array.isArray(v)) {
      const proto = Object.getPrototypeOf(v) as unknown;
      // Sent as JSON (eventbench/testing's match), an object with toJSON (a Date) arrives as its text.
      if (sentAsJson && typeof (v as { toJSON?: unknown }).toJSON === 'function') return undefined;
      if (proto !== Object.prototype && proto !== null) {
        if (v instanceof RegExp) return `${path} is a RegExp object: write it as the string ${JSON.stringify(String(v))}`;
        if (v instanceof Date) return `${path} is a Date: write the text expected, such as ${Number.isNaN(v.getTime()) ? '"2026-01-01T00:00:00.000Z"' : JSON.stringify(v.toISOString())}`;
        const name = (v.constructor as { name?: string } | undefined)?.name || 'non-plain';
        return `${path} is a ${name} object, not a plain object or array: give the fields expected as a plain object`;
      }
    }
    // No message nests deeper (the receiver refuses it), so no such match can hold.
    if (seen.length >= MAX_NESTING_DEPTH) return `${root} nests objects and arrays more than ${MAX_NESTING_DEPTH} levels deep (past ${path.length > 60 ? `${path.slice(0, 60)}…` : path}); a message nests at most ${MAX_NESTING_DEPTH}, so none would match`;
    seen.push(v);
    try {
      const keys = readKeys(v);
      if ('why' in keys) return `${path} could not be read: ${keys.why}`;
      const inArray = Array.isArray(v);
      for (const k of keys.keys) {
        const x = readKey(v, k);
        const at = where(path, inArray ? Number(k) : k);
        if ('why' in x) return `${at} could not be read: ${x.why}`;
        const p = walk(x.value, at, !inArray);
        if (p) return p;
      }
    } finally {
      seen.pop();
    }
    return undefined;
  };
  return walk(value, root, false);
}

/**
 * An expected or actual value as a sentence writes it: its JSON (numbers kept as their digits), a
 * key that must be absent as "(absent)". Never throws: what JSON cannot write is named instead, a
 * getter that throws as "(reading it threw …)", and a nest deeper than a message may be is cut
 * there, "(nested deeper than 256 levels)".
 */
export function shownValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  return shownJson(value, '(absent)') ?? String(value);
}

/**
 * A value as JSON text for a message (indented by `space`), with what JSON cannot write in words: a
 * key whose value is undefined as `absent`, a bigint as `12n`, a function, a symbol; undefined when
 * JSON writes nothing for the value itself.
 */
export function shownJson(value: unknown, absent: string, space?: number): string | undefined {
  const text = writtenJson(
    value,
    (key, v: unknown) => {
      if (v === undefined && key !== '') return absent;
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v === 'function') return '(a function)';
      if (typeof v === 'symbol') return `(${String(v)})`;
      return v;
    },
    space,
  );
  if (typeof text === 'object') return `(a value JSON cannot write: ${text.why})`;
  return text === undefined ? undefined : unmarkJson(text);
}

// ---- reading what a test passed, whatever it is ----

/** A thrown value in words ("Error: boom"), never throwing itself (its toString may). */
export function thrownText(e: unknown): string {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    return 'a value that cannot be written';
  }
}

/** The keys JSON writes of an object (an array's indexes, holes too), or why they could not be listed (a Proxy's ownKeys threw). */
export function readKeys(v: object): { keys: string[] } | { why: string } {
  try {
    return { keys: Array.isArray(v) ? Array.from({ length: v.length }, (_, i) => String(i)) : Object.keys(v) };
  } catch (e) {
    return { why: `listing its keys threw ${thrownText(e)}` };
  }
}

/** v[k], or why it could not be read (a getter or a Proxy's get threw). */
export function readKey(v: object, k: string): { value: unknown } | { why: string } {
  try {
    return { value: (v as Record<string, unknown>)[k] };
  } catch (e) {
    return { why: `reading it threw ${thrownText(e)}` };
  }
}

/** What a value nested deeper than a message may be is written as, past that depth. */
const TOO_DEEP_TEXT = `(nested deeper than ${MAX_NESTING_DEPTH} levels)`;

const CYCLE = Symbol('cycle');

/**
 * A copy of `value` that JSON.stringify writes without throwing: a field whose read throws becomes
 * "(reading it threw …)", an object whose keys cannot be listed "(listing its keys threw …)", and
 * what lies deeper than MAX_NESTING_DEPTH levels TOO_DEEP_TEXT; toJSON (a Date's) is applied as JSON
 * would. CYCLE when it holds itself (expectedValueProblem names where).
 */
function writableCopy(value: unknown): unknown {
  const ancestors: object[] = [];
  const copy = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (depth >= MAX_NESTING_DEPTH) return TOO_DEEP_TEXT;
    if (ancestors.includes(v)) throw CYCLE;
    let isArray: boolean;
    let json: { value: unknown } | undefined;
    try {
      const toJSON = (v as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') json = { value: toJSON.call(v, '') };
      isArray = Array.isArray(v);
    } catch (e) {
      return `(reading it threw ${thrownText(e)})`;
    }
    // One level further: a toJSON that gives another object with a toJSON ends at the depth limit.
    if (json) return copy(json.value, depth + 1);
    const keys = readKeys(v);
    if ('why' in keys) return `(${keys.why})`;
    ancestors.push(v);
    const out: Record<string, unknown> | unknown[] = isArray ? [] : {};
    for (const k of keys.keys) {
      const x = readKey(v, k);
      // defineProperty: a "__proto__" key stays an own key.
      Object.defineProperty(out, k, { value: 'why' in x ? `(${x.why})` : copy(x.value, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    ancestors.pop();
    return out;
  };
  try {
    return copy(value, 0);
  } catch (e) {
    if (e === CYCLE) return CYCLE;
    throw e; // a RangeError from a caller already near the stack's end: not hidden
  }
}

/**
 * JSON.stringify(value, replacer, space) of writableCopy(value): never throws, and never writes
 * deeper than a message may nest. `{ why }` when it cannot be written (it holds itself, named by
 * expectedValueProblem).
 */
export function writtenJson(value: unknown, replacer: (this: unknown, key: string, v: unknown) => unknown, space?: number): string | undefined | { why: string } {
  const copy = value !== null && typeof value === 'object' ? writableCopy(value) : value;
  if (copy === CYCLE) return { why: expectedValueProblem(value, 'it') ?? 'it holds itself' };
  try {
    return JSON.stringify(copy, replacer, space);
  } catch (e) {
    return { why: thrownText(e) };
  }
}

// ---- "this key must be absent" as JSON writes it ----
// JSON cannot carry `undefined`, so a match sent over HTTP (eventbench/testing's `absent`, a script's
// query) writes an absent key as {"$absent": true}: the wire form. The wait API and /api/messages read
// it back into the undefined that matchesPartial takes as "must be absent".

/** The key of the wire form {"$absent": true}. */
export const ABSENT_KEY = '$absent';

/** The wire form itself, as eventbench/testing exports it (`absent`). */
export const ABSENT_WIRE: Readonly<{ $absent: true }> = Object.freeze({ $absent: true });

/** Whether the value is an object with an own "$absent" key (the wire form, or a mistaken one). */
function holdsAbsentKey(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, ABSENT_KEY);
}

/** Whether the value is exactly the wire form {"$absent": true}. */
export function isAbsentWire(v: unknown): boolean {
  return holdsAbsentKey(v) && v[ABSENT_KEY] === true && Object.keys(v).length === 1;
}

/**
 * A match as sent in JSON, with each field whose value is {"$absent": true} made undefined (it must
 * be absent); or why it cannot be, naming where (`root`: "match"): a "$absent" object of another form
 * (`{"$absent": false}`, extra keys) would otherwise be compared as a literal object and match nothing,
 * and one where no key is (an array's element, the whole match) has nothing to be absent.
 * `overrides`: a scenario's catalog event overrides, where the marker leaves the example's field out.
 */
export function decodeAbsent(value: unknown, root: string, use: 'match' | 'overrides' = 'match'): { value: unknown } | { problem: string; at: (string | number)[]; why: string } {
  const markerUse = use === 'match' ? 'for "this key must be absent", or leave the key out to accept any value' : "to leave this field out of the catalog's example, or give the value to send";
  let found: { at: (string | number)[]; why: string } | undefined;
  const walk = (v: unknown, at: (string | number)[], inObject: boolean): unknown => {
    if (found !== undefined || v === null || typeof v !== 'object') return v;
    if (holdsAbsentKey(v)) {
      const text = shownValue(v);
      if (!isAbsentWire(v)) found = { at, why: `${text} is not the absent marker: write {"$absent":true} ${markerUse}` };
      else if (!inObject) found = { at, why: at.length === 0 ? `${text} says a key must be absent, and the whole message has no key: name the field, as {"properties":{"plan":{"$absent":true}}}` : `${text} says a key must be absent, and an array's element has no key: leave it out of the list` };
      return undefined;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...at, i], false));
    const out: Record<string, unknown> = {};
    // defineProperty: a "__proto__" key JSON.parse made an own key stays one (assigned, it set the prototype).
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: walk(x, [...at, k], true), enumerable: true, writable: true, configurable: true });
    return out;
  };
  const decoded = walk(value, [], false);
  if (found === undefined) return { value: decoded };
  const path = found.at.reduce<string>((p, k) => where(p, k), root);
  return { problem: `${path}: ${found.why}`, ...found };
}

/** A match's JSON with each key that must be absent (undefined) written in its wire form {"$absent":true}. */
export function matchText(match: unknown): string {
  return JSON.stringify(match, (key, v: unknown) => (v === undefined && key !== '' ? ABSENT_WIRE : v)) ?? String(match);
}
