// A small JSON file in the data dir, written whole and atomically: a temp file beside it, flushed
// to the disk (fsync), then renamed over the file, so a crash mid-write keeps the previous version
// and a save is answered only once the new one is in place. A save that fails is a SaveFailed:
// which file, why, and what to do; the previous file stays as it was.
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, constants, fstatSync, fsyncSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { chmod, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { textOfFile } from '../../src-shared/text-encoding';
import { mayHoldLossyNumber, parseExact, stringifyExact } from '../../src-shared/exact-json';
import { jsonSyntaxWhere } from '../../src-shared/tracking-api/json-error';
import { fileKind } from '../replay/regular-file';

/**
 * A data dir file's text, as a hand edit may have saved it: UTF-8 with or without a byte-order
 * mark (Notepad, Windows PowerShell 5.1's `Set-Content -Encoding UTF8`), or UTF-16 (Notepad's
 * "Unicode", PowerShell 5.1's `Out-File`). Read as plain UTF-8, each was "not valid JSON
 * (Unexpected token '\ufeff')", and every setting in it was set aside. Throws, naming it, for an
 * encoding Eventbench does not read (UTF-32).
 */
export function dataFileText(bytes: Uint8Array): string {
  const read = textOfFile(bytes);
  if ('error' in read) throw new Error(read.error);
  return read.text;
}

/** What to do about a failed write, by its error code. */
function adviceFor(code: string | undefined, path: string): string {
  const dir = dirname(path);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return `the disk (or this process's file-size limit) is full: free some space, then save again`;
    case 'EACCES':
    case 'EPERM':
      return `Eventbench may not write in ${dir}: give this user write permission on it, then save again`;
    case 'EROFS':
      return `${dir} is on a read-only file system: start Eventbench with a writable --data-dir`;
    case 'EISDIR':
      return `a folder is in the way of ${basename(path)} in ${dir}: move it away, then save again`;
    case 'ENOTDIR':
    case 'ENOENT':
      return `the data dir ${dir} is no longer a folder (moved, removed or replaced while Eventbench ran): put it back, or restart Eventbench, then save again`;
    default:
      return `check that ${dir} is a writable folder with free space, then save again`;
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A save that did not reach the disk; nothing of it was kept (the file on disk is the previous one). */
export class SaveFailed extends Error {
  readonly code = 'save-failed';
  /** The file's name in the data dir (settings.json). */
  readonly file: string;
  constructor(
    readonly path: string,
    readonly cause: NodeJS.ErrnoException,
    what = 'the change',
    /** `what` names more than one thing ("the matching settings"): "were not saved", not "was". */
    plural = false,
  ) {
    const file = basename(path);
    // A file removed by hand (or never saved yet) has no previous version to keep.
    const kept = existsAsFile(path) ? `the previous ${file} is kept` : `there is no ${file} yet (the values in use stay as they were)`;
    super(`${what} ${plural ? 'were' : 'was'} not saved: ${file} could not be written (${cause.code ? `${cause.code}: ` : ''}${cause.message.replace(/^[A-Z]+: /, '')}); nothing was changed, ${kept}. ${capitalize(adviceFor(cause.code, path))}`);
    this.file = file;
  }
}

function existsAsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A temp file of a save (settings.json.1234.5.tmp; settings.json.tmp and drafts.json.1234.tmp of earlier versions). */
const TEMP_FILE = /^[\w.-]+\.json(?:\.\d+){0,2}\.tmp$/;

/**
 * Removes the temp files saves left behind when Eventbench was killed mid-write (called with the
 * data dir's lock held, so no save of another engine is under way). They are never read, and one
 * may hold a key since removed (secrets.json's, forwarding.json's). Returns their names.
 */
/**
 * A data dir file's bytes, read only when it is a regular file: a FIFO put in its place (mkfifo)
 * is opened without waiting for a writer, and a link to a device (/dev/zero) is not read to its
 * never-reached end. Either hung the start without a word. Such a file throws (code ENOTFILE)
 * "it is a FIFO, not a file: move it away"; a missing one throws ENOENT as readFile does.
 */
export async function readDataFile(path: string): Promise<Buffer> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const kind = fileKind(await fh.stat());
    if (kind !== undefined) throw notAFile(kind);
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

/** readDataFile, synchronously (the data dir's lock is read before anything else runs). */
export function readDataFileSync(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const kind = fileKind(fstatSync(fd));
    if (kind !== undefined) throw notAFile(kind);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

function notAFile(kind: string): Error {
  return Object.assign(new Error(`it is ${kind}, not a file: move it away`), { code: 'ENOTFILE' });
}

export function removeStaleTempFiles(dataDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dataDir).filter((n) => TEMP_FILE.test(n));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    try {
      rmSync(join(dataDir, name), { force: true });
      removed.push(name);
    } catch {
      /* left for the next start */
    }
  }
  return removed;
}

let tempCounter = 0;
const tempPath = (path: string) => `${path}.${process.pid}.${++tempCounter}.tmp`;

/** Best effort: the rename itself on disk (a folder cannot be opened for this on Windows). */
function syncDirSync(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported here: the file's own fsync stands */
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* not supported here: the file's own fsync stands */
  }
}

