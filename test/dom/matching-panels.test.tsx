// The Matching tab's trace pane and settings panel over the real engine: webhook messages sent over
// HTTP, the decisions and traces the engine derives from them, read through the browser mode's
// client. What is tested here is the components' own logic: numbered steps with `code` spans, the
// fields-changed table, the links out of the trace, and the settings draft (changed marks, the
// buttons' states, preview, discard, an engine change that resets an untouched draft only, apply).
// Only this file sends webhook messages to the shared engine, so the decisions are its own.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MatchingStatus } from '../../src-shared/matching/api-types';
import { DEFAULT_MATCHING_SETTINGS } from '../../src-shared/matching/settings';
import { SettingsPanel } from '../../src-renderer/src/matching/SettingsPanel';
import { TracePane } from '../../src-renderer/src/matching/TracePane';
import { WhatIfResults } from '../../src-renderer/src/matching/WhatIfResults';
import { AppProvider, createAppStore, type AppStore } from '../../src-renderer/src/state';
import { clientPerTest, send } from './engine-http';

const engine = clientPerTest();
const WEBHOOK = 'dom-matching';

async function sendWebhook(message: Record<string, unknown>): Promise<void> {
  expect(await send('POST', `/webhook/${WEBHOOK}`, message, { 'user-agent': 'Segment.io/1.0' })).toBe(200);
}

/** The engine's decisions about this file's messages (by messageId), oldest first. */
async function decisionsFor(messageIds: string[]) {
  const { decisions } = await engine.client.api.call('matching.decisions', { limit: 1000 });
  return messageIds.map((id) => {
    const d = decisions.find((x) => x.messageId === id);
    if (!d) throw new Error(`no decision for ${id}`);
    return d;
  });
}

function renderWith(store: AppStore, ui: React.ReactNode) {
  return render(
    <AppProvider api={engine.client.api} store={store}>
      {ui}
    </AppProvider>,
  );
}

