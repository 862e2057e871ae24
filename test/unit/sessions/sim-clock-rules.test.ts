// The simulation clock, the rules sim-clock.test.ts leaves out: the limits of each action from
// outside, what each action keeps of the state (mode, speed), the clamps of a jump, and the
// formats at their boundaries.
import { describe, expect, it } from 'vitest';
import { inTimeZone } from '../time-zone';
import { applyClockAction, CLOCK_SPEEDS, describeOffset, formatDuration, formatOffset, isSimulatedMoment, LIVE_CLOCK, normalizeClockState, parseClockAction, simNow, SIMULATED_RANGE_TEXT, type ClockAction, type SimClockState } from '../../../src-shared/sim-clock';

const REAL = Date.parse('2026-05-01T12:00:00Z');
const YEAR_9999_END = Date.UTC(9999, 11, 31);
/** What a refused negative advance says after its value: advance is forward, set goes back. */
const BACK_WITH_SET = 'advance moves the clock forward; to move it back, use {"action":"set","to":…} with an ISO-8601 moment such as "2026-01-01T00:00:00Z" (or epoch ms)';
const ok = (s: ReturnType<typeof applyClockAction>): SimClockState => {
  if ('error' in s) throw new Error(s.error);
  return s;
};
const paused = (simMs: number, speed: SimClockState['speed'] = 60): SimClockState => ({ mode: 'paused', anchorRealMs: REAL, anchorSimMs: simMs, speed });
const running = (simMs: number, speed: SimClockState['speed']): SimClockState => ({ mode: 'running', anchorRealMs: REAL, anchorSimMs: simMs, speed });

