// The Freshsuccess session model: table-driven cases for every rule, then properties over random
// message streams (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toSessionInput } from '../../../src-shared/sessions/session-input';
import { accountAt, durationMs, lastMs, moduleTimes, SessionModel } from '../../../src-shared/sessions/sessions';
import { querySessions, sessionTotals } from '../../../src-shared/sessions/view';

import { build, MIN, msg, T0, TIMEOUT } from './session-fixtures';
const summary = (m: SessionModel) => [...m.sessions()].map((s) => ({ id: s.id, seqs: s.messages.map((i) => s.inputs.seq(i)), durationMin: durationMs(s) / MIN, late: s.late.map((l) => l.seq) }));

describe('session boundaries', () => {
  it.each([
    ['just under the timeout: one session', 29.999, 1],
    ['equal to the timeout: the gap ends it', 30, 2],
    ['over the timeout: two sessions', 31, 2],
  ])('%s', (_label, gapMin, sessions) => {
    const m = build([msg(1, 0), msg(2, gapMin)]);
    expect(m.size.sessions).toBe(sessions);
  });

  it('a single message is a session of duration 0 that times out one timeout later', () => {
    const m = build([msg(1, 0)]);
    const [s] = m.sessions();
    expect(durationMs(s)).toBe(0);
    expect(m.stateAt(s, T0 + TIMEOUT - 1)).toBe('open');
    expect(m.stateAt(s, T0 + TIMEOUT)).toBe('timedOut');
    expect(m.nextDeadlineAfter(T0)).toBe(T0 + TIMEOUT);
  });

  it('a session times out by its deadline alone: a later one (dated ahead of the clock) does not end it', () => {
    // 2 is dated an hour ahead and arrives at 1: a#2. At 20 a#1 still has 10 minutes, and a
    // message dated 25 that arrives at 21 joins it.
    const m = build([msg(1, 0), msg(2, 60, { arrivalMin: 1 }), msg(3, 25, { arrivalMin: 21 })]);
    const [first, second] = m.sessions();
    expect(summary(m).map((s) => [s.id, s.seqs])).toEqual([
      ['a#1', [1, 3]],
      ['a#2', [2]],
    ]);
    expect(m.stateAt(first, T0 + 54 * MIN)).toBe('open');
    expect(m.stateAt(first, T0 + 55 * MIN)).toBe('timedOut');
    expect(m.stateAt(second, T0 + 89 * MIN)).toBe('open');
    expect(m.stateAt(second, T0 + 90 * MIN)).toBe('timedOut');
  });

  it('sessions are per anonymousId', () => {
    const m = build([msg(1, 0), msg(2, 5, { anonymousId: 'b' }), msg(3, 10)]);
    expect(summary(m)).toEqual([
      { id: 'a#1', seqs: [1, 3], durationMin: 10, late: [] },
      { id: 'b#1', seqs: [2], durationMin: 0, late: [] },
    ]);
  });
});

describe('module and feature time', () => {
  it('each gap counts toward the earlier message; the parts add up to the duration', () => {
    const m = build([msg(1, 0, { module: 'Billing' }), msg(2, 4, { module: 'Billing' }), msg(3, 10, { module: 'Reports' }), msg(4, 12)]);
    const [s] = m.sessions();
    expect(moduleTimes(s)).toEqual([
      { key: 'Billing', ms: 10 * MIN },
      { key: 'Reports', ms: 2 * MIN },
      { key: '(no module)', ms: 0 },
    ]);
    expect(durationMs(s)).toBe(12 * MIN);
  });

  it('a message without a module counts toward "(no module)"', () => {
    const [s] = build([msg(1, 0), msg(2, 3, { module: 'X' })]).sessions();
    expect(moduleTimes(s)).toEqual([
      { key: '(no module)', ms: 3 * MIN },
      { key: 'X', ms: 0 },
    ]);
  });
});

