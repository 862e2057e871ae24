// CaptureStore (src-main/store/capture-store.ts) on its own, on real files in temp dirs, without
// an engine: what the loader makes of every kind of line (and the warnings it gives), seqs after a
// load, reading records back (one, several, a run), messageId lookups, imports, clear, the export
// of a log that holds secrets in clear, and the background load with captures taken meanwhile
// (held at its first read by its own progress callback: no clock) (issue #15).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src-shared/capture';
import { buildCaptures } from '../../src-main/receiver/capture-builder';
import { runIngestJob } from '../../src-main/ingest/ingest-job';
import { CAPTURE_LOG_FILE, type LoadProgress } from '../../src-main/store/capture-store';
import { findingsFor } from '../../src-shared/validate/validate';
import { planFor, type Workspace } from '../../src-shared/workspace';
import { tempDirsPerTest } from '../unit/store/temp-dirs';
import { failNextWrite } from './helpers/fail-next-write';
import { ctx, storesPerTest, T0, tracks, TRACKING, WEBHOOK } from './helpers/capture-store-fixture';

const tempDir = tempDirsPerTest('capture-store');
const { open, openInBackground, close: closeStore } = storesPerTest();

const request = (id: string, at: string, origin: object = TRACKING, headers: object = {}) => JSON.stringify({ request: { requestId: id, receivedAt: at, origin, headers } });
const line = (seq: number, message: object) => `{"seq":${seq},"message":${JSON.stringify(message)}}`;
const AT1 = '2026-11-23T10:00:00.000Z';
const AT2 = '2026-11-23T10:00:01.000Z';

