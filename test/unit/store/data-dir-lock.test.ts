// The data dir's lock (src-main/store/data-dir-lock.ts) on a file system without hard links (FAT,
// some network shares): link(2) fails there with EPERM, which must not stop the engine starting.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDirsPerTest } from './temp-dirs';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    linkSync: () => {
      throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
    },
  };
});

const { DataDirInUse, lockDataDir, LOCK_FILE } = await import('../../../src-main/store/data-dir-lock');
const tempDir = tempDirsPerTest('lock');

describe('lockDataDir without hard links', () => {
  it('creates the lock in place, refuses a second holder, and removes it on release', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(() => lockDataDir(dir)).toThrow(DataDirInUse);
    lock.setUrl('http://127.0.0.1:1');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:1' });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(readdirSync(dir)).toEqual([]); // nothing left aside
    lockDataDir(dir).release();
  });
});
