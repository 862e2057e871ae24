// Pure composer logic: paths into a message, form values <-> JSON values, the JSON editor's
// parsing, and the skeleton a newly picked event starts from. No DOM, no React: unit-tested.
import type { JsonObject } from '../../../src-shared/capture';
import { fieldsFor, findEvent, getProfile, listEvents } from '../../../src-shared/catalogs';
import type { FieldSpec, ProfileId } from '../../../src-shared/catalogs';
import { exactNumber, exactText, holdsExactNumbers, isExactNumber, isJsonNumberLiteral, isLossyLiteral, mayHoldLossyNumber, parseExact, stringifyExact } from '../../../src-shared/exact-json';
import { locateJsonError } from '../../../src-shared/tracking-api/json-error';

export type PathKey = string | number;

/** "properties.events[1].click" -> ['properties', 'events', 1, 'click']. */
export function parsePath(path: string): PathKey[] {
  const keys: PathKey[] = [];
  for (const part of path.split('.')) {
    if (part === '') continue;
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      keys.push(part);
      continue;
    }
    if (m[1]) keys.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) keys.push(Number(idx[1]));
  }
  return keys;
}

export function formatPath(keys: readonly PathKey[]): string {
  return keys.reduce<string>((out, k) => (typeof k === 'number' ? `${out}[${k}]` : out ? `${out}.${k}` : k), '');
}

export function getPath(root: unknown, path: string | readonly PathKey[]): unknown {
  let node = root;
  for (const key of typeof path === 'string' ? parsePath(path) : path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PathKey, unknown>)[key];
  }
  return node;
}

/**
 * A copy of `root` with the value at `path` replaced (undefined removes it). Objects and arrays
 * on the way are copied, never mutated, so React sees a new message; missing ones are created.
 */
export function setPath<T>(root: T, path: string | readonly PathKey[], value: unknown): T {
  const keys = typeof path === 'string' ? parsePath(path) : path;
  if (keys.length === 0) return value as T;
  const [head, ...rest] = keys;
  const base: unknown = root !== null && typeof root === 'object' ? root : typeof head === 'number' ? [] : {};
  const copy = (Array.isArray(base) ? [...base] : { ...(base as object) }) as Record<PathKey, unknown>;
  const next = rest.length === 0 ? value : setPath(copy[head], rest, value);
  if (next === undefined && !Array.isArray(copy)) delete copy[head];
  else copy[head] = next;
  return copy as T;
}

/**
 * The string or boolean a form input shows for a message value. The form reads the message as the
 * JSON editor's text holds it (formMessage): a number JSON.parse rounds is a marker, shown as its digits.
 */
export function toInputValue(field: Pick<FieldSpec, 'type'>, value: unknown): string | boolean {
  if (field.type === 'boolean') return value === true;
  if (value === undefined || value === null) return '';
  if (field.type === 'object' || field.type === 'array') return subtreeText(value);
  if (isExactNumber(value)) return exactText(value);
  return typeof value === 'string' ? value : String(value);
}

/**
 * The message value for what was typed. Empty text removes the field (so "required" findings
 * show); a number that does not parse stays text, so the validator can say it is not a number.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function fromInputValue(field: Pick<FieldSpec, 'type'>, raw: string | boolean): unknown {
  if (field.type === 'boolean') return raw === true;
  const text = String(raw);
  if (text.trim() === '') return undefined;
  if (field.type === 'number') {
    // A number a double cannot hold (an id past 2^53) is kept as typed: a marker of its digits.
    const literal = text.trim();
    if (isJsonNumberLiteral(literal) && isLossyLiteral(literal)) return exactNumber(literal);
    // Decimal only: Number() also reads 0x1F, 0b1, 0o7 and Infinity, which were sent as 31, 1, 7…
    // while the field showed what was typed. Anything else stays text, which the validator names.
    const n = DECIMAL.test(literal) ? Number(literal) : NaN;
    return Number.isFinite(n) ? n : text;
  }
  return text;
}

/** A form's object or array input (JsonSubtreeInput): its text, and the value read back, with the digits of numbers JSON.parse rounds. */
export function subtreeText(value: unknown): string {
  return stringifyExact(value, 2);
}
export function parseSubtreeText(text: string): unknown {
  return parseExact(text);
}

