// Editing JSON text without re-serializing: the ingest path stringifies each message once and
// extends that text as fields are added, instead of stringifying the object again.
//
// Valid because JSON.stringify writes string keys in insertion order, so keys assigned to an object
// that did not have them come last (none of the keys used here is array-index-like, which would
// sort first). The members added must not already be own properties of the object.

/**
 * The closing part that adds `members` ('"key":value[,"key2":value2...]', non-empty) to an
 * object's JSON text. Built once and shared when many objects get the same members.
 */
export function membersTail(members: string): string {
  return `,${members}}`;
}

/**
 * The JSON text of an object after new keys were assigned to it, from its text before and the
 * tail (membersTail) of the added members. The result shares the text before (a slice), no copy.
 */
export function appendJsonTail(objectJson: string, tail: string): string {
  return objectJson.length === 2 ? `{${tail.slice(1)}` : objectJson.slice(0, -1) + tail;
}
