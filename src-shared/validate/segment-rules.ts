// Segment's own spec: identity, a valid call type, what each call needs, ISO-8601 times,
// messageId length and object containers. Applies fully in both modes.
import type { CallType, JsonObject } from '../capture';
import { CALL_TYPES } from '../capture';
import { SEGMENT } from '../catalogs/segment';
import type { Finding } from './finding';
import { checkFields, compileFields, isMissing, type CompiledField } from './field-check';

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
  if (isMissing(message.userId) && isMissing(message.anonymousId)) {
    out.push({
      severity: 'error',
      path: 'userId',
      rule: 'segment.identity.required',
      message: 'The message has neither userId nor anonymousId; Segment accepts it with 200 and then drops it. Set at least one.',
      profile: 'segment',
    });
  }
  checkFields(message, BASE, 'segment', NAME, out);
  const callFields = typeof type === 'string' ? BY_CALL.get(type as CallType) : undefined;
  if (callFields) checkFields(message, callFields, 'segment', NAME, out);
}
