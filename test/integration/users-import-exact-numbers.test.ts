// A JSON users file whose ids or properties are numbers JSON.parse alters (a Java Long or a Go
// int64 written as a number, 1e400, -0), over a real socket: the ids keep the digits sent, so a
// message with that userId finds the user (imported as 9007199254740992, it found nobody and made
// a second user), and a property keeps them too, through users.json, a restart and an export
// imported again (it was imported as the number it became, with a warning).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const jsonError = (text: string) => {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
};

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

  it('a property keeps the digits written, with no warning, in the answer, users.json and after a restart', async () => {
    const file = '[{"id": "u-1", "email": "a@example.com", "properties": {"accountId": 9007199254740993, "score": 1e400, "nested": {"list": [-0]}}, "plan": 12345678901234567890}]';
    const res = await api('POST', '/api/users/import?replace=true', file);
    expect(res).toEqual({ status: 200, json: { imported: 1, errors: [] } });
    const written = '{"accountId":9007199254740993,"score":1e400,"nested":{"list":[-0]},"plan":12345678901234567890}';
    const usersText = async () => (await (await fetch(`${t.engine.url}/api/users`)).text()).replace(/\s/g, '');
    expect(await usersText()).toContain(`"properties":${written}`);
    expect(await readFile(join(t.dataDir, 'users.json'), 'utf8')).toContain(`"properties":${written}`);
    await t.restart();
    expect(await usersText()).toContain(`"properties":${written}`);
    // Over the contract, as a directory user: the nearest doubles, and the digits as text.
    const [starting] = await t.engine.call('users.starting', undefined);
    expect(starting).toMatchObject({ id: 'u-1', email: 'a@example.com', properties: { accountId: 9007199254740992, plan: 12345678901234567000 }, propertiesJson: written });
  });

  it('the JSON export imports back the same digits (they came back as …992); the CSV export, its digits as text', async () => {
    const big = '9007199254740993';
    await api('DELETE', '/api/users');
    await t.engine.call('messages.clear', undefined);
    const sent = await fetch(`${t.engine.url}/webhook/pf`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"type":"identify","userId":"ada","traits":{"seats":${big},"ids":[${big},7]}}` });
    expect(sent.status).toBe(200);
    const json = await t.engine.call('users.export', { format: 'json' });
    expect(json.replace(/\s/g, '')).toContain(`"properties":{"seats":${big},"ids":[${big},7]}`);
    await t.engine.call('messages.clear', undefined);
    expect((await t.engine.call('users.import', { text: json, replace: true })).warnings).toBeUndefined();
    const [fromJson] = await t.engine.call('users.starting', undefined);
    expect(fromJson.propertiesJson).toBe(`{"seats":${big},"ids":[${big},7]}`);
    // The starting directory's export (what reproduces the decisions elsewhere) keeps them too.
    expect((await t.engine.call('users.export', { format: 'json', directory: 'starting' })).replace(/\s/g, '')).toContain(`"properties":{"seats":${big},"ids":[${big},7]}`);
    expect(await t.engine.call('users.export', { format: 'json' })).toBe(json.replace(/"createdBy": \d+/, '"createdBy": null').replace(/"changedBy": \[\s*\d+\s*\]/, '"changedBy": []'));

    // users.starting's users, as a script reads them over the WebSocket and imports them back.
    const starting = await t.engine.call('users.starting', undefined);
    expect((await t.engine.call('users.import', { text: JSON.stringify(starting), replace: true })).warnings).toBeUndefined();
    expect(await t.engine.call('users.starting', undefined)).toEqual(starting);

    const csv = await t.engine.call('users.export', { format: 'csv' });
    expect(csv).toBe(`id,username,email,ids,seats\nnew-1,ada,,"[${big},7]",${big}\n`);
    await t.engine.call('users.import', { text: csv, replace: true });
    // A CSV cell is text: the digits as written, never a double's.
    expect((await t.engine.call('users.starting', undefined))[0].properties).toEqual({ ids: `[${big},7]`, seats: big });
  });

  it('users.saveStarting reads the properties from propertiesJson (the editor text) with its digits; a bad text is refused naming it, and nothing is saved', async () => {
    await api('DELETE', '/api/users');
    const saved = await t.engine.call('users.saveStarting', { id: 'u-9', email: 'n@example.com', properties: { seats: 9007199254740992 }, propertiesJson: '{"seats": 9007199254740993}' });
    expect(saved).toEqual({ id: 'u-9', email: 'n@example.com', properties: { seats: 9007199254740992 }, propertiesJson: '{"seats":9007199254740993}' });
    expect(await (await fetch(`${t.engine.url}/api/users`)).text()).toContain('"properties":{"seats":9007199254740993}');
    const refused = async (propertiesJson: unknown) => {
      try {
        await t.engine.call('users.saveStarting', { id: 'u-9', email: 'changed@example.com', properties: {}, propertiesJson } as never);
      } catch (e) {
        return { message: (e as Error).message, where: (e as { where?: string }).where };
      }
      return 'saved';
    };
    expect(await refused('{"seats": 9007199254740993,')).toEqual({ message: `user.propertiesJson must be a JSON object, not "{\\"seats\\": 9007199254740993,": ${jsonError('{"seats": 9007199254740993,')}`, where: 'user.propertiesJson' });
    expect(await refused('[9007199254740993]')).toEqual({ message: 'user.propertiesJson must be a JSON object such as {"plan": "pro"}, not "[9007199254740993]"', where: 'user.propertiesJson' });
    expect(await refused(5)).toMatchObject({ where: 'user.propertiesJson', message: expect.stringContaining('propertiesJson') });
    expect(await t.engine.call('users.starting', undefined)).toEqual([saved]);
  });

  it('a file with none of them imports as before, without warnings', async () => {
    const res = await api('POST', '/api/users/import?replace=true', '[{"id": 7, "username": "seven", "properties": {"n": 1.5, "big": 9007199254740991}}]');
    expect(res).toEqual({ status: 200, json: { imported: 1, errors: [] } });
    expect((await api('GET', '/api/users')).json[0]).toMatchObject({ id: '7', properties: { n: 1.5, big: 9007199254740991 } });
  });
});
