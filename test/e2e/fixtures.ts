// Starts the built CLI (`eventbench serve --port 0`) on a fresh data dir for each test, reads the
// URL it prints, and stops it afterwards. Build first: `npx electron-vite build` (npm test does).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

const root = join(import.meta.dirname, '../..');
const cli = join(root, 'src-main/cli/eventbench.js');

export interface Eventbench {
  url: string;
  dataDir: string;
  /** POST a JSON body to a receiver path, with a write key in Basic auth. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  track(message: Record<string, unknown>): Promise<void>;
  /** Stops the server (the UI then sees the engine go away). */
  stop(): Promise<void>;
}

const START_MS = 45_000;

async function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  if (!existsSync(join(root, 'out/main/cli.js')) || !existsSync(join(root, 'out/renderer/index.html'))) {
    throw new Error('The app is not built: run `npx electron-vite build` before the e2e tests');
  }
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir, '--no-open'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    // Started in about 0.6 s of CPU, but on a loaded machine (two workers beside other work) that
    // took 14 to 18 s of wall time and failed a run at 15 s with nothing printed yet: wait up to
    // 45 s, inside the test's 60, so a server that hangs still fails with its output.
    const timer = setTimeout(() => reject(new Error(`eventbench serve printed no URL within ${START_MS / 1000} s:\n${output}`)), START_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
      // The listening line is on stdout (stderr names the HTTPS receiver's URL, which is not this one).
      const m = /^Eventbench listening on (http:\/\/[^\s]+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/+$/, ''));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`eventbench serve exited (${code}) before printing a URL:\n${output}`));
    });
  });
  return { url, child };
}

export const test = base.extend<{ eventbench: Eventbench }>({
  // A resize makes the panes measure themselves again (ResizeObserver) and React lay them out anew a
  // frame or two later; a box read in between belongs to the old width (a CI run failed on one).
  // So every setViewportSize waits two animation frames before it returns.
  page: async ({ page }, use) => {
    const setViewportSize = page.setViewportSize.bind(page);
    page.setViewportSize = async (size) => {
      await setViewportSize(size);
      await page.evaluate(() => new Promise((settled) => (globalThis as any).requestAnimationFrame(() => (globalThis as any).requestAnimationFrame(settled))));
    };
    await use(page);
  },
  eventbench: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'eventbench-e2e-'));
    const { url, child } = await startServer(dataDir);
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from('e2e_write_key_123:').toString('base64')}`,
          ...headers,
        },
        body: JSON.stringify(body),
      });
    const track = async (message: Record<string, unknown>) => {
      const res = await post(`/v1/${(message.type as string) ?? 'track'}`, { type: 'track', ...message });
      expect(res.status).toBe(200);
    };
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    };
    await use({ url, dataDir, post, track, stop });
    await stop();
    await rm(dataDir, { recursive: true, force: true });
  },
});

/**
 * How many px of a text input's placeholder are cut (0: all of it is shown). The placeholder is put
 * in as the value for the measure (no input event: the app does not see it) and taken out again: a
 * text input's scrollWidth is its text's width plus the room around it, which for a search box
 * includes its clear button's, kept even while the box is empty.
 */
export const placeholderCut = (input: Locator) =>
  input.evaluate((e: any) => {
    const before = e.value;
    e.value = e.placeholder;
    const cut = e.scrollWidth - e.clientWidth;
    e.value = before;
    return cut as number;
  });

export { expect };

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The boxes of several elements read in one go in the page: boundingBox in separate awaits could
 * take them from two layouts (a pane opening, a lane laid out by its resize observer in between).
 */
export async function boxesOf(...locators: Locator[]): Promise<Box[]> {
  const handles = await Promise.all(locators.map((l) => l.elementHandle()));
  try {
    return await locators[0].page().evaluate(
      (els) =>
        els.map((e: any) => {
          const r = e.getBoundingClientRect();
          return { x: r.x as number, y: r.y as number, width: r.width as number, height: r.height as number };
        }),
      handles,
    );
  } finally {
    await Promise.all(handles.map((h) => h.dispose()));
  }
}

/**
 * How long to wait for a page holding 20,000 messages to have read them back and listed their
 * decisions: on a loaded machine (two workers and a busy core) it took over 5 s.
 */
export const BIG_LOG_MS = 30_000;

export const screenshotDir = join(root, 'test-results/screenshots');

/**
 * Scrolls a list to `top` and, on the scroll event, clicks the tab `#tab-<tab>` at once: a user who
 * scrolls and goes straight to another tab, well inside the 150 ms after which the list's
 * virtualizer reads its offset again (then hidden, 0 px).
 */
export const scrollThenLeave = (list: Locator, top: number, tab: string) =>
  list.evaluate(
    (e: any, [to, id]) =>
      new Promise<void>((done) => {
        e.addEventListener('scroll', () => ((e.ownerDocument.getElementById(id) as any).click(), done()), { once: true });
        e.scrollTop = to;
      }),
    [top, `tab-${tab}`] as const,
  );

/**
 * Opens Matching with Settings & what-if shown, picks exact email comparison and previews it:
 * the what-if panel (`complementary` "Matching settings") with its results, which it answers.
 */
export async function previewExactEmails(page: Page, url: string): Promise<Locator> {
  await page.goto(url);
  await page.getByRole('tab', { name: 'Matching' }).click();
  const settings = page.getByRole('button', { name: 'Settings & what-if' });
  if ((await settings.getAttribute('aria-pressed')) !== 'true') await settings.click();
  const side = page.getByRole('complementary', { name: 'Matching settings' });
  await side.getByLabel('exact (character for character)').check();
  await side.getByRole('button', { name: 'Preview changes' }).click();
  return side;
}
