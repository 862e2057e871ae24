// User matching end to end in the engine: signed webhook messages through the real receiver
// change the directory, read back through the automation API over HTTP; a restart re-derives the
// same decisions from the capture log, users.json and the settings.
import { createHmac } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, postJson, type TestEngine } from './helpers/engine';

let t: TestEngine;
const SECRET = 'pf-secret';
beforeAll(async () => {
  t = await startTestEngine();
  await t.engine.call('webhooks.save', { name: 'pf', secret: SECRET, rejectInvalid: true });
});
afterAll(() => t.dispose());

const api = (path: string, init?: RequestInit) => fetch(`${t.engine.url}${path}`, init);
const getJson = async (path: string) => {
  const res = await api(path);
  return { status: res.status, json: (await res.json()) as any };
};
async function sendSigned(event: object) {
  const body = JSON.stringify(event);
  const res = await postJson(`${t.engine.url}/webhook/pf`, body, { 'x-signature': createHmac('sha1', SECRET).update(body).digest('hex'), 'user-agent': 'Segment.io/1.0' });
  expect(res.status).toBe(200);
}

/** The seq of the nth decision (1-based) of a list. */
const decisionsSeq = (list: { rows: { seq: number }[] }, n: number) => list.rows[n - 1].seq;

const CSV = ['id,username,email,plan', 'u-ada,ada,Ada@Example.com,pro', 'u-bob,bob,bob@example.com,free', 'u-bad,,,free', 'u-cy,cy,not-an-email,free', ''].join('\n');

