// Segment's time fields (domain.md): strict ISO-8601 parsing, event time, clock-skew correction.
import type { JsonObject } from '../capture';

// Extended format: date, optionally T + hh:mm[:ss[.fraction]], optionally Z or ±hh[:mm] / ±hhmm.
// The year has 4 digits, or a sign and 6 (the expanded years toISOString writes outside 0-9999).
const ISO_8601 =
  /^(\d{4}|[+-]\d{6})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/** The largest distance from the epoch a Date holds, in ms. */
const MAX_DATE_MS = 8.64e15;

/** Days in a month (1-12) of a proleptic Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Milliseconds since the epoch for an ISO-8601 date or date-time, or undefined for anything else
 * (Date.parse accepts "Tuesday", "1/2/2024" and more; Segment's fields are ISO-8601).
 * A date alone is midnight UTC. A date-time without an offset is read as UTC, not local time,
 * so the answer is the same on every machine. Fractions beyond milliseconds are truncated.
 * Every time a Date holds reads back from its toISOString(), expanded years included.
 */
export function parseIsoTime(text: unknown): number | undefined {
  if (typeof text !== 'string' || text.length > 64) return undefined;
  const m = ISO_8601.exec(text);
  if (!m) return undefined;
  if (m[1] === '-000000') return undefined; // no negative zero year (ECMAScript's date format)
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const offsetHours = Number(m[10]);
    const offsetMins = m[11] === undefined ? 0 : Number(m[11]);
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear keeps the year as written.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  date.setUTCFullYear(year);
  const ms = date.getTime() - offsetMinutes * 60_000;
  // Outside what a Date holds (±8.64e15 ms), as Date.parse would say.
  return Math.abs(ms) <= MAX_DATE_MS ? ms : undefined;
}

/**
 * Whether an ISO-8601 time that parseIsoTime reads has no time zone (neither Z nor an offset):
 * "2026-03-01T10:00:00", or a date alone. parseIsoTime reads it as UTC, as Segment does.
 */
export function lacksTimeZone(text: unknown): boolean {
  if (parseIsoTime(text) === undefined) return false;
  const m = ISO_8601.exec(text as string)!;
  return m[8] === undefined && m[9] === undefined;
}

/** The message's own time: the field it was read from, the text as written, and its instant. */
export interface OwnEventTime {
  field: 'originalTimestamp' | 'timestamp';
  text: string;
  ms: number;
}

/**
 * The message's own time: originalTimestamp, else timestamp, the first that parseIsoTime reads
 * (a field present but unreadable, or not a string, is skipped). Every reader of a message's time
 * goes through this (sessions, the inspector's event time, the engine's messages.eventTimes), so
 * one message's time is the same instant everywhere, whatever the machine's time zone.
 */
export function ownEventTime(message: JsonObject): OwnEventTime | undefined {
  for (const field of ['originalTimestamp', 'timestamp'] as const) {
    const text = message[field];
    const ms = parseIsoTime(text);
    if (ms !== undefined) return { field, text: text as string, ms };
  }
  return undefined;
}

/** Event time for simulation: originalTimestamp, else timestamp, else receivedAt (first that parses). */
export function eventTime(message: JsonObject): number | undefined {
  return ownEventTime(message)?.ms ?? parseIsoTime(message.receivedAt);
}

/**
 * Segment's clock-skew correction: receivedAt − (sentAt − originalTimestamp), in ms. Undefined
 * unless all three parse; a `timestamp` set by the caller is used by Segment as is, uncorrected.
 */
export function skewCorrectedTimestamp(message: JsonObject): number | undefined {
  const receivedAt = parseIsoTime(message.receivedAt);
  const sentAt = parseIsoTime(message.sentAt);
  const originalTimestamp = parseIsoTime(message.originalTimestamp);
  if (receivedAt === undefined || sentAt === undefined || originalTimestamp === undefined) return undefined;
  return receivedAt - (sentAt - originalTimestamp);
}