describe('actions from outside', () => {
  it.each([
    // the body must be an object
    [undefined, 'body'],
    [[], 'body'],
    ['pause', 'body'],
    [{}, 'action'],
    [{ action: 'Pause' }, 'action'],
    // speeds: above 0, at most 100000, or "max"
    [{ action: 'run', speed: -1 }, 'speed'],
    [{ action: 'run', speed: 100_001 }, 'speed'],
    [{ action: 'run', speed: Number.POSITIVE_INFINITY }, 'speed'],
    [{ action: 'run', speed: Number.NaN }, 'speed'],
    [{ action: 'run', speed: '60' }, 'speed'],
    [{ action: 'run', speed: 'MAX' }, 'speed'],
    // advance: a finite number of ms, 0 or more (forward only), at most the span up to year 9999
    [{ action: 'advance' }, 'ms'],
    [{ action: 'advance', ms: '60000' }, 'ms'],
    [{ action: 'advance', ms: Number.NaN }, 'ms'],
    [{ action: 'advance', ms: YEAR_9999_END + 1 }, 'ms'],
    [{ action: 'advance', ms: -YEAR_9999_END - 1 }, 'ms'],
    [{ action: 'advance', ms: -1 }, 'ms'],
    [{ action: 'advance', ms: -60_000 }, 'ms'],
    // set: epoch ms or an ISO-8601 text, from 1970 up to year 9999
    [{ action: 'set' }, 'to'],
    [{ action: 'set', to: -1 }, 'to'],
    [{ action: 'set', to: YEAR_9999_END + 1 }, 'to'],
    [{ action: 'set', to: '10000-01-01T00:00:00Z' }, 'to'],
    [{ action: 'set', to: true }, 'to'],
    // A field the action does not read (it was ignored: {"action":"run","sped":600} ran at the old speed).
    [{ action: 'pause', extra: 1 }, 'extra'],
    [{ action: 'run', sped: 600 }, 'sped'],
    [{ action: 'advance', ms: 1, to: 5 }, 'to'],
  ])('%j is refused at %s', (body, where) => {
    const r = parseClockAction(body);
    expect(r).toMatchObject({ where });
    expect((r as { error: string }).error.length).toBeGreaterThan(0);
  });

  it.each([
    [{ action: 'live' }, { action: 'live' }],
    [{ action: 'nextTimeout' }, { action: 'nextTimeout' }],
    [{ action: 'run' }, { action: 'run' }],
    [{ action: 'run', speed: 100_000 }, { action: 'run', speed: 100_000 }],
    [{ action: 'run', speed: 0.5 }, { action: 'run', speed: 0.5 }],
    [{ action: 'advance', ms: 0 }, { action: 'advance', ms: 0 }],
    [{ action: 'advance', ms: -0 }, { action: 'advance', ms: -0 }],
    [{ action: 'advance', ms: YEAR_9999_END }, { action: 'advance', ms: YEAR_9999_END }],
    [{ action: 'set', to: 0 }, { action: 'set', to: 0 }],
    [{ action: 'set', to: YEAR_9999_END }, { action: 'set', to: YEAR_9999_END }],
    [{ action: 'set', to: '9999-12-31T00:00:00Z' }, { action: 'set', to: YEAR_9999_END }],
  ])('%j is taken as %j', (body, action) => expect(parseClockAction(body)).toEqual(action));

  // {"action":"advance","ms":-1} was taken and moved the clock back: a sign slipped in a script
  // went unseen. Advance is forward; the refusal shows the value and names set, which goes back.
  it.each([
    [-1, '-1'],
    [-1800000, '-1800000'],
    [-0.5, '-0.5'],
  ])('advance by %d is refused, saying advance is forward and set moves the clock back', (ms, shown) => {
    expect(parseClockAction({ action: 'advance', ms })).toEqual({ error: `ms must be 0 or more, not ${shown}: ${BACK_WITH_SET}`, where: 'ms' });
  });

  it('advance by 0 is taken and leaves the clock where it stands, in its mode', () => {
    const zero = parseClockAction({ action: 'advance', ms: 0 });
    expect(zero).toEqual({ action: 'advance', ms: 0 });
    expect(ok(applyClockAction(paused(5000, 600), zero as { action: 'advance'; ms: number }, REAL + 100))).toEqual({ mode: 'paused', anchorRealMs: REAL + 100, anchorSimMs: 5000, speed: 600 });
  });

  it('the error for an unknown action lists the actions there are', () => {
    expect(parseClockAction({ action: 'rewind' })).toEqual({ error: 'action must be one of live, pause, run, advance, set, nextTimeout, not "rewind"', where: 'action' });
  });

  // POST /api/clock {"action":"advance","ms":1e400}: JSON.parse reads 1e400 as Infinity, which the
  // error wrote as "not null"; and a jump past the clock's range was "must be a number of
  // milliseconds, not 8640000000000000", a number of milliseconds.
  it.each([
    [{ action: 'advance', ms: Infinity }, 'ms must be a number of milliseconds (e.g. 1800000 for 30 minutes), not a number too large to hold (it reads as Infinity)', 'ms'],
    [{ action: 'advance', ms: -Infinity }, `ms must be 0 or more, not a number too large to hold (it reads as -Infinity): ${BACK_WITH_SET}`, 'ms'],
    [{ action: 'advance', ms: 8.64e15 }, `ms must be a jump of at most ${YEAR_9999_END} ms (the clock stands ${SIMULATED_RANGE_TEXT}), not 8640000000000000`, 'ms'],
    [{ action: 'run', speed: Infinity }, 'speed must be a number of simulated seconds per second (1, 10, 60, 600 …, at most 100000) or "max", not a number too large to hold (it reads as Infinity)', 'speed'],
    [{ action: 'set', to: Infinity }, 'to must be an ISO-8601 moment such as "2026-01-01T00:00:00Z" (or epoch ms), not a number too large to hold (it reads as Infinity)', 'to'],
  ])('%j: the error shows the number the client sent, and the range', (body, error, where) => expect(parseClockAction(body)).toEqual({ error, where }));

  // A missing field was "not undefined", a word from inside the program.
  it.each([
    [{}, 'action is missing: it must be one of live, pause, run, advance, set, nextTimeout, e.g. {"action":"pause"}', 'action'],
    [{ action: 'advance' }, 'ms is missing: it must be a number of milliseconds (e.g. 1800000 for 30 minutes)', 'ms'],
    [{ action: 'set' }, 'to is missing: it must be an ISO-8601 moment such as "2026-01-01T00:00:00Z" (or epoch ms)', 'to'],
  ])('%j: the error says what is missing', (body, error, where) => expect(parseClockAction(body)).toEqual({ error, where }));
});

