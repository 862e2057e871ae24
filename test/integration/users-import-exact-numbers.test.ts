// A JSON users file whose ids or properties are numbers JSON.parse alters (a Java Long or a Go
// int64 written as a number, 1e400, -0), over a real socket: the ids keep the digits sent, so a
// message with that userId finds the user (imported as 9007199254740992, it found nobody and made
// a second user), and a property that cannot be kept exactly is imported with a warning saying
// what it became, where it was changed without a word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const api = async (method: string, path: string, body?: string) => {
  const res = await fetch(`${t.engine.url}${path}`, { method, body, headers: body ? { 'content-type': 'application/json' } : {} });
  return { status: res.status, json: (await res.json()) as any };
};

describe('POST /api/users/import: numbers past what JSON.parse keeps', () => {
  it('an id and a username past 2^53 keep their digits, and a message with that userId finds the user', async () => {
    const file = '[{"id": 9007199254740993, "username": 9007199254740993, "email": "long@example.com"}, {"id": 9007199254740992, "username": "other", "email": "o@example.com"}]';
    const res = await api('POST', '/api/users/import?replace=true', file);
    expect(res).toEqual({ status: 200, json: { imported: 2, errors: [] } });
    const users = (await api('GET', '/api/users?sort=id')).json as { id: string; username: string }[];
    expect(users.map((u) => [u.id, u.username])).toEqual([
      ['9007199254740992', 'other'],
      ['9007199254740993', '9007199254740993'],
    ]);

    const sent = await fetch(`${t.engine.url}/webhook/pf`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"identify","userId":9007199254740993}' });
    expect(sent.status).toBe(200);
    const decisions = (await api('GET', '/api/matching?afterSeq=0')).json as { outcome: string; userId: string }[];
    expect(decisions.map((d) => [d.outcome, d.userId])).toEqual([['matched-by-username', '9007199254740993']]);
  });

  it('a property it cannot keep exactly is imported as the number it becomes, with a warning naming it', async () => {
    const file = '[{"id": "u-1", "email": "a@example.com", "properties": {"accountId": 9007199254740993, "score": 1e400, "nested": {"list": [-0]}}, "plan": 12345678901234567890}]';
    const res = await api('POST', '/api/users/import?replace=true', file);
    expect(res.status).toBe(200);
    expect(res.json.warnings).toEqual([
      { line: 1, message: 'properties.accountId is the number 9007199254740993, which a JSON number here cannot hold exactly: imported as 9007199254740992; write it in quotes ("9007199254740993") to keep it as sent' },
      { line: 1, message: 'properties.score is the number 1e400, which a JSON number here cannot hold exactly: imported as null; write it in quotes ("1e400") to keep it as sent' },
      { line: 1, message: 'properties.nested.list[0] is the number -0, which a JSON number here cannot hold exactly: imported as 0; write it in quotes ("-0") to keep it as sent' },
      { line: 1, message: '"plan" is the number 12345678901234567890, which a JSON number here cannot hold exactly: imported as 12345678901234567000; write it in quotes ("12345678901234567890") to keep it as sent' },
    ]);
    const [user] = (await api('GET', '/api/users')).json as { properties: Record<string, unknown> }[];
    expect(user.properties).toEqual({ accountId: 9007199254740992, score: null, nested: { list: [0] }, plan: 12345678901234567000 });
  });

  it('a file with none of them imports as before, without warnings', async () => {
    const res = await api('POST', '/api/users/import?replace=true', '[{"id": 7, "username": "seven", "properties": {"n": 1.5, "big": 9007199254740991}}]');
    expect(res).toEqual({ status: 200, json: { imported: 1, errors: [] } });
    expect((await api('GET', '/api/users')).json[0]).toMatchObject({ id: '7', properties: { n: 1.5, big: 9007199254740991 } });
  });
});