describe('out of order and late messages', () => {
  it('an older message is placed in time order while its session is open', () => {
    const m = build([msg(1, 0, { module: 'A' }), msg(2, 10, { module: 'C' }), msg(3, 5, { module: 'B', arrivalMin: 11 })]);
    const [s] = m.sessions();
    expect(s.messages.map((i) => s.inputs.seq(i))).toEqual([1, 3, 2]);
    expect(moduleTimes(s)).toEqual([
      { key: 'A', ms: 5 * MIN },
      { key: 'B', ms: 5 * MIN },
      { key: 'C', ms: 0 },
    ]);
  });

  it('one that arrives after its session timed out opens a new session (domain.md), never merged into the old one', () => {
    const m = build([msg(1, 0), msg(2, 10), msg(3, 20, { arrivalMin: 40 })]);
    expect(summary(m)).toEqual([
      { id: 'a#1', seqs: [1, 2], durationMin: 10, late: [] },
      { id: 'a#2', seqs: [3], durationMin: 0, late: [] },
    ]);
  });

  it('one whose time falls in an earlier, timed-out session opens a new session, placed by its time', () => {
    const m = build([msg(1, 0), msg(2, 60), msg(3, 5, { arrivalMin: 61 })]);
    expect(summary(m).map((s) => [s.id, s.seqs])).toEqual([
      ['a#1', [1]],
      ['a#3', [3]],
      ['a#2', [2]],
    ]);
  });

  it('one that would join two open sessions is late for the later one, in neither', () => {
    // a#2 is dated ahead (arrives at 0), so both are open when 3 (20 minutes from each) arrives.
    const m = build([msg(1, 0), msg(2, 40, { arrivalMin: 0 }), msg(3, 20, { arrivalMin: 1 })]);
    expect(summary(m).map((s) => [s.id, s.seqs, s.late])).toEqual([
      ['a#1', [1], []],
      ['a#2', [2], [3]],
    ]);
    expect(m.sessions().next().value!.late).toEqual([]);
  });
});

describe('accounts', () => {
  it('groupId on the message, else the userId’s one account; two groupIds for one userId is a conflict, after which the userId gives none', () => {
    const m = build([msg(1, 0, { userId: 'u', groupId: 'acme' }), msg(2, 1, { userId: 'u' }), msg(3, 2, { userId: 'u', groupId: 'globex', anonymousId: 'b' }), msg(4, 3, { userId: 'u' })]);
    const [a, b] = m.sessions();
    expect(a.messages.map((_, k) => accountAt(a, k))).toEqual(['acme', 'acme', undefined]);
    expect(b.messages.map((_, k) => accountAt(b, k))).toEqual(['globex']);
    expect(m.conflicts()).toEqual([{ userId: 'u', accounts: [{ groupId: 'acme', seq: 1 }, { groupId: 'globex', seq: 3 }] }]);
    expect(sessionTotals(m).byAccount.map((t) => t.key)).toEqual(['acme', 'globex']);
  });
});

describe('a changed timeout re-derives', () => {
  it('the same messages split differently under a shorter timeout', () => {
    const inputs = [msg(1, 0), msg(2, 20), msg(3, 25)];
    expect(build(inputs).size.sessions).toBe(1);
    expect(summary(build(inputs, 15 * MIN)).map((s) => s.seqs)).toEqual([[1], [2, 3]]);
  });
});

describe('reading messages', () => {
  const capture = (message: Record<string, unknown>) => ({ seq: 7, receivedAt: '2026-03-01T10:05:00.000Z', origin: { kind: 'tracking' as const, endpoint: '/v1/batch', writeKeySource: 'basic' as const, writeKey: '••', writeKeyFingerprint: '0123456789ab' }, message });
  it.each([
    ['originalTimestamp first', { originalTimestamp: '2026-03-01T10:00:00Z', timestamp: '2026-03-01T10:01:00Z' }, 'originalTimestamp', '2026-03-01T10:00:00.000Z'],
    ['else timestamp', { timestamp: '2026-03-01T10:01:00Z' }, 'timestamp', '2026-03-01T10:01:00.000Z'],
    ['else receivedAt', {}, 'receivedAt', '2026-03-01T10:05:00.000Z'],
    ['an unparsable time falls through', { originalTimestamp: 'yesterday', timestamp: '2026-03-01T10:01:00' }, 'timestamp', '2026-03-01T10:01:00.000Z'],
    // A number is not a time (eventTime() and the inspector read only ISO-8601 text); it was 12 ms.
    ['a number falls through too', { originalTimestamp: 'yesterday', timestamp: 12 }, 'receivedAt', '2026-03-01T10:05:00.000Z'],
  ])('%s', (_label, times, source, iso) => {
    const input = toSessionInput(capture({ type: 'track', anonymousId: 'x', event: 'E', ...times }))!;
    expect(input.timeSource).toBe(source);
    expect(new Date(input.timeMs).toISOString()).toBe(iso);
  });
  it('no anonymousId: no session (an input for the account rule alone, when it has a userId); non-string fields are read defensively', () => {
    expect(toSessionInput(capture({ type: 'track', userId: 'u', event: 'E' }))).toMatchObject({ anonymousId: '', userId: 'u' });
    expect(toSessionInput(capture({ type: 'page', userId: 'u' }))).toBeUndefined();
    expect(toSessionInput(capture({ type: 'track', anonymousId: '', event: 'E' }))).toBeUndefined();
    const input = toSessionInput(capture({ type: 'track', anonymousId: 42, event: { x: 1 }, properties: { module: ['m'] }, context: { groupId: 'g-ctx' } }))!;
    expect(input).toMatchObject({ anonymousId: '42', feature: '(track)', groupId: 'g-ctx', writeKeyFingerprint: '0123456789ab' });
    expect(input.module).toBeUndefined();
    expect(toSessionInput(capture({ type: 'identify', anonymousId: 'x' }))!.feature).toBe('(identify)');
  });
});