describe('what each action does to the clock', () => {
  it('simulated time while running: speed times the real time since the anchor; "max" stands still between jumps', () => {
    expect(simNow(running(1000, 10), REAL + 500)).toBe(1000 + 5000);
    expect(simNow(running(1000, 'max'), REAL + 500)).toBe(1000);
    expect(simNow(paused(1000), REAL + 500)).toBe(1000);
  });

  it('pause keeps the speed and freezes the time it reached', () => {
    expect(ok(applyClockAction(running(1000, 10), { action: 'pause' }, REAL + 100))).toEqual({ mode: 'paused', anchorRealMs: REAL + 100, anchorSimMs: 2000, speed: 10 });
  });

  it('run without a speed keeps a running clock\'s speed and starts any other at 1×', () => {
    expect(ok(applyClockAction(running(0, 600), { action: 'run' }, REAL + 1))).toEqual({ mode: 'running', anchorRealMs: REAL + 1, anchorSimMs: 600, speed: 600 });
    expect(ok(applyClockAction(paused(5, 600), { action: 'run' }, REAL + 1))).toEqual({ mode: 'running', anchorRealMs: REAL + 1, anchorSimMs: 5, speed: 1 });
    expect(ok(applyClockAction(LIVE_CLOCK, { action: 'run' }, REAL))).toEqual({ mode: 'running', anchorRealMs: REAL, anchorSimMs: REAL, speed: 1 });
    expect(ok(applyClockAction(paused(5), { action: 'run', speed: 'max' }, REAL))).toMatchObject({ mode: 'running', speed: 'max' });
  });

  it('a jump keeps a paused or running clock\'s mode and speed, re-anchored at the real time of the jump', () => {
    expect(ok(applyClockAction(running(1000, 10), { action: 'advance', ms: 60_000 }, REAL + 100))).toEqual({ mode: 'running', anchorRealMs: REAL + 100, anchorSimMs: 2000 + 60_000, speed: 10 });
    expect(ok(applyClockAction(paused(1000, 600), { action: 'advance', ms: 500 }, REAL + 100))).toEqual({ mode: 'paused', anchorRealMs: REAL + 100, anchorSimMs: 1500, speed: 600 });
    expect(ok(applyClockAction(paused(1000, 600), { action: 'set', to: 77 }, REAL))).toEqual({ mode: 'paused', anchorRealMs: REAL, anchorSimMs: 77, speed: 600 });
    expect(ok(applyClockAction(paused(1000, 600), parseClockAction({ action: 'set', to: '1970-01-01T00:00:01Z' }) as ClockAction, REAL))).toMatchObject({ anchorSimMs: 1000 });
  });

  it('set takes epoch ms: a moment in text is read by parseClockAction, before the action is applied', () => {
    // @ts-expect-error -- applyClockAction had a branch reading text, which no parsed action reached.
    const unparsed: ClockAction = { action: 'set', to: '1970-01-01T00:00:01Z' };
    expect(parseClockAction(unparsed)).toEqual({ action: 'set', to: 1000 });
  });

  // No jump before 1970 can be asked (parseClockAction refuses a negative advance and a set before
  // 1970), so a jump is clamped only at the top; a negative advance, clamped to 1970 here, once could.
  it('a jump stays between 1970 and the end of year 9999', () => {
    const act = (state: SimClockState, action: unknown) => {
      const parsed = parseClockAction(action);
      if ('error' in parsed) throw new Error(parsed.error);
      return ok(applyClockAction(state, parsed, REAL)).anchorSimMs;
    };
    expect(() => act(paused(1000), { action: 'advance', ms: -5000 })).toThrow(/^ms must be 0 or more, not -5000/);
    expect(() => act(paused(1000), { action: 'set', to: -1 })).toThrow(/^to must be from 1970-01-01T00:00:00.000Z/);
    expect(act(paused(0), { action: 'advance', ms: 0 })).toBe(0);
    expect(act(paused(1000), { action: 'set', to: '1970-01-01T00:00:00Z' })).toBe(0);
    expect(act(paused(YEAR_9999_END - 10), { action: 'advance', ms: 5000 })).toBe(YEAR_9999_END);
    expect(act(paused(REAL), { action: 'advance', ms: YEAR_9999_END })).toBe(YEAR_9999_END);
  });

  it('the next timeout is never behind the clock', () => {
    expect(ok(applyClockAction(paused(5000), { action: 'nextTimeout' }, REAL, 4000)).anchorSimMs).toBe(5000);
    expect(ok(applyClockAction(paused(5000), { action: 'nextTimeout' }, REAL, 9000)).anchorSimMs).toBe(9000);
    expect(applyClockAction(paused(5000), { action: 'nextTimeout' }, REAL)).toEqual({ error: 'no open session is waiting to time out', where: 'action' });
  });

  it('a next timeout past the end of year 9999 is refused, naming it, where the jump stopped at 9999 and the session stayed open', () => {
    expect(ok(applyClockAction(paused(5000), { action: 'nextTimeout' }, REAL, YEAR_9999_END)).anchorSimMs).toBe(YEAR_9999_END);
    expect(applyClockAction(paused(5000), { action: 'nextTimeout' }, REAL, YEAR_9999_END + 1)).toEqual({
      error: 'the next open session times out at 9999-12-31T00:00:00.001Z, after the last moment the clock can stand at (9999-12-31T00:00:00.000Z): a message dated that late keeps its session open on this clock',
      where: 'action',
    });
    // Past what a Date holds, the moment in the same ISO form (it was the ms as digits, 8640000000000001).
    expect(applyClockAction(paused(5000), { action: 'nextTimeout' }, REAL, 8.64e15 + 1)).toMatchObject({ error: expect.stringContaining('times out at +275760-09-13T00:00:00.001Z,') });
  });

  it('live drops everything else', () => {
    expect(applyClockAction(running(5, 600), { action: 'live' }, REAL)).toEqual({ mode: 'live', anchorRealMs: 0, anchorSimMs: 0, speed: 1 });
  });

  it('the speeds offered go from real time to jumping', () => {
    expect(CLOCK_SPEEDS).toEqual([1, 10, 60, 600, 'max']);
  });
});

