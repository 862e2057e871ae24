// GET /api/messages/wait's parts, in-process over a real capture log: its query parameters,
// the positions /api/messages keeps for a `match` (chunked reads, the newest `limit`), and how a
// wait names its filter in an answer. The waits themselves over HTTP: wait-for.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { WAIT_MAX_MS } from '../../src-shared/api';
import { CaptureStore } from '../../src-main/store/capture-store';
import { RegexTooSlowError } from '../../src-main/web/regex-time-limit';
import { matchingPositions, takeWaitParams, waitForMessages } from '../../src-main/web/wait';

const ORIGIN = { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none' } as const;
let dir: string;
let store: CaptureStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eventbench-wait-'));
  store = await CaptureStore.open(dir);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Appends tracks to the log as ingest does: event "e<seq>", properties.n = seq % 2. */
async function append(n: number): Promise<void> {
  await appendMessages(Array.from({ length: n }, () => undefined));
}

/** Appends these messages (or, for undefined, the track `append` makes) and answers their seqs. */
async function appendMessages(list: (Record<string, unknown> | undefined)[]): Promise<number[]> {
  const entries = [];
  for (const given of list) {
    const seq = store.allocateSeq();
    const message = given ?? { type: 'track', event: `e${seq}`, userId: 'u', messageId: `m-${seq}`, properties: { n: seq % 2 } };
    const capture: CapturedMessage = { seq, requestId: `r-${seq}`, receivedAt: '2026-01-01T00:00:00.000Z', origin: ORIGIN, headers: {}, message, messageIdAssigned: false, dropReasons: [], findings: [] };
    entries.push({ capture, parts: { messageJson: JSON.stringify(message), originJson: JSON.stringify(ORIGIN), headersJson: '{}' } });
  }
  await store.append(entries);
  return entries.map((e) => e.capture.seq);
}

describe('takeWaitParams', () => {
  const take = (qs: string) => takeWaitParams(new URLSearchParams(qs));

  it('takes count, timeoutMs and settleMs out of the query, with their defaults, and leaves the filters', () => {
    const params = new URLSearchParams('count=2&timeoutMs=100&settleMs=0&event=E');
    expect(takeWaitParams(params)).toEqual({ count: 2, timeoutMs: 100, settleMs: 0 });
    expect([...params.keys()]).toEqual(['event']);
    expect(take('')).toEqual({ count: 1, timeoutMs: 5000, settleMs: 0 });
    expect(take(`timeoutMs=${WAIT_MAX_MS}&settleMs=${WAIT_MAX_MS}`)).toEqual({ count: 1, timeoutMs: WAIT_MAX_MS, settleMs: WAIT_MAX_MS });
  });

  it('names a parameter given twice, one that is not a whole number, one past the maximum, and count=0 without settleMs', () => {
    expect(take('count=1&count=5')).toBe('count is given more than once; give it once (filters combine with AND, one value each)');
    expect(take('count=x5')).toBe('count must be a whole number, not "x5"');
    expect(take('count=5x')).toBe('count must be a whole number, not "5x"');
    expect(take('timeoutMs=-1')).toBe('timeoutMs must be a whole number, not "-1"');
    expect(take(`settleMs=${WAIT_MAX_MS + 1}`)).toBe(`settleMs must be at most 120,000 ms, not "${WAIT_MAX_MS + 1}"`);
    expect(take(`timeoutMs=${WAIT_MAX_MS + 1}`)).toBe(`timeoutMs must be at most 120,000 ms, not "${WAIT_MAX_MS + 1}"`);
    expect(take('count=0')).toBe('count=0 asserts that nothing matching arrives: give settleMs, how long to watch');
    expect(take('count=0&settleMs=10')).toEqual({ count: 0, timeoutMs: 5000, settleMs: 10 });
  });
});

describe('matchingPositions', () => {
  it('reads the payloads in chunks past 1,000 and keeps the newest `limit` of those that match', async () => {
    await append(2500);
    const odd = await matchingPositions(store, { match: { properties: { n: 1 } } });
    expect(odd).toHaveLength(1250);
    expect(odd[0]).toBe(0);
    expect(odd.at(-1)).toBe(2498);
    const newest = await matchingPositions(store, { match: { properties: { n: 1 } }, limit: 3 });
    expect(newest).toEqual([2494, 2496, 2498]);
    // A limit the matches do not reach: all of them.
    expect(await matchingPositions(store, { match: { event: 'e7' }, limit: 3 })).toEqual([6]);
    expect(await matchingPositions(store, { match: { properties: { n: 1 } }, limit: 1250 })).toHaveLength(1250);
    expect(await matchingPositions(store, { match: { properties: { n: 1 } }, limit: 1251 })).toHaveLength(1250);
    // The index's filters apply before the match (not the limit: it is for the matches).
    expect(await matchingPositions(store, { match: { properties: { n: 1 } }, afterSeq: 2495 })).toEqual([2496, 2498]);
    expect(await matchingPositions(store, { match: { properties: { n: 1 } }, afterSeq: 10, limit: 2 })).toEqual([2496, 2498]);
  });
});

describe('waitForMessages: the filter named in the answer', () => {
  const req = undefined as unknown as IncomingMessage; // not read: these answers come from the first scan
  it('names every filter but limit and match, joined; "any" when there is none', async () => {
    await append(2);
    const none = async (filter: object) => ((await waitForMessages(store, filter, { count: 0, timeoutMs: 5000, settleMs: 1000 }, () => () => undefined, req)).body as { error: string }).error;
    expect(await none({})).toBe('2 messages matching (any) were captured; expected none');
    expect(await none({ limit: 1 })).toBe('2 messages matching (any) were captured; expected none');
    expect(await none({ type: 'track', userId: 'u', match: { type: 'track' } })).toBe('2 messages matching (type=track, userId=u) were captured; expected none');
    expect(await none({ event: 'e1' })).toBe('1 message matching (event=e1) was captured; expected none');
  });
});

/** Reads of the store under way (each scan of a wait reads once; scans chain one after another). */
let reading = 0;
/** Run once, after the next read and before the wait gets its answer (a capture landing mid-scan). */
let duringRead: (() => Promise<void>) | undefined;
/** Watches the store's reads (beforeEach of the waits' tests), for `harness().scanned()`. */
function watchReads() {
  reading = 0;
  duringRead = undefined;
  const getAt = store.getAt.bind(store);
  vi.spyOn(store, 'getAt').mockImplementation(async (positions) => {
    reading++;
    try {
      const out = await getAt(positions);
      const during = duringRead;
      duringRead = undefined;
      if (during) await during();
      return out;
    } finally {
      reading--;
    }
  });
}

/**
 * The engine's ingest notifications by hand (`arrived()` is what each ingested request does), and a
 * request as the wait reads it ('close', `readableEnded`, its socket's `destroyed`). `scanned()`
 * resolves once the wait listens to the request and no scan is under way: a scan chained after
 * another starts in the same turn the one before ends, so no read under way at a setImmediate
 * means the wait has read all there was. A test steps the wait that way instead of sleeping.
 */
function harness(readableEnded = true) {
  const listeners = new Set<() => void>();
  const req = Object.assign(new EventEmitter(), { readableEnded, socket: { destroyed: false } });
  return {
    onIngest: (l: () => void) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    arrived: () => {
      for (const l of [...listeners]) l();
    },
    listening: () => listeners.size,
    req: req as unknown as IncomingMessage,
    /** The request's 'close' as Node emits it (the listener count: whether the wait still listens). */
    close: () => req.emit('close'),
    closeListeners: () => req.listenerCount('close'),
    socket: req.socket,
    scanned: async () => {
      do await new Promise((done) => setImmediate(done));
      while (reading > 0 || req.listenerCount('close') === 0);
    },
  };
}
type Answer = { status: number; body: { error: string; matched: CapturedMessage[]; nearMisses: (CapturedMessage & { differences: string[] })[] } };
const seqsOf = (list: CapturedMessage[]) => list.map((c) => c.seq);

describe('waitForMessages: waking, scanning and ending', () => {
  beforeEach(watchReads);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers once enough have arrived, woken by each ingest; stops listening to ingest and the request when it answers', async () => {
    const h = harness();
    await appendMessages([{ type: 'track', event: 'E', userId: 'a' }]);
    const waiting = waitForMessages(store, { event: 'E' }, { count: 3, timeoutMs: WAIT_MAX_MS, settleMs: 0 }, h.onIngest, h.req);
    await h.scanned();
    expect([h.listening(), h.closeListeners()]).toEqual([1, 1]);
    await appendMessages([{ type: 'track', event: 'E', userId: 'b' }, { type: 'track', event: 'F', userId: 'a' }]);
    h.arrived();
    await h.scanned();
    await appendMessages([{ type: 'track', event: 'E', userId: 'c' }]);
    h.arrived();
    const r = (await waiting) as Answer;
    expect(r.status).toBe(200);
    expect(seqsOf(r.body as unknown as CapturedMessage[])).toEqual([1, 2, 4]);
    expect([h.listening(), h.closeListeners()]).toEqual([0, 0]);
  });

  it('a capture that lands while the first scan reads is scanned next and answers the wait at once', async () => {
    const h = harness();
    await appendMessages([{ type: 'track', event: 'E', userId: 'a' }]);
    duringRead = async () => {
      await appendMessages([{ type: 'track', event: 'E', userId: 'b' }]);
      h.arrived();
    };
    const r = (await waitForMessages(store, { event: 'E' }, { count: 2, timeoutMs: WAIT_MAX_MS, settleMs: 0 }, h.onIngest, h.req)) as Answer;
    expect([r.status, seqsOf(r.body as unknown as CapturedMessage[])]).toEqual([200, [1, 2]]);
  });

  it('each scan reads only what arrived since the last: a message already counted is not counted again; the answer counts every candidate', async () => {
    const h = harness(false);
    await appendMessages([{ type: 'track', event: 'E', userId: 'a' }]);
    const waiting = waitForMessages(store, { event: 'E', match: { userId: 'a' } }, { count: 2, timeoutMs: WAIT_MAX_MS, settleMs: 0 }, h.onIngest, h.req);
    await h.scanned();
    await appendMessages([{ type: 'track', event: 'E', userId: 'b' }, { type: 'track', event: 'F', userId: 'a' }]);
    h.arrived();
    await h.scanned();
    h.arrived(); // nothing new: seq 1 must not count twice
    await h.scanned();
    h.close(); // the client went away (readableEnded false below): the wait ends with what it has
    const r = (await waiting) as Answer;
    expect(r.status).toBe(408);
    expect(r.body.error).toBe('2 messages (event=E) arrived, 1 has {"userId":"a"}; expected at least 2; nearest: #2: userId is "b", expected "a"');
    expect(seqsOf(r.body.matched)).toEqual([1]);
  });

  it('the nearest misses: the three closest, fewest differences first, then the newest; each the capture with its differences', async () => {
    const h = harness(false);
    const match = { userId: 'a', properties: { x: 1, y: 2 } };
    await appendMessages([
      { type: 'track', event: 'E', userId: 'b', properties: { x: 1, y: 2 } }, // 1 difference
      { type: 'track', event: 'E', userId: 'b', properties: { x: 0, y: 0 } }, // 3
    ]);
    const waiting = waitForMessages(store, { event: 'E', match }, { count: 1, timeoutMs: WAIT_MAX_MS, settleMs: 0 }, h.onIngest, h.req);
    await h.scanned();
    await appendMessages([
      { type: 'track', event: 'E', userId: 'a', properties: { x: 0, y: 2 } }, // 1
      { type: 'track', event: 'E', userId: 'b', properties: { x: 0, y: 2 } }, // 2
      { type: 'track', event: 'E', userId: 'c', properties: { x: 5, y: 5 } }, // 3
    ]);
    h.arrived();
    await h.scanned();
    h.close();
    const r = (await waiting) as Answer;
    expect(r.status).toBe(408);
    expect(r.body.nearMisses.map((n) => [n.seq, n.message.userId, n.differences])).toEqual([
      [3, 'a', ['properties.x is 0, expected 1']],
      [1, 'b', ['userId is "b", expected "a"']],
      [4, 'b', ['userId is "b", expected "a"', 'properties.x is 0, expected 1']],
    ]);
    expect(r.body.error).toBe(
      '5 messages (event=E) arrived, 0 have {"userId":"a","properties":{"x":1,"y":2}}; expected at least 1; nearest: #3: properties.x is 0, expected 1; #1: userId is "b", expected "a"; #4: userId is "b", expected "a", properties.x is 0, expected 1',
    );
    expect(r.body.matched).toEqual([]);
  });

  it('the log cleared while waiting: what was counted before is forgotten, and what arrives after is read from the start', async () => {
    const h = harness(false);
    await appendMessages([{ type: 'track', event: 'E', userId: 'a' }, { type: 'track', event: 'E', userId: 'b' }, { type: 'track', event: 'E', userId: 'a' }]);
    const waiting = waitForMessages(store, { event: 'E', match: { userId: 'a' } }, { count: 3, timeoutMs: WAIT_MAX_MS, settleMs: 0 }, h.onIngest, h.req);
    await h.scanned();
    await store.clear();
    await appendMessages([{ type: 'track', event: 'E', userId: 'a' }, { type: 'track', event: 'E', userId: 'c' }]);
    h.arrived();
    await h.scanned();
    h.close();
    const r = (await waiting) as Answer;
    expect(r.body.error).toBe('2 messages (event=E) arrived, 1 has {"userId":"a"}; expected at least 3; nearest: #2: userId is "c", expected "a"');
    expect(r.body.matched.map((c) => [c.seq, c.message.userId])).toEqual([[1, 'a']]);
    expect(r.body.nearMisses.map((n) => n.message.userId)).toEqual(['c']);
  });

  it("the request's close ends the wait only when the client went away: its body not read to the end, or its socket destroyed", async () => {
    // A GET's 'close' also comes once its (empty) body is read, the socket still open: the wait goes on.
    const h = harness(true);
    const waiting = waitForMessages(store, { event: 'E' }, { count: 1, timeoutMs: WAIT_MAX_MS, settleMs: 0 }, h.onIngest, h.req);
    await h.scanned();
    h.close();
    await appendMessages([{ type: 'track', event: 'E', userId: 'a' }]);
    h.arrived();
    expect(((await waiting) as Answer).status).toBe(200);

    const gone = harness(true);
    const cut = waitForMessages(store, { event: 'F' }, { count: 1, timeoutMs: WAIT_MAX_MS, settleMs: 0 }, gone.onIngest, gone.req);
    await gone.scanned();
    gone.socket.destroyed = true;
    gone.close();
    const r = (await cut) as Answer;
    expect([r.status, r.body.error]).toEqual([408, `0 messages (event=F) arrived within ${WAIT_MAX_MS} ms; expected at least 1`]);
    expect([gone.listening(), gone.closeListeners()]).toEqual([0, 0]);
  });

  it('times out when too few arrive: what did, in words that agree with the count', async () => {
    const h = harness();
    await appendMessages([{ type: 'track', event: 'E', userId: 'a' }]);
    const r = (await waitForMessages(store, { event: 'E' }, { count: 2, timeoutMs: 10, settleMs: 0 }, h.onIngest, h.req)) as Answer;
    expect([r.status, r.body.error, seqsOf(r.body.matched), r.body.nearMisses]).toEqual([408, '1 message (event=E) arrived within 10 ms; expected at least 2', [1], []]);
    const one = (await waitForMessages(store, { event: 'E', match: { userId: 'a' } }, { count: 2, timeoutMs: 10, settleMs: 0 }, h.onIngest, h.req)) as Answer;
    expect(one.body.error).toBe('1 message (event=E) arrived, 1 has {"userId":"a"}; expected at least 2');
    expect([h.listening(), h.closeListeners()]).toEqual([0, 0]);
  });

  it('count=0 watches for settleMs (not timeoutMs): 200 and nothing when none arrives, 409 as soon as one does', async () => {
    const h = harness();
    await appendMessages([{ type: 'track', event: 'F', userId: 'a' }]);
    const quiet = (await waitForMessages(store, { event: 'E' }, { count: 0, timeoutMs: WAIT_MAX_MS, settleMs: 10 }, h.onIngest, h.req)) as Answer;
    expect([quiet.status, quiet.body]).toEqual([200, []]);

    const h2 = harness();
    const waiting = waitForMessages(store, { event: 'E' }, { count: 0, timeoutMs: 10, settleMs: WAIT_MAX_MS }, h2.onIngest, h2.req);
    await h2.scanned();
    await appendMessages([{ type: 'track', event: 'E', userId: 'a' }]);
    h2.arrived();
    const r = (await waiting) as Answer;
    expect([r.status, r.body.error, seqsOf(r.body.matched)]).toEqual([409, `a message matching (event=E) arrived within ${WAIT_MAX_MS} ms; expected none`, [2]]);
    expect([h.listening(), h.closeListeners(), h2.listening(), h2.closeListeners()]).toEqual([0, 0, 0, 0]);
  });

  it('a scan that fails (a /regex/ stopped for taking too long) ends the wait with its error, first scan or later, and stops listening', async () => {
    const slow = { event: '/(a+)+$/' };
    const nearMiss = { type: 'track', event: `${'a'.repeat(40)}!`, userId: 'u' };
    const h = harness();
    const waiting = waitForMessages(store, { match: slow }, { count: 1, timeoutMs: WAIT_MAX_MS, settleMs: 0 }, h.onIngest, h.req);
    const failed = expect(waiting).rejects.toThrow(RegexTooSlowError);
    await h.scanned();
    await appendMessages([nearMiss]);
    h.arrived();
    await failed;
    expect([h.listening(), h.closeListeners()]).toEqual([0, 0]);

    await expect(waitForMessages(store, { match: slow }, { count: 1, timeoutMs: WAIT_MAX_MS, settleMs: 0 }, h.onIngest, h.req)).rejects.toThrow(/ran for over .* on message #1/);
    expect([h.listening(), h.closeListeners()]).toEqual([0, 0]);
  });
});
