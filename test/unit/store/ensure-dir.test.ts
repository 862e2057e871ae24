// ensureDir (src-main/store/ensure-dir.ts), mkdir -p built from single mkdirs, on a real temp dir
// (issue #15: no test imported it directly).
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDir } from '../../../src-main/store/ensure-dir';
import { tempDirsPerTest } from './temp-dirs';

const tempDir = tempDirsPerTest('ensure-dir');

describe('ensureDir', () => {
  it('creates every missing level, outermost first', async () => {
    const root = tempDir();
    const deep = join(root, 'a', 'b', 'c');
    await ensureDir(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it('a relative path is taken from the working directory', async () => {
    const root = tempDir();
    const deep = join(root, 'rel', 'x');
    await ensureDir(relative(process.cwd(), deep));
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it('an existing directory is left as it is', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'keep'), 'x');
    await ensureDir(root);
    await ensureDir(`${root}/`);
    expect(existsSync(join(root, 'keep'))).toBe(true);
  });

  it('a file where a directory should be: ENOTDIR naming it', async () => {
    const root = tempDir();
    const file = join(root, 'file');
    writeFileSync(file, 'x');
    await expect(ensureDir(file)).rejects.toMatchObject({ code: 'ENOTDIR', message: `ENOTDIR: ${file} is not a directory` });
    // Below a file: stat itself fails (not ENOENT), and that error comes through.
    await expect(ensureDir(join(file, 'sub', 'dir'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(statSync(file).isFile()).toBe(true);
  });

  it('several calls at once for the same new path all succeed (a level another one created is fine)', async () => {
    const root = tempDir();
    const deep = join(root, 'p', 'q', 'r');
    await Promise.all(Array.from({ length: 8 }, () => ensureDir(deep)));
    expect(statSync(deep).isDirectory()).toBe(true);
  });
});
