// Support's reproduction over the automation API: the customer's capture log (GET /api/export) and
// users, imported into a fresh engine. GET /api/users is the directory as matching left it: imported
// as the starting directory, the captures were replayed on users they had already created or
// changed, and the wrong-user match support was asked about did not happen. GET /api/users/starting
// is the directory before any message, and gives the customer's decisions. Over real sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let customer: TestEngine;
beforeAll(async () => {
  customer = await startTestEngine();
});
afterAll(() => customer.dispose());

const USERS = [
  { id: 'PF-1', username: 'jane', email: 'jane@acme.com', properties: {} },
  { id: 'PF-2', username: 'john.doe', properties: { plan: 'pro' } },
];
const MESSAGES = [
  // john.doe's identify carries Jane's email: email wins, the wrong-user match (a conflict).
  { type: 'identify', userId: 'john.doe', traits: { email: 'jane@acme.com' }, messageId: 'm1' },
  { type: 'identify', userId: 'carol', traits: { email: 'carol@acme.com' }, messageId: 'm2' },
  { type: 'identify', userId: 'jane', traits: { email: 'jane.new@acme.com' }, messageId: 'm3' },
];

async function decisionsOf(url: string): Promise<string[]> {
  const list = (await (await fetch(`${url}/api/matching`)).json()) as { messageId: string; outcome: string; userId: string; conflict: boolean }[];
  return list.map((d) => `${d.messageId} ${d.outcome} ${d.userId}${d.conflict ? ' conflict' : ''}`);
}

/** A fresh engine given `users` as its starting directory and the customer's capture log: its decisions. */
async function reproduce(users: string): Promise<string[]> {
  const support = await startTestEngine();
  try {
    expect((await fetch(`${support.engine.url}/api/users/import`, { method: 'POST', body: users })).status).toBe(200);
    const log = await (await fetch(`${customer.engine.url}/api/export`)).text();
    expect((await fetch(`${support.engine.url}/api/import`, { method: 'POST', body: log })).status).toBe(200);
    return await decisionsOf(support.engine.url);
  } finally {
    await support.dispose();
  }
}

describe('GET /api/users/starting', () => {
  it('gives the users before any message, and with the capture log a fresh engine decides as the customer\'s did', async () => {
    expect((await fetch(`${customer.engine.url}/api/users/import`, { method: 'POST', body: JSON.stringify(USERS) })).status).toBe(200);
    for (const m of MESSAGES) {
      const res = await fetch(`${customer.engine.url}/webhook/pf`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(m) });
      expect(res.status).toBe(200);
    }
    const decided = await decisionsOf(customer.engine.url);
    expect(decided).toEqual(['m1 matched-by-email PF-1 conflict', 'm2 created new-2', 'm3 matched-by-username PF-1']);

    const res = await fetch(`${customer.engine.url}/api/users/starting`);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^application\/json/)]);
    const starting = await res.text();
    expect(JSON.parse(starting)).toEqual(USERS.map((u) => ({ ...u, createdBy: null, changedBy: [] })));
    expect(await reproduce(starting)).toEqual(decided);

    // What GET /api/users gives (the live directory) reproduces something else: m1 no longer finds Jane.
    const live = (await (await fetch(`${customer.engine.url}/api/users`)).json()) as { id: string; username?: string; email?: string; properties: object }[];
    const liveUsers = JSON.stringify(live.map(({ id, username, email, properties }) => ({ id, username, email, properties })));
    expect(await reproduce(liveUsers)).not.toEqual(decided);
    // The export command's directory: "live" named is what no directory gives, the matched users with their sources.
    const liveExport = await customer.engine.call('users.export', { format: 'json', directory: 'live' });
    expect(liveExport).toBe(await customer.engine.call('users.export', { format: 'json' }));
    expect(liveExport).not.toBe(starting);
    expect(JSON.parse(liveExport).map((u: { id: string }) => u.id)).toEqual(live.map((u) => u.id));
  });

  it('takes no parameters: one is a 400 naming it', async () => {
    const res = await fetch(`${customer.engine.url}/api/users/starting?q=jane`);
    expect([res.status, await res.json()]).toEqual([400, { error: 'GET /api/users/starting takes no parameters, not "q"' }]);
  });
});
