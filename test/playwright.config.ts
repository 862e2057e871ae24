// End-to-end tests drive Debian's Chromium (never a downloaded browser) against browser mode.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: '../test-results/e2e',
  use: {
    launchOptions: {
      executablePath: process.env.EVENTBENCH_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    viewport: { width: 1400, height: 860 },
    screenshot: 'only-on-failure',
  },
});
