// Inspector benchmarks in Debian's Chromium against browser mode: time to show 100,000 stored
// messages, time to apply a text filter over them, and composer Send -> row in the inspector.
// Each is quoted with a baseline measured in the same run.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from '@playwright/test';
import { makeBatch } from './ingest';
import { findChromium } from '../e2e/find-chromium';
import { writeLog } from './startup';

const root = join(import.meta.dirname, '../..');
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const running = new Set<ChildProcess>();

export async function serve(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(root, 'src-main/cli/eventbench.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--no-open'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /(http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!.replace(/\/$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`eventbench exited with ${code}`)));
  });
  return { url, child };
}

export async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Polls an expression in the page's own world until it is truthy; returns its value. The page
 * loads are timed this way, not with Playwright's locators: a locator's first use in a page loads
 * Playwright's injected script (60-120 ms of the page's main thread in a cold page), which the
 * long-task observer then counts as the app's.
 */
async function pollInPage(page: Page, expression: string, timeoutMs = 60_000): Promise<number> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const value = (await page.evaluate(expression)) as number;
    if (value) return value;
    if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting in the page for ${expression}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A main-thread task of the page's renderer over 50 ms of wall time, with its CPU time. */
export interface TracedTask {
  /** Seconds from the first traced task. */
  atS: number;
  wallMs: number;
  cpuMs: number;
}

/**
 * Traces the renderers' main threads (Chromium's `toplevel` category only: light) until the
 * returned function is called, which gives every task over 50 ms of wall time with its thread
 * (CPU) time. A long-task observer sees wall time alone, which on 2 shared cores includes the time
 * the thread waited for a core while the server or another process ran.
 */
async function traceLongTasks(browser: Browser, page: Page): Promise<() => Promise<TracedTask[]>> {
  await browser.startTracing(page, { categories: ['toplevel', '__metadata'] });
  return async () => {
    const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string } }[] };
    const mainThreads = new Set(traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const tasks = traceEvents.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && mainThreads.has(`${e.pid}:${e.tid}`));
    let t0 = Infinity;
    for (const e of tasks) t0 = Math.min(t0, e.ts);
    return tasks
      .filter((e) => (e.dur ?? 0) > 50_000)
      .map((e) => ({ atS: (e.ts - t0) / 1e6, wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? NaN) / 1000 }));
  };
}

/** `performance.now()` (ms from navigation) once the list's count says `text`, else 0. */
const countShows = (text: string) => `(document.querySelector('.inspector .filter-count')?.textContent ?? '').includes(${JSON.stringify(text)}) ? performance.now() : 0`;
/** `performance.now()` once a row of the list is on screen, else 0. */
const ROW_SHOWN = `document.querySelector('[role=listbox][aria-label="Captured messages"] [role=option]') ? performance.now() : 0`;

/** Milliseconds from navigation start until the list says it holds `count` messages. */
async function timeToShow(page: Page, url: string, count: number): Promise<number> {
  await page.goto(url);
  const shown = await pollInPage(page, countShows(`${count.toLocaleString('en-US')} message${count === 1 ? '' : 's'}`));
  return count > 0 ? Math.max(shown, await pollInPage(page, ROW_SHOWN)) : shown;
}

/** Navigation → the first row on screen (the newest page shows before the older ones are in). */
async function timeToFirstRow(page: Page, url: string): Promise<number> {
  await page.goto(url);
  return pollInPage(page, ROW_SHOWN);
}

/**
 * Arms a watcher in the page that resolves when the selector's text changes, with the ms since
 * window.__benchStart. Page code is passed as a string: tsx's transform would inject helpers
 * (__name) into a function that does not exist in the page.
 */
function armTextChange(page: Page, selector: string, until?: RegExp): Promise<void> {
  return page.evaluate(`(() => {
    const sel = ${JSON.stringify(selector)};
    const until = ${until ? until.toString() : 'undefined'};
    const before = document.querySelector(sel)?.textContent;
    window.__bench = new Promise((resolve) => {
      const check = () => {
        const now = document.querySelector(sel)?.textContent;
        if (until ? until.test(now ?? '') : now !== before) resolve(performance.now() - window.__benchStart);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  })()`);
}

const markStart = (page: Page) => page.evaluate('window.__benchStart = performance.now()');
const elapsed = (page: Page) => page.evaluate('window.__bench') as Promise<number>;

