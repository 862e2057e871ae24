// A real full disk: `eventbench serve` runs under a file-size limit (RLIMIT_FSIZE, as `ulimit -f`
// sets it), so the kernel refuses the capture log's write past it (EFBIG), exactly where a full
// disk refuses with ENOSPC. The receiver answers 500 store-failed and counts nothing; what it
// answered 200 for is what a restart finds; the retry, once there is room, is stored as new.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { CaptureStore } from '../../src-main/store/capture-store';
import { makeDataDir, postJson, startTestEngine, type TestEngine } from './helpers/engine';

const root = resolve(import.meta.dirname, '../..');
const LIMIT_BLOCKS = 64; // ulimit -f counts 1024-byte blocks: the log may grow to 65,536 bytes
const supported = process.platform === 'linux' || process.platform === 'darwin';
if (!supported) console.log(`[disk-full test skipped] needs a POSIX shell with ulimit -f; this is ${process.platform}`);

let child: ChildProcess | undefined;
let t: TestEngine | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) await stopChild();
  await t?.dispose();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  child = t = dataDir = undefined;
});

const serveCommand = (dir: string) => `exec "${process.execPath}" --import tsx "${join(root, 'src-main/cli/index.ts')}" serve --port 0 --data-dir "${dir}" --no-open`;

async function serveWithFileSizeLimit(dir: string): Promise<string> {
  const cli = serveCommand(dir);
  child = spawn('/bin/sh', ['-c', `ulimit -f ${LIMIT_BLOCKS} && ${cli}`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise<string>((resolvePromise, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolvePromise(m[1]!);
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
    child!.once('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
  });
}

const batch = (prefix: string, n: number, pad = 0) => ({
  batch: Array.from({ length: n }, (_, i) => ({ type: 'track', userId: `u${i}`, event: `${prefix} ${i}`, messageId: `${prefix}-${i}`, properties: { pad: 'x'.repeat(pad) } })),
});

/** Whether the capture log cuts a failed write back (#13.3): without it, a write that fails
 * half-way leaves whole lines of a request answered 500 in the file, and a restart shows them. */
const cutsBack = 'writeFailure' in CaptureStore.prototype;
if (supported && !cutsBack) {
  console.log('[disk-full restart test skipped] the capture log does not cut a failed write back yet (#13.3, branch harden): a restart would bring back messages answered 500; it runs by itself once that lands');
}

async function stopChild(): Promise<void> {
  const exited = new Promise((r) => child!.once('exit', r));
  child!.kill('SIGTERM');
  await exited;
}

async function fillUntilRefused(url: string): Promise<void> {
  expect((await postJson(`${url}/v1/batch`, batch('fits', 3))).status).toBe(200);
  expect((await stat(join(dataDir!, 'captures.ndjson'))).size).toBeLessThan(LIMIT_BLOCKS * 1024);
  // ~100 KB of messages cannot fit in what is left of the 64 KB.
  const refused = await postJson(`${url}/v1/batch`, batch('refused', 10, 10_000));
  expect(refused.status).toBe(500);
  expect(refused.json).toMatchObject({ success: false, code: 'store-failed' });
  expect(refused.json.error).toMatch(/could not write the capture log: .*(EFBIG|ENOSPC|too large)/i);
}

describe.runIf(supported)('a full disk under the receiver', { timeout: 90_000 }, () => {
  it('a start on a full disk ends in one line saying so and leaves nothing in the data dir', async () => {
    dataDir = await makeDataDir();
    // No byte fits: the lock file is made, then its first write is refused (EFBIG, as ENOSPC).
    child = spawn('/bin/sh', ['-c', `ulimit -f 0 && ${serveCommand(dataDir)}`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise((r) => child!.once('exit', r));
    expect(code).toBe(1);
    expect(stderr).toBe(`eventbench: cannot use data dir ${dataDir} (this process's file-size limit (ulimit -f) is reached); free some space, or choose another with --data-dir\n`);
    // The empty eventbench.lock.<pid>.<random> of each failed start stayed there for good.
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('answers 500 store-failed past the limit, lists and counts nothing of it, and keeps serving', async () => {
    dataDir = await makeDataDir();
    const url = await serveWithFileSizeLimit(dataDir);
    await fillUntilRefused(url);
    const listed = (await (await fetch(`${url}/api/messages`)).json()) as CapturedMessage[];
    expect(listed.map((c) => c.message.event)).toEqual(['fits 0', 'fits 1', 'fits 2']);
    expect(((await (await fetch(`${url}/api/health`)).json()) as { messageCount: number }).messageCount).toBe(3);
    // The same request again, disk still full: refused again, still nothing of it counted.
    expect((await postJson(`${url}/v1/batch`, batch('refused', 10, 10_000))).status).toBe(500);
    expect(((await (await fetch(`${url}/api/messages`)).json()) as CapturedMessage[]).map((c) => c.message.event)).toEqual(['fits 0', 'fits 1', 'fits 2']);
  });

  it('an import onto the full disk is a 500 store-failed saying the disk is full and what was stored, and stores nothing', async () => {
    dataDir = await makeDataDir();
    const url = await serveWithFileSizeLimit(dataDir);
    await fillUntilRefused(url);
    const ndjson = Array.from({ length: 50 }, (_, i) => JSON.stringify({ type: 'track', userId: `i${i}`, event: `imported ${i}`, properties: { pad: 'x'.repeat(2_000) } })).join('\n');
    const res = await fetch(`${url}/api/import`, { method: 'POST', body: ndjson });
    // It was a 400, as if the file were at fault, "the import stopped: EFBIG: file too large, write".
    expect(res.status).toBe(500);
    const answer = (await res.json()) as { error: string; code: string; imported: number; line: number };
    expect(answer).toMatchObject({ code: 'store-failed', imported: 0, line: 50 });
    expect(answer.error).toMatch(/^the import stopped after line 50 \(0 messages stored before it\): the capture log could not be written \((EFBIG|ENOSPC)[^)]*\): the disk \(or this process's file-size limit\) is full; no line of the file was stored: free some space, then import the file again$/);
    const listed = (await (await fetch(`${url}/api/messages`)).json()) as CapturedMessage[];
    expect(listed.map((c) => c.message.event)).toEqual(['fits 0', 'fits 1', 'fits 2']);
  });

  it.runIf(cutsBack)('a restart with room keeps exactly what was answered 200, and the retry is stored as new', async () => {
    dataDir = await makeDataDir();
    const url = await serveWithFileSizeLimit(dataDir);
    await fillUntilRefused(url);
    await stopChild();
    t = await startTestEngine({ dataDir });
    expect((await t.engine.call('messages.list', undefined)).map((s) => s.name)).toEqual(['fits 0', 'fits 1', 'fits 2']);
    expect((await postJson(`${t.engine.url}/v1/batch`, batch('refused', 10, 10_000))).status).toBe(200);
    const all = (await (await fetch(`${t.engine.url}/api/messages`)).json()) as CapturedMessage[];
    expect(all.map((c) => c.message.event)).toEqual([...['fits 0', 'fits 1', 'fits 2'], ...Array.from({ length: 10 }, (_, i) => `refused ${i}`)]);
    expect(all.every((c) => c.dropReasons.length === 0)).toBe(true);
    expect((await t.restart()).info().messageCount).toBe(13);
  });
});
