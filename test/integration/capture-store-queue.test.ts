// Appends that queue behind a clear (the log is truncated asynchronously) must write their own
// copy of the encoded lines (the encoder's buffer is reused by the next append), and the search
// index reads payload texts back from the file in ranges, so it must find exactly what is there.
import { rm } from 'node:fs/promises';
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
    const [a, b] = await Promise.all([first, second]);
    expect(a.map((s) => s.name)).toEqual(batch('Alpha', 50).map((m) => m.event));
    expect(b.map((s) => s.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 51 + i));

    expect(store.index.search('alpha event 4')).toEqual([5, ...Array.from({ length: 10 }, (_, i) => 41 + i)]);
    expect(store.index.search('"event":"omega event 49"')).toEqual([100]);
    expect(store.index.search('before')).toEqual([]);
    const got = await store.get(77);
    expect(got).toMatchObject({ seq: 77, message: { event: 'Omega Event 26' }, headers: { 'x-request': '3' } });

    // The file holds exactly the two requests, and loads back the same.
    const summaries = store.index.summaries.slice();
    await store.close();
    store = await CaptureStore.open(dir);
    expect(store.warnings).toEqual([]);
    expect(store.index.summaries).toEqual(summaries);
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
    expect(await request({ batch: batch('Stale', 2) }, arrivedBefore)).toEqual([]);
    expect(store.messageCount).toBe(0);
    const fresh = await request({ batch: batch('Fresh', 2) }, store.clearCount);
    expect(fresh.map((s) => s.name)).toEqual(['Fresh Event 0', 'Fresh Event 1']);
    // Nothing of the stale request reached the file either, and its messageIds are not remembered.
    expect(await store.exportText()).not.toContain('Stale');
    expect(store.duplicates.has('Stale-0', Date.UTC(2026, 10, 23, 10))).toBe(false);
  });
});