export interface AtomicWriteOptions {
  /** Mode 0600: the file holds a secret. */
  private?: boolean;
  /** Flush the temp file to the disk before the rename (default true). */
  fsync?: boolean;
  /** What is being saved, for the error ("the webhook", "the clock"). */
  what?: string;
  /** `what` is plural ("the matching settings"): the error says "were not saved". */
  plural?: boolean;
}

/**
 * Writes `text` to `path` atomically: resolves once the new file is in place; rejects with a
 * SaveFailed, the previous file untouched, when it cannot be.
 */
export async function writeFileAtomic(path: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  const tmp = tempPath(path);
  try {
    const fh = await open(tmp, 'w', options.private ? 0o600 : 0o666);
    try {
      if (options.private) await fh.chmod(0o600); // the umask cannot loosen it; be explicit all the same
      await fh.writeFile(text, 'utf8');
      if (options.fsync !== false) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new SaveFailed(path, e as NodeJS.ErrnoException, options.what, options.plural);
  }
  if (options.fsync !== false) await syncDir(dirname(path));
}

/** writeFileAtomic, synchronously (a clock step is answered in the same tick, in well under a millisecond). */
export function writeFileAtomicSync(path: string, text: string, options: AtomicWriteOptions = {}): void {
  const tmp = tempPath(path);
  try {
    const fd = openSync(tmp, 'w', options.private ? 0o600 : 0o666);
    try {
      if (options.private) chmodSync(tmp, 0o600);
      const bytes = Buffer.from(text, 'utf8');
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
      if (options.fsync !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* nothing to remove */
    }
    throw new SaveFailed(path, e as NodeJS.ErrnoException, options.what, options.plural);
  }
  if (options.fsync !== false) syncDirSync(dirname(path));
}

/** The text (ending in a newline) with spaces before that newline, to `size` bytes: JSON reads it the same. */
function padded(bytes: Buffer, size: number): Buffer {
  const out = Buffer.alloc(size, 0x20);
  bytes.copy(out, 0, 0, bytes.length - 1);
  out[size - 1] = 0x0a;
  return out;
}

/**
 * Keeps a file that could not be taken as written beside it (`settings.json.damaged`, else
 * `.damaged-2`…), private to its owner (it may hold secrets), before the next save replaces it:
 * what was in it (another webhook's secret, a hand edit with one comma too many) is not lost.
 * Returns the copy's name, or undefined when it could not be written. The same file read again
 * (each start until it is saved) names the copy it already has, so the warning says the same.
 */
export async function keepDamagedCopy(path: string, text: string | Uint8Array): Promise<string | undefined> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let n = 1; n <= 100; n++) {
    const copy = `${path}.damaged${n === 1 ? '' : `-${n}`}`;
    try {
      await writeFile(copy, bytes, { flag: 'wx', mode: 0o600 });
      return basename(copy);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
      const kept = await readFile(copy).catch(() => undefined);
      if (kept !== undefined && Buffer.compare(kept, bytes) === 0) return basename(copy);
    }
  }
  return undefined;
}

