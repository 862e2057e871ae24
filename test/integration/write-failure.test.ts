// A failed write leaves nothing behind (issue #13.3). The disk filling up is injected at the fs
// layer, under the capture log: write(2) first writes part of what it was asked (what fits), then
// fails with ENOSPC, exactly as a real full disk does. The log must cut the file back to its last
// good offset, so a restart shows exactly the messages that were answered 200; appends queued
// behind the failed one take its place; /api/health and the UI say so until a write succeeds.
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../src-shared/api';
import type { JsonObject } from '../../src-shared/capture';
import { buildCaptures } from '../../src-main/receiver/capture-builder';
import { CaptureStore } from '../../src-main/store/capture-store';
import { makeDataDir, postJson, startTestEngine, type TestEngine } from './helpers/engine';

/**
 * Decides each writev under the log: how many bytes of `length` reach the disk, or an error.
 * Undefined: the real writev.
 */
const fault: { decide?: (length: number) => number | Error } = {};

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writevSync = (fd: number, buffers: NodeJS.ArrayBufferView[], position?: number): number => {
    const decide = fault.decide;
    if (!decide) return fs.writevSync(fd, buffers, position);
    const data = Buffer.concat(buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
    const n = decide(data.length);
    if (n instanceof Error) throw n;
    return n === 0 ? 0 : fs.writevSync(fd, [data.subarray(0, n)], position);
  };
  return { ...fs, default: { ...fs, writevSync }, writevSync };
});

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

/** The disk has `free` bytes left: writes fill it, then fail (a short write, then ENOSPC). */
function diskWithFree(free: number): void {
  fault.decide = (length) => {
    if (free === 0) return enospc();
    const n = Math.min(free, length);
    free -= n;
    return n;
  };
}

let store: CaptureStore | undefined;
let t: TestEngine | undefined;
let dir: string | undefined;
afterEach(async () => {
  fault.decide = undefined;
  await store?.close();
  await t?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
  store = t = dir = undefined;
});

const AT = Date.UTC(2026, 10, 30, 10);
const batch = (tag: string, n: number): JsonObject[] => Array.from({ length: n }, (_, i) => ({ type: 'track', userId: `u${i}`, event: `${tag} ${i}`, messageId: `${tag}-${i}` }));
const capturesOf = (s: CaptureStore, tag: string, n: number) => buildCaptures(s, batch(tag, n), { receivedAtMs: AT, origin: { kind: 'webhook', endpoint: '/webhook/w', webhook: 'w', signature: { status: 'no-secret' } }, headers: {} });
const events = (s: CaptureStore) => s.index.summariesIn().map((m) => m.name);

