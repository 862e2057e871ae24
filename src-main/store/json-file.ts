// A small JSON file in the data dir, written whole and atomically (temp file + rename, one write
// at a time), so a crash mid-write keeps the previous version.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';

export class JsonFile<T> {
  private writing: Promise<void> | undefined;
  private pending: { text: string } | undefined;

  constructor(
    readonly path: string,
    private readonly options: { /** Written on one line (large files). */ compact?: boolean; /** What a read problem leads to, for the warning. */ fallback?: string } = {},
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
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      warn(`${basename(this.path)}: not valid JSON (${(e as Error).message}); ${this.options.fallback ?? 'using defaults'} until it is saved again`);
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
      await writeFile(tmp, text);
      await rename(tmp, this.path);
    }
  }

  flushed(): Promise<void> {
    return (this.writing ?? Promise.resolve()).catch(() => undefined);
  }
}
