// The capture feed: what user matching and sessions are derived from. Over a real capture log on
// disk and a clock the test moves: every message reaches every consumer once, in seq order; a
// burst is fed once ingest pauses, or at the latest half a second after its first message; a
// clear starts the consumers over; a failing consumer or read is reported, never fatal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { CaptureFeed, type CaptureConsumer } from '../../src-main/derived/capture-feed';
import { CaptureStore } from '../../src-main/store/capture-store';
import { manualClock, type ManualClock } from './helpers/manual-clock';

const ORIGIN = { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none' } as const;

let dir: string;
let store: CaptureStore;
let clock: ManualClock;
let errors: string[];
let feed: CaptureFeed;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eventbench-feed-'));
  store = await CaptureStore.open(dir);
  clock = manualClock();
  errors = [];
  feed = new CaptureFeed(store, clock, (m) => errors.push(m));
});

afterEach(async () => {
  await feed.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Appends n track calls to the log, as ingest does (event "e<seq>"). */
async function append(n: number): Promise<number[]> {
  const entries = [];
  for (let i = 0; i < n; i++) {
    const seq = store.allocateSeq();
    const message = { type: 'track', event: `e${seq}`, userId: 'u', messageId: `m-${seq}` };
    const capture: CapturedMessage = { seq, requestId: `r-${seq}`, receivedAt: '2026-01-01T00:00:00.000Z', origin: ORIGIN, headers: {}, message, messageIdAssigned: false, dropReasons: [], findings: [] };
    entries.push({ capture, parts: { messageJson: JSON.stringify(message), originJson: JSON.stringify(ORIGIN), headersJson: '{}' } });
  }
  await store.append(entries);
  return entries.map((e) => e.capture.seq);
}

/** A consumer that records what it is given: each batch's seqs, and resets as a 'reset' entry. */
function recorder(): CaptureConsumer & { log: (number[] | 'reset')[]; seqs(): number[] } {
  const log: (number[] | 'reset')[] = [];
  return {
    log,
    reset: () => void log.push('reset'),
    add: (batch: readonly CapturedMessage[]) => void log.push(batch.map((c) => c.seq)),
    seqs: () => log.filter((b): b is number[] => b !== 'reset').flat(),
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Lets the feed's reads (file I/O, setImmediate between chunks) run. */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('CaptureFeed', () => {
  it('feeds every consumer every message once, in seq order, in chunks of at most 1,000', async () => {
    await append(2500);
    const a = recorder();
    const b = recorder();
    feed.subscribe(a);
    feed.subscribe(b);
    await feed.catchUp();
    expect(a.log.map((batch) => (batch === 'reset' ? batch : batch.length))).toEqual([1000, 1000, 500]);
    expect(a.seqs()).toEqual(range(1, 2500));
    expect(b.log).toEqual(a.log);
    expect(a.log[0]).not.toBe(b.log[0]); // each consumer's record is its own; the batch is the same
    expect(feed.fed).toBe(2500);
    // Fed messages carry the message as stored.
    const first: CapturedMessage[] = [];
    const c = new CaptureFeed(store, clock, (m) => errors.push(m));
    c.subscribe({ reset: () => undefined, add: (batch) => void first.push(...batch.slice(0, 1)) });
    await c.catchUp();
    expect(first[0]).toMatchObject({ seq: 1, message: { event: 'e1', messageId: 'm-1' } });
    await c.stop();
    expect(errors).toEqual([]);
  });

  it('reads nothing back until something asks (a headless receiver pays nothing), then keeps up', async () => {
    const a = recorder();
    feed.subscribe(a);
    await append(3);
    feed.notify();
    expect(clock.pending()).toBe(0);
    expect(feed.isActive).toBe(false);
    await settle();
    expect(a.log).toEqual([]);
    expect(feed.fed).toBe(0);

    feed.activate();
    expect(feed.isActive).toBe(true);
    await feed.catchUp();
    expect(a.seqs()).toEqual([1, 2, 3]);
    // activate() again does not feed twice.
    feed.activate();
    await settle();
    expect(a.seqs()).toEqual([1, 2, 3]);
  });

  it('feeds a burst 40 ms after its last message, or 500 ms after its first while it goes on', async () => {
    const a = recorder();
    feed.subscribe(a);
    await feed.catchUp(); // active, nothing yet
    await append(1);
    feed.notify();
    expect(clock.dueIn()).toEqual([40]);
    clock.advance(39);
    await settle();
    expect(a.seqs()).toEqual([]);
    clock.advance(1);
    await settle();
    expect(a.seqs()).toEqual([1]);
    expect(clock.pending()).toBe(0);

    // A message every 30 ms: each pushes the feed back, never past 500 ms after the first.
    for (let t = 0; t < 480; t += 30) {
      await append(1);
      feed.notify();
      expect(clock.pending()).toBe(1); // one timer, re-armed
      expect(clock.dueIn()[0]).toBe(Math.min(40, 500 - t));
      clock.advance(30);
    }
    await settle();
    expect(a.seqs()).toEqual([1]); // 480 ms in, still waiting for a pause
    await append(1);
    feed.notify();
    expect(clock.dueIn()).toEqual([20]); // 500 ms after the burst's first message
    clock.advance(20);
    await settle();
    expect(a.seqs()).toEqual(range(1, 18));
    // The next burst's wait starts again from its own first message.
    await append(1);
    feed.notify();
    expect(clock.dueIn()).toEqual([40]);
  });

  it('a catchUp() asked while a read is under way resolves only once messages that arrived meanwhile are fed too', async () => {
    const a = recorder();
    feed.subscribe(a);
    await append(1500);
    const first = feed.catchUp();
    await append(700); // lands while the first read is in flight
    const second = feed.catchUp();
    await second;
    expect(a.seqs()).toEqual(range(1, 2200));
    await first;
  });

  it('a clear starts every consumer over, and a read in flight is dropped, not fed into the emptied views', async () => {
    const a = recorder();
    feed.subscribe(a);
    await append(2500);
    const running = feed.catchUp();
    // The first chunk is being read: the log is cleared (the engine resets the feed with it) and refilled.
    const clearing = store.clear();
    feed.reset();
    await clearing;
    const refilled = await append(3);
    await running;
    await feed.catchUp();
    expect(a.log[0]).toBe('reset');
    // Nothing read before the reset reached the consumer; after it, the new log from its first message.
    expect(a.log.slice(1).flat()).toEqual(refilled);
    expect(feed.fed).toBe(3);
  });

  it('leaves the event loop free between chunks, even when every read comes from the page cache at once', async () => {
    const a = recorder();
    feed.subscribe(a);
    await append(5000);
    // Reads answered without I/O (a small run is read synchronously): only the feed's own yield
    // between chunks lets a request in.
    const chunks = new Map<number, CapturedMessage[]>();
    for (let from = 0; from < 5000; from += 1000) chunks.set(from, await store.readRun(from, from + 1000));
    vi.spyOn(store, 'readRun').mockImplementation((from) => Promise.resolve(chunks.get(from)!));
    const fedWhenARequestGotIn = new Promise<number>((resolve) => setImmediate(() => resolve(a.seqs().length)));
    await feed.catchUp();
    expect(await fedWhenARequestGotIn).toBe(1000);
    expect(a.seqs()).toEqual(range(1, 5000));
  });

  it('a consumer that throws is reported by the captures it failed on; the others are still fed', async () => {
    const ok = recorder();
    feed.subscribe({
      reset: () => undefined,
      add: (batch) => {
        if (batch[0].seq === 1001) throw new Error('boom');
      },
    });
    feed.subscribe(ok);
    await append(1200);
    await feed.catchUp();
    expect(errors).toEqual(['a derived view failed on captures 1001-1200: boom']);
    expect(ok.seqs()).toEqual(range(1, 1200));
  });

  it('a read that fails is reported with the captures it lost, and the feed goes on after them', async () => {
    const a = recorder();
    feed.subscribe(a);
    await append(2100);
    const readRun = store.readRun.bind(store);
    vi.spyOn(store, 'readRun').mockImplementation((from, to) => (from === 1000 ? Promise.reject(new Error('EIO: i/o error, read')) : readRun(from, to)));
    await feed.catchUp();
    expect(errors).toEqual(['could not read captures 1001-2000 back for matching and sessions: EIO: i/o error, read']);
    expect(a.seqs()).toEqual([...range(1, 1000), ...range(2001, 2100)]);
    expect(feed.fed).toBe(2100);
  });

  it('a read that fails after a clear is not reported (it read the old log) and the new log is fed', async () => {
    const a = recorder();
    feed.subscribe(a);
    await append(10);
    const readRun = store.readRun.bind(store);
    let failed = false;
    vi.spyOn(store, 'readRun').mockImplementation(async (from, to) => {
      if (failed) return readRun(from, to);
      failed = true;
      feed.reset(); // the log is cleared while this read is under way
      throw new Error('EIO: i/o error, read');
    });
    await feed.catchUp();
    expect(errors).toEqual([]);
    expect(a.log[0]).toBe('reset');
    expect(a.seqs()).toEqual(range(1, 10));
  });

  it('after stop() nothing more is read or scheduled', async () => {
    const a = recorder();
    feed.subscribe(a);
    await feed.catchUp();
    await append(2);
    feed.notify();
    expect(clock.pending()).toBe(1);
    await feed.stop();
    expect(clock.pending()).toBe(0); // the waiting feed is cancelled
    feed.notify();
    expect(clock.pending()).toBe(0);
    await feed.catchUp();
    await settle();
    expect(a.seqs()).toEqual([]);
  });

  it('stop() waits for a read under way, and that read feeds nothing after it', async () => {
    const a = recorder();
    feed.subscribe(a);
    await append(2500);
    void feed.catchUp();
    await feed.stop();
    const fedAtStop = a.seqs().length;
    await settle();
    expect(a.seqs().length).toBe(fedAtStop);
    expect(fedAtStop).toBeLessThan(2500);
  });

  it('tells how far the consumers are through the start-up captures after each read, then null once they have', async () => {
    await append(2500);
    feed.backfill(2500);
    const a = recorder();
    feed.subscribe(a);
    const told: ({ fed: number; total: number; consumersSaw: number } | null)[] = [];
    const asked: (typeof feed.progress)[] = [];
    feed.onProgress((p) => {
      told.push(p && { ...p, consumersSaw: a.seqs().length });
      asked.push(feed.progress);
    });
    await feed.catchUp();
    // After the first and the second read (the third is the last): fed is what the consumers saw.
    expect(told).toEqual([{ fed: 1000, total: 2500, consumersSaw: 1000 }, { fed: 2000, total: 2500, consumersSaw: 2000 }, null]);
    expect(asked).toEqual([{ fed: 1000, total: 2500 }, { fed: 2000, total: 2500 }, undefined]);
    expect(feed.progress).toBeUndefined();
  });

  it('tells nothing of captures that arrived live, however many wait, nor of start-up captures one read covers', async () => {
    const told: unknown[] = [];
    feed.onProgress((p) => told.push(p));
    feed.subscribe(recorder());
    await append(1000);
    feed.backfill(1000);
    await append(1500);
    await feed.catchUp();
    expect(feed.fed).toBe(2500);
    expect(told).toEqual([]);
  });

  it('the start-up captures end at the backfill mark: live ones after them are not counted', async () => {
    await append(2000);
    feed.backfill(2000);
    await append(2500);
    const told: ({ fed: number; total: number } | null)[] = [];
    feed.onProgress((p) => told.push(p));
    feed.subscribe(recorder());
    await feed.catchUp();
    expect(told).toEqual([{ fed: 1000, total: 2000 }, null]);
  });

  it('a clear while the start-up captures are read back ends the progress (null); later captures are live', async () => {
    await append(2500);
    feed.backfill(2500);
    const told: ({ fed: number; total: number } | null)[] = [];
    feed.onProgress((p) => told.push(p));
    feed.subscribe(recorder());
    const done = feed.catchUp();
    while (told.length === 0) await new Promise((r) => setImmediate(r));
    await store.clear();
    feed.reset();
    expect(told.at(-1)).toBeNull();
    expect(feed.progress).toBeUndefined();
    await done;
    await append(2500);
    told.length = 0;
    await feed.catchUp();
    expect(told).toEqual([]);
  });
});
