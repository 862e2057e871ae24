// The Webhooks tab's list and the header's simulation-clock status, on the real engine. Webhooks:
// each configured one listed with its URL, secret state and bad-signature policy; Add opens the
// form (tested on its own in webhook-form.test.tsx) and hides the button; Delete only once
// confirmed, after which the engine no longer has it. The clock status: Live, then how far the
// paused simulation clock stands from real time, and "Back to live" as the engine's clock action.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClockStatus } from '../../src-renderer/src/sessions/ClockStatus';
import { SimClockProvider } from '../../src-renderer/src/sessions/clock-context';
import { createSimClockStore } from '../../src-renderer/src/sessions/sim-clock-store';
import { WebhooksView } from '../../src-renderer/src/webhooks/WebhooksView';
import { AppProvider, createAppStore, type AppStore } from '../../src-renderer/src/state';
import { connectClient } from './engine-http';

let client: ReturnType<typeof connectClient>;
let store: AppStore;
beforeEach(async () => {
  client = connectClient();
  for (const w of await client.api.call('webhooks.list', undefined)) await client.api.call('webhooks.delete', { name: w.name });
  store = createAppStore(client.api);
});
afterEach(async () => {
  cleanup();
  store.getState().dispose();
  await client.api.call('clock.act', { action: 'live' });
  client.close();
});

describe('Webhooks: the list', () => {
  it('lists each webhook as the engine holds it; deletes one only once confirmed', async () => {
    await client.api.call('webhooks.save', { name: 'dom-hooks-signed', secret: 's3cret-value', rejectInvalid: true });
    await client.api.call('webhooks.save', { name: 'dom-hooks-open', rejectInvalid: false });
    // Strict without a secret: the receiver checks nothing, so it rejects nothing; the list said "rejected (401)".
    await client.api.call('webhooks.save', { name: 'dom-hooks-strict-no-secret', rejectInvalid: true });
    await store.getState().loadInfo();
    await store.getState().loadWebhooks();
    render(
      <AppProvider api={client.api} store={store}>
        <WebhooksView />
      </AppProvider>,
    );
    const url = store.getState().info!.receiverUrl.replace(/\/+$/, '');
    const table = screen.getByRole('table', { name: 'Webhooks' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell').slice(0, 4).map((c) => c.textContent));
    expect(rows).toEqual(
      expect.arrayContaining([
        ['dom-hooks-signed', expect.stringContaining(`${url}/webhook/dom-hooks-signed`), 'set', 'rejected (401)'],
        ['dom-hooks-open', expect.stringContaining(`${url}/webhook/dom-hooks-open`), 'not set', 'accepted, flagged'],
        ['dom-hooks-strict-no-secret', expect.stringContaining(`${url}/webhook/dom-hooks-strict-no-secret`), 'not set', 'accepted: no secret to check'],
      ]),
    );
    expect(rows).toHaveLength(3);
    // The secret itself never reaches the page.
    expect(document.body.innerHTML).not.toContain('s3cret-value');

    fireEvent.click(screen.getByRole('button', { name: 'Delete dom-hooks-open' }));
    let confirm = screen.getByRole('dialog', { name: 'Delete webhook "dom-hooks-open"?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect((await client.api.call('webhooks.list', undefined)).map((w) => w.name).sort()).toEqual(['dom-hooks-open', 'dom-hooks-signed', 'dom-hooks-strict-no-secret']);
    fireEvent.click(screen.getByRole('button', { name: 'Delete dom-hooks-open' }));
    confirm = screen.getByRole('dialog', { name: 'Delete webhook "dom-hooks-open"?' });
    await act(async () => {
      fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Delete dom-hooks-open' })).toBeNull());
    expect((await client.api.call('webhooks.list', undefined)).map((w) => w.name).sort()).toEqual(['dom-hooks-signed', 'dom-hooks-strict-no-secret']);
    expect(screen.queryByRole('alert')).toBeNull();

    // Add: the form opens in place of the page's button (what is left is the form's own submit).
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect(screen.getAllByRole('button', { name: 'Add webhook' }).map((b) => b.getAttribute('type'))).toEqual(['submit']);
  });

  it('says there are none yet', async () => {
    await store.getState().loadWebhooks();
    render(
      <AppProvider api={client.api} store={store}>
        <WebhooksView />
      </AppProvider>,
    );
    // Once the names the receiver has seen are known (asked as the view opens).
    expect(await screen.findByText('No webhooks configured yet')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    // The empty card holds the way to add one; the header's button is not there too.
    const adds = screen.getAllByRole('button', { name: 'Add webhook' });
    expect(adds).toHaveLength(1);
    expect(adds[0].closest('.empty-state')).not.toBeNull();
    fireEvent.click(adds[0]);
    expect(screen.getByRole('form', { name: 'New webhook' })).toBeTruthy();
  });
});

describe('the header clock status', () => {
  it('says Live, then how far the paused clock stands from real time, and goes back to live', async () => {
    const clockStore = createSimClockStore(client.api);
    render(
      <AppProvider api={client.api} store={store}>
        <SimClockProvider store={clockStore}>
          <ClockStatus />
        </SimClockProvider>
      </AppProvider>,
    );
    const clock = () => screen.getByRole('group', { name: 'Simulation clock' });
    await waitFor(() => expect(clock().textContent?.trim()).toBe('Clock: Live'));

    await client.api.call('clock.act', { action: 'pause' });
    // Two hours ahead; paused, it then falls behind real time by the seconds the test takes.
    await client.api.call('clock.act', { action: 'set', to: Date.now() + 2 * 3_600_000 });
    await waitFor(() => expect(within(clock()).getByText(/^(1 h 59 min|2 h) ahead$/)).toBeTruthy());
    expect(clock().textContent).toMatch(/Simulated: (1 h 59 min|2 h) ahead of real time · paused/);
    expect(clock().getAttribute('title')).toMatch(/\(\d{4}-\d\d-\d\dT[^)]*\); \+(01:59:\d\d|02:00:0\d) ahead of real time · paused/);

    fireEvent.click(screen.getByRole('button', { name: 'Back to live' }));
    await waitFor(async () => expect((await client.api.call('clock.get', undefined)).mode).toBe('live'));
    await waitFor(() => expect(clock().textContent?.trim()).toBe('Clock: Live'));
  });

  it('announces the clock\'s mode politely, never the offset that ticks every half second', async () => {
    // The whole status was a live region: a screen reader read "+00:29:52 …" out at every tick.
    const clockStore = createSimClockStore(client.api);
    render(
      <AppProvider api={client.api} store={store}>
        <SimClockProvider store={clockStore}>
          <ClockStatus />
        </SimClockProvider>
      </AppProvider>,
    );
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Clock: Live'));
    await client.api.call('clock.act', { action: 'pause' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Clock: simulated, paused'));
    await client.api.call('clock.act', { action: 'run', speed: 10 });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Clock: simulated, 10×'));
    // The offset is in the clock group, outside the live region.
    expect(within(screen.getByRole('group', { name: 'Simulation clock' })).getByText(/^\d+ (s|min|h) (ahead|behind)$/).closest('[role="status"], [aria-live]')).toBeNull();
    await client.api.call('clock.act', { action: 'live' });
  });
});