describe('loading the log', () => {
  it('every kind of line: what is loaded, what is skipped and the warning naming it', async () => {
    const dir = tempDir();
    const lines = [
      request('r1', AT1, TRACKING, { h: '1' }), // 1
      line(1, { type: 'track', event: 'One', userId: 'u1', messageId: 'm1' }), // 2
      '   ', // 3: blank, ignored
      'not json', // 4
      JSON.stringify({ request: { receivedAt: 5 } }), // 5
      line(2, { type: 'track', event: 'Orphan' }), // 6: after a bad request line
      request('r2', AT2, { ...TRACKING, endpoint: '/v1/track' }, { h: '2' }), // 7
      line(5, { type: 'track', event: 'Five', messageId: 'm5' }), // 8
      line(3, { type: 'track', event: 'Three', messageId: 'm3' }), // 9: out of order
      JSON.stringify({ seq: 4, message: 'not an object' }), // 10
      '{"seq": 11, "message": {"type": "track", "event": "Spaced", "messageId": "m11"}}', // 11: not as the encoder writes it
      `{"seq":12,"messageIdAssigned":true,"dropReasons":[{"code":"missing-event","message":"no event","path":"event"}],"message":{"type":"track","messageId":"m12"}}`, // 12
      '{"seq":13,"message":{"type":"tra', // 13: torn
    ];
    await writeFile(join(dir, CAPTURE_LOG_FILE), lines.join('\n'));
    const store = await open(dir);
    expect(store.warnings).toEqual([
      expect.stringMatching(/^captures\.ndjson line 4: not valid JSON \(.+\); skipped$/),
      'captures.ndjson line 5: not a request line: "request.receivedAt" must be a string (an ISO date-time), not 5; skipped, with the message lines after it',
      'captures.ndjson line 6: not a captured message: no request line before this message line, and no "receivedAt"/"origin" of its own; skipped',
      'captures.ndjson line 9: seq 3 is out of order; shown as seq 6',
      'captures.ndjson line 10: not a captured message: "message" must be an object (the Segment message), not "not an object"; skipped',
      `captures.ndjson line 13: incomplete last line (${lines[12].length} bytes), probably cut off by a crash mid-write; skipped`,
    ]);
    const summaries = store.index.summariesIn();
    expect(summaries.map((s) => [s.seq, s.name, s.endpoint])).toEqual([
      [1, 'One', '/v1/batch'],
      [5, 'Five', '/v1/track'],
      [6, 'Three', '/v1/track'],
      [11, 'Spaced', '/v1/track'],
      [12, '', '/v1/track'],
    ]);
    expect(store.loadedMessages).toBe(5);
    expect(store.messageCount).toBe(5);
    expect(store.allocateSeq()).toBe(13);
    expect(await store.get(1)).toMatchObject({ seq: 1, requestId: 'r1', receivedAt: AT1, headers: { h: '1' }, message: { event: 'One' } });
    expect(await store.get(6)).toMatchObject({ seq: 6, requestId: 'r2', receivedAt: AT2, headers: { h: '2' }, message: { event: 'Three' } });
    expect(await store.get(12)).toMatchObject({ seq: 12, messageIdAssigned: true, dropReasons: [{ code: 'missing-event' }] });
    expect(await store.get(3)).toBeNull();
    // Texts for searches, whichever form the line had.
    expect(store.index.search('"event":"one"')).toEqual([1]);
    expect(store.index.search('"event":"spaced"')).toEqual([11]);
    expect(store.index.search('spaced", "messageid": "m11"}')).toEqual([11]);
    expect(store.index.search('}')).toEqual([1, 5, 6, 11, 12]);
    expect(store.index.search('"seq"')).toEqual([]);
    // Ids loaded into the de-duplication window at their request's time.
    expect(store.duplicates.has('m1', Date.parse(AT1))).toBe(true);
    expect(store.duplicates.has('m3', Date.parse(AT2))).toBe(true);
    expect(store.duplicates.has('m11', Date.parse(AT2))).toBe(true);
    expect(store.webhookDuplicates.has('m1', Date.parse(AT1))).toBe(false);
  });

  it('reports the first 20 unreadable lines, then how many more were skipped', async () => {
    for (const [bad, more] of [
      [20, undefined],
      [21, 'captures.ndjson: 1 more unreadable lines skipped'],
      [25, 'captures.ndjson: 5 more unreadable lines skipped'],
    ] as const) {
      const dir = tempDir();
      await writeFile(join(dir, CAPTURE_LOG_FILE), Array.from({ length: bad }, (_, i) => `bad ${i}`).join('\n') + '\n');
      const store = await open(dir);
      expect(store.warnings.length, String(bad)).toBe(more === undefined ? 20 : 21);
      expect(store.warnings[19]).toMatch(/^captures\.ndjson line 20: not valid JSON/);
      if (more !== undefined) expect(store.warnings[20]).toBe(more);
    }
  });

  it('lines past the first 20 reported: the skipped ones and the renumbered ones are counted apart', async () => {
    // One line of seq 3 inside 1…30 renumbers every line after it (each seq is now taken): those
    // lines are loaded, under the next seq. The count after the first 20 called them all
    // "unreadable lines skipped", as if 57 of the user's messages had been lost.
    const dir = tempDir();
    const lines = [request('r', AT1)];
    for (let seq = 1; seq <= 30; seq++) {
      lines.push(line(seq, { type: 'track', event: `E${seq}` }));
      if (seq === 4) lines.push(line(3, { type: 'track', event: 'Stray' }));
    }
    for (let i = 0; i < 3; i++) lines.push(`bad ${i}`);
    await writeFile(join(dir, CAPTURE_LOG_FILE), lines.join('\n') + '\n');
    const store = await open(dir);
    expect(store.messageCount).toBe(31);
    expect(store.warnings[0]).toBe('captures.ndjson line 6: seq 3 is out of order; shown as seq 5');
    expect(store.warnings[19]).toBe('captures.ndjson line 25: seq 23 is out of order; shown as seq 24');
    expect(store.warnings.slice(20)).toEqual([
      'captures.ndjson: 7 more lines out of order, each shown under the next seq (nothing of them is lost)',
      'captures.ndjson: 3 more unreadable lines skipped',
    ]);
  });

  it('full records (the older one-line form) carry their own request; a write key in clear is masked when read and in the export', async () => {
    const dir = tempDir();
    const clearKey = { kind: 'tracking', endpoint: '/v1/track', writeKey: 'wk_live_secret_1234', writeKeySource: 'body' };
    const old = { seq: 1, requestId: 'old', receivedAt: AT1, origin: clearKey, headers: { a: 'b' }, messageIdAssigned: false, dropReasons: [], message: { type: 'track', event: 'Old', messageId: 'o1' } };
    const text = [JSON.stringify(old), request('r2', AT2), line(2, { type: 'track', event: 'New', messageId: 'n2' }), ''].join('\n');
    await writeFile(join(dir, CAPTURE_LOG_FILE), text);
    const store = await open(dir);
    expect(store.warnings).toEqual([]);
    const first = await store.get(1);
    expect(first).toMatchObject({ requestId: 'old', receivedAt: AT1, headers: { a: 'b' }, origin: { kind: 'tracking', endpoint: '/v1/track' } });
    expect(JSON.stringify(first)).not.toContain('wk_live_secret_1234');
    expect(await store.get(2)).toMatchObject({ requestId: 'r2', receivedAt: AT2, headers: {} });
    expect(store.index.search('"event":"old"')).toEqual([1]);
    // Only the message is searched, not the record around it.
    expect(store.index.search('"requestid"')).toEqual([]);
    expect(store.index.search('wk_')).toEqual([]);
    const exported = await store.exportText();
    expect(exported).not.toContain('wk_live_secret_1234');
    expect(exported.split('\n').slice(1)).toEqual(text.split('\n').slice(1));
    const streamed = await readAll(await store.exportStream());
    expect(streamed).toBe(exported);
  });

  it('a request line holding a write key in clear: masked in the export; a log without secrets is exported as it is', async () => {
    const dir = tempDir();
    const clearKey = { kind: 'tracking', endpoint: '/v1/batch', writeKey: 'wk_live_other_9876', writeKeySource: 'header' };
    const text = [request('r1', AT1, clearKey), line(1, { type: 'track', event: 'A', messageId: 'a' }), ''].join('\n');
    await writeFile(join(dir, CAPTURE_LOG_FILE), text);
    const store = await open(dir);
    expect(JSON.stringify(await store.get(1))).not.toContain('wk_live_other_9876');
    const exported = await store.exportText();
    expect(exported).not.toContain('wk_live_other_9876');
    expect(JSON.parse(exported.split('\n')[0]).request.origin).toMatchObject({ kind: 'tracking', writeKeyFingerprint: expect.any(String) });
    expect(exported.split('\n').slice(1)).toEqual(text.split('\n').slice(1));

    // After a clear the log holds no secrets: the export is the file itself.
    await store.clear();
    await store.append(buildCaptures(store, tracks('Plain', 1), ctx()));
    const file = await readFile(join(dir, CAPTURE_LOG_FILE), 'utf8');
    expect(await store.exportText()).toBe(file);
    expect(await readAll(await store.exportStream())).toBe(file);

    const plainDir = tempDir();
    const plain = [request('r1', AT1), line(1, { type: 'track', event: 'A' }), ''].join('\n');
    await writeFile(join(plainDir, CAPTURE_LOG_FILE), plain);
    const plainStore = await open(plainDir);
    expect(await plainStore.exportText()).toBe(plain);
  });
});

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return out;
}

