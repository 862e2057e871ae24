// `npm start` (src-main/launch/start.mjs): skips a build that is up to date, remembers a failed
// Electron download for a while, and says why browser mode runs in words, never as a stack trace
// or "TypeError: fetch failed".
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { browserModePort, buildNeeded, DOWNLOAD_RETRY_MS, explainDownloadFailure, recordBuild, rememberedFailure, rememberFailure, serveOptionsFromEnv, electronEnvFromArgs } from '../../src-main/launch/start-support.mjs';

const root = join(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'eventbench-start-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// What Electron's install script printed on this machine (offline), and what newer ones print.
const GOT_ENOTFOUND = `RequestError: getaddrinfo ENOTFOUND github.com
    at ClientRequest.<anonymous> (/x/node_modules/got/dist/source/core/index.js:970:111)
    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26)`;
const FETCH_FAILED = `TypeError: fetch failed
    at node:internal/deps/undici/undici:13502:13 {
  [cause]: Error: connect ENETUNREACH 140.82.121.4:443
      at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16) {
    errno: -101,
    code: 'ENETUNREACH',
    syscall: 'connect'
  }
}`;

function fakeProject(name: string): string {
  const dir = join(tmp, name);
  for (const d of ['src-main', 'src-renderer', 'src-shared', 'out/main', 'out/preload', 'out/renderer', 'node_modules/electron']) mkdirSync(join(dir, d), { recursive: true });
  for (const f of ['src-main/a.ts', 'src-renderer/b.tsx', 'src-shared/c.ts', 'electron.vite.config.ts', 'package-lock.json']) writeFileSync(join(dir, f), 'x');
  writeFileSync(join(dir, 'package.json'), '{"name":"fake","type":"module"}');
  for (const f of ['out/main/electron.js', 'out/main/cli.js', 'out/main/testing.js', 'out/main/testing.cjs', 'out/preload/preload.cjs', 'out/renderer/index.html']) writeFileSync(join(dir, f), '');
  writeFileSync(join(dir, 'node_modules/electron/package.json'), '{"name":"electron","version":"41.7.1"}');
  writeFileSync(join(dir, 'node_modules/electron/path.txt'), 'electron'); // the binary itself is absent
  return dir;
}

describe('why browser mode runs, in words', () => {
  it('names the cause of a failed download, never "TypeError: fetch failed"', () => {
    expect(explainDownloadFailure(GOT_ENOTFOUND)).toBe('no route to its download host (github.com): the name does not resolve (offline, or DNS blocks it)');
    expect(explainDownloadFailure(FETCH_FAILED)).toBe('no route to its download host: the network is unreachable');
    expect(explainDownloadFailure('TypeError: fetch failed\n    at x')).toBe('the download failed on the network');
    expect(explainDownloadFailure('', { timedOut: true })).toBe('its download host did not answer in time');
    expect(explainDownloadFailure('Error: connect ECONNREFUSED mirror.example.com')).toBe('its download host (mirror.example.com) refused the connection');
    expect(explainDownloadFailure('HTTPError: Response code 404 (Not Found)')).toBe('its download host answered HTTP 404');
    expect(explainDownloadFailure('Error: unable to get local issuer certificate')).toMatch(/TLS certificate was not trusted/);
    for (const out of [GOT_ENOTFOUND, FETCH_FAILED, 'TypeError: fetch failed']) expect(explainDownloadFailure(out)).not.toMatch(/TypeError|RequestError|\bat /);
  });

  it('remembers a failed download for a while, per Electron version; EVENTBENCH_RETRY_ELECTRON forgets it', () => {
    const env = { XDG_CACHE_HOME: join(tmp, 'cache-1') };
    const t0 = Date.UTC(2026, 10, 30, 10);
    expect(rememberedFailure('41.7.1', t0, env)).toBeUndefined();
    rememberFailure('41.7.1', 'no route to its download host (github.com)', t0, env);
    expect(rememberedFailure('41.7.1', t0 + 60_000, env)).toEqual({ reason: 'no route to its download host (github.com)', failedAt: t0, retryAt: t0 + DOWNLOAD_RETRY_MS });
    expect(rememberedFailure('41.7.1', t0 + DOWNLOAD_RETRY_MS, env)).toBeUndefined(); // time to try again
    expect(rememberedFailure('42.0.0', t0 + 60_000, env)).toBeUndefined(); // another version: try it
    expect(rememberedFailure('41.7.1', t0 + 60_000, { ...env, EVENTBENCH_RETRY_ELECTRON: '1' })).toBeUndefined();
  });
});

describe('the build', () => {
  it('is skipped while its inputs are unchanged and its outputs there', () => {
    const dir = fakeProject('build');
    expect(buildNeeded(dir)).toBe('no record of the last build');
    recordBuild(dir);
    expect(buildNeeded(dir)).toBeUndefined();
    utimesSync(join(dir, 'src-shared/c.ts'), new Date(), new Date(Date.now() + 5000));
    expect(buildNeeded(dir)).toBe('the sources changed since the last build');
    recordBuild(dir);
    writeFileSync(join(dir, 'src-main/new.ts'), 'y');
    expect(buildNeeded(dir)).toBe('the sources changed since the last build');
    recordBuild(dir);
    rmSync(join(dir, 'out/renderer/index.html'));
    expect(buildNeeded(dir)).toBe('out/renderer/index.html is missing');
  });

  it("is missing when eventbench/testing's CommonJS build is (a build that made only the app)", () => {
    const dir = fakeProject('build-testing');
    recordBuild(dir);
    rmSync(join(dir, 'out/main/testing.cjs'));
    expect(buildNeeded(dir)).toBe('out/main/testing.cjs is missing');
  });
});

describe('npm start, building', () => {
  // `npm start` built with `electron-vite build` alone, which empties out/main: after it,
  // out/main/testing.cjs (`require('eventbench/testing')`, Jest's default mode) was gone until the
  // next `npm run build`. It now runs package.json's build script, every step of it.
  it("runs package.json's build script, every step, then the browser mode with the arguments given", () => {
    const dir = fakeProject('start-build');
    rmSync(join(dir, 'out'), { recursive: true });
    const steps = ['out/main/electron.js', 'out/main/cli.js', 'out/preload/preload.cjs', 'out/renderer/index.html'];
    writeFileSync(
      join(dir, 'step-app.mjs'),
      `import { mkdirSync, writeFileSync } from 'node:fs';\nfor (const f of ${JSON.stringify(steps)}) { mkdirSync(f.replace(/\\/[^/]*$/, ''), { recursive: true }); writeFileSync(f, ''); }\n`,
    );
    writeFileSync(join(dir, 'step-testing.mjs'), `import { writeFileSync } from 'node:fs';\nwriteFileSync('out/main/testing.js', ''); writeFileSync('out/main/testing.cjs', '');\n`);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fake', type: 'module', scripts: { build: 'node step-app.mjs && node step-testing.mjs' } }));
    mkdirSync(join(dir, 'src-main/cli'), { recursive: true });
    writeFileSync(join(dir, 'src-main/cli/eventbench.js'), `console.log('serve args: ' + process.argv.slice(2).join(' '));\n`);
    const cache = join(tmp, 'cache-3');
    rememberFailure('41.7.1', 'no route to its download host (github.com)', Date.now(), { XDG_CACHE_HOME: cache });
    const out = execFileSync(process.execPath, [join(root, 'src-main/launch/start.mjs'), '--port', '0'], {
      env: { ...process.env, EVENTBENCH_START_DRY_RUN: '', EVENTBENCH_START_ROOT: dir, XDG_CACHE_HOME: cache, EVENTBENCH_RETRY_ELECTRON: '' },
      encoding: 'utf8',
    });
    expect(existsSync(join(dir, 'out/main/testing.cjs'))).toBe(true);
    expect(buildNeeded(dir)).toBeUndefined();
    expect(out).toMatch(/running in browser mode instead\.\nserve args: serve --open --port 0\n$/);
  });
});

describe('npm start in browser mode, with the desktop app\'s settings', () => {
  // README: the desktop app reads EVENTBENCH_PORT, EVENTBENCH_HOST and EVENTBENCH_HTTPS_PORT. Where
  // Electron's binary is missing, `npm start` runs serve, which read none of them:
  // `EVENTBENCH_HOST=0.0.0.0 npm start` bound loopback only, without a word.
  it('passes them to serve as its options, the command line\'s own winning, and says so', () => {
    const dir = fakeProject('start-env');
    mkdirSync(join(dir, 'src-main/cli'), { recursive: true });
    writeFileSync(join(dir, 'src-main/cli/eventbench.js'), `console.log('serve args: ' + process.argv.slice(2).join(' '));\n`);
    recordBuild(dir);
    const cache = join(tmp, 'cache-5');
    rememberFailure('41.7.1', 'no route to its download host (github.com)', Date.now(), { XDG_CACHE_HOME: cache });
    const out = execFileSync(process.execPath, [join(root, 'src-main/launch/start.mjs'), '--port', '0'], {
      env: { ...process.env, EVENTBENCH_START_DRY_RUN: '', EVENTBENCH_START_ROOT: dir, XDG_CACHE_HOME: cache, EVENTBENCH_RETRY_ELECTRON: '', EVENTBENCH_PORT: '9123', EVENTBENCH_HOST: '0.0.0.0', EVENTBENCH_HTTPS_PORT: 'off' },
      encoding: 'utf8',
    });
    expect(out).toMatch(/running in browser mode instead\.\nEventbench: taking EVENTBENCH_HOST=0\.0\.0\.0 as --host 0\.0\.0\.0, EVENTBENCH_HTTPS_PORT=off as --https-port off\.\nserve args: serve --open --host 0\.0\.0\.0 --https-port off --port 0\n$/);
  });

  it('adds nothing when they are unset or empty, or the option is given as --name=value', () => {
    expect(serveOptionsFromEnv(['--port=1'], { EVENTBENCH_PORT: '2', EVENTBENCH_HOST: '' })).toEqual({ added: [], said: [] });
    expect(serveOptionsFromEnv([], { EVENTBENCH_PORT: '9000' })).toEqual({ added: ['--port', '9000'], said: ['EVENTBENCH_PORT=9000 as --port 9000'] });
  });
});

describe('npm start with the desktop window, given serve\'s options', () => {
  // README: `npm start -- --port 0 --data-dir /tmp/eb`. The window reads no arguments, only its
  // environment: with Electron's binary there, those options were passed to it and ignored, and
  // the window used the default data dir without a word.
  it('hands --port, --host, --https-port, --data-dir and --token to the window as its settings, and the rest to Electron', () => {
    const dir = fakeProject('start-electron');
    // A stand-in for Electron's binary: prints what it was started with.
    mkdirSync(join(dir, 'node_modules/electron/dist'), { recursive: true });
    const fake = join(dir, 'node_modules/electron/dist/electron');
    writeFileSync(fake, '#!/bin/sh\necho "electron args: $*"\necho "port=$EVENTBENCH_PORT data=$EVENTBENCH_DATA_DIR token=$EVENTBENCH_TOKEN"\n');
    chmodSync(fake, 0o755);
    recordBuild(dir);
    const out = execFileSync(process.execPath, [join(root, 'src-main/launch/start.mjs'), '--port', '0', '--data-dir=/tmp/eb', '--token', 'a-secret-of-16-chars', '--disable-gpu'], {
      env: { ...process.env, EVENTBENCH_START_DRY_RUN: '', EVENTBENCH_START_ROOT: dir, DISPLAY: ':0', EVENTBENCH_PORT: '', EVENTBENCH_DATA_DIR: '', EVENTBENCH_TOKEN: '' },
      encoding: 'utf8',
    });
    const lines = out.trim().split('\n');
    expect(lines[1]).toBe('Eventbench: taking --port as EVENTBENCH_PORT=0, --data-dir as EVENTBENCH_DATA_DIR=/tmp/eb, --token as EVENTBENCH_TOKEN for the desktop window.');
    expect(lines[2]).toMatch(/^electron args: \. (--no-sandbox )?--disable-gpu$/);
    expect(lines[3]).toBe('port=0 data=/tmp/eb token=a-secret-of-16-chars');
    expect(out).not.toContain('a-secret-of-16-chars for'); // the token's value is never said
  });
});

describe('npm start with the desktop window, a short EVENTBENCH_TOKEN', () => {
  it('is refused as serve refuses it, and the window does not start', () => {
    const dir = fakeProject('start-electron-token');
    mkdirSync(join(dir, 'node_modules/electron/dist'), { recursive: true });
    const fake = join(dir, 'node_modules/electron/dist/electron');
    writeFileSync(fake, '#!/bin/sh\necho "electron started"\n');
    chmodSync(fake, 0o755);
    recordBuild(dir);
    const r = spawnSync(process.execPath, [join(root, 'src-main/launch/start.mjs')], {
      env: { ...process.env, EVENTBENCH_START_DRY_RUN: '', EVENTBENCH_START_ROOT: dir, DISPLAY: ':0', EVENTBENCH_TOKEN: 'abc' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('electron started');
    expect(r.stderr).toBe('eventbench: EVENTBENCH_TOKEN needs a secret of at least 16 characters, not one of 3: set a longer one, or unset it for a random one per run\n');
  });
});

describe('npm start with the desktop window, a value serve would refuse', () => {
  it.each([
    [['--port', 'abc'], '--port must be a whole number from 0 to 65535, not "abc"'],
    [['--https-port=tls'], '--https-port must be a whole number from 0 to 65535, or off, not "tls"'],
    [['--token', 'short'], '--token needs a secret of at least 16 characters, not one of 5'],
  ])('%j is refused as serve refuses it', (args, problem) => {
    expect(electronEnvFromArgs(args).problem).toBe(problem);
  });
  it('--https-port off and a port are taken', () => {
    expect(electronEnvFromArgs(['--https-port', 'off', '--port=0'])).toEqual({ env: { EVENTBENCH_HTTPS_PORT: 'off', EVENTBENCH_PORT: '0' }, said: ['--https-port as EVENTBENCH_HTTPS_PORT=off', '--port as EVENTBENCH_PORT=0'], rest: [] });
  });
});

describe('npm run build, then npm start', () => {
  // The README builds with `npm run build` before `eventbench serve` and `run`; `npm start` after it
  // built everything again, "no record of the last build", as only its own builds were recorded.
  it("npm run build's last step records the build, so npm start takes it as up to date", () => {
    const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { build: string } }).scripts.build;
    const lastStep = script.split('&&').at(-1)!.trim();
    expect(lastStep).toBe('node src-main/launch/record-build.mjs');
    const dir = fakeProject('build-then-start');
    expect(buildNeeded(dir)).toBe('no record of the last build');
    // npm runs a script in the package's folder: the step, run there as npm runs it.
    execFileSync(process.execPath, [join(root, lastStep.replace(/^node /, ''))], { cwd: dir });
    const out = execFileSync(process.execPath, [join(root, 'src-main/launch/start.mjs')], {
      env: { ...process.env, EVENTBENCH_START_DRY_RUN: '1', EVENTBENCH_START_ROOT: dir, XDG_CACHE_HOME: join(tmp, 'cache-4'), EVENTBENCH_RETRY_ELECTRON: '' },
      encoding: 'utf8',
    });
    expect(out.split('\n')[0]).toBe('Eventbench: the build is up to date.');
  });
});

describe('npm start, end to end (dry run)', () => {
  it('skips the up-to-date build and explains the remembered failed download in one line, without trying again', () => {
    const dir = fakeProject('start');
    recordBuild(dir);
    const cache = join(tmp, 'cache-2');
    const failedAt = Date.now();
    rememberFailure('41.7.1', 'no route to its download host (github.com): the name does not resolve (offline, or DNS blocks it)', failedAt, { XDG_CACHE_HOME: cache });
    const out = execFileSync(process.execPath, [join(root, 'src-main/launch/start.mjs')], {
      env: { ...process.env, EVENTBENCH_START_DRY_RUN: '1', EVENTBENCH_START_ROOT: dir, XDG_CACHE_HOME: cache, EVENTBENCH_RETRY_ELECTRON: '', TZ: 'UTC' },
      encoding: 'utf8',
    });
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('Eventbench: the build is up to date.');
    expect(lines[1]).toMatch(/^Eventbench: Electron's binary could not be downloaded: no route to its download host \(github\.com\): the name does not resolve .*tried again in \d+ min, or now with EVENTBENCH_RETRY_ELECTRON=1\); would run in browser mode instead\.$/);
    expect(out).not.toMatch(/TypeError|fetch failed|fetching Electron/);
    // On the 24-hour clock, as every other time printed (the locale's said "tried 12:57:49 AM").
    const at = new Date(failedAt);
    expect(lines[1]).toContain(`(tried at ${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}; tried again in `);
  });
});

describe('npm start in browser mode, its usual port taken', () => {
  // README: the desktop app takes a free port when 8787 is taken. Browser mode ran serve on 8787
  // and exited, "port 8787 on 127.0.0.1 is already in use", while another Eventbench ran.
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  });
  /** Listens on port (0: any) at 127.0.0.1; resolves with the port, or undefined when another program has it. */
  const occupy = (port: number) =>
    new Promise<number | undefined>((resolve, reject) => {
      const server = createServer();
      server.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? resolve(undefined) : reject(e)));
      server.listen(port, '127.0.0.1', () => {
        servers.push(server);
        resolve((server.address() as { port: number }).port);
      });
    });

  it('takes the next free port and says which, where no port was asked for', async () => {
    const taken = (await occupy(0))!;
    const chosen = await browserModePort([], {}, taken);
    const port = Number(chosen.added[1]);
    expect(chosen.added[0]).toBe('--port');
    expect(port).toBeGreaterThan(taken);
    expect(chosen.said).toBe(`port ${taken} on 127.0.0.1 is in use (another Eventbench?), so browser mode takes the next free one, ${port}; give --port or EVENTBENCH_PORT to choose one.`);
  });

  it('leaves a port asked for (--port, EVENTBENCH_PORT) to serve, which refuses it in use; and adds nothing while the default is free', async () => {
    const taken = (await occupy(0))!;
    expect(await browserModePort(['--port', String(taken)], {}, taken)).toEqual({ added: [] });
    expect(await browserModePort([`--port=${taken}`], {}, taken)).toEqual({ added: [] });
    expect(await browserModePort([], { EVENTBENCH_PORT: String(taken) }, taken)).toEqual({ added: [] });
    const free = (await occupy(0))!;
    await new Promise((r) => servers.pop()!.close(r));
    expect(await browserModePort([], {}, free)).toEqual({ added: [] });
  });

  it('npm start, 8787 taken: serve gets the next free port, and the start says so', async () => {
    await occupy(8787); // whoever has it (this test or another program), it is taken
    const dir = fakeProject('start-port-taken');
    mkdirSync(join(dir, 'src-main/cli'), { recursive: true });
    writeFileSync(join(dir, 'src-main/cli/eventbench.js'), `console.log('serve args: ' + process.argv.slice(2).join(' '));\n`);
    recordBuild(dir);
    const cache = join(tmp, 'cache-6');
    rememberFailure('41.7.1', 'no route to its download host (github.com)', Date.now(), { XDG_CACHE_HOME: cache });
    const run = (env: Record<string, string>, args: string[] = []) =>
      new Promise<string>((resolve, reject) => {
        // Not execFileSync: this process's listener on 8787 must stay open to be found taken.
        const child = spawn(process.execPath, [join(root, 'src-main/launch/start.mjs'), ...args], {
          env: { ...process.env, EVENTBENCH_START_DRY_RUN: '', EVENTBENCH_START_ROOT: dir, XDG_CACHE_HOME: cache, EVENTBENCH_RETRY_ELECTRON: '', EVENTBENCH_PORT: '', EVENTBENCH_HOST: '', EVENTBENCH_HTTPS_PORT: '', ...env },
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('error', reject);
        child.on('exit', () => resolve(out));
      });
    const out = await run({});
    const m = /\nEventbench: port 8787 on 127\.0\.0\.1 is in use \(another Eventbench\?\), so browser mode takes the next free one, (\d+); give --port or EVENTBENCH_PORT to choose one\.\nserve args: serve --open --port (\d+)\n$/.exec(out);
    expect(m, out).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    // Asked for, it goes to serve as it is (serve refuses it in use).
    expect(await run({ EVENTBENCH_PORT: '8787' })).toMatch(/\nserve args: serve --open --port 8787\n$/);
    expect(await run({}, ['--port', '8787'])).toMatch(/running in browser mode instead\.\nserve args: serve --open --port 8787\n$/);
  });
});
