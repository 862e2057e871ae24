// Editing JSON text without re-serializing: the ingest path takes each message's text from the
// request body (or stringifies it once) and extends that text as fields are added, instead of
// stringifying the object again.
//
// Valid because the added keys are not already keys of the object (the caller checks), so the
// text still parses to the object with the keys assigned. Where the text came from JSON.stringify,
// it is even byte for byte what stringifying the extended object gives: string keys are written in
// insertion order, and none of the keys used here is array-index-like (those would sort first).
import { skipString, skipValue, skipWhitespace } from './batch-scan';
import { decodeKey } from '../validate/duplicate-keys';

/**
 * The closing part that adds `members` ('"key":value[,"key2":value2...]', non-empty) to an
 * object's JSON text. Built once and shared when many objects get the same members.
 */
export function membersTail(members: string): string {
  return `,${members}}`;
}

/**
 * The JSON text of an object after new keys were assigned to it, from its text before (starting
 * with '{' and ending with '}', any JSON whitespace inside) and the tail (membersTail) of the added
 * members. The result shares the text before (a slice), no copy.
 */
export function appendJsonTail(objectJson: string, tail: string): string {
  const head = openJsonHead(objectJson);
  return head === undefined ? `{${tail.slice(1)}` : head + tail;
}

/**
 * An object's JSON text without its closing '}' (a slice, no copy), to which a tail (membersTail)
 * appends; undefined for an empty object's text, which takes the tail without its comma.
 */
export function openJsonHead(objectJson: string): string | undefined {
  return isEmptyObjectText(objectJson) ? undefined : objectJson.slice(0, -1);
}

/** `{}` with only whitespace, if any, between the braces. */
function isEmptyObjectText(objectJson: string): boolean {
  for (let i = objectJson.length - 2; i > 0; i--) {
    const c = objectJson.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return true;
}

/**
 * An object's JSON text (known valid) edited member by member, everything else as written: every
 * top-level member whose key is in `drop` left out (each occurrence), and for each key in
 * `prepend`, its members text ('"k":v,…', non-empty) put first inside its last occurrence's value
 * (an object; Segment merges a batch-level context so, the item's own keys winning). So a key the
 * client wrote twice stays written twice, where writing the parsed object anew would keep only
 * the last: what a message the receiver rewrites is stored as (duplicate-keys.ts reads it).
 * Members are joined with ',' (whitespace between them dropped; inside them kept).
 */
export function editMembers(objectJson: string, drop: readonly string[], prepend?: Readonly<Record<string, string>>): string {
  const members = topLevelMembers(objectJson);
  if (members === undefined) return objectJson; // not an object: nothing to edit
  const lastOf = new Map<string, number>();
  if (prepend) for (let m = 0; m < members.length; m++) if (Object.hasOwn(prepend, members[m].key)) lastOf.set(members[m].key, m);
  const kept: string[] = [];
  for (let m = 0; m < members.length; m++) {
    const { key, start, valueStart, end } = members[m];
    if (drop.includes(key)) continue;
    if (lastOf.get(key) !== m) {
      kept.push(objectJson.slice(start, end));
      continue;
    }
    const value = objectJson.slice(valueStart, end); // an object's text: '{' … '}'
    const inner = value.slice(1, -1);
    const added = (prepend as Record<string, string>)[key];
    kept.push(`${objectJson.slice(start, valueStart)}{${added}${inner.trim() === '' ? '' : `,${inner}`}}`);
  }
  return `{${kept.join(',')}}`;
}

interface Member {
  /** The key as JSON.parse reads it. */
  key: string;
  /** Where the member's key starts, its value starts, and its value ends. */
  start: number;
  valueStart: number;
  end: number;
}

/** The top-level members of an object's JSON text (known valid), in text order, a key written twice listed twice; undefined when not an object. */
function topLevelMembers(objectJson: string): Member[] | undefined {
  const n = objectJson.length;
  let i = skipWhitespace(objectJson, 0);
  if (objectJson.charCodeAt(i) !== 0x7b) return undefined;
  i++;
  const members: Member[] = [];
  for (;;) {
    i = skipWhitespace(objectJson, i);
    if (i >= n || objectJson.charCodeAt(i) === 0x7d) break;
    const start = i;
    i = skipString(objectJson, i);
    const key = decodeKey(objectJson.slice(start, i));
    i = skipWhitespace(objectJson, skipWhitespace(objectJson, i) + 1); // past the colon
    const valueStart = i;
    i = skipValue(objectJson, i);
    if (i === valueStart) break; // not a value: not valid JSON after all (and no progress)
    members.push({ key, start, valueStart, end: i });
    i = skipWhitespace(objectJson, i);
    if (objectJson.charCodeAt(i) === 0x2c) i++;
  }
  return members;
}

/** Each top-level member named `key` of an object's JSON text (known valid), as written ('"key":value'), in text order. */
export function membersNamed(objectJson: string, key: string): string[] {
  return (topLevelMembers(objectJson) ?? []).filter((m) => m.key === key).map((m) => objectJson.slice(m.start, m.end));
}

/** Each top-level member's value of an object's JSON text (known valid) keyed `key`, as written, in text order. */
export function valuesNamed(objectJson: string, key: string): string[] {
  return (topLevelMembers(objectJson) ?? []).filter((m) => m.key === key).map((m) => objectJson.slice(m.valueStart, m.end));
}

/** The top-level members of an object's JSON text (known valid) whose key `keep` takes, as written ('"key":value'), in text order. */
export function membersWhere(objectJson: string, keep: (key: string) => boolean): string[] {
  return (topLevelMembers(objectJson) ?? []).filter((m) => keep(m.key)).map((m) => objectJson.slice(m.start, m.end));
}
