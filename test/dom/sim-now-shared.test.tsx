// The header's clock re-read simulated now every 500 ms, the Sessions view's controls every
// 250 ms: at 600x they showed times up to five simulated minutes apart. Every display of one
// clock store now shows the same now, at the finest pace any of them asks for.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { ClockView } from '../../src-shared/sim-clock';
import { useSimNow, type SimClockStore, type SimClockStoreState } from '../../src-renderer/src/sessions/sim-clock-store';

function Shows({ store, every, id }: { store: SimClockStore; every: number; id: string }) {
  return <span data-testid={id}>{useSimNow(store, every)}</span>;
}

const running = (speed: number, nowMs: number) => ({ mode: 'running', speed, nowMs }) as unknown as ClockView;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
afterEach(cleanup);

describe('simulated now, shared by every display of a clock', () => {
  it('is the same in a display re-read every 500 ms and one every 250 ms while the clock runs at 600x', async () => {
    const store = createStore<SimClockStoreState>()(() => ({ clock: running(600, Date.parse('2026-01-01T00:00:00Z')), receivedAt: performance.now() }));
    render(
      <>
        <Shows store={store} every={500} id="header" />
        <Shows store={store} every={250} id="controls" />
      </>,
    );
    const shown = () => [Number(screen.getByTestId('header').textContent), Number(screen.getByTestId('controls').textContent)];
    const samples: number[][] = [];
    for (let i = 0; i < 8; i++) {
      await act(() => wait(130));
      samples.push(shown());
    }
    for (const [header, controls] of samples) expect(header).toBe(controls);
    // And it moves: at 600x, about a second of samples is minutes of simulated time.
    expect(samples[samples.length - 1][0] - samples[0][0]).toBeGreaterThan(60_000);
  });

  it('moves every display at once when the clock changes (paused: both show the paused time)', async () => {
    const store = createStore<SimClockStoreState>()(() => ({ clock: running(600, 0), receivedAt: performance.now() }));
    render(
      <>
        <Shows store={store} every={500} id="header" />
        <Shows store={store} every={250} id="controls" />
      </>,
    );
    await act(async () => store.setState({ clock: { mode: 'paused', speed: 1, nowMs: 1_234_567 } as unknown as ClockView, receivedAt: performance.now() }));
    expect(screen.getByTestId('header').textContent).toBe('1234567');
    expect(screen.getByTestId('controls').textContent).toBe('1234567');
    await act(() => wait(300));
    expect(screen.getByTestId('controls').textContent).toBe('1234567');
  });
});
