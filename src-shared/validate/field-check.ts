// Generic checks driven by catalog FieldSpecs: presence by requirement, type, enum, length,
// and array items. Specs are compiled once at module load (split paths, rule ids) so the
// per-message work is property reads and comparisons; strings are only built for findings.
import type { FieldSpec } from '../catalogs/types';
import type { Finding, ProfileId, Severity } from './finding';
import { editDistance, normalizeEventName } from './event-names';
import { daysInMonth, parseIsoTime } from '../tracking-api/time';

export interface CompiledField {
  spec: FieldSpec;
  keys: string[];
  /** e.g. "freshsuccess.group.traits.createdAt" (array items: "...properties.events[].click"). */
  rule: string;
  items?: CompiledField[];
  /**
   * The "missing" finding for this field at the message root, built on first use and shared from
   * then on (frozen): it depends only on the field and the profile, and most messages that lack a
   * field lack it every time, so building its sentence per message would be wasted work.
   */
  missingAtRoot?: Readonly<Finding>;
  /**
   * The last value that passed an iso8601 or email type check (the costlier ones). A request's
   * messages share one sentAt and one receivedAt string, so the check mostly repeats on it.
   */
  lastValid?: string;
  /** The path's only key, when it has one (most fields): read directly, without getAt's loop. */
  key: string | undefined;
  /** Which fast pass check applies (see FAST_*); FAST_NONE: always the full check. */
  fast: number;
  /** Key name -> its edit distance to this field's name (Infinity: not near), see nearKey. */
  nearKeys?: Map<string, number>;
}

// A present value that passes is by far the commonest case (most fields of most messages): these
// kinds settle it in a few comparisons, before the general check (which also builds findings).
const FAST_NONE = 0;
const FAST_STRING = 1;
const FAST_OBJECT = 2;
const FAST_LAST_VALID = 3;
const FAST_NUMBER = 4;

function fastKind(spec: FieldSpec): number {
  if (spec.enum || spec.items) return FAST_NONE;
  switch (spec.type) {
    case 'string':
      return FAST_STRING;
    case 'object':
      return spec.maxLength === undefined ? FAST_OBJECT : FAST_NONE;
    case 'iso8601':
    case 'email':
      return spec.maxLength === undefined ? FAST_LAST_VALID : FAST_NONE;
    case 'number':
      return spec.maxLength === undefined ? FAST_NUMBER : FAST_NONE;
    default:
      return FAST_NONE;
  }
}

/** True when the value surely passes the field's checks (false: run the full check). */
function passesFast(field: CompiledField, value: unknown): boolean {
  switch (field.fast) {
    case FAST_STRING: {
      if (typeof value !== 'string' || value.length === 0) return false;
      const first = value.charCodeAt(0); // printable ASCII first: not blank
      const max = field.spec.maxLength;
      return first > 0x20 && first < 0x7f && (max === undefined || value.length <= max);
    }
    case FAST_OBJECT:
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case FAST_LAST_VALID:
      return value === field.lastValid;
    case FAST_NUMBER:
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return false;
  }
}

export function compileFields(fields: readonly FieldSpec[], rulePrefix: string): CompiledField[] {
  return fields.map((spec) => {
    const rule = `${rulePrefix}.${spec.path}`;
    const keys = spec.path.split('.');
    return {
      spec,
      keys,
      rule,
      items: spec.items ? compileFields(spec.items, `${rule}[]`) : undefined,
      missingAtRoot: undefined,
      lastValid: undefined,
      key: keys.length === 1 ? keys[0] : undefined,
      fast: fastKind(spec),
    };
  });
}

/** Value at a split dot path, or undefined when any step is missing or not an object. */
export function getAt(root: unknown, keys: readonly string[]): unknown {
  let node = root;
  for (let i = 0; i < keys.length; i++) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[keys[i]];
  }
  return node;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * ISO-8601 date or date-time (e.g. "2025-03-14", "2025-03-14T09:26:53.120Z", "...+02:00"):
 * YYYY-MM-DD, optionally THH:MM[:SS[(.|,)fraction]] and a zone (Z, +HH, +HHMM, +HH:MM).
 * Hand-written rather than a regular expression: every message has several time fields, and this
 * runs without allocating (a regex match builds an array and a string per group).
 */
