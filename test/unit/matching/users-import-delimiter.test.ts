// Users pasted from a spreadsheet arrive tab-separated (Excel, Google Sheets and LibreOffice copy
// cells so), and Excel's CSV in most of Europe is separated by semicolons. Both were read as one
// column named "id;username;email", and every row refused with "neither a username nor an email",
// which did not say why. The header row now says which separator the file uses.
import { describe, expect, it } from 'vitest';
import { csvDelimiterOf } from '../../../src-shared/spreadsheet-cell';
import { parseUsersTable, parseUsersTableInSteps, suggestMapping, usersFromTable } from '../../../src-main/derived/users-import';

describe('the separator of a users CSV', () => {
  it.each([
    ['id,username,email\n1,ada,a@x', ','],
    ['id;username;email\r\n1;ada;a@x', ';'],
    ['id\tusername\temail\n1\tada\ta@x', '\t'],
    // Counted in the header row only, outside quotes.
    ['"a;b;c",username,email\n1;2;3,x,y', ','],
    ['"User, ID";Username;Email\n', ';'],
    ['username\nada', ','],
    ['', ','],
    // A tie keeps the comma.
    ['a,b;c\n', ','],
  ])('%j: %j', (text, delimiter) => {
    expect(csvDelimiterOf(text)).toBe(delimiter);
  });
});

describe('a users import', () => {
  it.each([
    ['semicolons (Excel in most of Europe)', '\uFEFFid;username;email\r\nu1;ada;ada@example.com\r\nu2;bob;"bob;jr@example.com"\r\n'],
    ['tabs (cells pasted from a spreadsheet)', 'id\tusername\temail\nu1\tada\tada@example.com\nu2\tbob\tbob;jr@example.com\n'],
  ])('separated by %s is read by its columns', async (_what, text) => {
    for (const table of [parseUsersTable(text), await parseUsersTableInSteps(text, () => undefined)]) {
      expect(table.columns).toEqual(['id', 'username', 'email']);
      const { users, errors } = usersFromTable(table, suggestMapping(table.columns), new Set());
      expect(errors).toEqual([]);
      expect(users.map((u) => [u.id, u.username, u.email])).toEqual([
        ['u1', 'ada', 'ada@example.com'],
        ['u2', 'bob', 'bob;jr@example.com'],
      ]);
    }
  });
});
