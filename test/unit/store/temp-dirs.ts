// Real temp dirs for the store's unit tests, each removed after the test that made it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** Registers the clean-up for the calling file; returns a maker of fresh dirs named `eventbench-<name>-…`. */
export function tempDirsPerTest(name: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), `eventbench-${name}-`));
    dirs.push(d);
    return d;
  };
}
