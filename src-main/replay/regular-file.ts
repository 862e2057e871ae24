// Files a command of the engine reads by a path a client names (a scenario, its users file) must be
// regular files: reading a FIFO waits for a writer that may never come, holding one of libuv's four
// file threads (four such reads stop every file read and write of the engine), and a device never ends.
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

/** What the path is when it is not a regular file ("a FIFO", "a device", "a folder", "a socket"); undefined for a regular file or one that cannot be looked at (the read then says why). */
export async function notRegularFile(path: string): Promise<string | undefined> {
  const s = await stat(path).catch(() => undefined);
  return s === undefined ? undefined : fileKind(s);
}

/** What a file looked at is when it is not a regular file ("a FIFO", "a device"…); undefined for a regular file. */
export function fileKind(s: Stats): string | undefined {
  if (s.isFile()) return undefined;
  if (s.isFIFO()) return 'a FIFO';
  if (s.isDirectory()) return 'a folder';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
