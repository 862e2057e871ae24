import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../../src-renderer/src/state/store';
import { createConnectionSource } from '../../../src-renderer/src/state/connection';
import { FakeEngine, manualFrames, summary } from './fake-engine';

function setup(rowCount = 0) {
  const engine = new FakeEngine();
  engine.rows = Array.from({ length: rowCount }, (_, i) => summary(i + 1));
  const frames = manualFrames();
  const store = createAppStore(engine, { scheduleFrame: frames.schedule, searchDebounceMs: 100 });
  return { engine, frames, store, s: () => store.getState() };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('app store', () => {
  it('loads info, messages and webhooks on init', async () => {
    const { engine, s } = setup(3);
    engine.storeWarnings = ['Skipped a torn last line (line 4) in capture.ndjson'];
    engine.webhooks = [{ name: 'pf', hasSecret: true, rejectInvalid: false, url: 'u' }];
    await s().init();
    expect(s().rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(s().view).toBe(s().rows);
    expect(s().info?.receiverUrl).toBe('http://127.0.0.1:9999');
    expect(s().warnings).toEqual(engine.storeWarnings);
    expect(s().webhooks.map((w) => w.name)).toEqual(['pf']);
    s().dismissWarning(0);
    expect(s().warnings).toEqual([]);
    await s().loadInfo(); // a dismissed warning does not come back
    expect(s().warnings).toEqual([]);
  });

  it('queues messages.added and applies them once per frame', async () => {
    const { engine, frames, s, store } = setup();
    await s().init();
    const listener = vi.fn();
    store.subscribe(listener);
    for (let i = 1; i <= 500; i++) engine.add([summary(i)]);
    expect(s().rows.length).toBe(0); // nothing until the frame
    expect(frames.count).toBe(1); // one frame scheduled for 500 events
    frames.flush();
    expect(s().rows.length).toBe(500);
    expect(s().view.length).toBe(500);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('ignores rows it already has (list and push racing)', async () => {
    const { engine, frames, s } = setup(5);
    engine.emit({ name: 'messages.added', payload: [summary(5), summary(6)] });
    frames.flush(); // arrives before the list
    await s().loadMessages();
    expect(s().rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    engine.emit({ name: 'messages.added', payload: [summary(6), summary(7)] });
    frames.flush();
    expect(s().rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('loads the columnar page: the same rows and the facets of page and pushed rows', async () => {
    const { engine, frames, s } = setup(40);
    engine.emit({ name: 'messages.added', payload: [summary(41, { type: 'screen', endpoint: '/v1/screen', findingProfiles: ['produktly'] })] });
    frames.flush(); // pushed while the page was in flight
    await s().loadMessages();
    expect(engine.calls.filter((c) => c.name === 'messages.page')).toHaveLength(1);
    expect(s().rows.slice(0, 40)).toEqual(engine.rows);
    expect(s().rows.map((r) => r.seq).at(-1)).toBe(41);
    expect(s().knownTypes).toEqual(['group', 'identify', 'page', 'screen', 'track']);
    expect(s().knownEndpoints).toEqual(['/v1/batch', '/v1/screen', '/v1/track', '/webhook/pf']);
    expect(s().knownProfiles).toEqual(['freshsuccess', 'produktly', 'provesource']);
  });

  it('keeps the list still while paused and counts new matching rows', async () => {
    const { engine, frames, s } = setup(10);
    await s().init();
    s().setFilter({ type: 'track' }); // track when seq % 4 === 0
    expect(s().view.map((r) => r.seq)).toEqual([4, 8]);
    s().setPaused(true);
    const frozen = s().view;
    engine.add([summary(11), summary(12), summary(16), summary(13)]);
    frames.flush();
    expect(s().rows.length).toBe(14); // rows keep arriving in the store
    expect(s().view).toBe(frozen); // the list does not move
    expect(s().newWhilePaused).toBe(2); // 12 and 16 match the filter
    s().setPaused(false);
    expect(s().view.map((r) => r.seq)).toEqual([4, 8, 12, 16]);
    expect(s().newWhilePaused).toBe(0);
  });

  it('debounces the search, asks the engine, and intersects with filters', async () => {
    vi.useFakeTimers();
    try {
      const { engine, s } = setup(20);
      await s().init();
      engine.searchAnswers.set('needle', [3, 4, 8, 15]);
      s().setSearchText('nee');
      s().setSearchText('needle');
      expect(s().searchInput).toBe('needle');
      await vi.advanceTimersByTimeAsync(99);
      expect(engine.calls.filter((c) => c.name === 'messages.search')).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      await vi.runAllTimersAsync();
      expect(engine.calls.filter((c) => c.name === 'messages.search').map((c) => c.arg)).toEqual([{ text: 'needle' }]);
      expect(s().view.map((r) => r.seq)).toEqual([3, 4, 8, 15]);
      s().setFilter({ type: 'track' });
      expect(s().view.map((r) => r.seq)).toEqual([4, 8]);
      s().setSearchText('');
      expect(s().view.map((r) => r.seq)).toEqual([4, 8, 12, 16, 20]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('re-runs an active search when new rows arrive', async () => {
    vi.useFakeTimers();
    try {
      const { engine, frames, s } = setup(4);
      await s().init();
      engine.searchAnswers.set('x', [2]);
      s().setSearchText('x');
      await vi.runAllTimersAsync();
      expect(s().view.map((r) => r.seq)).toEqual([2]);
      engine.searchAnswers.set('x', [2, 5]);
      engine.add([summary(5), summary(6)]);
      frames.flush();
      await vi.runAllTimersAsync();
      expect(s().view.map((r) => r.seq)).toEqual([2, 5]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('filters 100,000 rows in the store', async () => {
    const { s } = setup(100_000);
    await s().init();
    expect(s().view.length).toBe(100_000);
    s().setFilter({ type: 'track', hasProblems: true });
    // The one meaning of "has problems", written out: drops, bad signatures, errors or warnings.
    const problem = (r: (typeof rows)[number]) => r.dropCodes.length > 0 || r.signature === 'invalid' || r.signature === 'missing' || r.errorCount > 0 || r.warningCount > 0;
    const rows = s().rows;
    expect(s().view.map((r) => r.seq)).toEqual(rows.filter((r) => r.type === 'track' && problem(r)).map((r) => r.seq));
    expect(s().view.length).toBeGreaterThan(0);
    s().clearFilters();
    expect(s().view.length).toBe(100_000);
  });

  it('selects, fetches the detail, and moves with the keyboard actions', async () => {
    const { s } = setup(5);
    await s().init();
    expect(s().moveSelection(1)).toBe(0);
    expect(s().selectedSeq).toBe(1);
    await tick();
    expect(s().detailStatus).toBe('ready');
    expect(s().detail?.seq).toBe(1);
    s().moveSelection(1);
    s().moveSelection(1);
    expect(s().selectedSeq).toBe(3);
    s().moveSelection(10);
    expect(s().selectedSeq).toBe(5);
    s().moveSelection(-1);
    expect(s().selectedSeq).toBe(4);
    await tick();
    expect(s().detail?.seq).toBe(4);
    s().selectMessage(999);
    await tick();
    expect(s().detailStatus).toBe('missing');
  });

  it('showMessage switches to the inspector and selects the row (composer jump)', async () => {
    const { s } = setup(3);
    await s().init();
    s().setTab('composer');
    s().showMessage(2);
    expect(s().tab).toBe('inspector');
    expect(s().selectedSeq).toBe(2);
  });

  it('empties the list on messages.cleared, dropping queued rows', async () => {
    const { engine, frames, s } = setup(3);
    await s().init();
    s().selectMessage(2);
    engine.add([summary(4)]);
    engine.emit({ name: 'messages.cleared', payload: { messageCount: 0 } });
    frames.flush();
    expect(s().rows).toEqual([]);
    expect(s().view).toEqual([]);
    expect(s().selectedSeq).toBeNull();
    engine.add([summary(1, { name: 'after clear' })]); // seqs may restart after a clear
    frames.flush();
    expect(s().rows.map((r) => r.name)).toEqual(['after clear']);
  });

  it('tracks webhooks and store warnings from events', async () => {
    const { engine, s } = setup();
    await s().init();
    engine.emit({ name: 'webhooks.changed', payload: [{ name: 'a', hasSecret: false, rejectInvalid: true, url: 'u' }] });
    expect(s().webhooks.map((w) => w.name)).toEqual(['a']);
    engine.emit({ name: 'store.warning', payload: { message: 'torn line skipped' } });
    expect(s().warnings).toEqual(['torn line skipped']);
    await s().saveWebhook({ name: 'b', rejectInvalid: false, secret: 's3' });
    expect(s().webhooks.map((w) => [w.name, w.hasSecret])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    await s().deleteWebhook('a');
    expect(s().webhooks.map((w) => w.name)).toEqual(['b']);
  });

  it('reloads after the connection comes back and unsubscribes on dispose', async () => {
    const engine = new FakeEngine();
    const connection = createConnectionSource('connecting');
    const store = createAppStore(engine, { connection, scheduleFrame: manualFrames().schedule });
    expect(store.getState().connection).toBe('connecting');
    connection.set('connected');
    expect(engine.calls.length).toBe(0); // first connection: init() is the caller's job
    connection.set('disconnected');
    expect(store.getState().connection).toBe('disconnected');
    engine.rows = [summary(1)];
    connection.set('connected');
    await tick();
    expect(engine.calls.map((c) => c.name)).toContain('messages.page');
    expect(store.getState().rows.length).toBe(1);
    expect(engine.listenerCount).toBe(1);
    store.getState().dispose();
    expect(engine.listenerCount).toBe(0);
  });
});