export function isIso8601(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const s = value;
  const n = s.length;
  // As parseIsoTime reads times (sessions, the event time): at most 64 characters, and an expanded
  // year (+010000-…, rare) read by it alone.
  if (n > 64) return false;
  if (n > 0 && (s.charCodeAt(0) === PLUS || s.charCodeAt(0) === DASH)) return parseIsoTime(s) !== undefined;
  if (n < 10 || !digits(s, 0, 4) || s.charCodeAt(4) !== DASH || !digits(s, 5, 2) || s.charCodeAt(7) !== DASH || !digits(s, 8, 2)) return false;
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  // A day the month has: 2026-02-30 is no date (parseIsoTime, sessions and Go's time.Parse refuse it).
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(fourDigits(s, 0), month)) return false;
  if (n === 10) return true;
  // THH:MM
  if (n < 16 || (s.charCodeAt(10) | 0x20) !== LETTER_T_LOWER || !digits(s, 11, 2) || s.charCodeAt(13) !== COLON || !digits(s, 14, 2)) return false;
  if (twoDigits(s, 11) > 23 || twoDigits(s, 14) > 59) return false;
  let i = 16;
  // :SS and a fraction
  if (i < n && s.charCodeAt(i) === COLON) {
    // No leap second: :60 is refused by Date.parse and Go's time.Parse, as by parseIsoTime.
    if (!digits(s, i + 1, 2) || twoDigits(s, i + 1) > 59) return false;
    i += 3;
    const c = s.charCodeAt(i);
    if (c === DOT || c === COMMA) {
      const start = ++i;
      while (i < n && isDigit(s.charCodeAt(i))) i++;
      if (i === start) return false;
    }
  }
  if (i === n) return true;
  // Zone: Z, or +HH, +HHMM, +HH:MM (or -)
  const zone = s.charCodeAt(i);
  if ((zone | 0x20) === LETTER_Z_LOWER) return i + 1 === n; // Z or z (RFC 3339), as parseIsoTime reads it
  if (zone !== PLUS && zone !== DASH) return false;
  // An offset within a day: hours to 23, minutes to 59 (as parseIsoTime reads them).
  if (!digits(s, i + 1, 2) || twoDigits(s, i + 1) > 23) return false;
  i += 3;
  if (i === n) return true;
  if (s.charCodeAt(i) === COLON) i++;
  return i + 2 === n && digits(s, i, 2) && twoDigits(s, i) <= 59;
}

const DASH = 0x2d;
const PLUS = 0x2b;
const COLON = 0x3a;
const DOT = 0x2e;
const COMMA = 0x2c;
const LETTER_T_LOWER = 0x74;
const LETTER_Z_LOWER = 0x7a;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** True when s[from .. from+count) are all ASCII digits (false past the end). */
function digits(s: string, from: number, count: number): boolean {
  if (from + count > s.length) return false;
  for (let i = from; i < from + count; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

function twoDigits(s: string, from: number): number {
  return (s.charCodeAt(from) - 0x30) * 10 + (s.charCodeAt(from + 1) - 0x30);
}

function fourDigits(s: string, from: number): number {
  return twoDigits(s, from) * 100 + twoDigits(s, from + 2);
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Why a string shaped like an ISO-8601 time is still not one (a day its month lacks, a leap
 * second), for the finding's message; undefined when the shape itself is wrong.
 */
export function iso8601CalendarProblem(value: string): string | undefined {
  const other = otherIsoForm(value);
  if (other !== undefined) return other;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt]\d{2}:\d{2}:(\d{2}))?/.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month >= 1 && month <= 12 && day > daysInMonth(year, month) && day <= 31) return `${MONTH_NAMES[month - 1]} ${year} has ${daysInMonth(year, month)} days`;
  if (m[4] === '60') return 'second 60 (a leap second) is read by neither Date.parse nor Segment; use :59';
  return undefined;
}

/** Why RFC 3339 leaves a form out, as each finding about one says it. */
const NOT_RFC_3339 = "(ISO-8601 has it; RFC 3339, the form Segment's libraries send, does not)";

