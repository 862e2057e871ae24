// The `eventbench` CLI, run from source (node --import tsx), as a real process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const cliArgs = ['--import', 'tsx', join(root, 'src-main/cli/index.ts')];
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'eventbench-cli-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [...cliArgs, ...args], { cwd: root, env: { ...process.env, EVENTBENCH_DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

function startServe(args: string[]): Promise<{ child: ChildProcess; line: string; url: string; stderr: () => string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...cliArgs, 'serve', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /^Eventbench listening on (http:\/\/\S+)  \(data: .+\)\n$/.exec(stdout);
      if (m) resolvePromise({ child, line: stdout, url: m[1], stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

describe('eventbench CLI', { timeout: 90_000 }, () => {
  it('documents every command and flag', async () => {
    const main = await run(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('serve');
    const serve = await run(['serve', '--help']);
    expect(serve.code).toBe(0);
    for (const flag of ['--port N', '--https-port N', '--host H', '--data-dir DIR', '--open', '--no-open', '--help', 'default 8787', 'default 8443', '0 picks a free port', '--https-port off']) {
      expect(serve.stdout).toContain(flag);
    }
  });

  it('rejects unknown flags with one line and a hint to --help', async () => {
    const res = await run(['serve', '--prot', '1']);
    // 2, a usage error, as `eventbench run` says it; 1 is left for failures (a port in use, below).
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    // A misspelt option or command names the one meant (it named only itself).
    expect(res.stderr).toBe('eventbench: unknown option "--prot"; did you mean "--port"? See `eventbench serve --help`\n');
    const cmd = await run(['sreve']);
    expect(cmd.stderr).toMatch(/^eventbench: unknown command "sreve"; did you mean "serve"\? See `eventbench --help`\n$/);
    expect(cmd.code).toBe(2);
    const far = await run(['serve', '--colour']);
    expect(far.stderr).toBe('eventbench: unknown option "--colour"; see `eventbench serve --help`\n');
    const runOption = await run(['run', 'scenarios/', '--repoter', 'junit']);
    expect(runOption.code).toBe(2);
    expect(runOption.stderr).toBe('eventbench: unknown option "--repoter"; did you mean "--reporter"? See `eventbench run --help`\n');
    // `--reporter` at the end, without its value, said: must be pretty, junit or json, not "".
    expect((await run(['run', 'scenarios/', '--reporter'])).stderr).toBe('eventbench: --reporter needs a value: pretty, junit or json; see `eventbench run --help`\n');
    expect((await run(['run', 'scenarios/', '--reporter', 'juint'])).stderr).toBe('eventbench: --reporter must be pretty, junit or json, not "juint"; did you mean "junit"? See `eventbench run --help`\n');
  });

  it('serves on a free port printing exactly one line, then a busy port ends with one line and exit 1', async () => {
    const { child, line, url, stderr } = await startServe(['--port', '0', '--data-dir', dataDir]);
    try {
      expect(line.split('\n')).toHaveLength(2);
      expect(line).toContain(`(data: ${dataDir})`);
      const health = (await (await fetch(`${url}/api/health`)).json()) as { status: string };
      expect(health.status).toBe('ok');
      const track = await fetch(`${url}/v1/track`, { method: 'POST', body: JSON.stringify({ userId: 'cli', event: 'From CLI' }) });
      expect(track.status).toBe(200);

      const port = new URL(url).port;
      // Another data dir: this one is the running engine's (a second engine on it is refused first, data-dir-lock.test.ts).
      const busy = await run(['serve', '--port', port, '--data-dir', join(dataDir, 'other')]);
      expect(busy.code).toBe(1);
      expect(busy.stdout).toBe('');
      expect(busy.stderr).toBe(`eventbench: port ${port} on 127.0.0.1 is already in use; choose another with --port (0 picks a free one)\n`);
      // With --port 0 the HTTPS receiver takes a free port too, and says where its authority is.
      const https = /^eventbench: HTTPS receiver on (https:\/\/127\.0\.0\.1:\d+) \(for clients that only speak TLS\); trust its certificate authority from (http:\/\/127\.0\.0\.1:\d+\/eventbench-ca\.pem) \(SHA-256 ([0-9A-F]{2}(?::[0-9A-F]{2}){31})\)\n$/.exec(stderr());
      expect(https, stderr()).not.toBeNull();
      expect(https![2]).toBe(`${url}/eventbench-ca.pem`);
      expect(await (await fetch(https![2])).text()).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    } finally {
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('--https-port off serves plain HTTP only, printing nothing more; a bad --https-port is refused in one line', async () => {
    // `--` ends the options (it was refused as an unknown option "--"); serve takes no argument after it.
    const { child, stderr, url } = await startServe(['--port', '0', '--https-port', 'off', '--data-dir', dataDir, '--']);
    try {
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      expect(stderr()).toBe('');
    } finally {
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    const afterEnd = await run(['serve', '--', '--port']);
    expect(afterEnd.code).toBe(2);
    expect(afterEnd.stderr).toBe('eventbench: unexpected argument "--port": serve takes only options; see `eventbench serve --help`\n');
    const bad = await run(['serve', '--https-port', 'tls']);
    expect(bad.code).toBe(2);
    // It takes `off` too, and says so (the usage line's `--https-port N|off`; the error named only numbers).
    expect(bad.stderr).toBe('eventbench: --https-port must be a whole number from 0 to 65535, or off, not "tls"; see `eventbench serve --help`\n');
    const none = await run(['serve', '--https-port']);
    expect(none.stderr).toBe('eventbench: --https-port needs a number, e.g. --https-port 8443, or off; see `eventbench serve --help`\n');
  });

  it('EVENTBENCH_INGEST=in-thread reads bodies on the main thread (health says so); another value is refused in one line', async () => {
    const ownDir = await mkdtemp(join(tmpdir(), 'eventbench-cli-ingest-')); // its own: the count below is of its one message
    onTestFinished(() => rm(ownDir, { recursive: true, force: true }));
    const child = spawn(process.execPath, [...cliArgs, 'serve', '--port', '0', '--https-port', 'off', '--data-dir', ownDir], { cwd: root, env: { ...process.env, EVENTBENCH_INGEST: 'in-thread' } });
    try {
      const url = await new Promise<string>((resolvePromise, reject) => {
        let stdout = '';
        child.stdout.on('data', (d) => {
          stdout += d;
          const m = /listening on (http:\/\/\S+)/.exec(stdout);
          if (m) resolvePromise(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const res = await fetch(`${url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ writeKey: 'k', type: 'track', event: 'E', userId: 'u' }) });
      expect(res.status).toBe(200);
      const health = (await (await fetch(`${url}/api/health`)).json()) as { ingest: string; messageCount: number };
      expect(health).toMatchObject({ ingest: 'in-thread', messageCount: 1 });
    } finally {
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    const bad = await new Promise<{ code: number | null; stderr: string }>((resolvePromise) => {
      const c = spawn(process.execPath, [...cliArgs, 'serve', '--port', '0', '--data-dir', dataDir], { cwd: root, env: { ...process.env, EVENTBENCH_INGEST: 'threads' } });
      let stderr = '';
      c.stderr.on('data', (d) => (stderr += d));
      c.on('exit', (code) => resolvePromise({ code, stderr }));
    });
    expect(bad).toEqual({ code: 1, stderr: 'eventbench: EVENTBENCH_INGEST must be "worker" or "in-thread", not "threads"\n' });
  });

  it('a port held by another program gives the same one-line error', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const res = await run(['serve', '--port', String(port)]);
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('a --host that is no address of this machine says so and what to give, in one line', async () => {
    // It read "listen EADDRNOTAVAIL: address not available 1.2.0.3" of --host 1.2.3.
    const give = 'give --host an address of this machine (127.0.0.1, 0.0.0.0 for every interface, ::1, or one of its LAN addresses) or a name that resolves to one';
    const res = await run(['serve', '--port', '0', '--https-port', 'off', '--host', '192.0.2.1']);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`eventbench: cannot listen on 192.0.2.1:0: 192.0.2.1 is not an address of this machine (EADDRNOTAVAIL); ${give}\n`);
    const short = await run(['serve', '--port', '0', '--https-port', 'off', '--host', '1.2.3']);
    expect(short.stderr).toBe(`eventbench: cannot listen on 1.2.3:0: 1.2.3 (read as 1.2.0.3) is not an address of this machine (EADDRNOTAVAIL); ${give}\n`);
  });

  it('an unusable data dir ends with one line, no stack trace', async () => {
    const file = join(dataDir, 'not-a-dir');
    await writeFile(file, 'x');
    const res = await run(['serve', '--port', '0', '--data-dir', join(file, 'sub')]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^eventbench: cannot use data dir .*not-a-dir\/sub \(.+\); choose another with --data-dir\n$/);
  });
});

describe('serve --print', { timeout: 90_000 }, () => {
  it('--print json writes each captured message as one JSON line, in capture order (the listening line on stderr)', async () => {
    const child = spawn(process.execPath, [...cliArgs, 'serve', '--port', '0', '--data-dir', dataDir, '--print', 'json'], { cwd: root });
    let stderr = '';
    const url = await new Promise<string>((resolvePromise, reject) => {
      child.stderr!.on('data', (d) => {
        stderr += d;
        const m = /listening on (http:\/\/\S+)/.exec(stderr);
        if (m) resolvePromise(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    let stdout = '';
    const threeLines = new Promise<void>((done) =>
      child.stdout!.on('data', (d) => {
        stdout += d;
        if (stdout.split('\n').filter(Boolean).length >= 3 && stdout.endsWith('\n')) done();
      }),
    );
    await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ batch: [{ type: 'track', userId: 'u', event: 'One' }, { type: 'track', event: 'Two' }] }) });
    await fetch(`${url}/webhook/pf`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'identify', userId: 'u' }) });
    await threeLines; // printed as they are captured: wait for the output, not for time
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((c) => [c.message.event ?? c.message.type, c.origin.kind])).toEqual([
      ['One', 'tracking'],
      ['Two', 'tracking'],
      ['identify', 'webhook'],
    ]);
    expect(lines[1].dropReasons.map((d: { code: string }) => d.code)).toEqual(['missing-identity']);
    expect(lines.map((c) => c.seq)).toEqual([...lines.map((c) => c.seq)].sort((a, b) => a - b));
  });

  it('--print pretty writes one readable line each; a bad mode is refused', async () => {
    const child = spawn(process.execPath, [...cliArgs, 'serve', '--port', '0', '--data-dir', dataDir, '--print', 'pretty'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    const url = await new Promise<string>((resolvePromise, reject) => {
      child.stdout!.on('data', (d) => {
        stdout += d;
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m) resolvePromise(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const printed = new Promise<void>((done) => child.stdout!.on('data', () => /Nobody.*\n/.test(stdout) && done()));
    await fetch(`${url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event: 'Nobody' }) });
    await printed;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    expect(stdout).toMatch(/#\d+ track +"Nobody" no identity {2}\/v1\/track {2}Segment would drop: missing-identity/);
    const bad = await run(['serve', '--print', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--print must be json or pretty');
  });
});

describe('serve beyond loopback', { timeout: 90_000 }, () => {
  it('refuses an EVENTBENCH_TOKEN shorter than --token may be, without showing it', async () => {
    // `--token abc` was refused (16 characters at least) while EVENTBENCH_TOKEN=abc guarded an
    // exposed UI and API with 3 characters.
    const bad = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolvePromise) => {
      const c = spawn(process.execPath, [...cliArgs, 'serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', dataDir], { cwd: root, env: { ...process.env, EVENTBENCH_TOKEN: 'abc' } });
      let stdout = '';
      let stderr = '';
      c.stdout.on('data', (d) => (stdout += d));
      c.stderr.on('data', (d) => (stderr += d));
      c.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
    });
    expect(bad).toEqual({ code: 1, stdout: '', stderr: 'eventbench: EVENTBENCH_TOKEN needs a secret of at least 16 characters, not one of 3: set a longer one, or unset it for a random one per run\n' });
  });

  it('warns, and prints the URL with a fresh access token that the API then requires', async () => {
    const child = spawn(process.execPath, [...cliArgs, 'serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', dataDir], { cwd: root, env: { ...process.env, EVENTBENCH_TOKEN: '' } });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const url = await new Promise<string>((resolvePromise, reject) => {
      child.stdout!.on('data', (d) => {
        stdout += d;
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m) resolvePromise(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    try {
      const u = new URL(url);
      const token = u.searchParams.get('token');
      expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(stderr).toContain('warning: bound to 0.0.0.0');
      expect((await fetch(`${u.origin}/api/health`)).status).toBe(401);
      expect((await fetch(`${u.origin}/api/health`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});

describe('before the first build', { timeout: 90_000 }, () => {
  it('`eventbench` says in one line what to run, instead of a stack trace', async () => {
    const { mkdir, copyFile, mkdtemp: mk } = await import('node:fs/promises');
    const { spawnSync } = await import('node:child_process');
    const fresh = await mk(join(tmpdir(), 'eventbench-unbuilt-'));
    await mkdir(join(fresh, 'src-main/cli'), { recursive: true });
    await copyFile(join(root, 'src-main/cli/eventbench.js'), join(fresh, 'src-main/cli/eventbench.js'));
    await writeFile(join(fresh, 'package.json'), '{"type":"module"}');
    const r = spawnSync(process.execPath, [join(fresh, 'src-main/cli/eventbench.js'), 'serve'], { encoding: 'utf8' });
    await rm(fresh, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('eventbench: the app is not built yet; run `npm run build` once (or `npm start`, which builds it), then try again\n');
  });
});
