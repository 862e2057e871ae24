// The start-up load's banner below Playwright: WarningsBanner on the app's store, connected to the
// shared engine; the load's progress is put in the store as the engine's store.loading event puts
// it (the engine side of the load is tested over real sockets in test/integration/start-up.test.ts).
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { WarningsBanner } from '../../src-renderer/src/AppChrome';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { clientPerTest } from './engine-http';

const engine = clientPerTest();

describe('capture log loading banner', () => {
  it('shows how far the load is, in words and as a progress bar, and goes once it is loaded', async () => {
    const store = createAppStore(engine.client.api);
    render(
      <AppProvider api={engine.client.api} store={store}>
        <WarningsBanner />
      </AppProvider>,
    );
    await act(async () => store.getState().loadInfo());
    expect(screen.queryByTestId('log-loading')).toBeNull(); // the shared engine is loaded

    act(() => store.setState({ loading: { loadedBytes: 1_234_000_000, totalBytes: 4_936_000_000, messages: 2_500_000 } }));
    const banner = screen.getByTestId('log-loading');
    expect(banner.textContent).toContain('Loading the capture log: 25% (1,234 MB of 4,936 MB, 2,500,000 messages so far)');
    expect(banner.textContent).toContain('already taking captures');
    const bar = screen.getByLabelText('Capture log loaded') as HTMLProgressElement;
    expect(Number(bar.getAttribute('value'))).toBe(1_234_000_000);
    expect(Number(bar.getAttribute('max'))).toBe(4_936_000_000);

    act(() => store.setState({ loading: null }));
    expect(screen.queryByTestId('log-loading')).toBeNull();
  });
});
