// The capture-log write failing, over real HTTP on the real engine: the receiver answers 500
// store-failed and counts nothing; it answers 200 only once the write has settled. The fault is
// injected at the log's one write entry point (CaptureLog.append), so everything above it (the
// store, the receiver, the answer, the event stream) is the production code path.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../src-shared/api';
import type { CapturedMessage } from '../../src-shared/capture';
import { CaptureLog } from '../../src-main/store/capture-log';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await t?.dispose();
  t = undefined;
});

const ENOSPC = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

// CaptureLog.append answers either { offset, written } or a promise of the offset, depending on
// the version of the log (#13.3 changes it): the injections below work with either.
type AnyAppend = (this: CaptureLog, data: Buffer) => unknown;
const originalAppend = CaptureLog.prototype.append as unknown as AnyAppend;
const after = (r: unknown, then: () => Promise<void>): unknown =>
  r instanceof Promise ? r.then((offset) => then().then(() => offset)) : { ...(r as object), written: (r as { written: Promise<void> }).written.then(then) };

/** The next append fails as a full disk would (nothing reaches the file); later ones go through. */
function failNextAppend(): void {
  vi.spyOn(CaptureLog.prototype, 'append').mockImplementationOnce(function (this: CaptureLog) {
    return after(originalAppend.call(this, Buffer.alloc(0)), () => Promise.reject(ENOSPC()));
  } as never);
}

/** The next append is written, but it is reported written only when release() is called. */
function holdNextAppend(): { started: Promise<void>; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let started!: () => void;
  const startedP = new Promise<void>((r) => (started = r));
  vi.spyOn(CaptureLog.prototype, 'append').mockImplementationOnce(function (this: CaptureLog, data: Buffer) {
    const r = originalAppend.call(this, data);
    started();
    return after(r, () => gate);
  } as never);
  return { started: startedP, release };
}

const batch = (ids: string[]) => ({ batch: ids.map((messageId, i) => ({ type: 'track', userId: `u${i}`, event: 'Paid', messageId })) });
const health = async (url: string) => (await fetch(`${url}/api/health`)).arrayBuffer();
const stored = async (url: string) => (await (await fetch(`${url}/api/messages`)).json()) as CapturedMessage[];

describe('a capture-log write that fails', () => {
  it('Tracking API: 500 store-failed, nothing counted or listed, a warning pushed; the retry is stored as new', async () => {
    t = await startTestEngine();
    const url = t.engine.url;
    const events: EngineEvent[] = [];
    t.engine.subscribe((e) => events.push(e));
    expect((await postJson(`${url}/v1/track`, { userId: 'before', event: 'Kept', messageId: 'kept-1' })).status).toBe(200);

    failNextAppend();
    const res = await postJson(`${url}/v1/batch`, batch(['r-1', 'r-2']));
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ success: false, code: 'store-failed' });
    expect(res.json.error).toMatch(/could not write the capture log: ENOSPC/);
    expect(t.engine.info().messageCount).toBe(1);
    expect((await stored(url)).map((c) => c.message.messageId)).toEqual(['kept-1']);
    expect(events).toContainEqual({ name: 'store.warning', payload: { message: expect.stringMatching(/could not write the capture log: ENOSPC/) } });
    expect(t.logged.some((l) => /could not write the capture log/.test(l))).toBe(true);
    // Nothing of the failed request reached the file either.
    expect(await readFile(join(t.dataDir, 'captures.ndjson'), 'utf8')).not.toContain('r-1');

    // The client's retry of the same messageIds is new, not a duplicate of what was never stored.
    expect((await postJson(`${url}/v1/batch`, batch(['r-1', 'r-2']))).status).toBe(200);
    const after = await stored(url);
    // (The failed request's seqs are not reused: seqs only grow, gaps allowed.)
    expect(after.map((c) => [c.message.messageId, c.dropReasons.map((d) => d.code)])).toEqual([
      ['kept-1', []],
      ['r-1', []],
      ['r-2', []],
    ]);
    expect(after.map((c) => c.seq)).toEqual([...after.map((c) => c.seq)].sort((a, b) => a - b));
  });

  it('POST /api/import: a write failing part way is a 500 store-failed naming the line the stored part ends at', async () => {
    t = await startTestEngine();
    const ndjson = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ type: 'track', userId: `u${i}`, event: `Imported ${i}` })).join('\n');
    // The first chunk (1,000 lines) is written; the second meets a full disk.
    const spy = vi.spyOn(CaptureLog.prototype, 'append');
    spy.mockImplementationOnce(originalAppend as never).mockImplementationOnce(function (this: CaptureLog) {
      return after(originalAppend.call(this, Buffer.alloc(0)), () => Promise.reject(ENOSPC()));
    } as never);
    const res = await fetch(`${t.engine.url}/api/import`, { method: 'POST', body: ndjson });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: "the import stopped after line 1500 (1000 messages stored before it): the capture log could not be written (ENOSPC: no space left on device, write): the disk (or this process's file-size limit) is full; the file's lines up to line 1000 are stored: free some space, then import the lines after line 1000 again",
      code: 'store-failed',
      imported: 1000,
      line: 1500,
    });
    expect((await t.engine.call('engine.info', undefined)).messageCount).toBe(1000);
  });

  it('webhooks: 500 store-failed, nothing counted; the retried delivery is stored as new', async () => {
    t = await startTestEngine();
    const url = t.engine.url;
    failNextAppend();
    const res = await postJson(`${url}/webhook/pf`, [{ type: 'track', userId: 'w', event: 'Hook', messageId: 'w-1' }]);
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ success: false, code: 'store-failed' });
    expect(t.engine.info().messageCount).toBe(0);
    expect(await stored(url)).toEqual([]);
    const retry = await postJson(`${url}/webhook/pf`, [{ type: 'track', userId: 'w', event: 'Hook', messageId: 'w-1' }]);
    expect(retry).toMatchObject({ status: 200, json: { success: true, captured: 1 } });
    expect((await stored(url)).map((c) => c.dropReasons)).toEqual([[]]);
  });

  it('answers 200 only once the write has settled, and then the bytes are in the file', async () => {
    t = await startTestEngine();
    const url = t.engine.url;
    for (const path of ['/v1/track', '/webhook/pf']) {
      const held = holdNextAppend();
      let answered = false;
      const answer = postJson(`${url}${path}`, { userId: 'u', event: `Held ${path}`, messageId: `held${path}` }).then((r) => ((answered = true), r));
      await held.started;
      // Two full round trips on the same server after the write started: a receiver that
      // answered without waiting for the write would have sent its 200 before these.
      await health(url);
      await health(url);
      expect(answered).toBe(false);
      held.release();
      const res = await answer;
      expect(res.status).toBe(200);
      expect(await readFile(join(t.dataDir, 'captures.ndjson'), 'utf8')).toContain(`"messageId":"held${path}"`);
    }
    expect(t.engine.info().messageCount).toBe(2);
  });
});
