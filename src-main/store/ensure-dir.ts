// mkdir -p that cannot hang: Node 20's recursive mkdir loops forever on some paths (e.g. under
// /proc), so create the missing components one by one and let each failure surface.
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export async function ensureDir(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    const info = await stat(current).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`ENOTDIR: ${current} is not a directory`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const d of missing.reverse()) {
    await mkdir(d).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
}
