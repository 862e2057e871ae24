// "Back to live" when the engine cannot save the clock (simulation.json): the header says why, and
// the clock stays as the engine keeps it. The click's failure used to go nowhere (an unhandled
// rejection): the button did nothing, without a word.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { rename, rm, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ClockStatus } from '../../src-renderer/src/sessions/ClockStatus';
import { SimClockProvider } from '../../src-renderer/src/sessions/clock-context';
import { createSimClockStore } from '../../src-renderer/src/sessions/sim-clock-store';
import { AppProvider, createAppStore } from '../../src-renderer/src/state';
import { clientPerTest } from './engine-http';

const holder = clientPerTest();
let restore: (() => Promise<void>) | undefined;
afterEach(async () => {
  await restore?.();
  restore = undefined;
  await holder.client.api.call('clock.act', { action: 'live' });
});

describe('the header clock when its save fails', () => {
  it('"Back to live" says which file could not be written, and the clock stays paused', async () => {
    const { api } = holder.client;
    const store = createAppStore(api);
    const clockStore = createSimClockStore(api);
    render(
      <AppProvider api={api} store={store}>
        <SimClockProvider store={clockStore}>
          <ClockStatus />
        </SimClockProvider>
      </AppProvider>,
    );
    const clock = () => screen.getByRole('group', { name: 'Simulation clock' });
    await waitFor(() => expect(clock().textContent?.trim()).toBe('Clock: Live'));
    await api.call('clock.act', { action: 'pause' });
    await waitFor(() => expect(within(clock()).getByRole('status').textContent).toBe('Clock: simulated, paused'));
    // The engine's data dir replaced by a file: its saves fail (ENOTDIR), as root too.
    const { dataDir } = await api.call('engine.info', undefined);
    await rename(dataDir, `${dataDir}.away`);
    await writeFile(dataDir, 'not a folder');
    restore = async () => {
      await rm(dataDir, { force: true });
      await rename(`${dataDir}.away`, dataDir);
    };
    fireEvent.click(screen.getByRole('button', { name: 'Back to live' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^the clock or session timeout was not saved: simulation\.json could not be written \(ENOTDIR: .*\); nothing was changed/);
    expect((await api.call('clock.get', undefined)).mode).toBe('paused');
    expect(within(clock()).getByRole('status').textContent).toBe('Clock: simulated, paused');
    store.getState().dispose();
  });
});
