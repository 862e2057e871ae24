// The Matching tab's empty decisions list says why it is empty: nothing captured yet, or captures
// that all came through the Tracking API while only webhook messages are matched (an imported
// Tracking API capture otherwise looks like matching is broken). The status is put in the store as
// the engine's matching.changed event puts it (the engine's status is tested over real sockets in
// test/integration/matching.test.ts): the shared engine's decisions depend on the other files.
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCHING_SETTINGS } from '../../src-shared/matching/settings';
import { DecisionsPanel } from '../../src-renderer/src/matching/DecisionsPanel';
import { MatchingView } from '../../src-renderer/src/matching/MatchingView';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { clientPerTest } from './engine-http';

const engine = clientPerTest();

const status = (messagesSeen: number, scope: 'webhook' | 'webhook-and-tracking') => ({
  settings: { ...DEFAULT_MATCHING_SETTINGS, scope },
  decisions: 0,
  users: 0,
  startingUsers: 0,
  messagesSeen,
  generation: 1,
});

describe('Matching: the empty decisions list', () => {
  it('says when captures exist but none came through a webhook, and how to match them', () => {
    const store = createAppStore(engine.client.api);
    render(
      <AppProvider api={engine.client.api} store={store}>
        <DecisionsPanel active />
      </AppProvider>,
    );
    act(() => store.setState({ matchingStatus: null, decisionRows: [], decisionTotal: 0, loading: null }));
    // No status yet: nothing is known, so not "nothing yet" (a million captures may be on their way).
    expect(screen.getByText('Loading the decisions…')).toBeTruthy();
    expect(screen.queryByText('No matched messages yet')).toBeNull();
    // Nor does the count say "0 of 0" beside it.
    expect(document.querySelector('.filter-count')).toBeNull();

    // Matching reads a big log back after a restart, and answers once it is done: say how far.
    act(() => store.setState({ deriving: { fed: 420_000, total: 1_000_000 } }));
    expect(screen.getByText('Reading the capture log back for matching: 42%')).toBeTruthy();
    expect(document.body.textContent).toContain('420,000 of 1,000,000 captures so far');
    const bar = screen.getByLabelText('Captures read back for matching') as HTMLProgressElement;
    expect([Number(bar.getAttribute('value')), Number(bar.getAttribute('max'))]).toEqual([420_000, 1_000_000]);
    act(() => store.setState({ deriving: null }));
    expect(screen.queryByTestId('deriving')).toBeNull();

    // While the capture log loads, matching waits for it: say so rather than "nothing yet".
    act(() => store.setState({ loading: { loadedBytes: 1_000_000, totalBytes: 300_000_000, messages: 3_000 } }));
    expect(screen.getByText('Matching starts once the capture log is loaded')).toBeTruthy();
    act(() => store.setState({ loading: null }));

    act(() => store.setState({ matchingStatus: status(1_000_000, 'webhook') }));
    expect(screen.queryByText('No matched messages yet')).toBeNull();
    expect(screen.getByText('None of the 1,000,000 captured messages came through a webhook')).toBeTruthy();
    // One click matches them (the click itself is tested in e2e/matching.spec.ts, on an engine of its own).
    expect(screen.getByRole('button', { name: 'Match Tracking API messages too' })).toBeTruthy();
    expect(document.body.textContent).toContain('Messages matched in Settings & what-if sets it back');

    // Tracking API messages are matched too: then nothing at all has matched yet.
    act(() => store.setState({ matchingStatus: status(1_000_000, 'webhook-and-tracking') }));
    expect(screen.getByText('No matched messages yet')).toBeTruthy();

    act(() => store.setState({ matchingStatus: status(0, 'webhook') }));
    expect(screen.getByText('No matched messages yet')).toBeTruthy();
    // Known to be none: counted.
    expect(document.querySelector('.filter-count')!.textContent).toBe('0 of 0');
  });

  // Nothing yet said "Send events to a webhook (POST /webhook/<name>)" and stopped there: no
  // address to paste into Segment, no way on. It gives the webhook's full address and the next steps.
  it('says where to point Segment\'s Webhook destination, and opens the Webhooks tab or the users import', () => {
    const store = createAppStore(engine.client.api);
    render(
      <AppProvider api={engine.client.api} store={store}>
        <MatchingView active />
      </AppProvider>,
    );
    const info = store.getState().info;
    act(() => store.setState({ info: { ...(info ?? ({} as NonNullable<typeof info>)), receiverUrl: 'http://127.0.0.1:8787' }, matchingStatus: status(0, 'webhook'), decisionRows: [], decisionTotal: 0, loading: null, deriving: null }));
    const empty = screen.getByText('No matched messages yet').parentElement!;
    expect(within(empty).getByText('http://127.0.0.1:8787/webhook/productfruits').tagName).toBe('CODE');
    expect(empty.textContent).not.toContain('Tracking API');
    act(() => store.setState({ matchingStatus: status(0, 'webhook-and-tracking') }));
    expect(empty.textContent).toContain('or send Tracking API messages here');

    fireEvent.click(within(empty).getByRole('button', { name: 'Import your users…' }));
    expect(screen.getByRole('dialog', { name: 'Import users' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(empty).getByRole('button', { name: 'Set up a webhook' }));
    expect(store.getState().tab).toBe('webhooks');
    store.getState().dispose();
  });

  // Beside an empty list the trace column said "No decision selected: pick a message", with no
  // message to pick; beside a list it held 44% of the width for that sentence. As in the Inspector
  // and Sessions, the pane comes once a decision is picked; until then a line under the list says so.
  it('shows no trace pane until a decision is picked, a line under a list saying to pick one', () => {
    const store = createAppStore(engine.client.api);
    const { container } = render(
      <AppProvider api={engine.client.api} store={store}>
        <DecisionsPanel active />
      </AppProvider>,
    );
    act(() => store.setState({ matchingStatus: status(0, 'webhook'), decisionRows: [], decisionTotal: 0, loading: null, deriving: null }));
    expect(screen.getByText('No matched messages yet')).toBeTruthy();
    expect(screen.queryByRole('complementary', { name: 'Decision trace' })).toBeNull();
    expect(screen.queryByText('No decision selected')).toBeNull();
    expect(container.querySelector('.decisions-split')!.classList.contains('no-trace')).toBe(true);

    const row = { seq: 3, receivedAt: '2026-01-01T00:00:00.000Z', outcome: 'created' as const, userId: 'u-3', conflict: false, changed: [] };
    expect(container.querySelector('.decisions-pick-hint')).toBeNull();
    act(() => store.setState({ matchingStatus: { ...status(1, 'webhook'), decisions: 1 }, decisionRows: [row], decisionTotal: 1 }));
    expect(screen.queryByRole('complementary', { name: 'Decision trace' })).toBeNull();
    expect(container.querySelector('.decisions-split')!.classList.contains('no-trace')).toBe(true);
    expect(container.querySelector('.decisions-pick-hint')!.textContent).toBe("Pick a message to see, step by step, how Product Fruits' rule chose its user.");
    act(() => store.getState().selectDecision(3));
    expect(screen.getByRole('complementary', { name: 'Decision trace' })).toBeTruthy();
    expect(container.querySelector('.decisions-split')!.classList.contains('no-trace')).toBe(false);
    expect(container.querySelector('.decisions-pick-hint')).toBeNull();
    store.getState().dispose();
  });
});

describe('Matching: the # column', () => {
  it('is as wide as the longest seq listed needs (a fixed 36 px cut 980001 to "980…")', () => {
    const store = createAppStore(engine.client.api);
    const { container } = render(
      <AppProvider api={engine.client.api} store={store}>
        <DecisionsPanel active />
      </AppProvider>,
    );
    const row = (seq: number) => ({ seq, receivedAt: '2026-01-01T00:00:00.000Z', outcome: 'created' as const, userId: `u-${seq}`, conflict: false, changed: [] });
    const width = () => (container.querySelector('.list-pane') as HTMLElement).style.getPropertyValue('--seq-w');
    act(() => store.setState({ matchingStatus: status(2, 'webhook'), decisionRows: [row(7), row(12)], decisionTotal: 2 }));
    expect(width()).toBe('36px'); // short seqs keep the narrow column
    act(() => store.setState({ decisionRows: [row(980_000), row(1_000_001)], decisionTotal: 2 }));
    expect(width()).toBe(`${7 * 8 + 4}px`);
  });
});

describe('Matching: the settings panel on a narrow window', () => {
  const widths = [
    { width: 1400, open: true },
    { width: 1000, open: false },
  ];
  for (const { width, open } of widths) {
    it(`starts ${open ? 'open' : 'closed'} at ${width} px (the decisions list keeps its columns), and the button toggles it`, () => {
      const before = window.innerWidth;
      Object.defineProperty(window, 'innerWidth', { configurable: true, value: width });
      try {
        const store = createAppStore(engine.client.api);
        render(
          <AppProvider api={engine.client.api} store={store}>
            <MatchingView active />
          </AppProvider>,
        );
        const button = screen.getByRole('button', { name: 'Settings & what-if' });
        expect(button.getAttribute('aria-pressed')).toBe(String(open));
        expect(screen.queryByRole('heading', { name: 'Settings & what-if' }) !== null).toBe(open);
        act(() => button.click());
        expect(button.getAttribute('aria-pressed')).toBe(String(!open));
      } finally {
        Object.defineProperty(window, 'innerWidth', { configurable: true, value: before });
      }
    });
  }
});