// ---- hand edits ----
// A data dir file edited by hand while Eventbench runs (settings.json, workspace.json…) was
// overwritten by the next save without a word: Eventbench reads these files only at start. Each
// save now first checks that the file on disk is the one this process last read or wrote (its
// bytes, or a large file's hash: the same size and modification time is no proof, see edited()); when it is not, the edited
// file is kept beside it as `<name>.edited-<UTC time>` and the data dir's listener is told (the
// engine shows it as a warning in the UI and in GET /api/health), then the save goes ahead.

type HandEditListener = (message: string) => void;
const handEditListeners = new Map<string, HandEditListener>();

/** Who hears of a hand edit kept aside in this data dir (the engine, while it runs); returns the unsubscribe. */
export function onHandEdit(dataDir: string, listener: HandEditListener): () => void {
  handEditListeners.set(dataDir, listener);
  return () => {
    if (handEditListeners.get(dataDir) === listener) handEditListeners.delete(dataDir);
  };
}

const hashOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');

/**
 * What this process last knew of a file: absent, or its bytes (a small file: compared as they are,
 * no hash to compute on each of a scenario's clock steps) or their hash (a large one: users.json).
 */
type Known = { absent: true } | { absent: false; size: number; bytes?: Uint8Array; hash?: string };
const KEPT_BYTES_MAX = 64 * 1024;
const knownOf = (bytes: Uint8Array): Known => (bytes.length <= KEPT_BYTES_MAX ? { absent: false, size: bytes.length, bytes: Buffer.from(bytes) } : { absent: false, size: bytes.length, hash: hashOf(bytes) });

/** Tracks one data dir file's version as this process last read or wrote it, and keeps a hand-edited one aside before a save. */
export class HandEditGuard {
  private known: Known | undefined;
  constructor(
    readonly path: string,
    private readonly what: string,
  ) {}

  /** The file as read (undefined: it was absent). */
  noteRead(bytes: Uint8Array | undefined): void {
    this.known = bytes === undefined ? { absent: true } : knownOf(bytes);
  }

  /** The file as this process just wrote it. */
  noteWritten(bytes: Uint8Array): void {
    this.noteRead(bytes);
  }

  /** The edited file's bytes when the file on disk is not the version this process knows; undefined when it is (or nothing is known). */
  private edited(st: { size: number } | undefined, read: () => Buffer): Buffer | undefined {
    const known = this.known;
    if (known === undefined || st === undefined) return undefined; // untracked, or deleted by hand: nothing to keep
    // The bytes decide. The size and the modification time were taken as proof when both were the
    // ones known, and an edit of the same size within one tick of the file system's clock after
    // this process's last read or write (1-16 ms on Linux and Windows, 1-2 s on HFS+ and FAT)
    // keeps both: it was written over without a word. A settings file is a few hundred bytes; a
    // clock step reads it through the descriptor it writes with (JsonFile.writeInPlace).
    const bytes = read();
    if (known.absent || bytes.length !== known.size) return bytes;
    const same = known.bytes !== undefined ? bytes.equals(known.bytes) : hashOf(bytes) === known.hash;
    return same ? undefined : bytes;
  }

  private tell(copy: string | undefined, what: string): void {
    const file = basename(this.path);
    const message = copy
      ? `${file} was changed outside Eventbench while it ran (Eventbench reads it only at start): the save of ${what} would have overwritten that edit, so the edited file is kept as ${copy}. Make the change in the app, or stop Eventbench, put the edited file back as ${file} and start it again.`
      : `${file} was changed outside Eventbench while it ran, and the save of ${what} overwrote that edit: the edited file could not be kept beside it.`;
    handEditListeners.get(dirname(this.path))?.(message);
  }