export interface JsonParseError {
  message: string;
  line: number;
  column: number;
}
export type JsonParseResult = { ok: true; value: JsonObject } | { ok: false; error: JsonParseError };

/** Parses the JSON editor's text; errors say what and where (line/column). */
export function parseMessageJson(text: string): JsonParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const where = locateJsonError(text);
    const message = where?.reason ?? (err instanceof Error ? err.message : String(err));
    return { ok: false, error: { message, line: where?.line ?? 1, column: where?.column ?? 1 } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: { message: 'A Segment message must be a JSON object ({ ... })', line: 1, column: 1 } };
  }
  return { ok: true, value: value as JsonObject };
}

export function formatMessageJson(message: JsonObject): string {
  return JSON.stringify(message, null, 2);
}

/** formatMessageJson of a message read with parseExact: its numbers with the client's digits. */
export function formatExactMessageJson(message: JsonObject): string {
  return stringifyExact(message, 2);
}

/**
 * The editor's text when it may hold a number JSON.parse rounds (exact-json), for whatever sends
 * or rewrites the message to read its digits from; undefined for the common text, whose parse is
 * exact. Findings and the form always read the plain parse.
 */
export function exactMessageText(text: string): string | undefined {
  return mayHoldLossyNumber(text) ? text : undefined;
}

/** setPath on the message as the editor's text holds it, formatted; the text's digits are kept. */
export function setPathInText(text: string, path: string, value: unknown): string {
  return formatExactMessageJson(setPath(parseExact(text) as JsonObject, path, value));
}

/**
 * The message the form shows and edits for the editor's text (which parses to `message`): read
 * with parseExact when the text may hold a number JSON.parse rounds, so the form shows its digits
 * and a form edit writes them back; else `message` itself.
 */
export function formMessageOf(text: string, message: JsonObject): JsonObject {
  return exactMessageText(text) === undefined ? message : (parseExact(text) as JsonObject);
}

/** A form edit (setPath at `path`) of the editor's text: the new message (its plain parse) and text; the text's digits and the value's are kept. */
export function editMessage(text: string, message: JsonObject, path: string, value: unknown): { message: JsonObject; jsonText: string } {
  if (exactMessageText(text) === undefined && !holdsExactNumbers(value)) {
    const next = setPath(message, path, value);
    return { message: next, jsonText: formatMessageJson(next) };
  }
  const jsonText = setPathInText(text, path, value);
  return { message: JSON.parse(jsonText) as JsonObject, jsonText };
}

/** A message as formMessageOf reads it (markers for long numbers) -> the editor's text with their digits and its plain parse. */
export function messageFromForm(formMessage: JsonObject): { message: JsonObject; jsonText: string } {
  if (!holdsExactNumbers(formMessage)) return { message: formMessage, jsonText: formatMessageJson(formMessage) };
  const jsonText = formatExactMessageJson(formMessage);
  return { message: JSON.parse(jsonText) as JsonObject, jsonText };
}

/** Fields the composer shows in its fixed "Identity & time" section, not among the event's fields. */
export const IDENTITY_PATHS = ['userId', 'anonymousId', 'groupId'] as const;
export const TIME_PATHS = ['timestamp', 'originalTimestamp'] as const;
// sentAt and receivedAt are set by the sender and the receiver, not composed.
const FIXED_PATHS = new Set<string>(['type', 'event', 'messageId', 'context', 'integrations', 'sentAt', 'receivedAt', ...IDENTITY_PATHS, ...TIME_PATHS]);

export interface FormLayout {
  /** Identity fields to show, with the catalog's spec when it has one. */
  identity: FieldSpec[];
  time: FieldSpec[];
  /** The event's / call's own fields (properties.*, traits.*, arrays, name, previousId ...). */
  fields: FieldSpec[];
  /** For profiles without an event catalog: the event name is typed (track). */
  eventNameField?: FieldSpec;
}

function fallbackField(path: string, label: string, type: FieldSpec['type'], description: string): FieldSpec {
  return { path, label, type, requirement: 'optional', description, example: undefined };
}

