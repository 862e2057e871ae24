// Segment's own spec: identity, a valid call type, what each call needs, ISO-8601 times,
// messageId length and object containers. Applies fully in both modes.
import type { CallType, JsonObject } from '../capture';
import { CALL_TYPES } from '../capture';
import { SEGMENT } from '../catalogs/segment';
import type { Finding } from './finding';
import { checkFields, compileFields, isMissing, type CompiledField } from './field-check';
import { lacksTimeZone, parseIsoTime } from '../tracking-api/time';
import { hasId } from '../tracking-api/drop-reasons';

/** How far the client's clock may be from the receiver's before it is worth a note. */
export const CLOCK_SKEW_NOTE_MS = 60_000;

const NAME = 'Segment';
const BASE = compileFields(
  SEGMENT.baseFields.filter((f) => f.path !== 'type'),
  'segment.base',
);
const BY_CALL = new Map<string, CompiledField[]>(
  CALL_TYPES.map((call) => [call, compileFields(SEGMENT.callFields?.[call] ?? [], `segment.${call}`)]),
);

export function checkSegment(message: JsonObject, out: Finding[]): void {
  const type = message.type;
  if (isMissing(type)) {
    out.push({ severity: 'error', path: 'type', rule: 'segment.type.required', message: `The message has no type; Segment needs one of: ${CALL_TYPES.join(', ')}.`, profile: 'segment' });
  } else if (typeof type !== 'string' || !BY_CALL.has(type)) {
    out.push({
      severity: 'error',
      path: 'type',
      rule: 'segment.type.unknown',
      message: `type ${JSON.stringify(type)} is not a Segment call type; use one of: ${CALL_TYPES.join(', ')}.`,
      profile: 'segment',
    });
  }
  // Exactly when the drop reasons say Segment drops it (an id is a non-empty string or a number).
  if (!hasId(message.userId) && !hasId(message.anonymousId)) {
    const absent = (v: unknown) => v === undefined || v === null || v === '';
    out.push({
      severity: 'error',
      path: 'userId',
      rule: 'segment.identity.required',
      message:
        absent(message.userId) && absent(message.anonymousId)
          ? 'The message has neither userId nor anonymousId; Segment accepts it with 200 and then drops it. Set at least one.'
          : 'The message has no usable userId or anonymousId (an id is a non-empty string or a number); Segment accepts it with 200 and then drops it. Set at least one.',
      profile: 'segment',
    });
  }
  checkFields(message, BASE, 'segment', NAME, out);
  const callFields = typeof type === 'string' ? BY_CALL.get(type as CallType) : undefined;
  if (callFields) checkFields(message, callFields, 'segment', NAME, out);
  const skew = clockSkewFinding(message.sentAt, message.receivedAt);
  if (skew !== null) out.push(skew);
  // The local-time warning already says sentAt has no time zone, and what it does.
  const sentAtLocal = skew !== null && skew.rule === LOCAL_TIME_RULE;
  for (const field of EVENT_TIME_FIELDS) {
    const early = beforeEventTimes(field, message[field]);
    if (early !== null) out.push(early);
  }
  for (const field of CLIENT_TIME_FIELDS) {
    const value = message[field];
    // Most times end in Z: no parsing for them.
    if (typeof value !== 'string' || value.endsWith('Z') || (field === 'sentAt' && sentAtLocal) || !lacksTimeZone(value)) continue;
    out.push({
      severity: 'info',
      path: field,
      rule: `segment.${field}.no-time-zone`,
      message: `${field} ${value} has no time zone (no Z or ±hh:mm). Segment reads every timestamp as UTC ("All timestamps are ISO-8601 date strings, and are in the UTC timezone"), and so do sessions and the event time here: if the client meant its local time, the event is off by its UTC offset in every destination. Send it with Z or an offset.`,
      profile: 'segment',
    });
  }
}

/**
 * The client's time fields. One without a time zone names no instant; Segment's spec reads it as
 * UTC, as parseIsoTime does: a note (info), since a client's naive UTC time is right as it is.
 */