describe('user matching through the automation API', () => {
  it('imports users from CSV, reporting bad rows by line and keeping the good ones', async () => {
    const res = await postJson(`${t.engine.url}/api/users/import`, CSV, { 'content-type': 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.json.imported).toBe(3);
    expect(res.json.errors).toEqual([{ line: 4, message: expect.stringMatching(/neither a username .* nor an email/) }]);
    // An email without "@" is taken as it is (the rule creates such users), with a word.
    expect(res.json.warnings).toEqual([{ line: 5, message: 'email "not-an-email" has no "@": imported as it is (matching compares it as text, as it does a message\'s email)' }]);
    const users = (await getJson('/api/users')).json;
    expect(users.map((u: { id: string }) => u.id)).toEqual(['u-ada', 'u-bob', 'u-cy']);
    // users.json is written whole (temp file renamed away).
    const files = await readdir(t.dataDir);
    expect(files).toContain('users.json');
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(await readFile(join(t.dataDir, 'users.json'), 'utf8'))).toHaveLength(3);
    await t.engine.call('users.deleteStarting', { id: 'u-cy' });
  });

  it('signed webhook messages hit each branch and change the directory', async () => {
    await sendSigned({ type: 'identify', messageId: 'e1', userId: 'ada-x', traits: { email: ' ada@example.com', company: 'Acme' } });
    await sendSigned({ type: 'track', messageId: 'e2', event: 'Tour Start', userId: 'bob', context: { traits: { email: 'robert@example.com' } } });
    await sendSigned({ type: 'identify', messageId: 'e3', userId: 'dee', traits: { email: 'dee@example.com' } });
    await sendSigned({ type: 'track', messageId: 'e4', event: 'Anonymous', anonymousId: 'anon-1' });

    const decisions = (await getJson('/api/matching')).json as { messageId: string; outcome: string; userId?: string; steps: string[] }[];
    expect(decisions.map((d) => [d.messageId, d.outcome, d.userId])).toEqual([
      ['e1', 'matched-by-email', 'u-ada'],
      ['e2', 'matched-by-username', 'u-bob'],
      ['e3', 'created', expect.stringMatching(/^new-\d+$/)],
      ['e4', 'unmatched', undefined],
    ]);
    expect(decisions[0].steps[0]).toBe('Read `traits.email` = ` ada@example.com` → normalized `ada@example.com` (1 space before it removed).');

    const users = (await getJson('/api/users')).json;
    expect(users).toHaveLength(3);
    expect(users[0]).toMatchObject({ id: 'u-ada', username: 'ada-x', email: 'Ada@Example.com', properties: { plan: 'pro', company: 'Acme' } });
    expect(users[1]).toMatchObject({ id: 'u-bob', email: 'robert@example.com' });
    expect(users[2]).toMatchObject({ username: 'dee', email: 'dee@example.com', createdBy: expect.any(Number) });
    expect((await getJson('/api/users?q=ROBERT')).json.map((u: { id: string }) => u.id)).toEqual(['u-bob']);
  });

  it('filters decisions, and every matched message of GET /api/messages carries its outcome', async () => {
    expect((await getJson('/api/matching?outcome=created')).json.map((d: { messageId: string }) => d.messageId)).toEqual(['e3']);
    const rows = (await t.engine.call('matching.list', { limit: 2 })).rows;
    // Each row names its message (its event) and carries both the email and the ids it was sent with.
    expect(rows.map((r) => [r.outcome, r.type, r.event, r.email, r.messageUserId, r.anonymousId])).toEqual([
      ['created', 'identify', undefined, 'dee@example.com', 'dee', undefined],
      ['unmatched', 'track', 'Anonymous', undefined, undefined, 'anon-1'],
    ]);
    const all = (await t.engine.call('matching.list', undefined)).rows;
    // e2: a track with both a userId and an email (context.traits): the row shows both, not one.
    expect(all.find((r) => r.messageId === 'e2')).toMatchObject({ type: 'track', event: 'Tour Start', email: 'robert@example.com', messageUserId: 'bob', userId: 'u-bob' });
    expect(all.every((r) => !('identity' in r))).toBe(true);
    expect((await getJson('/api/matching?userId=u-bob')).json).toHaveLength(1);
    expect((await getJson('/api/matching?limit=1')).json.map((d: { messageId: string }) => d.messageId)).toEqual(['e4']);
    const second = (await getJson('/api/matching')).json[1].seq;
    expect((await getJson(`/api/matching?afterSeq=${second}`)).json.map((d: { messageId: string }) => d.messageId)).toEqual(['e3', 'e4']);
    const bad = await getJson('/api/matching?outcome=maybe');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/outcome must be one of/);
    expect((await getJson('/api/matching?colour=red')).json.error).toMatch(/unknown parameter "colour"/);
    // A parameter named like what every object inherits is unknown too (it was a 500 "parse is not a
    // function", or "constructor" taken without a word).
    for (const path of ['/api/matching', '/api/users']) {
      for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
        const r = await getJson(`${path}?${name}=x`);
        expect([path, name, r.status, r.json.error]).toEqual([path, name, 400, expect.stringMatching(new RegExp(`^unknown parameter "${name}"; use `))]);
      }
    }
    // The UI's command with the wrong types (a WebSocket client sends any JSON): named, not "q.q?.trim is not a function".
    await expect(t.engine.call('users.list', { q: {} } as never)).rejects.toThrow(/q must be text/);
    await expect(t.engine.call('users.list', { descending: 'yes' } as never)).rejects.toThrow(/descending must be true or false/);

    const messages = (await getJson('/api/messages?endpoint=/webhook/pf')).json;
    expect(messages.map((m: { matching?: { outcome: string } }) => m.matching?.outcome)).toEqual(['matched-by-email', 'matched-by-username', 'created', 'unmatched']);
  });

  it('reads and changes the settings; an unknown or invalid one is a 400 naming it', async () => {
    expect((await getJson('/api/matching/settings')).json).toEqual({ emailComparison: 'ignore-case-and-space', noIdentity: 'unmatched', conflict: 'email-wins', scope: 'webhook' });
    const put = (body: string) => api('/api/matching/settings', { method: 'PUT', body });
    const unknown = await put('{"colour":"red"}');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as any).error).toMatch(/unknown matching setting "colour"/);
    const invalid = await put('{"noIdentity":"sometimes"}');
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as any).error).toMatch(/matching setting "noIdentity"/);
    expect((await put('{oops')).status).toBe(400);

    const generation = (await t.engine.call('matching.status', undefined)).generation;
    const ok = await put('{"noIdentity":"create-anonymous"}');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).noIdentity).toBe('create-anonymous');
    expect((await t.engine.call('matching.status', undefined)).generation).toBeGreaterThan(generation);
    const after = await t.engine.call('matching.list', { afterSeq: decisionsSeq(await t.engine.call('matching.list', undefined), 2) });
    expect(after.rows.map((r) => r.messageId)).toEqual(['e3', 'e4']);
    expect((await getJson('/api/matching?seq=999')).json).toEqual([]);
    const last = (await getJson('/api/matching?limit=1')).json[0];
    expect(last).toMatchObject({ messageId: 'e4', outcome: 'created' });
    expect((await getJson('/api/users')).json).toHaveLength(4);
  });

  it('a restart gives the same decisions and directory', async () => {
    const before = { decisions: (await getJson('/api/matching')).json, users: (await getJson('/api/users')).json };
    await t.restart();
    expect((await getJson('/api/matching')).json).toEqual(before.decisions);
    expect((await getJson('/api/users')).json).toEqual(before.users);
    expect((await getJson('/api/matching/settings')).json.noIdentity).toBe('create-anonymous');
  });

  it('DELETE /api/users empties the starting directory and re-derives; clearing the log clears decisions', async () => {
    const del = await api('/api/users', { method: 'DELETE' });
    expect((await del.json()) as any).toEqual({ removed: 2 });
    const decisions = (await getJson('/api/matching')).json;
    expect(decisions.map((d: { outcome: string }) => d.outcome)).toEqual(['created', 'created', 'created', 'created']);
    await api('/api/messages', { method: 'DELETE' });
    expect((await getJson('/api/matching')).json).toEqual([]);
    expect((await getJson('/api/users')).json).toEqual([]);
  });

  it('an edit of the starting directory re-derives the decisions; bad edits name the field', async () => {
    await sendSigned({ type: 'identify', messageId: 'e5', userId: 'zoe', traits: { email: 'zoe@example.com' } });
    expect((await getJson('/api/matching?limit=1')).json[0]).toMatchObject({ messageId: 'e5', outcome: 'created' });
    await t.engine.call('users.saveStarting', { id: 'u-zoe', username: 'zoe', properties: {} });
    expect((await getJson('/api/matching?limit=1')).json[0]).toMatchObject({ messageId: 'e5', outcome: 'matched-by-username', userId: 'u-zoe' });
    await expect(t.engine.call('users.saveStarting', { id: 'u-x', email: 3 as never, properties: {} })).rejects.toMatchObject({ where: 'user.email' });
    // An email without "@" is one the rule itself gives created users: kept, as the import keeps it.
    expect(await t.engine.call('users.saveStarting', { id: 'u-x', email: 'nope', properties: {} })).toEqual({ id: 'u-x', email: 'nope', properties: {} });
    await t.engine.call('users.deleteStarting', { id: 'u-x' });
    await t.engine.call('users.deleteStarting', { id: 'u-zoe' });
    expect((await getJson('/api/matching?limit=1')).json[0]).toMatchObject({ messageId: 'e5', outcome: 'created' });
  });

  it('imports a JSON array, naming bad items by number', async () => {
    const body = JSON.stringify([{ id: 'j1', email: 'j1@example.com' }, 'oops', { username: { x: 1 } }]);
    const res = await postJson(`${t.engine.url}/api/users/import?replace=true`, body);
    expect(res.json).toEqual({
      imported: 1,
      errors: [
        { line: 2, message: 'item 2 is a string, not an object' },
        { line: 3, message: 'username ("username") is an object, not text' },
      ],
    });
  });

  it('a large import pushes users.importProgress as it reads', async () => {
    const events: { done: number; total: number }[] = [];
    const off = t.engine.subscribe((e) => e.name === 'users.importProgress' && events.push(e.payload));
    const csv = ['username,email', ...Array.from({ length: 20_000 }, (_, i) => `big${i},big${i}@example.com`)].join('\n');
    const result = await t.engine.call('users.import', { text: csv, replace: true });
    off();
    expect(result).toEqual({ imported: 20_000, errors: [] });
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)).toEqual({ done: csv.length, total: csv.length });
    expect((await getJson('/api/users?q=big19999')).json.map((u: { username: string }) => u.username)).toEqual(['big19999']);
  });

  it('sorts the directory as people read it: usr-2 before usr-10, ada@ beside Ada@', async () => {
    const csv = ['id,email', 'usr-10,bob@example.com', 'usr-2,Ada@example.com', 'usr-1,carl@example.com', 'usr-19,ada2@example.com'].join('\n');
    expect((await postJson(`${t.engine.url}/api/users/import?replace=true`, csv, { 'content-type': 'text/csv' })).json).toMatchObject({ imported: 4 });
    const ids = async (q: string) => (await getJson(`/api/users?q=usr-&${q}`)).json.map((u: { id: string }) => u.id);
    expect(await ids('sort=id')).toEqual(['usr-1', 'usr-2', 'usr-10', 'usr-19']);
    expect(await ids('sort=id&descending=true')).toEqual(['usr-19', 'usr-10', 'usr-2', 'usr-1']);
    expect(await ids('sort=email')).toEqual(['usr-2', 'usr-19', 'usr-10', 'usr-1']);
  });

  it('lists the matching routes in the 404 answer', async () => {
    const res = await getJson('/api/nope');
    expect(res.status).toBe(404);
    expect(res.json.error).toMatch(/GET \/api\/matching\/settings/);
  });
});

