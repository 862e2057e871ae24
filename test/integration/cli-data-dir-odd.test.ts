// `eventbench serve --data-dir` pointed somewhere odd, as a hostile or careless user types it: a
// special file system that takes no new files (/proc) said "ENOENT: no such file or directory, open
// '/proc/eventbench.lock.1201.ezphfjcez3t'" of a folder that exists; a folder whose name holds a line
// break split the "listening" line in two.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const cliArgs = ['--import', 'tsx', join(root, 'src-main/cli/index.ts')];
let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'eventbench-cli-odd-'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

function serve(dataDir: string, args = ['serve', '--port', '0', '--https-port', 'off']): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child: ChildProcess = spawn(process.execPath, [...cliArgs, ...args, '--data-dir', dataDir], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n')) child.kill('SIGINT');
    });
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe('serve --data-dir somewhere odd', { timeout: 90_000 }, () => {
  it.runIf(process.platform === 'linux')('a special file system that takes no new files is named as such, in one line', async () => {
    for (const dir of ['/proc', '/proc/self/eventbench']) {
      const res = await serve(dir);
      expect(res.code, dir).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr).toBe(`eventbench: cannot use data dir ${dir} (no file or folder can be made in it: a special file system, such as /proc?); choose another with --data-dir\n`);
    }
  });

  it.runIf(process.platform === 'linux')('eventbench run --data-dir says it in the same words, where it gave the raw "is not usable: ENOENT: … mkdir"', async () => {
    const res = await serve('/proc/eventbench-run', ['run', join(root, 'scenarios/segment-drop.scenario.yaml')]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(`eventbench: cannot use data dir /proc/eventbench-run (no file or folder can be made in it: a special file system, such as /proc?); choose another with --data-dir\n`);
    const file = join(base, 'a-file');
    await writeFile(file, 'x');
    const inTheWay = await serve(file, ['run', join(root, 'scenarios/segment-drop.scenario.yaml')]);
    expect(inTheWay.stderr).toBe(`eventbench: cannot use data dir ${file} (a file is in the way); choose another with --data-dir\n`);
  });

  it('a folder whose name holds a line break or unicode: the listening line stays one line, naming it in quotes', async () => {
    const dir = join(base, 'café data\nsecond line');
    const res = await serve(dir);
    expect(res.stderr).toBe('');
    expect(res.stdout.split('\n')).toHaveLength(2);
    expect(res.stdout).toMatch(/^Eventbench listening on http:\/\/127\.0\.0\.1:\d+ {2}\(data: ".*café data\\nsecond line"\)\n$/);
    // A plain one is shown as it is.
    const plain = await serve(join(base, 'plain dir'));
    expect(plain.stdout).toMatch(/^Eventbench listening on http:\/\/127\.0\.0\.1:\d+ {2}\(data: .*plain dir\)\n$/);
  });
});
