// Properties of the session model where messages may be dated ahead of the clock that received
// them (a client clock ahead, an SDK's timestamps past a paused simulation clock) as well as
// behind it; sessions.test.ts's properties only generate messages received at or after their time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationMs, lastMs, moduleTimes, SessionModel } from '../../../src-shared/sessions/sessions';
import { build, MIN, msg } from './session-fixtures';

// Arrival order is seq order; arrival minutes ascend, each message's own time anywhere around it.
const arbInputs = fc
  .array(
    fc.record({
      anon: fc.constantFrom('a', 'b'),
      arrivalStep: fc.integer({ min: 0, max: 40 }),
      skew: fc.integer({ min: -120, max: 120 }),
      module: fc.option(fc.constantFrom('Billing', 'Reports'), { nil: undefined }),
    }),
    { maxLength: 50 },
  )
  .map((rows) => {
    let arrival = 0;
    return rows.map((r, i) => {
      arrival += r.arrivalStep;
      return msg(i + 1, arrival + r.skew, { anonymousId: r.anon, module: r.module, arrivalMin: arrival });
    });
  });

/** Where each message went: "<session id>" or "late:<session id>". */
function placements(m: SessionModel): Map<number, string> {
  const out = new Map<number, string>();
  for (const s of m.sessions()) {
    for (const i of s.messages) out.set(s.inputs.seq(i), s.id);
    for (const l of s.late) out.set(l.seq, `late:${s.id}`);
  }
  return out;
}

describe('sessions with messages dated ahead of and behind the clock', () => {
  it('sessions still joinable never overlap and are a timeout apart, the lane is in time order, gaps inside are under the timeout; module times add up; every message is placed once', () => {
    fc.assert(
      fc.property(arbInputs, fc.integer({ min: 1, max: 90 }), (inputs, timeoutMin) => {
        const m = build(inputs, timeoutMin * MIN);
        const seen: number[] = [];
        for (const lane of m.lanes.values()) {
          let previousJoinable: (typeof lane)[number] | undefined;
          for (let k = 0; k < lane.length; k++) {
            const s = lane[k];
            const ts = s.messages.map((i) => s.inputs.timeMs(i));
            for (let j = 1; j < ts.length; j++) {
              expect(ts[j]).toBeGreaterThanOrEqual(ts[j - 1]);
              expect(ts[j] - ts[j - 1]).toBeLessThan(timeoutMin * MIN);
            }
            if (k > 0) expect(ts[0]).toBeGreaterThanOrEqual(lane[k - 1].inputs.timeMs(lane[k - 1].messageAt(0)));
            if (!s.closed) {
              if (previousJoinable) expect(ts[0] - lastMs(previousJoinable)).toBeGreaterThanOrEqual(timeoutMin * MIN);
              previousJoinable = s;
            }
            expect(moduleTimes(s).reduce((a, x) => a + x.ms, 0)).toBe(durationMs(s));
            seen.push(...s.messages.map((i) => s.inputs.seq(i)), ...s.late.map((l) => l.seq));
            for (const l of s.late) expect(l.sessionId).toBe(s.id);
          }
        }
        expect(seen.sort((a, b) => a - b)).toEqual(inputs.map((i) => i.seq));
      }),
    );
  });

  it('a message is placed when it arrives, for good: later messages never move it (its decision depends only on earlier ones)', () => {
    fc.assert(
      fc.property(arbInputs, fc.nat(50), (inputs, cut) => {
        const n = Math.min(cut, inputs.length);
        const prefix = placements(build(inputs.slice(0, n)));
        const all = placements(build(inputs));
        for (const [seq, where] of prefix) expect([seq, all.get(seq)]).toEqual([seq, where]);
      }),
    );
  });

  it('with the clock behind every message, no session times out: a message is late only when it would join two sessions, and says so', () => {
    fc.assert(
      fc.property(arbInputs, (inputs) => {
        // Every message received at minute -1000: no session's deadline has passed by that clock.
        const m = build(inputs.map((x) => ({ ...x, arrivalMs: msg(0, -1000).timeMs })));
        for (const s of m.sessions()) {
          expect(s.closed).toBe(false);
          for (const l of s.late) expect(l.reason).toMatch(/^its time is less than the timeout from both .+#\d+ and .+#\d+: it would join them into one session, and sessions are not merged$/);
        }
      }),
    );
  });

  it('with the clock past every message, all received at once (a queue flushed late, an import), time order gives the sessions a gap split gives: nothing late', () => {
    fc.assert(
      fc.property(arbInputs, fc.integer({ min: 1, max: 90 }), (inputs, timeoutMin) => {
        // In time order, as a library's queue holds them; every one received at minute 10,000.
        const arrivalMs = msg(0, 10_000).timeMs;
        const sorted = [...inputs].sort((a, b) => a.timeMs - b.timeMs).map((x, i) => ({ ...x, seq: i + 1, arrivalMs }));
        const m = build(sorted, timeoutMin * MIN);
        // Expected, from the rule alone: per anonymousId, a new session at each gap of the timeout or more.
        const expected: number[][] = [];
        const open = new Map<string, number[]>();
        for (const x of sorted) {
          const current = open.get(x.anonymousId);
          if (current && x.timeMs - sorted[current[current.length - 1]! - 1]!.timeMs < timeoutMin * MIN) current.push(x.seq);
          else {
            const next = [x.seq];
            open.set(x.anonymousId, next);
            expected.push(next);
          }
        }
        const actual = [...m.sessions()].map((s) => {
          expect(s.late).toEqual([]);
          return s.messages.map((i) => s.inputs.seq(i));
        });
        const key = (g: number[]) => g[0]!;
        expect(actual.sort((a, b) => key(a) - key(b))).toEqual(expected.sort((a, b) => key(a) - key(b)));
      }),
    );
  });
});
