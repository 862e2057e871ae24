// Restarts with what a crash, a hand edit or another version leaves in the data dir: the engine
// starts, says what it could not take and where, and goes on with the rest.
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, postJson, startTestEngine, type TestEngine } from './helpers/engine';

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
