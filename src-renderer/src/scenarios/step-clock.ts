// A step's simulation-clock time in the Scenarios tab's step list. The file's times (start, set)
// are read as UTC, so the list shows UTC too. It showed the time of day alone: after
// `advance: 7d` every step still said 09:00:00, as if the advance had done nothing. A step on
// another day than the run's first step now names its date.

/** `09:00:00` on the first step's (UTC) day, else `2026-01-08 09:00:00`. */
export function stepClockText(clock: string, firstClock: string | undefined): string {
  const time = clock.slice(11, 19);
  return firstClock === undefined || clock.slice(0, 10) === firstClock.slice(0, 10) ? time : `${clock.slice(0, 10)} ${time}`;
}

/** The tooltip: the whole moment, saying it is UTC. */
export const stepClockTitle = (clock: string): string => `Simulation clock after this step: ${clock.slice(0, 10)} ${clock.slice(11, 19)} UTC`;
