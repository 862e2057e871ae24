// The engine's user-matching service, in-process over a real data dir (no engine, no HTTP):
// captures fed as the capture feed feeds them; the decisions queried as the API and the UI ask for
// them (filters, the newest `limit`, rows that name the message); a settings change, a new
// starting directory or a clear re-derives everything, and what is saved comes back on open.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import type { StartingUser } from '../../src-shared/matching/types';
import { MatchingService } from '../../src-main/derived/matching-service';
import { MATCHING_SETTINGS_FILE, USERS_FILE } from '../../src-main/derived/matching-files';

const START: StartingUser[] = [
  { id: 'u-ada', username: 'ada', email: 'ada@example.com', properties: { plan: 'pro' } },
  { id: 'u-bob', username: 'bob', email: 'bob@example.com', properties: { plan: 'free', seats: 12 } },
  { id: 'u-cy', username: 'cy', email: 'cy@example.com', properties: {} },
];

let dir: string;
let warnings: string[];
let changes: number;
let service: MatchingService;
let seq: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eventbench-matching-'));
  warnings = [];
  changes = 0;
  seq = 0;
});
afterEach(async () => {
  await service?.flushed();
  rmSync(dir, { recursive: true, force: true });
});

async function open(start: StartingUser[] = START): Promise<MatchingService> {
  service = await MatchingService.open(dir, (w) => warnings.push(w));
  if (start.length > 0) await service.setStartingUsers(start);
  service.onChange(() => changes++);
  changes = 0;
  return service;
}

/** A message as the feed gives it: through the webhook unless told, its messageId "m<seq>". */
function capture(message: Record<string, unknown>, kind: 'webhook' | 'tracking' = 'webhook'): CapturedMessage {
  const s = ++seq;
  const origin = kind === 'webhook' ? { kind, endpoint: '/webhook/pf', webhook: 'pf', signature: { state: 'none' } } : { kind, endpoint: '/v1/track', writeKeySource: 'none' };
  return { seq: s, requestId: `r-${s}`, receivedAt: new Date(Date.UTC(2026, 0, 1, 9, 0, s)).toISOString(), origin, headers: {}, message: { messageId: `m${s}`, ...message }, messageIdAssigned: false, dropReasons: [], findings: [] } as unknown as CapturedMessage;
}
const identify = (userId: string | undefined, email?: string, extra: Record<string, unknown> = {}) => capture({ type: 'identify', ...(userId ? { userId } : {}), ...(email ? { traits: { email } } : {}), ...extra });
const track = (event: string, ids: Record<string, unknown>) => capture({ type: 'track', event, ...ids });

const seqs = (r: { decisions: { seq: number }[] }) => r.decisions.map((d) => d.seq);

describe('MatchingService: feeding and status', () => {
  it('counts every message seen, decides only those in scope, and calls the listener once a non-empty batch', async () => {
    await open();
    expect(service.status()).toEqual({ settings: { emailComparison: 'ignore-case-and-space', noIdentity: 'unmatched', conflict: 'email-wins', scope: 'webhook' }, decisions: 0, users: 3, startingUsers: 3, messagesSeen: 0, generation: 1 });
    service.add([]);
    expect(changes).toBe(0);
    service.add([identify('ada'), capture({ type: 'track', event: 'E', userId: 'bob' }, 'tracking')]);
    expect(changes).toBe(1);
    service.add([identify(undefined, 'new@example.com')]);
    expect(changes).toBe(2);
    expect(service.status()).toMatchObject({ decisions: 2, users: 4, startingUsers: 3, messagesSeen: 3, generation: 1 });
    expect(service.decision(1)).toMatchObject({ outcome: 'matched-by-username', userId: 'u-ada' });
    expect(service.decision(2)).toBeUndefined(); // the tracking message is out of scope
    expect(service.decision(3)).toMatchObject({ outcome: 'created' });
    // status's settings are a copy; currentSettings the ones in force.
    const s = service.status();
    s.settings.scope = 'webhook-and-tracking';
    expect(service.currentSettings.scope).toBe('webhook');
    expect(service.startingUsers()).toEqual(START);
  });

  it('a reset (the log cleared) forgets every message and re-derives from the starting directory alone', async () => {
    await open();
    service.add([identify(undefined, 'new@example.com'), identify('ada', 'ada-new@example.com')]);
    expect(service.status()).toMatchObject({ decisions: 2, users: 4, messagesSeen: 2, generation: 1 });
    const before = service.decision(2)!;
    service.reset();
    expect(changes).toBe(2); // the add, the reset
    expect(service.status()).toMatchObject({ decisions: 0, users: 3, messagesSeen: 0, generation: 2 });
    expect(service.users().users.find((u) => u.id === 'u-ada')?.email).toBe('ada@example.com');
    // A decision kept from before: its row has no message to name, its explanation none to read.
    expect(service.row(before)).toEqual({ seq: 2, messageId: 'm2', type: 'identify', receivedAt: before.receivedAt, outcome: before.outcome, userId: 'u-ada', conflict: false, changed: ['email'] });
    expect(() => service.explain(before)).toThrow('the input of message #2 is gone');
    // New messages are decided against the starting directory.
    service.add([identify(undefined, 'new@example.com')]);
    expect(service.status()).toMatchObject({ decisions: 1, users: 4, messagesSeen: 1 });
  });
});

