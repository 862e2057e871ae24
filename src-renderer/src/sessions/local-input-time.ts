// Reads the Set field's text (a datetime-local value, "2026-11-01T01:30:05": local wall time with no
// offset) as a moment. Date.parse read it too, but on a day the clocks change it chose for the user
// without a word: a time in the hour that happens twice became its first occurrence (so a paused
// clock at the second 01:30, its seconds edited, jumped back an hour), and a time the clocks skip
// became the hour after.

export type LocalInputTime =
  | { ms: number; /** The wall time happens twice that night; `ms` is the one nearest the clock. */ twice?: { other: number } }
  | { error: string };

const INPUT = /^(\d{4,6})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const HOUR_MS = 3_600_000;

function localFields(ms: number): number[] {
  const d = new Date(ms);
  return [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
}

/** "an hour", "30 minutes": how far the clocks jump. */
function jumpWords(minutes: number): string {
  if (minutes === 60) return 'an hour';
  return minutes % 60 === 0 ? `${minutes / 60} hours` : `${minutes} minutes`;
}

/** The zone the browser reads local time in, for the messages ("America/New_York"). */
export function localZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'this time zone';
}

/**
 * The moment `text` names in the local time zone. Where the wall time happens twice (the clocks go
 * back), the occurrence nearest `near` (the clock's own moment, so editing a field keeps the one
 * shown); where it does not happen (the clocks go forward over it), an error saying so.
 */
export function readLocalInput(text: string, near: number): LocalInputTime {
  const m = INPUT.exec(text.trim());
  if (!m) return { error: 'Pick a date and time to set the clock to.' };
  const typed = m.slice(1, 7).map((f) => Number(f ?? 0));
  typed.push(Number((m[7] ?? '0').padEnd(3, '0')));
  const [year, month, day, hours, minutes, seconds, millis] = typed;
  // The wall time as if it were UTC; a local moment is that plus the zone's offset at the moment.
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(year, month - 1, day);
  asUtc.setUTCHours(hours, minutes, seconds, millis);
  const wall = asUtc.getTime();
  // A field out of its range (month 13, 31 April) rolls over in Date: not a date and time at all.
  const wallFields = [asUtc.getUTCFullYear(), asUtc.getUTCMonth() + 1, asUtc.getUTCDate(), asUtc.getUTCHours(), asUtc.getUTCMinutes(), asUtc.getUTCSeconds(), asUtc.getUTCMilliseconds()];
  if (Number.isNaN(wall) || wallFields.some((f, i) => f !== typed[i])) return { error: 'Pick a date and time to set the clock to.' };
  // Every offset the zone has within a day and a half either side: a change of offset is among them.
  const offsets = new Set([-36 * HOUR_MS, -12 * HOUR_MS, 0, 12 * HOUR_MS, 36 * HOUR_MS].map((k) => new Date(wall + k).getTimezoneOffset()));
  const moments = [...new Set([...offsets].map((o) => wall + o * 60_000))]
    .filter((ms) => localFields(ms).every((f, i) => f === typed[i]))
    .sort((a, b) => a - b);
  if (moments.length === 0) {
    const list = [...offsets];
    const skipped = Math.max(...list) - Math.min(...list);
    const shown = `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}${m[6] ? `:${m[6]}` : ''}`;
    return { error: `${shown} does not exist in ${localZoneName()}: the clocks go forward ${jumpWords(skipped)} that night, over it. Pick a time before or after.` };
  }
  if (moments.length === 1) return { ms: moments[0] };
  const [first, second] = moments;
  const ms = Math.abs(near - second) < Math.abs(near - first) ? second : first;
  return { ms, twice: { other: ms === first ? second : first } };
}