export interface UiBench {
  emptyLoadMs: number;
  show100kMs: number;
  rawScanMs: number;
  searchMs: number;
  httpToRowMs: number;
  sendToRowMs: number;
  firstRowMs: number;
  /** The longest main-thread task (ms) loading the empty UI, and loading all 100,000 rows; tasks over 50 ms then. */
  emptyLongest: number;
  loadLongest: number;
  loadLongCount: number;
}

export async function benchUi(total = 100_000): Promise<UiBench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eventbench-uibench-'));
  const emptyDir = mkdtempSync(join(tmpdir(), 'eventbench-uibench-empty-'));
  const browser = await chromium.launch({ executablePath: (await findChromium()).executablePath, args: CHROMIUM_ARGS });
  try {
    // Fill the capture log through the real receiver, then restart so the UI loads stored messages.
    let server = await serve(dataDir);
    const bodies: string[] = [];
    for (let b = 0; b < total / 100; b++) bodies.push(makeBatch(b));
    for (let i = 0; i < bodies.length; i += 8) {
      await Promise.all(bodies.slice(i, i + 8).map((body) => fetch(`${server.url}/v1/batch`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })));
    }
    await stop(server.child);
    server = await serve(dataDir);
    const empty = await serve(emptyDir);

    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    // Long tasks (main thread busy > 50 ms) from navigation on, in every page load.
    await page.addInitScript('window.__longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: "longtask", buffered: true });');
    const longTasks = async () => (await page.evaluate('window.__longTasks')) as number[];
    // Baseline: the same UI with an empty log. Best of 3 each.
    let emptyLoadMs = Infinity;
    let show100kMs = Infinity;
    let firstRowMs = Infinity;
    let emptyLongest = Infinity;
    let loadLongest = Infinity;
    let loadLongCount = 0;
    for (let i = 0; i < 3; i++) {
      emptyLoadMs = Math.min(emptyLoadMs, await timeToShow(page, empty.url, 0));
      emptyLongest = Math.min(emptyLongest, Math.max(0, ...(await longTasks())));
      show100kMs = Math.min(show100kMs, await timeToShow(page, server.url, total));
      const tasks = await longTasks();
      if (Math.max(0, ...tasks) < loadLongest) {
        loadLongest = Math.max(0, ...tasks);
        loadLongCount = tasks.length;
      }
      firstRowMs = Math.min(firstRowMs, await timeToFirstRow(page, server.url));
    }

    // Text filter: a needle that matches 20 of the 100k payloads (one userId).
    const needle = 'user-4242"';
    const search = page.getByLabel('Search payloads');
    let searchMs = Infinity;
    for (let i = 0; i < 3; i++) {
      await search.fill('');
      await page.locator('.inspector .filter-count', { hasText: `${total.toLocaleString('en-US')} messages` }).waitFor();
      await armTextChange(page, '.inspector .filter-count', /^20 of/);
      await markStart(page);
      await search.fill(needle);
      searchMs = Math.min(searchMs, await elapsed(page));
    }
    const shown = await page.locator('.inspector .filter-count').textContent();
    if (!shown?.startsWith('20 of')) throw new Error(`search matched "${shown}", expected 20 rows`);
    // Baseline for the filter: a bare substring scan over the same payload text in this process.
    const texts = bodies.flatMap((b) => (JSON.parse(b) as { batch: unknown[] }).batch.map((m) => JSON.stringify(m).toLowerCase()));
    let rawScanMs = Infinity;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      let hits = 0;
      for (const t of texts) if (t.includes(needle)) hits++;
      rawScanMs = Math.min(rawScanMs, performance.now() - t0);
      if (hits !== 20) throw new Error(`raw scan found ${hits}`);
    }
    await search.fill('');

    // Send -> row: composer Send click until the inspector's count moves; baseline a bare fetch.
    await page.goto(empty.url);
    await page.getByText('Connected', { exact: true }).waitFor();
    let httpToRowMs = Infinity;
    let sendToRowMs = Infinity;
    await page.getByRole('tab', { name: 'Composer' }).click();
    await page.getByRole('button', { name: 'Fill with example' }).click();
    const send = page.getByRole('button', { name: 'Send', exact: true });
    for (let i = 0; i < 5; i++) {
      if (i > 0) await page.getByRole('tab', { name: /Inspector/ }).locator('.tab-count').waitFor();
      const selector = i === 0 ? '.tabs' : '.tab-count';
      await armTextChange(page, selector);
      await page.evaluate(`window.__benchStart = performance.now();
        fetch('/v1/track', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"u","event":"Bench"}' })`);
      httpToRowMs = Math.min(httpToRowMs, await elapsed(page));
      await armTextChange(page, '.tab-count');
      await page.evaluate(`document.addEventListener('click', () => { window.__benchStart = performance.now(); }, { capture: true, once: true })`);
      await send.click();
      sendToRowMs = Math.min(sendToRowMs, await elapsed(page));
    }
    await stop(server.child);
    await stop(empty.child);
    return { emptyLongest, loadLongest, loadLongCount, emptyLoadMs, show100kMs, firstRowMs, rawScanMs, searchMs, httpToRowMs, sendToRowMs };
  } finally {
    for (const child of running) child.kill();
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(emptyDir, { recursive: true, force: true });
  }
}

