// A small JSON file in the data dir, written whole and atomically (temp file + rename, one write
// at a time), so a crash mid-write keeps the previous version.
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';

/**
 * Keeps a file that could not be taken as written beside it (`settings.json.damaged`, else
 * `.damaged-2`…), private to its owner (it may hold secrets), before the next save replaces it:
 * what was in it (another webhook's secret, a hand edit with one comma too many) is not lost.
 * Returns the copy's name, or undefined when it could not be written. The same file read again
 * (each start until it is saved) names the copy it already has, so the warning says the same.
 */
export async function keepDamagedCopy(path: string, text: string): Promise<string | undefined> {
  for (let n = 1; n <= 100; n++) {
    const copy = `${path}.damaged${n === 1 ? '' : `-${n}`}`;
    try {
      await writeFile(copy, text, { flag: 'wx', mode: 0o600 });
      return basename(copy);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
      if ((await readFile(copy, 'utf8').catch(() => undefined)) === text) return basename(copy);
    }
  }
  return undefined;
}

export class JsonFile<T> {
  private writing: Promise<void> | undefined;
  private pending: { text: string } | undefined;

  constructor(
    readonly path: string,
    private readonly options: {
      /** Written on one line (large files). */ compact?: boolean;
      /** What a read problem leads to, for the warning. */ fallback?: string;
      /** Mode 0600: the file holds a key (forwarding.json). */ private?: boolean;
    } = {},
  ) {}

  /** The parsed file; undefined when missing, or unreadable (then `warn` says what and where). */
  async read(warn: (message: string) => void): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warn(`${basename(this.path)}: cannot read it (${(e as Error).message}); ${this.options.fallback ?? 'using defaults'}`);
      return undefined;
    }
    // An earlier version wrote it readable by others: it holds a key, so it is made private now.
    if (this.options.private) await chmod(this.path, 0o600).catch(() => undefined);
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      const copy = await keepDamagedCopy(this.path, text);
      warn(`${basename(this.path)}: not valid JSON (${(e as Error).message}); ${this.options.fallback ?? 'using defaults'} until it is saved again${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
      return undefined;
    }
  }

  /**
   * Writes the value; while a write is under way, later values wait and only the newest is
   * written (a run of 5,000 clock steps is a handful of writes, not 5,000).
   */
  write(value: T): Promise<void> {
    this.pending = { text: (this.options.compact ? JSON.stringify(value) : JSON.stringify(value, null, 2)) + '\n' };
    this.writing ??= this.drain().finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const { text } = this.pending;
      this.pending = undefined;
      const tmp = `${this.path}.tmp`;
      if (this.options.private) {
        // writeFile's mode does not apply to a temp file a crash left behind: chmod it too.
        await writeFile(tmp, text, { mode: 0o600 });
        await chmod(tmp, 0o600);
      } else await writeFile(tmp, text);
      await rename(tmp, this.path);
    }
  }

  flushed(): Promise<void> {
    return (this.writing ?? Promise.resolve()).catch(() => undefined);
  }
}