/** A UTC day's date as YYYY-MM-DD (years 0-9999). */
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Midnight UTC of a year-month-day, for years 0-9999 (Date.UTC maps 0-99 to 1900-1999). */
function utcDay(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/**
 * The time after a date ("T10:00:00Z", "T100000.5+0100", or nothing) in RFC 3339's extended form,
 * or undefined when it is no time: the rest of a week or ordinal date, read whichever way it is written.
 */
function extendedTime(rest: string): string | undefined {
  if (rest === '') return '';
  const m = /^[Tt](\d{2}):?(\d{2})(?::?(\d{2})([.,]\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/.exec(rest);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || (m[3] !== undefined && Number(m[3]) > 59)) return undefined;
  const zone = m[5] === undefined ? '' : /^[Zz]$/.test(m[5]) ? 'Z' : m[5].length === 5 ? `${m[5].slice(0, 3)}:${m[5].slice(3)}` : m[5];
  return `T${m[1]}:${m[2]}${m[3] === undefined ? '' : `:${m[3]}${m[4]?.replace(',', '.') ?? ''}`}${zone}`;
}

/**
 * ISO-8601 forms RFC 3339 leaves out (a week date, an ordinal date, hour 24, the basic format),
 * named with the text to send instead; undefined for anything else. The finding said such a text
 * "must be an ISO-8601 date-time string", which it is.
 */
function otherIsoForm(value: string): string | undefined {
  const week = /^(\d{4})(-?)W(\d{2})(?:\2([1-7]))?(?=$|[Tt])/.exec(value);
  if (week) {
    const year = Number(week[1]);
    const n = Number(week[3]);
    const jan4 = utcDay(year, 1, 4);
    const week1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000; // the Monday of week 1
    const weeks = (new Date(utcDay(year, 1, 1)).getUTCDay() === 4 || (daysInMonth(year, 2) === 29 && new Date(utcDay(year, 1, 1)).getUTCDay() === 3)) ? 53 : 52;
    const time = extendedTime(value.slice(week[0].length));
    if (n < 1 || time === undefined) return undefined;
    if (n > weeks) return `${week[0]} is a week date ${NOT_RFC_3339}, and ${year} has ${weeks} weeks`;
    return `${week[0]} is a week date ${NOT_RFC_3339}; send the calendar date: ${dayText(week1 + ((n - 1) * 7 + Number(week[4] ?? 1) - 1) * 86_400_000)}${time}`;
  }
  const ordinal = /^(\d{4})-(\d{3})(?=$|[Tt])/.exec(value);
  if (ordinal) {
    const year = Number(ordinal[1]);
    const day = Number(ordinal[2]);
    const days = daysInMonth(year, 2) === 29 ? 366 : 365;
    const time = extendedTime(value.slice(ordinal[0].length));
    if (day < 1 || time === undefined) return undefined;
    if (day > days) return `${ordinal[0]} is an ordinal date (the day of the year) ${NOT_RFC_3339}, and ${year} has ${days} days`;
    return `${ordinal[0]} is an ordinal date (the day of the year) ${NOT_RFC_3339}; send the calendar date: ${dayText(utcDay(year, 1, day))}${time}`;
  }
  const end = /^(\d{4})-(\d{2})-(\d{2})[Tt]24:00((?::00(?:[.,]0+)?)?)([Zz]|[+-]\d{2}(?::?\d{2})?)?$/.exec(value);
  if (end) {
    const [year, month, day] = [Number(end[1]), Number(end[2]), Number(end[3])];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || year > 9998) return undefined;
    return `hour 24 (the end of a day) ${NOT_RFC_3339}; send 00:00 of the next day: ${dayText(utcDay(year, month, day) + 86_400_000)}T00:00${end[4]}${end[5] ?? ''}`;
  }
  const basic = /^(\d{4})(\d{2})(\d{2})([Tt].*)$/.exec(value);
  if (basic) {
    const [year, month, day] = [Number(basic[1]), Number(basic[2]), Number(basic[3])];
    const time = extendedTime(basic[4]);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || time === undefined) return undefined;
    return `${value} is the basic format, without "-" and ":" ${NOT_RFC_3339}; send ${basic[1]}-${basic[2]}-${basic[3]}${time}`;
  }
  return undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Missing for requirement purposes: absent, null, or an empty / blank string. */
export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && isBlank(value));
}

/** '' or only whitespace (as trim() sees it); a printable ASCII first character settles it without trim. */
function isBlank(s: string): boolean {
  if (s.length === 0) return true;
  const first = s.charCodeAt(0);
  return (first <= 0x20 || first >= 0x7f) && s.trim() === '';
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
}

const TYPE_WORDS: Record<FieldSpec['type'], string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  iso8601: 'an ISO-8601 date-time string, e.g. "2025-03-14T09:26:53.000Z"',
  email: 'an email address',
  array: 'an array',
  object: 'an object',
};