/** Which inputs the form shows for a profile and an event (source) or call type. */
export function formLayout(profileId: ProfileId, eventOrCall: string): FormLayout {
  const fields = fieldsFor(profileId, eventOrCall);
  const byPath = new Map(fields.map((f) => [f.path, f]));
  const call = callOf(profileId, eventOrCall);
  const identity = [
    byPath.get('userId') ?? fallbackField('userId', 'User ID', 'string', 'Your id for the user.'),
    byPath.get('anonymousId') ?? fallbackField('anonymousId', 'Anonymous ID', 'string', 'Id for a visitor not yet known.'),
  ];
  const groupId = byPath.get('groupId');
  if (groupId) identity.push(groupId);
  const time = [
    byPath.get('timestamp') ?? fallbackField('timestamp', 'Timestamp', 'iso8601', 'When the event happened (ISO-8601).'),
    ...(byPath.get('originalTimestamp') ? [byPath.get('originalTimestamp')!] : []),
  ];
  const isSource = !!getProfile(profileId).events;
  return {
    identity,
    time,
    fields: fields.filter((f) => !FIXED_PATHS.has(f.path) || (f.path === 'groupId' && call === 'group' && !groupId)),
    ...(!isSource && call === 'track' ? { eventNameField: byPath.get('event') } : {}),
  };
}

// Set by the sender, the SDK (_metadata, channel, version), the receiver or the event picker, or not
// composed here: never listed as lacking a field (a captured message opened in the composer has them).
const ENVELOPE_PATHS = new Set<string>(['type', 'event', 'messageId', 'context', 'integrations', 'sentAt', 'receivedAt', '_metadata', 'channel', 'version']);
// The event's own-field containers: with no field under them (a plain Segment track), their keys are named, not the container.
const CONTAINERS = new Set<string>(['properties', 'traits']);

/**
 * What the message holds that the form shows no input for (a groupId kept from a Freshsuccess
 * event after switching to Produktly, a property typed in the JSON editor), as paths:
 * "groupId", "properties.plan". Envelope keys (type, messageId, context, ...) are left out.
 */
export function pathsWithoutField(layout: FormLayout, message: JsonObject): string[] {
  const shown = [...layout.identity, ...layout.time, ...layout.fields, ...(layout.eventNameField ? [layout.eventNameField] : [])].map((f) => f.path);
  const under = (p: string, q: string) => q.startsWith(`${p}.`) || q.startsWith(`${p}[`);
  const out: string[] = [];
  const walk = (obj: JsonObject, prefix: string) => {
    for (const [key, value] of Object.entries(obj)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (prefix === '' && ENVELOPE_PATHS.has(key)) continue;
      if (shown.some((s) => s === path || under(s, path))) continue;
      const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
      if (isObject && (shown.some((s) => under(path, s)) || (prefix === '' && CONTAINERS.has(key)))) walk(value as JsonObject, path);
      else if (!shown.some((s) => under(path, s))) out.push(path);
    }
  };
  walk(message, '');
  return out;
}

/** The call type for an event of a source catalog, or the call itself. */
export function callOf(profileId: ProfileId, eventOrCall: string): string {
  return findEvent(profileId, eventOrCall)?.event.call ?? eventOrCall;
}

/** What the event picker offers: catalog events (every spelling) or the profile's call types. */
export function eventChoices(profileId: ProfileId): { value: string; label: string }[] {
  const profile = getProfile(profileId);
  if (!profile.events) return profile.calls.map((c) => ({ value: c, label: c }));
  const out: { value: string; label: string }[] = [];
  for (const event of listEvents(profileId)) {
    const spellings = event.spellings ?? [{ name: event.name, style: 'Title Case' as const, origin: event.origin }];
    for (const s of spellings) out.push({ value: s.name, label: spellings.length > 1 ? `${s.name}  (${s.style})` : s.name });
  }
  return out;
}

/** A blank row for an array field, typed from its item specs (booleans false, the rest empty). */
export function blankRow(items: readonly FieldSpec[] | undefined): JsonObject {
  const row: JsonObject = {};
  for (const item of items ?? []) {
    if (item.type === 'boolean') row[item.path] = false;
    else if (item.type === 'string' || item.type === 'email' || item.type === 'iso8601') row[item.path] = '';
  }
  return row;
}