// users.json edited by hand: an entry it could not take was skipped with a warning, and the next
// save of the directory (any edit) wrote the file without it, gone for good; a non-text email or
// username was dropped without a word.
describe('users.json written by hand (or damaged)', () => {
  it('names each entry it cannot take as written, and keeps the file as it was beside it', async () => {
    const hand = await startTestEngine();
    try {
      await hand.engine.close();
      const written = [{ id: 5, email: 'five@example.com' }, { id: 'a', email: 7 }, { id: 'a', email: 'x@example.com' }, null, { id: 'b', username: 'bee', email: 'b@example.com' }];
      await writeFile(join(hand.dataDir, 'users.json'), JSON.stringify(written));
      const engine = await hand.restart();
      const kept = ' (the file as it was is kept as users.json.damaged)';
      expect(engine.info().storeWarnings.filter((w) => w.startsWith('users.json'))).toEqual([
        `users.json: item 1: "id" must be text, not 5; skipped${kept}`,
        `users.json: item 2 ("a"): "email" must be text, not 7; left out${kept}`,
        `users.json: item 3 ("a"): item 2 has the same id; skipped${kept}`,
        `users.json: item 4: must be an object, not null; skipped${kept}`,
      ]);
      expect((await engine.call('users.starting', undefined)).map((u) => u.id)).toEqual(['a', 'b']);
      // A save writes users.json anew; what was skipped is still in the copy.
      await engine.call('users.saveStarting', { id: 'c', email: 'c@example.com', properties: {} });
      expect(JSON.parse(await readFile(join(hand.dataDir, 'users.json.damaged'), 'utf8'))).toEqual(written);
    } finally {
      await hand.dispose();
    }
  });
});

