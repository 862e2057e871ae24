import { chromium } from '@playwright/test';
import { findChromium } from '../e2e/find-chromium.ts';
const url = process.env.URL ?? 'http://127.0.0.1:8787';
const [w, h] = (process.env.SIZE ?? '1000x700').split('x').map(Number);
const found = await findChromium();
const browser = await chromium.launch({ executablePath: found.executablePath, env: { ...process.env, ...(found.env ?? {}) } });
const page = await browser.newPage({ viewport: { width: w, height: h } });
const errors: string[] = [];
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
await page.goto(url);
for (const tab of (process.env.TABS ?? 'Inspector,Composer,Matching,Sessions,Scenarios,Workspace,Connect,Webhooks').split(',')) {
  await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).first().click();
  await page.waitForTimeout(700);
  await page.screenshot({ path: `/tmp/qa/tour-${tab}-${w}.png` });
}
console.log('errors', errors);
await browser.close();
