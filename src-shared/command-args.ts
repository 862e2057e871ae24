// The shape of each engine command's argument, as a client that sends commands by name (the UI
// over the WebSocket, the Electron shell's IPC, a script) must give it: an object, or nothing.
// Checked before the command runs, so that `messages.page "x"` or `matching.list 1` is refused
// saying what the command takes and what it got, rather than run as if nothing was sent.
import type { CommandName, Commands } from './api';
import { formatCount } from './tracking-api/limits';
import { shownValue } from './shown-value';

export { shownValue };

/**
 * What a command takes, as its refusal shows it. `null`: nothing (a void command). `optional`: an
 * object or nothing (forced by the type: the argument includes void). `ownCheck`: the command
 * answers a non-object itself, in words a test holds (nameToDelete's: "…; its argument is "x",
 * not an object"). `fields`: every field the command reads (the type makes the list whole: a field
 * added to the command's argument and not here fails to compile); any other is refused by name, so
 * that a typo such as messages.page {"limt": 10} is not answered as if the field were not there.
 */
/** The fields of a command's argument, of each of its forms (messages.import's three). */
type FieldOf<A> = A extends object ? keyof A & string : never;
type ArgSpec<A> = [A] extends [void] ? null : { takes: string; ownCheck?: true; fields?: { readonly [F in FieldOf<A>]-?: true } } & (void extends A ? { optional: true } : { optional?: undefined });

const DECISION_QUERY_FIELDS = { outcome: true, userId: true, involving: true, seq: true, carried: true, afterSeq: true, conflict: true, limit: true } as const;

export const COMMAND_ARGS: { [K in CommandName]: ArgSpec<Commands[K][0]> } = {
  'engine.info': null,
  'messages.list': null,
  'messages.page': { takes: '{"afterSeq": 12, "limit": 100}', optional: true, fields: { afterSeq: true, beforeSeq: true, last: true, limit: true } },
  'messages.get': { takes: '{"seq": 12}', fields: { seq: true } },
  'messages.search': { takes: '{"text": "…"}', fields: { text: true, runs: true } },
  'messages.clear': null,
  'messages.export': null,
  'messages.import': { takes: '{"ndjson": "…"}, {"bytes": …} or {"base64": "…"}', fields: { ndjson: true, bytes: true, base64: true } },
  'webhooks.list': null,
  'connect.activity': null,
  'webhooks.save': { takes: '{"name": "…", "secret": "…", "rejectInvalid": false}', fields: { name: true, secret: true, rejectInvalid: true, keepSecret: true, keepRejectInvalid: true, expect: true } },
  'webhooks.delete': { takes: '{"name": "…"}', ownCheck: true, fields: { name: true } },
  'sender.send': { takes: '{"target": {"kind": "local"}, "message": {…}}', fields: { target: true, message: true, messageJson: true, times: true, intervalMs: true, freshMessageIds: true, freshIdentities: true } },
  'sender.deliveries': null,
  'secrets.status': null,
  'secrets.setWriteKey': { takes: '{"writeKey": "…"} or {"writeKey": null}', fields: { writeKey: true } },
  'drafts.list': null,
  'drafts.save': { takes: '{"name": "…", "profile": "segment", "message": {…}, "savedAt": "…"}', fields: { name: true, profile: true, event: true, message: true, messageJson: true, savedAt: true } },
  'drafts.delete': { takes: '{"name": "…"}', ownCheck: true, fields: { name: true } },
  'messages.seqsOf': { takes: '{"messageIds": ["…"]}', fields: { messageIds: true } },
  'messages.replay': { takes: '{"seqs": [12], "target": {"kind": "local"}}', fields: { seqs: true, target: true, freshMessageIds: true, timing: true } },
  'messages.toScenario': { takes: '{"seqs": [12], "name": "…"}', fields: { seqs: true, name: true } },
  'scenarios.examples': null,
  'scenarios.read': { takes: '{"path": "….scenario.yaml"}', fields: { path: true } },
  'scenarios.check': { takes: '{"text": "…", "file": "….scenario.yaml"}', fields: { text: true, file: true } },
  'scenarios.start': { takes: '{"text": "…", "file": "….scenario.yaml"}', fields: { text: true, file: true, path: true, paused: true, delayMs: true, clearFirst: true } },
  'scenarios.control': { takes: '{"action": "pause"}', fields: { action: true, delayMs: true } },
  'scenarios.progress': null,
  'scenarios.setAside': null,
  'scenarios.restore': null,
  'clock.get': null,
  'clock.act': { takes: '{"action": "pause"}' },
  'sessions.list': { takes: '{"anonymousId": "anon-1"}', optional: true },
  'sessions.lanes': { takes: '{"anonymousId": "anon-1"}', optional: true },
  'sessions.get': { takes: '{"id": "anon-1#1"}' },
  'sessions.totals': { takes: '{"anonymousId": "anon-1"}', optional: true },
  'sessions.settings': null,
  'sessions.saveSettings': { takes: '{"timeoutMs": 1800000}' },
  'matching.status': null,
  'matching.list': { takes: '{"userId": "…", "limit": 100}', optional: true, fields: DECISION_QUERY_FIELDS },
  'matching.decisions': { takes: '{"userId": "…", "limit": 100}', optional: true, fields: DECISION_QUERY_FIELDS },
  'matching.get': { takes: '{"seq": 12}', fields: { seq: true } },
  'matching.outcomes': { takes: '{"seqs": [12]}', fields: { seqs: true } },
  'matching.setSettings': { takes: '{"emailComparison": "exact"}' },
  'matching.whatIf': { takes: '{"emailComparison": "exact"}' },
  'matching.duplicates': null,
  'users.list': { takes: '{"q": "…", "sort": "id", "limit": 100}', optional: true, fields: { q: true, sort: true, descending: true, limit: true } },
  'users.starting': null,
  'users.saveStarting': { takes: '{"id": "…", "email": "…"}', fields: { id: true, username: true, email: true, properties: true, propertiesJson: true } },
  'users.deleteStarting': { takes: '{"id": "…"}', ownCheck: true, fields: { id: true } },
  'users.previewImport': { takes: '{"text": "…"}', fields: { text: true } },
  'users.import': { takes: '{"text": "…"}', fields: { text: true, mapping: true, replace: true } },
  'users.clear': null,
  'users.export': { takes: '{"format": "json"}', fields: { format: true, directory: true } },
  'workspace.get': null,
  'workspace.save': { takes: '{"sources": […]}', fields: { sources: true } },
  'messages.eventTimes': { takes: '{"seqs": [12]}', fields: { seqs: true } },
  'forward.status': null,
  'forward.outcomes': { takes: '{"seqs": [12]}', fields: { seqs: true } },
  'forward.setKey': { takes: '{"sourceId": "…", "writeKey": "…"}', fields: { sourceId: true, writeKey: true } },
};

