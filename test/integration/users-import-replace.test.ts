// POST /api/users/import?replace=true with a file that gives no user at all (not JSON, the wrong
// shape, no header, an unreadable header, every row bad): the directory must be kept, and the
// answer must say why nothing was imported. It was a 200 {"imported":0,"errors":[…]} after the
// whole starting directory had been emptied.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const post = async (body: string, query = '') => {
  const res = await fetch(`${t.engine.url}/api/users/import${query}`, { method: 'POST', body });
  return { status: res.status, json: (await res.json()) as { error?: string; imported?: number; errors?: { line: number; message: string }[] } };
};
const ids = async () => ((await (await fetch(`${t.engine.url}/api/users`)).json()) as { id: string }[]).map((u) => u.id).sort();

beforeEach(async () => {
  await post('id,email\nu-ada,ada@example.com\nu-bob,bob@example.com\n', '?replace=true');
  expect(await ids()).toEqual(['u-ada', 'u-bob']);
});

describe('replace=true with a file that gives no user', () => {
  const files: [string, string, RegExp][] = [
    ['an empty body', '', /line 1: no header row/],
    ['JSON that does not parse', '[{"id": }]', /line 1: not valid JSON/],
    ['JSON of the wrong shape', '{"users":[{"id":"a","email":"a@example.com"}]}', /line 1: JSON users must be an array of objects/],
    ['JSON nested 100,000 deep', '['.repeat(100_000) + ']'.repeat(100_000), /line 1: the JSON nests objects and arrays 100,000 levels deep/],
    ['a header that cannot be read', 'id,e"mail\nu-x,x@example.com\n', /line 1: the header row cannot be read/],
    ['rows that are all bad', 'id,email,note\nu-x,x@example.com,"ab"c\n', /line 2: cell 3 \("note"\) has text after its closing quote/],
  ];
  for (const [what, body, reason] of files) {
    it(`keeps the directory and answers 400 saying why: ${what}`, async () => {
      const res = await post(body, '?replace=true');
      expect(res.status).toBe(400);
      expect(res.json.error).toMatch(/^nothing was imported, so the starting directory was not replaced \(it keeps its 2 users\): /);
      expect(res.json.error).toMatch(reason);
      expect(await ids()).toEqual(['u-ada', 'u-bob']);
      // The engine answers on: a good file replaces as before.
      expect((await post('id,email\nu-cy,cy@example.com\n', '?replace=true')).json).toEqual({ imported: 1, errors: [] });
      expect(await ids()).toEqual(['u-cy']);
    });
  }

  it('names at most three of many bad rows, and how many more', async () => {
    const body = 'id,email\n' + Array.from({ length: 5 }, (_, i) => `u-${i},\n`).join('');
    const res = await post(body, '?replace=true');
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/line 2: neither a username nor an email.*; line 3: .*; line 4: .*; and 2 more rows$/);
    expect(await ids()).toEqual(['u-ada', 'u-bob']);
  });

  it('still empties the directory for a file with a header and no rows (a replace with nothing, as asked)', async () => {
    expect((await post('id,email\n', '?replace=true')).json).toEqual({ imported: 0, errors: [] });
    expect(await ids()).toEqual([]);
  });

  it('without replace, such a file is answered as before (200, nothing added, the errors by line)', async () => {
    const res = await post('[{"id": }]');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ imported: 0, errors: [{ line: 1, message: expect.stringMatching(/^not valid JSON/) }] });
    expect(await ids()).toEqual(['u-ada', 'u-bob']);
  });
});

// "1234" was read as a header with no rows: 200 {"imported":0,"errors":[]}, nothing said.
describe('a file that is one line naming no column the rule reads', () => {
  for (const query of ['', '?replace=true']) {
    it(`is a 400 saying what is wrong and where, the directory untouched (${query || 'adding'})`, async () => {
      for (const body of ['1234', '1234\n', 'plan;notes\r\n']) {
        const res = await post(body, query);
        expect(res.status).toBe(400);
        expect(res.json.error).toMatch(/^line 1 \("(1234|plan;notes)"\) was read as the header row, but it names no id, username or email column and no row follows it: nothing to import/);
        expect(await ids()).toEqual(['u-ada', 'u-bob']);
      }
    });
  }

  it('two users of one email are imported, each later one with a warning naming both ids and the email', async () => {
    const res = await post('id,email\nu-cy,cy@example.com\nu-cy2,CY@example.com\nu-ada9,ada@example.com\n');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ imported: 3, errors: [] });
    const warnings = (res.json as { warnings?: { line: number; message: string }[] }).warnings;
    expect(warnings).toEqual([
      { line: 3, message: expect.stringMatching(/^id "u-cy2" has the same email as id "u-cy" \(line 2\) but for case or spacing, which matching ignores by default \("CY@example\.com" and "cy@example\.com"\)/) },
      { line: 4, message: expect.stringMatching(/^id "u-ada9" has the same email as id "u-ada" \(already in the directory\), "ada@example\.com": a message with it finds only one of them/) },
    ]);
    expect(await ids()).toEqual(['u-ada', 'u-ada9', 'u-bob', 'u-cy', 'u-cy2']);
  });
});