describe('Matching: the trace pane', () => {
  it('shows the engine trace as numbered steps with code spans, the fields changed, and links to the user and back', async () => {
    await engine.client.api.call('webhooks.save', { name: WEBHOOK, rejectInvalid: false });
    await sendWebhook({ type: 'identify', messageId: 'dom-t1', userId: 'dom-ann', traits: { email: 'ann@dom.example', plan: 'pro' } });
    await sendWebhook({ type: 'track', messageId: 'dom-t2', event: 'Tour Start', userId: 'dom-ann' });
    const [created, byUsername] = await decisionsFor(['dom-t1', 'dom-t2']);
    expect([created.outcome, byUsername.outcome]).toEqual(['created', 'matched-by-username']);

    const store = createAppStore(engine.client.api);
    renderWith(store, <TracePane />);
    expect(screen.getByText('No decision selected')).toBeTruthy();

    act(() => store.getState().selectDecision(created.seq));
    await screen.findByRole('heading', { name: 'Why this user?' });
    const pane = screen.getByRole('complementary', { name: 'Decision trace' });
    expect(within(pane).getByText(`#${created.seq}`)).toBeTruthy();
    expect(within(pane).getByText('dom-t1')).toBeTruthy();

    // One list item per step, in order; each backticked part is a <code>, the rest plain text.
    const steps = within(screen.getByRole('list', { name: 'Trace steps' })).getAllByRole('listitem');
    expect(steps.map((li) => li.textContent)).toEqual(created.steps.map((s) => s.replaceAll('`', '')));
    const firstCodes = [...steps[0].querySelectorAll('code')].map((c) => c.textContent);
    expect(firstCodes).toEqual(created.steps[0].split('`').filter((_, i) => i % 2 === 1));
    expect(firstCodes.length).toBeGreaterThan(0);

    // A created user: every field it got is new, shown "(none)" before.
    const rows = within(pane).getAllByRole('row').slice(1);
    const table = rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    expect(table).toEqual(expect.arrayContaining([['username', '(none)', 'dom-ann'], ['email', '(none)', 'ann@dom.example'], ['properties.plan', '(none)', 'pro']]));
    expect(table).toHaveLength(created.changes.length);
    expect(within(pane).queryByText('conflict')).toBeNull();

    // "All decisions for this user" filters the list by the user the trace names.
    fireEvent.click(within(pane).getByRole('button', { name: 'All decisions for this user' }));
    expect(store.getState().matchingUserFilter).toBe(created.userId);

    // Another decision: the pane waits for its trace, then shows it (no fields changed: no table).
    act(() => store.getState().selectDecision(byUsername.seq));
    await waitFor(() => expect(within(pane).queryByText(`#${byUsername.seq}`)).toBeTruthy());
    expect(within(pane).queryByRole('table')).toBeNull();
    expect(within(pane).getAllByRole('listitem').map((li) => li.textContent)).toEqual(byUsername.steps.map((s) => s.replaceAll('`', '')));

    fireEvent.click(within(pane).getByRole('button', { name: 'Close trace' }));
    expect(store.getState().traceSeq).toBeNull();
    expect(screen.getByText('No decision selected')).toBeTruthy();
  });

  it('copies the steps under a header naming the message, its event and origin, the outcome and the settings', async () => {
    // "Copy steps" gave the numbered steps alone: pasted into a reply to a customer, nothing said
    // which message (or which event of theirs) they explain, nor under which settings.
    await engine.client.api.call('webhooks.save', { name: WEBHOOK, rejectInvalid: false });
    await sendWebhook({ type: 'track', messageId: 'dom-copy-1', event: 'Notification Viewed', userId: 'dom-copy-user', properties: { notificationId: 'n-1' } });
    const [d] = await decisionsFor(['dom-copy-1']);
    const store = createAppStore(engine.client.api);
    renderWith(store, <TracePane />);
    act(() => store.getState().selectDecision(d.seq));
    await screen.findByRole('heading', { name: 'Why this user?' });
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void (copied = t) } });
    const settings = (await engine.client.api.call('matching.status', undefined)).settings;
    const header = [
      `Message #${d.seq}: track "Notification Viewed", messageId dom-copy-1, received ${d.receivedAt} through webhook ${WEBHOOK}`,
      `Outcome: created, user ${d.userId}`,
      `Settings: emailComparison ${settings.emailComparison}, noIdentity ${settings.noIdentity}, conflict ${settings.conflict}, scope ${settings.scope}`,
    ];
    // The pane names the event and where it came from too.
    const pane = screen.getByRole('complementary', { name: 'Decision trace' });
    expect(await within(pane).findByText('Notification Viewed')).toBeTruthy();
    expect(within(pane).getByText(`webhook ${WEBHOOK}`)).toBeTruthy();
    // The settings in force come from the store, as the Matching tab loads them.
    await act(() => store.getState().loadMatching());
    fireEvent.click(screen.getByRole('button', { name: 'Copy steps' }));
    await waitFor(() => expect(copied).not.toBe(''));
    expect(copied.split('\n').slice(0, 4).join(' | ')).toBe([...header, ''].join(' | '));
    expect(copied.split('\n').slice(4)).toEqual(d.steps.map((step, i) => `${i + 1}. ${step}`));
  });

  it('names where an identify came from as such, not as its event (it has none)', async () => {
    await engine.client.api.call('webhooks.save', { name: WEBHOOK, rejectInvalid: false });
    await sendWebhook({ type: 'identify', messageId: 'dom-origin-1', userId: 'dom-origin-user', traits: { email: 'origin@dom.example' } });
    const [d] = await decisionsFor(['dom-origin-1']);
    const store = createAppStore(engine.client.api);
    renderWith(store, <TracePane />);
    act(() => store.getState().selectDecision(d.seq));
    const pane = await screen.findByRole('complementary', { name: 'Decision trace' });
    await within(pane).findByText(`webhook ${WEBHOOK}`);
    const grid = pane.querySelector('.summary-grid')!;
    const rows = [...grid.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
    expect(rows.map(([term]) => term)).toEqual(['Message', 'Received', 'Came from', 'User']);
    expect(rows[2][1]).toBe(`webhook ${WEBHOOK}`);
  });

  it('says which message has no trace when the engine has no decision for it (it used to say "Loading" for ever)', async () => {
    const store = createAppStore(engine.client.api);
    renderWith(store, <TracePane />);
    act(() => store.getState().selectDecision(987_654));
    expect(await screen.findByText('No trace for message #987654')).toBeTruthy();
    expect(screen.getByText(/not among the messages matched/)).toBeTruthy();
  });
});

