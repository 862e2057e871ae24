// The Sessions tab's clock controls and session count over the real engine: each button is an
// engine clock action, read back from the engine itself; a message sent over HTTP opens a session
// on the simulation clock, "Next timeout" jumps to its timeout and the view counts it closed.
// The dom files run one after another (fileParallelism: false), so moving the shared engine's
// clock here disturbs no other file; it is set back to live at the end.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClockView } from '../../src-shared/sim-clock';
import { SimClockProvider } from '../../src-renderer/src/sessions/clock-context';
import { localDateTime } from '../../src-renderer/src/inspector/format';
import { createSimClockStore } from '../../src-renderer/src/sessions/sim-clock-store';
import { SessionsView } from '../../src-renderer/src/sessions/SessionsView';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { clientPerTest, send } from './engine-http';

const engine = clientPerTest();
const clock = (): Promise<ClockView> => engine.client.api.call('clock.get', undefined);
const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

afterEach(async () => {
  await engine.client.api.call('clock.act', { action: 'live' });
});

// The lanes are virtualized and happy-dom lays nothing out: give their scroll box a size.
const real = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!;
beforeAll(() =>
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('timeline-scroll') ? 400 : real.get!.call(this);
    },
  }),
);
afterAll(() => delete (HTMLElement.prototype as unknown as Record<string, unknown>).clientHeight);

function renderSessions() {
  const api = engine.client.api;
  const clockStore = createSimClockStore(api);
  const store = createAppStore(api);
  render(
    <AppProvider api={api} store={store}>
      <SimClockProvider store={clockStore}>
        <SessionsView active />
      </SimClockProvider>
    </AppProvider>,
  );
  return { clockStore, store };
}

describe('Sessions: the clock controls', () => {
  it('pause, jump, run at a speed and set: each is the engine clock action, and a bad date says so', async () => {
    const { clockStore } = renderSessions();
    fireEvent.click(button('Pause'));
    await waitFor(async () => expect((await clock()).mode).toBe('paused'));
    const paused = (await clock()).nowMs;

    fireEvent.click(button('+10 min'));
    await waitFor(async () => expect((await clock()).nowMs).toBe(paused + 600_000));
    fireEvent.click(button('+30 min'));
    await waitFor(async () => expect((await clock()).nowMs).toBe(paused + 2_400_000));
    // The view's store follows the engine's pushes.
    await waitFor(() => expect(clockStore.getState().clock?.nowMs).toBe(paused + 2_400_000));

    expect(button('600×').getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button('600×'));
    await waitFor(async () => expect(await clock()).toMatchObject({ mode: 'running', speed: 600 }));
    await waitFor(() => expect(button('600×').getAttribute('aria-pressed')).toBe('true'));
    expect(button('60×').getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button('Pause'));
    await waitFor(async () => expect((await clock()).mode).toBe('paused'));
    await waitFor(() => expect(button('600×').getAttribute('aria-pressed')).toBe('false'));

    const input = screen.getByLabelText('Set the clock to') as HTMLInputElement;
    // A datetime-local field holds no text that is not a date (the browser, as happy-dom, keeps it
    // empty, and then it shows the clock's time): Set takes the time shown, to the second. It said
    // "Pick a date and time to set the clock to." beside a field showing one.
    fireEvent.change(input, { target: { value: 'not a date' } });
    const shown = (await clock()).nowMs;
    fireEvent.click(button('Set'));
    await waitFor(async () => expect((await clock()).nowMs).toBe(Math.floor(shown / 1000) * 1000));
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(input, { target: { value: '2031-03-01T10:00:00' } });
    fireEvent.click(button('Set'));
    await waitFor(async () => expect((await clock()).nowMs).toBe(new Date(2031, 2, 1, 10, 0, 0).getTime()));
    expect(screen.queryByRole('alert')).toBeNull();

    fireEvent.click(button('Live'));
    await waitFor(async () => expect(await clock()).toMatchObject({ mode: 'live', offsetMs: 0 }));
  });
});