  /** Before a save: keeps a hand-edited file aside (its name), saying so; undefined when there was none. */
  async keepIfEdited(what = this.what): Promise<string | undefined> {
    const st = await stat(this.path).catch(() => undefined);
    let bytes: Buffer | undefined;
    try {
      bytes = this.edited(st, () => readFileSync(this.path));
    } catch {
      return undefined;
    }
    if (bytes === undefined) return undefined;
    const name = `${this.path}.edited-${stamp()}`;
    const copy = await writeFile(name, bytes, { flag: 'wx', mode: 0o600 }).then(
      () => basename(name),
      () => undefined,
    );
    // The edited version is the one on disk now: a save that then fails keeps it no second time.
    this.noteRead(bytes);
    this.tell(copy, what);
    return copy;
  }

  /**
   * keepIfEdited, synchronously (a clock step). `open`: the file as a descriptor the caller holds
   * shows it (its fstat, a read through it), in place of a stat and a read by path.
   */
  keepIfEditedSync(what = this.what, open?: { st: { size: number }; read: () => Buffer }): string | undefined {
    let bytes: Buffer | undefined;
    let st: { size: number } | undefined;
    try {
      if (open) st = open.st;
      else {
        try {
          st = statSync(this.path);
        } catch {
          st = undefined;
        }
      }
      bytes = this.edited(st, open ? open.read : () => readFileSync(this.path));
    } catch {
      return undefined;
    }
    if (bytes === undefined) return undefined;
    const name = `${this.path}.edited-${stamp()}`;
    let copy: string | undefined;
    try {
      writeFileSync(name, bytes, { flag: 'wx', mode: 0o600 });
      copy = basename(name);
    } catch {
      copy = undefined;
    }
    // The edited version is the one on disk now: a save that then fails keeps it no second time.
    this.noteRead(bytes);
    this.tell(copy, what);
    return copy;
  }
}

interface PendingWrite {
  text: string;
  waiters: { resolve(): void; reject(e: Error): void }[];
}

/** The first `size` bytes of an open file (fewer when it is shorter). */
function readWhole(fd: number, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const got = readSync(fd, out, n, size - n, n);
    if (got === 0) break;
    n += got;
  }
  return out.subarray(0, n);
}

/** The least room an in-place file keeps for its text (see JsonFile's `inPlace`). */
const IN_PLACE_MIN_BYTES = 1024;

export class JsonFile<T> {
  private writing: Promise<void> | undefined;
  private pending: PendingWrite | undefined;
  /** inPlace: the file's size as this process last wrote it (its text padded with spaces to it). */
  private inPlaceSize: number | undefined;
  /** Keeps a hand edit made while Eventbench runs aside before a save overwrites it. */
  private readonly guard: HandEditGuard;

  constructor(
    readonly path: string,
    private readonly options: {
      /** Written on one line (large files). */ compact?: boolean;
      /** What a read problem leads to, for the warning. */ fallback?: string;
      /** Mode 0600: the file holds a key (forwarding.json). */ private?: boolean;
      /** What the file holds, for a failed save's error ("the workspace"). */ what?: string;
      /** `what` is plural ("the matching settings were not saved"). */ plural?: boolean;
      /**
       * writeSync writes over the file in place, in one write of its text padded with spaces to the
       * file's size, where the temp file and the rename cost about 0.25 ms (a scenario's 5,000 clock
       * steps spent 1.3 s of their 3.2 s in them). One write of a few hundred bytes is whole or not
       * done when the process dies; a text longer than the room, or a file gone, is written
       * atomically as before, with room to spare.
       */
      inPlace?: boolean;
      /**
       * Numbers a double cannot hold (a trait sent as 9007199254740993) are read and written with
       * their digits (exact-json.ts markers), where JSON.parse read …992. Only a text that may hold
       * one (mayHoldLossyNumber) takes parseExact.
       */
      exact?: boolean;
    } = {},
  ) {
    this.guard = new HandEditGuard(path, options.what ?? 'a change');
  }

