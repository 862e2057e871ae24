// Appends that queue behind a clear (the log is truncated asynchronously) must write their own
// copy of the encoded lines (the encoder's buffer is reused by the next append), and the search
// index reads payload texts back from the file in ranges, so it must find exactly what is there.
import { appendFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src-shared/capture';
import { buildCaptures } from '../../src-main/receiver/capture-builder';
import { runIngestJob } from '../../src-main/ingest/ingest-job';
import { CaptureStore } from '../../src-main/store/capture-store';
import { makeDataDir } from './helpers/engine';

let store: CaptureStore | undefined;
let dir: string | undefined;
afterEach(async () => {
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  store = undefined;
  dir = undefined;
});

const ctx = (n: number) => ({ receivedAtMs: 1_700_000_000_000 + n, origin: { kind: 'tracking' as const, endpoint: '/v1/batch', writeKeySource: 'none' as const }, headers: { 'x-request': String(n) } });
const batch = (tag: string, n: number): JsonObject[] => Array.from({ length: n }, (_, i) => ({ type: 'track', userId: `u${i}`, event: `${tag} Event ${i}`, messageId: `${tag}-${i}` }));

describe('capture store: queued appends and stored search texts', () => {
  it('writes appends queued behind a clear intact, and searches them from the file', async () => {
    dir = await makeDataDir();
    store = await CaptureStore.open(dir);
    await store.append(buildCaptures(store, batch('Before', 3), ctx(1)));
    expect(store.index.search('before event')).toEqual([1, 2, 3]);

    const cleared = store.clear();
    // Both queue behind the truncate; the second encoding reuses the first one's buffer.
    const first = store.append(buildCaptures(store, batch('Alpha', 50), ctx(2)));
    const second = store.append(buildCaptures(store, batch('Omega', 50), ctx(3)));
    await cleared;
    expect(await Promise.all([first, second])).toEqual([50, 50]);
    const summaries = store.index.summariesIn();
    expect(summaries.slice(0, 50).map((s) => s.name)).toEqual(batch('Alpha', 50).map((m) => m.event));
    expect(summaries.slice(50).map((s) => s.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 51 + i));
    expect(summaries.slice(50).map((s) => s.userId)).toEqual(batch('Omega', 50).map((m) => m.userId));

    expect(store.index.search('alpha event 4')).toEqual([5, ...Array.from({ length: 10 }, (_, i) => 41 + i)]);
    expect(store.index.search('"event":"omega event 49"')).toEqual([100]);
    expect(store.index.search('before')).toEqual([]);
    const got = await store.get(77);
    expect(got).toMatchObject({ seq: 77, message: { event: 'Omega Event 26' }, headers: { 'x-request': '3' } });

    // The file holds exactly the two requests, and loads back the same.
    await store.close();
    store = await CaptureStore.open(dir);
    expect(store.warnings).toEqual([]);
    expect(store.index.summariesIn()).toEqual(summaries);
    expect(store.index.search('alpha event 4')).toEqual([5, ...Array.from({ length: 10 }, (_, i) => 41 + i)]);
  });
});

describe('capture store: an ingested request that outlives a clear', () => {
  it('is not stored when the log was cleared while it was being read (it belongs to the emptied log)', async () => {
    dir = await makeDataDir();
    store = await CaptureStore.open(dir);
    const request = (body: object, clearCount: number) => {
      const result = runIngestJob({ path: 'batch', body: Buffer.from(JSON.stringify(body)), receivedAt: '2026-11-23T10:00:00.000Z', receivedAtMs: Date.UTC(2026, 10, 23, 10) });
      if (!result.ok) throw new Error(result.error);
      return store!.appendIngested(result, { requestId: 'r', receivedAt: '2026-11-23T10:00:00.000Z', receivedAtMs: Date.UTC(2026, 10, 23, 10), origin: { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'none' }, headers: {}, clearCount });
    };
    const arrivedBefore = store.clearCount;
    await store.clear();
    expect(await request({ batch: batch('Stale', 2) }, arrivedBefore)).toBe(0);
    expect(store.messageCount).toBe(0);
    expect(await request({ batch: batch('Fresh', 2) }, store.clearCount)).toBe(2);
    expect(store.index.summariesIn().map((s) => s.name)).toEqual(['Fresh Event 0', 'Fresh Event 1']);
    // Nothing of the stale request reached the file either, and its messageIds are not remembered.
    expect(await store.exportText()).not.toContain('Stale');
    expect(store.duplicates.has('Stale-0', Date.UTC(2026, 10, 23, 10))).toBe(false);
  });
});

describe('capture store: a read that outlives a clear', () => {
  // Seen from Jest files running in parallel against one engine, one file's reset() while another
  // waited: GET /api/messages/wait answered 500 "Cannot read properties of undefined (reading
  // 'writeKeyMasked')", as the read went on with the emptied index after reading the file.
  it('leaves out what the clear took, even when new messages took their places', async () => {
    dir = await makeDataDir();
    store = await CaptureStore.open(dir);
    await store.append(buildCaptures(store, batch('Old', 3), ctx(1)));
    const reading = store.getAt([0, 1, 2]);
    const cleared = store.clear();
    const fresh = store.append(buildCaptures(store, batch('New', 3), ctx(2)));
    await cleared;
    await fresh;
    expect(await reading).toEqual([]);
    // Reads begun after the clear see the new messages, with their own seqs.
    expect((await store.getAt([0, 1, 2])).map((c) => [c.seq, c.message.event])).toEqual([
      [1, 'New Event 0'],
      [2, 'New Event 1'],
      [3, 'New Event 2'],
    ]);
    const alone = store.getAt([0]);
    await store.clear();
    expect(await alone).toEqual([]);
  });
});

describe('capture store: the ingest path and the whole-capture path index alike', () => {
  it('gives the same summaries, searches and records for the same messages', async () => {
    const messages: JsonObject[] = [
      { type: 'track', event: 'Notification Clicked', userId: 'ü-😀', anonymousId: 'a-1', messageId: 'm-1', properties: { notificationId: 'n' } },
      { type: 'identify', anonymousId: 'a\\b', traits: { email: 'x@y.co' } },
      { type: 'track', userId: 42, messageId: 'm-1' }, // no event; a repeated messageId
      { type: 'page', name: 'Pricing', anonymousId: '', messageId: 'x'.repeat(120) },
      { type: 'group', groupId: 'g', userId: 'u', messageId: 'm-3' },
      { type: 'nonsense' },
    ];
    const at = Date.UTC(2026, 10, 23, 10);
    const origin = { kind: 'tracking' as const, endpoint: '/v1/batch', writeKey: 'wk-123456', writeKeySource: 'body' as const };
    dir = await makeDataDir();
    const other = await makeDataDir();
    store = await CaptureStore.open(dir);
    const whole = await CaptureStore.open(other);
    try {
      await whole.append(buildCaptures(whole, messages, { receivedAtMs: at, origin, headers: {} }));
      const result = runIngestJob({ path: 'batch', body: Buffer.from(JSON.stringify({ batch: messages, writeKey: 'wk-123456' })), receivedAt: new Date(at).toISOString(), receivedAtMs: at });
      if (!result.ok) throw new Error(result.error);
      expect(await store.appendIngested(result, { requestId: 'r', receivedAt: new Date(at).toISOString(), receivedAtMs: at, origin, headers: {} })).toBe(messages.length);
      const expected = whole.index.summariesIn();
      expect(expected.map((s) => s.dropCodes.length > 0)).toEqual([false, false, true, true, false, true]);
      expect(store.index.summariesIn()).toEqual(expected);
      expect(store.index.filter({ userId: '42' })).toEqual(whole.index.filter({ userId: '42' }));
      expect(store.index.filter({ anonymousId: 'a\\b' })).toEqual([1]);
      expect(store.index.search('pricing')).toEqual(whole.index.search('pricing'));
      expect(store.seqOfMessageId('m-3')).toBe(5);
      // And again after a restart, from the file.
      await store.close();
      store = await CaptureStore.open(dir);
      expect(store.index.summariesIn()).toEqual(expected);
      expect(store.seqOfMessageId('m-1')).toBe(3);
    } finally {
      await whole.close();
      await rm(other, { recursive: true, force: true });
    }
  });
});

describe('capture store: the two paths agree on random requests', () => {
  it('indexes 40 random batches alike, ids of every kind included', async () => {
    let seed = 12345;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x80000000);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const ids = [undefined, '', 'u', 'user-12', 'ü-😀', 7, 'a"b\\c', 'x'.repeat(40)];
    const message = (): JsonObject => {
      const m: JsonObject = { type: pick(['track', 'identify', 'page', 'group', 'alias', 'screen', 'weird']) };
      for (const [key, value] of [['userId', pick(ids)], ['anonymousId', pick(ids)], ['messageId', pick([...ids, 'dup-1', 'dup-2'])], ['event', pick(['E', 'Notification Clicked', undefined])], ['name', pick(['P', undefined])]] as const) {
        if (value !== undefined) m[key] = value;
      }
      return m;
    };
    const origin = { kind: 'tracking' as const, endpoint: '/v1/batch', writeKeySource: 'none' as const };
    dir = await makeDataDir();
    const other = await makeDataDir();
    store = await CaptureStore.open(dir);
    const whole = await CaptureStore.open(other);
    const sentIds: unknown[] = [];
    try {
      for (let r = 0; r < 40; r++) {
        const batch = Array.from({ length: 1 + Math.floor(next() * 30) }, message);
        sentIds.push(...batch.map((m) => m.messageId));
        const at = Date.UTC(2026, 10, 23, 10) + r * 1000;
        const receivedAt = new Date(at).toISOString();
        // The body as sent, before buildCaptures stamps the (owned) messages it is given: a client's
        // messageId 7 it replaces must reach the other path as 7 too.
        const body = Buffer.from(JSON.stringify({ batch }));
        await whole.append(buildCaptures(whole, batch, { receivedAtMs: at, origin, headers: {} }));
        const result = runIngestJob({ path: 'batch', body, receivedAt, receivedAtMs: at });
        if (!result.ok) throw new Error(result.error);
        await store.appendIngested(result, { requestId: `r${r}`, receivedAt, receivedAtMs: at, origin, headers: {} });
      }
      // Assigned messageIds are random: compare everything else.
      const expected = whole.index.summariesIn();
      expect(store.index.summariesIn()).toEqual(expected);
      expect(expected.some((s) => s.dropCodes.includes('duplicate-message-id'))).toBe(true);
      for (const id of ids.filter((v) => v !== undefined)) {
        const text = String(id);
        expect(store.index.filter({ userId: text })).toEqual(whole.index.filter({ userId: text }));
        expect(store.index.filter({ anonymousId: text })).toEqual(whole.index.filter({ anonymousId: text }));
      }
      // A client's string id is kept; any other gets a fresh UUID.
      sentIds.forEach((sent, i) => {
        if (typeof sent === 'string' && sent !== '') expect(store!.index.messageIdAt(i)).toBe(sent);
        else expect(store!.index.messageIdAt(i)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
      });
    } finally {
      await whole.close();
      await rm(other, { recursive: true, force: true });
    }
  });
});

describe('capture store: loading leaves message texts in the file', () => {
  it('searches loaded messages from the file, past heads of any width, and keeps edited lines as text', async () => {
    dir = await makeDataDir();
    store = await CaptureStore.open(dir);
    const at = Date.UTC(2026, 10, 23, 10);
    const batch: JsonObject[] = [
      { type: 'tráck', userId: 'ü', event: 'E', properties: { note: 'first-payload' } }, // drop reasons quote the type: a non-ASCII head
      { type: 'track', anonymousId: 'a', event: 'Ünïcode Payload' }, // messageId assigned
      { type: 'track', userId: 'u', event: 'E', messageId: 'm-3', properties: { note: 'third-payload' } },
    ];
    const result = runIngestJob({ path: 'batch', body: Buffer.from(JSON.stringify({ batch })), receivedAt: new Date(at).toISOString(), receivedAtMs: at });
    if (!result.ok) throw new Error(result.error);
    await store.appendIngested(result, { requestId: 'r', receivedAt: new Date(at).toISOString(), receivedAtMs: at, origin: { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'none' }, headers: {} });
    await store.close();
    // A hand-edited line: a member after "message" (its text is not the line's tail).
    await appendFile(join(dir, 'captures.ndjson'), '{"seq":4,"message":{"type":"track","userId":"u","event":"edited-payload"},"note":"after"}\n');
    store = await CaptureStore.open(dir);
    expect(store.warnings).toEqual([]);
    expect(store.index.search('first-payload')).toEqual([1]);
    expect(store.index.search('ünïcode payload')).toEqual([2]);
    expect(store.index.search('"messageid":"m-3"')).toEqual([3]);
    expect(store.index.search('segment call type')).toEqual([]); // in the first line's head, not its message
    // Each text is exactly its message: nothing of the head before it, nor of the line's end after.
    expect(store.index.search(':{"type"')).toEqual([]);
    expect(store.index.search('z"}}')).toEqual([]);
    expect(store.index.search('edited-payload')).toEqual([4]);
    expect(store.index.search('after')).toEqual([]);
    expect((await store.get(2))?.message.event).toBe('Ünïcode Payload');
  });
});