describe('matching-settings.json written by hand (or damaged)', () => {
  it('a value it cannot take: its default, said, the other settings as written, and the file kept beside it before a save writes over it', async () => {
    const hand = await startTestEngine();
    try {
      await hand.engine.close();
      const written = { emailComparison: 'exact', noIdentity: 'unmatched', conflict: 'email-wins', scope: 'everything' };
      await writeFile(join(hand.dataDir, 'matching-settings.json'), JSON.stringify(written));
      const engine = await hand.restart();
      expect(engine.info().storeWarnings.filter((w) => w.startsWith('matching-settings.json'))).toEqual([
        'matching-settings.json: invalid value "everything" for matching setting "scope"; use "webhook" or "webhook-and-tracking"; it is "webhook" (the default) until the settings are saved again (the file as it was is kept as matching-settings.json.damaged)',
      ]);
      expect((await engine.call('matching.status', undefined)).settings).toEqual({ emailComparison: 'exact', noIdentity: 'unmatched', conflict: 'email-wins', scope: 'webhook' });
      await engine.call('matching.setSettings', { conflict: 'userId-wins' });
      expect(JSON.parse(await readFile(join(hand.dataDir, 'matching-settings.json.damaged'), 'utf8'))).toEqual(written);
    } finally {
      await hand.dispose();
    }
  });
});

