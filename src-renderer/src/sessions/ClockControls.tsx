// Clock controls for the Sessions view: live, pause, speeds, jumps, and "set to".
import { useState } from 'react';
import { describeOffset, isoTime, type ClockAction, type ClockSpeed } from '../../../src-shared/sim-clock';
import { useEngineApi } from '../state';
import { EngineCommandError } from '../state/ws-client';
import { Button } from '../ui';
import { useSimClockStore } from './clock-context';
import { useSimClock, useSimNow } from './sim-clock-store';
import { localDateTime } from '../inspector/format';
import { localZoneName, readLocalInput } from './local-input-time';
import { clockTitle, simulatedDate, simulatedDayAndTime } from './clock-words';

const SPEEDS: { speed: ClockSpeed; label: string; title: string }[] = [
  { speed: 1, label: '1×', title: 'Run at real speed' },
  { speed: 10, label: '10×', title: 'Ten simulated seconds per second' },
  { speed: 60, label: '60×', title: 'A simulated minute per second' },
  { speed: 600, label: '600×', title: 'Ten simulated minutes per second: a 30-minute timeout in 3 s' },
  { speed: 'max', label: 'Max', title: 'As fast as possible: jump from timeout to timeout until none is pending, then pause' },
];
const JUMPS = [
  { ms: 60_000, label: '+1 min' },
  { ms: 600_000, label: '+10 min' },
  { ms: 1_800_000, label: '+30 min' },
];

// The datetime-local input's value: localDateTime's words with a T (four-digit years: the input
// took no "500-01-01T…" for a clock set far back).
const toLocalInput = (ms: number) => localDateTime(ms).replace(' ', 'T');

export function ClockControls() {
  const api = useEngineApi();
  const store = useSimClockStore();
  const { clock } = useSimClock(store);
  const now = useSimNow(store, 250);
  const [error, setError] = useState<string | null>(null);
  const [setTo, setSetTo] = useState<string>('');
  const [note, setNote] = useState<string | null>(null);
  const act = (action: ClockAction) => {
    setError(null);
    // The engine's words alone: its `where` ("action") is for scripts, and read "… (action)" here.
    api.call('clock.act', action).catch((e: Error) => setError(e instanceof EngineCommandError ? e.reason : e.message));
  };
  const mode = clock?.mode ?? 'live';
  const running = (s: ClockSpeed) => mode === 'running' && clock?.speed === s;
  const { day, time } = simulatedDayAndTime(now);
  return (
    <div className="clock-controls" aria-label="Clock controls">
      {/* As the header says it: the offset in words, the exact offset and date in the tooltip. */}
      {/* In a narrow window (below 1100 px) the block is "CLOCK Dec 6" over "02:45:11": the offset
          is the header's, a few centimetres away, and the row had no room for both (the block was
          hidden there, and the Sessions tab showed no clock but the Set field's value). */}
      <div className="clock-now" title={clock ? clockTitle(clock, now, Date.now()) : undefined}>
        <span className="clock-now-head">
          <span className="clock-now-label">Clock</span>
          {mode !== 'live' && <span className="clock-now-offset">{describeOffset(now - Date.now())}</span>}
          <span className="clock-now-day">{day}</span>
        </span>
        <span className="mono clock-now-time" data-testid="sim-now">
          <span className="clock-now-full">{simulatedDate(now, 'if-other')}</span>
          <span className="clock-now-tod">{time}</span>
        </span>
      </div>
      <div className="btn-group" role="group" aria-label="Mode">
        <Button size="sm" variant={mode === 'live' ? 'primary' : 'secondary'} onClick={() => act({ action: 'live' })} title="Follow the wall clock">
          Live
        </Button>
        <Button size="sm" variant={mode === 'paused' ? 'primary' : 'secondary'} onClick={() => act({ action: 'pause' })} title="Stop simulated time">
          Pause
        </Button>
        {SPEEDS.map((s) => (
          <Button key={String(s.speed)} size="sm" variant={running(s.speed) ? 'primary' : 'secondary'} onClick={() => act({ action: 'run', speed: s.speed })} title={s.title} aria-pressed={running(s.speed)}>
            {s.label}
          </Button>
        ))}
      </div>
      <div className="btn-group" role="group" aria-label="Jump">
        {JUMPS.map((j) => (
          <Button key={j.ms} size="sm" onClick={() => act({ action: 'advance', ms: j.ms })}>
            {j.label}
          </Button>
        ))}
        <Button size="sm" onClick={() => act({ action: 'nextTimeout' })} disabled={!clock?.nextTimeout} title={clock?.nextTimeout ? `Jump to ${clock.nextTimeout}` : 'No open session is waiting to time out'}>
          Next timeout
        </Button>
      </div>
      <form
        className="clock-set"
        onSubmit={(e) => {
          e.preventDefault();
          // Untouched, the field shows the clock's own time: Set takes what it shows (it said "Pick a date and time").
          const read = readLocalInput(setTo || toLocalInput(now), now);
          setNote(null);
          if ('error' in read) return setError(read.error);
          act({ action: 'set', to: read.ms });
          if (read.twice) setNote(`That time happens twice that night in ${localZoneName()}: set to the ${read.ms < read.twice.other ? 'first' : 'second'}, ${isoTime(read.ms)}.`);
        }}
      >
        <input type="datetime-local" step={1} aria-label="Set the clock to" value={setTo || toLocalInput(now)} onChange={(e) => setSetTo(e.target.value)} />
        <Button size="sm" type="submit">
          Set
        </Button>
      </form>
      {error && (
        <span className="clock-error" role="alert">
          {error}
        </span>
      )}
      {note && !error && (
        <span className="clock-note" role="status">
          {note}
        </span>
      )}
    </div>
  );
}
