// One engine per data dir: a second one on the same dir would write the same captures.ndjson
// from its own seq counter and its own idea of the file's end (each engine then lists the
// other's lines as its own, or fails to read them, and a restart finds seqs out of order).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, EngineStartError } from '../../src-main/engine';
import { DataDirInUse, isZombieOrGone, LOCK_FILE, lockDataDir } from '../../src-main/store/data-dir-lock';
import { makeDataDir, startTestEngine, type TestEngine } from './helpers/engine';

const root = resolve(import.meta.dirname, '../..');
const cliArgs = ['--import', 'tsx', join(root, 'src-main/cli/index.ts')];

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function serve(dataDir: string): { child: ChildProcess; url: Promise<string>; exit: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [...cliArgs, 'serve', '--port', '0', '--https-port', 'off', '--data-dir', dataDir], { cwd: root });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; stderr: string }>((r) => child.on('exit', (code) => r({ code, stderr })));
  const url = new Promise<string>((resolveUrl, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m) resolveUrl(m[1]);
    });
    void exit.then(({ code }) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  url.catch(() => undefined);
  return { child, url, exit };
}

describe('one engine per data dir', { timeout: 60_000 }, () => {
  it('a second engine on a data dir in use is refused, naming the one that has it; once that one closes, the dir opens', async () => {
    const t: TestEngine = await startTestEngine();
    cleanup.push(() => t.dispose());
    const second = await createEngine({ dataDir: t.dataDir, port: 0, shell: 'test', log: () => undefined }).then(
      async (e) => {
        await e.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(EngineStartError);
    expect((second as EngineStartError).code).toBe('data-dir-in-use');
    expect((second as Error).message).toContain(`data dir ${t.dataDir} is in use by another Eventbench (pid ${process.pid}, ${t.engine.url}`);
    // The first engine is unharmed.
    const posted = await fetch(`${t.engine.url}/v1/track`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('wk:').toString('base64')}` }, body: JSON.stringify({ type: 'track', event: 'A', userId: 'u' }) });
    expect(posted.status).toBe(200);
    await t.engine.close();
    const again = await createEngine({ dataDir: t.dataDir, port: 0, shell: 'test', log: () => undefined });
    await again.loaded;
    expect(again.info().messageCount).toBe(1);
    await again.close();
  });

  it('serve: a second process on the same data dir exits with one line; after a kill -9 of the first, the next one starts', async () => {
    const dataDir = await makeDataDir();
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = serve(dataDir);
    cleanup.push(async () => {
      if (first.child.exitCode === null && first.child.signalCode === null) {
        first.child.kill('SIGKILL');
        await first.exit;
      }
    });
    const firstUrl = await first.url;
    expect(JSON.parse(await readFile(join(dataDir, 'eventbench.lock'), 'utf8'))).toMatchObject({ pid: first.child.pid, url: firstUrl });

    const second = serve(dataDir);
    const refused = await second.exit;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`eventbench: data dir ${dataDir} is in use by another Eventbench (pid ${first.child.pid}, ${firstUrl}, since ${JSON.parse(await readFile(join(dataDir, 'eventbench.lock'), 'utf8')).startedAt}); stop it first, or choose another data dir\n`);

    first.child.kill('SIGKILL');
    await first.exit;
    const third = serve(dataDir); // the lock the killed one left is stale: taken over
    cleanup.push(async () => {
      third.child.kill('SIGKILL');
      await third.exit;
    });
    const thirdUrl = await third.url;
    expect((await fetch(`${thirdUrl}/api/health`)).status).toBe(200);
  });
});

describe('a lock left by an engine killed a moment ago', () => {
  // `kill -9` of serve, then serve again at once: the killed one was a zombie until its parent
  // reaped it, kill(pid, 0) still found it, and the restart was refused as "in use".
  it.runIf(process.platform === 'linux')('is taken over while its holder is a zombie, not yet reaped', async () => {
    const dataDir = await makeDataDir();
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 60_000)'], { stdio: 'ignore' });
    const exited = new Promise((r) => holder.on('exit', r));
    cleanup.push(() => exited);
    await new Promise((r) => holder.on('spawn', r));
    const pid = holder.pid!;
    await writeFile(join(dataDir, LOCK_FILE), JSON.stringify({ pid, startedAt: new Date().toISOString(), url: 'http://127.0.0.1:1' }) + '\n');
    holder.kill('SIGKILL');
    // Synchronously from here on: Node reaps the child only when its event loop runs again.
    const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)\s*/s, '')[0];
    while (state() !== 'Z');
    expect(isZombieOrGone(pid)).toBe(true);
    const lock = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('is refused while its holder runs', async () => {
    const dataDir = await makeDataDir();
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 60_000)'], { stdio: 'ignore' });
    const exited = new Promise((r) => holder.on('exit', r));
    cleanup.push(async () => {
      holder.kill('SIGKILL');
      await exited;
    });
    await new Promise((r) => holder.on('spawn', r));
    await writeFile(join(dataDir, LOCK_FILE), JSON.stringify({ pid: holder.pid, startedAt: '2026-12-07T10:00:00.000Z' }) + '\n');
    expect(isZombieOrGone(holder.pid!)).toBe(false);
    expect(() => lockDataDir(dataDir)).toThrow(DataDirInUse);
    expect(() => lockDataDir(dataDir)).toThrow(`data dir ${dataDir} is in use by another Eventbench (pid ${holder.pid}, since 2026-12-07T10:00:00.000Z)`);
  });
});