export interface UiBigBench {
  messages: number;
  rounds: number;
  /** Baseline: navigation -> the empty UI shown, a server with an empty log (best of the rounds). */
  emptyLoadMs: number;
  /** Navigation -> the first row on screen, the log loaded (best of 3). */
  firstRowMs: number;
  /** Navigation -> every row in the page's list (the count says all of them), best of 3. */
  allRowsMs: number;
  /** The longest main-thread task while the page loaded every row (in the run with the shortest), and the count over 50 ms. */
  loadLongest: number;
  loadLongCount: number;
  /** That run's tasks over 50 ms: "144 ms at 0.3 s" (from navigation). */
  loadLongAt: string[];
  /** The same run traced: its tasks over 50 ms of wall time, with their CPU time. */
  loadTraced: TracedTask[];
  /** Home in the list -> the oldest message's row on screen; End -> the newest's. */
  homeMs: number;
  endMs: number;
  /** The longest task over Home and End (scrolling from one end to the other). */
  scrollLongest: number;
  /** The server's RSS (bytes) before any UI opened, and after three UIs opened and scrolled. */
  serverRssBefore: number;
  serverRssAfter: number;
}

/** Resident memory of a process, in bytes (Linux /proc; NaN elsewhere). */
function rssOf(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? NaN : Number(kb) * 1024;
  } catch {
    return NaN;
  }
}

/**
 * The inspector over a big stored log (`npm run bench -- ui 1m|10m`): a log of `messages` tracks
 * written in the capture log's own form, served by `eventbench serve` and loaded; then the UI is
 * opened in Chromium: time to the first row, long tasks, Home and End to the oldest and newest
 * rows, and the server's memory before and after (an open UI must not make it hold the whole list).
 */
export async function benchUiBig(messages: number, rounds = 3): Promise<UiBigBench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eventbench-uibig-'));
  const emptyDir = mkdtempSync(join(tmpdir(), 'eventbench-uibig-empty-'));
  const browser = await chromium.launch({ executablePath: (await findChromium()).executablePath, args: CHROMIUM_ARGS });
  try {
    await writeLog(join(dataDir, 'captures.ndjson'), messages);
    const server = await serve(dataDir);
    const empty = await serve(emptyDir);
    for (;;) {
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as { loading?: unknown };
      if (health.loading === undefined) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 2000)); // let the collector settle after the load
    const serverRssBefore = rssOf(server.child.pid);
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    // Each long task's start (ms from navigation) and duration: the first render's tasks are told
    // apart from those while the older pages load.
    await page.addInitScript('window.__longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });');
    const timedTasks = async () => (await page.evaluate('window.__longTasks.splice(0)')) as [number, number][];
    const longTasks = async () => (await timedTasks()).map(([, d]) => d);
    let emptyLoadMs = Infinity;
    let firstRowMs = Infinity;
    let allRowsMs = Infinity;
    let loadLongest = Infinity;
    let loadLongCount = 0;
    let loadLongAt: string[] = [];
    let loadTraced: TracedTask[] = [];
    let homeMs = Infinity;
    let endMs = Infinity;
    let scrollLongest = 0;
    for (let i = 0; i < rounds; i++) {
      emptyLoadMs = Math.min(emptyLoadMs, await timeToShow(page, empty.url, 0));
      const stopTrace = await traceLongTasks(browser, page);
      firstRowMs = Math.min(firstRowMs, await timeToFirstRow(page, server.url));
      allRowsMs = Math.min(allRowsMs, await pollInPage(page, countShows(`${messages.toLocaleString('en-US')} messages`), 30 * 60_000));
      await pollInPage(page, `document.querySelector('[data-seq="${messages}"]') ? 1 : 0`);
      const traced = await stopTrace();
      const timed = await timedTasks();
      const tasks = timed.map(([, d]) => d);
      if (Math.max(0, ...tasks) < loadLongest) {
        loadLongest = Math.max(0, ...tasks);
        loadLongCount = tasks.filter((t) => t > 50).length;
        loadLongAt = timed.filter(([, d]) => d > 50).map(([at, d]) => `${Math.round(d)} ms at ${(at / 1000).toFixed(1)} s`);
        loadTraced = traced;
      }
      // Focus from the page's own world too (a locator here would load Playwright's script, see pollInPage).
      await page.evaluate(`document.querySelector('[role=listbox][aria-label="Captured messages"]').focus()`);
      let t0 = performance.now();
      await page.keyboard.press('Home');
      await pollInPage(page, `document.querySelector('[data-seq="1"]') ? 1 : 0`);
      homeMs = Math.min(homeMs, performance.now() - t0);
      t0 = performance.now();
      await page.keyboard.press('End');
      await pollInPage(page, `document.querySelector('[data-seq="${messages}"]') ? 1 : 0`);
      endMs = Math.min(endMs, performance.now() - t0);
      scrollLongest = Math.max(scrollLongest, ...(await longTasks()));
    }
    const serverRssAfter = rssOf(server.child.pid);
    await stop(server.child);
    await stop(empty.child);
    return { messages, rounds, emptyLoadMs, firstRowMs, allRowsMs, loadLongest, loadLongCount, loadLongAt, loadTraced, homeMs, endMs, scrollLongest, serverRssBefore, serverRssAfter };
  } finally {
    for (const child of running) child.kill();
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(emptyDir, { recursive: true, force: true });
  }
}