/** An object (not an array, not null). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "its argument is "x", not an object": how an argument that should have been an object was sent. */
export function notAnObject(arg: unknown): string {
  return `its argument is ${shownValue(arg)}, not an object`;
}

/**
 * How a command's argument falls short of an object holding text at `field`, in the words its
 * error ends with ("it was sent without an argument", "its "name" is 5, not text"…), or undefined
 * when it holds it.
 */
export function missingTextField(arg: unknown, field: string): string | undefined {
  if (arg === undefined || arg === null) return 'it was sent without an argument';
  if (!isPlainObject(arg)) return notAnObject(arg);
  const value = arg[field];
  if (typeof value === 'string') return undefined;
  return value === undefined ? `its argument has no "${field}"` : `its "${field}" is ${shownValue(value)}, not text`;
}

/**
 * Why a command cannot take `arg` (its name, what it takes, what it got), where: 'arg'; or
 * undefined when its shape is right (the command then checks its fields). Nothing (undefined or
 * null) is left to the command: each says which field it misses. A void command takes nothing,
 * null or {}: anything else is refused, so that `messages.clear {"before": 120}` does not empty
 * the whole log as if the argument were heard.
 */
export function commandArgFault(name: CommandName, arg: unknown): { message: string; where: string } | undefined {
  if (arg === undefined || arg === null) return undefined;
  const spec = COMMAND_ARGS[name] as { takes: string; optional?: boolean; ownCheck?: boolean; fields?: Record<string, true> } | null;
  if (spec === null) {
    if (isPlainObject(arg) && Object.keys(arg).length === 0) return undefined;
    return { message: `${name} takes no argument; its argument is ${shownValue(arg)}`, where: 'arg' };
  }
  if (isPlainObject(arg)) {
    // A field left undefined is not there (the Electron shell's IPC keeps such keys; JSON drops them).
    const fields = spec.fields;
    const unknown = fields && Object.entries(arg).find(([key, value]) => value !== undefined && !Object.hasOwn(fields, key));
    if (unknown) return { message: `${name} has no field ${JSON.stringify(unknown[0])}; it takes ${Object.keys(fields!).join(', ')}`, where: unknown[0] };
    return undefined;
  }
  if (spec.ownCheck) return undefined;
  return { message: `${name} takes ${spec.takes}${spec.optional ? ', or nothing' : ''}; ${notAnObject(arg)}`, where: 'arg' };
}

/**
 * Why a command's `field` is not a whole number of at least `min` (`from` says what the lowest
 * means, e.g. "0: from the start"), naming what it got; undefined when it is, or is left out.
 * null is refused too: {"afterSeq": null} was read as 0, {"limit": null} as "a positive integer".
 */
