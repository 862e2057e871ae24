// temporary: trace long tasks while the UI loads a big log
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { findChromium } from '../e2e/find-chromium';
import { writeLog } from './startup';
import { serve, stop, CHROMIUM_ARGS } from './ui';
const n = Number(process.argv[2] ?? 3_000_000);
const dataDir = n === 120000 ? "/tmp/tr/log120k" : `/tmp/tr/log${n}`;
if (!existsSync(join(dataDir, 'captures.ndjson'))) { mkdtempSync; (await import('node:fs')).mkdirSync(dataDir, { recursive: true }); await writeLog(join(dataDir, 'captures.ndjson'), n); }
const server = await serve(dataDir);
for (;;) { const h = (await (await fetch(`${server.url}/api/health`)).json()) as any; if (h.loading === undefined) break; await new Promise((r) => setTimeout(r, 250)); }
const browser = await chromium.launch({ executablePath: (await findChromium()).executablePath, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
const cdp = await page.context().newCDPSession(page);
const events: any[] = [];
cdp.on('Tracing.dataCollected', (e: any) => events.push(...e.value));
await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 1000 }); await cdp.send('Profiler.start');
await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,v8,disabled-by-default-v8.gc', transferMode: 'ReportEvents' } as any);
await page.goto(server.url);
await page.locator(`.inspector .filter-count`, { hasText: `${n.toLocaleString('en-US')} messages` }).waitFor({ timeout: 30 * 60_000 });
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
const prof = (await cdp.send('Profiler.stop')).profile; writeFileSync(`/tmp/tr/prof${n}.json`, JSON.stringify(prof));
await cdp.send('Tracing.end');
await done;
writeFileSync(`/tmp/tr/trace${n}.json`, JSON.stringify(events));
await browser.close();
await stop(server.child);
console.log('events', events.length);
