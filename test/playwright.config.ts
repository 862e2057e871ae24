// End-to-end tests drive a Chromium found on this machine or shipped in an npm package (never a
// downloaded browser; see e2e/find-chromium.ts for the order) against browser mode.
import { defineConfig } from '@playwright/test';
import { findChromium } from './e2e/find-chromium';

const browser = await findChromium();
// The config is read by the runner and again by each worker: say it once.
if (!process.env.EVENTBENCH_E2E_BROWSER_SAID) {
  process.env.EVENTBENCH_E2E_BROWSER_SAID = '1';
  console.log(`e2e browser: ${browser.executablePath} (${browser.source})`);
}

export default defineConfig({
  testDir: 'e2e',
  tsconfig: './tsconfig.playwright.json',
  timeout: 60_000,
  // A web-first assertion returns as soon as it holds, so only a failing one waits its whole
  // timeout. Playwright's 5 s was too short on a loaded machine for a round trip to the engine
  // (a scenario file checked, a bundled scenario opened: 5 s of "element not found"), so 15 s.
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: '../test-results/e2e',
  use: {
    launchOptions: {
      executablePath: browser.executablePath,
      ...(browser.env ? { env: { ...process.env, ...browser.env } } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    viewport: { width: 1400, height: 860 },
    screenshot: 'only-on-failure',
  },
});
