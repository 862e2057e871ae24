// The shape of each engine command's argument, as a client that sends commands by name (the UI
// over the WebSocket, the Electron shell's IPC, a script) must give it: an object, or nothing.
// Checked before the command runs, so that `messages.page "x"` or `matching.list 1` is refused
// saying what the command takes and what it got, rather than run as if nothing was sent.
import type { CommandName, Commands } from './api';

/**
 * What a command takes, as its refusal shows it. `null`: nothing (a void command). `optional`: an
 * object or nothing (forced by the type: the argument includes void). `ownCheck`: the command
 * answers a non-object itself, in words a test holds (nameToDelete's: "…; its argument is "x",
 * not an object").
 */
type ArgSpec<A> = [A] extends [void] ? null : { takes: string; ownCheck?: true } & (void extends A ? { optional: true } : { optional?: undefined });

export const COMMAND_ARGS: { [K in CommandName]: ArgSpec<Commands[K][0]> } = {
  'engine.info': null,
  'messages.list': null,
  'messages.page': { takes: '{"afterSeq": 12, "limit": 100}', optional: true },
  'messages.get': { takes: '{"seq": 12}' },
  'messages.search': { takes: '{"text": "…"}' },
  'messages.clear': null,
  'messages.export': null,
  'messages.import': { takes: '{"ndjson": "…"}, {"bytes": …} or {"base64": "…"}' },
  'webhooks.list': null,
  'connect.activity': null,
  'webhooks.save': { takes: '{"name": "…", "secret": "…", "rejectInvalid": false}' },
  'webhooks.delete': { takes: '{"name": "…"}', ownCheck: true },
  'sender.send': { takes: '{"target": {"kind": "local"}, "message": {…}}' },
  'sender.deliveries': null,
  'secrets.status': null,
  'secrets.setWriteKey': { takes: '{"writeKey": "…"} or {"writeKey": null}' },
  'drafts.list': null,
  'drafts.save': { takes: '{"name": "…", "profile": "segment", "message": {…}, "savedAt": "…"}' },
  'drafts.delete': { takes: '{"name": "…"}', ownCheck: true },
  'messages.seqsOf': { takes: '{"messageIds": ["…"]}' },
  'messages.replay': { takes: '{"seqs": [12], "target": {"kind": "local"}}' },
  'messages.toScenario': { takes: '{"seqs": [12], "name": "…"}' },
  'scenarios.examples': null,
  'scenarios.read': { takes: '{"path": "….scenario.yaml"}' },
  'scenarios.check': { takes: '{"text": "…", "file": "….scenario.yaml"}' },
  'scenarios.start': { takes: '{"text": "…", "file": "….scenario.yaml"}' },
  'scenarios.control': { takes: '{"action": "pause"}' },
  'scenarios.progress': null,
  'scenarios.setAside': null,
  'scenarios.restore': null,
  'clock.get': null,
  'clock.act': { takes: '{"action": "pause"}' },
  'sessions.list': { takes: '{"anonymousId": "anon-1"}', optional: true, ownCheck: true },
  'sessions.lanes': { takes: '{"anonymousId": "anon-1"}', optional: true, ownCheck: true },
  'sessions.get': { takes: '{"id": "anon-1#1"}' },
  'sessions.totals': { takes: '{"anonymousId": "anon-1"}', optional: true, ownCheck: true },
  'sessions.settings': null,
  'sessions.saveSettings': { takes: '{"timeoutMs": 1800000}' },
  'matching.status': null,
  'matching.list': { takes: '{"userId": "…", "limit": 100}', optional: true },
  'matching.decisions': { takes: '{"userId": "…", "limit": 100}', optional: true },
  'matching.get': { takes: '{"seq": 12}' },
  'matching.outcomes': { takes: '{"seqs": [12]}' },
  'matching.setSettings': { takes: '{"emailComparison": "exact"}' },
  'matching.whatIf': { takes: '{"emailComparison": "exact"}' },
  'matching.duplicates': null,
  'users.list': { takes: '{"q": "…", "sort": "id", "limit": 100}', optional: true },
  'users.starting': null,
  'users.saveStarting': { takes: '{"id": "…", "email": "…"}' },
  'users.deleteStarting': { takes: '{"id": "…"}', ownCheck: true },
  'users.previewImport': { takes: '{"text": "…"}' },
  'users.import': { takes: '{"text": "…"}' },
  'users.clear': null,
  'users.export': { takes: '{"format": "json"}' },
  'workspace.get': null,
  'workspace.save': { takes: '{"sources": […]}' },
  'messages.eventTimes': { takes: '{"seqs": [12]}' },
  'forward.status': null,
  'forward.outcomes': { takes: '{"seqs": [12]}' },
  'forward.setKey': { takes: '{"sourceId": "…", "writeKey": "…"}' },
};

/** A value as an error shows it: its JSON, cut after 80 characters. */
export function shownValue(v: unknown): string {
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

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
export function commandArgFault(name: CommandName, arg: unknown): { message: string; where: 'arg' } | undefined {
  if (arg === undefined || arg === null) return undefined;
  const spec = COMMAND_ARGS[name] as { takes: string; optional?: boolean; ownCheck?: boolean } | null;
  if (spec === null) {
    if (isPlainObject(arg) && Object.keys(arg).length === 0) return undefined;
    return { message: `${name} takes no argument; its argument is ${shownValue(arg)}`, where: 'arg' };
  }
  if (spec.ownCheck || isPlainObject(arg)) return undefined;
  return { message: `${name} takes ${spec.takes}${spec.optional ? ', or nothing' : ''}; ${notAnObject(arg)}`, where: 'arg' };
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
