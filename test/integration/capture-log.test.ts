// The capture log survives restart; torn and bad lines are skipped and reported, never fatal;
// clear, export and import.
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src-shared/api';
import type { CapturedMessage, MessageSummary } from '../../src-shared/capture';
import { startTestEngine, postJson, type TestEngine } from './helpers/engine';
import { manualClock } from './helpers/manual-clock';
import { writeKeyFingerprint } from '../../src-main/store/write-key';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const batchOf = (n: number, prefix: string) => ({
  batch: Array.from({ length: n }, (_, i) => ({ type: 'track', userId: `u${i}`, event: `${prefix} ${i}`, messageId: `${prefix}-${i}`, properties: { i } })),
});

describe('capture log', () => {
  it('writes each message before answering, and keeps everything across a restart with seqs preserved', async () => {
    t = await startTestEngine();
    const res = await postJson(`${t.engine.url}/v1/batch`, batchOf(3, 'first'));
    expect(res.status).toBe(200);
    // On disk as soon as the answer is out: no waiting.
    const lines = (await readFile(join(t.dataDir, 'captures.ndjson'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(4); // the request line, then its messages
    expect(JSON.parse(lines[0]).request.origin.endpoint).toBe('/v1/batch');
    expect(lines.slice(1).map((l) => (JSON.parse(l) as CapturedMessage).message.event)).toEqual(['first 0', 'first 1', 'first 2']);
    await postJson(`${t.engine.url}/v1/track`, { userId: 'x', event: 'single' });
    const before = await t.engine.call('messages.list', undefined);
    const fullBefore = await t.engine.call('messages.get', { seq: 2 });

    const engine = await t.restart();
    const after = await engine.call('messages.list', undefined);
    expect(after).toEqual(before);
    expect(after.map((s) => s.seq)).toEqual([1, 2, 3, 4]);
    expect(await engine.call('messages.get', { seq: 2 })).toEqual(fullBefore);
    expect(engine.info().storeWarnings).toEqual([]);
    // Duplicate index rebuilt: the same messageId again is flagged.
    await postJson(`${engine.url}/v1/track`, { userId: 'u1', event: 'again', messageId: 'first-1' });
    const dup = await engine.call('messages.get', { seq: 5 });
    expect(dup?.dropReasons.map((r) => r.code)).toContain('duplicate-message-id');
  });

  it('skips and reports a torn last line, then appends on a fresh line', async () => {
    t = await startTestEngine();
    await postJson(`${t.engine.url}/v1/batch`, batchOf(2, 'ok'));
    await t.engine.close();
    const file = join(t.dataDir, 'captures.ndjson');
    await appendFile(file, '{"seq":3,"requestId":"r","receivedAt":"2026-01-01T00:00:00Z","message":{"type":"tra');
    const engine = await t.restart();
    expect(engine.info().messageCount).toBe(2);
    const warnings = engine.info().storeWarnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/line 4: incomplete last line .*crash/);
    expect(t.logged.some((l) => l.includes('line 4: incomplete last line'))).toBe(true);
    const pushed: EngineEvent[] = [];
    // Load-time warnings are replayed to each new subscriber: wait for that push, not for time.
    // (The clock's state may be pushed too, as sessions are derived from the loaded log.)
    await new Promise<void>((resolve) =>
      engine.subscribe((e) => {
        if (e.name !== 'store.warning') return;
        pushed.push(e);
        resolve();
      }),
    );
    expect(pushed).toEqual([{ name: 'store.warning', payload: { message: warnings[0] } }]);

    await postJson(`${engine.url}/v1/track`, { userId: 'u', event: 'after crash' });
    const text = await readFile(file, 'utf8');
    const lastLine = text.trimEnd().split('\n').at(-1)!;
    expect((JSON.parse(lastLine) as CapturedMessage).message.event).toBe('after crash');
    const got = await engine.call('messages.get', { seq: 3 });
    expect(got?.message.event).toBe('after crash');

    // And the next start still loads everything, reporting the old torn line as a bad line.
    const again = await t.restart();
    expect(again.info().messageCount).toBe(3);
    expect(again.info().storeWarnings[0]).toMatch(/line 4: not valid JSON/);
  });

  it('torn tail, new capture, second restart: every message keeps its own request (origin, requestId, headers)', async () => {
    t = await startTestEngine();
    const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
    expect((await postJson(`${t.engine.url}/v1/batch`, batchOf(2, 'first'), basic('wk-first-AAAA'))).status).toBe(200);
    expect((await postJson(`${t.engine.url}/webhook/pf`, { type: 'track', userId: 'w', event: 'hooked' })).status).toBe(200);
    await t.engine.close();
    // A crash mid-write: the file ends inside a message line of a request never answered (moved out
    // of the log on start: torn-request.test.ts).
    await appendFile(join(t.dataDir, 'captures.ndjson'), `${JSON.stringify({ request: { requestId: 'cut', receivedAt: '2026-01-01T00:00:00.000Z', origin: { kind: 'tracking', endpoint: '/v1/batch' }, headers: {} } })}\n{"seq":4,"message":{"type":"tra`);
    let engine = await t.restart();
    expect(engine.info().messageCount).toBe(3);
    expect((await postJson(`${engine.url}/v1/track`, { userId: 'late', event: 'after crash' }, basic('wk-second-BBBB'))).status).toBe(200);
    expect((await postJson(`${engine.url}/v1/batch`, batchOf(2, 'last'), basic('wk-third-CCCC'))).status).toBe(200);
    const seqs = (await engine.call('messages.list', undefined)).map((s) => s.seq);
    expect(seqs).toHaveLength(6);
    const before = await Promise.all(seqs.map((seq) => engine.call('messages.get', { seq })));
    // Write keys are kept masked, with a fingerprint telling them apart (#13.8).
    const who = (c: CapturedMessage | null) => [c?.message.event, c?.origin.endpoint, c?.origin.kind === 'tracking' ? c.origin.writeKeyFingerprint : c?.origin.kind];
    expect(before.map(who)).toEqual([
      ['first 0', '/v1/batch', writeKeyFingerprint('wk-first-AAAA')],
      ['first 1', '/v1/batch', writeKeyFingerprint('wk-first-AAAA')],
      ['hooked', '/webhook/pf', 'webhook'],
      ['after crash', '/v1/track', writeKeyFingerprint('wk-second-BBBB')],
      ['last 0', '/v1/batch', writeKeyFingerprint('wk-third-CCCC')],
      ['last 1', '/v1/batch', writeKeyFingerprint('wk-third-CCCC')],
    ]);
    // Four requests, four requestIds: messages share one only when they came in the same request.
    expect(new Set(before.map((c) => c!.requestId)).size).toBe(4);
    expect(before[0]!.requestId).toBe(before[1]!.requestId);
    expect(before[4]!.requestId).toBe(before[5]!.requestId);

    engine = await t.restart();
    expect(engine.info().messageCount).toBe(6);
    const after = await Promise.all(seqs.map((seq) => engine.call('messages.get', { seq })));
    expect(after.map(who)).toEqual(before.map(who));
    expect(after.map((c) => [c!.requestId, c!.receivedAt, c!.headers])).toEqual(before.map((c) => [c!.requestId, c!.receivedAt, c!.headers]));
    expect(after).toEqual(before);
    // The torn request left the log at the first restart: nothing is left to report.
    expect(engine.info().storeWarnings).toEqual([]);
  });

  it('reports bad lines in the middle by line number and loads the rest', async () => {
    t = await startTestEngine();
    await postJson(`${t.engine.url}/v1/batch`, batchOf(2, 'a'));
    await t.engine.close();
    const file = join(t.dataDir, 'captures.ndjson');
    const [r, l1, l2] = (await readFile(file, 'utf8')).trimEnd().split('\n');
    await writeFile(file, `${r}\n${l1}\nnot json\n{"seq":9}\n\n${l2}\n{"request":{"origin":{}}}\n{"seq":10,"message":{}}\n`);
    const engine = await t.restart();
    expect(engine.info().messageCount).toBe(2);
    expect(engine.info().storeWarnings).toEqual([
      expect.stringMatching(/line 3: not valid JSON/),
      expect.stringMatching(/line 4: not a captured message: "message" must be an object \(the Segment message\); the line has none; skipped/),
      expect.stringMatching(/line 7: not a request line: "request.receivedAt" must be a string \(an ISO date-time\); the line has none; skipped/),
      expect.stringMatching(/line 8: not a captured message: no request line before this message line/),
    ]);
    expect((await engine.call('messages.get', { seq: 2 }))?.message.event).toBe('a 1');
  });

  it('warns of a request line whose messagesFrom was edited to a non-number, by line, and loads its messages', async () => {
    t = await startTestEngine();
    await postJson(`${t.engine.url}/v1/batch`, batchOf(1, 'a'));
    await postJson(`${t.engine.url}/v1/batch`, batchOf(1, 'b'));
    await t.engine.close();
    const file = join(t.dataDir, 'captures.ndjson');
    const [r1, m1, r2, m2] = (await readFile(file, 'utf8')).trimEnd().split('\n');
    // Read as 0 without a word before (the import refuses such a line).
    await writeFile(file, `${r1}\n${m1}\n${r2.replace(/}$/, ',"messagesFrom":"1"}')}\n${m2}\n`);
    const engine = await t.restart();
    expect(engine.info().messageCount).toBe(2);
    expect(engine.info().storeWarnings).toEqual([
      'captures.ndjson line 3: "messagesFrom" must be a whole number, 0 or more (the place in its request of the message line after it), not "1"; its message lines are counted from the request\'s first, so a warning about a key written twice may be given to the wrong one of them',
    ]);
    expect((await engine.call('messages.get', { seq: 2 }))?.message.event).toBe('b 0');
  });

  it('clears (file truncated, event pushed), exports and imports NDJSON with a bad line', async () => {
    t = await startTestEngine();
    const events: EngineEvent[] = [];
    t.engine.subscribe((e) => events.push(e));
    await postJson(`${t.engine.url}/v1/batch`, batchOf(3, 'exp'));
    const exported = await t.engine.call('messages.export', undefined);
    expect(exported.trimEnd().split('\n')).toHaveLength(4);
    const exportedFull = await t.engine.call('messages.get', { seq: 2 }); // 'exp 1'
    const viaHttp = await fetch(`${t.engine.url}/api/export`);
    expect(viaHttp.headers.get('content-type')).toContain('ndjson');
    expect(await viaHttp.text()).toBe(exported);

    await t.engine.call('messages.clear', undefined);
    expect((await stat(join(t.dataDir, 'captures.ndjson'))).size).toBe(0);
    expect(await t.engine.call('messages.list', undefined)).toEqual([]);
    expect(events.some((e) => e.name === 'messages.cleared')).toBe(true);

    await postJson(`${t.engine.url}/v1/track`, { userId: 'kept', event: 'kept before import' });
    const [requestLine, ...lines] = exported.trimEnd().split('\n');
    const raw = JSON.stringify({ type: 'identify', userId: 'raw-user', traits: { email: 'r@example.com' } });
    // An export of the older form: one full record per line.
    const oldForm = JSON.stringify({ ...JSON.parse(requestLine).request, seq: 77, messageIdAssigned: false, dropReasons: [], message: { type: 'track', userId: 'o', event: 'old form' } });
    const ndjson = [requestLine, lines[0], '{broken', lines[1], raw, '[1,2]', lines[2], oldForm].join('\n');
    const result = await t.engine.call('messages.import', { ndjson });
    expect(result.imported).toBe(5);
    expect(result.errors.map((e) => e.line)).toEqual([3, 6]);
    expect(result.errors[0].message).toMatch(/not valid JSON/);
    const list = await t.engine.call('messages.list', undefined);
    expect(list.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(list.map((s) => s.name)).toEqual(['kept before import', 'exp 0', 'exp 1', 'r@example.com', 'exp 2', 'old form']);
    const { seq: _s, ...exportedRest } = exportedFull!;
    expect(await t.engine.call('messages.get', { seq: 3 })).toEqual({ ...exportedRest, seq: 3 });
    expect((await t.engine.call('messages.get', { seq: 6 }))?.origin).toEqual(exportedFull!.origin);
    // Imported rows are on disk too.
    const imported = await Promise.all([1, 2, 3, 4, 5, 6].map((seq) => t!.engine.call('messages.get', { seq })));
    const engine = await t.restart();
    expect(engine.info().messageCount).toBe(6);
    expect(await Promise.all([1, 2, 3, 4, 5, 6].map((seq) => engine.call('messages.get', { seq })))).toEqual(imported);
  });

  it('batches messages.added events on the engine clock: captures before a flush are one push', async () => {
    const clock = manualClock();
    t = await startTestEngine({ clock });
    const added: number[][] = [];
    t.engine.subscribe((e) => {
      if (e.name === 'messages.added') added.push(e.payload.map((s) => s.seq));
    });
    // Five requests answered (so stored) while the clock stands still: nothing pushed yet.
    await Promise.all(Array.from({ length: 5 }, (_, i) => postJson(`${t!.engine.url}/v1/track`, { userId: 'u', event: `e${i}` })));
    expect(added).toEqual([]);
    clock.advance(0); // the leading edge: the first capture's flush is due at once
    expect(added).toEqual([[1, 2, 3, 4, 5]]);
    // The next flush waits until 50 ms after the last one, however many arrive meanwhile.
    await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'e5' });
    await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'e6' });
    clock.advance(49);
    expect(added).toEqual([[1, 2, 3, 4, 5]]);
    clock.advance(1);
    expect(added).toEqual([[1, 2, 3, 4, 5], [6, 7]]);
  });

  it('pushes each row once, as messages.list shows it, and starts again after a clear', async () => {
    t = await startTestEngine();
    const pushed: MessageSummary[] = [];
    t.engine.subscribe((e) => {
      if (e.name === 'messages.added') pushed.push(...e.payload);
    });
    const pushedWaiters = new Set<() => void>();
    t.engine.subscribe(() => pushedWaiters.forEach((w) => w()));
    /** Resolves once the push that carries the last stored row has arrived. */
    const settle = async () => {
      const last = (await t!.engine.call('messages.list', undefined)).at(-1)!.seq;
      await new Promise<void>((resolve) => {
        const check = () => {
          if (!pushed.some((p) => p.seq === last)) return;
          pushedWaiters.delete(check);
          resolve();
        };
        pushedWaiters.add(check);
        check();
      });
    };
    await postJson(`${t.engine.url}/v1/batch`, { batch: [{ type: 'track', userId: 'u-1', event: 'A' }, { type: 'identify', anonymousId: 'a-2', traits: { email: 'x@y.co' } }] });
    await postJson(`${t.engine.url}/webhook/hook`, { type: 'track', userId: 'u-3', event: 'B' });
    await settle();
    expect(pushed).toEqual(await t.engine.call('messages.list', undefined));
    expect(pushed.map((s) => [s.seq, s.name, s.userId ?? s.anonymousId])).toEqual([
      [1, 'A', 'u-1'],
      [2, 'x@y.co', 'a-2'],
      [3, 'B', 'u-3'],
    ]);
    await t.engine.call('messages.clear', undefined);
    pushed.length = 0;
    await postJson(`${t.engine.url}/v1/track`, { userId: 'u-4', event: 'C' });
    await settle();
    expect(pushed.map((s) => [s.seq, s.name])).toEqual([[1, 'C']]);
  });
});