describe('Matching: the settings panel', () => {
  const radio = (label: string) => screen.getByRole('radio', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}`) }) as HTMLInputElement;
  const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;
  const status = (): Promise<MatchingStatus> => engine.client.api.call('matching.status', undefined);

  it('previews what exact emails would change, discards, follows the engine while untouched, and applies', async () => {
    await engine.client.api.call('webhooks.save', { name: WEBHOOK, rejectInvalid: false });
    await sendWebhook({ type: 'identify', messageId: 'dom-s1', userId: 'dom-bo', traits: { email: 'bo@dom.example' } });
    // Found by email only because case and space are ignored: under exact comparison it would
    // create a user instead.
    await sendWebhook({ type: 'identify', messageId: 'dom-s2', traits: { email: ' BO@dom.example' } });
    const [, looseHit] = await decisionsFor(['dom-s1', 'dom-s2']);
    expect(looseHit.outcome).toBe('matched-by-email');

    const store = createAppStore(engine.client.api);
    const initial = await status();
    act(() => store.setState({ matchingStatus: initial }));
    renderWith(store, <SettingsPanel onClose={() => undefined} />);
    try {
      // Nothing changed yet: nothing to preview, apply or discard.
      expect(radio('ignore case and surrounding space').checked).toBe(true);
      expect([button('Preview changes').disabled, button('Apply').disabled, button('Discard').disabled]).toEqual([true, true, true]);
      expect(screen.getByText('Change a setting to see which decisions would change before applying it.')).toBeTruthy();
      expect(screen.queryByText('(changed)')).toBeNull();

      fireEvent.click(radio('exact (character for character)'));
      expect(radio('exact (character for character)').checked).toBe(true);
      expect(screen.getAllByText('(changed)')).toHaveLength(1);
      expect([button('Preview changes').disabled, button('Apply').disabled, button('Discard').disabled]).toEqual([false, false, false]);

      fireEvent.click(button('Preview changes'));
      const results = await screen.findByRole('region', { name: 'What-if results' });
      const changed = within(results).getByRole('table', { name: 'Decisions that would change' });
      const seqs = within(changed).getAllByRole('row').slice(1).map((r) => r.querySelector('td')!.textContent);
      expect(seqs).toContain(String(looseHit.seq));
      expect(within(results).getByText(/would change; users:/).textContent).toMatch(/^\d+ decisions? would change; users: \d+ added, \d+ removed, \d+ changed\.$/);
      // Nothing is applied by a preview.
      expect((await status()).settings.emailComparison).toBe('ignore-case-and-space');

      // A row of the preview opens the current trace of that message: a click on the row, or its
      // seq's button from the keyboard (the rows could only be clicked).
      fireEvent.click(within(changed).getAllByRole('row')[1].querySelector('td:last-child')!);
      expect(store.getState().traceSeq).not.toBeNull();
      act(() => store.setState({ traceSeq: null }));
      const open = within(changed).getByRole('button', { name: `Show the trace of #${looseHit.seq}` });
      expect(open.tabIndex).toBe(0);
      fireEvent.click(open);
      expect(store.getState().traceSeq).toBe(looseHit.seq);

      fireEvent.click(button('Discard'));
      expect(radio('ignore case and surrounding space').checked).toBe(true);
      expect(screen.queryByRole('region', { name: 'What-if results' })).toBeNull();
      expect(button('Preview changes').disabled).toBe(true);

      // Untouched, the draft follows a change made elsewhere (another window, the API)...
      await engine.client.api.call('matching.setSettings', { noIdentity: 'create-anonymous' });
      act(() => store.setState({ matchingStatus: { ...initial, settings: { ...initial.settings, noIdentity: 'create-anonymous' } } }));
      expect(radio('create an anonymous user keyed by anonymousId').checked).toBe(true);
      expect(button('Apply').disabled).toBe(true);
      // ...but once the user changed something, an engine change leaves the draft alone.
      fireEvent.click(radio('userId wins (flagged as a conflict)'));
      act(() => store.setState({ matchingStatus: { ...initial, settings: { ...initial.settings } } }));
      expect(radio('userId wins (flagged as a conflict)').checked).toBe(true);
      expect(radio('create an anonymous user keyed by anonymousId').checked).toBe(true);
      expect(screen.getAllByText('(changed)')).toHaveLength(2);

      fireEvent.click(button('Apply'));
      await waitFor(async () => expect((await status()).settings).toEqual({ ...initial.settings, noIdentity: 'create-anonymous', conflict: 'userId-wins' }));
    } finally {
      await engine.client.api.call('matching.setSettings', DEFAULT_MATCHING_SETTINGS);
    }
  });

  // Applied, the panel went back to "Change a setting to see which decisions would change": nothing
  // said what had been applied or which decisions it re-derived, unless a preview was read first.
  it('says after Apply which settings changed and which decisions and users changed with them', async () => {
    await engine.client.api.call('webhooks.save', { name: WEBHOOK, rejectInvalid: false });
    await sendWebhook({ type: 'identify', messageId: 'dom-a1', userId: 'dom-cy', traits: { email: 'cy@dom.example' } });
    await sendWebhook({ type: 'identify', messageId: 'dom-a2', traits: { email: ' CY@dom.example' } });
    const [, looseHit] = await decisionsFor(['dom-a1', 'dom-a2']);
    expect(looseHit.outcome).toBe('matched-by-email');

    const store = createAppStore(engine.client.api);
    const initial = await status();
    act(() => store.setState({ matchingStatus: initial }));
    renderWith(store, <SettingsPanel onClose={() => undefined} />);
    try {
      fireEvent.click(radio('exact (character for character)'));
      // Straight to Apply, no preview.
      fireEvent.click(button('Apply'));
      const applied = await screen.findByRole('region', { name: 'Applied settings' });
      await waitFor(async () => expect((await status()).settings.emailComparison).toBe('exact'));
      expect(within(applied).getAllByRole('heading')[0].textContent).toBe('Applied');
      expect(within(applied).getByText(/^Email comparison:/).textContent).toBe('Email comparison: exact (character for character), was ignore case and surrounding space.');
      expect(within(applied).getByText(/changed; users:/).textContent).toMatch(/^\d+ decisions? changed; users: \d+ added, \d+ removed, \d+ changed\.$/);
      const table = within(applied).getByRole('table', { name: 'Decisions that changed' });
      expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['#', 'Before', 'After']);
      const row = within(table).getByRole('button', { name: `Show the trace of #${looseHit.seq}` }).closest('tr')!;
      expect(row.textContent).toContain('by email');
      expect(row.textContent).toContain('created');
      // A new change starts a new draft: the note of the last one goes.
      fireEvent.click(radio('ignore case and surrounding space'));
      fireEvent.click(radio('userId wins (flagged as a conflict)'));
      expect(screen.queryByRole('region', { name: 'Applied settings' })).toBeNull();
    } finally {
      await engine.client.api.call('matching.setSettings', DEFAULT_MATCHING_SETTINGS);
    }
  });
});

