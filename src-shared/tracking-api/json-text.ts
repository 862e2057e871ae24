// Editing JSON text without re-serializing: the ingest path takes each message's text from the
// request body (or stringifies it once) and extends that text as fields are added, instead of
// stringifying the object again.
//
// Valid because the added keys are not already keys of the object (the caller checks), so the
// text still parses to the object with the keys assigned. Where the text came from JSON.stringify,
// it is even byte for byte what stringifying the extended object gives: string keys are written in
// insertion order, and none of the keys used here is array-index-like (those would sort first).

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
