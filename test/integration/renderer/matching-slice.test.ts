// The renderer's matching state on the real engine: loads decisions on init and on
// `matching.changed`, keeps each seq's outcome for the inspector, fetches only the new decisions
// unless everything was derived again (a settings change), and "Why this user?" opens the trace
// in the Matching tab's Decisions section, whichever section was on screen. Decisions come from signed webhook messages through the real receiver,
// matched against users imported from CSV.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MATCHING_ROWS_MAX, selectTraceOlderThanLoaded } from '../../../src-renderer/src/state/slices/matching-slice';
import { postJson } from '../helpers/engine';
import { startRig, type StoreRig } from './store-rig';

const SECRET = 'pf-secret';
/** More than MATCHING_PUSH_MS in engine.ts: `matching.changed` goes out once the clock passes it. */
const PUSH_DELAY_MS = 1000;

let rig: StoreRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

async function setup(): Promise<StoreRig> {
  const r = (rig = await startRig());
  await r.t.engine.call('webhooks.save', { name: 'pf', secret: SECRET, rejectInvalid: true });
  const csv = ['id,username,email', 'u-ada,ada,Ada@Example.com', ''].join('\n');
  expect((await postJson(`${r.t.engine.url}/api/users/import`, csv, { 'content-type': 'text/csv' })).status).toBe(200);
  return r;
}

async function sendSigned(r: StoreRig, event: object): Promise<void> {
  const body = JSON.stringify(event);
  const res = await postJson(`${r.t.engine.url}/webhook/pf`, body, { 'x-signature': createHmac('sha1', SECRET).update(body).digest('hex') });
  expect(res.status).toBe(200);
}

/** The engine derives what it captured, then pushes `matching.changed`; resolves once the store has `want` decisions. */
async function matchingChanged(r: StoreRig, want: (s: ReturnType<StoreRig['s']>) => boolean): Promise<void> {
  await r.t.engine.call('matching.status', undefined); // derived now: the push is scheduled
  const changed = r.next('matching.changed');
  r.clock.advance(PUSH_DELAY_MS);
  await changed;
  await r.until(want);
}

/** Many webhook messages at once: signed arrays, as many per request as the receiver takes. */
async function sendSignedMany(r: StoreRig, events: object[]): Promise<void> {
  for (let i = 0; i < events.length; i += 5000) await sendSigned(r, events.slice(i, i + 5000));
}

const seqOf = async (r: StoreRig, messageId: string) => (await r.t.engine.call('messages.seqsOf', { messageIds: [messageId] }))[0] as number;

