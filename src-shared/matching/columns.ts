// Which field of a user a column (a CSV header, a JSON key) names: the users import's guess, and
// the inline users of a scenario, which must not leave the same name to that guess.
import type { ColumnTarget } from '../api';
import { setProperty } from './extract';

/**
 * What a column's name says it holds, compared without case, spaces, "_" and "-": email (Email,
 * E-mail, Email address, Mail), username (User name, Login), id (Id, PF id, Directory id, Contact ID:
 * a CRM's key for the person, which was taken as a property and the users given user-1, user-2…), or
 * "userid" (User ID: a message's userId, so the username unless the file has one).
 */
export function guessColumn(name: string): ColumnTarget | 'userid' {
  const n = name.toLowerCase().replace(/[\s_-]/g, '');
  if (['email', 'emailaddress', 'mail'].includes(n)) return 'email';
  if (['username', 'login'].includes(n)) return 'username';
  if (n === 'userid') return 'userid';
  if (['id', 'pfid', 'directoryid', 'contactid'].includes(n)) return 'id';
  return 'property';
}

/**
 * id / username / email from their usual column names; every other column is a property. A
 * "userId" column is what the rule compares a message's userId with (username), unless the file
 * also has a Username (or Login) column: then that one is the username, and the userId column is
 * the directory id (when no Id column is there) or a property. First come took "User ID" as the
 * username and left a Product Fruits export's Username column a property.
 */
export function suggestMapping(columns: readonly string[], format: 'csv' | 'json' = 'csv'): Record<string, ColumnTarget> {
  const mapping: Record<string, ColumnTarget> = {};
  // The JSON export's users (and GET /api/users's) carry what the messages did to them beside
  // their properties object: the derived record of the directory, no part of a starting user.
  const exported = format === 'json' && columns.includes('properties');
  const taken = new Set<ColumnTarget>();
  const guesses = columns.map(guessColumn);
  const hasUsername = guesses.includes('username');
  const hasId = guesses.includes('id');
  columns.forEach((c, i) => {
    const g = guesses[i];
    if (exported && (EXPORT_ONLY as readonly string[]).includes(c)) return setProperty(mapping, c, 'ignore');
    let t: ColumnTarget = g !== 'userid' ? g : !hasUsername ? 'username' : !hasId ? 'id' : 'property';
    if (t !== 'property' && taken.has(t)) t = 'property';
    taken.add(t);
    setProperty(mapping, c, t);
  });
  return mapping;
}

/** Fields of an exported (JSON) user that describe the live directory, not the user: never properties. */
export const EXPORT_ONLY = ['createdBy', 'changedBy', 'touchedBy', 'sources'] as const;

/**
 * The CSV export names a property column `properties.<name>` when its name is that of an identity
 * column (id, username, email) or itself begins so; the import reads such a column as the property.
 */
export const CSV_PROPERTY_PREFIX = 'properties.';