// ---- properties ----
const arbInputs = fc
  .array(
    fc.record({
      anon: fc.constantFrom('a', 'b', 'c'),
      minute: fc.integer({ min: 0, max: 300 }),
      delay: fc.integer({ min: 0, max: 50 }),
      module: fc.option(fc.constantFrom('Billing', 'Reports', 'Home'), { nil: undefined }),
    }),
    { maxLength: 60 },
  )
  // Arrival order is by arrival time (seq order), times may be out of order.
  .map((rows) => rows.map((r) => ({ ...r, arrival: r.minute + r.delay })).sort((x, y) => x.arrival - y.arrival))
  .map((rows) => rows.map((r, i) => msg(i + 1, r.minute, { anonymousId: r.anon, module: r.module, arrivalMin: r.arrival })));

describe('properties', () => {
  it('per anonymousId, sessions still joinable never overlap and are at least a timeout apart; gaps inside are under the timeout; the lane is in time order', () => {
    fc.assert(
      fc.property(arbInputs, fc.integer({ min: 1, max: 90 }), (inputs, timeoutMin) => {
        const m = build(inputs, timeoutMin * MIN);
        for (const lane of m.lanes.values()) {
          let previousJoinable: (typeof lane)[number] | undefined;
          for (let i = 0; i < lane.length; i++) {
            const ts = lane[i].messages.map((k) => lane[i].inputs.timeMs(k));
            for (let j = 1; j < ts.length; j++) expect(ts[j] - ts[j - 1]).toBeLessThan(timeoutMin * MIN);
            if (i > 0) expect(ts[0]).toBeGreaterThanOrEqual(lane[i - 1].inputs.timeMs(lane[i - 1].messageAt(0)));
            if (lane[i].closed) continue;
            if (previousJoinable) expect(ts[0] - lastMs(previousJoinable)).toBeGreaterThanOrEqual(timeoutMin * MIN);
            previousJoinable = lane[i];
          }
          // Numbered 1..n in the order they opened.
          expect(lane.map((s) => s.n).sort((a, b) => a - b)).toEqual(lane.map((_, k) => k + 1));
        }
      }),
    );
  });

  it('no message joins a session the clock saw time out before it arrived (domain.md: it opens a new one)', () => {
    // The rule replayed per session in arrival order: once a message of the session arrived before
    // its deadline (last time so far + timeout), no message arriving at or after it joins.
    fc.assert(
      fc.property(arbInputs, fc.integer({ min: 1, max: 90 }), (inputs, timeoutMin) => {
        const timeout = timeoutMin * MIN;
        for (const s of build(inputs, timeout).sessions()) {
          const byArrival = [...s.messages].sort((x, y) => x - y);
          let last = s.inputs.timeMs(byArrival[0]);
          let latestArrival = s.inputs.arrivalMs(byArrival[0]);
          for (const i of byArrival.slice(1)) {
            const deadline = last + timeout;
            expect(s.inputs.arrivalMs(i) >= deadline && latestArrival < deadline).toBe(false);
            last = Math.max(last, s.inputs.timeMs(i));
            latestArrival = s.inputs.arrivalMs(i);
          }
        }
      }),
    );
  });

  it('module times sum to the duration, and every message is in exactly one session or late once', () => {
    fc.assert(
      fc.property(arbInputs, (inputs) => {
        const m = build(inputs);
        const seen: number[] = [];
        for (const s of m.sessions()) {
          expect(moduleTimes(s).reduce((a, x) => a + x.ms, 0)).toBe(durationMs(s));
          seen.push(...s.messages.map((i) => s.inputs.seq(i)), ...s.late.map((l) => l.seq));
        }
        expect(seen.sort((a, b) => a - b)).toEqual(inputs.map((i) => i.seq));
      }),
    );
  });

  it('each message keeps its own account however it was inserted: its groupId, else its userId’s one account when it arrived (none once it had two)', () => {
    const withIds = fc
      .tuple(arbInputs, fc.array(fc.record({ user: fc.option(fc.constantFrom('u1', 'u2'), { nil: undefined }), group: fc.option(fc.constantFrom('g1', 'g2', 'g3'), { nil: undefined }), type: fc.constantFrom('track', 'identify', 'page') }), { minLength: 60, maxLength: 60 }))
      .map(([inputs, ids]) => inputs.map((input, i) => ({ ...input, type: ids[i].type, userId: ids[i].user, groupId: ids[i].group })));
    fc.assert(
      fc.property(withIds, (inputs) => {
        // The rule, read off the inputs in arrival order (domain.md: Freshsuccess reads track, identify, group).
        // Without groupId the userId determines the account only while it is unique to one (reference/freshsuccess-segment.txt).
        const accounts = new Map<string, Set<string>>();
        const expected = new Map<number, string | undefined>();
        for (const input of inputs) {
          if (input.userId !== undefined && input.groupId !== undefined && input.type !== 'page') accounts.set(input.userId, (accounts.get(input.userId) ?? new Set()).add(input.groupId));
          const own = input.userId !== undefined ? accounts.get(input.userId) : undefined;
          expected.set(input.seq, input.groupId ?? (own?.size === 1 ? [...own][0] : undefined));
        }
        for (const s of build(inputs).sessions()) {
          expect(s.messages.map((_, k) => accountAt(s, k))).toEqual(s.messages.map((i) => expected.get(s.inputs.seq(i))));
          expect(s.accounts === undefined || s.accounts.length <= s.messages.length).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('timeouts announced do not depend on how the clock was advanced (one jump or many steps)', () => {
    fc.assert(
      fc.property(arbInputs, fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 20 }), (inputs, stepsMin) => {
        const m = build(inputs);
        const start = T0 - MIN;
        const end = start + stepsMin.reduce((a, b) => a + b, 0) * MIN;
        const oneJump = m.timedOutBetween(start, end).map((s) => s.id);
        // The engine's queue, drained in one jump and in steps, announces the same sessions in the same order.
        expect(build(inputs).timeouts.drain(start, end).map((s) => s.id)).toEqual(oneJump);
        const queued = build(inputs);
        const stepped: string[] = [];
        const viaQueue: string[] = [];
        let at = start;
        for (const step of stepsMin) {
          stepped.push(...m.timedOutBetween(at, at + step * MIN).map((s) => s.id));
          viaQueue.push(...queued.timeouts.drain(at, at + step * MIN).map((s) => s.id));
          at += step * MIN;
        }
        expect(stepped).toEqual(oneJump);
        expect(viaQueue).toEqual(oneJump);
        // And the state at the end is the same as read directly.
        const viewsA = querySessions(m, {}, end).map((s) => [s.id, s.state]);
        const viewsB = querySessions(build(inputs), {}, end).map((s) => [s.id, s.state]);
        expect(viewsA).toEqual(viewsB);
      }),
    );
  });

  it('the queue reports a session extended by a later message once, at its new deadline', () => {
    fc.assert(
      fc.property(arbInputs, fc.integer({ min: 1, max: 400 }), (inputs, splitMin) => {
        // Drain up to a moment between messages, then add the rest, then drain to the end.
        const cut = T0 + splitMin * MIN;
        const m = new SessionModel({ timeoutMs: TIMEOUT });
        const before = inputs.filter((i) => i.arrivalMs <= cut);
        const after = inputs.filter((i) => i.arrivalMs > cut);
        before.forEach((i) => m.add(i));
        const announced = m.timeouts.drain(-Infinity, cut).map((s) => s.id);
        after.forEach((i) => m.add(i));
        announced.push(...m.timeouts.drain(cut, Infinity).map((s) => s.id));
        expect(new Set(announced).size).toBe(announced.length);
        // Everything whose final deadline is after the cut is announced exactly once.
        const full = build(inputs);
        const due = [...full.sessions()].filter((s) => full.deadlineOf(s) > cut).map((s) => s.id);
        for (const id of due) expect(announced).toContain(id);
      }),
    );
  });

  it('building incrementally equals building from scratch at every prefix', () => {
    fc.assert(
      fc.property(arbInputs, (inputs) => {
        const m = new SessionModel({ timeoutMs: TIMEOUT });
        inputs.forEach((input, i) => {
          m.add(input);
          if (i % 7 === 0) expect(summary(m)).toEqual(summary(build(inputs.slice(0, i + 1))));
        });
      }),
    );
  });
});
