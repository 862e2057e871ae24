// The browser the end-to-end tests (and the UI benchmarks) drive, found without installing
// anything, in this order:
//   1. EVENTBENCH_CHROMIUM, when set (a missing file is an error, not a fallback);
//   2. a system Chromium or Chrome on PATH (chromium, chromium-browser, google-chrome, …);
//   3. Playwright's own Chromium, when `npx playwright install` put one in its cache;
//   4. @sparticuz/chromium, a devDependency that carries a Chromium (headless shell) inside its
//      npm package: `npm ci` fetches it from the registry like any other package, and the first
//      run unpacks it to the temp dir (a few seconds; later runs reuse it).
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface FoundChromium {
  executablePath: string;
  /** Which rule found it, for the test output. */
  source: string;
}

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathVar: string): string | undefined {
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<FoundChromium> {
  const own = env.EVENTBENCH_CHROMIUM;
  if (own) {
    if (!isExecutable(own)) throw new Error(`EVENTBENCH_CHROMIUM is ${own}, which is not an executable file; unset it to let the tests find a browser`);
    return { executablePath: own, source: 'EVENTBENCH_CHROMIUM' };
  }
  for (const name of SYSTEM_NAMES) {
    const found = onPath(name, env.PATH ?? '');
    if (found) return { executablePath: found, source: `system ${name} on PATH` };
  }
  try {
    const { chromium } = await import('@playwright/test');
    const path = chromium.executablePath();
    if (path && existsSync(path)) return { executablePath: path, source: "Playwright's own Chromium" };
  } catch {
    // No browser in Playwright's cache: on to the packaged one.
  }
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return { executablePath: await packaged.executablePath(), source: '@sparticuz/chromium (the devDependency)' };
  } catch (e) {
    throw new Error(
      `no Chromium found: EVENTBENCH_CHROMIUM is unset, none of ${SYSTEM_NAMES.join(', ')} is on PATH, Playwright has none installed, and @sparticuz/chromium could not be unpacked (${(e as Error).message}); run \`npm ci\``,
    );
  }
}