describe('a failed append leaves nothing behind', () => {
  it('cuts the file back to the last good offset when the disk fills mid-write; a restart shows exactly what was stored', async () => {
    dir = await makeDataDir();
    store = await CaptureStore.open(dir);
    expect(await store.append(capturesOf(store, 'A', 3))).toBe(3);
    const file = join(dir, 'captures.ndjson');
    const good = (await stat(file)).size;

    // Room for about half of B: its first lines reach the disk whole, then ENOSPC.
    diskWithFree(1500);
    await expect(store.append(capturesOf(store, 'B', 30))).rejects.toThrow(/ENOSPC/);
    expect((await stat(file)).size).toBe(good);
    expect(store.writeFailure).toMatchObject({ code: 'ENOSPC', failedWrites: 1 });
    await expect(store.append(capturesOf(store, 'B', 30))).rejects.toThrow(/ENOSPC/); // the client retries: still full
    expect(store.writeFailure?.failedWrites).toBe(2);
    expect((await stat(file)).size).toBe(good);

    fault.decide = undefined; // space freed
    expect(await store.append(capturesOf(store, 'C', 2))).toBe(2);
    expect(store.writeFailure).toBeUndefined();
    expect(events(store)).toEqual(['A 0', 'A 1', 'A 2', 'C 0', 'C 1']);
    expect((await store.get(store.index.seqAt(3)))?.message.event).toBe('C 0');

    await store.close();
    store = await CaptureStore.open(dir);
    expect(store.warnings).toEqual([]);
    expect(events(store)).toEqual(['A 0', 'A 1', 'A 2', 'C 0', 'C 1']);
    expect((await readFile(file, 'utf8')).includes('"B ')).toBe(false);
  });

  it('appends queued behind a clear take the place of a failed one before them (offsets re-based)', async () => {
    dir = await makeDataDir();
    store = await CaptureStore.open(dir);
    await store.append(capturesOf(store, 'Old', 5));
    let call = 0;
    // Queued behind the truncate: X is written, Y half-written then ENOSPC, Z written.
    fault.decide = (length) => {
      call++;
      if (call === 2) return Math.floor(length / 2);
      if (call === 3) return enospc();
      return length;
    };
    const cleared = store.clear();
    const x = store.append(capturesOf(store, 'X', 4));
    const y = store.append(capturesOf(store, 'Y', 40));
    const z = store.append(capturesOf(store, 'Z', 4));
    await cleared;
    expect(await x).toBe(4);
    await expect(y).rejects.toThrow(/ENOSPC/);
    expect(await z).toBe(4);
    expect(call).toBe(4);
    fault.decide = undefined;

    expect(events(store)).toEqual(['X 0', 'X 1', 'X 2', 'X 3', 'Z 0', 'Z 1', 'Z 2', 'Z 3']);
    // Each row reads back its own line: Z's offsets are where Z is, not where it was expected.
    const seqs = store.index.summariesIn().map((m) => m.seq);
    for (const [i, seq] of seqs.entries()) expect((await store.get(seq))?.message.event).toBe(events(store)[i]);
    expect(store.index.search('z 3').length).toBe(1);
    expect(store.writeFailure).toBeUndefined();

    await store.close();
    store = await CaptureStore.open(dir);
    expect(store.warnings).toEqual([]);
    expect(events(store)).toEqual(['X 0', 'X 1', 'X 2', 'X 3', 'Z 0', 'Z 1', 'Z 2', 'Z 3']);
  });
});

describe('while the disk is full', () => {
  it('answers 500, /api/health answers 503 and says why, the UI is told; after a restart exactly the acknowledged messages are there', async () => {
    t = await startTestEngine();
    const url = t.engine.url;
    const pushed: EngineEvent[] = [];
    t.engine.subscribe((e) => pushed.push(e));
    const acknowledged: string[] = [];
    const post = async (tag: string, n: number) => {
      const res = await postJson(`${url}/v1/batch`, { batch: batch(tag, n) });
      if (res.status === 200) acknowledged.push(...batch(tag, n).map((m) => m.event as string));
      return res;
    };
    expect((await post('ok', 5)).status).toBe(200);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);

    diskWithFree(2000);
    const failed = await post('lost', 40);
    expect(failed.status).toBe(500);
    expect(failed.json.code).toBe('store-failed');
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { status: string; error: string };
    expect(body.status).toBe('store-failing');
    expect(body.error).toMatch(/captures cannot be written since .*ENOSPC/);
    expect(t.engine.info().storeWriteFailure).toMatchObject({ code: 'ENOSPC' });
    const status = pushed.filter((e) => e.name === 'store.writeStatus');
    expect(status).toHaveLength(1);
    expect(status[0].payload).toMatchObject({ failure: { code: 'ENOSPC', message: expect.stringContaining('no space left') } });
    expect((await post('lost again', 3)).status).toBe(500);

    fault.decide = undefined;
    expect((await post('after', 2)).status).toBe(200);
    const healthy = await fetch(`${url}/api/health`);
    expect(healthy.status).toBe(200);
    expect(((await healthy.json()) as { status: string }).status).toBe('ok');
    expect(pushed.filter((e) => e.name === 'store.writeStatus').map((e) => e.payload)).toEqual([{ failure: expect.anything() }, { failure: null }]);

    const live = (await t.engine.call('messages.list', undefined)).map((m) => m.name);
    expect(live).toEqual(acknowledged);
    const engine = await t.restart();
    expect(engine.info().storeWarnings).toEqual([]);
    expect((await engine.call('messages.list', undefined)).map((m) => m.name)).toEqual(acknowledged);
  });
});
