// CaptureStore (src-main/store/capture-store.ts): what the mutation run over the rest of the file
// (issue #15: the appends, the background load, reading back) found no test for, beside
// capture-store-rules.test.ts. Real files in temp dirs, no engine; expected values written by hand.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaptureOrigin, JsonObject } from '../../src-shared/capture';
import { buildCaptures } from '../../src-main/receiver/capture-builder';
import { runIngestJob } from '../../src-main/ingest/ingest-job';
import { CAPTURE_LOG_FILE, CaptureStore, type LoadProgress } from '../../src-main/store/capture-store';
import { tempDirsPerTest } from '../unit/store/temp-dirs';

const tempDir = tempDirsPerTest('capture-store-rest');
const stores: CaptureStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

const T0 = Date.UTC(2026, 10, 23, 10);
const AT0 = '2026-11-23T10:00:00.000Z';
const AT1 = '2026-11-23T10:00:01.000Z';
const TRACKING: CaptureOrigin = { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'none' };
const WEBHOOK: CaptureOrigin = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } };
const ctx = (n = 0, origin: CaptureOrigin = TRACKING) => ({ receivedAtMs: T0 + n, origin, headers: { 'x-n': String(n) } });
const tracks = (tag: string, n: number, extra: JsonObject = {}): JsonObject[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'track', userId: `u${i}`, event: `${tag} ${i}`, messageId: `${tag}-${i}`, ...extra }));