describe('MatchingService: decisions as the API and the UI ask for them', () => {
  beforeEach(async () => {
    await open();
    service.add([
      identify('bob', 'ada@example.com'), // 1: conflict, u-ada wins (email), u-bob loses
      track('Invoice Paid', { userId: 'bob' }), // 2: u-bob by username
      track('Tour Start', { userId: 'ada' }), // 3: u-ada by username
      identify('cy', undefined, { context: { traits: { email: 'bob@example.com' } } }), // 4: conflict, u-bob wins, u-cy loses
      track('Anonymous', { anonymousId: 'anon-1' }), // 5: unmatched
      identify(undefined, 'dee@example.com'), // 6: created
    ]);
  });

  it('lists them oldest first, the newest `limit`, from a seq or after one', () => {
    expect(service.query()).toMatchObject({ total: 6 });
    expect(seqs(service.query())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seqs(service.query({ limit: 2 }))).toEqual([5, 6]);
    expect(service.query({ limit: 2 }).total).toBe(6);
    expect(seqs(service.query({ limit: 0 }))).toEqual([]);
    expect(seqs(service.query({ seq: 3 }))).toEqual([3]);
    expect(service.query({ seq: 3 }).total).toBe(1);
    expect(service.query({ seq: 99 })).toEqual({ total: 0, decisions: [] });
    expect(service.query({ seq: 0 })).toEqual({ total: 0, decisions: [] });
    expect(seqs(service.query({ afterSeq: 4 }))).toEqual([5, 6]);
    expect(service.query({ afterSeq: 4 }).total).toBe(2);
    expect(seqs(service.query({ afterSeq: 0 }))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(service.query({ afterSeq: 6 })).toEqual({ total: 0, decisions: [] });
    // A seq and an afterSeq past it: nothing (not a negative total).
    expect(service.query({ seq: 2, afterSeq: 4 })).toEqual({ total: 0, decisions: [] });
    expect(seqs(service.query({ seq: 5, afterSeq: 4 }))).toEqual([5]);
    expect(seqs(service.query({ seq: 5, afterSeq: 5 }))).toEqual([]);
    // Whole decisions.
    expect(service.query({ seq: 1 }).decisions[0]).toMatchObject({ seq: 1, outcome: 'matched-by-email', userId: 'u-ada', conflict: true, byUsername: { id: 'u-bob' } });
  });

  it('filters on outcome, user, a user won or lost, conflict; each with the others, the newest `limit`', () => {
    expect(seqs(service.query({ outcome: 'matched-by-username' }))).toEqual([2, 3]);
    expect(seqs(service.query({ outcome: 'created' }))).toEqual([6]);
    expect(seqs(service.query({ userId: 'u-bob' }))).toEqual([2, 4]);
    expect(seqs(service.query({ involving: 'u-bob' }))).toEqual([1, 2, 4]);
    expect(seqs(service.query({ involving: 'u-cy' }))).toEqual([4]);
    expect(seqs(service.query({ conflict: true }))).toEqual([1, 4]);
    expect(seqs(service.query({ conflict: false }))).toEqual([2, 3, 5, 6]);
    expect(seqs(service.query({ involving: 'u-bob', conflict: true }))).toEqual([1, 4]);
    expect(seqs(service.query({ involving: 'u-bob', userId: 'u-bob' }))).toEqual([2, 4]);
    expect(seqs(service.query({ involving: 'u-bob', outcome: 'matched-by-email' }))).toEqual([1, 4]);
    expect(seqs(service.query({ outcome: 'matched-by-email', userId: 'u-ada' }))).toEqual([1]);
    expect(seqs(service.query({ conflict: true, userId: 'u-ada' }))).toEqual([1]);
    expect(seqs(service.query({ conflict: true, outcome: 'matched-by-username' }))).toEqual([]);
    expect(service.query({ involving: 'u-bob', limit: 1 })).toMatchObject({ total: 3 });
    expect(seqs(service.query({ involving: 'u-bob', limit: 1 }))).toEqual([4]);
    expect(seqs(service.query({ involving: 'u-bob', limit: 5 }))).toEqual([1, 2, 4]);
    expect(seqs(service.query({ involving: 'u-bob', limit: 0 }))).toEqual([]);
    expect(seqs(service.query({ involving: 'u-bob', afterSeq: 1 }))).toEqual([2, 4]);
    expect(seqs(service.query({ involving: 'u-bob', seq: 2 }))).toEqual([2]);
    expect(service.query({ involving: 'u-bob', seq: 3 })).toEqual({ total: 0, decisions: [] });
    expect(service.query({ involving: 'u-bob', seq: 99 })).toEqual({ total: 0, decisions: [] });
  });

  it('keeps the newest 1,000 by default, filtered or not', () => {
    service.add(Array.from({ length: 1000 }, () => track('Anonymous', { anonymousId: 'anon-2' })));
    const all = service.query();
    expect(all.total).toBe(1006);
    expect(all.decisions).toHaveLength(1000);
    expect(all.decisions[0].seq).toBe(7);
    const unmatched = service.query({ outcome: 'unmatched' });
    expect(unmatched.total).toBe(1001);
    expect(unmatched.decisions).toHaveLength(1000);
    expect(unmatched.decisions[0].seq).toBe(7);
  });

  it('a row names the message: its event, the email the rule read, its ids, the loser of a conflict, the fields changed', () => {
    const row = (s: number) => service.row(service.decision(s)!);
    expect(row(1)).toEqual({ seq: 1, messageId: 'm1', type: 'identify', receivedAt: '2026-01-01T09:00:01.000Z', outcome: 'matched-by-email', userId: 'u-ada', conflict: true, conflictLoser: 'u-bob', changed: [], email: 'ada@example.com', messageUserId: 'bob' });
    expect(row(2)).toEqual({ seq: 2, messageId: 'm2', type: 'track', receivedAt: '2026-01-01T09:00:02.000Z', outcome: 'matched-by-username', userId: 'u-bob', conflict: false, changed: [], event: 'Invoice Paid', messageUserId: 'bob' });
    expect(row(4)).toMatchObject({ conflictLoser: 'u-cy', email: 'bob@example.com', messageUserId: 'cy' });
    expect(row(4).event).toBeUndefined();
    expect(row(5)).toEqual({ seq: 5, messageId: 'm5', type: 'track', receivedAt: '2026-01-01T09:00:05.000Z', outcome: 'unmatched', conflict: false, changed: [], event: 'Anonymous', anonymousId: 'anon-1' });
    expect(row(6)).toMatchObject({ outcome: 'created', email: 'dee@example.com' });
    expect(row(6)).not.toHaveProperty('messageUserId');
    expect(row(6)).not.toHaveProperty('conflictLoser');
    // An email that is not text is no email of the row; the exact email's place is the one read.
    service.add([identify('ada', undefined, { traits: { email: 42 }, context: { traits: { email: 'Ada@Example.com ' } } })]);
    expect(row(7).email).toBe('Ada@Example.com ');
    service.add([track('E', { userId: 'ada', properties: { email: '' } })]);
    expect(row(8)).not.toHaveProperty('email');
    // A message without an email does not show the one the message before it held last (properties.email).
    service.add([track('E', { userId: 'ada', properties: { email: 'prev@example.com' } }), identify('ada')]);
    expect(row(9).email).toBe('prev@example.com');
    expect(row(10)).not.toHaveProperty('email');
    // A row holds the fields its message has, no key left undefined (the UI's rows are compared whole).
    expect(Object.keys(row(4)).sort()).toEqual(['changed', 'conflict', 'conflictLoser', 'email', 'messageId', 'messageUserId', 'outcome', 'receivedAt', 'seq', 'type', 'userId']);
    expect(Object.keys(row(10))).not.toContain('event');
    expect(Object.keys(row(10))).not.toContain('anonymousId');
  });

  it('explains a decision with its trace and its sentences', () => {
    const d = service.explain(service.decision(1)!);
    expect(d).toMatchObject({ seq: 1, outcome: 'matched-by-email', userId: 'u-ada' });
    expect(d.trace.length).toBeGreaterThan(0);
    expect(d.steps.length).toBeGreaterThan(0);
    expect(d.steps[0]).toContain('ada@example.com');
  });

  it('finds the users a conflict suggests are one person', () => {
    const groups = service.duplicates();
    expect(groups.length).toBeGreaterThan(0);
    const ids = groups.map((g) => JSON.stringify(g)).join(' ');
    expect(ids).toContain('u-bob');
    expect(ids).toContain('u-ada');
    // Without the conflicts, none.
    service.reset();
    expect(service.duplicates()).toEqual([]);
  });

  it('what a scenario needs to make the same decisions: the starting users the messages touch, the settings', () => {
    const f = service.forScenario([2, 3]);
    expect(f).toBeDefined();
    expect(JSON.stringify(f)).toContain('u-bob');
    expect(JSON.stringify(f)).toContain('u-ada');
  });
});

describe('MatchingService: the directory', () => {
  it('searches id, username, email and property values, trimmed and in any case; sorts; keeps the first `limit`', async () => {
    await open();
    service.add([identify(undefined, 'Dee@Example.com', { traits: { email: 'Dee@Example.com', plan: { tier: 'Gold' } } })]);
    const ids = (q: Parameters<MatchingService['users']>[0]) => service.users(q).users.map((u) => u.id);
    expect(service.users().total).toBe(4);
    expect(ids({ q: '  U-ADA ' })).toEqual(['u-ada']);
    expect(ids({ q: 'BOB' })).toEqual(['u-bob']);
    expect(ids({ q: 'cy@' })).toEqual(['u-cy']);
    expect(ids({ q: 'PRO' })).toEqual(['u-ada']);
    expect(ids({ q: '12' })).toEqual(['u-bob']); // a number property, as its text
    expect(ids({ q: 'gold' })).toHaveLength(1); // an object property, as its JSON
    expect(ids({ q: 'dee@example' })).toHaveLength(1);
    expect(ids({ q: 'nobody' })).toEqual([]);
    expect(service.users({ q: 'nobody' }).total).toBe(0);
    expect(ids({ q: '   ' })).toHaveLength(4); // blank: no search
    expect(ids({ q: 'example.com' })).toHaveLength(4);
    expect(ids({ q: 'u-', sort: 'id', descending: true })).toEqual(['u-cy', 'u-bob', 'u-ada']);
    expect(ids({ q: 'u-', sort: 'id' })).toEqual(['u-ada', 'u-bob', 'u-cy']);
    expect(ids({ sort: 'id', limit: 2 })).toEqual(['new-1', 'u-ada']);
    expect(service.users({ limit: 2 }).total).toBe(4);
    // A user without username or email is searched by its other fields.
    await service.setStartingUsers([{ id: 'u-x', properties: { team: 'Core' } }, { id: 'u-dan', username: 'Zed-Name', email: 'dan@example.com', properties: {} }]);
    expect(ids({ q: 'core' })).toEqual(['u-x']);
    expect(ids({ q: 'zed-' })).toEqual(['u-dan']); // by the username alone
    expect(ids({ q: 'undefined' })).toEqual([]);
  });

  it('keeps the default limit of 1,000 users', async () => {
    await open(Array.from({ length: 1001 }, (_, i) => ({ id: `u-${i}`, properties: {} })));
    expect(service.users().total).toBe(1001);
    expect(service.users().users).toHaveLength(1000);
  });

  it('a new starting directory is saved, then re-derives the decisions', async () => {
    await open();
    service.add([identify('dee', 'dee@example.com')]);
    expect(service.decision(1)?.outcome).toBe('created');
    await service.setStartingUsers([{ id: 'u-dee', username: 'dee', properties: {} }]);
    expect(changes).toBe(2);
    expect(service.decision(1)).toMatchObject({ outcome: 'matched-by-username', userId: 'u-dee' });
    expect(service.status()).toMatchObject({ startingUsers: 1, users: 1, generation: 2 });
    expect(JSON.parse(readFileSync(join(dir, USERS_FILE), 'utf8'))).toEqual([{ id: 'u-dee', username: 'dee', properties: {} }]);
  });
});

describe('MatchingService: settings', () => {
  it('a change is saved and re-derives; the same settings are saved but change nothing', async () => {
    await open();
    service.add([track('Anonymous', { anonymousId: 'anon-1' }), capture({ type: 'identify', userId: 'ada' }, 'tracking')]);
    expect(service.status()).toMatchObject({ decisions: 1, generation: 1 });
    changes = 0;
    const after = await service.setSettings({ noIdentity: 'create-anonymous', scope: 'webhook-and-tracking' });
    expect(after).toEqual({ emailComparison: 'ignore-case-and-space', noIdentity: 'create-anonymous', conflict: 'email-wins', scope: 'webhook-and-tracking' });
    after.conflict = 'userId-wins';
    expect(service.currentSettings.conflict).toBe('email-wins');
    expect(changes).toBe(1);
    expect(service.status()).toMatchObject({ decisions: 2, generation: 2, users: 4 });
    expect(service.decision(1)?.outcome).toBe('created');
    await service.flushed();
    expect(JSON.parse(readFileSync(join(dir, MATCHING_SETTINGS_FILE), 'utf8'))).toMatchObject({ noIdentity: 'create-anonymous', scope: 'webhook-and-tracking' });

    await service.setSettings({ scope: 'webhook-and-tracking' });
    expect(changes).toBe(1);
    expect(service.status().generation).toBe(2);
  });

  it('what-if: the decisions and users another setting would give, without changing anything', async () => {
    await open();
    service.add([track('Anonymous', { anonymousId: 'anon-1' }), identify('bob', 'ada@example.com')]);
    const w = service.whatIf({ noIdentity: 'create-anonymous', conflict: 'userId-wins' });
    expect(w.settings).toMatchObject({ noIdentity: 'create-anonymous', conflict: 'userId-wins', scope: 'webhook' });
    expect(w.totals).toEqual({ decisions: 2, added: 1, removed: 0, changed: w.comparison.users.changed.length });
    expect(w.comparison.decisions).toHaveLength(2);
    expect(w.comparison.users.added).toHaveLength(1);
    expect(service.currentSettings.noIdentity).toBe('unmatched');
    expect(service.status()).toMatchObject({ decisions: 2, users: 3, generation: 1 });
  });

  it('what-if lists at most 2,000 of each kind; the totals say the rest', async () => {
    await open([]);
    service.add(Array.from({ length: 2001 }, (_, i) => track('Anonymous', { anonymousId: `anon-${i}` })));
    const w = service.whatIf({ noIdentity: 'create-anonymous' });
    expect(w.totals).toEqual({ decisions: 2001, added: 2001, removed: 0, changed: 0 });
    expect(w.comparison.decisions).toHaveLength(2000);
    expect(w.comparison.users.added).toHaveLength(2000);
    const back = (await (async () => {
      await service.setSettings({ noIdentity: 'create-anonymous' });
      return service.whatIf({ noIdentity: 'unmatched' });
    })());
    expect(back.totals).toMatchObject({ decisions: 2001, removed: 2001 });
    expect(back.comparison.users.removed).toHaveLength(2000);
  });

  it('comes back on open: the settings and the starting directory as saved', async () => {
    await open();
    await service.setSettings({ conflict: 'userId-wins' });
    await service.flushed();
    service = await MatchingService.open(dir, (w) => warnings.push(w));
    expect(service.status()).toMatchObject({ settings: { conflict: 'userId-wins' }, startingUsers: 3, users: 3, decisions: 0, generation: 0 });
    service.add([identify('bob', 'ada@example.com')]);
    expect(service.decision(1)).toMatchObject({ userId: 'u-bob', conflict: true });
    expect(warnings).toEqual([]);
  });
});
