// While the engine cannot write captures (disk full), the UI shows a banner (AppChrome's
// WarningsBanner, from the store's writeFailure) that does not go away on its own: from
// engine.info at start and from store.writeStatus events, until a write succeeds again. On the
// real engine: the full disk is injected at the fs layer under the capture log (as in
// test/integration/write-failure.test.ts), and requests come over real HTTP.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { StoreWriteFailure } from '../../../src-shared/api';
import { createAppStore } from '../../../src-renderer/src/state/store';
import { writeFailureText } from '../../../src-renderer/src/state/write-failure';
import { createWebSocketClient, type SocketLike } from '../../../src-renderer/src/state/ws-client';
import { postJson } from '../helpers/engine';
import { manualFrames, message, startRig, type StoreRig } from './store-rig';

/** Fails every writev under the log with ENOSPC while set. */
const fault = { full: false };
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writevSync = (fd: number, buffers: NodeJS.ArrayBufferView[], position?: number): number => {
    if (fault.full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    return fs.writevSync(fd, buffers, position);
  };
  return { ...fs, default: { ...fs, writevSync }, writevSync };
});

let rig: StoreRig | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  fault.full = false;
  for (const c of cleanups.splice(0)) c();
  await rig?.dispose();
  rig = undefined;
});

const post = (r: StoreRig, n: number) => postJson(`${r.t.engine.url}/v1/batch`, { batch: [message(n)] });

describe('write-failure banner on the real engine', () => {
  it('is set while writes fail and cleared once one succeeds', async () => {
    const r = (rig = await startRig());
    await r.s().init();
    expect(r.s().writeFailure).toBeNull();
    fault.full = true;
    const failing = r.next('store.writeStatus');
    expect((await post(r, 1)).status).toBe(500);
    expect(await failing).toMatchObject({ failure: { code: 'ENOSPC', failedWrites: 1 } });
    expect(r.s().writeFailure).toMatchObject({ code: 'ENOSPC', message: 'ENOSPC: no space left on device, write', failedWrites: 1 });
    await r.until((s) => s.warnings.some((w) => w.startsWith('could not write the capture log')));

    fault.full = false; // space freed
    const recovered = r.next('store.writeStatus');
    expect((await post(r, 2)).status).toBe(200);
    expect(await recovered).toEqual({ failure: null });
    expect(r.s().writeFailure).toBeNull();
  });

  it('shows a failure that started before the UI opened (engine.info)', async () => {
    const r = (rig = await startRig());
    fault.full = true;
    expect((await post(r, 1)).status).toBe(500);
    expect((await post(r, 2)).status).toBe(500);
    // A window opened now: it never saw the store.writeStatus events.
    const client = createWebSocketClient(`${r.t.engine.url.replace('http', 'ws')}/ws`, { createSocket: (url) => new WebSocket(url) as unknown as SocketLike });
    cleanups.push(() => client.close());
    const store = createAppStore(client.api, { scheduleFrame: manualFrames().schedule });
    cleanups.push(() => store.getState().dispose());
    expect(store.getState().writeFailure).toBeNull();
    await store.getState().init();
    expect(store.getState().writeFailure).toMatchObject({ code: 'ENOSPC', failedWrites: 2 });
    expect(store.getState().writeFailure).toEqual((await r.t.engine.call('engine.info', undefined)).storeWriteFailure);
  });

  it('says what happens to requests meanwhile, in words', () => {
    const failure: StoreWriteFailure = { message: 'ENOSPC: no space left on device, write', code: 'ENOSPC', since: '2026-11-30T10:00:00.000Z', failedWrites: 3 };
    const text = writeFailureText(failure);
    expect(text).toMatch(/^The disk is full: captures cannot be written \(ENOSPC: no space left on device, write\)\. Requests are answered 500 since /);
    expect(text).toMatch(/nothing of those requests is kept\. This goes away once a write succeeds\.$/);
    // The local time on the 24-hour clock every other time here uses (it was the locale's: "10:00:00 AM", "22:00:00").
    const since = new Date(failure.since);
    const local = [since.getHours(), since.getMinutes(), since.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    expect(writeFailureText({ ...failure, since: '2026-11-30T22:00:00.000Z' })).toContain(`since ${[new Date('2026-11-30T22:00:00.000Z').getHours(), 0, 0].map((n) => String(n).padStart(2, '0')).join(':')};`);
    expect(text).toContain(`since ${local};`);
    expect(writeFailureText({ ...failure, code: 'EIO', message: 'EIO: i/o error, write', failedWrites: 1 })).toMatch(/^Captures cannot be written \(EIO: i\/o error, write\)\. Requests are answered 500/);
  });
});
