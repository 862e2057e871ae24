// temporary: long tasks of a cold page's first render, 120,000-message log, fresh browser per load
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { findChromium } from '../e2e/find-chromium';
import { writeLog } from './startup';
import { serve, stop, CHROMIUM_ARGS } from './ui';
const loads = Number(process.argv[2] ?? 12);
const dataDir = '/tmp/tr/log120k';
if (!existsSync(join(dataDir, 'captures.ndjson'))) { mkdirSync(dataDir, { recursive: true }); await writeLog(join(dataDir, 'captures.ndjson'), 120_000); }
const server = await serve(dataDir);
for (;;) { const h = (await (await fetch(`${server.url}/api/health`)).json()) as any; if (h.loading === undefined) break; await new Promise((r) => setTimeout(r, 250)); }
const exe = (await findChromium()).executablePath;
const all: number[] = []; const firsts: number[] = [];
for (let i = 0; i < loads; i++) {
  const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.addInitScript('window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });');
  await page.goto(server.url);
  const poll = async (expr: string) => { for (;;) { const v = await page.evaluate(expr); if (v) return v as number; await new Promise((r) => setTimeout(r, 20)); } };
  firsts.push(await poll(`document.querySelector('[role=listbox][aria-label="Captured messages"] [role=option]') ? performance.now() : 0`));
  await poll(`(document.querySelector('.inspector .filter-count')?.textContent ?? '').includes('120,000 messages') ? 1 : 0`);
  await new Promise((r) => setTimeout(r, 500));
  const lt = (await page.evaluate('window.__lt')) as [number, number][];
  all.push(...lt.map(([, d]) => d));
  console.log(`load ${i + 1}: first row ${firsts.at(-1)!.toFixed(0)} ms; long tasks: ${lt.map(([s, d]) => `${d.toFixed(0)}@${(s / 1000).toFixed(2)}s`).join(' ') || 'none'}`);
  await browser.close();
}
const over = all.filter((d) => d > 50);
console.log(`SUMMARY: ${over.length} over 50 ms in ${loads} loads (${over.map((d) => d.toFixed(0)).sort().join(', ')}); median first row ${firsts.sort((a, b) => a - b)[Math.floor(loads / 2)].toFixed(0)} ms`);
await stop(server.child);
