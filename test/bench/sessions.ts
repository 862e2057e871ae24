// Sessions benchmarks: the session model over 1,000,000 messages and 10,000 anonymousIds, beside
// a plain group-by of the same inputs; and the longest frame of the Sessions view with 1,000
// lanes while the clock runs at 600x, beside the same view with the clock paused.
import { mkdtempSync, rmSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { SessionInputs, type SessionInput } from '../../src-shared/sessions/session-input';
import { SessionModel } from '../../src-shared/sessions/sessions';
import { CHROMIUM_ARGS, serve, stop } from './ui';
import { findChromium } from '../e2e/find-chromium';

const MIN = 60_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap and buffers in use after full collections. */
function memoryInUse(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function makeInputs(count: number, anonymousIds: number): SessionInput[] {
  const inputs: SessionInput[] = new Array(count);
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const perId = count / anonymousIds;
  // Each anonymousId gets its messages at steps of 0-40 minutes (so sessions time out now and
  // then); arrival interleaves the ids, as a busy receiver sees them.
  const clock = new Float64Array(anonymousIds).fill(t0);
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const modules = ['Billing', 'Reports', 'Dashboard', 'Settings', undefined];
  for (let i = 0; i < count; i++) {
    const id = i % anonymousIds;
    clock[id] += Math.floor(rand() * 40 * MIN);
    const module = modules[i % modules.length];
    inputs[i] = { seq: i + 1, anonymousId: `anon-${id}`, userId: `user-${id % 5000}`, groupId: id % 3 === 0 ? `acct-${id % 700}` : undefined, type: 'track', feature: 'Feature ' + (i % 17), timeMs: clock[id], timeSource: 'originalTimestamp', arrivalMs: clock[id] + 1000, endpoint: '/v1/batch', ...(module ? { module } : {}) };
  }
  if (perId < 1) throw new Error('more ids than messages');
  return inputs;
}

function best(rounds: number, fn: () => void): number {
  let ms = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - t);
  }
  return ms;
}

export function benchSessionModel(count = 1_000_000, anonymousIds = 10_000): { groupByMs: number; columnsMs: number; modelMs: number; sessions: number; inputBytes: number; modelBytes: number } {
  const empty = memoryInUse();
  const inputs = makeInputs(count, anonymousIds);
  // Baseline: the inputs as plain objects in an array (what the model kept of them before it held columns).
  const inputBytes = (memoryInUse() - empty) / count;
  let sink = 0;
  const groupByMs = best(3, () => {
    const lanes = new Map<string, SessionInput[]>();
    for (const input of inputs) {
      let lane = lanes.get(input.anonymousId);
      if (!lane) lanes.set(input.anonymousId, (lane = []));
      lane.push(input);
    }
    sink += lanes.size;
  });
  // The inputs into columns (the engine does it as each capture arrives, where it made an object
  // per input before), then the model over them: timed apart, the second is the model's own work,
  // as the group-by's is its own.
  let columns = new SessionInputs();
  const columnsMs = best(3, () => {
    columns = SessionInputs.of(inputs);
  });
  let sessions = 0;
  const modelMs = best(3, () => {
    const model = SessionModel.from(columns);
    sessions = model.size.sessions;
  });
  if (sink < 0) console.log(sink);
  // What a model keeps beside the inputs it was built from: its columns of them and its sessions.
  const before = memoryInUse();
  const kept = SessionModel.from(inputs);
  const modelBytes = (memoryInUse() - before) / count;
  if (kept.size.messages !== count) throw new Error('the model lost messages');
  return { groupByMs, columnsMs, modelMs, sessions, inputBytes, modelBytes };
}

/** Longest gap between animation frames (and how many exceed 50 ms) over `ms` of the page's life. */
async function frames(page: Page, ms: number): Promise<{ longest: number; over50: number; count: number }> {
  return page.evaluate(`new Promise((resolve) => {
    const deltas = [];
    let last = performance.now();
    const end = last + ${ms};
    const tick = (t) => {
      deltas.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(tick);
      else resolve({ longest: Math.max(...deltas), over50: deltas.filter((d) => d > 50).length, count: deltas.length });
    };
    requestAnimationFrame(tick);
  })`);
}

export async function benchSessionsView(lanes = 1000): Promise<{ paused: { longest: number; over50: number; count: number }; running: { longest: number; over50: number; count: number } }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eventbench-sessionsbench-'));
  const browser = await chromium.launch({ executablePath: (await findChromium()).executablePath, args: CHROMIUM_ARGS });
  const server = await serve(dataDir);
  try {
    const api = (body: unknown) => fetch(`${server.url}/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const t0 = Date.parse('2026-01-01T10:00:00Z');
    await api({ action: 'pause' });
    await api({ action: 'set', to: t0 + 20 * MIN });
    // 1,000 anonymousIds, 5 messages each within the last 20 simulated minutes: every lane has an
    // open session counting down.
    const modules = ['Billing', 'Reports', 'Dashboard', 'Settings'];
    for (let b = 0; b < lanes / 100; b++) {
      const batch = [];
      for (let i = 0; i < 100; i++) {
        const id = b * 100 + i;
        for (let k = 0; k < 5; k++) batch.push({ type: 'track', anonymousId: `visitor-${id}`, userId: `user-${id}`, event: `Feature ${k}`, properties: { module: modules[(id + k) % 4] }, originalTimestamp: new Date(t0 + ((id * 7 + k * 4) % 20) * MIN).toISOString() });
      }
      await fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ batch }) });
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Sessions' }).click();
    await page.locator('[data-testid="sessions-count"]', { hasText: `${lanes.toLocaleString('en-US')} anonymousIds` }).waitFor({ timeout: 30_000 });
    const paused = await frames(page, 3000);
    await api({ action: 'run', speed: 600 });
    const running = await frames(page, 3000);
    return { paused, running };
  } finally {
    await stop(server.child);
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