describe('Sessions: a session opens, then times out on the simulation clock', () => {
  it('counts the session open, and closed once "Next timeout" jumps to its end', async () => {
    // Far past every other file's messages, so this session is the only one still open.
    const start = Date.UTC(2032, 0, 1, 9, 0, 0);
    // Paused, so the clock stays where it is put (a set or a jump keeps the clock's mode).
    await engine.client.api.call('clock.act', { action: 'pause' });
    await engine.client.api.call('clock.act', { action: 'set', to: start + 60_000 });
    expect(
      await send('POST', '/v1/track', { anonymousId: 'dom-session-1', event: 'Module Opened', properties: { module: 'reports' }, timestamp: new Date(start).toISOString() }, { authorization: `Basic ${Buffer.from('dom-key:').toString('base64')}` }),
    ).toBe(200);

    renderSessions();
    const count = screen.getByTestId('sessions-count');
    await waitFor(() => expect(count.textContent).toMatch(/ · 1 open · /));
    expect(count.textContent).toMatch(/ · timeout 30 min( · \d+ messages? without anonymousId, in no session)?$/);
    await waitFor(async () => expect((await clock()).nextTimeout).toBe(new Date(start + 30 * 60_000).toISOString()));
    await waitFor(() => expect(button('Next timeout').disabled).toBe(false));
    expect(button('Next timeout').title).toBe(`Jump to ${new Date(start + 30 * 60_000).toISOString()}`);

    fireEvent.click(button('Next timeout'));
    await waitFor(async () => expect((await clock()).nowMs).toBe(start + 30 * 60_000));
    await waitFor(() => expect(count.textContent).toMatch(/ · 0 open · /));
    // Nothing left to time out: the button says so instead of jumping nowhere.
    await waitFor(() => expect(button('Next timeout').disabled).toBe(true));
    expect(button('Next timeout').title).toBe('No open session is waiting to time out');
  });
});

describe('Sessions: "Fit all" over an imported log from months ago', () => {
  it('fits the sessions, not the live clock, with a readable axis that names the days', async () => {
    // Timed-out sessions on two days, months before the (live) clock: an import of a customer's capture.
    await send('DELETE', '/api/messages');
    const day = Date.UTC(2026, 2, 9, 0, 0, 0);
    expect(Date.now() - day).toBeGreaterThan(30 * 86_400_000);
    const auth = { authorization: `Basic ${Buffer.from('dom-fit-key:').toString('base64')}` };
    for (const at of [day + 9 * 3_600_000, day + 9 * 3_600_000 + 20 * 60_000, day + 39 * 3_600_000, day + 39 * 3_600_000 + 25 * 60_000]) {
      expect(await send('POST', '/v1/track', { anonymousId: 'dom-fit-1', event: 'Invoice Viewed', properties: { module: 'Billing' }, timestamp: new Date(at).toISOString() }, auth)).toBe(200);
    }
    renderSessions();
    await waitFor(() => expect(screen.getByTestId('sessions-count').textContent).toMatch(/^2 sessions · 0 open · 1 anonymousId/));
    // The default window (the last hour) shows none of them: it says where they are and offers Fit all.
    const hint = await screen.findByRole('status', { name: 'No session in this window' });
    // In local time, as the axis (this machine's zone).
    expect(hint.textContent).toContain(localDateTime(day + 9 * 3_600_000).slice(0, 16));
    expect(hint.textContent).toContain(localDateTime(day + 39 * 3_600_000 + 25 * 60_000).slice(0, 16));
    fireEvent.click(screen.getByRole('button', { name: 'Fit all' }));
    expect((screen.getByLabelText('Time window') as HTMLSelectElement).value).toBe('all');
    expect(screen.queryByRole('status', { name: 'No session in this window' })).toBeNull();
    // The two days' sessions lie apart across the track: the window was stretched to today's
    // clock, which put both within a pixel of its left edge.
    const lefts = () => [...document.querySelectorAll<HTMLElement>('.session-bar')].map((b) => parseFloat(b.style.left));
    await waitFor(() => expect(lefts()).toHaveLength(2));
    const [first, second] = lefts();
    expect(second - first).toBeGreaterThan(50);
    // A handful of ticks (there were hundreds, a grey band), and the axis says which day is which.
    const ticks = [...document.querySelectorAll('.timeline-tick')].map((t) => t.textContent);
    expect(ticks.length).toBeLessThanOrEqual(12);
    const local = (ms: number) => new Date(ms).toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
    expect(ticks).toContain(local(day + 86_400_000));
  });
});

