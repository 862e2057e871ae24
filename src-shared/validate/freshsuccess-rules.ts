// Freshsuccess (Natero) destination: base fields on every track/identify/group message, the
// call's fields, billing_city vs the published biling_city, and custom dimension types.
import type { JsonObject } from '../capture';
import { FRESHSUCCESS } from '../catalogs/freshsuccess';
import type { Finding } from './finding';
import { deliveredOriginalTimestamp } from '../delivered';
import { checkField, checkFields, compileFields, getAt, isMissing, isPlainObject, type CompiledField } from './field-check';

const NAME = 'Freshsuccess';
const CALLS = new Set<string>(FRESHSUCCESS.calls);

const BASE = compileFields(
  FRESHSUCCESS.baseFields.filter((f) => f.path !== 'type' && f.path !== 'groupId' && f.path !== 'originalTimestamp'),
  'freshsuccess.base',
);
const BASE_ORIGINAL_TIMESTAMP = compileFields(
  FRESHSUCCESS.baseFields.filter((f) => f.path === 'originalTimestamp'),
  'freshsuccess.base',
)[0];
const BASE_GROUP_ID = compileFields(
  FRESHSUCCESS.baseFields.filter((f) => f.path === 'groupId'),
  'freshsuccess.base',
)[0];

interface CompiledCall {
  fields: CompiledField[];
  /** Trait names the call documents; anything else is a custom dimension. */
  knownTraits: Set<string>;
}

const BY_CALL = new Map<string, CompiledCall>();
for (const call of FRESHSUCCESS.calls) {
  const specs = FRESHSUCCESS.callFields?.[call] ?? [];
  BY_CALL.set(call, {
    fields: compileFields(specs, `freshsuccess.${call}`),
    knownTraits: new Set(specs.filter((f) => f.path.startsWith('traits.')).map((f) => f.path.slice('traits.'.length))),
  });
}

const CONTEXT_GROUP_ID = ['context', 'groupId'];
/** Segment's calls that Freshsuccess's document does not cover. */
const OTHER_SEGMENT_CALLS = new Set(['page', 'screen', 'alias']);

/**
 * The finding for a message whose type is not track, identify or group. The document's base table:
 * "type | string | yes | Segment event type, one of: 'track', 'identify', 'group'". A page, screen
 * or alias call is Segment's own and says nothing Freshsuccess reads (a web source sends page()
 * calls to every destination): a note, not a problem, as the document describes no harm from it.
 * A missing type, or one that is no Segment call, lacks the required field: an error. Shared with
 * the workspace's tallies (workspace.ts explicitOnlyFinding), so the count and the detail agree.
 */
export function freshsuccessTypeFinding(type: unknown): Finding {
  if (typeof type === 'string' && OTHER_SEGMENT_CALLS.has(type)) {
    return {
      severity: 'info',
      path: 'type',
      rule: 'freshsuccess.base.type.not-used',
      message: `Freshsuccess's document covers only track, identify and group calls (type: "one of: 'track', 'identify', 'group'"), so none of its rules apply to a ${type} call; it does not say what Freshsuccess does with one.`,
      profile: 'freshsuccess',
    };
  }
  return {
    severity: 'error',
    path: 'type',
    rule: 'freshsuccess.base.type.unsupported',
    message: `Freshsuccess requires type, one of track, identify or group (its document: "Segment event type, one of: 'track', 'identify', 'group'"); this message's type is ${type === undefined ? 'none' : JSON.stringify(type)}.`,
    profile: 'freshsuccess',
  };
}

/** The account id: the message's groupId, else context.groupId (Segment's spec puts the account there on other calls; the Freshsuccess document names only groupId: Eventbench's choice). */
export function freshsuccessGroupId(message: JsonObject): unknown {
  return isMissing(message.groupId) ? getAt(message, CONTEXT_GROUP_ID) : message.groupId;
}

/**
 * Freshsuccess judges the message as Segment delivers it (see delivered.ts): of the fields it
 * reads, only originalTimestamp differs from the message as sent (Segment sets it from the
 * client's timestamp, else the receipt time), so that one is read from the delivered form and the
 * rest from the message itself, without copying it. `receivedAt`: receipt time for a message that
 * carries none (the composer's, before sending).
 */
export function checkFreshsuccess(message: JsonObject, explicit: boolean, out: Finding[], receivedAt?: string): void {
  const type = message.type;
  if (typeof type !== 'string' || !CALLS.has(type)) {
    if (explicit) out.push(freshsuccessTypeFinding(type));
    return;
  }
  checkFields(message, BASE, 'freshsuccess', NAME, out);
  checkDeliveredOriginalTimestamp(message, receivedAt, out);
  // On group calls groupId is required by the call's own rule; elsewhere it is recommended.
  if (type !== 'group') checkField(message, BASE_GROUP_ID, 'freshsuccess', NAME, '', out, freshsuccessGroupId(message) ?? null);
  const call = BY_CALL.get(type)!;
  checkFields(message, call.fields, 'freshsuccess', NAME, out);
  if (type === 'track') return;

  const traits = message.traits;
  if (!isPlainObject(traits)) return;
  for (const key in traits) {
    if (call.knownTraits.has(key)) continue;
    const value = traits[key];
    if (type === 'group' && key === 'billing_city') {
      out.push({
        severity: 'info',
        path: 'traits.billing_city',
        rule: 'freshsuccess.group.traits.billing_city.published-as-biling_city',
        message:
          'Freshsuccess publishes the billing city field as biling_city (one l, sic). billing_city may not map to it: check your Freshsuccess mapping, or also send traits.biling_city.',
        profile: 'freshsuccess',
      });
      continue;
    }
    if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number') continue;
    const what = Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
    out.push({
      severity: 'info',
      path: `traits.${key}`,
      rule: `freshsuccess.${type}.traits.custom-dimension.type`,
      message: `traits.${key} is ${what}; Freshsuccess maps only string, number or date fields to custom account dimensions, so this one will not map.`,
      profile: 'freshsuccess',
    });
  }
}

/** originalTimestamp as delivered; a finding about it names the client's own field it came from. */
function checkDeliveredOriginalTimestamp(message: JsonObject, receivedAt: string | undefined, out: Finding[]): void {
  const delivered = deliveredOriginalTimestamp(message, receivedAt);
  if (delivered === undefined) {
    // No time at all and no receipt time known: Segment will stamp it on receipt.
    return;
  }
  const from = message.originalTimestamp !== undefined ? undefined : message.timestamp !== undefined ? 'timestamp' : undefined;
  const before = out.length;
  checkField(message, BASE_ORIGINAL_TIMESTAMP, 'freshsuccess', NAME, '', out, delivered === null ? '' : delivered);
  if (from === undefined) return;
  for (let i = before; i < out.length; i++) {
    const f = out[i];
    out[i] = {
      ...f,
      path: from,
      message: `${f.message} Segment delivers the client's ${from} as originalTimestamp: fix ${from}.`,
    };
  }
}