describe('Matching: what-if results in words', () => {
  it('a message outside the scope reads "out of scope" beside the rule\'s "unmatched", and a value\'s surrounding space shows', () => {
    // Scope widened to the Tracking API: a page with no identity went from "not matched" to
    // "unmatched", two words for two different things, read as no change. And an email changed to
    // one with a trailing space read "carol@globex.com → Carol@Globex.com", the space unseen.
    const store = createAppStore(engine.client.api);
    renderWith(
      store,
      <WhatIfResults
        result={{
          settings: { ...DEFAULT_MATCHING_SETTINGS, scope: 'webhook-and-tracking' },
          comparison: {
            decisions: [{ seq: 16, now: null, then: { outcome: 'unmatched', conflict: false } }],
            users: { added: [], removed: [], changed: [{ id: '104', fields: [{ field: 'email', now: 'carol@globex.com', then: 'Carol@Globex.com ' }] }] },
          },
          totals: { decisions: 1, added: 0, removed: 0, changed: 1 },
        }}
      />,
    );
    const row = within(screen.getByRole('table', { name: 'Decisions that would change' })).getAllByRole('row')[1];
    const [, now, then] = row.querySelectorAll('td');
    expect(now.textContent).toBe('out of scope');
    expect((now.firstElementChild as HTMLElement).title).toBe('The rule does not run on this message: it came through the Tracking API, and "Messages matched" is webhook messages only');
    expect(then.textContent).toContain('unmatched');
    expect(screen.getByText(/^email:/).textContent).toBe('email: carol@globex.com → "Carol@Globex.com "');
  });

  it('names an added or removed user\'s username and email, the space around an email shown', () => {
    const store = createAppStore(engine.client.api);
    renderWith(
      store,
      <WhatIfResults
        result={{
          settings: { ...DEFAULT_MATCHING_SETTINGS, emailComparison: 'exact' },
          comparison: {
            decisions: [{ seq: 1, now: { outcome: 'matched-by-email', conflict: false, userId: 'u-ada' }, then: { outcome: 'created', conflict: false, userId: 'new-1' } }],
            users: { added: [{ id: 'new-1', username: 'someone-else', email: ' Ada@Example.com ' }], removed: [{ id: 'u-old', email: 'old@example.com' }], changed: [] },
          },
          totals: { decisions: 1, added: 1, removed: 1, changed: 0 },
        }}
      />,
    );
    expect(screen.getByText(/^\+ new-1/).parentElement!.textContent).toBe('+ new-1 username: someone-else · email: " Ada@Example.com "');
    expect(screen.getByText(/^− u-old/).parentElement!.textContent).toBe('− u-old email: old@example.com');
  });
});
