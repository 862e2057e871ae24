// The users directory's export is a valid import that gives back the same users (JSON exactly; CSV
// with every property as text, as the last block shows), JSON and CSV alike
// over users with awkward ids, usernames, emails and properties (unicode, commas, quotes, line
// breaks, a formula's first character, empty values, numbers written as text).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseUsersTable, previewUsers, suggestMapping, usersFromTable } from '../../../src-main/derived/users-import';
import { looksTyped } from '../../../src-shared/matching/csv-text-columns';
import { exportUsers } from '../../../src-main/derived/matching-commands';
import { deriveMatching } from '../../../src-shared/matching/matcher';
import { setProperty } from '../../../src-shared/matching/extract';
import type { StartingUser } from '../../../src-shared/matching/types';
import { DEFAULTS } from './helpers';

/** Text made of the pieces that break CSV, spreadsheets and column guesses. */
const awkward = fc
  .array(fc.oneof(fc.constantFrom(',', '"', ';', '\n', '\r\n', '\r', '\t', ' ', "'", '=', '+', '-', '@', 'é', 'e\u0301', '😀', '\uFEFF', '0', '007', '1e5', 'id', 'email', 'properties.', 'a'), fc.string({ maxLength: 3 })), { maxLength: 6 })
  .map((parts) => parts.join(''));
/** An identifier the import reads as present: some text besides space. */
const present = awkward.filter((s) => s.trim() !== '');
const propertyName = fc.oneof(awkward, fc.constantFrom('id', 'username', 'email', 'Email', 'mail', 'userId', 'login', 'properties', 'properties.email', 'createdBy', 'changedBy', 'sources', ' plan ', '__proto__', 'constructor', ''));

const users = (values: fc.Arbitrary<unknown>) =>
  fc
    .uniqueArray(
      fc.record(
        { id: present, username: fc.option(present, { nil: undefined }), email: fc.option(present, { nil: undefined }), properties: fc.array(fc.tuple(propertyName, values), { maxLength: 4 }) },
        { requiredKeys: ['id', 'properties'] },
      ),
      { selector: (u) => u.id, maxLength: 5 },
    )
    .map((list) =>
      list
        .filter((u) => u.username !== undefined || u.email !== undefined)
        .map((u): StartingUser => {
          const properties: Record<string, unknown> = {};
          for (const [k, v] of u.properties) setProperty(properties, k, v);
          return { id: u.id, ...(u.username !== undefined ? { username: u.username } : {}), ...(u.email !== undefined ? { email: u.email } : {}), properties };
        }),
    );

function roundTrip(list: StartingUser[], format: 'json' | 'csv') {
  const { users: directory } = deriveMatching(list, DEFAULTS, []);
  const text = exportUsers(directory, format);
  const table = parseUsersTable(text);
  return usersFromTable(table, suggestMapping(table.columns, table.format), new Set());
}

describe('users export → import round trip', () => {
  it('JSON: every user comes back as it was, with no export-only field (createdBy, changedBy) turned into a property', () => {
    const json = fc.letrec((tie) => ({ v: fc.oneof({ depthSize: 'small' }, awkward, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 2 }), fc.dictionary(awkward, tie('v'), { maxKeys: 2 })) })).v;
    fc.assert(
      fc.property(users(json), (list) => {
        const back = roundTrip(list, 'json');
        expect(back.errors).toEqual([]);
        expect(back.users).toEqual(list);
      }),
      { numRuns: 300 },
    );
  });

  it('CSV: every user comes back as it was (text properties, empty ones included)', () => {
    fc.assert(
      fc.property(users(awkward), (list) => {
        const back = roundTrip(list, 'csv');
        expect(back.errors).toEqual([]);
        expect(back.users).toEqual(list);
      }),
      { numRuns: 300 },
    );
  });

  it('the examples that broke it', () => {
    const list: StartingUser[] = [
      { id: 'u1', username: 'ada', email: 'ada@example.com', properties: { email: 'old@example.com', '': 'blank name', ' plan ': '', note: 'a "b", c\nd' } },
      { id: '=1+1', username: '007', email: 'n/a', properties: { 'properties.email': 'x', createdBy: 'crm' } },
    ];
    for (const format of ['json', 'csv'] as const) {
      const back = roundTrip(list, format);
      expect(back.errors).toEqual([]);
      expect(back.users).toEqual(list);
    }
  });
});

describe('users export → import round trip, values that are not text', () => {
  // README said each export "gives back the same users": a CSV one gave 42 back as "42" without a
  // word. JSON is the exact round trip; CSV gives text back, and the import preview names the
  // columns that hold such values before anything is imported.
  const list: StartingUser[] = [
    { id: 'u1', username: 'ada', properties: { age: 42, ratio: 0.25, active: true, tags: ['a'], zip: '00123', phone: '+1 555 0100', plan: 'pro' } },
    { id: 'u2', username: 'bob', properties: { age: 7, zip: '02139', plan: 'free' } },
  ];

  it('JSON gives every value back as it was, numbers included', () => {
    const back = roundTrip(list, 'json');
    expect(back.errors).toEqual([]);
    expect(back.users[0].properties.age).toBe(42);
    expect(back.users[0].properties.active).toBe(true);
    expect(back.users[0].properties.ratio).toBe(0.25);
    expect(back.users[1]).toEqual(list[1]);
  });

  it('CSV gives text back, and its preview names the columns holding a number, true/false or JSON, not a text like 00123', () => {
    const { users: directory } = deriveMatching(list, DEFAULTS, []);
    const csv = exportUsers(directory, 'csv');
    const back = roundTrip(list, 'csv');
    expect(back.errors).toEqual([]);
    expect(back.users.map((u) => u.properties)).toEqual([
      { age: '42', ratio: '0.25', active: 'true', tags: '["a"]', zip: '00123', phone: '+1 555 0100', plan: 'pro' },
      { age: '7', zip: '02139', plan: 'free' },
    ]);
    expect(previewUsers(csv).readAsText).toEqual([
      { column: 'active', example: 'true' },
      { column: 'age', example: '42' },
      { column: 'ratio', example: '0.25' },
      { column: 'tags', example: '["a"]' },
    ]);
    expect(previewUsers(exportUsers(directory, 'json')).readAsText).toBeUndefined();
  });

  it('a cell looks typed only as JSON writes a value', () => {
    for (const cell of ['42', '-0.5', '1e5', 'true', 'false', 'null', '{"a":1}', '[1]']) expect(looksTyped(cell), cell).toBe(true);
    for (const cell of ['00123', '+15550100', '555-0100', ' 42', '1.', 'True', '{not json', '[', 'pro', '']) expect(looksTyped(cell), cell).toBe(false);
  });
});