describe('reading records back', () => {
  it('getAt keeps the order asked for and leaves out a line that no longer reads as a message; readRun reads a run without findings', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.append(buildCaptures(store, tracks('A', 3), ctx(1)));
    await store.append(buildCaptures(store, tracks('B', 2), ctx(2)));
    expect((await store.getAt([4, 0, 2])).map((c) => c.seq)).toEqual([5, 1, 3]);
    const run = await store.readRun(1, 4);
    expect(run.map((c) => [c.seq, c.message.event, c.headers['x-n'], c.findings])).toEqual([
      [2, 'A 1', '1', []],
      [3, 'A 2', '1', []],
      [4, 'B 0', '2', []],
    ]);
    expect(await store.readRun(2, 2)).toEqual([]);
    expect(await store.readRun(3, 1)).toEqual([]);

    // Line 3 (seq 2) rewritten in place, same length: one unparsable, one not a message.
    const path = join(dir, CAPTURE_LOG_FILE);
    const fileLines = (await readFile(path, 'utf8')).split('\n');
    const bad = fileLines[2];
    fileLines[2] = ' '.repeat(bad.length);
    const otherBad = fileLines[3];
    fileLines[3] = `{"seq":1,"x":${JSON.stringify('y'.repeat(otherBad.length - 16))}}`;
    expect(fileLines[3].length).toBe(otherBad.length);
    await writeFile(path, fileLines.join('\n'));
    expect((await store.readRun(0, 5)).map((c) => c.seq)).toEqual([1, 4, 5]);
    expect((await store.getAt([0, 2, 3, 4])).map((c) => c.seq)).toEqual([1, 4, 5]);
  });

  it('a run of more than 64 KiB reads the same', async () => {
    const store = await open(tempDir());
    await store.append(buildCaptures(store, tracks('Big', 200, { properties: { pad: 'p'.repeat(600) } }), ctx()));
    const run = await store.readRun(0, 200);
    expect(run.map((c) => c.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(run[199].message.event).toBe('Big 199');
    expect((await store.readRun(150, 151))[0].message.event).toBe('Big 150');
  });

  it("a record's findings are those of its source's checks; the account conflict is added where Freshsuccess applies", async () => {
    const store = await open(tempDir());
    const group = (groupId: string) => ({ type: 'group', userId: 'acct-user', groupId, messageId: `g-${groupId}`, traits: { name: 'N' } });
    await store.append(buildCaptures(store, [group('g1'), group('g2'), { type: 'page', userId: 'u', name: 'Home' }], ctx()));
    const auto = await store.get(2);
    expect(auto!.findings.some((f) => f.rule === 'freshsuccess.account.userId.mapping-conflict')).toBe(true);
    const plain: Workspace = { sources: [{ id: 'p', name: 'P', kind: 'provesource', destinations: [], webhook: 'elsewhere' }] };
    store.index.setWorkspace(plain);
    const unconnected = await store.get(2);
    const plan = planFor(plain, {});
    expect(unconnected!.findings).toEqual(findingsFor(unconnected!.message, plan));
    expect(unconnected!.findings.some((f) => f.profile === 'freshsuccess')).toBe(false);
    const page = await store.get(3);
    expect(page!.findings).toEqual(findingsFor(page!.message, plan));
  });
});

describe('messageIds, imports and clear', () => {
  it("seqOfMessageId gives a messageId's latest capture, including captures added after the last lookup", async () => {
    const store = await open(tempDir());
    await store.append(buildCaptures(store, [{ type: 'track', event: 'A', userId: 'u', messageId: 'x' }], ctx(1)));
    expect(store.seqOfMessageId('x')).toBe(1);
    expect(store.seqOfMessageId('y')).toBeUndefined();
    await store.append(buildCaptures(store, [{ type: 'track', event: 'B', userId: 'u', messageId: 'y' }, { type: 'track', event: 'C', userId: 'u', messageId: 'x' }], ctx(2)));
    expect(store.seqOfMessageId('y')).toBe(2);
    expect(store.seqOfMessageId('x')).toBe(3);
    await store.clear();
    expect(store.seqOfMessageId('x')).toBeUndefined();
    await store.append(buildCaptures(store, [{ type: 'track', event: 'D', userId: 'u', messageId: 'x' }], ctx(3)));
    expect(store.seqOfMessageId('x')).toBe(1);
  });

  it('imported captures (rebuildDuplicates) enter the de-duplication windows; live ones are not entered again', async () => {
    const source = await open(tempDir());
    const entries = [...buildCaptures(source, tracks('Imp', 2), ctx(5)), ...buildCaptures(source, tracks('Hook', 1), ctx(6, WEBHOOK))];
    const target = await open(tempDir());
    expect(await target.append(entries, { rebuildDuplicates: true })).toBe(3);
    expect(target.duplicates.has('Imp-0', T0 + 5)).toBe(true);
    expect(target.duplicates.has('Imp-1', T0 + 5)).toBe(true);
    expect(target.duplicates.has('Hook-0', T0 + 6)).toBe(false);
    expect(target.webhookDuplicates.has('Hook-0', T0 + 6)).toBe(true);
    const other = await open(tempDir());
    expect(await other.append(entries)).toBe(3);
    expect(other.duplicates.has('Imp-0', T0 + 5)).toBe(false);
    expect(await other.append([])).toBe(0);
  });

  it('clear empties the index and the windows and numbers from 1 again; appends made meanwhile belong to the emptied log', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.append(buildCaptures(store, tracks('Old', 3), ctx()));
    expect(store.clearCount).toBe(0);
    const stale = store.append(buildCaptures(store, tracks('Stale', 1), ctx()));
    const cleared = store.clear();
    expect(store.clearCount).toBe(1);
    expect(await stale).toBe(0);
    await cleared;
    expect(store.messageCount).toBe(0);
    expect(store.duplicates.has('Old-0', T0)).toBe(false);
    expect(store.allocateSeq()).toBe(1);
    expect(await readFile(join(dir, CAPTURE_LOG_FILE), 'utf8')).toBe('');
  });

  it('an ingested request: seqs in order, duplicates within it and against earlier captures, nothing for an empty one', async () => {
    const store = await open(tempDir());
    await store.append(buildCaptures(store, [{ type: 'track', event: 'E', userId: 'u', messageId: 'seen' }], ctx()));
    const ingest = (batch: JsonObject[]) => {
      const result = runIngestJob({ path: 'batch', body: Buffer.from(JSON.stringify({ batch })), receivedAt: new Date(T0).toISOString(), receivedAtMs: T0 });
      if (!result.ok) throw new Error(result.error);
      return store.appendIngested(result, { requestId: 'r', receivedAt: new Date(T0).toISOString(), receivedAtMs: T0, origin: TRACKING, headers: { k: 'v' } });
    };
    expect(await ingest([])).toBe(0);
    expect(
      await ingest([
        { type: 'track', event: 'A', userId: 'u1', anonymousId: 'a1', messageId: 'seen' },
        { type: 'identify', userId: 'u2', messageId: 'new' },
        { type: 'track', event: 'B', anonymousId: 'a3', messageId: 'new' },
      ]),
    ).toBe(3);
    const rows = store.index.summariesIn();
    expect(rows.map((s) => [s.seq, s.type, s.name, s.userId, s.anonymousId, s.dropCodes])).toEqual([
      [1, 'track', 'E', 'u', undefined, []],
      [2, 'track', 'A', 'u1', 'a1', ['duplicate-message-id']],
      [3, 'identify', '', 'u2', undefined, []],
      [4, 'track', 'B', undefined, 'a3', ['duplicate-message-id']],
    ]);
    expect([1, 2, 3].map((i) => store.index.messageIdAt(i))).toEqual(['seen', 'new', 'new']);
    expect(await store.get(3)).toMatchObject({ seq: 3, requestId: 'r', headers: { k: 'v' }, message: { type: 'identify', userId: 'u2' } });
    expect(store.index.search('"anonymousid":"a3"')).toEqual([4]);
    expect(store.seqOfMessageId('new')).toBe(4);
  });
});

