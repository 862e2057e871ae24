// The renderer's app store on the real engine over its real transport (store-rig.ts): what it
// loads, how it takes pushed rows (once per frame, never twice), pausing, search, selection,
// clears, webhooks and warnings, reconnects.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageSummary } from '../../../src-shared/capture';
import { RowList } from '../../../src-renderer/src/state/row-list';
import { makeDataDir } from '../helpers/engine';
import { manualTimers, message, range, startRig, type StoreRig } from './store-rig';

let rig: StoreRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});
async function setup(...args: Parameters<typeof startRig>) {
  rig = await startRig(...args);
  return rig;
}

const seqs = (rows: RowList | readonly MessageSummary[]) => (rows instanceof RowList ? rows.seqs() : rows.map((r) => r.seq));

/** A data dir whose settings.json is not JSON: the engine starts with defaults and a warning. */
async function dataDirWithBadSettings(): Promise<string> {
  const dir = await makeDataDir();
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'settings.json'), '{ not json');
  return dir;
}
const BAD_SETTINGS = /^settings\.json: not valid JSON \(.*\); using defaults until settings are saved \(the file as it was is kept as settings\.json\.damaged(-\d+)?\)$/;

describe('app store on the real engine', () => {
  it('loads info, messages and webhooks on init; a dismissed warning does not come back', async () => {
    const { t, s, post } = await setup({ dataDir: await dataDirWithBadSettings() });
    await t.engine.call('webhooks.save', { name: 'pf', secret: 's', rejectInvalid: false });
    await post(range(1, 3).map((n) => message(n)));
    await s().init();
    expect(seqs(s().rows)).toEqual([1, 2, 3]);
    expect(s().rows.toArray().map((r) => r.type)).toEqual(['identify', 'page', 'group']);
    expect(s().view).toBe(s().rows);
    expect(s().info?.receiverUrl).toBe(t.engine.url);
    expect(s().info?.messageCount).toBe(3);
    expect(s().warnings).toHaveLength(1); // from engine.info and replayed as store.warning: once
    expect(s().warnings[0]).toMatch(BAD_SETTINGS);
    expect(s().webhooks.map((w) => [w.name, w.hasSecret, w.url])).toEqual([['pf', true, `${t.engine.url}/webhook/pf`]]);
    s().dismissWarning(0);
    expect(s().warnings).toEqual([]);
    await s().loadInfo(); // the engine still reports it
    expect(s().warnings).toEqual([]);
  });

  it('queues messages.added and applies them once per frame', async () => {
    const { s, store, frames, post, push } = await setup();
    await s().init();
    const listener = vi.fn();
    // The rows' updates (each capture also moves matching's "messages seen", pushed on its own).
    store.subscribe((state, prev) => state.rows !== prev.rows && listener());
    for (let n = 1; n <= 20; n++) {
      await post([message(n)]);
      expect(seqs(await push())).toEqual([n]); // one frame on the wire per capture
    }
    expect(s().rows.length).toBe(0); // nothing until the frame
    expect(frames.count).toBe(1); // one frame scheduled for 20 events
    frames.flush();
    expect(seqs(s().rows)).toEqual(range(1, 20));
    expect(s().view.length).toBe(20);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('never takes a row twice: pushed before the list, or listed before its push', async () => {
    const { s, frames, post, push, calls } = await setup();
    await post(range(1, 5).map((n) => message(n)));
    expect(seqs(await push())).toEqual(range(1, 5)); // pushed before the store lists
    frames.flush();
    expect(seqs(s().rows)).toEqual(range(1, 5));
    await post([message(6), message(7)]); // captured, not pushed yet: the list has them first
    await s().loadMessages();
    expect(calls.map((c) => c.name)).toEqual(['messages.page']);
    expect(seqs(s().rows)).toEqual(range(1, 7));
    expect(seqs(await push())).toEqual([6, 7]);
    frames.flush();
    expect(seqs(s().rows)).toEqual(range(1, 7));
    await post([message(8)]);
    await push();
    frames.flush();
    expect(seqs(s().rows)).toEqual(range(1, 8));
  });

  it('keeps rows pushed while the list was on its way that the list does not have', async () => {
    // Over one WebSocket the answer to messages.page comes before any later push; over Electron's
    // IPC (answers and events on separate channels) a push can overtake it. The answer is held
    // back here, after the real engine gave it, until a later capture's push has been applied.
    const { s, frames, post, push, api } = await setup();
    await post(range(1, 3).map((n) => message(n)));
    const page = await api.call('messages.page', {});
    await post([message(4)]);
    await push();
    frames.flush();
    const call = api.call.bind(api);
    api.call = (async (name: string, arg: unknown) => (name === 'messages.page' ? page : call(name as never, arg as never))) as typeof api.call;
    await s().loadMessages();
    expect(seqs(s().rows)).toEqual([1, 2, 3, 4]);
    expect(s().knownTypes).toEqual(['group', 'identify', 'page', 'track']); // 4 is a track: from the pushed row
  });

  it('loads the columnar page: the same rows as messages.list, and the facets of page and pushed rows', async () => {
    const { t, s, frames, post, push, calls } = await setup();
    await t.engine.call('webhooks.save', { name: 'pf', rejectInvalid: false });
    await post(range(1, 36).map((n) => message(n)));
    await post([message(37, { type: 'track', event: 'Tour Started' })], '/v1/track');
    await post([message(38, { type: 'identify', traits: { email: 'ada@example.com' } })], '/v1/identify');
    await post([message(39, { type: 'track', event: 'Webhook Event' })], '/webhook/pf');
    await push();
    frames.flush();
    await post([message(40, { type: 'screen', name: 'Home' })], '/v1/screen');
    expect(seqs(await push())).toEqual([40]);
    frames.flush(); // pushed before the page: already in the store
    await s().loadMessages();
    expect(calls.filter((c) => c.name === 'messages.page')).toHaveLength(1);
    expect(s().rows.toArray()).toEqual(await t.engine.call('messages.list', undefined));
    expect(seqs(s().rows)).toEqual(range(1, 40));
    expect(s().knownTypes).toEqual(['group', 'identify', 'page', 'screen', 'track']);
    expect(s().knownEndpoints).toEqual(['/v1/batch', '/v1/identify', '/v1/screen', '/v1/track', '/webhook/pf']);
    const profiles = [...new Set(s().rows.toArray().flatMap((r) => r.findingProfiles))].sort();
    expect(profiles.length).toBeGreaterThan(0);
    expect(s().knownProfiles).toEqual(profiles);
  });

  it('keeps the list still while paused and counts new matching rows', async () => {
    const { s, frames, post, push } = await setup();
    await post(range(1, 10).map((n) => message(n)));
    await s().init();
    s().setFilter({ type: 'track' }); // track when n % 4 === 0
    expect(seqs(s().view)).toEqual([4, 8]);
    s().setPaused(true);
    const frozen = s().view;
    await post(range(11, 16).map((n) => message(n)));
    await push();
    frames.flush();
    expect(s().rows.length).toBe(16); // rows keep arriving in the store
    expect(s().view).toBe(frozen); // the list does not move
    expect(s().newWhilePaused).toBe(2); // 12 and 16 match the filter
    s().setPaused(false);
    expect(seqs(s().view)).toEqual([4, 8, 12, 16]);
    expect(s().newWhilePaused).toBe(0);
  });

  it('debounces the search, asks the engine, and intersects with filters', async () => {
    const timers = manualTimers();
    const { s, post, calls } = await setup({ store: { setTimer: timers.setTimer, clearTimer: timers.clearTimer, searchDebounceMs: 100 } });
    const needles = [3, 4, 8, 15];
    await post(range(1, 20).map((n) => message(n, needles.includes(n) ? { properties: { note: `a needle in ${n}` } } : {})));
    await s().init();
    calls.length = 0;
    s().setSearchText('nee');
    s().setSearchText('needle');
    expect(s().searchInput).toBe('needle');
    expect(timers.delays).toEqual([100]); // the first one was cancelled
    expect(calls).toEqual([]);
    timers.fire();
    expect(s().searchPending).toBe(true);
    await rig!.until((st) => !st.searchPending);
    expect(calls.filter((c) => c.name === 'messages.search').map((c) => c.arg)).toEqual([{ text: 'needle', runs: true }]);
    expect(seqs(s().view)).toEqual(needles);
    s().setFilter({ type: 'track' });
    expect(seqs(s().view)).toEqual([4, 8]);
    s().setSearchText('');
    expect(seqs(s().view)).toEqual([4, 8, 12, 16, 20]);
  });

  it('re-runs an active search when new rows arrive', async () => {
    const timers = manualTimers();
    const { s, frames, post, push, until } = await setup({ store: { setTimer: timers.setTimer, clearTimer: timers.clearTimer } });
    await post(range(1, 4).map((n) => message(n, n === 2 ? { properties: { tag: 'xylophone' } } : {})));
    await s().init();
    s().setSearchText('xylophone');
    timers.fire();
    await until((st) => st.searchSeqs !== null && !st.searchPending);
    expect(seqs(s().view)).toEqual([2]);
    await post([message(5, { properties: { tag: 'xylophone' } }), message(6)]);
    await push();
    frames.flush();
    expect(timers.delays).toHaveLength(1); // the search runs again
    timers.fire();
    await until((st) => st.searchSeqs?.has(5) === true && !st.searchPending);
    expect(seqs(s().view)).toEqual([2, 5]);
  });

  it('filters 20,000 rows by type and "has problems"', async () => {
    const { s, importMessages } = await setup();
    // Every 17th has no identity (Segment drops it); groups without a groupId are dropped too.
    await importMessages(range(1, 20_000).map((n) => (n % 17 === 0 ? message(n, { userId: undefined, anonymousId: undefined }) : message(n))));
    await s().init();
    expect(s().view.length).toBe(20_000);
    s().setFilter({ type: 'track', hasProblems: true });
    // The one meaning of "has problems", written out: drops, bad signatures, errors or warnings.
    const problem = (r: MessageSummary) => r.dropCodes.length > 0 || r.signature === 'invalid' || r.signature === 'missing' || r.errorCount > 0 || r.warningCount > 0;
    const rows = s().rows;
    const expected = rows.toArray().filter((r) => r.type === 'track' && problem(r)).map((r) => r.seq);
    expect(seqs(s().view)).toEqual(expected);
    expect(expected).toEqual(expect.arrayContaining(range(1, 20_000).filter((n) => n % 4 === 0 && n % 17 === 0))); // the dropped tracks
    s().setFilter({ type: 'page', hasProblems: false });
    expect(seqs(s().view)).toEqual(range(1, 20_000).filter((n) => n % 4 === 2));
    s().clearFilters();
    expect(s().view.length).toBe(20_000);
  });

  it('selects, fetches the detail, and moves with the keyboard actions', async () => {
    const { s, post, until } = await setup();
    await post(range(1, 5).map((n) => message(n)));
    await s().init();
    expect(s().moveSelection(1)).toBe(0);
    expect(s().selectedSeq).toBe(1);
    expect(s().detailStatus).toBe('loading');
    await until((st) => st.detailStatus === 'ready');
    expect(s().detail?.seq).toBe(1);
    expect(s().detail?.message.messageId).toBe('m-1');
    s().moveSelection(1);
    s().moveSelection(1);
    expect(s().selectedSeq).toBe(3);
    s().moveSelection(10);
    expect(s().selectedSeq).toBe(5);
    s().moveSelection(-1);
    expect(s().selectedSeq).toBe(4);
    await until((st) => st.detailStatus === 'ready' && st.detail?.seq === 4);
    expect(s().detail?.message.messageId).toBe('m-4');
    s().selectMessage(999);
    await until((st) => st.detailStatus !== 'loading');
    expect(s().detailStatus).toBe('missing');
  });

  it('showMessage switches to the inspector and selects the row (composer jump)', async () => {
    const { s, post } = await setup();
    await post(range(1, 3).map((n) => message(n)));
    await s().init();
    s().setTab('composer');
    s().showMessage(2);
    expect(s().tab).toBe('inspector');
    expect(s().selectedSeq).toBe(2);
  });

  it('empties the list on messages.cleared, dropping rows pushed before it and not yet applied', async () => {
    const { t, s, frames, post, push, next } = await setup();
    await post(range(1, 3).map((n) => message(n)));
    await push();
    frames.flush();
    await s().init();
    s().selectMessage(2);
    await post([message(4)]);
    expect(seqs(await push())).toEqual([4]); // queued for the next frame
    const cleared = next('messages.cleared');
    await t.engine.call('messages.clear', undefined); // another window clears
    expect(await cleared).toEqual({ messageCount: 0 });
    frames.flush();
    expect(s().rows.length).toBe(0);
    expect(s().view.length).toBe(0);
    expect(s().selectedSeq).toBeNull();
    expect(s().knownTypes).toEqual([]);
    await post([message(1, { type: 'track', event: 'after clear' })]);
    const [after] = await push();
    frames.flush();
    expect(s().rows.toArray().map((r) => [r.seq, r.name])).toEqual([[after.seq, 'after clear']]);
  });

  it('tracks webhooks and store warnings from events', async () => {
    const { t, s, next, until } = await setup({ dataDir: await dataDirWithBadSettings() });
    // A load-time warning is replayed to each new subscriber: this store got it as an event.
    await until((st) => st.warnings.length > 0);
    expect(s().warnings).toEqual([expect.stringMatching(BAD_SETTINGS)]);
    await s().init();
    expect(s().warnings).toHaveLength(1); // engine.info says it again: still once
    const changed = next('webhooks.changed');
    await t.engine.call('webhooks.save', { name: 'a', rejectInvalid: true }); // another window
    await changed;
    expect(s().webhooks.map((w) => [w.name, w.hasSecret, w.rejectInvalid])).toEqual([['a', false, true]]);
    await s().saveWebhook({ name: 'b', rejectInvalid: false, secret: 's3' });
    expect(s().webhooks.map((w) => [w.name, w.hasSecret])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    await s().deleteWebhook('a');
    expect(s().webhooks.map((w) => w.name)).toEqual(['b']);
    expect((await t.engine.call('webhooks.list', undefined)).map((w) => w.name)).toEqual(['b']);
  });

  it('a dismissed warning stays dismissed after a reconnect (the engine replays load-time warnings to each new connection)', async () => {
    const r = await setup({ dataDir: await dataDirWithBadSettings(), connection: true, reconnectDelayMs: 1 });
    const { s, until } = r;
    await s().init();
    await until((st) => st.warnings.length === 1);
    s().dismissWarning(0);
    const down = until((st) => st.connection === 'disconnected');
    const restarted = r.restart();
    await down;
    await restarted;
    await until((st) => st.connection === 'connected');
    // A round trip on the new connection: the replayed warning went out before its answer.
    await s().loadInfo();
    expect(s().info?.storeWarnings).toEqual([expect.stringMatching(BAD_SETTINGS)]);
    expect(s().warnings).toEqual([]);
  });

  it('reloads after the connection comes back, and unsubscribes on dispose', async () => {
    const r = await setup({ connection: true, reconnectDelayMs: 1 });
    const { s, calls, client, frames, post, until } = r;
    expect(s().connection).toBe('connected');
    expect(calls).toEqual([]); // first connection: init() is the caller's job
    await post(range(1, 2).map((n) => message(n)));
    await r.push();
    frames.flush(); // before init: the store takes pushed rows all the same
    expect(seqs(s().rows)).toEqual([1, 2]);
    expect(s().info).toBeNull(); // never initialised: the rows came as pushes
    const down = until((st) => st.connection === 'disconnected');
    const restarted = r.restart();
    await down;
    await restarted;
    await until((st) => st.connection === 'connected' && st.info !== null && st.messagesLoaded);
    expect(calls.map((c) => c.name)).toEqual(expect.arrayContaining(['engine.info', 'messages.page', 'webhooks.list', 'matching.status', 'workspace.get']));
    expect(seqs(s().rows)).toEqual([1, 2]);

    s().dispose();
    calls.length = 0;
    await post([message(3)]);
    expect(seqs(await r.push())).toEqual([3]); // the client got it; the store no longer listens
    expect(frames.count).toBe(0);
    expect(seqs(s().rows)).toEqual([1, 2]);
    client.close();
    expect(client.connection.get()).toBe('disconnected');
    expect(s().connection).toBe('connected'); // nor follows the connection
    expect(calls).toEqual([]);
  });
});
