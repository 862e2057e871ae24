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

/** Zones on both sides of UTC, one with a half-hour offset; UTC itself. */
export const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'] as const;
