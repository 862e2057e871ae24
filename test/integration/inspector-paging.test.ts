// The inspector's list loads from the tail: the newest page first (so the list shows at once at
// any size), then older pages behind it, ending with every row once, in seq order. The app's
// store on a real engine (in process), messages through the real receiver.
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../src-shared/capture';
import { RowList } from '../../src-renderer/src/state/row-list';
import { createAppStore } from '../../src-renderer/src/state/store';
import { decodeSummaries } from '../../src-shared/summary-columns';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
afterEach(async () => {
  await t.dispose();
});

const TOTAL = 7000;

async function fill(): Promise<void> {
  for (let i = 0; i < TOTAL; i += 500) {
    const batch = Array.from({ length: 500 }, (_, j) => ({ type: (i + j) % 10 === 0 ? 'identify' : 'track', event: 'Paged', userId: `u${i + j}`, traits: { n: i + j } }));
    expect((await postJson(`${t.engine.url}/v1/batch`, { batch })).status).toBe(200);
  }
}

const seqs = (rows: RowList | readonly MessageSummary[]) => (rows instanceof RowList ? rows.seqs() : rows.map((r) => r.seq));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('inspector list paging from the tail', () => {
  it('shows the newest rows first, then pages the older ones in, filters applied to each page, a capture pushed meanwhile kept', async () => {
    t = await startTestEngine();
    await fill();
    const store = createAppStore(t.engine, { scheduleFrame: (cb) => queueMicrotask(cb) });
    store.getState().setFilter({ type: 'identify' });
    const states: { rows: (number | undefined)[]; olderPending: number; visible: number }[] = [];
    let pushed: Promise<unknown> | undefined;
    store.subscribe((s, prev) => {
      if (s.rows === prev.rows) return;
      states.push({ rows: [s.rows.firstSeq(), s.rows.lastSeq(), s.rows.length], olderPending: s.olderPending, visible: s.visible.length });
      // Once the first page is shown, a new capture arrives while the older pages load.
      pushed ??= postJson(`${t.engine.url}/v1/track`, { event: 'Meanwhile', userId: 'late' });
    });
    await store.getState().init();
    await pushed;
    // The push is applied on the store's next frame: wait for the store, not for the engine's event.
    await new Promise<void>((resolve) => {
      const check = () => store.getState().rows.toArray().at(-1)?.name === 'Meanwhile' && (resolve(), true);
      if (!check()) {
        const off = store.subscribe(() => check() && off());
      }
    });

    // First: the newest 2,000, the rest announced as pending.
    expect(states[0]).toEqual({ rows: [TOTAL - 1999, TOTAL, 2000], olderPending: TOTAL - 2000, visible: 200 });
    // Then older pages, each ending where the rows already shown begin, until none is pending.
    const final = store.getState();
    expect(seqs(final.rows)).toEqual(range(1, TOTAL + 1));
    expect(final.olderPending).toBe(0);
    expect(final.visible.toArray().map((r) => r.seq)).toEqual(range(1, TOTAL).filter((s) => (s - 1) % 10 === 0));
    expect(states.length).toBeGreaterThan(2);
    for (const s of states.slice(1)) expect(s.rows.at(1) ?? 0).toBeGreaterThanOrEqual(TOTAL);
    store.getState().dispose();
  });

  it('messages.page: the newest rows, and pages before a seq', async () => {
    t = await startTestEngine();
    await fill();
    const page = async (q: Parameters<typeof t.engine.call<'messages.page'>>[1]) => seqs(decodeSummaries((await t.engine.call('messages.page', q)).columns));
    expect(await page({ last: 3 })).toEqual([TOTAL - 2, TOTAL - 1, TOTAL]);
    expect(await page({ beforeSeq: 10, limit: 4 })).toEqual([6, 7, 8, 9]);
    expect(await page({ beforeSeq: 3, limit: 10 })).toEqual([1, 2]);
    expect(await page({ beforeSeq: 1, limit: 10 })).toEqual([]);
    expect(await page({ last: TOTAL + 50 })).toHaveLength(TOTAL);
    await expect(t.engine.call('messages.page', { beforeSeq: 0 })).rejects.toThrow('beforeSeq must be a positive whole number, not 0');
    await expect(t.engine.call('messages.page', { last: 2, afterSeq: 3 })).rejects.toThrow(/one of afterSeq, beforeSeq and last/);
  });
});
