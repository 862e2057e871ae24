// A failed write (disk full, I/O error) must not poison the duplicate index: the client retries
// the same messageIds after the 500, and the retry is stored as new messages, not duplicates.
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src-shared/capture';
import { buildCaptures } from '../../src-main/receiver/capture-builder';
import { runIngestJob } from '../../src-main/ingest/ingest-job';
import { CaptureStore } from '../../src-main/store/capture-store';
import { makeDataDir } from './helpers/engine';
import { failNextWrite } from './helpers/fail-next-write';

let store: CaptureStore | undefined;
let dir: string | undefined;
afterEach(async () => {
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const AT = Date.UTC(2026, 10, 23, 10);
const messages = (n: number): JsonObject[] => Array.from({ length: n }, (_, i) => ({ type: 'track', userId: `u${i}`, event: 'Paid', messageId: `retry-${i}` }));


describe('a failed write leaves no messageId behind', () => {
  it('Tracking API: the retry of a request answered store-failed is not a duplicate', async () => {
    dir = await makeDataDir();
    store = await CaptureStore.open(dir);
    const ingest = () => {
      const body = Buffer.from(JSON.stringify({ batch: [...messages(3), { type: 'track', userId: 'u', event: 'Twice', messageId: 'retry-0' }] }));
      const result = runIngestJob({ path: 'batch', body, receivedAt: new Date(AT).toISOString(), receivedAtMs: AT });
      if (!result.ok) throw new Error(result.error);
      return store!.appendIngested(result, { requestId: 'r', receivedAt: new Date(AT).toISOString(), receivedAtMs: AT, origin: { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'none' }, headers: {} });
    };
    failNextWrite(store);
    await expect(ingest()).rejects.toThrow(/ENOSPC/);
    expect(store.messageCount).toBe(0);
    expect(store.duplicates.has('retry-0', AT)).toBe(false);

    expect(await ingest()).toBe(4);
    const drops = store.index.summariesIn().map((s) => s.dropCodes);
    // The first three are new; the fourth repeats retry-0 within the request: that one is a duplicate.
    expect(drops).toEqual([[], [], [], ['duplicate-message-id']]);
  });

  it('webhooks: the same, for a delivery Segment retries after a 500', async () => {
    dir = await makeDataDir();
    store = await CaptureStore.open(dir);
    const deliver = () => store!.append(buildCaptures(store!, messages(2), { receivedAtMs: AT, origin: { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } }, headers: {} }));
    failNextWrite(store);
    await expect(deliver()).rejects.toThrow(/ENOSPC/);
    expect(await deliver()).toBe(2);
    expect(store.index.summariesIn().map((s) => s.dropCodes)).toEqual([[], []]);
    // A real repeat is still caught.
    await deliver();
    expect(store.index.summariesIn().slice(2).map((s) => s.dropCodes)).toEqual([['duplicate-message-id'], ['duplicate-message-id']]);
  });
});