describe('a persisted clock', () => {
  it.each([
    [{ mode: 'running', anchorRealMs: 1, anchorSimMs: 2, speed: 'max' }, true],
    [{ mode: 'running', anchorRealMs: 1, anchorSimMs: 2, speed: 0.5 }, true],
    [{ mode: 'paused', anchorRealMs: 0, anchorSimMs: 0, speed: 1 }, true],
    [{ mode: 'live', anchorRealMs: 1, anchorSimMs: 2, speed: 1 }, false],
    [{ mode: 'stopped', anchorRealMs: 1, anchorSimMs: 2, speed: 1 }, false],
    [{ mode: 'paused', anchorSimMs: 2, speed: 1 }, false],
    [{ mode: 'paused', anchorRealMs: 1, anchorSimMs: '2', speed: 1 }, false],
    [{ mode: 'paused', anchorRealMs: 1, anchorSimMs: 2, speed: 0 }, false],
    [{ mode: 'paused', anchorRealMs: 1, anchorSimMs: 2, speed: -1 }, false],
    [{ mode: 'paused', anchorRealMs: 1, anchorSimMs: 2, speed: Number.POSITIVE_INFINITY }, false],
    [{ mode: 'paused', anchorRealMs: 1, anchorSimMs: 2, speed: '1' }, false],
    [{ mode: 'paused', anchorRealMs: 1, anchorSimMs: 2 }, false],
    [null, false],
    [42, false],
  ])('%j is kept: %s', (stored, kept) => {
    const s = normalizeClockState(stored);
    if (kept) {
      const { mode, anchorRealMs, anchorSimMs, speed } = stored as unknown as SimClockState;
      expect(s).toEqual({ mode, anchorRealMs, anchorSimMs, speed });
    } else expect(s).toEqual(LIVE_CLOCK);
  });

  it('only the clock fields are kept', () => {
    expect(normalizeClockState({ mode: 'paused', anchorRealMs: 1, anchorSimMs: 2, speed: 10, extra: true })).toEqual({ mode: 'paused', anchorRealMs: 1, anchorSimMs: 2, speed: 10 });
  });
});