export function wholeNumberFault(arg: object | void | null, field: string, min: 0 | 1, from?: string): { message: string; where: string } | undefined {
  const value = arg ? (arg as Record<string, unknown>)[field] : undefined;
  if (value === undefined || (Number.isSafeInteger(value) && (value as number) >= min)) return undefined;
  return { message: `${field} must be ${min === 1 ? 'a positive whole number' : 'a whole number, 0 or more'}${from ? ` (${from})` : ''}, not ${shownValue(value)}`, where: field };
}

/**
 * Why a command's required `field` is not what it must be (`must`: "the text to search for"),
 * naming what it got, or that the argument has none; undefined when `ok` takes it. Such refusals
 * said the field but not the value ("text must be a string").
 */
export function requiredFault(arg: unknown, field: string, must: string, ok: (v: unknown) => boolean): { message: string; where: string } | undefined {
  const value = isPlainObject(arg) ? arg[field] : undefined;
  if (ok(value)) return undefined;
  return { message: value === undefined ? `${field} must be ${must}; the argument has no "${field}"` : `${field} must be ${must}, not ${shownValue(value)}`, where: field };
}

/** Why a command's `field` is not a message number (a seq: a whole number, 1 or more), naming what it got. */
export function messageNumberFault(arg: unknown, field: string): { message: string; where: string } | undefined {
  return requiredFault(arg, field, ENTRY_WORDS['a message number'], ENTRY_OK['a message number']);
}

/** What the entries of a list field must be: message numbers (seqs) or texts (messageIds). */
export type ListEntry = 'a message number' | 'text';
const ENTRY_OK: Record<ListEntry, (v: unknown) => boolean> = {
  'a message number': (v) => Number.isSafeInteger(v) && (v as number) >= 1,
  text: (v) => typeof v === 'string',
};
const ENTRY_WORDS: Record<ListEntry, string> = { 'a message number': 'a message number (a whole number, 1 or more)', text: 'text' };

/**
 * Why a command's list `field` is not a list of `entry` (at most `max`): not there or not a list,
 * too long, or its first entry of another kind, named by index ("seqs[1] must be a message
 * number…, not "2""); undefined when it is. Such an entry was answered null, as a number that
 * names no message is: a client could not tell its mistake from an answer.
 */
export function listFault(arg: object | void | null, field: string, entry: ListEntry, max?: number): { message: string; where: string } | undefined {
  const list = arg ? (arg as Record<string, unknown>)[field] : undefined;
  const example = entry === 'text' ? '["…"]' : '[12, 13]';
  const must = `${field} must be a list of ${entry === 'text' ? 'texts' : 'message numbers'}, such as ${example}`;
  if (!Array.isArray(list)) return { message: list === undefined ? `${must}; the argument has no "${field}"` : `${must}, not ${shownValue(list)}`, where: field };
  if (max !== undefined && list.length > max) return { message: `${field} holds ${formatCount(list.length)} entries; at most ${formatCount(max)} at once`, where: field };
  const bad = list.findIndex((v) => !ENTRY_OK[entry](v));
  if (bad >= 0) return { message: `${field}[${bad}] must be ${ENTRY_WORDS[entry]}, not ${shownValue(list[bad])}`, where: `${field}[${bad}]` };
  return undefined;
}

/** What an optional field of a command's argument must be, when it is there. */
export type FieldKind = 'true or false' | 'text' | 'milliseconds' | 'an object';

const FIELD_OK: Record<FieldKind, (v: unknown) => boolean> = {
  'true or false': (v) => typeof v === 'boolean',
  text: (v) => typeof v === 'string',
  milliseconds: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
  'an object': isPlainObject,
};
const FIELD_WORDS: Record<FieldKind, string> = { 'true or false': 'true or false', text: 'text', milliseconds: 'a number of milliseconds, 0 or more', 'an object': 'an object' };

/**
 * The first of a command's optional fields that is there with a value of the wrong type, as an
 * error naming it and what it got ("replace must be true or false, not "yes""); `where` is the
 * field, after `wherePrefix` ("webhook."). A field left out (undefined) is not looked at. Without
 * it, such a field was read as its default or as truthy: users.import {"replace": "no"} replaced
 * the whole directory, webhooks.save {"rejectInvalid": "yes"} accepted unsigned requests.
 */
export function optionalFieldFault(arg: object, fields: Record<string, FieldKind>, wherePrefix = ''): { message: string; where: string } | undefined {
  for (const [field, kind] of Object.entries(fields)) {
    const value = (arg as Record<string, unknown>)[field];
    if (value !== undefined && !FIELD_OK[kind](value)) return { message: `${field} must be ${FIELD_WORDS[kind]}, not ${shownValue(value)}`, where: wherePrefix + field };
  }
  return undefined;
}

/**
 * An error about one field, written "<where>: <what is wrong>" as the sender and the drafts store
 * have always worded theirs (the send panel labels the field by that prefix), and carrying
 * `where` for the transports to pass on: such errors reached the WebSocket without it.
 */
export class FieldError extends Error {
  constructor(
    readonly where: string,
    problem: string,
  ) {
    super(`${where}: ${problem}`);
  }
}
