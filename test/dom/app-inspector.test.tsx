// The app as a whole below Playwright: App with its tabs, the inspector tab (InspectorView) and
// its rows (MessageRow), on the real engine over the browser mode's WebSocket, messages sent over
// HTTP. Tested here: the tabs and the inspector's count, the first-message hint and its buttons,
// the keyboard (↑/↓, "/", Esc, ignored while typing or while a dialog is open), the filters'
// empty state, the detail pane's resizable split (keys, bounds, remembered width), and what a row
// shows (event time on another day or none, drop and signature badges, the matching outcome).
import { createHmac } from 'node:crypto';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/src/App';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { SimClockProvider } from '../../src-renderer/src/sessions/clock-context';
import { createSimClockStore } from '../../src-renderer/src/sessions/sim-clock-store';
import { connectClient, emptyLogPerTest, engineUrl, send } from './engine-http';

const rig = emptyLogPerTest();
const WEBHOOK = 'dom-app-rows';
const SECRET = 'app-rows-secret';

// happy-dom lays nothing out: the list's scroll box gets the height Chromium would give it.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeEach(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('msg-scroll') ? 600 : (clientHeight?.get?.call(this) ?? 0);
    },
  });
  localStorage.clear();
});
afterEach(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});
// Other files share the engine: leave it without this file's messages and webhook.
afterAll(async () => {
  expect(await send('DELETE', '/api/messages')).toBe(200);
  const client = connectClient();
  try {
    if ((await client.api.call('webhooks.list', undefined)).some((w) => w.name === WEBHOOK)) await client.api.call('webhooks.delete', { name: WEBHOOK });
  } finally {
    client.close();
  }
});

const track = (event: string, extra: Record<string, unknown> = {}) => send('POST', '/v1/track', { userId: 'u-app', event, ...extra });

async function renderApp() {
  const clock = createSimClockStore(rig.client.api);
  const view = render(
    <AppProvider api={rig.client.api} store={rig.store}>
      <SimClockProvider store={clock}>
        <App shell="websocket" />
      </SimClockProvider>
    </AppProvider>,
  );
  await act(() => rig.store.getState().init());
  return view;
}

const panel = (tab: string) => document.querySelector(`[role="tabpanel"][aria-labelledby="tab-${tab}"]`) as HTMLElement;
// Rows of the inspector's list (the Matching tab, once opened, has rows of its own).
const inspectorRows = () => [...panel('inspector').querySelectorAll('.msg-row')] as HTMLElement[];
const rowsShown = () => inspectorRows().map((r) => r.querySelector('.c-name')!.textContent);
// Null when no message is selected: the pane is not there then (the list takes its room).
const detailTitle = () => screen.queryByRole('complementary', { name: 'Message detail' })?.querySelector('h2')?.textContent ?? null;
const key = (k: string, target: Element | Window = document.body) => act(() => void fireEvent.keyDown(target, { key: k }));

