// The decisions listed, as text support can paste into a reply or a spreadsheet (the Decisions
// list's "Copy list"): a title naming the count and the four settings in force, a header row, and
// one tab-separated row per decision in seq order. An email with space around it is quoted, so the
// space is seen; a value holding a tab or a line break has them as spaces, and one a spreadsheet
// would run as a formula is written as text.
import { plural } from '../plural';
import { tabSeparatedCell as cell } from '../spreadsheet-cell';
import type { DecisionRow } from './api-types';
import { outcomeText } from './trace-text';
import type { MatchingSettings } from './types';

const HEADER = ['#', 'Received', 'Outcome', 'Conflict', 'Message', 'Email', 'userId', 'anonymousId', 'User', 'Changed'];

const utc = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/** " (shared by 3 users)" after a cell whose value more than one directory user held; '' otherwise. */
const sharedBy = (holders: number | undefined) => (holders !== undefined ? ` (shared by ${holders} users)` : '');

export function decisionsText(rows: readonly DecisionRow[], settings: MatchingSettings | undefined): string {
  const s = settings ? `emailComparison ${settings.emailComparison}, noIdentity ${settings.noIdentity}, conflict ${settings.conflict}, scope ${settings.scope}; ` : '';
  const body = [...rows]
    .sort((a, b) => a.seq - b.seq)
    .map((r) =>
      [
        String(r.seq),
        utc(r.receivedAt),
        outcomeText(r.outcome).replace(/:.*$/, ''),
        r.conflict ? `yes${r.conflictLoser ? `, over ${r.conflictLoser}` : ''}` : '',
        cell(`${r.type ?? 'message'}${r.event !== undefined ? ` · ${r.event}` : ''}`),
        (r.email === undefined ? '' : r.email.trim() !== r.email ? `"${cell(r.email)}"` : cell(r.email)) + sharedBy(r.emailHolders),
        cell(r.messageUserId) + (r.messageUserId !== undefined ? sharedBy(r.usernameHolders) : ''),
        // The anonymousId is looked up as a username only for a message with neither email nor userId.
        cell(r.anonymousId) + (r.messageUserId === undefined && r.email === undefined ? sharedBy(r.usernameHolders) : ''),
        cell(r.userId),
        r.changed.join(', '),
      ].join('\t'),
    );
  return [`${plural(rows.length, 'Product Fruits matching decision')} (${s}times in UTC)`, HEADER.join('\t'), ...body].join('\n');
}
