// Restarts with what a crash, a hand edit or another version leaves in the data dir: the engine
// starts, says what it could not take and where, and goes on with the rest.
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, postJson, startTestEngine, type TestEngine } from './helpers/engine';
import { manualClock } from './helpers/manual-clock';

const APP_KEY = 'app_key_restart_audit';
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A stand-in for Segment that accepts every batch and records its messageIds. */
async function fakeSegment(): Promise<{ url: string; ids: string[] }> {
  const ids: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      for (const m of (JSON.parse(body) as { batch: { messageId: string }[] }).batch) ids.push(m.messageId);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, ids };
}

const batch = (prefix: string, n: number) => ({ batch: Array.from({ length: n }, (_, i) => ({ type: 'track', userId: 'u', event: 'E', messageId: `${prefix}-${i + 1}` })), writeKey: APP_KEY });

describe('restarting on what was left in the data dir', { timeout: 60_000 }, () => {
  it('forwarding.json of another shape: named by source and field at start-up; the status answers and forwarding goes on', async () => {
    const segment = await fakeSegment();
    const t: TestEngine = await startTestEngine();
    cleanup.push(() => t.dispose());
    const workspace = { sources: [{ id: 'app', name: 'App', kind: 'custom', writeKey: APP_KEY, destinations: [], forward: { to: segment.url, writeKey: 'seg_key_audit' } }] };
    expect((await fetch(`${t.engine.url}/api/workspace`, { method: 'PUT', body: JSON.stringify(workspace) })).status).toBe(200);
    expect((await postJson(`${t.engine.url}/v1/batch`, batch('old', 2))).status).toBe(200);
    await eventually(t.engine, async () => (await t.engine.call('forward.status', undefined))[0]?.forwarded === 2);
    await t.engine.close();
    // A hand edit (or another version) left "failed" as null.
    const path = join(t.dataDir, 'forwarding.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    file.sources.app.failed = null;
    await writeFile(path, JSON.stringify(file));

    await t.restart();
    const status = await t.engine.call('forward.status', undefined);
    expect(status[0]).toMatchObject({ sourceId: 'app', hasKey: true, forwarded: 2, cursorSeq: 2, failed: 0, pending: 0 });
    const health = (await (await fetch(`${t.engine.url}/api/health`)).json()) as { storeWarnings: string[] };
    expect(health.storeWarnings).toContainEqual(expect.stringMatching(/^forwarding\.json: sources\["app"\]\.failed: must be an object of message numbers and Segment's answers, not null; taken as none \(the file as it was is kept as forwarding\.json\.damaged\)$/));
    // Forwarding goes on from where it was, with the key it had.
    expect((await postJson(`${t.engine.url}/v1/batch`, batch('new', 1))).status).toBe(200);
    await eventually(t.engine, async () => (await t.engine.call('forward.status', undefined))[0]?.forwarded === 3);
    expect(segment.ids).toEqual(['old-1', 'old-2', 'new-1']);
  });
});

describe('simulation.json left in another shape', { timeout: 60_000 }, () => {
  it('a clock or timeout it cannot read is named at start-up, not silently reset to live and 30 minutes', async () => {
    const t: TestEngine = await startTestEngine();
    cleanup.push(() => t.dispose());
    expect((await postJson(`${t.engine.url}/api/clock`, { action: 'pause' })).status).toBe(200);
    const put = await fetch(`${t.engine.url}/api/sessions/settings`, { method: 'PUT', body: JSON.stringify({ timeoutMs: 600_000 }) });
    expect(put.status).toBe(200);
    await t.engine.close();
    // A hand edit: the timeout written in minutes, the clock's anchor as a date.
    const path = join(t.dataDir, 'simulation.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    file.sessions.timeoutMs = '10m';
    file.clock.anchorSimMs = '2026-01-01T09:00:00Z';
    await writeFile(path, JSON.stringify(file));

    await t.restart();
    const health = (await (await fetch(`${t.engine.url}/api/health`)).json()) as { storeWarnings: string[] };
    expect(health.storeWarnings).toContainEqual(expect.stringMatching(/^simulation\.json: clock: anchorSimMs must be a moment between .*, not "2026-01-01T09:00:00Z"; the clock is live until it is moved again \(the file as it was is kept as simulation\.json\.damaged\)$/));
    expect(health.storeWarnings).toContainEqual(expect.stringMatching(/^simulation\.json: sessions\.timeoutMs must be a whole number of milliseconds, not "10m"; sessions time out after 30 minutes until the timeout is saved again/));
    // What it says is what it does.
    expect(((await (await fetch(`${t.engine.url}/api/clock`)).json()) as { mode: string }).mode).toBe('live');
    expect(await (await fetch(`${t.engine.url}/api/sessions/settings`)).json()).toEqual({ timeoutMs: 1_800_000 });
    expect(await readFile(`${path}.damaged`, 'utf8')).toContain('"10m"');
  });
});

describe('a clock stopped at Max', { timeout: 60_000 }, () => {
  it('goes on with Max after a restart: the timeouts it would have reached are reached, and it pauses there', async () => {
    // A manual clock: Max's jumps run only when its timers are told to, so the engine can stop
    // between them, as a kill -9 while Max runs leaves it (simulation.json: running at Max).
    const clock = manualClock(Date.parse('2026-05-01T08:00:00Z'));
    const t: TestEngine = await startTestEngine({ clock });
    cleanup.push(() => t.dispose());
    const url = () => t.engine.url;
    expect((await postJson(`${url()}/api/clock`, { action: 'pause' })).status).toBe(200);
    expect((await postJson(`${url()}/api/clock`, { action: 'set', to: '2026-01-01T09:00:00Z' })).status).toBe(200);
    expect((await postJson(`${url()}/v1/track`, { type: 'track', event: 'Opened', anonymousId: 'visitor-1', userId: 'ada' }, { authorization: `Basic ${Buffer.from('wk:').toString('base64')}` })).status).toBe(200);
    expect(((await (await fetch(`${url()}/api/sessions`)).json()) as { state: string }[]).map((s) => s.state)).toEqual(['open']);
    expect((await postJson(`${url()}/api/clock`, { action: 'run', speed: 'max' })).json).toMatchObject({ mode: 'running', speed: 'max' });
    await t.restart();

    const clockNow = async () => (await (await fetch(`${url()}/api/clock`)).json()) as { mode: string; now: string };
    await clockNow();
    clock.advance(0); // Max's jumps, now that the restarted engine scheduled them
    expect(await clockNow()).toMatchObject({ mode: 'paused', now: '2026-01-01T09:30:00.000Z' });
    expect(((await (await fetch(`${url()}/api/sessions`)).json()) as { state: string }[]).map((s) => s.state)).toEqual(['timedOut']);
  });
});

describe('a save cut short by a kill -9', { timeout: 60_000 }, () => {
  it('leaves no temp file after the next start (one held the write key removed since)', async () => {
    const t: TestEngine = await startTestEngine();
    cleanup.push(() => t.dispose());
    await t.engine.close();
    // What a kill -9 between a save's write and its rename leaves: the temp file, with its content.
    const left = ['secrets.json.4242.1.tmp', 'forwarding.json.4242.3.tmp', 'settings.json.tmp', 'drafts.json.4242.tmp'];
    for (const name of left) await writeFile(join(t.dataDir, name), '{"writeKey":"seg_key_removed_since"}\n');
    await writeFile(join(t.dataDir, 'notes.tmp'), 'not a save of ours');
    await t.restart();
    const { readdir } = await import('node:fs/promises');
    const names = await readdir(t.dataDir);
    for (const name of left) expect(names).not.toContain(name);
    expect(names).toContain('notes.tmp');
  });
});
