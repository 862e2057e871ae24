// How the rule reads a message's fields: an id or email value -> a FieldRead (text, absent, or a
// value of the wrong kind), and the user properties it carries. The values are kept as columns
// (match-inputs.ts); a FieldRead is built only when asked for (a trace being explained).
import type { JsonObject } from '../capture';
import type { FieldRead } from './types';
import { exactText, isExactNumber } from '../exact-json';

const ABSENT: FieldRead = Object.freeze({ state: 'absent' });
/** Keys the rule handles itself; every other trait becomes a user property. */
const NOT_PROPERTIES = new Set(['email', 'username']);
export const NO_TRAITS: Readonly<Record<string, unknown>> = Object.freeze({});

export function asObject(v: unknown): JsonObject | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

export function describeKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'boolean') return String(v);
  return `a ${typeof v}`;
}

/**
 * Reads an identifier or email: text as is, anything else unusable, except that an id given as a
 * finite number is read as its text (as Segment's libraries send numeric ids). A number past 2^53
 * comes as an exact-json marker (match-inputs.ts): read as the digits the client sent.
 */
export function readField(v: unknown, numberAsText = false): FieldRead {
  if (v === undefined) return ABSENT;
  if (v instanceof Unusable) return { state: 'unusable', what: v.what };
  if (isExactNumber(v)) return numberAsText ? { state: 'text', value: exactText(v), fromNumber: true } : { state: 'unusable', what: 'a number' };
  if (typeof v === 'string') return v === '' ? { state: 'unusable', what: 'an empty string' } : { state: 'text', value: v };
  if (numberAsText && typeof v === 'number' && Number.isFinite(v)) return { state: 'text', value: String(v), fromNumber: true };
  return { state: 'unusable', what: describeKind(v) };
}

/** What an object or list value was, kept in its place (the value itself is not needed). */
export class Unusable {
  constructor(readonly what: string) {}
  toJSON(): string {
    return `(${this.what})`;
  }
}

/** A value as kept: primitives as they are, objects and lists as what they were. */

/** The text the rule uses from an id value: a non-empty string, or a finite number's text (a marker's: its digits). */
export function idText(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : isExactNumber(v) ? exactText(v) : v;
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

/** The text the rule uses from an email value: a non-empty string (numbers are not emails). */
export function emailText(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Sets a user property by the sender's name: `__proto__` (JSON.parse keeps it as an own key) as an
 * own key too, where a plain assignment would set the object's prototype, whose fields then read
 * as the user's. Plain objects otherwise: a prototype-less one cost the matcher a third of its speed.
 */
export function setProperty(properties: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(properties, name, { value, writable: true, enumerable: true, configurable: true });
  else properties[name] = value;
}

/**
 * A user property's own value: undefined when absent, whatever Object.prototype holds under the
 * name (`constructor`, `toString`…: functions, which no JSON value is; and `__proto__`).
 */
export function ownProperty(properties: Readonly<Record<string, unknown>>, name: string): unknown {
  const v = properties[name];
  return (typeof v === 'function' || name === '__proto__') && !Object.hasOwn(properties, name) ? undefined : v;
}

/**
 * An email ignoring case and surrounding space: trimmed, lower case, its accents composed (Unicode
 * NFC), since "é" typed as e + U+0301 (NFD, as macOS input often gives) is the same text as the
 * single character and shows identically. Pure ASCII (most emails) needs no composing.
 */
export function looseEmailKey(raw: string): string {
  const lower = raw.trim().toLowerCase();
  for (let i = 0; i < lower.length; i++) if (lower.charCodeAt(i) > 0x7f) return lower.normalize('NFC');
  return lower;
}

/** A group call: its traits are the account's (Segment's spec), so neither its traits.email nor its traits are the user's. */
export const isGroupCall = (type: unknown): boolean => type === 'group';

/** The user properties a message carries: context.traits, then an identify's traits (which win). */
export function userTraits(type: unknown, traits: JsonObject | undefined, contextTraits: JsonObject | undefined): Readonly<Record<string, unknown>> {
  const own = type === 'identify' ? traits : undefined;
  if (!own && !contextTraits) return NO_TRAITS;
  let out: Record<string, unknown> | undefined;
  for (const source of [contextTraits, own]) {
    if (!source) continue;
    for (const k in source) {
      const v = source[k];
      if (v !== undefined && !NOT_PROPERTIES.has(k)) setProperty((out ??= {}), k, v);
    }
  }
  return out ?? NO_TRAITS;
}

