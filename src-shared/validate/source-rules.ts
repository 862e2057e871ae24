// Partner source catalogs (ProveSource, Produktly): the event name, its spelling, and the
// event's documented properties. Unknown extra properties are never reported.
import type { JsonObject } from '../capture';
import type { EventSpec, ProfileSpec } from '../catalogs/types';
import type { Finding } from './finding';
import { buildEventNameIndex, nearestEventName, type EventNameIndex } from './event-names';
import { checkFields, compileFields, type CompiledField } from './field-check';

export interface CompiledSource {
  profile: ProfileSpec;
  names: EventNameIndex;
  base: CompiledField[];
  fieldsByEvent: Map<EventSpec, CompiledField[]>;
  /** True when the catalog documents several spellings (Produktly): the validator names the one seen. */
  namesSpelling: boolean;
}

export function compileSource(profile: ProfileSpec): CompiledSource {
  const fieldsByEvent = new Map<EventSpec, CompiledField[]>();
  for (const event of profile.events ?? []) fieldsByEvent.set(event, compileFields(event.fields, `${profile.id}.event`));
  return {
    profile,
    names: buildEventNameIndex(profile),
    base: compileFields(profile.baseFields, `${profile.id}.base`),
    fieldsByEvent,
    namesSpelling: (profile.events ?? []).some((e) => (e.spellings?.length ?? 0) > 1),
  };
}

function otherSpellings(source: CompiledSource, event: EventSpec, seen: string): string {
  return (event.spellings ?? [])
    .filter((s) => s.name !== seen)
    .map((s) => `${s.name} (${s.style}, ${s.origin})`)
    .join(' or ');
}

/**
 * The message's event against the catalog's names, before any field check: the catalog's event
 * (and the spelling seen) when it is one of its events; otherwise the one finding explicit mode
 * gives (a wrong call type, no event name, an unknown name), or null when the message is not this
 * source's at all and auto mode keeps quiet. Depends only on the call type and the event name, so
 * the inspector can derive explicit-mode counts for a stored summary without the payload.
 */
export function sourceEventGate(
  source: CompiledSource,
  type: unknown,
  event: unknown,
  explicit: boolean,
): { known: NonNullable<ReturnType<EventNameIndex['exact']['get']>> } | { finding: Finding } | null {
  const { profile } = source;
  const id = profile.id;
  if (type !== 'track') {
    if (!explicit) return null;
    return {
      finding: {
        severity: 'warning',
        path: 'type',
        rule: `${id}.call.unexpected`,
        message: `${profile.name} sends only ${profile.calls.join(', ')} calls, but this message is ${JSON.stringify(type ?? null)}.`,
        profile: id,
      },
    };
  }
  if (typeof event !== 'string' || event.trim() === '') {
    if (!explicit) return null;
    return { finding: { severity: 'error', path: 'event', rule: `${id}.event.required`, message: `The track call has no event name; pick one of ${profile.name}'s events.`, profile: id } };
  }
  const known = source.names.exact.get(event);
  if (known) return { known };
  const near = nearestEventName(source.names, event, !explicit);
  if (!explicit && !(near && near.close)) return null;
  const message =
    near === null
      ? `"${event}" is not a ${profile.name} event; known events: ${(profile.events ?? []).map((e) => e.name).join(', ')}.`
      : near.distance === 0
        ? `"${event}" is not a documented spelling of a ${profile.name} event; did you mean ${near.suggestion.spelling.name}?`
        : `"${event}" is not a ${profile.name} event; did you mean ${near.suggestion.spelling.name}?`;
  return { finding: { severity: 'warning', path: 'event', rule: `${id}.event.unknown`, message, profile: id } };
}

/** True when auto mode checks this message against the source at all (a known or near-miss name). */
export function sourceAutoRelevant(source: CompiledSource, type: unknown, event: unknown): boolean {
  return sourceEventGate(source, type, event, false) !== null;
}

export function checkSource(source: CompiledSource, message: JsonObject, explicit: boolean, out: Finding[]): void {
  const { profile } = source;
  const id = profile.id;
  const event = message.event as string;
  const gate = sourceEventGate(source, message.type, event, explicit);
  if (gate === null) return;
  if ('finding' in gate) {
    out.push(gate.finding);
    return;
  }
  const known = gate.known;
  if (source.namesSpelling) {
    const others = otherSpellings(source, known.event, event);
    out.push({
      severity: 'info',
      path: 'event',
      rule: `${id}.event.spelling`,
      message: `"${event}" is the ${known.spelling.style} spelling, from the ${known.spelling.origin}${others ? `; also documented as ${others}` : ''}.`,
      profile: id,
    });
  }
  checkFields(message, source.base, id, profile.name, out);
  checkFields(message, source.fieldsByEvent.get(known.event)!, id, profile.name, out);
}
