// Display helpers for inspector rows and the detail pane. Pure: unit-tested without a DOM.
import { SEVERAL_SIGNATURES, signatureCount, signatureShapeFault } from '../../../src-shared/signature-shape';
import type { DropCode, MessageSummary, SignatureCheck } from '../../../src-shared/capture';
import { parseIsoTime } from '../../../src-shared/tracking-api/time';
import { exactText, isExactNumber } from '../../../src-shared/exact-json';
import { calendarFields } from '../../../src-shared/sim-clock';

// A message's time text is read as the engine and the sessions read it (parseIsoTime: ISO-8601,
// a time without an offset is UTC), then shown in the machine's local time. new Date(text) read
// an offset-less time as local time: the row showed another instant than the session.
const p = (n: number, w = 2) => String(n).padStart(w, '0');
/** A year in four digits at least (`0000`, `0999`, `-0001`): year 0 read "0-01-01", cut-looking beside "2026-…". */
const year = (y: number) => (y < 0 ? `-${p(-y, 4)}` : p(y, 4));

/** "14:03:07.412" in local time; the full ISO string is in the row's title. The text itself when it is not a time. */
export function formatTime(iso: string): string {
  const ms = parseIsoTime(iso);
  if (ms === undefined) return iso;
  const d = new Date(ms);
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * How much of the date a column of times needs: `time` when every time is on the local day of
 * `nowMs` (today), `day` when some are on another day of the same year, `year` when some are in
 * another year. A log that spans midnight, or an import from March, showed bare clock times that
 * read as going back in time.
 */
export type StampDetail = 'time' | 'day' | 'year';

export function stampDetail(times: Iterable<string>, nowMs: number): StampDetail {
  const now = new Date(nowMs);
  let detail: StampDetail = 'time';
  for (const t of times) {
    const ms = parseIsoTime(t);
    if (ms === undefined) continue;
    const d = new Date(ms);
    if (d.getFullYear() !== now.getFullYear()) return 'year';
    if (d.getMonth() !== now.getMonth() || d.getDate() !== now.getDate()) detail = 'day';
  }
  return detail;
}

/**
 * A time in local time at the given detail: `14:03:07.412`, `Dec 03 14:03:07`, `2025-12-03 14:03:07`
 * (the day padded, so a column's clock times line up). The text itself when it is not a time.
 */
export function formatStamp(iso: string, detail: StampDetail): string {
  if (detail === 'time') return formatTime(iso);
  const ms = parseIsoTime(iso);
  if (ms === undefined) return iso;
  const d = new Date(ms);
  const clock = `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return detail === 'day' ? `${MONTHS[d.getMonth()]} ${p(d.getDate())} ${clock}` : `${year(d.getFullYear())}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${clock}`;
}

/** "May 01 09:00:00" in local time: the day and the time to the second, for an event on another day than its receipt. */
export function formatDayTime(iso: string): string {
  return formatStamp(iso, 'day');
}

/**
 * "2026-05-01 10:00:00" (with ".412" when `millis`) in local time; past what a Date holds (a session
 * timing out after a message stamped in the year 275760) the same form, "275760-09-13 00:30:00"
 * (calendarFields), where it read "0NaN-NaN-NaN NaN:NaN:NaN". NaN reads "NaN".
 */
export function localDateTime(ms: number, millis = false): string {
  const date = localDate(ms);
  return date === undefined ? String(ms) : `${date} ${localClockTime(ms, millis)}`;
}

/** "2026-05-01 10:00" in local time: to the minute (slicing localDateTime cut a six-digit year's). */
export function localDateMinute(ms: number): string {
  const date = localDate(ms);
  return date === undefined ? String(ms) : `${date} ${localClockTime(ms).slice(0, 5)}`;
}

/** "10:00:00" (with ".412" when `millis`) in local time: the time of day alone. */
export function localClockTime(ms: number, millis = false): string {
  const f = calendarFields(ms, 'local');
  if (!f) return String(ms);
  const text = `${p(f.hours)}:${p(f.minutes)}:${p(f.seconds)}`;
  return millis ? `${text}.${p(f.millis, 3)}` : text;
}

function localDate(ms: number): string | undefined {
  const f = calendarFields(ms, 'local');
  return f && `${year(f.year)}-${p(f.month)}-${p(f.day)}`;
}

/** The local time zone's offset at `ms`, as a caption says it: "UTC", "UTC+05:30", "UTC−04:00". */
export function utcOffsetText(ms: number): string {
  const minutes = -new Date(ms).getTimezoneOffset();
  if (minutes === 0) return 'UTC';
  const a = Math.abs(minutes);
  return `UTC${minutes > 0 ? '+' : '−'}${p(Math.floor(a / 60))}:${p(a % 60)}`;
}

/** The full instant for a tooltip: the text as the message has it, and the local reading when it differs. */
export function stampTitle(label: string, iso: string): string {
  const ms = parseIsoTime(iso);
  if (ms === undefined) return `${label} ${iso}`;
  return `${label} ${iso} (local time ${localDateTime(ms, true)})`;
}

/** Whether two time texts fall on the same local day (false when either is not a time). */
export function sameLocalDay(a: string, b: string): boolean {
  const am = parseIsoTime(a);
  const bm = parseIsoTime(b);
  return am !== undefined && bm !== undefined && new Date(am).toDateString() === new Date(bm).toDateString();
}

export function identityText(s: Pick<MessageSummary, 'userId' | 'anonymousId'>): string {
  if (s.userId) return s.userId;
  if (s.anonymousId) return `anon ${s.anonymousId}`;
  return '—';
}

/** Where the message came from: the webhook name, or the endpoint and masked write key. */
export function originText(s: Pick<MessageSummary, 'origin' | 'endpoint' | 'webhook' | 'writeKeyMasked'>): string {
  if (s.origin === 'webhook') return `webhook ${s.webhook ?? s.endpoint.replace(/^\/webhook\//, '')}`;
  return s.writeKeyMasked ? `${s.endpoint} · ${s.writeKeyMasked}` : s.endpoint;
}

export const DROP_LABELS: Record<DropCode, string> = {
  'missing-identity': 'no userId or anonymousId',
  'missing-event': 'track without event',
  'missing-group-id': 'group without groupId',
  'missing-previous-id': 'alias without previousId',
  'unknown-type': 'unknown type',
  'duplicate-message-id': 'duplicate messageId',
  'message-id-too-long': 'messageId over 100 characters',
};

export type SignatureStatus = SignatureCheck['status'];

export const SIGNATURE_LABELS: Record<SignatureStatus, string> = {
  valid: 'signature valid',
  invalid: 'signature invalid',
  missing: 'signature missing',
  'no-secret': 'no secret set',
};

const BASIS_LABELS: Record<Extract<SignatureCheck, { status: 'valid' }>['basis'], string> = {
  'raw-body': 'over the raw body',
  serialized: 'over the re-serialized payload',
  'first-element': 'over the first element of the array',
};

/** What the signature check found, after its status badge (so it never repeats the status word). */
export function describeSignature(check: SignatureCheck): string {
  switch (check.status) {
    case 'valid':
      return `computed ${BASIS_LABELS[check.basis]}`;
    case 'invalid':
    {
      const n = signatureCount(check.received ?? '');
      if (n > 1) return `${n} X-Signature headers came (${check.received}), ${SEVERAL_SIGNATURES}`;
      // Its shape may say why (a "sha1=" prefix, an HMAC-SHA256), as the 401 does.
      const fault = check.received ? signatureShapeFault(check.received) : undefined;
      return `the X-Signature ${check.received ? `(${check.received}) ` : ''}matches neither the raw body nor the re-serialized payload${fault ? `: ${fault}` : ''}`;
    }
    case 'missing':
      return 'a secret is set but the request had no X-Signature header';
    case 'no-secret':
      return check.received
        ? `${signatureCount(check.received) > 1 ? `${signatureCount(check.received)} X-Signature headers` : 'an X-Signature'} came (${check.received}), but no secret is set for this webhook: set its secret in the Webhooks tab to check it`
        : 'the request had no X-Signature, and no secret is set for this webhook';
  }
}

export const PROFILE_LABELS: Record<string, string> = {
  segment: 'Segment spec',
  provesource: 'ProveSource',
  produktly: 'Produktly',
  freshsuccess: 'Freshsuccess',
};

export function profileLabel(id: string): string {
  return PROFILE_LABELS[id] ?? id;
}

/**
 * A finding's message with the client's digits for the number it is about. Findings are made from
 * the plain JSON.parse, so a finding on an id past 2^53 said "it is the number 9007199254740992"
 * of a client that sent 9007199254740993 (or 1234567890123456800 for 1234567890123456789). When
 * the value at the finding's path is a number kept as the client wrote it (src-shared/exact-json),
 * JavaScript's digits for it are replaced by the client's.
 */
export function withClientDigits(text: string, path: string | undefined, message: unknown): string {
  if (!path) return text;
  let node = message;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (node === null || typeof node !== 'object') return text;
    node = (node as Record<string, unknown>)[part];
  }
  if (!isExactNumber(node)) return text;
  const exact = exactText(node);
  const rounded = String(Number(exact));
  return rounded === exact ? text : text.split(rounded).join(exact);
}

/** A value's leading and trailing whitespace apart from the rest (`core`). */
export function edgeSpace(text: string): { before: string; core: string; after: string } {
  const before = /^\s*/.exec(text)![0];
  const rest = text.slice(before.length);
  const after = /\s*$/.exec(rest)![0];
  return { before, core: rest.slice(0, rest.length - after.length), after };
}

/** "1 space", "2 whitespace characters". */
function spacesText(s: string): string {
  const noun = /^ +$/.test(s) ? 'space' : 'whitespace character';
  return `${s.length} ${noun}${s.length === 1 ? '' : 's'}`;
}

/**
 * A value for a tooltip, quoted with what surrounds it said in words when it has whitespace at
 * either end (`"Jane@Acme.com " (1 space after it)`), else as it is.
 */
export function edgeSpaceTitle(text: string): string {
  const { before, core, after } = edgeSpace(text);
  if (!before && !after) return text;
  const said = [before && `${spacesText(before)} before it`, after && `${spacesText(after)} after it`].filter(Boolean).join(', ');
  return `"${text}" (${core ? said : `only ${spacesText(text)}`})`;
}