// A conflict (the email finds u-ada, the userId names u-bob) records one winner; ?userId= lists only
// the decisions that user won, so bob's identify that landed on Ada was not found under u-bob, the
// user support starts from. ?involving= lists the decisions a user won or lost.
describe('GET /api/matching?involving=: the decisions a user won or lost', () => {
  it('lists the conflicts a user lost beside the decisions it won; ?userId= still lists only those it won', async () => {
    const own = await startTestEngine();
    try {
      const url = own.engine.url;
      const get = async (path: string) => {
        const res = await fetch(`${url}${path}`);
        return { status: res.status, json: (await res.json()) as any };
      };
      expect((await postJson(`${url}/api/users/import`, 'id,username,email\nu-ada,ada,ada@example.com\nu-bob,bob,bob@example.com\nu-cy,cy,cy@example.com\n', { 'content-type': 'text/csv' })).status).toBe(200);
      const hook = async (m: object) => expect((await postJson(`${url}/webhook/pf`, JSON.stringify(m))).status).toBe(200);
      await hook({ type: 'identify', messageId: 'c1', userId: 'bob', traits: { email: 'ada@example.com' } }); // conflict: u-ada wins, u-bob loses
      await hook({ type: 'track', messageId: 'b1', event: 'Invoice Paid', userId: 'bob' }); // u-bob
      await hook({ type: 'track', messageId: 'a1', event: 'Tour Start', userId: 'ada' }); // u-ada
      await hook({ type: 'identify', messageId: 'c2', userId: 'cy', context: { traits: { email: 'bob@example.com' } } }); // conflict: u-bob wins, u-cy loses
      const ids = async (q: string) => (await get(`/api/matching?${q}`)).json.map((d: { messageId: string }) => d.messageId);

      expect(await ids('userId=u-bob')).toEqual(['b1', 'c2']);
      expect(await ids('involving=u-bob')).toEqual(['c1', 'b1', 'c2']);
      expect(await ids('involving=u-ada')).toEqual(['c1', 'a1']);
      expect(await ids('involving=u-cy')).toEqual(['c2']);
      expect(await ids('involving=nobody')).toEqual([]);
      // With the other filters: only the conflicts, the newest one, the ones after a seq.
      expect(await ids('involving=u-bob&conflict=true')).toEqual(['c1', 'c2']);
      expect(await ids('involving=u-bob&limit=1')).toEqual(['c2']);
      const c1 = (await get('/api/matching?involving=u-bob')).json[0];
      expect(c1).toMatchObject({ messageId: 'c1', userId: 'u-ada', conflict: true, byUsername: { id: 'u-bob' } });
      expect(await ids(`involving=u-bob&afterSeq=${c1.seq}`)).toEqual(['b1', 'c2']);
      // The UI's rows carry the loser.
      const rows = (await own.engine.call('matching.list', { involving: 'u-bob' })).rows;
      expect(rows.map((r) => [r.messageId, r.userId, r.conflictLoser])).toEqual([
        ['c1', 'u-ada', 'u-bob'],
        ['b1', 'u-bob', undefined],
        ['c2', 'u-bob', 'u-cy'],
      ]);
      // The other setting: the userId wins, so the email's user loses.
      expect((await fetch(`${url}/api/matching/settings`, { method: 'PUT', body: '{"conflict":"userId-wins"}' })).status).toBe(200);
      expect(await ids('userId=u-bob')).toEqual(['c1', 'b1']);
      expect(await ids('involving=u-bob')).toEqual(['c1', 'b1', 'c2']);
      expect(await ids('involving=u-ada')).toEqual(['c1', 'a1']);
      expect((await get('/api/matching?involving=u-ada')).json[0]).toMatchObject({ messageId: 'c1', userId: 'u-bob' });

      expect((await get('/api/matching?involving=')).status).toBe(400);
      await expect(own.engine.call('matching.list', { involving: 7 } as never)).rejects.toThrow(/involving must be/);
    } finally {
      await own.dispose();
    }
  });
});

