// What the session model needs of one captured message, read defensively (Segment messages are
// loose): kept in memory so a settings change re-derives sessions without reading the log again.
import type { CapturedMessage, JsonObject } from '../capture';
import { freshsuccessGroupId } from '../validate/freshsuccess-rules';

export type TimeSource = 'originalTimestamp' | 'timestamp' | 'receivedAt';

export interface SessionInput {
  seq: number;
  anonymousId: string;
  userId?: string;
  groupId?: string;
  type: string;
  /** track: the event name (Freshsuccess' feature); other calls: "(identify)" etc. */
  feature: string;
  /** properties.module, or undefined ("(no module)"). */
  module?: string;
  /** The message's time: originalTimestamp, else timestamp, else receivedAt. */
  timeMs: number;
  timeSource: TimeSource;
  /** The engine's (simulation) clock when the message arrived: its receivedAt. */
  arrivalMs: number;
  /** Endpoint it came in on ("/v1/batch", "/webhook/pf"): the Sessions view filters by it. */
  endpoint: string;
  /** The write key's fingerprint (origin.writeKeyFingerprint), for the write-key filter. */
  writeKeyFingerprint?: string;
}

export const NO_MODULE = '(no module)';

function idString(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function timeOf(v: unknown): number | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const ms = typeof v === 'number' ? v : Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

const asIs = (text: string) => text;

/**
 * The session model's view of a message; undefined when it has no anonymousId (no session).
 * `intern` may swap each text for an equal one already held: inputs live as long as the log, and
 * a visitor's id, an event name or a module recurs in message after message, each a fresh string
 * when read back from the log.
 */
export function toSessionInput(capture: Pick<CapturedMessage, 'seq' | 'receivedAt' | 'origin' | 'message'>, intern: (text: string) => string = asIs): SessionInput | undefined {
  const m = capture.message;
  const rawAnonymousId = idString(m.anonymousId);
  if (rawAnonymousId === undefined) return undefined;
  const anonymousId = intern(rawAnonymousId);
  const arrivalMs = timeOf(capture.receivedAt) ?? 0;
  let timeMs = timeOf(m.originalTimestamp);
  let timeSource: TimeSource = 'originalTimestamp';
  if (timeMs === undefined) {
    timeMs = timeOf(m.timestamp);
    timeSource = 'timestamp';
  }
  if (timeMs === undefined) {
    timeMs = arrivalMs;
    timeSource = 'receivedAt';
  }
  const type = typeof m.type === 'string' ? m.type : '(no type)';
  const props = m.properties && typeof m.properties === 'object' && !Array.isArray(m.properties) ? (m.properties as JsonObject) : undefined;
  const module = props ? idString(props.module) : undefined;
  const event = idString(m.event);
  const input: SessionInput = {
    seq: capture.seq,
    anonymousId,
    type: intern(type),
    feature: intern(type === 'track' && event !== undefined ? event : `(${type})`),
    timeMs,
    timeSource,
    arrivalMs,
    endpoint: intern(capture.origin.endpoint),
  };
  const userId = idString(m.userId);
  if (userId !== undefined) input.userId = intern(userId);
  const groupId = idString(freshsuccessGroupId(m)); // groupId, else context.groupId, as Freshsuccess reads it
  if (groupId !== undefined) input.groupId = intern(groupId);
  if (module !== undefined) input.module = intern(module);
  if (capture.origin.kind === 'tracking' && capture.origin.writeKeyFingerprint) input.writeKeyFingerprint = intern(capture.origin.writeKeyFingerprint);
  return input;
}
