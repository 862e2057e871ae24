// GET /api/messages/wait's parts, in-process over a real capture log: its query parameters,
// the positions /api/messages keeps for a `match` (chunked reads, the newest `limit`), and how a
// wait names its filter in an answer. The waits themselves over HTTP: wait-for.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { WAIT_MAX_MS } from '../../src-shared/api';
import { CaptureStore } from '../../src-main/store/capture-store';
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
  const entries = [];
  for (let i = 0; i < n; i++) {
    const seq = store.allocateSeq();
    const message = { type: 'track', event: `e${seq}`, userId: 'u', messageId: `m-${seq}`, properties: { n: seq % 2 } };
    const capture: CapturedMessage = { seq, requestId: `r-${seq}`, receivedAt: '2026-01-01T00:00:00.000Z', origin: ORIGIN, headers: {}, message, messageIdAssigned: false, dropReasons: [], findings: [] };
    entries.push({ capture, parts: { messageJson: JSON.stringify(message), originJson: JSON.stringify(ORIGIN), headersJson: '{}' } });
  }
  await store.append(entries);
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
    expect(take(`settleMs=${WAIT_MAX_MS + 1}`)).toBe(`timeoutMs and settleMs are at most ${WAIT_MAX_MS} ms`);
    expect(take(`timeoutMs=${WAIT_MAX_MS + 1}`)).toBe(`timeoutMs and settleMs are at most ${WAIT_MAX_MS} ms`);
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
