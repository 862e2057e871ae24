// A scenario's inline users: `{ id, username, email, properties: {…} }` as GET /api/users gives
// them. Read exactly so: a key the users import would guess as an identity column (mail, login,
// userId, E-mail…) is no property by a second reading, nor the user's email by a first: it is an
// error of the file that names it with the field meant. What GET /api/users adds about the live
// directory (createdBy, touchedBy, sources; the export's changedBy) is left out.
import type { JsonObject } from '../capture';
import { EXPORT_ONLY, guessColumn } from '../matching/columns';
import { setProperty } from '../matching/extract';

const FIELDS = ['id', 'username', 'email', 'properties'] as const;

/** Each key of an inline user that is not what it looks like: [key, problem]. */
export function* inlineUserProblems(user: JsonObject): Generator<[string, string]> {
  for (const [key, value] of Object.entries(user)) {
    if ((FIELDS as readonly string[]).includes(key)) {
      if (key === 'properties' && (typeof value !== 'object' || value === null || Array.isArray(value))) yield [key, 'properties must be an object of the user\'s properties (name: value)'];
      continue;
    }
    if ((EXPORT_ONLY as readonly string[]).includes(key)) continue;
    const g = guessColumn(key);
    if (g === 'property') continue;
    const meant = g === 'userid' ? 'username' : g;
    yield [
      key,
      `"${key}" is not a field of an inline user; did you mean "${meant}"${g === 'userid' ? ' (what a message\'s userId is compared with)' : ''}? A users file's column "${key}" would be read as the ${meant}; to keep it as a property, put it under properties`,
    ];
  }
}

/** The user as the users import reads it unambiguously: id, username, email, and every other key under properties. */
export function canonicalInlineUser(user: JsonObject): JsonObject {
  const out: JsonObject = {};
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(user)) {
    if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) setProperty(properties, k, v);
    else if (key === 'id' || key === 'username' || key === 'email') out[key] = value;
    else if (!(EXPORT_ONLY as readonly string[]).includes(key)) setProperty(properties, key, value);
  }
  out.properties = properties;
  return out;
}