describe('the app: tabs and the first message', () => {
  it('makes a view the first time its tab opens and keeps it mounted after', async () => {
    await renderApp();
    // Only the open tab's view is made at first: the page's first task stays short.
    expect(panel('inspector').childElementCount).toBeGreaterThan(0);
    for (const tab of ['composer', 'matching', 'sessions', 'scenarios', 'workspace', 'connect', 'webhooks']) expect(panel(tab).childElementCount, tab).toBe(0);
    fireEvent.click(screen.getByRole('tab', { name: 'Connect' }));
    expect(panel('connect').hidden).toBe(false);
    expect(panel('connect').childElementCount).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('tab', { name: /Inspector/ }));
    // Kept while hidden, so its state survives the switch.
    expect(panel('connect').hidden).toBe(true);
    expect(panel('connect').childElementCount).toBeGreaterThan(0);
    expect(panel('composer').childElementCount).toBe(0);
  });

  it('shows how to send a first event, its buttons switch tabs, and the Inspector tab counts what arrives', async () => {
    await renderApp();
    const views = screen.getByRole('tablist', { name: 'Views' });
    expect(within(views).getAllByRole('tab').map((t) => t.textContent?.trim())).toEqual(['Inspector', 'Composer', 'Matching', 'Sessions', 'Scenarios', 'Workspace', 'Connect', 'Webhooks']);
    expect(panel('inspector').hidden).toBe(false);
    expect(panel('connect').hidden).toBe(true);

    // Nothing captured: the hint names this receiver and gives a curl line that reaches it.
    expect(within(panel('inspector')).getByText('Waiting for messages')).toBeTruthy();
    expect(panel('inspector').textContent).toContain(`curl -X POST '${engineUrl}/v1/track'`);

    const howTo = screen.getByRole('button', { name: 'How to connect' });
    howTo.focus();
    fireEvent.click(howTo);
    expect(panel('connect').hidden).toBe(false);
    // The button went out of sight with its view: the focus goes to the tab now open (it was left
    // in the hidden view, and Chromium then drops it to the top of the page).
    expect(document.activeElement).toBe(within(views).getByRole('tab', { name: 'Connect' }));
    expect(panel('inspector').hidden).toBe(true);
    expect(within(views).getByRole('tab', { name: 'Connect' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.click(within(views).getByRole('tab', { name: /Inspector/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Open the Composer' }));
    expect(panel('composer').hidden).toBe(false);
    fireEvent.click(within(views).getByRole('tab', { name: /Inspector/ }));

    for (const name of ['First', 'Second', 'Third']) expect(await track(name)).toBe(200);
    await waitFor(() => expect(rowsShown()).toEqual(['First', 'Second', 'Third']));
    expect(within(views).getByRole('tab', { name: /Inspector/ }).textContent).toBe('Inspector 3');
    expect(screen.queryByText('Waiting for messages')).toBeNull();
  });
});

describe('the inspector: keyboard, filters, the split', () => {
  it('↑/↓ move the selection, Esc closes the detail; keys are left alone while typing elsewhere or with a dialog open', async () => {
    for (const name of ['One', 'Two', 'Three']) expect(await track(name)).toBe(200);
    await renderApp();
    await waitFor(() => expect(rowsShown()).toEqual(['One', 'Two', 'Three']));

    key('ArrowDown'); // nothing selected: ↓ takes the first row, ↑ would take the last
    await waitFor(() => expect(detailTitle()).toBe('One'));
    key('ArrowDown');
    await waitFor(() => expect(detailTitle()).toBe('Two'));
    key('ArrowDown');
    key('ArrowDown'); // past the end: stays on the last
    await waitFor(() => expect(detailTitle()).toBe('Three'));
    expect(panel('inspector').querySelector('.msg-row.selected')?.querySelector('.c-name')?.textContent).toBe('Three');
    key('ArrowUp');
    await waitFor(() => expect(detailTitle()).toBe('Two'));

    // Typing in another field (the type filter): arrows are that field's.
    key('ArrowDown', screen.getByRole('combobox', { name: 'Filter by type' }));
    expect(rig.store.getState().selectedSeq).toBe(rig.store.getState().view.at(1).seq);

    // A dialog open (Clear…'s confirmation): the list does not move under it.
    fireEvent.click(screen.getByRole('button', { name: 'Clear…' }));
    expect(document.querySelector('.dialog-backdrop')).not.toBeNull();
    key('ArrowDown');
    expect(rig.store.getState().selectedSeq).toBe(rig.store.getState().view.at(1).seq);
    key('Escape'); // closes the dialog, and only the dialog
    await waitFor(() => expect(document.querySelector('.dialog-backdrop')).toBeNull());
    expect(rig.store.getState().selectedSeq).toBe(rig.store.getState().view.at(1).seq);
    expect(rig.store.getState().rows).toHaveLength(3);

    key('Escape');
    await waitFor(() => expect(rig.store.getState().selectedSeq).toBeNull());
    expect(screen.queryByRole('complementary', { name: 'Message detail' })).toBeNull();
    key('ArrowUp'); // nothing selected: ↑ takes the last row
    await waitFor(() => expect(detailTitle()).toBe('Three'));
  });

  it('"/" focuses the search; Esc there empties it, then leaves it; ↓ from the search still moves the list', async () => {
    for (const name of ['Alpha', 'Beta']) expect(await track(name)).toBe(200);
    await renderApp();
    await waitFor(() => expect(rowsShown()).toEqual(['Alpha', 'Beta']));
    const search = screen.getByRole('searchbox', { name: 'Search payloads' }) as HTMLInputElement;

    key('/');
    expect(document.activeElement).toBe(search);
    fireEvent.change(search, { target: { value: 'Beta' } });
    await waitFor(() => expect(rowsShown()).toEqual(['Beta']));
    key('ArrowDown', search);
    await waitFor(() => expect(detailTitle()).toBe('Beta'));

    key('Escape', search);
    expect(search.value).toBe('');
    await waitFor(() => expect(rowsShown()).toEqual(['Alpha', 'Beta']));
    expect(document.activeElement).toBe(search);
    key('Escape', search);
    expect(document.activeElement).not.toBe(search);
    expect(detailTitle()).toBe('Beta'); // Esc in the search never closed the detail

    // "/" typed into a field is a character there, not a jump to the search.
    const endpoint = screen.getByRole('combobox', { name: 'Filter by endpoint' }) as HTMLElement;
    endpoint.focus();
    key('/', endpoint);
    expect(document.activeElement).toBe(endpoint);
  });

  it('says so when no message matches the filters, and lists them again when the filter goes', async () => {
    expect(await track('Only track')).toBe(200);
    await renderApp();
    await waitFor(() => expect(rowsShown()).toEqual(['Only track']));
    const search = screen.getByRole('searchbox', { name: 'Search payloads' });
    fireEvent.change(search, { target: { value: 'no-such-text-anywhere' } });
    expect(await screen.findByText('No message matches the filters')).toBeTruthy();
    // It says which filters hide how many messages, and clears them in a click (it said only the title).
    const empty = screen.getByText('No message matches the filters').parentElement!;
    // One message: singular (it said "None of the 1 messages passes").
    expect(empty.textContent).toContain('The 1 message does not pass the search “no-such-text-anywhere”.');
    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by type' }), { target: { value: 'track' } });
    expect(empty.textContent).toContain('The 1 message does not pass the search “no-such-text-anywhere” and type track.');
    fireEvent.click(within(empty).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(screen.queryByText('No message matches the filters')).toBeNull());
    expect((search as HTMLInputElement).value).toBe('');
    expect(rowsShown()).toEqual(['Only track']);

    fireEvent.change(search, { target: { value: 'no-such-text-anywhere' } });
    expect(await screen.findByText('No message matches the filters')).toBeTruthy();
    fireEvent.change(search, { target: { value: '' } });
    await waitFor(() => expect(screen.queryByText('No message matches the filters')).toBeNull());
    expect(rowsShown()).toEqual(['Only track']);
  });

  it('the split: ← widens the detail by 24 px, → narrows it down to 320 px, and the width is remembered', async () => {
    expect(await track('Split')).toBe(200);
    await renderApp();
    await waitFor(() => expect(rowsShown()).toEqual(['Split']));
    // No message selected: no pane and no split, the list has the whole width.
    expect(screen.queryByRole('separator', { name: 'Resize the detail pane' })).toBeNull();
    expect(screen.queryByRole('complementary', { name: 'Message detail' })).toBeNull();
    expect((document.querySelector('.inspector-split') as HTMLElement).style.gridTemplateColumns).toBe('minmax(0, 1fr)');
    key('ArrowDown');
    await waitFor(() => expect(detailTitle()).toBe('Split'));
    const handle = screen.getByRole('separator', { name: 'Resize the detail pane' });
    const width = () => Number(handle.getAttribute('aria-valuenow'));
    const columns = () => (document.querySelector('.inspector-split') as HTMLElement).style.gridTemplateColumns;
    // No saved width: 38% of the window, at least 380 px.
    expect(width()).toBe(Math.max(380, Math.round(window.innerWidth * 0.38)));
    const start = width();
    key('ArrowLeft', handle);
    expect(width()).toBe(start + 24);
    expect(columns()).toBe(`minmax(0, 1fr) 6px ${start + 24}px`);
    expect(localStorage.getItem('eventbench.detailWidth')).toBe(String(start + 24));
    for (let i = 0; i < 40; i++) key('ArrowRight', handle);
    expect(width()).toBe(320);
    expect(localStorage.getItem('eventbench.detailWidth')).toBe('320');

    // A new window starts at the saved width; a saved width below the minimum is not used.
    localStorage.setItem('eventbench.detailWidth', '444');
    const again = await renderAgain();
    expect(Number(within(again).getAllByRole('separator')[0].getAttribute('aria-valuenow'))).toBe(444);
    localStorage.setItem('eventbench.detailWidth', '100');
    const small = await renderAgain();
    expect(Number(within(small).getAllByRole('separator')[0].getAttribute('aria-valuenow'))).toBe(Math.max(380, Math.round(window.innerWidth * 0.38)));
  });
});

/** A second App in its own container (the first stays mounted), as a new window would start. */
async function renderAgain(): Promise<HTMLElement> {
  const clock = createSimClockStore(rig.client.api);
  const container = document.body.appendChild(document.createElement('div'));
  render(
    <AppProvider api={rig.client.api} store={rig.store}>
      <SimClockProvider store={clock}>
        <App shell="websocket" />
      </SimClockProvider>
    </AppProvider>,
    { container },
  );
  return container;
}

describe('the inspector: what a row shows', () => {
  const rowNamed = (name: string) => inspectorRows().find((r) => r.querySelector('.c-name')?.textContent === name) as HTMLElement;

  it('the event time: the time alone on the receipt day, the date (with its year, another year) and time on another day, a dash with no time at all', async () => {
    const today = new Date();
    today.setHours(8, 7, 6, 0);
    const otherDay = new Date(2031, 2, 4, 9, 5, 1); // 4 March 2031, 09:05:01 local time
    expect(await track('Today', { originalTimestamp: today.toISOString() })).toBe(200);
    expect(await track('Other day', { timestamp: otherDay.toISOString() })).toBe(200);
    expect(await track('No time')).toBe(200);
    await renderApp();
    await waitFor(() => expect(rowsShown()).toEqual(['Today', 'Other day', 'No time']));
    const eventTime = (name: string) => rowNamed(name).querySelector('.c-event') as HTMLElement;
    await waitFor(() => expect(eventTime('Other day').textContent).toBe('2031-03-04 09:05:01'));
    await waitFor(() => expect(eventTime('Today').textContent).toBe('08:07:06.000'));
    expect(eventTime('Today').textContent).not.toContain('-');
    // Received today, all of them: the receipt times need no date.
    expect(rowNamed('Today').querySelector('.c-time:not(.c-event)')!.textContent).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    // Rows that mount after a batch was sent are asked in the next batch: wait for each row's answer.
    await waitFor(() => expect(eventTime('No time').textContent).toBe('—'));
    expect(eventTime('No time').title).toBe('The message has no originalTimestamp or timestamp');
  });

  it('badges: a message Segment would drop, a bad and a good webhook signature, and the matching outcome', async () => {
    await rig.client.api.call('webhooks.save', { name: WEBHOOK, secret: SECRET, rejectInvalid: false });
    expect(await send('POST', '/v1/track', { userId: 'u-app' })).toBe(200); // no event: Segment drops it
    const hook = (body: Record<string, unknown>, secret: string) =>
      send('POST', `/webhook/${WEBHOOK}`, body, { 'x-signature': createHmac('sha1', secret).update(JSON.stringify(body)).digest('hex') });
    expect(await hook({ type: 'track', event: 'Signed', userId: 'app-user-1', messageId: 'app-signed' }, SECRET)).toBe(200);
    expect(await hook({ type: 'track', event: 'Forged', userId: 'app-user-2', messageId: 'app-forged' }, 'not-the-secret')).toBe(200);
    await renderApp();
    await waitFor(() => expect(rowsShown()).toHaveLength(3));
    // A "what: detail" badge is two pieces drawn as one pill (badge-split): read as one.
    const badges = (row: HTMLElement) => [...row.querySelectorAll('.c-badges .badge, .c-badges .badge-split')].filter((b) => !b.parentElement?.classList.contains('badge-split')).map((b) => b.textContent);

    const dropped = inspectorRows()[0];
    expect(badges(dropped)).toEqual(['would drop: no event']);
    // A good signature follows the outcome (it is no problem); a bad one leads.
    await waitFor(() => expect(badges(rowNamed('Signed'))).toEqual(['created', 'signed']));
    await waitFor(() => expect(badges(rowNamed('Forged'))).toEqual(['bad signature', 'created']));
    expect((rowNamed('Forged').querySelector('.c-badges .badge') as HTMLElement).title).toBe('X-Signature does not match the shared secret');
    // The Tracking API message is not matched (webhook messages only, by default): no outcome.
    expect(badges(dropped)).toEqual(['would drop: no event']);
  });

  it('a webhook with no secret: "unsigned" only when no X-Signature came, else "not checked"', async () => {
    const body = { type: 'track', event: 'Signed, unchecked', userId: 'app-user-3', messageId: 'app-unchecked' };
    expect(await send('POST', '/webhook/no-secret-hook', body, { 'x-signature': createHmac('sha1', 'theirs').update(JSON.stringify(body)).digest('hex') })).toBe(200);
    expect(await send('POST', '/webhook/no-secret-hook', { type: 'track', event: 'Unsigned', userId: 'app-user-4', messageId: 'app-unsigned' })).toBe(200);
    await renderApp();
    await waitFor(() => expect(rowsShown()).toHaveLength(2));
    // The signature's note follows the matching outcome: the badge that speaks of the X-Signature.
    const badge = (name: string) => rowNamed(name).querySelector('.c-badges .badge[title*="X-Signature"]') as HTMLElement;
    await waitFor(() => expect(badge('Signed, unchecked').textContent).toBe('not checked'));
    expect(badge('Signed, unchecked').title).toMatch(/set the webhook's secret/);
    expect(badge('Unsigned').textContent).toBe('unsigned');
    expect(badge('Unsigned').title).toMatch(/no X-Signature/);
  });
});

describe('the inspector after the log was cleared behind its back', () => {
  it('a reload shows the new messages\' event times, not those cached for the old messages with the same seqs', async () => {
    expect(await track('Old, no time')).toBe(200);
    const first = await renderApp();
    await waitFor(() => expect(rowsShown()).toEqual(['Old, no time']));
    const oldSeq = rig.store.getState().rows.at(0).seq;
    await waitFor(() => expect(inspectorRows()[0].querySelector('.c-event')!.textContent).toBe('—'));
    first.unmount();
    rig.store.getState().dispose(); // this store misses the clear, as an app whose connection was down would

    expect(await send('DELETE', '/api/messages')).toBe(200);
    expect(await track('New, timed', { timestamp: new Date(2031, 2, 4, 9, 5, 1).toISOString() })).toBe(200);
    const store = createAppStore(rig.client.api);
    render(
      <AppProvider api={rig.client.api} store={store}>
        <SimClockProvider store={createSimClockStore(rig.client.api)}>
          <App shell="websocket" />
        </SimClockProvider>
      </AppProvider>,
    );
    await act(() => store.getState().init());
    await waitFor(() => expect(rowsShown()).toEqual(['New, timed']));
    expect(store.getState().rows.at(0).seq).toBe(oldSeq); // the seq was reused
    await waitFor(() => expect(inspectorRows()[0].querySelector('.c-event')!.textContent).toBe('2031-03-04 09:05:01'));
    store.getState().dispose();
  });
});