export interface UiColdBench {
  loads: number;
  /** Baseline: the empty UI, each load in a fresh browser: tasks over 50 ms (all loads), the longest, median ms to "0 messages". */
  empty: { over50: number; longest: number; shownMs: number };
  /** A 120,000-message log, each load in a fresh browser: the same, median ms to the first row. */
  log: { over50: number; longest: number; firstRowMs: number };
}

/**
 * Cold page loads (`npm run bench -- ui cold`): each in a browser of its own, so nothing of the
 * app's code is compiled or cached yet, as when the app opens; the long tasks of the page's first
 * render and of its first rows, until every row of a 120,000-message log is in. The bench's own
 * waiting runs in the page's world (see pollInPage).
 */
export async function benchUiCold(loads = 8, messages = 120_000): Promise<UiColdBench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eventbench-uicold-'));
  const emptyDir = mkdtempSync(join(tmpdir(), 'eventbench-uicold-empty-'));
  const executablePath = (await findChromium()).executablePath;
  try {
    await writeLog(join(dataDir, 'captures.ndjson'), messages);
    const server = await serve(dataDir);
    const empty = await serve(emptyDir);
    while (((await (await fetch(`${server.url}/api/health`)).json()) as { loading?: unknown }).loading !== undefined) await new Promise((r) => setTimeout(r, 250));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const coldLoad = async (url: string, until: string) => {
      const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
        await page.addInitScript('window.__longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: "longtask", buffered: true });');
        await page.goto(url);
        const shownMs = await pollInPage(page, until);
        await pollInPage(page, countShows(`${(url === empty.url ? 0 : messages).toLocaleString('en-US')} message`));
        await new Promise((r) => setTimeout(r, 500));
        return { shownMs, tasks: (await page.evaluate('window.__longTasks')) as number[] };
      } finally {
        await browser.close();
      }
    };
    const emptyRuns: Awaited<ReturnType<typeof coldLoad>>[] = [];
    const logRuns: Awaited<ReturnType<typeof coldLoad>>[] = [];
    // Alternating, so that a slower minute of the machine falls on both.
    for (let i = 0; i < loads; i++) {
      emptyRuns.push(await coldLoad(empty.url, countShows('0 messages')));
      logRuns.push(await coldLoad(server.url, ROW_SHOWN));
    }
    await stop(server.child);
    await stop(empty.child);
    const sum = (runs: typeof emptyRuns) => ({ over50: runs.flatMap((r) => r.tasks).filter((d) => d > 50).length, longest: Math.max(0, ...runs.flatMap((r) => r.tasks)) });
    return { loads, empty: { ...sum(emptyRuns), shownMs: median(emptyRuns.map((r) => r.shownMs)) }, log: { ...sum(logRuns), firstRowMs: median(logRuns.map((r) => r.shownMs)) } };
  } finally {
    for (const child of running) child.kill();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(emptyDir, { recursive: true, force: true });
  }
}