/**
 * The message a newly picked event starts from: its type and event name, the identity and
 * message id carried over, the time set to now, and the event's fields left for the user (the
 * findings list what is required). "Fill with example" gives realistic values instead.
 */
export function skeletonMessage(profileId: ProfileId, eventOrCall: string, previous: JsonObject, now: string, messageId: string): JsonObject {
  const call = callOf(profileId, eventOrCall);
  const found = findEvent(profileId, eventOrCall);
  const message: JsonObject = { type: call };
  if (found) message.event = eventOrCall;
  else if (call === 'track' && typeof previous.event === 'string' && !isExactNumber(previous.event)) message.event = previous.event;
  for (const key of IDENTITY_PATHS) if (previous[key] !== undefined) message[key] = previous[key];
  if (message.userId === undefined && message.anonymousId === undefined) message.userId = 'user_1';
  message.messageId = messageId;
  message.timestamp = now;
  if (fieldsFor(profileId, eventOrCall).some((f) => f.path === 'originalTimestamp')) message.originalTimestamp = now;
  if (call === 'track' || call === 'page' || call === 'screen') message.properties = {};
  if (call === 'identify' || call === 'group') message.traits = {};
  return message;
}

/** The closest path that has an input: "properties.events[1].click" -> itself, else its parents. */
export function pathCandidates(path: string): string[] {
  const keys = parsePath(path);
  const out: string[] = [];
  for (let n = keys.length; n > 0; n--) out.push(formatPath(keys.slice(0, n)));
  return out;
}

/**
 * Where the value a path names is in the editor's text, to put the caret there: the offset of its
 * key (an object member) or of the value itself (an array row), or, when the text lacks the path
 * past some point, of the deepest part it has. The text is walked as JSON, so a row index and the
 * nesting count ("properties.events[1].click" is in the second row; "userId" is not
 * context.traits.userId). Text that stops being JSON part way ends the walk where it is.
 */
export function jsonOffsetOfPath(text: string, path: string): number {
  const want = parsePath(path);
  let i = 0;
  let best = 0;
  const fail = (): never => {
    throw new SyntaxError('not JSON here');
  };
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const string = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i++ >= text.length) fail();
    return JSON.parse(text.slice(start, i)) as string;
  };
  /** Reads one value; true once the path's last part was found (the walk stops there). */
  const value = (depth: number, onPath: boolean): boolean => {
    space();
    const open = text[i];
    if (open !== '{' && open !== '[') {
      if (open === '"') string();
      else while (i < text.length && !',]} \n\r\t'.includes(text[i])) i++;
      return false;
    }
    i++;
    space();
    const close = open === '{' ? '}' : ']';
    if (text[i] === close) {
      i++;
      return false;
    }
    for (let index = 0; ; index++) {
      space();
      const at = i;
      let key: PathKey = index;
      if (open === '{') {
        if (text[i] !== '"') fail();
        key = string();
        space();
        if (text[i++] !== ':') fail();
      }
      const here = onPath && want[depth] === key;
      if (here) {
        if (open === '[') space();
        best = open === '[' ? i : at;
        if (depth + 1 === want.length) return true;
      }
      if (value(depth + 1, here)) return true;
      space();
      if (text[i] === ',') i++;
      else if (text[i++] === close) return false;
      else fail();
    }
  };
  if (want.length === 0) return 0;
  try {
    value(0, true);
  } catch {
    // Not JSON past here: the deepest part found so far.
  }
  return best;
}

/**
 * Which document each of the form's event/call fields comes from, when they come from more than
 * one (Produktly: Segment's catalog page and the partner template), so the form can mark each
 * (domain.md: the catalog "carries both, marking where each comes from"). Empty when every field
 * comes from the same document: a tag would say the same thing on every field.
 */
export function originTags(profileId: ProfileId, eventOrCall: string): Map<string, string> {
  const fields = formLayout(profileId, eventOrCall).fields;
  const tags = new Map<string, string>();
  for (const f of fields) if (f.origin !== undefined) tags.set(f.path, f.origin);
  return new Set(tags.values()).size > 1 ? tags : new Map();
}

/** The catalog's notes (what its documents say, their defects, and Eventbench's choices where they are silent), as the form shows them. */
export function catalogNotes(profileId: ProfileId): readonly string[] {
  return getProfile(profileId).notes;
}