const CLIENT_TIME_FIELDS = ['timestamp', 'originalTimestamp', 'sentAt'] as const;

const EVENT_TIME_FIELDS = ['timestamp', 'originalTimestamp'] as const;
/** 2000-01-01T00:00:00Z: no Segment event happened before it. */
export const EARLIEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);

/**
 * A warning for an event time before 2000. Segment keeps a client's timestamp as sent (corrected
 * only for clock skew), so the event is dated then in every destination, sessions included. Such
 * times come from a number of seconds or a bare year read as a date: analytics-php casts a string
 * timestamp with (int), so "2026-12-03 09:30:00" is sent as 1970-01-01T00:33:46+00:00.
 */
function beforeEventTimes(field: (typeof EVENT_TIME_FIELDS)[number], value: unknown): Finding | null {
  // Past 9999 only in ISO-8601's extended years ("+057912-…"): every other text stops here.
  if (typeof value === 'string' && value.charCodeAt(0) === 0x2b) return afterYear9999(field, value);
  // An ISO-8601 text sorting at or after "2000-01-02" is after 2000 began whatever its offset
  // (at most a day): most messages stop here, unparsed.
  if (typeof value !== 'string' || (value.charCodeAt(0) === 0x32 && value >= '2000-01-02')) return null;
  const ms = parseIsoTime(value);
  if (ms === undefined || ms >= EARLIEST_PLAUSIBLE_MS) return null;
  return {
    severity: 'warning',
    path: field,
    rule: `segment.${field}.before-2000`,
    message: `${field} ${value} is before 2000: Segment keeps it, so the event is dated ${new Date(ms).toISOString().slice(0, 10)} in every destination (and in sessions). A number of seconds or a year read as a time? analytics-php sends a string timestamp as (int) of it ("2026-12-03 09:30:00" becomes 1970-01-01T00:33:46): pass it a Unix time or a DateTime.`,
    profile: 'segment',
  };
}

/** 10000-01-01T00:00:00Z: later than the simulation clock can be set (it stops at 9999-12-31). */
const AFTER_YEAR_9999_MS = Date.UTC(10000, 0, 1);

/**
 * A warning for an event time after the year 9999: no simulation clock stamps it, and Segment
 * keeps it, so the event is dated then everywhere, sessions included. A client that writes a time
 * in milliseconds where seconds go (new Date(ms * 1000)) sends such a year.
 */
function afterYear9999(field: (typeof EVENT_TIME_FIELDS)[number], value: string): Finding | null {
  const ms = parseIsoTime(value);
  if (ms === undefined || ms < AFTER_YEAR_9999_MS) return null;
  return {
    severity: 'warning',
    path: field,
    rule: `segment.${field}.after-9999`,
    message: `${field} ${value} is after the year 9999, later than the simulation clock can be set: Segment keeps it, so the event is dated in the year ${new Date(ms).getUTCFullYear()} in every destination (and in sessions). A time in milliseconds read as seconds (new Date(ms * 1000))?`,
    profile: 'segment',
  };
}

// A request's messages share one sentAt and one receivedAt: the answer for the last pair is kept.
let lastSentAt: unknown;
let lastReceivedAt: unknown;
let lastSkew: Finding | null = null;

/**
 * An info note when the client's clock (sentAt) is more than a minute off the receipt time:
 * Segment corrects timestamp for it, so nothing is lost, but the client's own times are off.
 * Info, not a problem: a simulation clock set ahead of real time makes every client look off.
 */
