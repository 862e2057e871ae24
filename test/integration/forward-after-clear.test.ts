// Forwarding across a clear of the log. The log's seqs start again at 1 after a clear, so a cursor
// saved for the log before it (seq 3: "forwarded up to #3") would pass over the new log's first
// three messages: the engine killed (kill -9) between the clear and the cursor's save came back
// with the old cursor and never forwarded #1–#3 of the new log.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { copyFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { makeDataDir, postJson, startTestEngine } from './helpers/engine';

const root = resolve(import.meta.dirname, '../..');
const cliArgs = ['--import', 'tsx', join(root, 'src-main/cli/index.ts')];
const APP_KEY = 'app_key_after_clear';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** `eventbench serve` as a child process: its URL, and a kill -9. */
async function serve(dataDir: string): Promise<{ url: string; kill(): Promise<void>; output(): string }> {
  const child: ChildProcess = spawn(process.execPath, [...cliArgs, 'serve', '--port', '0', '--https-port', 'off', '--data-dir', dataDir, '--no-open'], { cwd: root });
  let out = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  cleanup.push(kill);
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolveUrl(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`serve exited: ${out}`)));
  });
  return { url, kill, output: () => out };
}

/** A stand-in for Segment: records the messageIds of each batch it accepts; 503 while `down`. */
async function fakeSegment(): Promise<{ url: string; ids: string[]; setDown(down: boolean): void; nextBatch(): Promise<void>; hold(): Promise<() => void> }> {
  const ids: string[] = [];
  let down = false;
  let holding: ((release: () => void) => void) | undefined;
  let waiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (down) {
        res.writeHead(503).end('{"error":"down"}');
        return;
      }
      const answer = () => {
        for (const m of (JSON.parse(body) as { batch: { messageId: string }[] }).batch) ids.push(m.messageId);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
        const w = waiters;
        waiters = [];
        for (const f of w) f();
      };
      const held = holding;
      holding = undefined;
      if (held) held(answer);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => server.close(r)));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, ids, setDown: (d) => (down = d), nextBatch: () => new Promise((r) => waiters.push(r)), hold: () => new Promise((r) => (holding = r)) };
}

const batch = (prefix: string, n: number) => ({ batch: Array.from({ length: n }, (_, i) => ({ type: 'track', userId: 'u', event: 'E', messageId: `${prefix}-${i + 1}` })), writeKey: APP_KEY });

/**
 * Resolves once the source has nothing pending and at least `n` messages in the log: checked over
 * the browser mode's WebSocket, again on every event the engine pushes (forward.changed among them).
 */
async function untilForwarded(url: string, n: number): Promise<void> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  let id = 0;
  const ask = (command: string) =>
    new Promise<any>((r) => {
      const mine = ++id;
      const on = (data: WebSocket.RawData) => {
        const frame = JSON.parse(String(data));
        if (frame.id !== mine) return;
        ws.off('message', on);
        r(frame.result);
      };
      ws.on('message', on);
      ws.send(JSON.stringify({ id: mine, command }));
    });
  const done = async () => {
    const [status] = await ask('forward.status');
    const info = await ask('engine.info');
    return info.messageCount >= n && status.pending === 0 && status.forwarded > 0;
  };
  await new Promise<void>((resolveDone) => {
    // An event that lands while a check is out asks for another check after it: dropping it hung
    // the wait for good when that event was the last (the state changed after the check read it).
    let checking = false;
    let again = false;
    const check = async () => {
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      do {
        again = false;
        if (await done()) {
          resolveDone();
          break;
        }
      } while (again);
      checking = false;
    };
    ws.on('message', (data) => {
      if (JSON.parse(String(data)).event) void check();
    });
    void check();
  });
  ws.close();
}

