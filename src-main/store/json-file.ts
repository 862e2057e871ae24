// A small JSON file in the data dir, written whole and atomically (temp file + rename, writes
// serialized), so a crash mid-write keeps the previous version.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';

export class JsonFile<T> {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  /** The parsed file; undefined when missing, or unreadable (then `warn` says what and where). */
  async read(warn: (message: string) => void): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warn(`${basename(this.path)}: cannot read it (${(e as Error).message}); using defaults`);
      return undefined;
    }
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      warn(`${basename(this.path)}: not valid JSON (${(e as Error).message}); using defaults until they are changed`);
      return undefined;
    }
  }

  write(value: T): Promise<void> {
    const text = JSON.stringify(value, null, 2) + '\n';
    this.writing = this.writing.catch(() => undefined).then(async () => {
      const tmp = `${this.path}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, this.path);
    });
    return this.writing;
  }

  flushed(): Promise<void> {
    return this.writing.catch(() => undefined);
  }
}
