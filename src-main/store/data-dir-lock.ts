// One engine per data dir. Two engines writing the same captures.ndjson would each number their
// captures from their own counter and keep their own idea of where each line is: both list
// lines of the other as their own (or fail to read them), and a restart finds seqs out of order.
// The data dir's other files (settings, users, the clock) would be overwritten by either.
//
// The lock is a file, eventbench.lock, holding the owner's pid (and its URL once it listens). It
// is made whole in one step (written aside, then hard-linked into place, which fails if one is
// there), so a reader never sees half of it. An owner that died without removing it (kill -9, a
// power cut) leaves a stale lock: its pid no longer runs (or is this process's own, as after a
// restart in a container, where pids repeat), and the next engine takes it over. A zombie counts
// as gone: a serve killed with -9 is one until its parent reaps it, and kill(pid, 0) still finds it.
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { readDataFileSync } from './json-file';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'eventbench.lock';

interface LockContent {
  pid: number;
  startedAt: string;
  url?: string;
}

/** Another engine holds the data dir. */
export class DataDirInUse extends Error {}

/** Data dirs this process holds (two engines in one process are refused as well). */
const heldHere = new Set<string>();

export interface DataDirLock {
  /** The engine listens at url: the lock says so, for the message a second engine gives. */
  setUrl(url: string): void;
  /** Removes the lock (only if it is still this engine's). */
  release(): void;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false; // ours, from before a restart that reused the pid (or held in heldHere)
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // runs, as another user (whose /proc entry may be hidden)
  }
  return !isZombieOrGone(pid);
}

/**
 * Linux: the pid is dead but not yet reaped (state Z in /proc/<pid>/stat), or gone since kill(pid, 0).
 * Elsewhere there is no /proc to ask: false, so the lock holder counts as running, as before.
 */
export function isZombieOrGone(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
  // "pid (comm) S …": the name may hold spaces and parentheses, the state follows the last ")".
  return stat.slice(stat.lastIndexOf(')') + 1).trim().startsWith('Z');
}

function readLock(path: string): LockContent | undefined {
  try {
    const v = JSON.parse(readDataFileSync(path).toString('utf8')) as Partial<LockContent>;
    return typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0 ? { pid: v.pid, startedAt: String(v.startedAt ?? ''), ...(typeof v.url === 'string' ? { url: v.url } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

function describe(dataDir: string, owner: LockContent): string {
  const where = [`pid ${owner.pid}`, owner.url, owner.startedAt ? `since ${owner.startedAt}` : undefined].filter(Boolean).join(', ');
  return `data dir ${dataDir} is in use by another Eventbench (${where}); stop it first, or choose another data dir`;
}

/**
 * Takes the data dir for this engine, or throws DataDirInUse naming the engine that has it.
 * Other failures (a read-only dir...) throw the file system's error.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const dir = resolve(dataDir);
  const path = join(dir, LOCK_FILE);
  if (heldHere.has(dir)) throw new DataDirInUse(describe(dataDir, readLock(path) ?? { pid: process.pid, startedAt: '' }));
  const mine: LockContent = { pid: process.pid, startedAt: new Date().toISOString() };
  const aside = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  const write = (content: LockContent) => writeFileSync(aside, JSON.stringify(content) + '\n', { mode: 0o644 });
  const removeAside = () => {
    try {
      unlinkSync(aside);
    } catch {
      // Already gone (or never made).
    }
  };
  try {
    // Inside the try: a full disk creates the file and then refuses its bytes, and the empty
    // file was left in the data dir for good, one more at each start that failed.
    write(mine);
    for (let attempt = 0; ; attempt++) {
      try {
        try {
          linkSync(aside, path);
        } catch (e) {
          // A file system without hard links (FAT, some network shares): created in place instead.
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw e;
          writeFileSync(path, JSON.stringify(mine) + '\n', { flag: 'wx', mode: 0o644 });
        }
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw e;
      }
      const owner = readLock(path);
      if (owner !== undefined && isRunning(owner.pid)) throw new DataDirInUse(describe(dataDir, owner));
      // Stale (its engine is gone) or unreadable: taken over.
      try {
        unlinkSync(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  } finally {
    removeAside();
  }
  heldHere.add(dir);
  let released = false;
  return {
    setUrl(url) {
      if (released) return;
      mine.url = url;
      try {
        write(mine);
        renameSync(aside, path);
      } catch {
        // The lock stays as it was: only the message a second engine gives is shorter. A write
        // the disk refused leaves its file aside: removed, as at the start.
        removeAside();
      }
    },
    release() {
      if (released) return;
      released = true;
      heldHere.delete(dir);
      if (readLock(path)?.pid !== process.pid) return; // taken over meanwhile: not ours to remove
      try {
        unlinkSync(path);
      } catch {
        // Already gone.
      }
    },
  };
}
