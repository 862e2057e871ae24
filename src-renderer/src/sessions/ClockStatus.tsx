// The header's clock: "Live", or how far simulated time stands from real time in words ("7 h 20
// min ahead"; the date and the exact offset in its tooltip, as on the Sessions view), with one click
// back to live. Always visible, so nobody reads a simulated timestamp as a real one. A screen
// reader hears the clock's mode when it changes (a polite status), not the offset, which ticks
// every half second: as a live region it was read out again and again.
import { useState } from 'react';
import { describeOffset } from '../../../src-shared/sim-clock';
import { useEngineApi } from '../state';
import { Button } from '../ui';
import { useSimClockStore } from './clock-context';
import { useSimClock, useSimNow } from './sim-clock-store';
import { clockSpeedText, clockTitle, LIVE_CLOCK_TITLE } from './clock-words';

export function ClockStatus() {
  const store = useSimClockStore();
  const api = useEngineApi();
  const state = useSimClock(store);
  const now = useSimNow(store, 500);
  // A move the engine could not save (simulation.json): said here, the clock left as it was.
  const [error, setError] = useState<string | null>(null);
  const clock = state.clock;
  if (!clock) return null;
  if (clock.mode === 'live') {
    return (
      <div className="clock-status clock-live" role="group" aria-label="Simulation clock" title={LIVE_CLOCK_TITLE}>
        <span className="clock-dot" aria-hidden="true" /> <span role="status">Clock: Live</span>
      </div>
    );
  }
  const real = Date.now();
  const offset = now - real;
  const speed = clockSpeedText(clock);
  return (
    <div className="clock-status clock-sim" role="group" aria-label="Simulation clock" title={clockTitle(clock, now, real)}>
      <span className="clock-dot" aria-hidden="true" />
      <span className="sr-only" role="status">
        Clock: simulated, {speed}
      </span>
      <span>
        <span className="clock-word">Simulated: </span>
        <strong>{describeOffset(offset)}</strong>
        <span className="clock-extra">
          {' '}
          {offset >= 0 ? 'of ' : ''}real time · {speed}
        </span>
      </span>
      <Button size="sm" variant="ghost" onClick={() => api.call('clock.act', { action: 'live' }).then(() => setError(null), (e: Error) => setError(e.message))}>
        Back to live
      </Button>
      {error && (
        <span className="clock-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
