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

// Excel saves the rows a sheet once formatted as rows of separators only (`;;;;` at the end of a
// semicolon CSV), and a quote-all writer as `"";""`: each was an error, "neither a username nor an
// email: the rule could never find this user" (or "3 fields, but the header names 4 columns"), so a
// clean file read as 2 users imported with 2 errors. A row with nothing in any cell is a blank line.
describe('rows with nothing in any cell', () => {
  it.each([
    ['semicolons, a trailing separator', '\uFEFFContact ID;E-mail;Login;Plan;\r\nC1;a@x.com;ada;pro;\r\nC2;b@x.com;bob;free;\r\n;;;;\r\n;;;;\r\n'],
    ['commas, a shorter row', 'id,email,username,plan\r\nC1,a@x.com,ada,pro\r\nC2,b@x.com,bob,free\r\n,,,\r\n,,\r\n'],
    ['every cell quoted', '"id","email","username","plan"\r\n"C1","a@x.com","ada","pro"\r\n"C2","b@x.com","bob","free"\r\n"","","",""\r\n'],
  ])('%s: skipped as blank lines are', async (_what, text) => {
    for (const table of [parseUsersTable(text), await parseUsersTableInSteps(text, () => undefined)]) {
      expect(table.errors).toEqual([]);
      const { users, errors } = usersFromTable(table, suggestMapping(table.columns), new Set());
      expect(errors).toEqual([]);
      expect(users.map((u) => [u.id, u.username, u.email])).toEqual([
        ['C1', 'ada', 'a@x.com'],
        ['C2', 'bob', 'b@x.com'],
      ]);
    }
  });
  it('a row with one cell filled is still a row (and its problem is named)', () => {
    const table = parseUsersTable('id;email;username\r\nC1;a@x.com;ada\r\n;;;\r\nC3;;\r\n');
    const { users, errors } = usersFromTable(table, suggestMapping(table.columns), new Set());
    expect(users.map((u) => u.id)).toEqual(['C1']);
    expect(errors.map((e) => e.line)).toEqual([4]);
  });
});
