import { chromium } from '@playwright/test';
import { findChromium } from '../e2e/find-chromium';
import { serve, stop, CHROMIUM_ARGS } from './ui';
const server = await serve('/tmp/tr/log120k');
for (;;) { const h = (await (await fetch(`${server.url}/api/health`)).json()) as any; if (h.loading === undefined) break; await new Promise((r) => setTimeout(r, 250)); }
const browser = await chromium.launch({ executablePath: (await findChromium()).executablePath, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
await page.goto(server.url);
await page.locator('.inspector .filter-count', { hasText: '120,000 messages' }).waitFor({ timeout: 60_000 });
console.log(await page.evaluate(() => {
  const all = [...document.querySelectorAll('*')];
  const byTop: Record<string, number> = {};
  for (const el of all) { const top = el.closest('#root > * > *'); const k = top ? `${top.tagName}.${top.className}`.slice(0, 60) : el.tagName; byTop[k] = (byTop[k] ?? 0) + 1; }
  return { total: all.length, byTop, fonts: [...document.fonts].map((f) => `${f.family} ${f.status}`), sheets: document.styleSheets.length, rules: [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0) };
}));
await page.screenshot({ path: '/tmp/tr/first.png' });
await browser.close(); await stop(server.child);
