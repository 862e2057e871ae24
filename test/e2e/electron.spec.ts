// Electron smoke test: runs where Electron's binary exists; elsewhere it is skipped and says why.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = join(import.meta.dirname, '../..');

/** The Electron binary if installed. Reads path.txt directly: require('electron') would try a download. */
function electronBinary(): string | undefined {
  try {
    const dir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const hasDisplay = process.platform !== 'linux' || !!process.env.DISPLAY;
const skipReason = !binary
  ? "Electron's binary is not installed on this machine (offline: its download is refused), so the desktop shell cannot start"
  : !hasDisplay
    ? 'no display (DISPLAY unset); run under xvfb-run to include the Electron smoke test'
    : '';
if (skipReason) console.log(`[electron smoke test skipped] ${skipReason}`);

test('the Electron shell opens the inspector over IPC, with Node kept out of the renderer', async () => {
  test.skip(!!skipReason, skipReason);
  const dataDir = mkdtempSync(join(tmpdir(), 'eventbench-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, EVENTBENCH_DATA_DIR: dataDir, EVENTBENCH_PORT: '0' },
  });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle(/Eventbench/);
    // No Node in the renderer: only the contract object is exposed.
    const exposure = await page.evaluate(() => ({
      hasApi: typeof (globalThis as unknown as { eventbench?: unknown }).eventbench === 'object',
      hasRequire: typeof (globalThis as unknown as { require?: unknown }).require !== 'undefined',
      hasProcess: typeof (globalThis as unknown as { process?: unknown }).process !== 'undefined',
    }));
    expect(exposure).toEqual({ hasApi: true, hasRequire: false, hasProcess: false });
    const info = await page.evaluate(() =>
      (globalThis as unknown as { eventbench: { call(n: string, a: unknown): Promise<{ shell: string }> } }).eventbench.call('engine.info', undefined),
    );
    expect(info.shell).toBe('electron');
    // Navigation away from the app is denied: wait for the main process's will-navigate (the
    // moment it decides), not for time. The listener goes in before the navigation starts.
    type Nav = { url: string; prevented: boolean; stillAt: string };
    await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]!.webContents;
      (globalThis as unknown as { __nav: Promise<Nav> }).__nav = new Promise<Nav>((resolve) => {
        contents.once('will-navigate', (event, url) => {
          // The app's own handler ran first (registered when the window was made); look after it.
          setImmediate(() => resolve({ url, prevented: event.defaultPrevented, stillAt: contents.getURL() }));
        });
      });
    });
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    const nav = await app.evaluate(() => (globalThis as unknown as { __nav: Promise<Nav> }).__nav);
    expect(nav).toMatchObject({ url: 'https://example.com/', prevented: true });
    expect(nav.stillAt).toMatch(/^file:.*index\.html/);
    expect(page.url()).toMatch(/^file:.*index\.html/);
    await page.screenshot({ path: 'test-results/screenshots/electron.png' });
  } finally {
    await app.close();
  }
});
