// The Decisions list's "Copy list": the decisions listed (under the filters), as a table support can
// paste into a reply or a spreadsheet: a title with the count and the settings, a header row, one
// tab-separated row per decision in seq order.
import { describe, expect, it } from 'vitest';
import type { DecisionRow } from '../../../src-shared/matching/api-types';
import { decisionsText } from '../../../src-shared/matching/decisions-text';
import { DEFAULTS } from './helpers';

const row = (o: Partial<DecisionRow> & Pick<DecisionRow, 'seq' | 'outcome'>): DecisionRow => ({ receivedAt: `2026-12-04T09:0${o.seq}:00.000Z`, conflict: false, changed: [], ...o });

describe('decisionsText', () => {
  const rows = [
    row({ seq: 4, outcome: 'matched-by-username', type: 'track', event: 'Report Viewed', messageUserId: 'jdoe', anonymousId: 'laptop', userId: 'PF-1002' }),
    row({ seq: 2, outcome: 'matched-by-email', type: 'identify', email: 'Jane@Acme.com ', messageUserId: 'jdoe', userId: 'PF-1001', conflict: true, conflictLoser: 'PF-1002', changed: ['properties.first_name'] }),
    row({ seq: 1, outcome: 'unmatched', type: 'page', event: 'Dashboard', anonymousId: 'laptop' }),
  ];
  const lines = decisionsText(rows, DEFAULTS).split('\n');

  it('a title naming the count and the settings in force, a header, one row per decision in seq order', () => {
    expect(lines[0]).toBe('3 Product Fruits matching decisions (emailComparison ignore-case-and-space, noIdentity unmatched, conflict email-wins, scope webhook; times in UTC)');
    expect(lines[1].split('\t')).toEqual(['#', 'Received', 'Outcome', 'Conflict', 'Message', 'Email', 'userId', 'anonymousId', 'User', 'Changed']);
    expect(lines.slice(2).map((l) => l.split('\t')[0])).toEqual(['1', '2', '4']);
  });

  it('each row: outcome in words, the conflict and who lost it, the message, what it carried as it carried it (quoted where spaces surround it), the user, what changed', () => {
    expect(lines[2].split('\t')).toEqual(['1', '2026-12-04 09:01:00', 'unmatched', '', 'page · Dashboard', '', '', 'laptop', '', '']);
    expect(lines[3].split('\t')).toEqual(['2', '2026-12-04 09:02:00', 'matched by email', 'yes, over PF-1002', 'identify', '"Jane@Acme.com "', 'jdoe', '', 'PF-1001', 'properties.first_name']);
    expect(lines[4].split('\t')).toEqual(['4', '2026-12-04 09:04:00', 'matched by username', '', 'track · Report Viewed', '', 'jdoe', 'laptop', 'PF-1002', '']);
  });

  it('an email more than one user held says so beside it (the rule took the first)', () => {
    const shared = decisionsText([row({ seq: 5, outcome: 'matched-by-email', type: 'identify', email: 'jane@acme.com', userId: 'u-jane', emailHolders: 3 })], DEFAULTS).split('\n')[2].split('\t');
    expect(shared[5]).toBe('jane@acme.com (shared by 3 users)');
    expect(lines[3].split('\t')[5]).toBe('"Jane@Acme.com "');
  });

  it('a userId (an anonymous message\'s anonymousId) more than one user had as username says so beside it', () => {
    const byUserId = decisionsText([row({ seq: 6, outcome: 'matched-by-username', type: 'track', messageUserId: 'jdoe', anonymousId: 'laptop', userId: 'u-1', usernameHolders: 2 })], DEFAULTS).split('\n')[2].split('\t');
    expect(byUserId.slice(5, 8)).toEqual(['', 'jdoe (shared by 2 users)', 'laptop']);
    const byAnonymousId = decisionsText([row({ seq: 7, outcome: 'matched-by-username', type: 'page', anonymousId: 'laptop', userId: 'u-2', usernameHolders: 3 })], DEFAULTS).split('\n')[2].split('\t');
    expect(byAnonymousId.slice(5, 8)).toEqual(['', '', 'laptop (shared by 3 users)']);
    // An email and an anonymousId, no userId: the anonymousId was not looked up.
    const withEmail = decisionsText([row({ seq: 8, outcome: 'matched-by-email', type: 'page', email: 'a@b.co', anonymousId: 'laptop', userId: 'u-3', usernameHolders: 2 })], DEFAULTS).split('\n')[2].split('\t');
    expect(withEmail.slice(5, 8)).toEqual(['a@b.co', '', 'laptop']);
  });

  it('a tab or line break cannot break the table; a formula-like value is written as text', () => {
    const odd = decisionsText([row({ seq: 9, outcome: 'created', type: 'track', event: 'A\tB', messageUserId: '=cmd', userId: 'new-9' })], DEFAULTS).split('\n')[2].split('\t');
    expect(odd.slice(4, 7)).toEqual(['track · A B', '', "'=cmd"]);
  });
});