describe('formats', () => {
  it.each([
    [0, '+00:00:00'],
    [999, '+00:00:00'],
    [-1000, '−00:00:01'],
    [59_999, '+00:00:59'],
    [3_599_000, '+00:59:59'],
    [86_399_000, '+23:59:59'],
    [86_400_000, '+1d 00:00:00'],
    [-(86_400_000 + 3_661_000), '−1d 01:01:01'],
    [12 * 86_400_000 + 36_000_000, '+12d 10:00:00'],
  ])('offset %i -> %s', (ms, text) => expect(formatOffset(ms)).toBe(text));

  // The header's and the Sessions view's words for the offset (formatOffset goes in the tooltip).
  it.each([
    [0, '0 s ahead'],
    [-400, '0 s behind'],
    [59_999, '59 s ahead'],
    [60_000, '1 min ahead'],
    [-3_599_000, '59 min behind'],
    [3_600_000, '1 h ahead'],
    [7 * 3_600_000 + 20 * 60_000 + 2000, '7 h 20 min ahead'],
    [86_399_000, '23 h 59 min ahead'],
    [-86_400_000, '1 day behind'],
    [86_400_000 + 5 * 3_600_000, '1 day 5 h ahead'],
    [6 * 86_400_000 + 23 * 3_600_000, '6 days 23 h ahead'],
    [7 * 86_400_000 + 23 * 3_600_000, '7 days ahead'],
    [-(337 * 86_400_000 + 86_025_000), '337 days behind'],
  ])('offset %i in words -> %s', (ms, text) => expect(describeOffset(ms)).toBe(text));

  // One rule for every duration shown (Sessions, session detail, a scenario's session failure):
  // units in words, as the clock's offset is; "00:12" read as a time of day, and "< 0.1 s" beside it.
  it.each([
    [0, '0 s'],
    [-5000, '0 s'],
    [1, '< 0.1 s'],
    [49, '< 0.1 s'],
    [50, '0.1 s'],
    [499, '0.5 s'],
    [949, '0.9 s'],
    [950, '1 s'],
    [1499, '1 s'],
    [12_400, '12 s'],
    [59_499, '59 s'],
    [59_500, '1 min'],
    [60_000, '1 min'],
    [245_000, '4 min 05 s'],
    [1_800_000, '30 min'],
    [3_599_000, '59 min 59 s'],
    [3_600_000, '1 h'],
    [3_605_000, '1 h 00 min 05 s'],
    [3_720_000, '1 h 02 min'],
    [3_723_000, '1 h 02 min 03 s'],
    [36_061_000, '10 h 01 min 01 s'],
    [100 * 3_600_000, '100 h'],
  ])('duration %i -> %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('set: a moment in text is read as message times are (parseIsoTime)', () => {
  it('without an offset it is UTC, in every time zone (it was local time)', () => {
    for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
      inTimeZone(zone, () => {
        expect(parseClockAction({ action: 'set', to: '2026-05-01T09:00:00' }), zone).toEqual({ action: 'set', to: Date.UTC(2026, 4, 1, 9) });
        const paused: SimClockState = { mode: 'paused', anchorRealMs: REAL, anchorSimMs: REAL, speed: 1 };
        expect(simNow(ok(applyClockAction(paused, parseClockAction({ action: 'set', to: '2026-05-01T09:00:00' }) as ClockAction, REAL)), REAL), zone).toBe(Date.UTC(2026, 4, 1, 9));
      });
    }
  });

  it('a text Date.parse reads but that is not ISO-8601 is refused', () => {
    expect(parseClockAction({ action: 'set', to: 'May 1, 2026 09:00' })).toMatchObject({ where: 'to' });
    expect(parseClockAction({ action: 'set', to: '2026-05-01 09:00:00Z' })).toMatchObject({ where: 'to' });
  });

  it('a valid ISO-8601 moment outside the clock’s range is refused for its range, not called a malformed time', () => {
    const before = parseClockAction({ action: 'set', to: '0001-01-01T00:00:00Z' }) as { error: string; where: string };
    expect(before.where).toBe('to');
    expect(before.error).not.toMatch(/must be an ISO-8601 moment/);
    expect(before.error).toMatch(/1970-01-01T00:00:00\.000Z.*9999-12-31T00:00:00\.000Z/);
    expect((parseClockAction({ action: 'set', to: -1 }) as { error: string }).error).toMatch(/1970-01-01/);
    expect((parseClockAction({ action: 'set', to: 'yesterday' }) as { error: string }).error).toMatch(/must be an ISO-8601 moment/);
  });
});

describe('the range in words', () => {
  // A scenario's start or set outside the range is refused with this text: it must name the very
  // moments the check takes, the first and last it accepts.
  it('names the first and last moments the clock accepts', () => {
    const m = /^between (\S+) and (\S+)$/.exec(SIMULATED_RANGE_TEXT);
    expect(m).not.toBeNull();
    const [from, to] = [Date.parse(m![1]), Date.parse(m![2])];
    expect([from, to]).toEqual([0, YEAR_9999_END]);
    expect([isSimulatedMoment(from - 1), isSimulatedMoment(from), isSimulatedMoment(to), isSimulatedMoment(to + 1)]).toEqual([false, true, true, false]);
    const refused = parseClockAction({ action: 'set', to: to + 1 });
    expect(refused).toEqual({ error: `to must be from 1970-01-01T00:00:00.000Z to 9999-12-31T00:00:00.000Z; ${to + 1} is outside that range`, where: 'to' });
  });
});
