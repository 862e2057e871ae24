// Runs a function with the process's time zone set to `zone` (Node re-reads process.env.TZ when it
// is assigned), then puts the zone back. Tests of time reading call it with named zones, so they
// check the same thing on a machine in UTC as on one in New York.
export function inTimeZone<T>(zone: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

/**
 * Whether inTimeZone changes the zone in this thread. Node re-reads TZ only when the process's own
 * environment is assigned; a worker thread has a copy of it, where assigning TZ changes nothing.
 * StrykerJS's vitest runner always runs the tests in worker threads (pool 'threads', whatever
 * test/vitest.stryker.config.ts says), so there a test whose expected values need another zone in
 * effect is skipped (`it.skipIf(!canSwitchTimeZone)`) rather than failing the mutation run's dry
 * run; under `npm test` (forked processes) this is true and every such test runs.
 */
export const canSwitchTimeZone =
  inTimeZone('America/New_York', () => new Date(2026, 4, 1, 10).getTime() === Date.UTC(2026, 4, 1, 14)) &&
  inTimeZone('Asia/Kolkata', () => new Date(2026, 4, 1, 10).getTime() === Date.UTC(2026, 4, 1, 4, 30));

if (!canSwitchTimeZone) {
  console.warn('[time-zone tests skipped] this thread cannot switch its time zone (a worker thread keeps its own copy of TZ, as under StrykerJS); the tests that need America/New_York or Asia/Kolkata in effect are skipped here and run under npm test');
}

/** Zones on both sides of UTC, one with a half-hour offset; UTC itself. */
export const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'] as const;