describe('forwarding after a clear', { timeout: 90_000 }, () => {
  it('an engine killed between the clear and the cursor\'s save forwards the new log from its first message', async () => {
    const dataDir = await makeDataDir();
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const segment = await fakeSegment();
    const first = await serve(dataDir);
    const workspace = { sources: [{ id: 'app', name: 'App', kind: 'custom', writeKey: APP_KEY, destinations: [], forward: { to: segment.url, writeKey: 'seg_key_1' } }] };
    const put = await fetch(`${first.url}/api/workspace`, { method: 'PUT', body: JSON.stringify(workspace) });
    expect(put.status).toBe(200);
    // The old log: #1–#3 forwarded, the cursor saved at #3.
    const forwarded = segment.nextBatch();
    expect((await postJson(`${first.url}/v1/batch`, batch('old', 3))).status).toBe(200);
    await forwarded;
    await untilForwarded(first.url, 3);
    expect(segment.ids).toEqual(['old-1', 'old-2', 'old-3']);
    // forwarding.json as it was before the clear: what a kill -9 before the cursor's save leaves.
    await copyFile(join(dataDir, 'forwarding.json'), join(dataDir, 'forwarding.before-clear'));
    segment.setDown(true); // the new messages wait in the log
    expect((await fetch(`${first.url}/api/messages`, { method: 'DELETE' })).status).toBe(200);
    expect((await postJson(`${first.url}/v1/batch`, batch('new', 5))).status).toBe(200);
    await first.kill();
    await copyFile(join(dataDir, 'forwarding.before-clear'), join(dataDir, 'forwarding.json'));

    segment.setDown(false);
    const second = await serve(dataDir);
    await untilForwarded(second.url, 5);
    expect(segment.ids).toEqual(['old-1', 'old-2', 'old-3', 'new-1', 'new-2', 'new-3', 'new-4', 'new-5']);
    expect(second.output()).toMatch(/forwarding\.json: the capture log was cleared after the last message forwarded for "app"/);
  });

  it('the cursor a clear resets is on disk when the clear is answered (a kill -9 right after loses nothing)', async () => {
    const dataDir = await makeDataDir();
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const segment = await fakeSegment();
    const first = await serve(dataDir);
    const workspace = { sources: [{ id: 'app', name: 'App', kind: 'custom', writeKey: APP_KEY, destinations: [], forward: { to: segment.url, writeKey: 'seg_key_1' } }] };
    expect((await fetch(`${first.url}/api/workspace`, { method: 'PUT', body: JSON.stringify(workspace) })).status).toBe(200);
    expect((await postJson(`${first.url}/v1/batch`, batch('old', 3))).status).toBe(200);
    await untilForwarded(first.url, 3);
    segment.setDown(true);
    expect((await fetch(`${first.url}/api/messages`, { method: 'DELETE' })).status).toBe(200);
    const { readFile } = await import('node:fs/promises');
    const saved = JSON.parse(await readFile(join(dataDir, 'forwarding.json'), 'utf8')) as { sources: Record<string, { cursor: number }> };
    expect(saved.sources.app!.cursor).toBe(0);
    expect((await postJson(`${first.url}/v1/batch`, batch('new', 2))).status).toBe(200);
    await first.kill();
    segment.setDown(false);
    const second = await serve(dataDir);
    await untilForwarded(second.url, 2);
    expect(segment.ids).toEqual(['old-1', 'old-2', 'old-3', 'new-1', 'new-2']);
  });

  it('a batch Segment answers after a clear does not move the cursor of the emptied log', async () => {
    const t = await startTestEngine();
    cleanup.push(() => t.dispose());
    const segment = await fakeSegment();
    const workspace = { sources: [{ id: 'app', name: 'App', kind: 'custom', writeKey: APP_KEY, destinations: [], forward: { to: segment.url, writeKey: 'seg_key_1' } }] };
    expect((await fetch(`${t.engine.url}/api/workspace`, { method: 'PUT', body: JSON.stringify(workspace) })).status).toBe(200);
    // #1–#3 go out, and Segment holds its answer while the log is cleared and refilled.
    const held = segment.hold();
    expect((await postJson(`${t.engine.url}/v1/batch`, batch('old', 3))).status).toBe(200);
    const release = await held;
    expect((await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' })).status).toBe(200);
    expect((await postJson(`${t.engine.url}/v1/batch`, batch('new', 2))).status).toBe(200);
    release();
    await untilForwarded(t.engine.url, 2);
    // The old batch's 200 said nothing of the new #1 and #2: they went out too.
    expect(segment.ids).toEqual(['old-1', 'old-2', 'old-3', 'new-1', 'new-2']);
    expect((await t.engine.call('forward.status', undefined))[0]).toMatchObject({ pending: 0, cursorSeq: 2, forwarded: 5 });
  });
});
