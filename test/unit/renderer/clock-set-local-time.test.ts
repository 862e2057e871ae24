// The Sessions view's Set field (a datetime-local value, local wall time) read as a moment on the
// days the clocks change. Date.parse chose without a word: the second 01:30 of a night the clocks go
// back became the first (a paused clock there, its seconds edited, jumped back an hour), and 02:30
// of a night they go forward, which does not exist, became 03:30.
import { describe, expect, it } from 'vitest';
import { readLocalInput } from '../../../src-renderer/src/sessions/local-input-time';
import { canSwitchTimeZone, inTimeZone } from '../time-zone';

const zoned = it.skipIf(!canSwitchTimeZone);
const at = (iso: string) => Date.parse(iso);

describe('readLocalInput', () => {
  zoned('a plain time is the one moment it names, in each zone', () => {
    expect(inTimeZone('America/New_York', () => readLocalInput('2026-05-01T10:00', 0))).toEqual({ ms: at('2026-05-01T14:00:00Z') });
    expect(inTimeZone('Pacific/Chatham', () => readLocalInput('2026-05-01T10:00:05.25', 0))).toEqual({ ms: at('2026-05-01T10:00:05.250Z') - (12 * 60 + 45) * 60_000 });
    expect(inTimeZone('America/St_Johns', () => readLocalInput('2026-01-10T23:59:59', 0))).toEqual({ ms: at('2026-01-11T03:29:59Z') });
    expect(inTimeZone('UTC', () => readLocalInput('2026-01-01T00:00:00', 0))).toEqual({ ms: at('2026-01-01T00:00:00Z') });
  });

  zoned('a time that happens twice (the clocks go back) is the occurrence nearest the clock, and says which other there is', () => {
    const first = at('2026-11-01T05:30:05Z'); // 01:30:05 EDT
    const second = at('2026-11-01T06:30:05Z'); // 01:30:05 EST
    // The clock paused at the second 01:30:00, its seconds edited to :05: it stays on the second.
    expect(inTimeZone('America/New_York', () => readLocalInput('2026-11-01T01:30:05', at('2026-11-01T06:30:00Z')))).toEqual({ ms: second, twice: { other: first } });
    expect(inTimeZone('America/New_York', () => readLocalInput('2026-11-01T01:30:05', at('2026-11-01T05:00:00Z')))).toEqual({ ms: first, twice: { other: second } });
    // Chatham goes back from +13:45 to +12:45 at 03:45 local.
    const chatham = inTimeZone('Pacific/Chatham', () => readLocalInput('2026-04-05T03:15', at('2026-04-04T14:30:00Z')));
    expect(chatham).toEqual({ ms: at('2026-04-04T14:30:00Z'), twice: { other: at('2026-04-04T13:30:00Z') } });
  });

  zoned('a time the clocks skip (they go forward over it) is refused, naming the zone and the jump', () => {
    expect(inTimeZone('America/New_York', () => readLocalInput('2026-03-08T02:30', 0))).toEqual({
      error: '2026-03-08 02:30 does not exist in America/New_York: the clocks go forward an hour that night, over it. Pick a time before or after.',
    });
    expect(inTimeZone('America/St_Johns', () => readLocalInput('2026-03-08T02:15:00', 0))).toEqual({
      error: '2026-03-08 02:15:00 does not exist in America/St_Johns: the clocks go forward an hour that night, over it. Pick a time before or after.',
    });
    // The hours either side are there.
    expect(inTimeZone('America/New_York', () => readLocalInput('2026-03-08T01:59:59', 0))).toEqual({ ms: at('2026-03-08T06:59:59Z') });
    expect(inTimeZone('America/New_York', () => readLocalInput('2026-03-08T03:00', 0))).toEqual({ ms: at('2026-03-08T07:00:00Z') });
  });

  it('text that is not a date and time is refused as before', () => {
    for (const text of ['', 'not a date', '2026-05-01', '2026-13-01T10:00', '2026-04-31T10:00', '2026-05-01T24:00', '2026-05-01 10:00']) {
      expect(readLocalInput(text, 0), text).toEqual({ error: 'Pick a date and time to set the clock to.' });
    }
  });
});
