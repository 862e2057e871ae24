// After `messages.behind` {lastSeq} (the server stopped queuing rows for this client while it was
// behind), the store pages in what it missed, a page at a time, and ends with every row once, in
// order, also when rows are pushed or the log is cleared while it pages. On the real engine: the
// client stops reading its socket (as a busy tab does) while one large push fills the kernel's
// buffers and more than the engine's high-water mark (1 MiB) of the server's own queue; the next
// push is then held back, and once the client reads again the server sends the notice.
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { JsonObject } from '../../../src-shared/capture';
import { message, range, startRig, type StoreRig } from './store-rig';

let rig: StoreRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const seqsOf = (r: StoreRig) => r.s().rows.toArray().map((row) => row.seq);
/** More than any delay between a capture and its push in engine.ts (the rig's push() waits for the frame; here it cannot arrive). */
const PUSH_DELAY_MS = 1000;
/** A row of about 4 KB in a messages.added frame: the event name is the bulk of it. */
const bulky = (n: number) => message(n, { type: 'track', event: `Bulky ${n % 10} ${'x'.repeat(4000)}` });
/** Rows of one push that cannot all fit in the kernel's socket buffers: 16 MB. */
const BULKY_ROWS = 4000;

const rawSocket = (ws: WebSocket) => (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;

/**
 * Captures `filler` (pushed while the client does not read, so the server's queue for it passes
 * the high-water mark), then `missed` (held back: the client is behind), then lets the client read
 * again. Resolves with the `messages.behind` notice the client gets.
 */
async function fallBehind(r: StoreRig, filler: JsonObject[], missed: JsonObject[]): Promise<{ lastSeq: number }> {
  rawSocket(r.socket()).pause();
  await r.importMessages(filler);
  r.clock.advance(PUSH_DELAY_MS);
  await r.importMessages(missed);
  r.clock.advance(PUSH_DELAY_MS);
  const notice = r.next('messages.behind');
  rawSocket(r.socket()).resume();
  return notice;
}

// 16 MB pushed through a real socket and paged back in: well under the 20 s default on a quiet
// machine, not on a loaded one (timed out once at load average 13).
describe('catching up after messages.behind', { timeout: 60_000 }, () => {
  it('pages in the missed rows; rows pushed meanwhile are not taken ahead of the gap', async () => {
    const r = (rig = await startRig());
    await r.post(range(1, 10).map((n) => message(n)));
    await r.push();
    await r.s().init();
    await r.post([message(11)]);
    expect((await r.push()).map((row) => row.seq)).toEqual([11]); // pushed before the server fell behind
    const fillerTo = 11 + BULKY_ROWS;
    const lastMissed = fillerTo + 12_000;
    // While the store waits for its first page, one more capture is pushed: it must come in with
    // the pages, after the gap, not before it.
    let pushedWhilePaging: number[] | undefined;
    r.beforeCall = async (call) => {
      if (call.name !== 'messages.page' || pushedWhilePaging) return;
      await r.post([message(lastMissed + 1)]);
      pushedWhilePaging = (await r.push()).map((row) => row.seq);
      r.frames.flush(); // a frame while the first page is on its way
    };
    const notice = await fallBehind(r, range(12, fillerTo).map(bulky), range(fillerTo + 1, lastMissed).map((n) => message(n)));
    expect(notice).toEqual({ lastSeq: lastMissed });
    await r.until(() => seqsOf(r).at(-1) === lastMissed + 1);
    r.frames.flush();
    expect(pushedWhilePaging).toEqual([lastMissed + 1]);
    expect(seqsOf(r)).toEqual(range(1, lastMissed + 1)); // every row once, in order
    const pages = r.calls.filter((c) => c.name === 'messages.page' && (c.arg as { afterSeq?: number }).afterSeq);
    expect(pages.map((c) => c.arg)).toEqual([
      { afterSeq: fillerTo, limit: 5000 }, // the filler came as a push, before the notice
      { afterSeq: fillerTo + 5000, limit: 5000 },
      { afterSeq: fillerTo + 10_000, limit: 5000 },
    ]);

    await r.post([message(lastMissed + 2)]); // caught up: pushes are taken as they come again
    await r.push();
    r.frames.flush();
    expect(seqsOf(r).at(-1)).toBe(lastMissed + 2);
    expect(r.calls.filter((c) => c.name === 'messages.page')).toHaveLength(4); // the init's, and the three
  });

  it('a clear while paging drops the old pages and still takes the rows after the clear', async () => {
    const r = (rig = await startRig());
    await r.post(range(1, 5).map((n) => message(n)));
    await r.s().init();
    let afterClear: number[] | undefined;
    r.beforeCall = async (call) => {
      if (call.name !== 'messages.page' || afterClear) return;
      const cleared = r.next('messages.cleared');
      await r.t.engine.call('messages.clear', undefined); // another window clears
      await cleared;
      await r.post([message(1, { type: 'track', event: 'after clear' })]);
      afterClear = (await r.push()).map((row) => row.seq);
    };
    await fallBehind(r, range(6, 5 + BULKY_ROWS).map(bulky), range(6 + BULKY_ROWS, 9000).map((n) => message(n)));
    await r.until((s) => s.rows.length === 1 && s.rows.at(0).name === 'after clear');
    r.frames.flush();
    expect(afterClear).toHaveLength(1);
    expect(seqsOf(r)).toEqual(afterClear);
    expect(r.s().rows.toArray().map((row) => row.name)).toEqual(['after clear']);
  });
});