describe('matching slice on the real engine', () => {
  it('loads decisions on init and keeps each seq outcome for the inspector', async () => {
    const r = await setup();
    await sendSigned(r, { type: 'identify', messageId: 'e1', userId: 'ada-x', traits: { email: ' ada@example.com' } });
    const seq = await seqOf(r, 'e1');
    await r.s().init();
    expect(r.s().decisionRows.map((d) => [d.seq, d.outcome, d.userId])).toEqual([[seq, 'matched-by-email', 'u-ada']]);
    expect(r.s().outcomeBySeq.get(seq)?.outcome).toBe('matched-by-email');
    expect(r.s().matchingStatus?.decisions).toBe(1);
    expect(r.s().decisionTotal).toBe(1);
  });

  it('counts Tracking API messages as seen on the next push, without fetching anything', async () => {
    const r = await setup();
    const imported = r.next('matching.changed'); // the import's push goes out first
    r.clock.advance(PUSH_DELAY_MS);
    await imported;
    await r.s().init();
    expect(r.s().matchingStatus?.messagesSeen).toBe(0);
    // Outside the default scope (webhook messages): no decision, but messages seen moves on.
    r.calls.length = 0;
    await r.post([{ type: 'track', event: 'Signed Up', userId: 'ada', messageId: 't1' }, { type: 'page', name: 'Home', userId: 'ada', messageId: 't2' }]);
    await matchingChanged(r, (s) => s.matchingStatus?.messagesSeen === 2);
    expect(r.s().matchingStatus?.decisions).toBe(0);
    expect(r.calls.filter((c) => c.name.startsWith('matching.'))).toEqual([]);
    // A webhook message after them is decided and fetched as before.
    await sendSigned(r, { type: 'identify', messageId: 'e1', userId: 'ada-x', traits: { email: 'ada@example.com' } });
    await matchingChanged(r, (s) => s.decisionRows.length === 1);
    expect(r.s().matchingStatus?.messagesSeen).toBe(3);
  });

  it('on matching.changed fetches only the new decisions, or all of them after a re-derive', async () => {
    const r = await setup();
    await sendSigned(r, { type: 'identify', messageId: 'e1', userId: 'ada-x', traits: { email: ' ada@example.com' } });
    const first = await seqOf(r, 'e1');
    await r.s().init();
    const generation = r.s().matchingStatus!.generation;

    r.calls.length = 0;
    await sendSigned(r, { type: 'identify', messageId: 'e2', userId: 'dee', traits: { email: 'dee@example.com' } });
    const second = await seqOf(r, 'e2');
    await matchingChanged(r, (s) => s.decisionRows.length === 2);
    expect(r.s().decisionRows.map((d) => [d.seq, d.outcome])).toEqual([
      [first, 'matched-by-email'],
      [second, 'created'],
    ]);
    expect(r.s().outcomeBySeq.get(second)?.outcome).toBe('created');
    expect(r.calls.filter((c) => c.name === 'matching.list').map((c) => c.arg)).toEqual([{ afterSeq: first, limit: 20000 }]);

    // Settings changed: every decision may differ, so all are fetched again. With exact email
    // comparison " ada@example.com" is no longer Ada's "Ada@Example.com".
    r.calls.length = 0;
    await r.t.engine.call('matching.setSettings', { emailComparison: 'exact' });
    await matchingChanged(r, (s) => s.matchingStatus!.generation !== generation);
    expect(r.calls.filter((c) => c.name === 'matching.list').map((c) => c.arg)).toEqual([{ limit: 20000 }]);
    expect(r.s().outcomeBySeq.get(first)?.outcome).not.toBe('matched-by-email');
    expect(r.s().decisionRows.map((d) => d.seq)).toEqual([first, second]);
  });

  it('showTrace switches to the Matching tab and its Decisions section, and loads the trace', async () => {
    const r = await setup();
    await sendSigned(r, { type: 'identify', messageId: 'e1', userId: 'ada-x', traits: { email: ' ada@example.com' } });
    const seq = await seqOf(r, 'e1');
    await r.s().init();
    expect(r.s().matchingSection).toBe('decisions');
    // Last on the Directory, now in the inspector: the trace must not open out of sight.
    r.s().setMatchingSection('directory');
    r.s().setTab('inspector');
    r.s().showTrace(seq);
    expect(r.s().tab).toBe('matching');
    expect(r.s().matchingSection).toBe('decisions');
    expect(r.s().traceSeq).toBe(seq);
    await r.until((s) => s.trace !== null);
    expect(r.s().trace?.seq).toBe(seq);
    expect(r.s().trace?.steps[0]).toBe('Read `traits.email` = ` ada@example.com` → normalized `ada@example.com` (1 space before it removed).');
  });

  it("showUserDecisions filters the decisions to a user, all of them, in the Matching tab's Decisions section", async () => {
    const r = await setup();
    await r.s().init();
    r.s().setMatchingOutcomeFilter('created');
    r.s().setMatchingConflictOnly(true);
    r.s().setMatchingSection('duplicates');
    r.s().setTab('inspector');
    r.s().showUserDecisions('u-ada');
    expect(r.s()).toMatchObject({ tab: 'matching', matchingSection: 'decisions', matchingUserFilter: 'u-ada', matchingOutcomeFilter: '', matchingConflictOnly: false, traceSeq: null });
  });

  it('showTrace clears only the filters that hide its row, says which, and Undo puts them back', async () => {
    const r = await setup();
    await sendSigned(r, { type: 'identify', messageId: 'e1', userId: 'ada-x', traits: { email: 'ada@example.com' } }); // u-ada, by email
    await sendSigned(r, { type: 'identify', messageId: 'e2', userId: 'dee', traits: { email: 'dee@example.com' } }); // created
    const [ada, dee] = [await seqOf(r, 'e1'), await seqOf(r, 'e2')];
    await r.s().init();
    const deeUser = r.s().outcomeBySeq.get(dee)!.userId!;

    // A user filter hiding #ada, and an outcome filter that lets it through: only the user goes.
    r.s().setMatchingUserFilter(deeUser);
    r.s().setMatchingOutcomeFilter('matched-by-email');
    r.s().setTab('inspector');
    r.s().showTrace(ada);
    expect(r.s()).toMatchObject({ tab: 'matching', matchingSection: 'decisions', traceSeq: ada, matchingUserFilter: '', matchingOutcomeFilter: 'matched-by-email', matchingConflictOnly: false });
    expect(r.s().matchingFiltersCleared).toMatchObject({ seq: ada, cleared: [`user ${deeUser}`] });
    r.s().undoFiltersCleared();
    expect(r.s()).toMatchObject({ matchingUserFilter: deeUser, matchingOutcomeFilter: 'matched-by-email', matchingFiltersCleared: null, traceSeq: ada });

    // Conflicts only and the outcome hide #dee: both cleared, the user filter (its own) kept.
    r.s().setMatchingConflictOnly(true);
    r.s().showTrace(dee);
    expect(r.s()).toMatchObject({ traceSeq: dee, matchingUserFilter: deeUser, matchingOutcomeFilter: '', matchingConflictOnly: false });
    expect(r.s().matchingFiltersCleared?.cleared).toEqual(['outcome matched-by-email', 'conflicts only']);
    // A filter changed by hand, or another decision picked: the notice is out of date.
    r.s().setMatchingOutcomeFilter('created');
    expect(r.s().matchingFiltersCleared).toBeNull();

    // Nothing hides the row: nothing cleared, nothing said.
    r.s().showTrace(dee);
    expect(r.s()).toMatchObject({ matchingOutcomeFilter: 'created', matchingUserFilter: deeUser, matchingFiltersCleared: null });

    // revealDecision (the hidden notice's "Show #N") clears only what hides that row.
    r.s().setMatchingUserFilter('u-ada');
    r.s().revealDecision(dee);
    expect(r.s()).toMatchObject({ matchingUserFilter: '', matchingOutcomeFilter: 'created' });
  });

  it('keeps the Decisions filters and the Directory search, order and scroll offset across sections and tabs', async () => {
    const r = await setup();
    await r.s().init();
    r.s().setMatchingOutcomeFilter('created');
    r.s().setMatchingConflictOnly(true);
    r.s().setMatchingUserFilter('u-ada');
    r.s().setDirectoryView({ q: 'ada' });
    r.s().setDirectoryView({ sort: 'email', descending: true });
    r.s().setDirectoryScrollTop(4000);
    expect(() => r.s().setDirectoryScrollTop(-1)).toThrow('a scroll offset is a number of pixels, 0 or more, not -1');
    expect(() => r.s().setDirectoryScrollTop(Number.NaN)).toThrow('not NaN');
    r.s().setMatchingSection('directory');
    r.s().setTab('inspector');
    r.s().setTab('matching');
    r.s().setMatchingSection('duplicates');
    r.s().setMatchingSection('decisions');
    expect(r.s()).toMatchObject({
      matchingOutcomeFilter: 'created',
      matchingConflictOnly: true,
      matchingUserFilter: 'u-ada',
      directoryView: { q: 'ada', sort: 'email', descending: true },
      directoryScrollTop: 4000,
    });
  });

  // The list keeps the newest MATCHING_ROWS_MAX decisions. A link to an older one ("Why this
  // user?", a directory or duplicates link) used to show its trace beside a list with no row for
  // it and nothing saying why; the trace comes from the engine, and the store says the decision is
  // older than the rows loaded, so the list can say so.
  it('a trace opened for a decision older than the rows loaded is fetched, and said to be older', async () => {
    const r = await setup();
    await sendSigned(r, { type: 'identify', messageId: 'old-ada', userId: 'ada-x', traits: { email: 'ada@example.com' } }); // u-ada, by email
    const filler = Array.from({ length: MATCHING_ROWS_MAX + 4 }, (_, i) => ({ type: 'track', event: 'Filler', userId: `v${i}`, messageId: `f${i}` }));
    await sendSignedMany(r, filler);
    // A Tracking API message (no decision: outside the default scope), after the old decision.
    await r.post([{ type: 'track', event: 'Signed Up', userId: 'ada', messageId: 't1' }]);
    await sendSigned(r, { type: 'track', event: 'Tour Start', messageId: 'newest', userId: 'ada' });
    const [old, tracking, newest] = [await seqOf(r, 'old-ada'), await seqOf(r, 't1'), await seqOf(r, 'newest')];
    await r.s().init();
    expect(r.s().decisionRows.length).toBe(MATCHING_ROWS_MAX);
    expect(r.s().decisionTotal).toBe(MATCHING_ROWS_MAX + 6);
    expect(r.s().outcomeBySeq.has(old)).toBe(false);

    // A user filter set before: the old decision has no row to clear it for, so it stays.
    r.s().setMatchingUserFilter('u-bob');
    r.s().setTab('inspector');
    r.s().showTrace(old);
    expect(r.s()).toMatchObject({ tab: 'matching', matchingSection: 'decisions', traceSeq: old, matchingUserFilter: 'u-bob', matchingFiltersCleared: null });
    expect(selectTraceOlderThanLoaded(r.s())).toBe(false); // not known yet: the trace is on its way
    await r.until((s) => s.trace !== null || s.traceError !== null);
    expect(r.s().traceError).toBeNull();
    expect(r.s().trace).toMatchObject({ seq: old, outcome: 'matched-by-email', userId: 'u-ada' });
    expect(selectTraceOlderThanLoaded(r.s())).toBe(true);

    // A loaded decision: it has its row, nothing to say.
    r.s().showTrace(newest);
    await r.until((s) => s.trace?.seq === newest);
    expect(selectTraceOlderThanLoaded(r.s())).toBe(false);

    // A message with no decision at all, older than the rows loaded: not called "older"; the trace
    // pane says why there is no trace.
    r.s().selectDecision(tracking);
    await r.until((s) => s.traceError !== null);
    expect(r.s().traceError).toContain('Matching has no decision about this message');
    expect(selectTraceOlderThanLoaded(r.s())).toBe(false);

    // The oldest loaded decision, selected while newer ones come in: once pushed out of the rows
    // loaded, it is older than them.
    const oldestLoaded = r.s().decisionRows[0].seq;
    r.s().selectDecision(oldestLoaded);
    await r.until((s) => s.trace?.seq === oldestLoaded);
    expect(selectTraceOlderThanLoaded(r.s())).toBe(false);
    await sendSigned(r, { type: 'track', event: 'Tour Done', messageId: 'newer', userId: 'ada' });
    await matchingChanged(r, (s) => s.decisionTotal === MATCHING_ROWS_MAX + 7);
    expect(r.s().outcomeBySeq.has(oldestLoaded)).toBe(false);
    expect(r.s().trace?.seq).toBe(oldestLoaded);
    expect(selectTraceOlderThanLoaded(r.s())).toBe(true);
  });
});
