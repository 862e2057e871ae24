import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/tmp/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
for (const [w, h] of [[1400, 900], [1000, 700]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  await page.goto('http://127.0.0.1:18836/');
  await page.getByRole('tab', { name: /Sessions/ }).click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/s37-sessions-hint-${w}.png` });
  await page.close();
}
await browser.close();
