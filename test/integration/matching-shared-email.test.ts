// A decision whose email more than one directory user held: the rule took the first in directory
// order (the usual reason a customer's events land on the wrong user). The list row says how many
// held it, so support sees it without opening each trace; the trace names another holder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, postJson, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
  await t.engine.call('webhooks.save', { name: 'pf', rejectInvalid: false });
});
afterAll(() => t.dispose());

const CSV = ['id,username,email', 'u-jane,jane,jane@acme.com', 'u-jane2,jdoe,Jane@Acme.com', 'u-bob,bob,bob@acme.com', ''].join('\n');
const send = async (event: object) => expect((await postJson(`${t.engine.url}/webhook/pf`, JSON.stringify(event))).status).toBe(200);

describe('decisions on a shared email', () => {
  it('the row counts the users holding the email; a row on an email one user holds has no count', async () => {
    expect((await postJson(`${t.engine.url}/api/users/import`, CSV, { 'content-type': 'text/csv' })).json.imported).toBe(3);
    await send({ type: 'identify', messageId: 's1', userId: 'jdoe', traits: { email: 'JANE@acme.com' } });
    await send({ type: 'track', messageId: 's2', event: 'Tour Start', userId: 'bob', context: { traits: { email: 'bob@acme.com' } } });
    const { rows } = await t.engine.call('matching.list', {});
    expect(rows.map((r) => [r.messageId, r.userId, r.emailHolders])).toEqual([
      ['s1', 'u-jane', 2],
      ['s2', 'u-bob', undefined],
    ]);
    const detail = await t.engine.call('matching.get', { seq: rows[0].seq });
    expect(detail!.steps.join('\n')).toContain('u-jane2');
  });
});

describe('decisions on a shared username', () => {
  it('the row counts the users having the userId as username; the trace names the other and says which was taken', async () => {
    const csv = ['id,username,email', 'u-old,sam,sam@old.com', 'u-new,sam,sam@new.com', ''].join('\n');
    expect((await postJson(`${t.engine.url}/api/users/import`, csv, { 'content-type': 'text/csv' })).json.imported).toBe(2);
    await send({ type: 'track', messageId: 'n1', event: 'Tour Start', userId: 'sam' });
    await send({ type: 'identify', messageId: 'n2', userId: 'sam', traits: { email: 'sam@new.com' } });
    const { rows } = await t.engine.call('matching.list', {});
    const mine = rows.filter((r) => r.messageId?.startsWith('n'));
    expect(mine.map((r) => [r.messageId, r.userId, r.usernameHolders, r.emailHolders])).toEqual([
      ['n1', 'u-old', 2, undefined],
      ['n2', 'u-new', 2, undefined],
    ]);
    const first = (await t.engine.call('matching.get', { seq: mine[0].seq }))!.steps.join('\n');
    expect(first).toContain('User u-new (username `sam`, email `sam@new.com`) has it too; the first in directory order is taken.');
    const second = (await t.engine.call('matching.get', { seq: mine[1].seq }))!.steps.join('\n');
    expect(second).toContain('User u-old (username `sam`, email `sam@old.com`) has it too; the user the email found is taken.');
  });
});