/**
 * An empty array where an object belongs is what PHP's json_encode writes for an empty array
 * (analytics-php sends `'integrations' => []` as `"integrations":[]`; it casts only an empty
 * properties or traits to an object): say so, and how to send {}.
 */
const EMPTY_ARRAY_FOR_OBJECT = "an empty array ([]): PHP's json_encode writes an empty array so; send new \\stdClass() or (object) [] for {}";

function typeMatches(type: FieldSpec['type'], value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'iso8601':
      return isIso8601(value);
    case 'email':
      return typeof value === 'string' && EMAIL.test(value.trim());
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
  }
}

/** ": February 2026 has 28 days" when an ISO-8601 field's text has the shape but not the calendar. */
function calendarReason(type: FieldSpec['type'], value: unknown): string {
  if (type !== 'iso8601' || typeof value !== 'string') return '';
  const problem = iso8601CalendarProblem(value);
  return problem === undefined ? '' : `: ${problem}`;
}

/** Suffix of the rule id for a type problem: ".iso8601", ".email" or ".type". */
function typeRuleSuffix(type: FieldSpec['type']): string {
  return type === 'iso8601' ? '.iso8601' : type === 'email' ? '.email' : '.type';
}

/**
 * Checks one compiled field against `root` (the message, or an array item), appending findings.
 * `pathPrefix` is prepended to finding paths (e.g. "properties.events[1]." for an item).
 */
export function checkField(
  root: unknown,
  field: CompiledField,
  profile: ProfileId,
  profileName: string,
  pathPrefix: string,
  out: Finding[],
  valueOverride?: unknown,
): void {
  const value = valueOverride !== undefined ? valueOverride : field.key !== undefined ? (root as Record<string, unknown>)[field.key] : getAt(root, field.keys);
  if (value !== undefined && value !== null && passesFast(field, value)) return;
  const spec = field.spec;
  if (isMissing(value)) {
    if (spec.requirement === 'optional') return;
    const near = value === undefined && nearKeyHints ? nearKey(root, field) : undefined;
    if (near !== undefined) {
      const base = missingFinding(field, profile, profileName, pathPrefix);
      const parent = field.keys.slice(0, -1).join('.');
      const seen = pathPrefix + (parent ? `${parent}.` : '') + near;
      out.push({ ...base, message: `${base.message} The message has ${seen}: did you mean ${field.keys[field.keys.length - 1]}?` });
      return;
    }
    if (pathPrefix !== '') {
      out.push(missingFinding(field, profile, profileName, pathPrefix));
      return;
    }
    let shared = field.missingAtRoot;
    if (shared === undefined || shared.profile !== profile) shared = field.missingAtRoot = Object.freeze(missingFinding(field, profile, profileName, ''));
    out.push(shared as Finding);
    return;
  }
  const invalid: Severity = spec.invalidSeverity ?? (spec.requirement === 'required' ? 'error' : 'warning');
  if (value === field.lastValid) {
    // Passed this field's type check before (a string equal to it passes again).
  } else if (typeMatches(spec.type, value)) {
    if ((spec.type === 'iso8601' || spec.type === 'email') && typeof value === 'string') field.lastValid = value;
  } else {
    out.push({
      severity: invalid,
      path: pathPrefix + spec.path,
      rule: field.rule + typeRuleSuffix(spec.type),
      message: `${named(spec, pathPrefix)} must be ${TYPE_WORDS[spec.type]} for ${profileName}, but it is ${spec.type === 'object' && Array.isArray(value) && value.length === 0 ? EMPTY_ARRAY_FOR_OBJECT : describeType(value)}${calendarReason(spec.type, value)}.`,
      profile,
    });
    return;
  }
  if (spec.enum && !spec.enum.includes(value as string)) {
    out.push({
      severity: invalid,
      path: pathPrefix + spec.path,
      rule: field.rule + '.enum',
      message: `${named(spec, pathPrefix)} is ${JSON.stringify(value)}; ${profileName} expects one of: ${spec.enum.join(', ')}.`,
      profile,
    });
  }
  if (spec.maxLength !== undefined && typeof value === 'string' && value.length > spec.maxLength) {
    // Characters (code points), not UTF-16 units: an emoji is one character, as the drop reasons count.
    const characters = characterCount(value);
    if (characters > spec.maxLength) {
      out.push({
        severity: invalid,
        path: pathPrefix + spec.path,
        rule: field.rule + '.maxLength',
        message: `${named(spec, pathPrefix)} is ${characters} characters; ${profileName} allows at most ${spec.maxLength}.`,
        profile,
      });
    }
  }
  if (field.items && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const itemPrefix = `${pathPrefix}${spec.path}[${i}]`;
      if (!isPlainObject(item)) {
        out.push({
          severity: invalid,
          path: itemPrefix,
          rule: field.rule + '[].type',
          message: `Each row of ${named(spec, pathPrefix)} must be an object, but row ${i} is ${describeType(item)}.`,
          profile,
        });
        continue;
      }
      for (const itemField of field.items) checkField(item, itemField, profile, profileName, itemPrefix + '.', out);
    }
  }
}

