// The message as Segment delivers it to a destination, from the message as the client sent it
// (domain.md): Segment sets receivedAt, originalTimestamp (the client's timestamp), the
// skew-corrected timestamp and a messageId when missing; batch-level context/integrations are
// merged at capture already. Destination rules (Freshsuccess) judge this form; source catalogs
// judge the message as sent. Pure: the receipt time comes from the message or the caller.
import type { JsonObject } from './capture';
import { parseIsoTime } from './tracking-api/time';

export interface DeliveredChange {
  /** Field of the delivered message Segment set or changed, e.g. "originalTimestamp". */
  path: string;
  /** The field in the client's own message it comes from, when there is one (e.g. "timestamp"). */
  from?: string;
  /** What Segment did, for a person: "set from the client's timestamp". */
  why: string;
}

export interface DeliveredForm {
  message: JsonObject;
  /** What Segment added or changed, in field order; empty when it would deliver the message as sent. */
  changes: DeliveredChange[];
  /** Client clock minus receipt clock in ms (sentAt − receivedAt), when both parse. */
  clockSkewMs?: number;
}

export interface DeliveredOptions {
  /** Receipt time when the message carries none (the composer: "now"). */
  receivedAt?: string;
}

/** Milliseconds as ISO-8601 (UTC, millisecond precision), or undefined outside Date's range. */
function iso(ms: number): string | undefined {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function deliveredForm(message: JsonObject, options: DeliveredOptions = {}): DeliveredForm {
  const out: JsonObject = { ...message };
  const changes: DeliveredChange[] = [];
  const receivedAt = typeof message.receivedAt === 'string' ? message.receivedAt : options.receivedAt;
  if (message.receivedAt === undefined && receivedAt !== undefined) {
    out.receivedAt = receivedAt;
    changes.push({ path: 'receivedAt', why: 'set by Segment on receipt' });
  }
  // The client's event time: its originalTimestamp when it sent one (server libraries may), else
  // its timestamp; Segment keeps it as originalTimestamp.
  const clientTime = message.originalTimestamp ?? message.timestamp;
  if (message.originalTimestamp === undefined) {
    if (message.timestamp !== undefined) {
      out.originalTimestamp = message.timestamp;
      changes.push({ path: 'originalTimestamp', from: 'timestamp', why: "set from the client's timestamp" });
    } else if (receivedAt !== undefined) {
      out.originalTimestamp = receivedAt;
      changes.push({ path: 'originalTimestamp', why: 'the client sent no time: Segment uses the receipt time' });
    }
  }
  const receivedMs = parseIsoTime(receivedAt);
  const sentMs = parseIsoTime(message.sentAt);
  const clientMs = parseIsoTime(clientTime);
  let clockSkewMs: number | undefined;
  if (receivedMs !== undefined && sentMs !== undefined) clockSkewMs = sentMs - receivedMs;
  let timestamp: string | undefined;
  if (receivedMs !== undefined && sentMs !== undefined && clientMs !== undefined) {
    timestamp = iso(receivedMs - (sentMs - clientMs));
    if (timestamp !== undefined && timestamp !== message.timestamp) {
      changes.push({ path: 'timestamp', from: message.timestamp !== undefined ? 'timestamp' : undefined, why: 'corrected for clock skew: receivedAt − (sentAt − originalTimestamp)' });
    }
  } else if (message.timestamp === undefined) {
    timestamp = typeof clientTime === 'string' ? clientTime : receivedAt;
    if (timestamp !== undefined) changes.push({ path: 'timestamp', why: clientTime !== undefined ? 'set from the client time' : 'the client sent no time: Segment uses the receipt time' });
  }
  if (timestamp !== undefined) out.timestamp = timestamp;
  if (message.messageId === undefined || message.messageId === null || message.messageId === '') {
    // The receiver assigns one at capture; a message checked before sending gets one from Segment.
    changes.push({ path: 'messageId', why: 'assigned by Segment (the message has none)' });
  }
  return { message: out, changes, clockSkewMs };
}

/**
 * The delivered form's originalTimestamp alone, without building the form: what destination
 * checks read per message at ingest (the only delivered field a destination rule reads today).
 */
export function deliveredOriginalTimestamp(message: JsonObject, receivedAt?: string): unknown {
  if (message.originalTimestamp !== undefined) return message.originalTimestamp;
  if (message.timestamp !== undefined) return message.timestamp;
  return message.receivedAt ?? receivedAt;
}
