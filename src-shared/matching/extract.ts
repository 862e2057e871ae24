// One captured message -> the small MatchInput the rule needs. Extracted once per message and
// kept, so a settings change or a what-if re-runs the rule without reading the log again.
//
// A million messages keep a million inputs, so an input is one flat object: the values as the
// message held them (text and numbers as is; anything else as a small Unusable marker, so a large
// object is not kept alive) and the user properties (one shared empty object when none). The
// FieldRead of each value is built only when asked for (a trace being explained).
import type { CapturedMessage, JsonObject } from '../capture';
import { sharedInterner, type Interner } from './key-index';
import type { FieldRead, MatchInput } from './types';

const ABSENT: FieldRead = Object.freeze({ state: 'absent' });
/** Keys the rule handles itself; every other trait becomes a user property. */
const NOT_PROPERTIES = new Set(['email', 'username']);
const NO_TRAITS: Readonly<Record<string, unknown>> = Object.freeze({});

function asObject(v: unknown): JsonObject | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

function describeKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'boolean') return String(v);
  return `a ${typeof v}`;
}

/**
 * Reads an identifier or email: text as is, anything else unusable, except that an id given as a
 * finite number is read as its text (as Segment's libraries send numeric ids).
 */
export function readField(v: unknown, numberAsText = false): FieldRead {
  if (v === undefined) return ABSENT;
  if (v instanceof Unusable) return { state: 'unusable', what: v.what };
  if (typeof v === 'string') return v === '' ? { state: 'unusable', what: 'an empty string' } : { state: 'text', value: v };
  if (numberAsText && typeof v === 'number' && Number.isFinite(v)) return { state: 'text', value: String(v), fromNumber: true };
  return { state: 'unusable', what: describeKind(v) };
}

/** What an object or list value was, kept in its place (the value itself is not needed). */
class Unusable {
  constructor(readonly what: string) {}
  toJSON(): string {
    return `(${this.what})`;
  }
}

/** A value as kept: primitives as they are, objects and lists as what they were. */
const keep = (v: unknown): unknown => (typeof v === 'object' && v !== null ? new Unusable(describeKind(v)) : v);

/** The text the rule uses from an id value: a non-empty string, or a finite number's text. */
export function idText(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

/** The text the rule uses from an email value: a non-empty string (numbers are not emails). */
export function emailText(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

class ExtractedInput implements MatchInput {
  readonly userIdKey: number;
  readonly looseEmailAt: number = -1;
  readonly looseEmailKey: number = -1;
  readonly exactEmailAt: number = -1;
  private anonymousKey = -2;
  private exactKey = -2;
  private nearKey = -2;

  constructor(
    readonly interner: Interner,
    readonly seq: number,
    readonly messageId: string | undefined,
    readonly type: string | undefined,
    readonly receivedAt: string,
    readonly origin: 'webhook' | 'tracking',
    readonly userIdValue: unknown,
    readonly anonymousIdValue: unknown,
    readonly traitsEmail: unknown,
    readonly contextTraitsEmail: unknown,
    readonly propertiesEmail: unknown,
    readonly traits: Readonly<Record<string, unknown>>,
  ) {
    const userId = idText(userIdValue);
    this.userIdKey = userId === undefined ? -1 : interner.id(userId);
    for (let at = 0; at < 3; at++) {
      const email = emailText(this.emailValue(at));
      if (email === undefined) continue;
      if (this.exactEmailAt < 0) this.exactEmailAt = at;
      const trimmed = email.trim();
      if (trimmed === '') continue;
      this.looseEmailAt = at;
      this.looseEmailKey = interner.id(trimmed.toLowerCase());
      break;
    }
  }

  /** The value at an email location (0-2, EMAIL_PATHS order). */
  emailValue(at: number): unknown {
    return at === 0 ? this.traitsEmail : at === 1 ? this.contextTraitsEmail : this.propertiesEmail;
  }

  anonymousIdKey(): number {
    if (this.anonymousKey === -2) {
      const anonymousId = idText(this.anonymousIdValue);
      this.anonymousKey = anonymousId === undefined ? -1 : this.interner.id(anonymousId);
    }
    return this.anonymousKey;
  }

  exactEmailKey(): number {
    if (this.exactKey === -2) this.exactKey = this.exactEmailAt < 0 ? -1 : this.interner.id(this.emailValue(this.exactEmailAt) as string);
    return this.exactKey;
  }

  nearEmailKey(): number {
    if (this.nearKey === -2) this.nearKey = this.exactEmailAt < 0 ? -1 : this.interner.id((this.emailValue(this.exactEmailAt) as string).trim().toLowerCase());
    return this.nearKey;
  }

  get userId(): FieldRead {
    return readField(this.userIdValue, true);
  }
  get anonymousId(): FieldRead {
    return readField(this.anonymousIdValue, true);
  }
  get emails(): readonly [FieldRead, FieldRead, FieldRead] {
    return [readField(this.traitsEmail), readField(this.contextTraitsEmail), readField(this.propertiesEmail)];
  }
}

/** The user properties a message carries: context.traits, then an identify's traits (which win). */
function userTraits(type: unknown, traits: JsonObject | undefined, contextTraits: JsonObject | undefined): Readonly<Record<string, unknown>> {
  const own = type === 'identify' ? traits : undefined;
  if (!own && !contextTraits) return NO_TRAITS;
  let out: Record<string, unknown> | undefined;
  for (const source of [contextTraits, own]) {
    if (!source) continue;
    for (const k in source) {
      const v = source[k];
      if (v !== undefined && !NOT_PROPERTIES.has(k)) (out ??= {})[k] = v;
    }
  }
  return out ?? NO_TRAITS;
}

/** The message's MatchInput; its keys interned in `interner` (the matcher must use the same one). */
export function extractMatchInput(c: Pick<CapturedMessage, 'seq' | 'receivedAt' | 'origin' | 'message'>, interner: Interner = sharedInterner): MatchInput {
  const m = c.message;
  const traits = asObject(m.traits);
  const context = asObject(m.context);
  const contextTraits = asObject(context?.traits);
  const properties = asObject(m.properties);
  return new ExtractedInput(
    interner,
    c.seq,
    typeof m.messageId === 'string' ? m.messageId : undefined,
    typeof m.type === 'string' ? m.type : undefined,
    c.receivedAt,
    c.origin.kind,
    keep(m.userId),
    keep(m.anonymousId),
    keep(traits?.email),
    keep(contextTraits?.email),
    keep(properties?.email),
    userTraits(m.type, traits, contextTraits),
  );
}