  /** The parsed file; undefined when missing, or unreadable (then `warn` says what and where). */
  async read(warn: (message: string) => void): Promise<T | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readDataFile(this.path);
      this.guard.noteRead(bytes);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') this.guard.noteRead(undefined);
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warn(`${basename(this.path)}: cannot read it (${(e as Error).message}); ${this.options.fallback ?? 'using defaults'}`);
      return undefined;
    }
    // An earlier version wrote it readable by others: it holds a key, so it is made private now.
    if (this.options.private) await chmod(this.path, 0o600).catch(() => undefined);
    let text: string | undefined;
    try {
      text = dataFileText(bytes);
      return (this.options.exact && mayHoldLossyNumber(text) ? parseExact(text) : JSON.parse(text)) as T;
    } catch (e) {
      // The bytes as they were (a UTF-32 file is kept as it was saved).
      const copy = await keepDamagedCopy(this.path, bytes);
      // "the file is UTF-32 (…), which Eventbench does not read; …", or what JSON.parse found.
      const what = text === undefined ? (e as Error).message : `not valid JSON (${jsonSyntaxWhere(text, e)})`;
      warn(`${basename(this.path)}: ${what}; ${this.options.fallback ?? 'using defaults'} until it is saved again${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
      return undefined;
    }
  }

  private text(value: T): string {
    const space = this.options.compact ? undefined : 2;
    return (this.options.exact ? stringifyExact(value, space) : JSON.stringify(value, null, space)) + '\n';
  }

  /**
   * Writes the value; resolves once it (or a value written after it) is on disk, rejects with a
   * SaveFailed when the write that carried it failed. While a write is under way, later values
   * wait and only the newest is written (a burst of saves is a handful of writes).
   */
  write(value: T): Promise<void> {
    const text = this.text(value);
    return new Promise<void>((resolve, reject) => {
      if (this.pending) this.pending.text = text;
      else this.pending = { text, waiters: [] };
      this.pending.waiters.push({ resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.writing) return;
    this.writing = this.drain().finally(() => {
      this.writing = undefined;
      // A value given after the loop's last look (its caller resumed before this ran): written now.
      if (this.pending) this.kick();
    });
  }

  /** Writes the value now, synchronously; throws a SaveFailed (the file as it was) when it cannot. */
  writeSync(value: T, options: { fsync?: boolean } = {}): void {
    const text = this.text(value);
    if (!this.options.inPlace) {
      this.guard.keepIfEditedSync();
      writeFileAtomicSync(this.path, text, { private: this.options.private, what: this.options.what, plural: this.options.plural, ...options });
      this.guard.noteWritten(Buffer.from(text, 'utf8'));
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    if (options.fsync === false && this.inPlaceSize !== undefined && bytes.length <= this.inPlaceSize && this.writeInPlace(bytes, this.inPlaceSize)) {
      this.guard.noteWritten(padded(bytes, this.inPlaceSize));
      return;
    }
    this.guard.keepIfEditedSync();
    const size = Math.max(IN_PLACE_MIN_BYTES, 2 * bytes.length);
    const whole = padded(bytes, size);
    writeFileAtomicSync(this.path, whole.toString('utf8'), { private: this.options.private, what: this.options.what, plural: this.options.plural, ...options });
    this.guard.noteWritten(whole);
    this.inPlaceSize = size;
  }

  /** One write over the whole file at offset 0; false when it could not be done (then written atomically). */
  private writeInPlace(bytes: Buffer, size: number): boolean {
    let fd: number;
    try {
      fd = openSync(this.path, 'r+');
    } catch {
      return false;
    }
    try {
      // Another size than this process left (a hand edit, a copy put back): not written over.
      const st = fstatSync(fd);
      if (st.size !== size) return false;
      // A hand edit of the same size is kept aside first, read through this descriptor.
      this.guard.keepIfEditedSync(undefined, { st, read: () => readWhole(fd, size) });
      return writeSync(fd, padded(bytes, size), 0, size, 0) === size;
    } catch {
      return false;
    } finally {
      closeSync(fd);
    }
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const { text, waiters } = this.pending;
      this.pending = undefined;
      try {
        await this.guard.keepIfEdited();
        await writeFileAtomic(this.path, text, { private: this.options.private, what: this.options.what, plural: this.options.plural });
        this.guard.noteWritten(Buffer.from(text, 'utf8'));
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e as Error);
      }
    }
  }

  flushed(): Promise<void> {
    return (this.writing ?? Promise.resolve()).catch(() => undefined);
  }
}
