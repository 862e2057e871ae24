// The directory's order (the Matching tab's Sort, GET /api/users?sort=): ids, usernames and
// emails compare as people read them, numbers inside by their value and letters without regard to
// case, so usr-2 comes before usr-10 (a plain string comparison put usr-10, usr-11 … usr-19 before
// usr-2) and ada@… beside Ada@…. Ties fall back to the plain comparison, so the order is total.
import type { DirectoryUser } from './types';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export type DirectorySortKey = 'id' | 'username' | 'email' | 'changes';

/** A sorted copy: by the key's text (a missing one first), or by how many messages changed the user. */
export function sortDirectory(users: readonly DirectoryUser[], key: DirectorySortKey, descending = false): DirectoryUser[] {
  const dir = descending ? -1 : 1;
  if (key === 'changes') return [...users].sort((a, b) => (a.touchedBy.length - b.touchedBy.length || naturalCompare(a.id, b.id)) * dir);
  return [...users].sort((a, b) => naturalCompare(a[key] ?? '', b[key] ?? '') * dir);
}
