// The inspector's filter bar below Playwright: FilterBar rendered into happy-dom on the app's
// store, fed by a real engine over the WebSocket (the messages are real captures). Type,
// endpoint, "has problems", a payload search (answered by the engine), and clearing.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilterBar } from '../../src-renderer/src/inspector/FilterBar';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { connectClient, send } from './engine-http';



let client: ReturnType<typeof connectClient>;
beforeEach(async () => {
  expect(await send('DELETE', '/api/messages')).toBe(200);
  expect(
    await send('POST', '/v1/batch', {
      batch: [
        { type: 'track', userId: 'u1', event: 'Plan Picked', properties: { plan: 'needle-pro' } },
        { type: 'track', userId: 'u2', event: 'Plan Picked', properties: { plan: 'basic' } },
        { type: 'identify', userId: 'u1', traits: { email: 'a@b.co' } },
        { type: 'track', event: 'No Identity' },
      ],
    }),
  ).toBe(200);
  expect(await send('POST', '/webhook/pf', { type: 'page', userId: 'u3', name: 'Home' })).toBe(200);
  client = connectClient();
});
afterEach(() => {
  cleanup();
  client.close();
});

const count = () => document.querySelector('.filter-count')!.textContent;

describe('inspector filters', () => {
  it('filters by type, endpoint and problems, searches payloads through the engine, and clears', async () => {
    const store = createAppStore(client.api);
    render(
      <AppProvider api={client.api} store={store}>
        <FilterBar />
      </AppProvider>,
    );
    await store.getState().init();
    await waitFor(() => expect(count()).toBe('5 messages'));

    fireEvent.change(screen.getByLabelText('Filter by type'), { target: { value: 'track' } });
    expect(count()).toBe('3 of 5');
    fireEvent.click(screen.getByLabelText('Has problems'));
    // No workspace: every partner's checks apply, and Freshsuccess requires an anonymousId that
    // none of these tracks has; the one without identity would also be dropped.
    expect(count()).toBe('3 of 5');
    expect(store.getState().view.toArray().map((r) => r.name)).toEqual(['Plan Picked', 'Plan Picked', 'No Identity']);
    fireEvent.change(screen.getByLabelText('Filter by type'), { target: { value: '' } });
    expect(store.getState().view.toArray().map((r) => r.type)).not.toContain('page'); // the webhook page is clean
    fireEvent.click(screen.getByLabelText('Has problems'));

    fireEvent.change(screen.getByLabelText('Filter by type'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Filter by endpoint'), { target: { value: '/webhook/pf' } });
    expect(count()).toBe('1 of 5');
    fireEvent.change(screen.getByLabelText('Filter by endpoint'), { target: { value: '' } });

    // Case-insensitive payload search, answered by the engine after the store's debounce.
    fireEvent.change(screen.getByLabelText('Search payloads'), { target: { value: 'NEEDLE' } });
    await waitFor(() => expect(count()).toBe('1 of 5'));
    expect(store.getState().view.toArray().map((r) => r.userId)).toEqual(['u1']);

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(count()).toBe('5 messages');
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
  });

  it('tells a screen reader the count when a filter or search has its answer, not as each message arrives', async () => {
    // The visible count was a polite live region: at 1,000 messages a second it was read out at
    // every frame.
    const store = createAppStore(client.api);
    render(
      <AppProvider api={client.api} store={store}>
        <FilterBar />
      </AppProvider>,
    );
    await store.getState().init();
    await waitFor(() => expect(count()).toBe('5 messages'));
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('');
    expect(document.querySelector('[aria-live]')).toBeNull();

    expect(await send('POST', '/v1/track', { userId: 'u4', event: 'Arrived' })).toBe(200);
    await waitFor(() => expect(count()).toBe('6 messages'));
    expect(status.textContent).toBe('');

    fireEvent.change(screen.getByLabelText('Filter by type'), { target: { value: 'track' } });
    await waitFor(() => expect(status.textContent).toBe('4 of 6'));
    expect(await send('POST', '/v1/track', { userId: 'u5', event: 'Arrived too' })).toBe(200);
    await waitFor(() => expect(count()).toBe('5 of 7'));
    expect(status.textContent).toBe('4 of 6');

    fireEvent.change(screen.getByLabelText('Search payloads'), { target: { value: 'needle' } });
    await waitFor(() => expect(status.textContent).toBe('1 of 7'));
  });
});
