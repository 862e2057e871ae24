// The end-to-end tests find a browser by themselves on a fresh machine (issue #12): the order is
// EVENTBENCH_CHROMIUM, a system Chromium/Chrome on PATH, Playwright's own, then the Chromium that
// the @sparticuz/chromium devDependency carries in its npm package.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledLibraries, findChromium, missingLibraries } from '../e2e/find-chromium';

const dir = mkdtempSync(join(tmpdir(), 'eventbench-find-chromium-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeBrowser(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\necho fake\n');
  chmodSync(path, 0o755);
  return path;
}

describe('findChromium', () => {
  it('takes EVENTBENCH_CHROMIUM first, and says so', async () => {
    const own = fakeBrowser('my-chrome');
    fakeBrowser('chromium');
    expect(await findChromium({ EVENTBENCH_CHROMIUM: own, PATH: dir })).toEqual({ executablePath: own, source: 'EVENTBENCH_CHROMIUM' });
  });

  it('a wrong EVENTBENCH_CHROMIUM is an error that says what to do, not a silent fallback', async () => {
    await expect(findChromium({ EVENTBENCH_CHROMIUM: join(dir, 'nope'), PATH: dir })).rejects.toThrow(/EVENTBENCH_CHROMIUM is .*nope, which is not an executable file; unset it/);
  });

  it('then a system Chromium or Chrome on PATH', async () => {
    const sub = join(dir, 'bin');
    execFileSync('mkdir', ['-p', sub]);
    writeFileSync(join(sub, 'google-chrome'), '#!/bin/sh\n');
    chmodSync(join(sub, 'google-chrome'), 0o755);
    expect(await findChromium({ PATH: `/nonexistent:${sub}` })).toEqual({ executablePath: join(sub, 'google-chrome'), source: 'system google-chrome on PATH' });
  });

  it('with nothing on PATH and no Playwright browser, unpacks the packaged Chromium, which runs', async () => {
    const found = await findChromium({ PATH: join(dir, 'empty') });
    // This machine may have Playwright's own browser installed; otherwise the packaged one.
    expect(["Playwright's own Chromium", '@sparticuz/chromium (the devDependency)']).toContain(found.source);
    if (found.source.startsWith('@sparticuz')) expect(execFileSync(found.executablePath, ['--version'], { encoding: 'utf8' })).toMatch(/^Chromium \d+\./);
  }, 60_000);

  it('where the system has no NSS, the packaged Chromium runs on the NSS libraries its package carries', async () => {
    const noNss = fakeBrowser('no-nss');
    writeFileSync(noNss, "#!/bin/sh\necho 'chromium: error while loading shared libraries: libnss3.so: cannot open shared object file: No such file or directory' >&2\nexit 127\n");
    expect(missingLibraries(noNss)).toBe('libnss3.so is missing');
    const libs = bundledLibraries();
    for (const lib of ['libnss3.so', 'libnspr4.so', 'libnssutil3.so', 'libplc4.so', 'libplds4.so']) expect(execFileSync('ls', [libs]).toString()).toContain(lib);
    const { default: packaged } = await import('@sparticuz/chromium');
    const chromium = await packaged.executablePath();
    // The loader takes NSS from the bundled folder, not the system's, and the browser starts.
    const ldd = execFileSync('ldd', [chromium], { env: { ...process.env, LD_LIBRARY_PATH: libs }, encoding: 'utf8' });
    expect(ldd).toMatch(new RegExp(`libnss3\\.so => ${libs}/libnss3\\.so`));
    expect(missingLibraries(chromium, { LD_LIBRARY_PATH: libs })).toBeUndefined();
  }, 60_000);
});