function clockSkewFinding(sentAt: unknown, receivedAt: unknown): Finding | null {
  if (sentAt === lastSentAt && receivedAt === lastReceivedAt) return lastSkew;
  lastSentAt = sentAt;
  lastReceivedAt = receivedAt;
  lastSkew = null;
  // Same date, hour and minute, both UTC: under a minute apart, no parsing needed (most messages).
  if (typeof sentAt === 'string' && typeof receivedAt === 'string' && sentAt.length >= 17 && sentAt.endsWith('Z') && receivedAt.endsWith('Z') && sentAt.slice(0, 16) === receivedAt.slice(0, 16)) return null;
  const sent = parseIsoTime(sentAt);
  const received = parseIsoTime(receivedAt);
  if (sent === undefined || received === undefined) return null;
  const skew = sent - received;
  if (Math.abs(skew) <= CLOCK_SKEW_NOTE_MS) return null;
  const zoneMinutes = lacksTimeZone(sentAt) ? utcOffsetNear(skew) : undefined;
  if (zoneMinutes !== undefined) {
    const amount = formatOffset(Math.abs(zoneMinutes));
    const sign = zoneMinutes > 0 ? '+' : '-';
    const zone = `${sign}${String(Math.floor(Math.abs(zoneMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(zoneMinutes) % 60).padStart(2, '0')}`;
    lastSkew = Object.freeze({
      severity: 'warning',
      path: 'sentAt',
      rule: LOCAL_TIME_RULE,
      message: `sentAt ${String(sentAt)} has no time zone and reads ${amount} ${zoneMinutes > 0 ? 'ahead of' : 'behind'} the receipt time (${String(receivedAt)}): the device's local time (UTC${zone}) written without its offset, as older analytics_flutter writes DateTime.now().toIso8601String(). Segment reads it as UTC and corrects timestamp by it (receivedAt − (sentAt − originalTimestamp)), so every event of the batch is dated ${amount} ${zoneMinutes > 0 ? 'earlier' : 'later'} than it happened, in every destination. Send sentAt in UTC, with Z.`,
      profile: 'segment',
    }) as Finding;
    return lastSkew;
  }
  // Behind: a stored batch sent again keeps the sentAt of its first try in the libraries that write
  // it into the batch file (analytics-kotlin EventsFileManager.finish, analytics-swift DirectoryStore,
  // Analytics-CSharp Storage.End), and analytics-java retries one Batch object (Batch.create sets
  // sentAt, BatchUploadTask sends it up to 10 times): the gap may be the wait, not the clock.
  lastSkew = Object.freeze({
    severity: 'info',
    path: 'sentAt',
    rule: 'segment.sentAt.clock-skew',
    message: `The client's clock is ${formatSkew(Math.abs(skew))} ${skew > 0 ? 'ahead of' : 'behind'} the receiver's (sentAt ${String(sentAt)}, received ${String(receivedAt)}). Segment corrects timestamp for it: receivedAt − (sentAt − originalTimestamp).${skew > 0 ? '' : ' Or the batch waited on the device and was sent again with the sentAt of its first try (analytics-kotlin, analytics-swift, Analytics-CSharp and analytics-java set it once per batch and keep it on every retry): then the clock is right, and that correction dates its events later by the wait.'}`,
    profile: 'segment',
  }) as Finding;
  return lastSkew;
}

const LOCAL_TIME_RULE = 'segment.sentAt.local-time';

/** The UTC offsets in use that are not whole hours (India +05:30, Nepal +05:45, Newfoundland −03:30, …), in minutes. */
const PART_HOUR_OFFSETS = new Set([-570, -210, -150, 210, 270, 330, 345, 390, 525, 570, 630, 765, 825]);

/**
 * The UTC offset in minutes of a zone in use (whole hours from −12:00 to +14:00, and those above)
 * that a skew is within a minute of, else undefined: a local time written without its offset and
 * read as UTC is off by exactly that, less the time the request took.
 */
function utcOffsetNear(skewMs: number): number | undefined {
  const quarters = Math.round(skewMs / 900_000);
  const minutes = quarters * 15;
  if (minutes === 0 || minutes < -720 || minutes > 840 || (minutes % 60 !== 0 && !PART_HOUR_OFFSETS.has(minutes))) return undefined;
  return Math.abs(skewMs - minutes * 60_000) <= CLOCK_SKEW_NOTE_MS ? minutes : undefined;
}

function formatOffset(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

function formatSkew(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
}