describe('Sessions: module colours', () => {
  it('gives each module of the legend its own colour, the same on the bars', async () => {
    // Billing and Settings hashed to one green: a session's Billing time could not be told from its Settings time.
    await send('DELETE', '/api/messages');
    const start = Date.UTC(2026, 2, 9, 9, 0, 0);
    const auth = { authorization: `Basic ${Buffer.from('dom-colour-key:').toString('base64')}` };
    const modules = ['Billing', 'Settings', 'Reports', 'Dashboard'];
    for (const [i, module] of [...modules, 'Billing'].entries()) {
      expect(await send('POST', '/v1/track', { anonymousId: 'dom-colour-1', event: 'Clicked', properties: { module }, timestamp: new Date(start + i * 60_000).toISOString() }, auth)).toBe(200);
    }
    renderSessions();
    const legend = await screen.findByLabelText('Modules');
    await waitFor(() => expect(legend.querySelectorAll('.legend-item')).toHaveLength(4));
    const colours = new Map([...legend.querySelectorAll('.legend-item')].map((item) => [item.textContent, (item.querySelector('.legend-swatch') as HTMLElement).style.backgroundColor]));
    expect(new Set(colours.values()).size).toBe(4);
    fireEvent.change(screen.getByLabelText('Time window'), { target: { value: 'all' } });
    await waitFor(() => expect(document.querySelectorAll('.session-seg').length).toBe(4));
    for (const seg of document.querySelectorAll<HTMLElement>('.session-seg')) expect(seg.style.backgroundColor).toBe(colours.get(seg.title.split(':')[0]));
  });

  it('keeps each module\'s colour while new modules arrive live', async () => {
    // Colours were given in name order over the modules of the moment: "Admin" arriving took
    // Billing's blue and Billing took Reports' green, under the eyes of a user watching live.
    await send('DELETE', '/api/messages');
    const auth = { authorization: `Basic ${Buffer.from('dom-colour-key:').toString('base64')}` };
    const start = Date.now() - 10 * 60_000;
    const track = async (i: number, module: string) =>
      expect(await send('POST', '/v1/track', { anonymousId: 'dom-colour-live', event: 'Clicked', properties: { module }, timestamp: new Date(start + i * 60_000).toISOString() }, auth)).toBe(200);
    await track(0, 'Billing');
    await track(1, 'Reports');
    renderSessions();
    const legend = await screen.findByLabelText('Modules');
    const swatches = () => new Map([...legend.querySelectorAll('.legend-item')].map((item) => [item.textContent!, (item.querySelector('.legend-swatch') as HTMLElement).style.backgroundColor]));
    await waitFor(() => expect(swatches().size).toBe(2));
    const first = swatches();
    for (const [i, module] of ['Admin', 'Analytics', 'Settings'].entries()) {
      await track(2 + i, module);
      await waitFor(() => expect(swatches().has(module)).toBe(true));
      const now = swatches();
      for (const [m, colour] of first) expect(now.get(m), `${m} after ${module} arrived`).toBe(colour);
      expect(new Set(now.values()).size, `distinct colours after ${module}`).toBe(now.size);
    }
  });
});

