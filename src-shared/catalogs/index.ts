// The catalogs: profile lookup, event lookup, the fields a form shows, and realistic examples.
import type { CallType, JsonObject } from '../capture';
import { CALL_TYPES } from '../capture';
import { FRESHSUCCESS } from './freshsuccess';
import { PRODUKTLY } from './produktly';
import { PROVESOURCE } from './provesource';
import { SEGMENT } from './segment';
import type { EventSpec, EventSpelling, ExampleOptions, FieldSpec, ProfileId, ProfileSpec } from './types';

export type * from './types';

export const PROFILES: readonly ProfileSpec[] = [SEGMENT, PROVESOURCE, PRODUKTLY, FRESHSUCCESS];

const BY_ID = new Map<ProfileId, ProfileSpec>(PROFILES.map((p) => [p.id, p]));

export function getProfile(id: ProfileId): ProfileSpec {
  const profile = BY_ID.get(id);
  if (!profile) throw new Error(`Unknown profile "${String(id)}"; known profiles: ${PROFILES.map((p) => p.id).join(', ')}`);
  return profile;
}

/** Events of a source catalog (empty for Freshsuccess and the Segment spec). */
export function listEvents(id: ProfileId): readonly EventSpec[] {
  return getProfile(id).events ?? [];
}

/** Every spelling of an event, default first. */
export function spellingsOf(event: EventSpec, profile: ProfileSpec): EventSpelling[] {
  return event.spellings ?? [{ name: event.name, style: 'Title Case', origin: profile.origin }];
}

/** The event with exactly this name (in any documented spelling), or undefined. */
export function findEvent(id: ProfileId, name: string): { event: EventSpec; spelling: EventSpelling } | undefined {
  const profile = getProfile(id);
  for (const event of profile.events ?? []) {
    for (const spelling of spellingsOf(event, profile)) {
      if (spelling.name === name) return { event, spelling };
    }
  }
  return undefined;
}

function isCallType(value: string): value is CallType {
  return (CALL_TYPES as readonly string[]).includes(value);
}

/**
 * The fields a form shows for a profile and an event (source) or call type (destination/spec):
 * the profile's base fields, then the call's fields, then the event's fields.
 */
export function fieldsFor(id: ProfileId, eventOrCall: string): FieldSpec[] {
  const profile = getProfile(id);
  const found = profile.events ? findEvent(id, eventOrCall) : undefined;
  if (profile.events && !found) throw new Error(`${profile.name} has no event "${eventOrCall}"; known events: ${profile.events.map((e) => e.name).join(', ')}`);
  const call: string = found ? found.event.call : eventOrCall;
  if (!isCallType(call) || !profile.calls.includes(call)) {
    throw new Error(`${profile.name} does not use "${eventOrCall}" calls; it uses: ${profile.calls.join(', ')}`);
  }
  // A call's field overrides a base field of the same path (Freshsuccess group: groupId required).
  const byPath = new Map<string, FieldSpec>();
  for (const f of [...profile.baseFields, ...(profile.callFields?.[call] ?? []), ...(found?.event.fields ?? [])]) byPath.set(f.path, f);
  return [...byPath.values()];
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Sets a dot path ("properties.metadata.type"), creating objects on the way. */
export function setPath(target: JsonObject, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = node[keys[i]];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[keys[i]] = {};
    node = node[keys[i]] as JsonObject;
  }
  node[keys[keys.length - 1]] = value;
}

const DEFAULT_USER_ID = 'user_48213';
const DEFAULT_ANONYMOUS_ID = 'sess_9f2c4e71-0b6a-4d1e-8c3a-5e7d2b1f6a90';
const DEFAULT_GROUP_ID = 'acct_acme_corp';

/** Paths set from the options, never from field examples. */
const BASE_PATHS: Record<string, true> = { type: true, userId: true, anonymousId: true, messageId: true, timestamp: true, originalTimestamp: true, groupId: true };

/** Realistic content for Segment-spec examples, where the spec itself has only free-form containers. */
const SEGMENT_CALL_EXAMPLES: Record<CallType, JsonObject> = {
  track: { event: 'Signed Up', properties: { plan: 'Pro', referrer: 'pricing page' } },
  identify: { traits: { email: 'dana.whitfield@acme.example', name: 'Dana Whitfield', plan: 'Pro' } },
  group: { groupId: DEFAULT_GROUP_ID, traits: { name: 'Acme Corp', employees: 250 } },
  page: { name: 'Pricing', properties: { path: '/pricing', url: 'https://acme.example/pricing' } },
  screen: { name: 'Dashboard', properties: { variant: 'compact' } },
  alias: { previousId: DEFAULT_ANONYMOUS_ID },
};

/**
 * A complete, realistic Segment message for a profile and an event (source catalogs, either
 * spelling) or a call type (Freshsuccess, Segment spec). Pure: time and ids are passed in.
 */
export function exampleMessage(profileId: ProfileId, eventOrCall: string, options: ExampleOptions): JsonObject {
  const profile = getProfile(profileId);
  const fields = fieldsFor(profileId, eventOrCall);
  const found = profile.events ? findEvent(profileId, eventOrCall) : undefined;
  const call = (found ? found.event.call : eventOrCall) as CallType;

  const message: JsonObject = { type: call };
  if (found) message.event = found.spelling.name;
  // A source sends only the anonymousId when it knows no user; a profile that requires userId
  // (Freshsuccess: on every message) gets one in its example whatever was given.
  const userIdRequired = fields.some((f) => f.path === 'userId' && f.requirement === 'required');
  const anonymousOnly = options.userId === undefined && options.anonymousId !== undefined && !userIdRequired;
  if (!anonymousOnly) message.userId = options.userId ?? DEFAULT_USER_ID;
  if (options.anonymousId !== undefined) message.anonymousId = options.anonymousId;
  else if (profileId === 'freshsuccess' || profileId === 'segment') message.anonymousId = DEFAULT_ANONYMOUS_ID;
  message.messageId = options.messageId;
  message.timestamp = options.now;
  message.originalTimestamp = options.now;
  message.context = { library: { name: 'eventbench', version: '0.1.0' } };

  if (profileId === 'segment') {
    Object.assign(message, clone(SEGMENT_CALL_EXAMPLES[call]));
    if (call === 'alias' && options.anonymousId) message.previousId = options.anonymousId;
    if (call === 'group' && options.groupId) message.groupId = options.groupId;
    return message;
  }
  for (const field of fields) {
    if (field.omitFromExample || field.path in BASE_PATHS) continue;
    setPath(message, field.path, clone(field.example));
  }
  if (profileId === 'freshsuccess') message.groupId = options.groupId ?? DEFAULT_GROUP_ID;
  else if (call === 'track' && !message.properties) message.properties = {};
  return message;
}