async function open(dir: string): Promise<CaptureStore> {
  const s = await CaptureStore.open(dir);
  stores.push(s);
  return s;
}
async function openInBackground(dir: string, onProgress?: (p: LoadProgress) => void | Promise<void>): Promise<CaptureStore> {
  const s = await CaptureStore.openInBackground(dir, onProgress);
  stores.push(s);
  return s;
}
/** A log of `n` tracks (about 700 bytes each), written through a store and closed. */
async function filledLog(n: number): Promise<string> {
  const dir = tempDir();
  const s = await CaptureStore.open(dir);
  for (let i = 0; i < n; i += 250) await s.append(buildCaptures(s, tracks(`L${i}`, Math.min(250, n - i), { properties: { pad: 'x'.repeat(600) } }), ctx(i)));
  await s.close();
  return dir;
}
function ingested(batch: JsonObject[], at = AT0) {
  const result = runIngestJob({ path: 'batch', body: Buffer.from(JSON.stringify({ batch })), receivedAt: at, receivedAtMs: Date.parse(at) });
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe('appends', () => {
  it('captures of one append keep their own request: a new one whenever the id, time, origin or headers object differs', async () => {
    const store = await open(tempDir());
    const entries = buildCaptures(store, tracks('R', 6), ctx());
    const O1: CaptureOrigin = { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none' };
    const O2: CaptureOrigin = { kind: 'tracking', endpoint: '/v1/page', writeKeySource: 'none' };
    const H1 = { h: '1' };
    const H2 = { h: '2' };
    const fields: [string, string, CaptureOrigin, Record<string, string>][] = [
      ['A', AT0, O1, H1],
      ['A', AT0, O1, H2], // other headers
      ['A', AT0, O2, H2], // other origin
      ['A', AT1, O2, H2], // other time
      ['B', AT1, O2, H2], // other request id
      ['B', AT1, O2, H2], // the same request
    ];
    entries.forEach((e, i) => Object.assign(e.capture, { requestId: fields[i][0], receivedAt: fields[i][1], origin: fields[i][2], headers: fields[i][3] }));
    expect(await store.append(entries)).toBe(6);
    const got = await store.getAt([0, 1, 2, 3, 4, 5]);
    expect(got.map((c) => [c.seq, c.requestId, c.receivedAt, c.origin.endpoint, c.headers.h])).toEqual([
      [1, 'A', AT0, '/v1/track', '1'],
      [2, 'A', AT0, '/v1/track', '2'],
      [3, 'A', AT0, '/v1/page', '2'],
      [4, 'A', AT1, '/v1/page', '2'],
      [5, 'B', AT1, '/v1/page', '2'],
      [6, 'B', AT1, '/v1/page', '2'],
    ]);
  });

  it('an ingested request read while the log was cleared is not stored; one of the current log is', async () => {
    const store = await open(tempDir());
    const req = (clearCount?: number) => ({ requestId: 'r', receivedAt: AT0, receivedAtMs: T0, origin: TRACKING, headers: {}, ...(clearCount === undefined ? {} : { clearCount }) });
    expect(await store.appendIngested(ingested(tracks('A', 2)), req(0))).toBe(2);
    await store.clear();
    expect(await store.appendIngested(ingested(tracks('B', 2)), req(0))).toBe(0);
    expect(store.messageCount).toBe(0);
    expect(await readFile(store.path, 'utf8')).toBe('');
    expect(await store.appendIngested(ingested(tracks('C', 1)), req(1))).toBe(1);
    expect(await store.appendIngested(ingested(tracks('D', 1)), req())).toBe(1);
    expect(store.index.summariesIn().map((s) => [s.seq, s.name])).toEqual([
      [1, 'C 0'],
      [2, 'D 0'],
    ]);
  });
});

describe('the background load', () => {
  it('a progress callback that throws stops the load: a warning says where, what was read is shown, arrivals follow', async () => {
    const dir = await filledLog(1000);
    let calls = 0;
    const store = await openInBackground(dir, () => {
      calls++;
      throw new Error('progress failed');
    });
    const early = buildCaptures(store, [{ type: 'track', event: 'Early', userId: 'e', messageId: 'early-id' }], ctx(9));
    expect(await store.append(early)).toBe(1);
    store.startLoading();
    await store.loaded;
    expect(calls).toBe(1);
    // The first read is 256 KiB (1 << 18).
    expect(store.warnings).toEqual([`${CAPTURE_LOG_FILE}: reading it stopped at byte 262144 (progress failed); what was read is shown`]);
    expect(store.loadProgress).toBeUndefined();
    const rows = store.index.summariesIn();
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.length).toBeLessThan(1000);
    expect(rows[0]).toMatchObject({ seq: 1, name: 'L0 0' });
    expect(rows.at(-1)).toMatchObject({ seq: 1001, name: 'Early' });
    expect(store.loadedMessages).toBe(rows.length - 1);
    expect(store.duplicates.has('early-id', T0 + 9)).toBe(true);
  });

  it('a webhook delivery taken while loading joins the webhook window once loaded, a track the tracking one', async () => {
    const dir = await filledLog(10);
    const store = await openInBackground(dir);
    await store.append(buildCaptures(store, [{ type: 'track', event: 'Hook', userId: 'h', messageId: 'hook-id' }], ctx(20, WEBHOOK)));
    await store.append(buildCaptures(store, [{ type: 'track', event: 'Track', userId: 't', messageId: 'track-id' }], ctx(21)));
    store.startLoading();
    await store.loaded;
    expect(store.index.summariesIn().slice(10).map((s) => [s.seq, s.name, s.origin])).toEqual([
      [11, 'Hook', 'webhook'],
      [12, 'Track', 'tracking'],
    ]);
    expect(store.webhookDuplicates.has('hook-id', T0 + 20)).toBe(true);
    expect(store.duplicates.has('hook-id', T0 + 20)).toBe(false);
    expect(store.duplicates.has('track-id', T0 + 21)).toBe(true);
    expect(store.webhookDuplicates.has('track-id', T0 + 21)).toBe(false);
  });
});

describe('loading the log', () => {
  it('an id whose request time does not parse stays out of the window; the ids after it are timed as usual', async () => {
    const dir = tempDir();
    const request = (id: string, at: string) => JSON.stringify({ request: { requestId: id, receivedAt: at, origin: TRACKING, headers: {} } });
    const lines = [request('r1', 'not a time'), '{"seq":1,"message":{"type":"track","event":"A","messageId":"m1"}}', request('r2', AT1), '{"seq":2,"message":{"type":"track","event":"B","messageId":"m2"}}', ''];
    await writeFile(join(dir, CAPTURE_LOG_FILE), lines.join('\n'));
    const store = await open(dir);
    expect(store.messageCount).toBe(2);
    expect(store.duplicates.has('m2', T0 + 1000)).toBe(true);
    expect(store.duplicates.has('m1', T0 + 1000)).toBe(false);
  });
});

describe('the export', () => {
  it('a log without secrets whose last line is torn is exported byte for byte', async () => {
    const dir = tempDir();
    const text = `${JSON.stringify({ request: { requestId: 'r', receivedAt: AT0, origin: TRACKING, headers: {} } })}\n{"seq":1,"message":{"type":"track","event":"A"}}\n{"seq":2,"mess`;
    await writeFile(join(dir, CAPTURE_LOG_FILE), text);
    const store = await open(dir);
    expect(store.messageCount).toBe(1);
    expect(await store.exportText()).toBe(text);
  });
});
