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
  if (text.length === 24) {
    const ms = canonicalTime(text);
    if (ms !== undefined) return ms;
  }
  return parseIsoTimeByPattern(text);
}

/** Char code of '0'. */
const ZERO = 48;

/** The digits at [at, at + n) as a number, or -1 if one is not a digit. */
function digitsAt(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * The form toISOString writes and every Segment library sends, "2026-03-01T10:00:00.000Z", read
 * without the pattern: the capture feed reads a receivedAt and a timestamp of every message, and
 * the pattern's exec was a sixth of its time at a million. Anything else (or a year before 1000,
 * which Date.UTC would move) is undefined here and left to the pattern, which reads this form alike.
 */
export function canonicalTime(text: string): number | undefined {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46 || text.charCodeAt(23) !== 90) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const millis = digitsAt(text, 20, 3);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/** parseIsoTime by the ISO-8601 pattern: every form it reads (exported to check canonicalTime against it). */
export function parseIsoTimeByPattern(text: string): number | undefined {
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
