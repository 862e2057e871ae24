// CaptureStore (src-main/store/capture-store.ts): what the mutation run over the rest of the file
// (issue #15: the appends, the background load, reading back) found no test for, beside
// capture-store-rules.test.ts. Real files in temp dirs, no engine; expected values written by hand.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureOrigin, JsonObject } from '../../src-shared/capture';
import { buildCaptures } from '../../src-main/receiver/capture-builder';
import { runIngestJob } from '../../src-main/ingest/ingest-job';
import { CAPTURE_LOG_FILE, CaptureStore } from '../../src-main/store/capture-store';
import { tempDirsPerTest } from '../unit/store/temp-dirs';
import { failNextWrite } from './helpers/fail-next-write';
import { ctx, storesPerTest, T0, tracks, TRACKING, WEBHOOK } from './helpers/capture-store-fixture';

const tempDir = tempDirsPerTest('capture-store-rest');
const { open, openInBackground, close: closeStore } = storesPerTest();
const AT0 = '2026-11-23T10:00:00.000Z';
const AT1 = '2026-11-23T10:00:01.000Z';
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
  it('captures of one append keep their own request: a new one whenever the id, time, origin or headers differ, as the file has it after a restart', async () => {
    const dir = tempDir();
    const store = await open(dir);
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
    // The parts (the JSON the log writes) with them, as every caller builds them.
    entries.forEach((e, i) => {
      Object.assign(e.capture, { requestId: fields[i][0], receivedAt: fields[i][1], origin: fields[i][2], headers: fields[i][3] });
      Object.assign(e.parts, { originJson: JSON.stringify(fields[i][2]), headersJson: JSON.stringify(fields[i][3]) });
    });
    expect(await store.append(entries)).toBe(6);
    const expected = [
      [1, 'A', AT0, '/v1/track', '1'],
      [2, 'A', AT0, '/v1/track', '2'],
      [3, 'A', AT0, '/v1/page', '2'],
      [4, 'A', AT1, '/v1/page', '2'],
      [5, 'B', AT1, '/v1/page', '2'],
      [6, 'B', AT1, '/v1/page', '2'],
    ];
    const read = async (s: CaptureStore) => (await s.getAt([0, 1, 2, 3, 4, 5])).map((c) => [c.seq, c.requestId, c.receivedAt, c.origin.endpoint, c.headers.h]);
    expect(await read(store)).toEqual(expected);
    // Five request lines, the last request's two messages under one.
    expect((await readFile(join(dir, CAPTURE_LOG_FILE), 'utf8')).match(/^\{"request"/gm)).toHaveLength(5);
    await closeStore(store);
    expect(await read(await open(dir))).toEqual(expected);
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

describe('ingested requests', () => {
  const req = { requestId: 'r', receivedAt: AT0, receivedAtMs: T0, origin: TRACKING, headers: {} };

  it("a duplicate's drop reason names its own messageId", async () => {
    const store = await open(tempDir());
    await store.appendIngested(ingested([{ type: 'track', event: 'A', userId: 'u', messageId: 'first' }]), req);
    expect(
      await store.appendIngested(
        ingested([
          { type: 'track', event: 'B', userId: 'user-b', anonymousId: 'anon-b', messageId: 'other' },
          { type: 'track', event: 'C', userId: 'user-c', messageId: 'first' },
        ]),
        req,
      ),
    ).toBe(2);
    expect((await store.get(3))!.dropReasons).toEqual([
      { code: 'duplicate-message-id', message: 'a message with the same messageId "first" was already received within the last 24 hours', path: 'messageId' },
    ]);
    expect((await store.get(2))!.dropReasons).toEqual([]);
  });

  it('one that fails takes its new ids out of the window, not those that were duplicates already', async () => {
    expect(ingested([{ type: 'track', userId: 'u', messageId: 'x' }]).dropReasons[0].map((d) => d.code)).toEqual(['missing-event']);
    const store = await open(tempDir());
    await store.appendIngested(ingested([{ type: 'track', event: 'A', userId: 'u', messageId: 'kept' }]), req);
    failNextWrite(store);
    await expect(
      store.appendIngested(
        ingested([
          { type: 'track', event: 'B', userId: 'u', messageId: 'kept' },
          { type: 'track', event: 'C', userId: 'u', messageId: 'lost' },
          { type: 'track', userId: 'u', messageId: 'lost-too' }, // dropped for another reason: no event
        ]),
        req,
      ),
    ).rejects.toThrow(/ENOSPC/);
    expect(store.duplicates.has('kept', T0)).toBe(true);
    expect(store.duplicates.has('lost', T0)).toBe(false);
    expect(store.duplicates.has('lost-too', T0)).toBe(false);
    expect(store.messageCount).toBe(1);
  });

  it('one whose write ends after a clear belongs to the emptied log: not indexed', async () => {
    const store = await open(tempDir());
    const pending = store.appendIngested(ingested(tracks('P', 2)), req);
    const cleared = store.clear();
    expect(await pending).toBe(0);
    await cleared;
    expect(store.messageCount).toBe(0);
    expect(store.index.search('"p 0"')).toEqual([]);
  });

  it("a row's search text ends with its message: not the line's closing brace", async () => {
    const store = await open(tempDir());
    await store.appendIngested(ingested([{ type: 'track', event: 'E', userId: 'u', messageId: 'z1' }]), req);
    await store.append(buildCaptures(store, [{ type: 'track', event: 'F', userId: 'u', messageId: 'z2' }], ctx()));
    // The receiver puts receivedAt last in each message; the line closes after it.
    const lines = (await readFile(store.path, 'utf8')).split('\n');
    expect(lines[1].endsWith(`"messageId":"z1","receivedAt":"${AT0}"}}`)).toBe(true);
    expect(lines[3].endsWith(`"messageId":"z2","receivedAt":"${AT0}"}}`)).toBe(true);
    expect(store.index.search('"z1","receivedat"')).toEqual([1]);
    expect(store.index.search('.000z"}')).toEqual([1, 2]);
    expect(store.index.search('.000z"}}')).toEqual([]);
  });
});

describe('the background load', () => {
  it('an ingested message whose id was loaded already is a duplicate while the load goes on', async () => {
    const dir = await filledLog(1000);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const firstRead = new Promise<void>((r) => (reached = r));
    let calls = 0;
    const store = await openInBackground(dir, () => {
      if (++calls > 1) return undefined;
      reached();
      return released;
    });
    store.startLoading();
    await firstRead;
    const batch = [
      { type: 'track', event: 'X', userId: 'user-x', anonymousId: 'anon-x', messageId: 'L0-1' },
      { type: 'track', event: 'Y', userId: 'user-y', messageId: 'fresh' },
    ];
    expect(await store.appendIngested(ingested(batch, AT1), { requestId: 'ri', receivedAt: AT1, receivedAtMs: T0 + 1000, origin: TRACKING, headers: {} })).toBe(2);
    release();
    await store.loaded;
    expect(store.index.summariesIn(1000).map((s) => [s.seq, s.name, s.dropCodes])).toEqual([
      [1001, 'X', ['duplicate-message-id']],
      [1002, 'Y', []],
    ]);
  });

  it('a log past the size at which the index is sized for the whole file loads every row, arrivals after it, each readable and found', async () => {
    // 8,000 tracks of about 700 bytes: 5.6 MB, past the 4 MB read before the columns are sized.
    const dir = await filledLog(8000);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const halfway = new Promise<void>((r) => (reached = r));
    const store = await openInBackground(dir, (p) => {
      if (p.loadedBytes < 4.5 * (1 << 20)) return undefined;
      reached();
      return released;
    });
    store.startLoading();
    await halfway;
    await store.append(buildCaptures(store, tracks('Late', 3), ctx(9000)));
    release();
    await store.loaded;
    expect(store.index.size).toBe(8003);
    const seqs = store.index.summariesIn().map((s) => s.seq);
    expect(seqs).toEqual(Array.from({ length: 8003 }, (_, i) => i + 1));
    const [first, middle, last, late] = await store.getAt([0, 4321, 7999, 8002]);
    expect([first.message.event, middle.message.event, last.message.event, late.message.event]).toEqual(['L0 0', 'L4250 71', 'L7750 249', 'Late 2']);
    expect(store.index.search('l7750 249')).toEqual([8000]);
    expect(store.index.search('late 1')).toEqual([8002]);
    expect(store.index.search('"event":"l0 0"')).toEqual([1]);
  });

  it('the next seq is read from the last seq line, past a last line that is not one', async () => {
    const dir = tempDir();
    const request = JSON.stringify({ request: { requestId: 'r', receivedAt: AT0, origin: TRACKING, headers: {} } });
    await writeFile(join(dir, CAPTURE_LOG_FILE), [request, '{"seq":7,"message":{"type":"track","event":"S"}}', 'not a line of the log', ''].join('\n'));
    const store = await openInBackground(dir);
    const early = buildCaptures(store, [{ type: 'track', event: 'Early', userId: 'e' }], ctx());
    expect(early[0].capture.seq).toBe(8);
    store.startLoading();
    await store.loaded;
    expect(store.warnings.length).toBe(1);
    expect(store.allocateSeq()).toBe(9);
  });

  it('closed before it started: nothing past the first read is loaded', async () => {
    const dir = await filledLog(1000);
    const store = await openInBackground(dir);
    await closeStore(store);
    expect(store.messageCount).toBeGreaterThan(0);
    expect(store.messageCount).toBeLessThan(1000);
    expect(store.loadedMessages).toBe(0);
  });

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
    // The first run is the whole lines of the first 256 KiB (1 << 18) read.
    const firstRunEnd = (await readFile(join(dir, CAPTURE_LOG_FILE))).subarray(0, 1 << 18).lastIndexOf(0x0a) + 1;
    expect(firstRunEnd).toBeLessThan(1 << 18);
    expect(store.warnings).toEqual([`${CAPTURE_LOG_FILE}: reading it stopped at byte ${firstRunEnd} (progress failed); what was read is shown`]);
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

describe('reading a record back', () => {
  it("under a source's explicit checks its findings are worked out again: those of its partner's catalog too", async () => {
    const store = await open(tempDir());
    await store.append(buildCaptures(store, [{ type: 'track', event: 'Not In Any Catalog', userId: 'u', messageId: 'm' }], ctx(0, WEBHOOK)));
    const auto = await store.get(1);
    expect(auto!.findings.some((f) => f.profile === 'provesource')).toBe(false);
    store.index.setWorkspace({ sources: [{ id: 'p', name: 'P', kind: 'provesource', destinations: [], webhook: 'pf' }] });
    const explicit = await store.get(1);
    expect(explicit!.findings.some((f) => f.profile === 'provesource')).toBe(true);
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
  it('of a log holding a write key in clear: only that request line is rewritten, other lines naming "writeKey" stay byte for byte', async () => {
    const dir = tempDir();
    const clearKey = { kind: 'tracking', endpoint: '/v1/track', writeKey: 'wk_live_clear_5555', writeKeySource: 'body' };
    const spaced = '{"seq": 1, "message": {"type": "track", "event": "A", "properties": {"writeKey": "not a key", "received": 1}}}';
    const text = [JSON.stringify({ request: { requestId: 'r', receivedAt: AT0, origin: clearKey, headers: {} } }), spaced, ''].join('\n');
    await writeFile(join(dir, CAPTURE_LOG_FILE), text);
    const store = await open(dir);
    const exported = (await store.exportText()).split('\n');
    expect(exported[0]).not.toContain('wk_live_clear_5555');
    expect(exported.slice(1)).toEqual([spaced, '']);
  });

  it('is the log as it was when the export began: captures written while it streams are not in it (under steady ingest it never ended)', async () => {
    const dir = await filledLog(500);
    const store = await open(dir);
    const atStart = await readFile(join(dir, CAPTURE_LOG_FILE));
    const stream = await store.exportStream();
    expect(await store.append(buildCaptures(store, tracks('late', 3), ctx(1)))).toBe(3);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(atStart)).toBe(true);
    // The late ones are in the next export.
    const exported = await store.exportText();
    expect(exported.startsWith(atStart.toString())).toBe(true);
    expect(exported.split('\n').filter((l) => l.includes('"event":"late')).length).toBe(3);
  });

  it('a log without secrets whose last line is torn is exported byte for byte', async () => {
    const dir = tempDir();
    const text = `${JSON.stringify({ request: { requestId: 'r', receivedAt: AT0, origin: TRACKING, headers: {} } })}\n{"seq":1,"message":{"type":"track","event":"A"}}\n`;
    // The cut request (never answered) is moved out of the log on open (torn-request.test.ts).
    await writeFile(join(dir, CAPTURE_LOG_FILE), `${text}${JSON.stringify({ request: { requestId: 'r2', receivedAt: AT0, origin: TRACKING, headers: {} } })}\n{"seq":2,"mess`);
    const store = await open(dir);
    expect(store.messageCount).toBe(1);
    expect(await store.exportText()).toBe(text);
    expect(await store.append([])).toBe(0);
    expect(await store.appendIngested(ingested([]), { requestId: 'r', receivedAt: AT0, receivedAtMs: T0, origin: TRACKING, headers: {} })).toBe(0);
    expect(await store.exportText()).toBe(text);
  });
});
