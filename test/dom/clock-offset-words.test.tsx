// After a scenario set the clock far back, the header read "Simulated: −337d 23:53:45", ticking
// every half second, and the Sessions view's clock said "Dec 28, 09:12:00", a date without its
// year. Both now say the offset in words ("337 days behind"), with the simulated date (its year)
// and the exact offset in the same tooltip; the Sessions view shows the year when it is another.
import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ClockControls } from '../../src-renderer/src/sessions/ClockControls';
import { ClockStatus } from '../../src-renderer/src/sessions/ClockStatus';
import { SimClockProvider } from '../../src-renderer/src/sessions/clock-context';
import { createSimClockStore } from '../../src-renderer/src/sessions/sim-clock-store';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { clientPerTest } from './engine-http';

const holder = clientPerTest();
afterEach(async () => {
  await holder.client.api.call('clock.act', { action: 'live' });
});

describe('the simulated clock in words', () => {
  it('says "337 days behind" in the header and the Sessions view, the exact offset and the date in their tooltips', async () => {
    const { api } = holder.client;
    const store = createAppStore(api);
    const clockStore = createSimClockStore(api);
    render(
      <AppProvider api={api} store={store}>
        <SimClockProvider store={clockStore}>
          <ClockStatus />
          <ClockControls />
        </SimClockProvider>
      </AppProvider>,
    );
    const to = Date.now() - (337 * 86_400_000 + 23 * 3_600_000 + 53 * 60_000);
    await api.call('clock.act', { action: 'set', to });
    await api.call('clock.act', { action: 'pause' });
    const header = () => screen.getByRole('group', { name: 'Simulation clock' });
    await waitFor(() => expect(header().textContent).toContain('337 days behind'));
    expect(header().textContent).not.toMatch(/\d+d \d\d:/);
    const title = header().getAttribute('title')!;
    expect(title).toMatch(/−337d 23:5\d:\d\d/);
    const year = String(new Date(to).getFullYear());
    expect(title).toContain(year);
    const sessions = screen.getByTestId('sim-now').parentElement!;
    expect(within(sessions).getByText('337 days behind')).toBeTruthy();
    // The year on screen when it is not this year's (337 days back may be).
    if (year !== String(new Date().getFullYear())) expect(screen.getByTestId('sim-now').textContent).toContain(year);
    expect(sessions.getAttribute('title')).toMatch(/−337d 23:5\d:\d\d/);
    expect(sessions.getAttribute('title')).toContain(year);
    store.getState().dispose();
    clockStore.dispose();
  });
});