describe('Sessions: late messages in the totals', () => {
  it('says how many late messages the totals leave out (they are in no session)', async () => {
    await send('DELETE', '/api/messages');
    const auth = { authorization: `Basic ${Buffer.from('dom-late-key:').toString('base64')}` };
    const now = Date.now();
    // A session of two messages, one dated 40 minutes ahead (a client clock ahead): a second
    // session, both open; then one 20 minutes from each, which would join them: late.
    for (const at of [now - 10 * 60_000, now - 5 * 60_000, now + 40 * 60_000, now + 15 * 60_000]) {
      expect(await send('POST', '/v1/track', { anonymousId: 'dom-late-1', event: 'Invoice Viewed', properties: { module: 'Billing' }, timestamp: new Date(at).toISOString() }, auth)).toBe(200);
    }
    renderSessions();
    // The one 40 minutes ahead is open but begins after the clock's now, and is counted as its lane says.
    await waitFor(() => expect(screen.getByTestId('sessions-count').textContent).toMatch(/^2 sessions · 1 open · 1 after the clock’s now · 1 anonymousId/));
    const totals = screen.getByRole('region', { name: 'Session totals' });
    await waitFor(() => expect(totals.textContent).toContain('1 late message is in no session, so not counted here'));
    expect(totals.textContent).toContain('Billing');
  });
});

describe('Sessions: reading a big log back', () => {
  it('says how far sessions are through reading the capture log back, instead of an empty timeline', () => {
    const { store } = renderSessions();
    act(() => store.setState({ deriving: { fed: 3_000, total: 4_000 } }));
    expect(screen.getByText('Reading the capture log back for sessions: 75%')).toBeTruthy();
    expect(document.body.textContent).toContain('3,000 of 4,000 captures so far');
    act(() => store.setState({ deriving: null }));
    expect(screen.queryByTestId('deriving')).toBeNull();
  });
});

describe('Sessions: the window shows what lies in it', () => {
  it('draws a session that ended before the window at the edge of none, and a session cut by the edge with its modules in their place', async () => {
    // A session that ended before the window but timed out inside it was drawn as a 6 px bar at the
    // window's left edge (a session seeming to happen then), and its lane lost its "← 11:14" pointer;
    // a session begun before the window had its whole module split squeezed into the part in view.
    await send('DELETE', '/api/messages');
    const t = Date.UTC(2033, 0, 1, 12, 0, 0);
    await engine.client.api.call('clock.act', { action: 'pause' });
    await engine.client.api.call('clock.act', { action: 'set', to: t });
    const auth = { authorization: `Basic ${Buffer.from('dom-window-key:').toString('base64')}` };
    const min = 60_000;
    const sends: [string, number, string][] = [
      // Ended 55 min before now, timed out 25 min before now: the 1-hour window begins 51 min before.
      ['dom-window-gone', t - 70 * min, 'Search'],
      ['dom-window-gone', t - 55 * min, 'Search'],
      // 9 min of Early before the window's edge and 6 in it, then 5 of Late.
      ['dom-window-cut', t - 60 * min, 'Early'],
      ['dom-window-cut', t - 45 * min, 'Late'],
      ['dom-window-cut', t - 40 * min, 'Late'],
    ];
    for (const [anonymousId, at, module] of sends) {
      expect(await send('POST', '/v1/track', { anonymousId, event: 'Clicked', properties: { module }, timestamp: new Date(at).toISOString() }, auth)).toBe(200);
    }
    renderSessions();
    await waitFor(() => expect(screen.getByTestId('sessions-count').textContent).toMatch(/^2 sessions · 0 open · 2 anonymousIds/));
    expect((screen.getByLabelText('Time window') as HTMLSelectElement).value).toBe('1h');
    await waitFor(() => expect(document.querySelector('[data-session="dom-window-cut#1"]')).not.toBeNull());
    expect(document.querySelector('[data-session="dom-window-gone#1"]')).toBeNull();
    screen.getByRole('button', { name: `Session dom-window-gone#1: before this window, began ${localDateTime(t - 70 * min).slice(0, 16)}` });
    // The cut session's bar holds its 11 minutes in view: 6 of Early, 5 of Late.
    const segs = [...document.querySelectorAll<HTMLElement>('[data-session="dom-window-cut#1"] .session-seg')].map((s) => [s.title.split(':')[0], parseFloat(s.style.left), parseFloat(s.style.width)]);
    expect(segs.map(([m]) => m)).toEqual(['Early', 'Late']);
    expect(segs[0][1]).toBe(0);
    expect(segs[0][2]).toBeCloseTo((6 / 11) * 100, 5);
    expect(segs[1][1]).toBeCloseTo((6 / 11) * 100, 5);
    expect(segs[1][2]).toBeCloseTo((5 / 11) * 100, 5);
  });
});

