// Which field of a user a column (a CSV header, a JSON key) names: the users import's guess, and
// the inline users of a scenario, which must not leave the same name to that guess.
import type { ColumnTarget } from '../api';
import { setProperty } from './extract';

/** A column's name as the guess compares it: without case, spaces, "_" and "-". */
const normalised = (name: string): string => name.toLowerCase().replace(/[\s_-]/g, '');

/**
 * A CRM's own key for the record, as its export names it: HubSpot's "Record ID" (the property
 * `hs_object_id`), Zoho's "Record Id"; compared as guessColumn compares. The import's id unless
 * another column is one (see suggestMapping). Not part of guessColumn: a scenario's inline user
 * has its own `id`, and its other keys are properties (see inline-users), so such a key there is
 * no mistake to point out.
 */
const CRM_RECORD_IDS = ['recordid', 'hsobjectid'];
export function isCrmRecordId(name: string): boolean {
  return CRM_RECORD_IDS.includes(normalised(name));
}

/**
 * What a column's name says it holds, compared without case, spaces, "_", "-" and a Salesforce
 * custom field's "__c": email (Email,
 * E-mail, Email address, Mail), username (User name, Login), id (Id, PF id, Directory id, Contact ID:
 * a CRM's key for the person, which was taken as a property and the users given user-1, user-2…),
 * or "userid" (User ID: a message's userId, so the username unless the file has one).
 */
export function guessColumn(name: string): ColumnTarget | 'userid' {
  // A Salesforce custom field's API name ends in "__c" (Username__c, as Data Loader exports it).
  const n = normalised(name.replace(/__c$/i, ''));
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
 * username and left a Product Fruits export's Username column a property. A CRM's record id
 * (HubSpot's "Record ID", Zoho's "Record Id") is the id only when no other column is (an Id, PF id,
 * Directory id or Contact ID, or a "User ID" taken as the directory id), wherever it stands: a file
 * with one of those reads as it did before the record id was recognised.
 */
export function suggestMapping(columns: readonly string[], format: 'csv' | 'json' = 'csv'): Record<string, ColumnTarget> {
  const mapping: Record<string, ColumnTarget> = {};
  // The JSON export's users (and GET /api/users's) carry what the messages did to them beside
  // their properties object: the derived record of the directory, no part of a starting user.
  const exported = format === 'json' && columns.includes('properties');
  const ignored = columns.map((c) => exported && (EXPORT_ONLY as readonly string[]).includes(c));
  const guesses = columns.map(guessColumn);
  const recordId = columns.map(isCrmRecordId);
  const hasUsername = guesses.includes('username');
  const hasId = guesses.includes('id');
  const taken = new Set<ColumnTarget>();
  const targets: (ColumnTarget | undefined)[] = columns.map(() => undefined);
  const take = (i: number, t: ColumnTarget) => {
    if (t !== 'property' && taken.has(t)) t = 'property';
    taken.add(t);
    targets[i] = t;
  };
  // Every other column first, in order; then the record ids, which take the id if it is still free.
  columns.forEach((_, i) => {
    const g = guesses[i];
    if (ignored[i] || recordId[i]) return;
    take(i, g !== 'userid' ? g : !hasUsername ? 'username' : !hasId ? 'id' : 'property');
  });
  columns.forEach((_, i) => {
    if (!ignored[i] && recordId[i]) take(i, 'id');
  });
  columns.forEach((c, i) => setProperty(mapping, c, ignored[i] ? 'ignore' : (targets[i] as ColumnTarget)));
  return mapping;
}

/** Fields of an exported (JSON) user that describe the live directory, not the user: never properties. */
export const EXPORT_ONLY = ['createdBy', 'changedBy', 'touchedBy', 'sources'] as const;

/**
 * The CSV export names a property column `properties.<name>` when its name is that of an identity
 * column (id, username, email) or itself begins so; the import reads such a column as the property.
 */
export const CSV_PROPERTY_PREFIX = 'properties.';

