// Check-time warnings of a scenario's sends: a message whose `type` is no Segment call type
// (`trak`) passed the check without a word, and Segment drops it. A scenario may send a bad
// message on purpose (to see it dropped), so this never refuses the file: the Scenarios tab,
// scenarios.check and eventbench run say it, and an expectation of that outcome after the send
// (the drop reason, or a failed delivery for `via: sender`) says it is meant and silences it.
import { CALL_TYPES } from '../capture';
import { shownValue } from '../shown-value';
import { nearestName } from './near';
import type { SendSpec } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasType = (v: unknown): v is Record<string, unknown> => isObject(v) && Object.prototype.hasOwnProperty.call(v, 'type');
const isCallType = (v: unknown) => typeof v === 'string' && (CALL_TYPES as readonly string[]).includes(v);

/**
 * Each `type` a send writes that is not a Segment call type: its path inside the send and its
 * value (the message's, each batch item's, a catalog event's override). A message without `type`
 * is left alone, and so is an override `{ $absent: true }` (the file's own way to leave it out).
 */
export function foreignTypes(send: SendSpec): { path: (string | number)[]; value: unknown }[] {
  const found: { path: (string | number)[]; value: unknown }[] = [];
  if (hasType(send.message) && !isCallType(send.message.type)) found.push({ path: ['message', 'type'], value: send.message.type });
  (send.batch ?? []).forEach((m, i) => {
    if (hasType(m) && !isCallType(m.type)) found.push({ path: ['batch', i, 'type'], value: m.type });
  });
  const overrides = send.event?.overrides;
  if (hasType(overrides) && !isCallType(overrides.type) && !(isObject(overrides.type) && '$absent' in overrides.type)) found.push({ path: ['event', 'overrides', 'type'], value: overrides.type });
  return found;
}

/**
 * The warning's words after its place: the value, the call type meant (did you mean) and what comes
 * of it by `via`; and its hint, the expectation that says it is on purpose (naming the send's id when
 * it has one), apart, so a list of warnings need not repeat it.
 */
export function foreignTypeWarning(value: unknown, via: string, id: string | undefined): { message: string; hint: string } {
  const near = typeof value === 'string' ? nearestName(value, CALL_TYPES) : undefined;
  const what = `${shownValue(value)} is not a Segment call type${near !== undefined ? `; did you mean "${near}"?` : ` (${CALL_TYPES.join(', ')}).`}`;
  const step = id !== undefined ? `step: ${id}, ` : '';
  if (via === 'sender') return { message: `${what} The sender (analytics-node) refuses to send it, so its delivery fails`, hint: `if that is on purpose, say so after the send: expect: { delivery: { ${step}state: failed } }` };
  return { message: `${what} Segment would drop the message (unknown-type)`, hint: `if that is on purpose, say so after the send: expect: { dropReasons: { ${step}codes: [unknown-type] } }` };
}