// "No sessions yet" said how sessions come and stopped there: it offers the next step, the bundled
// Freshsuccess example opened in the Scenarios tab (ready to play) or the Composer.
describe('Sessions: the empty view', () => {
  it('opens the Freshsuccess example in the Scenarios tab, or the Composer', async () => {
    await send('DELETE', '/api/messages');
    const { store } = renderSessions();
    await screen.findByText('No sessions yet');
    fireEvent.click(button('Try the Freshsuccess example'));
    await waitFor(() => expect(store.getState().tab).toBe('scenarios'));
    const inbox = store.getState().scenarioInbox!;
    expect(inbox.file).toBe('freshsuccess-session.scenario.yaml');
    expect(inbox.example).toBe(true);
    expect(inbox.text).toMatch(/^name: Freshsuccess session times out/m);
    fireEvent.click(button('Open the Composer'));
    expect(store.getState().tab).toBe('composer');
  });
});

// The composer's "Show its session →" hands the Sessions tab a message: its session is selected (a
// filter that hid it cleared), and a message in no session says why rather than showing nothing.
describe('Sessions: a message handed over by "Show its session"', () => {
  const seqOf = async (messageId: string) => (await engine.client.api.call('messages.seqsOf', { messageIds: [messageId] }))[0]!;
  const auth = { authorization: `Basic ${Buffer.from('dom-show-session:').toString('base64')}` };

  it('selects the session the message is in, clearing a filter that hid it', async () => {
    const anonymousId = `dom-show-${Date.now()}`;
    const messageId = `${anonymousId}-m1`;
    expect(await send('POST', '/v1/track', { type: 'track', anonymousId, event: 'Shown', messageId }, auth)).toBe(200);
    const seq = await seqOf(messageId);
    const { store } = renderSessions();
    fireEvent.change(screen.getByLabelText('Write key filter'), { target: { value: 'a-key-nobody-sent' } });
    act(() => store.getState().showSession(seq));
    const pane = await screen.findByRole('complementary', { name: 'Session detail' });
    await waitFor(() => expect(pane.textContent).toContain(`${anonymousId}#1`));
    expect((screen.getByLabelText('Write key filter') as HTMLInputElement).value).toBe('');
    expect(store.getState().tab).toBe('sessions');
  });

  it('says that a message without an anonymousId is in no session', async () => {
    const messageId = `dom-show-none-${Date.now()}`;
    expect(await send('POST', '/v1/track', { type: 'track', userId: 'server-side', event: 'Invoice Paid', messageId }, auth)).toBe(200);
    const seq = await seqOf(messageId);
    const { store } = renderSessions();
    act(() => store.getState().showSession(seq));
    const note = await screen.findByText(`Message #${seq} has no anonymousId, so it is in no session: Freshsuccess keys sessions by anonymousId.`);
    expect(note.closest('[role="status"]')).toBeTruthy();
  });
});
