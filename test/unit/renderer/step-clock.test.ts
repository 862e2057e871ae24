// The Scenarios tab's step times: the time of day alone on the run's first day; with the date on
// another day (after `advance: 7d` every step said 09:00:00, as if the advance had done nothing).
import { describe, expect, it } from 'vitest';
import { stepClockText, stepClockTitle } from '../../../src-renderer/src/scenarios/step-clock';

describe('stepClockText', () => {
  it('is the time of day on the first step’s (UTC) day, and the date with it on any other', () => {
    const first = '2026-01-01T09:00:00.000Z';
    expect(stepClockText(first, first)).toBe('09:00:00');
    expect(stepClockText('2026-01-01T23:59:59.999Z', first)).toBe('23:59:59');
    expect(stepClockText('2026-01-08T09:00:00.000Z', first)).toBe('2026-01-08 09:00:00');
    // A clock set back before the start is another day too.
    expect(stepClockText('2025-12-31T09:00:00.000Z', first)).toBe('2025-12-31 09:00:00');
    expect(stepClockText(first, undefined)).toBe('09:00:00');
  });
  it('has the whole moment in UTC as its tooltip', () => {
    expect(stepClockTitle('2026-01-08T09:00:05.000Z')).toBe('Simulation clock after this step: 2026-01-08 09:00:05 UTC');
  });
});
