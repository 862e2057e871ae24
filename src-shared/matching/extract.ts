// One captured message -> the small MatchInput the rule needs. Extracted once per message and
// kept, so a settings change or a what-if re-runs the rule without reading the log again.
import type { CapturedMessage, JsonObject } from '../capture';
import type { FieldRead, MatchInput } from './types';

const ABSENT: FieldRead = Object.freeze({ state: 'absent' });
/** Keys the rule handles itself; every other trait becomes a user property. */
const NOT_PROPERTIES = new Set(['email', 'username']);

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
  if (typeof v === 'string') return v === '' ? { state: 'unusable', what: 'an empty string' } : { state: 'text', value: v };
  if (numberAsText && typeof v === 'number' && Number.isFinite(v)) return { state: 'text', value: String(v), fromNumber: true };
  return { state: 'unusable', what: describeKind(v) };
}

/** The user properties a message carries: context.traits, then an identify's traits (which win). */
function userTraits(type: unknown, traits: JsonObject | undefined, contextTraits: JsonObject | undefined): Record<string, unknown> {
  const own = type === 'identify' ? traits : undefined;
  if (!own && !contextTraits) return {};
  const out: Record<string, unknown> = {};
  for (const source of [contextTraits, own]) {
    if (!source) continue;
    for (const [k, v] of Object.entries(source)) {
      if (!NOT_PROPERTIES.has(k) && v !== undefined) out[k] = v;
    }
  }
  return out;
}

export function extractMatchInput(c: Pick<CapturedMessage, 'seq' | 'receivedAt' | 'origin' | 'message'>): MatchInput {
  const m = c.message;
  const traits = asObject(m.traits);
  const context = asObject(m.context);
  const contextTraits = asObject(context?.traits);
  const properties = asObject(m.properties);
  return {
    seq: c.seq,
    messageId: typeof m.messageId === 'string' ? m.messageId : undefined,
    type: typeof m.type === 'string' ? m.type : undefined,
    receivedAt: c.receivedAt,
    origin: c.origin.kind,
    userId: readField(m.userId, true),
    anonymousId: readField(m.anonymousId, true),
    emails: [readField(traits?.email), readField(contextTraits?.email), readField(properties?.email)],
    traits: userTraits(m.type, traits, contextTraits),
  };
}