// "Show the 14 messages that carried jdoe" counted and listed only the decisions the Decisions list
// had loaded (the newest 20,000), and the API had no such parameter. ?carried= lists the decisions
// about every message whose userId is it, or whose email is it ignoring case and surrounding space,
// whichever user each landed on.
describe('GET /api/matching?carried=: the decisions about the messages that carried a userId or email', () => {
  it('finds them by userId or by email (case and space ignored), wherever they landed, with the other filters', async () => {
    const own = await startTestEngine();
    try {
      const url = own.engine.url;
      const get = async (path: string) => {
        const res = await fetch(`${url}${path}`);
        return { status: res.status, json: (await res.json()) as any };
      };
      expect((await postJson(`${url}/api/users/import`, 'id,username,email\nPF-1002,jdoe,john@acme.com\nu-ada,ada,ada@example.com\n', { 'content-type': 'text/csv' })).status).toBe(200);
      const hook = async (m: object) => expect((await postJson(`${url}/webhook/pf`, JSON.stringify(m))).status).toBe(200);
      await hook({ type: 'track', messageId: 'j1', event: 'Clicked', userId: 'jdoe' }); // PF-1002
      await hook({ type: 'identify', messageId: 'j2', userId: 'jdoe', traits: { email: 'ada@example.com' } }); // conflict: lands on u-ada
      await hook({ type: 'track', messageId: 'e1', event: 'Opened', properties: { email: ' John@ACME.com ' } }); // by email: PF-1002
      await hook({ type: 'track', messageId: 'x1', event: 'Other', userId: 'ada' });
      await hook({ type: 'track', messageId: 'n1', event: 'Near', userId: 'JDOE' }); // a userId is compared exactly
      const ids = async (q: string) => (await get(`/api/matching?${q}`)).json.map((d: { messageId: string }) => d.messageId);
      expect(await ids('carried=jdoe')).toEqual(['j1', 'j2']);
      expect(await ids('carried=john%40acme.com')).toEqual(['e1']);
      expect(await ids('carried=%20JOHN%40acme.COM')).toEqual(['e1']);
      expect(await ids('carried=jdoe&conflict=true')).toEqual(['j2']);
      expect(await ids('carried=jdoe&limit=1')).toEqual(['j2']);
      expect(await ids('carried=nobody')).toEqual([]);
      // The UI's list takes it too, with the total of all of them.
      const list = await own.engine.call('matching.list', { carried: 'jdoe' });
      expect([list.total, list.rows.map((r) => [r.messageId, r.userId])]).toEqual([2, [['j1', 'PF-1002'], ['j2', 'u-ada']]]);
      // Empty: refused, naming it (it would find nothing and say nothing).
      const empty = await get('/api/matching?carried=');
      expect(empty.status).toBe(400);
      expect(empty.json.error).toMatch(/^carried must be a userId or email a message carried/);
      expect((await get('/api/matching?carried=a&carried=b')).status).toBe(400);
    } finally {
      await own.dispose();
    }
  });
});
