// After `messages.behind` {lastSeq} (the server stopped queuing rows for this client while it was
// behind), the store pages in what it missed, a page at a time, and ends with every row once, in
// order, also when rows are pushed or the log is cleared while it pages.
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../src-renderer/src/state/store';
import { FakeEngine, manualFrames, summary } from './fake-engine';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function setup(initial: number) {
  const engine = new FakeEngine();
  engine.rows = range(1, initial).map((s) => summary(s));
  const frames = manualFrames();
  const store = createAppStore(engine, { scheduleFrame: frames.schedule });
  await store.getState().init();
  return { engine, frames, store, seqs: () => store.getState().rows.map((r) => r.seq) };
}

const settle = async () => {
  for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('catching up after messages.behind', () => {
  it('pages in the missed rows; rows pushed meanwhile are not taken ahead of the gap', async () => {
    const { engine, frames, seqs } = await setup(10);
    engine.add([summary(11)]); // pushed before the server fell behind
    engine.rows.push(...range(12, 12_000).map((s) => summary(s))); // missed
    engine.emit({ name: 'messages.behind', payload: { lastSeq: 12_000 } });
    engine.add([summary(12_001)]); // pushed while paging: comes in with the pages
    frames.flush(); // a frame while the first page is on its way
    await settle();
    frames.flush();
    expect(seqs()).toEqual(range(1, 12_001));
    const pages = engine.calls.filter((c) => c.name === 'messages.page' && c.arg && (c.arg as { afterSeq?: number }).afterSeq);
    expect(pages.length).toBeGreaterThanOrEqual(3); // 5,000 rows a page
    expect(pages[0].arg).toEqual({ afterSeq: 11, limit: 5000 });

    engine.add([summary(12_002)]); // caught up: pushes are taken as they come again
    frames.flush();
    expect(seqs().at(-1)).toBe(12_002);
  });

  it('a clear while paging drops the old pages and still takes the rows after the clear', async () => {
    const { engine, frames, store, seqs } = await setup(5);
    engine.rows.push(...range(6, 9000).map((s) => summary(s)));
    engine.emit({ name: 'messages.behind', payload: { lastSeq: 9000 } });
    engine.rows = [];
    engine.emit({ name: 'messages.cleared', payload: { messageCount: 0 } });
    engine.add([summary(1, { name: 'after clear' })]);
    await settle();
    frames.flush();
    expect(seqs()).toEqual([1]);
    expect(store.getState().rows[0].name).toBe('after clear');
  });
});