describe('the background load', () => {
  /** A log of `n` tracks (about 700 bytes each), written through a store and closed. */
  async function filledLog(n: number): Promise<string> {
    const dir = tempDir();
    const s = await open(dir);
    for (let i = 0; i < n; i += 250) await s.append(buildCaptures(s, tracks(`L${i}`, Math.min(250, n - i), { properties: { pad: 'x'.repeat(600) } }), ctx(i)));
    await closeStore(s);
    return dir;
  }

  it('an empty log: loaded at once, no progress', async () => {
    const store = await openInBackground(tempDir());
    expect(store.loadProgress).toBeUndefined();
    await store.loaded;
    expect(store.allocateSeq()).toBe(1);
  });

  it('nothing loads until startLoading; captures taken meanwhile join after the loaded ones; a messageId is checked against what has loaded so far', async () => {
    const dir = await filledLog(1000);
    const size = (await readFile(join(dir, CAPTURE_LOG_FILE))).length;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let reached!: (p: LoadProgress) => void;
    const firstRead = new Promise<LoadProgress>((r) => (reached = r));
    const seen: LoadProgress[] = [];
    const store = await openInBackground(dir, (p) => {
      seen.push(p);
      if (seen.length > 1) return undefined;
      reached(p);
      return released;
    });
    expect(store.loadProgress).toEqual({ loadedBytes: 0, totalBytes: size, messages: 0 });
    // The next seq is known from the log's last line before anything is loaded.
    const early = buildCaptures(store, [{ type: 'track', event: 'Early', userId: 'e', messageId: 'early-id' }], ctx(9));
    expect(early[0].capture.seq).toBe(1001);
    store.startLoading();
    store.startLoading(); // a second call does nothing
    const first = await firstRead;
    expect(first.totalBytes).toBe(size);
    expect(first.loadedBytes).toBeGreaterThan(0);
    expect(first.loadedBytes).toBeLessThan(size);
    expect(first.messages).toBeGreaterThan(0);
    expect(store.loadProgress).toEqual(first);
    // 'L0-0' is in the first read: a duplicate; 'L750-249' (the last line) has not loaded yet.
    const during = buildCaptures(store, [{ type: 'track', event: 'During', userId: 'd', messageId: 'L0-1' }, { type: 'track', event: 'Late', userId: 'd', messageId: 'L750-249' }], ctx(10));
    expect(during.map((e) => e.capture.dropReasons.map((r) => r.code))).toEqual([['duplicate-message-id'], []]);
    expect(await store.append(early)).toBe(1);
    expect(await store.append(during)).toBe(2);
    expect(store.messageCount).toBeLessThan(1000);
    release();
    await store.loaded;
    expect(store.loadProgress).toBeUndefined();
    expect(store.loadedMessages).toBe(1000);
    expect(store.warnings).toEqual([]);
    expect(seen.at(-1)).toEqual({ loadedBytes: size, totalBytes: size, messages: 1000 });
    const rows = store.index.summariesIn();
    expect(rows.slice(998).map((s) => [s.seq, s.name])).toEqual([
      [999, 'L750 248'],
      [1000, 'L750 249'],
      [1001, 'Early'],
      [1002, 'During'],
      [1003, 'Late'],
    ]);
    expect((await store.get(1002))!.message.event).toBe('During');
    // The arrivals joined the loaded window: their ids are duplicates from now on.
    const after = buildCaptures(store, [{ type: 'track', event: 'Again', userId: 'a', messageId: 'early-id' }, { type: 'track', event: 'New', userId: 'a', messageId: 'fresh' }, { type: 'track', event: 'Old', userId: 'a', messageId: 'L500-3' }], ctx(11));
    expect(after.map((e) => e.capture.dropReasons.map((r) => r.code))).toEqual([['duplicate-message-id'], [], ['duplicate-message-id']]);
    expect(after[0].capture.seq).toBe(1004);
  });

  // A seq past 2^53 (a hand edit, a digit gone wrong) read as 9007199254740992, and every later
  // capture was numbered 9007199254740992 too: one seq for many messages.
  it('a seq past the largest exact integer is renumbered, and captures after it number on, each its own', async () => {
    for (const background of [false, true]) {
      const dir = tempDir();
      await writeFile(join(dir, CAPTURE_LOG_FILE), [request('r', AT1), line(1, { type: 'track', event: 'One' }), '{"seq":9007199254740993,"message":{"type":"track","event":"Big"}}', ''].join('\n'));
      const store = background ? await openInBackground(dir) : await open(dir);
      const arrivals = buildCaptures(store, tracks('New', 2), ctx());
      expect(await store.append(arrivals)).toBe(2);
      if (background) {
        store.startLoading();
        await store.loaded;
      }
      expect(store.warnings, String(background)).toEqual(['captures.ndjson line 3: seq 9007199254740993 is past 9007199254740991, the largest whole number read exactly; shown as seq 2']);
      expect(store.index.summariesIn().map((s) => [s.seq, s.name]), String(background)).toEqual([
        [1, 'One'],
        [2, 'Big'],
        [3, 'New 0'],
        [4, 'New 1'],
      ]);
      await closeStore(store);
    }
  });

  it('a log edited out of order: captures taken while loading still number after every loaded one', async () => {
    const dir = tempDir();
    await writeFile(join(dir, CAPTURE_LOG_FILE), [request('r', AT1), line(10, { type: 'track', event: 'Ten' }), line(3, { type: 'track', event: 'Three' }), ''].join('\n'));
    const store = await openInBackground(dir);
    const arrivals = buildCaptures(store, tracks('New', 2), ctx());
    expect(arrivals.map((e) => e.capture.seq)).toEqual([4, 5]);
    expect(await store.append(arrivals)).toBe(2);
    store.startLoading();
    await store.loaded;
    expect(store.warnings).toEqual(['captures.ndjson line 3: seq 3 is out of order; shown as seq 11']);
    expect(store.index.summariesIn().map((s) => [s.seq, s.name])).toEqual([
      [10, 'Ten'],
      [11, 'Three'],
      [12, 'New 0'],
      [13, 'New 1'],
    ]);
    expect(store.allocateSeq()).toBe(14);
  });

  it('an ingested request taken while loading also follows the loaded ones', async () => {
    const dir = tempDir();
    await writeFile(join(dir, CAPTURE_LOG_FILE), [request('r', AT1), line(10, { type: 'track', event: 'Ten', messageId: 'ten' }), line(3, { type: 'track', event: 'Three' }), ''].join('\n'));
    const store = await openInBackground(dir);
    const result = runIngestJob({ path: 'batch', body: Buffer.from(JSON.stringify({ batch: tracks('Ing', 2) })), receivedAt: AT2, receivedAtMs: Date.parse(AT2) });
    if (!result.ok) throw new Error(result.error);
    expect(await store.appendIngested(result, { requestId: 'ri', receivedAt: AT2, receivedAtMs: Date.parse(AT2), origin: TRACKING, headers: {} })).toBe(2);
    expect(store.messageCount).toBe(0);
    store.startLoading();
    await store.loaded;
    expect(store.index.summariesIn().map((s) => [s.seq, s.name])).toEqual([
      [10, 'Ten'],
      [11, 'Three'],
      [12, 'Ing 0'],
      [13, 'Ing 1'],
    ]);
    expect((await store.get(13))!.message.event).toBe('Ing 1');
    expect(store.duplicates.has('Ing-1', Date.parse(AT2))).toBe(true);
    expect(store.duplicates.has('ten', Date.parse(AT1))).toBe(true);
  });

  it('closed before it started: the load stops at once and nothing is reported', async () => {
    const dir = await filledLog(10);
    const store = await openInBackground(dir);
    await closeStore(store);
    expect(store.warnings).toEqual([]);
    await store.loaded;
  });

  it('a clear while loading waits for the load, then empties everything', async () => {
    const dir = await filledLog(10);
    const store = await openInBackground(dir);
    store.startLoading();
    await store.clear();
    expect(store.messageCount).toBe(0);
    expect(store.allocateSeq()).toBe(1);
    expect(await readFile(join(dir, CAPTURE_LOG_FILE), 'utf8')).toBe('');
  });
});


