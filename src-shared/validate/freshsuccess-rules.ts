// Freshsuccess (Natero) destination: base fields on every track/identify/group message, the
// call's fields, billing_city vs the published biling_city, and custom dimension types.
import type { JsonObject } from '../capture';
import { FRESHSUCCESS } from '../catalogs/freshsuccess';
import type { Finding } from './finding';
import { checkField, checkFields, compileFields, getAt, isMissing, isPlainObject, type CompiledField } from './field-check';

const NAME = 'Freshsuccess';
const CALLS = new Set<string>(FRESHSUCCESS.calls);

const BASE = compileFields(
  FRESHSUCCESS.baseFields.filter((f) => f.path !== 'type' && f.path !== 'groupId'),
  'freshsuccess.base',
);
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

/** The account id: the message's groupId, else context.groupId (where libraries put it on track). */
export function freshsuccessGroupId(message: JsonObject): unknown {
  return isMissing(message.groupId) ? getAt(message, CONTEXT_GROUP_ID) : message.groupId;
}

export function checkFreshsuccess(message: JsonObject, explicit: boolean, out: Finding[]): void {
  const type = message.type;
  if (typeof type !== 'string' || !CALLS.has(type)) {
    if (explicit) {
      out.push({
        severity: 'error',
        path: 'type',
        rule: 'freshsuccess.base.type.unsupported',
        message: `Freshsuccess uses only track, identify and group calls; a ${JSON.stringify(type ?? null)} message is ignored.`,
        profile: 'freshsuccess',
      });
    }
    return;
  }
  checkFields(message, BASE, 'freshsuccess', NAME, out);
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
