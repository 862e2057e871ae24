// runScenarios/expectScenarios (and eventbench run) given a path that is not a regular file:
// reading a FIFO waits for a writer that may never come, so the run hung for ever (and held one
// of libuv's four file threads); it must be an invalid result that says what the path is.
import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenarios } from '../../src-main/testing/index';

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))]);

describe.skipIf(process.platform === 'win32')('a scenario path that is not a regular file', () => {
  let dir: string;
  let fifo: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eventbench-odd-scenarios-'));
    fifo = join(dir, 'pipe.scenario.yaml');
    execFileSync('mkfifo', [fifo]);
  });
  afterAll(async () => {
    // A read left waiting on the FIFO (the defect) is released by a writer that opens and closes it.
    const h = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
    await h?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a FIFO named *.scenario.yaml, given by its path, is an invalid result saying it is a FIFO, not a run that never ends', async () => {
    {
      const run = await withTimeout(runScenarios(fifo), 10_000);
      expect(run.passed).toBe(false);
      expect(run.results).toHaveLength(1);
      expect(run.results[0].invalid).toEqual([{ line: 0, column: 0, message: 'a FIFO, not a regular file: a scenario is read from a file' }]);
      // The report names the file once, before the message (it was twice: the message named it too).
      expect(run.report).toMatch(/pipe\.scenario\.yaml: a FIFO/);
      expect(run.report).not.toMatch(/pipe\.scenario\.yaml: [^\n]*pipe\.scenario\.yaml/);
      expect(run.report).toContain('a FIFO, not a regular file');
    }
    // A glob, and a folder's listing, take files only: the FIFO is not one of theirs.
    const globbed = await withTimeout(runScenarios(join(dir, '*.scenario.yaml')), 10_000);
    expect(globbed.results[0].noScenario).toBe(`${join(dir, '*.scenario.yaml')}: no file matches this glob`);
    const folder = await withTimeout(runScenarios(dir), 10_000);
    expect(folder.results[0].noScenario).toBe(`no scenario files in ${dir} (looked for *.scenario.yaml, *.scenario.yml and *.scenario.json, in its subfolders too)`);
  });
});