describe('a failed append', () => {
  it('takes its new ids out of the window they entered (not those that were duplicates already), webhook or not', async () => {
    const store = await open(tempDir());
    await store.append(buildCaptures(store, [{ type: 'track', event: 'E', userId: 'u', messageId: 'kept' }], ctx()));
    await store.append(buildCaptures(store, [{ type: 'track', event: 'E', userId: 'u', messageId: 'hook-kept' }], ctx(0, WEBHOOK)));
    failNextWrite(store);
    await expect(store.append(buildCaptures(store, [{ type: 'track', event: 'E', userId: 'u', messageId: 'kept' }, { type: 'track', event: 'E', userId: 'u', messageId: 'lost' }], ctx(1)))).rejects.toThrow(/ENOSPC/);
    expect(store.duplicates.has('kept', T0 + 1)).toBe(true);
    expect(store.duplicates.has('lost', T0 + 1)).toBe(false);
    failNextWrite(store);
    await expect(store.append(buildCaptures(store, [{ type: 'track', event: 'E', userId: 'u', messageId: 'hook-kept' }, { type: 'track', event: 'E', userId: 'u', messageId: 'hook-lost' }], ctx(1, WEBHOOK)))).rejects.toThrow(/ENOSPC/);
    expect(store.webhookDuplicates.has('hook-kept', T0 + 1)).toBe(true);
    expect(store.webhookDuplicates.has('hook-lost', T0 + 1)).toBe(false);
    expect(store.messageCount).toBe(2);
  });

  it('an import that fails leaves the windows alone (its ids had not entered them)', async () => {
    const source = await open(tempDir());
    const entries = buildCaptures(source, tracks('Imp', 2), ctx());
    const store = await open(tempDir());
    await store.append(buildCaptures(store, [{ type: 'track', event: 'E', userId: 'u', messageId: 'Imp-0' }], ctx()));
    failNextWrite(store);
    await expect(store.append(entries, { rebuildDuplicates: true })).rejects.toThrow(/ENOSPC/);
    expect(store.duplicates.has('Imp-0', T0)).toBe(true);
  });

  it('one that fails after a clear leaves the emptied log’s window alone', async () => {
    const store = await open(tempDir());
    failNextWrite(store);
    const failing = store.append(buildCaptures(store, [{ type: 'track', event: 'E', userId: 'u', messageId: 'x' }], ctx()));
    const cleared = store.clear();
    // Captured after the clear with the same id: it stays in the new window.
    const again = buildCaptures(store, [{ type: 'track', event: 'E', userId: 'u', messageId: 'x' }], ctx());
    await expect(failing).rejects.toThrow(/ENOSPC/);
    await cleared;
    expect(store.duplicates.has('x', T0)).toBe(true);
    expect(await store.append(again)).toBe(1);
  });

  it('an ingested request that fails after a clear leaves the new window alone too', async () => {
    const store = await open(tempDir());
    const result = runIngestJob({ path: 'batch', body: Buffer.from(JSON.stringify({ batch: [{ type: 'track', event: 'E', userId: 'u', messageId: 'y' }] })), receivedAt: new Date(T0).toISOString(), receivedAtMs: T0 });
    if (!result.ok) throw new Error(result.error);
    failNextWrite(store);
    const failing = store.appendIngested(result, { requestId: 'r', receivedAt: new Date(T0).toISOString(), receivedAtMs: T0, origin: TRACKING, headers: {} });
    const cleared = store.clear();
    buildCaptures(store, [{ type: 'track', event: 'E', userId: 'u', messageId: 'y' }], ctx());
    await expect(failing).rejects.toThrow(/ENOSPC/);
    await cleared;
    expect(store.duplicates.has('y', T0)).toBe(true);
  });
});