/** A string's length in characters (code points): a surrogate pair counts once. */
function characterCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * A key beside a missing field that is probably it misspelled (notificationID for notificationId,
 * clicked for click): the same but for case and separators, or one or two edits away in a name
 * long enough for that to mean something. Only read when a field is missing.
 */
let nearKeyHints = true;

/**
 * Runs `check` with or without the "did you mean" hints on missing fields. They change a finding's
 * sentence, never its rule or severity: ingest, which only counts findings, leaves them out.
 */
export function withNearKeyHints<T>(on: boolean, check: () => T): T {
  const was = nearKeyHints;
  nearKeyHints = on;
  try {
    return check();
  } finally {
    nearKeyHints = was;
  }
}

function nearKey(root: unknown, field: CompiledField): string | undefined {
  const keys = field.keys;
  const parent = keys.length === 1 ? root : getAt(root, keys.slice(0, -1));
  if (!isPlainObject(parent)) return undefined;
  const want = keys[keys.length - 1];
  // Messages repeat the same key names: each name's distance to this field is computed once.
  const memo = (field.nearKeys ??= new Map());
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const key in parent) {
    if (key === want) continue;
    let d = memo.get(key);
    if (d === undefined) {
      const wantNorm = normalizeEventName(want);
      const norm = normalizeEventName(key);
      const limit = Math.min(wantNorm.length, norm.length) >= 5 ? 2 : 0;
      d = norm === wantNorm ? 0 : editDistance(norm, wantNorm, limit);
      if (d > limit) d = Infinity;
      if (memo.size >= 1024) memo.clear();
      memo.set(key, d);
    }
    if (d < bestDistance) {
      best = key;
      bestDistance = d;
    }
  }
  return best;
}

/** "Label (path)", without saying the path twice when the label already names it ("Account ID (groupId)"). */
function named(spec: FieldSpec, pathPrefix: string): string {
  const path = pathPrefix + spec.path;
  return spec.label.endsWith(`(${path})`) || spec.label.endsWith(`(${spec.path})`) ? (pathPrefix ? `${spec.label.slice(0, spec.label.lastIndexOf('('))}(${path})` : spec.label) : `${spec.label} (${path})`;
}

/**
 * Who documents a source's property, for a missing one: a source's documents list what its events
 * include; they require nothing of anyone (only a destination, or Segment, requires or recommends).
 */
const SOURCE_DOCUMENTS: Partial<Record<NonNullable<FieldSpec['origin']>, string>> = {
  'ProveSource docs': "ProveSource's documentation",
  'Segment catalog page': "Segment's catalog page",
  'partner template': 'the partner template',
};

function missingFinding(field: CompiledField, profile: ProfileId, profileName: string, pathPrefix: string): Finding {
  const spec = field.spec;
  const required = spec.requirement === 'required';
  const documents = spec.origin === undefined ? undefined : SOURCE_DOCUMENTS[spec.origin];
  const why = documents !== undefined && !required ? `${documents} lists it for this event` : `${profileName} ${required ? 'requires' : 'recommends'} it`;
  return {
    severity: required ? 'error' : 'warning',
    path: pathPrefix + spec.path,
    rule: field.rule + (required ? '.required' : '.recommended'),
    message: `${named(spec, pathPrefix)} is missing; ${why}: ${spec.description}`,
    profile,
  };
}

export function checkFields(root: unknown, fields: readonly CompiledField[], profile: ProfileId, profileName: string, out: Finding[]): void {
  for (let i = 0; i < fields.length; i++) checkField(root, fields[i], profile, profileName, '', out);
}
