// The matching automation API (/api/users, /api/users/import, /api/matching) given input its
// callers' tools produce: a CSV saved by Excel as "Unicode Text" (UTF-16), a query string built
// by appending to a base one, a pager that starts from afterSeq=0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const get = async (path: string) => {
  const res = await fetch(`${t.engine.url}${path}`);
  return { status: res.status, json: (await res.json()) as any };
};
const importBody = async (body: Uint8Array | string, query = '') => {
  const res = await fetch(`${t.engine.url}/api/users/import${query}`, { method: 'POST', body });
  return { status: res.status, json: (await res.json()) as any };
};

describe('POST /api/users/import: the file as a spreadsheet saved it', () => {
  const csv = 'Contact ID\tLogin\tE-mail\tPlan\r\nC-16\tzoë\tzoe@example.com\tGold\r\n';

  it('reads a UTF-16 file with its byte-order mark (Excel\'s "Unicode Text"), as the Import users dialog does', async () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]);
    const res = await importBody(body, '?replace=true');
    expect(res).toEqual({ status: 200, json: { imported: 1, errors: [] } });
    const users = (await get('/api/users')).json as { id: string; username: string; email: string; properties: Record<string, unknown> }[];
    expect(users).toEqual([expect.objectContaining({ id: 'C-16', username: 'zoë', email: 'zoe@example.com', properties: { Plan: 'Gold' } })]);
  });

  it('reads big-endian UTF-16 too, and refuses UTF-32 naming it, keeping the directory as it was', async () => {
    const le = Buffer.from('\ufeff' + csv.replace('C-16', 'C-17'), 'utf16le');
    const be = Buffer.from(le).swap16();
    expect((await importBody(be, '?replace=true')).json).toEqual({ imported: 1, errors: [] });
    const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...Array.from('id,username\nX,y\n', (c) => { const b = Buffer.alloc(4); b.writeUInt32LE(c.codePointAt(0)!); return b; })]);
    const res = await importBody(utf32, '?replace=true');
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/UTF-32 \(little-endian, with a byte-order mark\).*save it as UTF-8 \(or UTF-16\)/);
    expect(((await get('/api/users')).json as { id: string }[]).map((u) => u.id)).toEqual(['C-17']);
  });
});

describe('GET /api/matching and /api/users query strings', () => {
  beforeAll(async () => {
    await importBody('id,username\nC-1,ada\n', '?replace=true');
    for (const userId of ['ada', 'bob']) expect((await postJson(`${t.engine.url}/webhook/pf`, { type: 'track', event: 'E', userId })).status).toBe(200);
  });

  it('takes afterSeq=0, where a pager starts, as /api/messages does', async () => {
    const all = await get('/api/matching?afterSeq=0');
    expect(all.status).toBe(200);
    expect((all.json as { outcome: string }[]).map((d) => d.outcome)).toEqual(['matched-by-username', 'created']);
    expect((await get('/api/messages?afterSeq=0')).status).toBe(200);
  });

  it('refuses a parameter given twice, naming it, where the last one was kept without a word', async () => {
    for (const path of ['/api/matching?outcome=created&outcome=matched-by-username', '/api/users?sort=id&q=ada&sort=email', '/api/messages/wait?count=2&timeoutMs=10&count=1']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.json.error, path).toMatch(/^(outcome|sort|count) is given more than once; give it once/);
    }
  });

  it('takes a limit or afterSeq of more digits than a number holds as the most there can be, on every route', async () => {
    // Read as Infinity or 1e+23, it was refused as no whole number (/api/matching, /api/users) or
    // answered 500 "internal error" (/api/sessions, /api/sessions/totals); /api/messages took it.
    const huge = '9'.repeat(400);
    for (const path of [`/api/matching?limit=${huge}`, `/api/users?limit=${huge}`, `/api/sessions?limit=${huge}`, '/api/sessions?limit=99999999999999999999', `/api/sessions/totals?limit=${huge}`, `/api/messages?limit=${huge}`]) {
      const res = await get(path);
      expect(res.status, path.slice(0, 40)).toBe(200);
    }
    expect((await get(`/api/matching?limit=${huge}`)).json).toHaveLength(2);
    expect(await get(`/api/matching?afterSeq=${huge}`)).toEqual({ status: 200, json: [] });
    expect(await get(`/api/matching?seq=${huge}`)).toEqual({ status: 200, json: [] });
    expect(await get(`/api/messages?afterSeq=${huge}`)).toEqual({ status: 200, json: [] });
    // What is not digits is still refused, naming it.
    for (const [path, error] of [
      ['/api/matching?limit=1e3', 'limit must be a positive whole number, not "1e3"'],
      ['/api/matching?afterSeq=0x10', 'afterSeq must be a whole number, not "0x10"'],
      ['/api/sessions?limit=NaN', 'limit must be a positive whole number, not "NaN"'],
      ['/api/messages?afterSeq=-1', 'afterSeq must be a whole number, not "-1"'],
      ['/api/messages?limit=', 'limit must be a positive whole number, not ""'],
    ]) expect(await get(path), path).toEqual({ status: 400, json: { error } });
  });

  it('refuses an empty userId as it refuses an empty involving (it answered [], as if the user had no decisions)', async () => {
    for (const path of ['/api/matching?userId=', '/api/matching?userId', '/api/matching?outcome=created&userId=']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.json.error, path).toBe('userId must be a directory user\'s id (text, not empty), not ""');
    }
    expect((await get('/api/matching?involving=')).json.error).toBe('involving must be a directory user\'s id (text, not empty), not ""');
    // A real id, however odd, is looked up: none of these is a user, so no decision.
    for (const id of ['__proto__', 'constructor', '%00', '\' OR 1=1 --', 'caf\u00e9', '\u{1F600}', 'x'.repeat(8000)]) {
      for (const key of ['userId', 'involving']) {
        const res = await get(`/api/matching?${new URLSearchParams({ [key]: id })}`);
        expect([res.status, res.json], `${key}=${id.slice(0, 20)}`).toEqual([200, []]);
      }
    }
    expect((await get('/api/matching?involving=C-1')).json).toHaveLength(1);
  });
});

describe('PUT /api/matching/settings: a body nested deeper than anything checks', () => {
  it('is a 400 naming the depth, as the other settings bodies are (it was a 500 "internal error: Maximum call stack size exceeded")', async () => {
    const before = (await get('/api/matching/settings')).json;
    // 30,000 levels fit in the 64 KB a settings body may have; the setting's check wrote the value into its error.
    const body = `{"scope":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    const res = await fetch(`${t.engine.url}/api/matching/settings`, { method: 'PUT', body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('the body nests objects and arrays 30,001 levels deep; Eventbench accepts at most 256 (deeper JSON cannot be shown or sent on again)');
    expect((await get('/api/matching/settings')).json).toEqual(before);
  });
});

describe('POST /api/users/import: a JSON file that does not parse', () => {
  it('is named by the line and column of the fault (it was "line 1" and JSON.parse\'s position in the whole file)', async () => {
    const body = '[\n  { "id": "C-1", "username": "ada" },\n  { "id": "C-2", "username": "bob" },\n]\n';
    const res = await importBody(body);
    expect(res.json).toEqual({
      imported: 0,
      errors: [{ line: 3, message: "not valid JSON at column 37: trailing comma before ']', near …` \"username\": \"bob\" },\\n]\\n`" }],
    });
  });
});