describe('the export of a log holding secrets in clear', () => {
  it('masks invalid signatures kept in clear, leaves other lines as they are, and streams a large log in pieces', async () => {
    const dir = tempDir();
    const hook = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'invalid', received: 'a'.repeat(40) } };
    const many = Array.from({ length: 300 }, (_, i) => line(i + 2, { type: 'track', event: `Pad ${i}`, pad: 'p'.repeat(400) }));
    const text = [request('r1', AT1, hook), line(1, { type: 'track', event: 'Hook' }), '{"writeKey": not json', request('r2', AT2), ...many, ''].join('\n');
    await writeFile(join(dir, CAPTURE_LOG_FILE), text);
    const store = await open(dir);
    expect(store.messageCount).toBe(301);
    const exported = await store.exportText();
    expect(exported).not.toContain('a'.repeat(40));
    expect(JSON.parse(exported.split('\n')[0]).request.origin.signature).toEqual({ status: 'invalid', received: '[redacted: 40 hex digits]' });
    expect(exported.split('\n').slice(1)).toEqual(text.split('\n').slice(1));
    const pieces: string[] = [];
    for await (const chunk of await store.exportStream()) pieces.push(String(chunk));
    expect(pieces.join('')).toBe(exported);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.slice(0, -1).every((p) => p.length >= 64 * 1024)).toBe(true);
  });

  it('an export the log is cleared under fails instead of ending early as if the log were short', async () => {
    const dir = tempDir();
    const many = Array.from({ length: 2000 }, (_, i) => line(i + 1, { type: 'track', event: `Pad ${i}`, pad: 'p'.repeat(400) }));
    await writeFile(join(dir, CAPTURE_LOG_FILE), [request('r1', AT1), ...many, ''].join('\n'));
    const store = await open(dir);
    const read = async () => {
      let n = 0;
      for await (const chunk of await store.exportStream()) {
        if (n++ === 0) await store.clear();
        void chunk;
      }
      return n;
    };
    await expect(read()).rejects.toThrow('the capture log was cleared while it was being exported');
    // An export after the clear is whole again (empty).
    let text = '';
    for await (const chunk of await store.exportStream()) text += String(chunk);
    expect(text).toBe('');
  });
});
