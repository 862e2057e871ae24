// What the API and the Sessions view show of the model (view.ts), field by field: a session's view
// at a clock reading, the filters, the totals per user / account / module, the timeline's lanes
// and module segments, and one session's detail. Expected values are worked out by hand from the
// rules (README "Sessions and the simulation clock", the /api/sessions table; domain.md: a gap
// counts toward the earlier message's module, duration = last − first, timeout 30 minutes).
import { describe, expect, it } from 'vitest';
import { SessionInputs, type SessionInput } from '../../../src-shared/sessions/session-input';
import { firstMs, SessionModel } from '../../../src-shared/sessions/sessions';
import { inputFilter, laneSessionOpen, querySessions, SESSION_QUERY_KEYS, sessionDetail, sessionLanes, sessionTotals, sessionView } from '../../../src-shared/sessions/view';

const MIN = 60_000;
const T0 = Date.parse('2026-03-01T10:00:00Z');
const TIMEOUT = 30 * MIN;
const at = (min: number) => T0 + min * MIN;
const isoAt = (min: number) => new Date(at(min)).toISOString();

function msg(seq: number, minutes: number, o: Partial<SessionInput> & { arrivalMin?: number } = {}): SessionInput {
  const { arrivalMin, ...rest } = o;
  return { seq, anonymousId: 'a', type: 'track', feature: 'F', timeMs: at(minutes), timeSource: 'originalTimestamp', arrivalMs: at(arrivalMin ?? minutes), endpoint: '/v1/track', ...rest };
}
const build = (inputs: SessionInput[], timeoutMs = TIMEOUT) => SessionModel.from(inputs, { timeoutMs });

// a#1: 0..20 (u1 of g1, Billing then Reports), a#2: 60 (u2, no account), b#1: 10 (anonymous page),
// c#1: 15..18 (u3 of g2 by groupId, then u1 without groupId -> g1 as the last account of u1).
const INPUTS: SessionInput[] = [
  msg(1, 0, { type: 'identify', feature: '(identify)', userId: 'u1', groupId: 'g1', endpoint: '/v1/identify' }),
  msg(2, 5, { feature: 'Open invoice', module: 'Billing', userId: 'u1' }),
  msg(3, 10, { anonymousId: 'b', type: 'page', feature: '(page)', endpoint: '/webhook/pf' }),
  msg(4, 12, { feature: 'Pay', module: 'Billing' }),
  msg(5, 15, { anonymousId: 'c', feature: 'Export', module: 'Reports', userId: 'u3', groupId: 'g2', writeKeyFingerprint: 'fp-one' }),
  msg(6, 18, { anonymousId: 'c', feature: 'Export', module: 'Reports', userId: 'u1', writeKeyFingerprint: 'fp-two' }),
  msg(7, 20, { feature: 'Export', module: 'Reports' }),
  msg(8, 60, { feature: 'Open invoice', module: 'Reports', userId: 'u2' }),
  msg(9, 7, { arrivalMin: 61 }), // a#1 timed out at 50: a#3, a session of its own (placed by its time)
];

describe('a session’s view at a clock reading', () => {
  const m = build(INPUTS);
  const byId = (id: string) => [...m.sessions()].find((s) => s.id === id)!;

  it('a timed-out session: times, deadline, module and feature times, last user and account; no countdown', () => {
    expect(sessionView(m, byId('a#1'), at(70))).toEqual({
      id: 'a#1',
      anonymousId: 'a',
      state: 'timedOut',
      start: isoAt(0),
      end: isoAt(20),
      startMs: at(0),
      endMs: at(20),
      durationMs: 20 * MIN,
      timeoutAt: isoAt(50),
      timeoutAtMs: at(50),
      moduleTimes: [
        { key: '(no module)', ms: 5 * MIN },
        { key: 'Billing', ms: 15 * MIN },
        { key: 'Reports', ms: 0 },
      ],
      featureTimes: [
        { key: '(identify)', ms: 5 * MIN },
        { key: 'Open invoice', ms: 7 * MIN },
        { key: 'Pay', ms: 8 * MIN },
        { key: 'Export', ms: 0 },
      ],
      userId: 'u1',
      account: 'g1',
      messageSeqs: [1, 2, 4, 7],
      late: [],
      // Message 9 arrived after its deadline and found it so: it opened a#3.
      closed: true,
    });
  });

  it('a late message (one that would join two open sessions) is listed on the later session, with its times and why', () => {
    // a#2 is dated ahead of the clock (arrives at 0), so both are open when 3, 20 minutes from each, arrives.
    const joining = build([msg(1, 0), msg(2, 40, { arrivalMin: 0 }), msg(3, 20, { arrivalMin: 1 })]);
    const [first, second] = joining.sessions();
    expect(sessionView(joining, first, at(2)).late).toEqual([]);
    expect(sessionView(joining, second, at(2))).toMatchObject({
      id: 'a#2',
      state: 'open',
      messageSeqs: [2],
      late: [{ seq: 3, timeMs: at(20), arrivalMs: at(1), sessionId: 'a#2', reason: 'its time is less than the timeout from both a#1 and a#2: it would join them into one session, and sessions are not merged' }],
    });
    expect(sessionLanes(joining)[0].sessions.map((s) => [s.id, s.lateCount])).toEqual([
      ['a#1', 0],
      ['a#2', 1],
    ]);
  });

  it('laneSessionOpen: open before its deadline unless a message found it timed out', () => {
    const m2 = build([msg(1, 0), msg(2, 10, { arrivalMin: 40 })]);
    const [closed, opened] = sessionLanes(m2)[0].sessions;
    // The new session a#2 (time 10) is open until 40; a#1 (closed) reads timed out before its deadline 30 too.
    expect([at(5), at(39) + 59_999, at(40)].map((now) => laneSessionOpen(opened, now))).toEqual([true, true, false]);
    expect([at(5), at(29)].map((now) => laneSessionOpen(closed, now))).toEqual([false, false]);
    // Each lane session agrees with the model's state at any reading.
    for (const now of [at(0), at(29), at(30), at(39), at(40), at(41)]) {
      expect(sessionLanes(m2)[0].sessions.map((s) => laneSessionOpen(s, now))).toEqual([...m2.sessions()].map((s) => m2.stateAt(s, now) === 'open'));
    }
  });

  it('a session a message found timed out stays timed out, even at a reading before its deadline (the clock set back)', () => {
    const m2 = build([msg(1, 0), msg(2, 10, { arrivalMin: 40 })]);
    const [closed, opened] = m2.sessions();
    expect(sessionView(m2, closed, at(5)).state).toBe('timedOut');
    expect(sessionView(m2, opened, at(5)).state).toBe('open');
    expect(sessionLanes(m2)[0].sessions.map((s) => [s.id, s.closed])).toEqual([
      ['a#1', true],
      ['a#2', undefined],
    ]);
  });

  it('an open session has remainingMs = deadline − now; no user or account: the keys are absent', () => {
    const v = sessionView(m, byId('b#1'), at(25));
    expect(v).toMatchObject({ state: 'open', timeoutAtMs: at(40), remainingMs: 15 * MIN, durationMs: 0, messageSeqs: [3] });
    expect('userId' in v).toBe(false);
    expect('account' in v).toBe(false);
    expect('remainingMs' in sessionView(m, byId('b#1'), at(40))).toBe(false);
    expect(sessionView(m, byId('b#1'), at(40)).state).toBe('timedOut');
  });

  it('the account of a message without groupId is the last account seen for its userId', () => {
    expect(sessionView(m, byId('c#1'), at(20))).toMatchObject({ userId: 'u1', account: 'g1' });
    expect(sessionView(m, byId('a#2'), at(61))).toMatchObject({ userId: 'u2', state: 'open', remainingMs: 29 * MIN });
    expect('account' in sessionView(m, byId('a#2'), at(61))).toBe(false);
  });

  it('a time outside the Date range is shown in the same ISO form, never an exception (it was its number, 9000000000000000)', () => {
    const big = build([{ ...msg(1, 0), timeMs: 9e15, arrivalMs: 9e15 }]);
    const [s] = big.sessions();
    const v = sessionView(big, s, 0);
    // 9e15 ms is 104,166,666 days and 16 h after 1970-01-01: in the year 287168.
    expect(v.start).toBe('+287168-08-24T16:00:00.000Z');
    expect(v.end).toBe('+287168-08-24T16:00:00.000Z');
    expect(v.timeoutAt).toBe('+287168-08-24T16:30:00.000Z');
    expect(TIMEOUT).toBe(30 * MIN);
    expect(v.state).toBe('open');
  });
});

describe('querySessions: filters, order and limit', () => {
  const m = build(INPUTS);
  const ids = (q: Parameters<typeof querySessions>[1], nowMin = 70) => querySessions(m, q, at(nowMin)).map((v) => v.id);

  it('newest first by last message time', () => {
    // Last messages: a#2 60, a#1 20, c#1 18, b#1 10, a#3 7.
    expect(ids({})).toEqual(['a#2', 'a#1', 'c#1', 'b#1', 'a#3']);
  });

  it('ties in last message time by id', () => {
    const tied = build([msg(1, 5, { anonymousId: 'z' }), msg(2, 5, { anonymousId: 'm' }), msg(3, 5, { anonymousId: 'q' }), msg(4, 1, { anonymousId: 'y' })]);
    expect(querySessions(tied, {}, at(6)).map((v) => v.id)).toEqual(['m#1', 'q#1', 'z#1', 'y#1']);
  });

  it.each<[string, Parameters<typeof querySessions>[1], number, string[]]>([
    ['anonymousId', { anonymousId: 'a' }, 70, ['a#2', 'a#1', 'a#3']],
    ['an anonymousId never seen', { anonymousId: 'nobody' }, 70, []],
    ['userId: any message of the session', { userId: 'u1' }, 70, ['a#1', 'c#1']],
    ['userId of a later message only', { userId: 'u3' }, 70, ['c#1']],
    ['groupId: any message’s account (by groupId or by the userId’s last account)', { groupId: 'g1' }, 70, ['a#1', 'c#1']],
    ['groupId g2', { groupId: 'g2' }, 70, ['c#1']],
    // At minute 45: c#1's deadline is 48; b#1's was 40, a#3's 37; a#1 was found timed out by
    // message 9 (it arrived at 61), so it reads timed out at any reading.
    ['state open at minute 45', { state: 'open' }, 45, ['a#2', 'c#1']],
    ['state timed out at minute 45', { state: 'timedOut' }, 45, ['a#1', 'b#1', 'a#3']],
    ['state open at minute 70', { state: 'open' }, 70, ['a#2']],
    ['limit 2', { limit: 2 }, 70, ['a#2', 'a#1']],
    ['limit 0', { limit: 0 }, 70, []],
    ['filters combine', { userId: 'u1', groupId: 'g1', state: 'timedOut', limit: 1 }, 70, ['a#1']],
  ])('%s', (_label, q, nowMin, expected) => {
    expect(ids(q, nowMin)).toEqual(expected);
  });

  it('the views are read at the reading given', () => {
    const [v] = querySessions(m, { anonymousId: 'b' }, at(12));
    expect(v).toMatchObject({ id: 'b#1', state: 'open', remainingMs: 28 * MIN });
  });
});

describe('inputFilter: the message-level filters', () => {
  const sample = (o: Partial<SessionInput>) => msg(1, 0, o);
  it('no message-level filter: none at all', () => {
    expect(inputFilter({})).toBeUndefined();
    expect(inputFilter({ freshsuccessOnly: false })).toBeUndefined();
  });
  it.each<[string, Parameters<typeof inputFilter>[0], Partial<SessionInput>, boolean]>([
    ['freshsuccessOnly keeps track', { freshsuccessOnly: true }, { type: 'track' }, true],
    ['freshsuccessOnly keeps identify', { freshsuccessOnly: true }, { type: 'identify' }, true],
    ['freshsuccessOnly keeps group', { freshsuccessOnly: true }, { type: 'group' }, true],
    ['freshsuccessOnly drops page', { freshsuccessOnly: true }, { type: 'page' }, false],
    ['freshsuccessOnly drops alias', { freshsuccessOnly: true }, { type: 'alias' }, false],
    ['freshsuccessOnly false keeps page (with another filter)', { freshsuccessOnly: false, endpoint: '/v1/page' }, { type: 'page', endpoint: '/v1/page' }, true],
    ['endpoint equal', { endpoint: '/v1/batch' }, { endpoint: '/v1/batch' }, true],
    ['endpoint different', { endpoint: '/v1/batch' }, { endpoint: '/v1/track' }, false],
    ['writeKey taken for a fingerprint', { writeKey: 'fp-one' }, { writeKeyFingerprint: 'fp-one' }, true],
    ['writeKey, another fingerprint', { writeKey: 'fp-one' }, { writeKeyFingerprint: 'fp-two' }, false],
    ['writeKey, a message without one', { writeKey: 'fp-one' }, {}, false],
    ['writeKey with the engine’s fingerprints: any of them', { writeKey: 'secret', writeKeyFingerprints: ['fp-one', 'fp-two'] }, { writeKeyFingerprint: 'fp-two' }, true],
    ['writeKey with fingerprints: the key itself is not one', { writeKey: 'secret', writeKeyFingerprints: ['fp-one'] }, { writeKeyFingerprint: 'secret' }, false],
    ['all three, all met', { freshsuccessOnly: true, endpoint: '/v1/batch', writeKey: 'fp-one' }, { type: 'group', endpoint: '/v1/batch', writeKeyFingerprint: 'fp-one' }, true],
    ['all three, the endpoint not', { freshsuccessOnly: true, endpoint: '/v1/batch', writeKey: 'fp-one' }, { type: 'group', endpoint: '/v1/group', writeKeyFingerprint: 'fp-one' }, false],
    ['all three, the type not', { freshsuccessOnly: true, endpoint: '/v1/batch', writeKey: 'fp-one' }, { type: 'screen', endpoint: '/v1/batch', writeKeyFingerprint: 'fp-one' }, false],
  ])('%s', (_label, q, input, kept) => {
    const f = inputFilter(q);
    expect(f).toBeDefined();
    expect(f!(SessionInputs.of([msg(1, 0), sample(input)]), 1)).toBe(kept);
  });

  it('the query keys the API accepts', () => {
    expect([...SESSION_QUERY_KEYS]).toEqual(['anonymousId', 'userId', 'groupId', 'state', 'freshsuccessOnly', 'endpoint', 'writeKey', 'limit']);
  });
});

describe('sessionTotals', () => {
  it('per user, per account (the session’s last), per module; most time first, ties by key', () => {
    const t = sessionTotals(build(INPUTS));
    // a#1: 20 min, u1, g1, modules (no module) 5, Billing 15, Reports 0. a#2: 0 min, u2, no account,
    // Reports 0. b#1: 0 min, anonymous, no account, (no module) 0. c#1: 3 min, u1, g1, Reports 3.
    // a#3 (message 9, which arrived after a#1 timed out): 0 min, anonymous, no account.
    expect(t.byUser).toEqual([
      { key: 'u1', sessions: 2, timeMs: 23 * MIN },
      { key: '(anonymous)', sessions: 2, timeMs: 0 },
      { key: 'u2', sessions: 1, timeMs: 0 },
    ]);
    expect(t.byAccount).toEqual([
      { key: 'g1', sessions: 2, timeMs: 23 * MIN },
      { key: '(no account)', sessions: 3, timeMs: 0 },
    ]);
    // "(no module)" counts only where time was spent in it (a#1's 5 minutes, not b#1's 0).
    expect(t.byModule).toEqual([
      { key: 'Billing', sessions: 1, timeMs: 15 * MIN },
      { key: '(no module)', sessions: 1, timeMs: 5 * MIN },
      { key: 'Reports', sessions: 3, timeMs: 3 * MIN },
    ]);
    expect(t.conflicts).toEqual([]);
  });

  it('equal times sort by key; conflicts are the model’s', () => {
    const m = build([
      msg(1, 0, { anonymousId: 'x', userId: 'zed', groupId: 'g2', module: 'M2' }),
      msg(2, 4, { anonymousId: 'x', userId: 'zed' }),
      msg(3, 0, { anonymousId: 'y', userId: 'amy', groupId: 'g1', module: 'M1' }),
      msg(4, 4, { anonymousId: 'y', userId: 'amy', groupId: 'g3' }),
    ]);
    const t = sessionTotals(m);
    expect(t.byUser.map((x) => x.key)).toEqual(['amy', 'zed']);
    expect(t.byAccount.map((x) => [x.key, x.timeMs])).toEqual([
      ['g2', 4 * MIN],
      ['g3', 4 * MIN],
    ]);
    // The last messages have no module and no time after them: "(no module)" is left out.
    expect(t.byModule.map((x) => [x.key, x.timeMs])).toEqual([
      ['M1', 4 * MIN],
      ['M2', 4 * MIN],
    ]);
    expect(t.conflicts).toEqual([{ userId: 'amy', accounts: [{ groupId: 'g1', seq: 3 }, { groupId: 'g3', seq: 4 }] }]);
  });
});

describe('sessionLanes: the timeline', () => {
  it('module segments merge consecutive gaps of one module; zero-length gaps make none', () => {
    const m = build([
      msg(1, 0, { module: 'A' }),
      msg(2, 2, { module: 'A' }),
      msg(3, 5, { module: 'B' }),
      msg(4, 5, { module: 'B' }), // zero gap after 3
      msg(5, 9, { module: 'A', userId: 'u' }),
      msg(6, 9), // zero gap after 5
      msg(7, 12, { module: 'A' }),
      msg(8, 14),
    ]);
    expect(sessionLanes(m)).toEqual([
      {
        anonymousId: 'a',
        sessions: [
          {
            id: 'a#1',
            startMs: at(0),
            endMs: at(14),
            timeoutAtMs: at(44),
            segments: [
              [at(0), at(5), 'A'],
              [at(5), at(9), 'B'],
              [at(9), at(12), '(no module)'],
              [at(12), at(14), 'A'],
            ],
            lateCount: 0,
            messageCount: 8,
            userId: 'u',
          },
        ],
      },
    ]);
  });

  it('a zero-length gap of another module in between does not split a module’s segment', () => {
    const m = build([msg(1, 0, { module: 'A' }), msg(2, 3, { module: 'B' }), msg(3, 3, { module: 'A' }), msg(4, 6)]);
    expect(sessionLanes(m)[0].sessions[0].segments).toEqual([[at(0), at(6), 'A']]);
  });

  it('lanes most recently active first (ties by anonymousId); late counts; no userId key for an anonymous session', () => {
    const lanes = sessionLanes(build(INPUTS));
    expect(lanes.map((l) => [l.anonymousId, l.sessions.map((s) => [s.id, s.messageCount, s.lateCount])])).toEqual([
      [
        'a',
        [
          ['a#1', 4, 0],
          ['a#3', 1, 0],
          ['a#2', 1, 0],
        ],
      ],
      ['c', [['c#1', 2, 0]]],
      ['b', [['b#1', 1, 0]]],
    ]);
    expect(lanes[2].sessions[0]).toStrictEqual({ id: 'b#1', startMs: at(10), endMs: at(10), timeoutAtMs: at(40), segments: [], lateCount: 0, messageCount: 1 });
    const tied = sessionLanes(build([msg(1, 3, { anonymousId: 'q' }), msg(2, 3, { anonymousId: 'd' }), msg(3, 3, { anonymousId: 'k' })]));
    expect(tied.map((l) => l.anonymousId)).toEqual(['d', 'k', 'q']);
  });
});

describe('sessionDetail', () => {
  const m = build(INPUTS);
  it('its view and its messages in time order, the account where known and the gap after each but the last', () => {
    const d = sessionDetail(m, 'c#1', at(20))!;
    expect(d.session).toEqual(sessionView(m, [...m.sessions()].find((s) => s.id === 'c#1')!, at(20)));
    expect(d.messages).toEqual([
      { ...INPUTS[4], account: 'g2', gapAfterMs: 3 * MIN },
      { ...INPUTS[5], account: 'g1' },
    ]);
  });

  it('a message without an account has no account key', () => {
    const d = sessionDetail(m, 'b#1', at(20))!;
    expect(d.messages).toEqual([{ ...INPUTS[2] }]);
    expect('account' in d.messages[0]).toBe(false);
    expect('gapAfterMs' in d.messages[0]).toBe(false);
  });

  it('the second session of an anonymousId, and anonymousIds holding "#"', () => {
    expect(sessionDetail(m, 'a#2', at(70))!.messages.map((x) => x.seq)).toEqual([8]);
    const hashed = build([msg(1, 0, { anonymousId: 'team#4' }), msg(2, 1, { anonymousId: 'team#4' })]);
    expect(sessionDetail(hashed, 'team#4#1', at(2))!.messages.map((x) => [x.seq, x.gapAfterMs])).toEqual([
      [1, MIN],
      [2, undefined],
    ]);
  });

  it('a session opened by a message that arrived after an earlier one timed out names that one; others name none', () => {
    // a#3 is message 9 (time 7, inside a#1's span) that arrived at 61, after a#1's deadline 50.
    expect(sessionDetail(m, 'a#3', at(70))!.openedAfterTimeoutOf).toEqual(['a#1']);
    for (const id of ['a#1', 'a#2', 'b#1', 'c#1']) expect('openedAfterTimeoutOf' in sessionDetail(m, id, at(70))!).toBe(false);
    // A message a timeout or more from the timed-out session (a plain next session) names none.
    const next = build([msg(1, 0), msg(2, 31, { arrivalMin: 31 })]);
    expect('openedAfterTimeoutOf' in sessionDetail(next, 'a#2', at(40))!).toBe(false);
    // One less than the timeout before the first message of a session that timed out names it.
    const before = build([msg(1, 0), msg(2, -29, { arrivalMin: 31 })]);
    expect(sessionDetail(before, 'a#2', at(40))!.openedAfterTimeoutOf).toEqual(['a#1']);
    // The edges of "within a timeout": exactly a timeout before the closed session's first, or
    // after its last, is a new session anyway and names none.
    const atFirstEdge = build([msg(1, 30), msg(2, 40, { arrivalMin: 61 }), msg(3, 0, { arrivalMin: 62 })]);
    expect(sessionDetail(atFirstEdge, 'a#2', at(70))!.openedAfterTimeoutOf).toEqual(['a#1']);
    expect('openedAfterTimeoutOf' in sessionDetail(atFirstEdge, 'a#3', at(70))!).toBe(false);
    const atLastEdge = build([msg(1, 0), msg(2, -20, { arrivalMin: 31 }), msg(3, 30, { arrivalMin: 32 })]);
    expect(sessionDetail(atLastEdge, 'a#2', at(40))!.openedAfterTimeoutOf).toEqual(['a#1']);
    expect('openedAfterTimeoutOf' in sessionDetail(atLastEdge, 'a#3', at(40))!).toBe(false);
    // Read off the message that opened it (the first to arrive), not one that joined later.
    const joined = build([msg(1, 0), msg(2, 10, { arrivalMin: 31 }), msg(3, 35, { arrivalMin: 32 })]);
    expect(sessionDetail(joined, 'a#2', at(40))!.messages.map((x) => x.seq)).toEqual([2, 3]);
    expect(sessionDetail(joined, 'a#2', at(40))!.openedAfterTimeoutOf).toEqual(['a#1']);
    // One arriving before the earlier one timed out (dated ahead of it) names none.
    const ahead = build([msg(1, 0), msg(2, 40, { arrivalMin: 1 })]);
    expect('openedAfterTimeoutOf' in sessionDetail(ahead, 'a#2', at(40))!).toBe(false);
  });

  it('a session that began because its anonymousId was silent for the timeout or longer names the one before it, its last message and the gap', () => {
    // a#1: 0..20, then nothing for 40 minutes: a#2 at 60 began after a#1 had timed out (at 50).
    expect(sessionDetail(m, 'a#2', at(70))!.beganAfterGap).toEqual({ after: 'a#1', lastMs: at(20), gapMs: 40 * MIN, timeoutMs: TIMEOUT });
    // The first session of a lane, and one opened by a late arrival (a#3, which names a#1 its own way), name none.
    for (const id of ['a#1', 'a#3', 'b#1', 'c#1']) expect('beganAfterGap' in sessionDetail(m, id, at(70))!).toBe(false);
    // Exactly the timeout: the gap ends the session (a gap equal to the timeout is a timeout).
    const edge = build([msg(1, 0), msg(2, 30, { arrivalMin: 30 })]);
    expect(sessionDetail(edge, 'a#2', at(40))!.beganAfterGap).toEqual({ after: 'a#1', lastMs: at(0), gapMs: 30 * MIN, timeoutMs: TIMEOUT });
    // Imported together (out of order by minutes, a 35-minute gap): the session before it in time, not in arrival.
    const imported = build([msg(1, 50, { arrivalMin: 60 }), msg(2, 2, { arrivalMin: 60 }), msg(3, 0, { arrivalMin: 60 }), msg(4, 5, { arrivalMin: 60 }), msg(5, 40, { arrivalMin: 60 })]);
    const later = [...imported.sessions()].find((s) => firstMs(s) === at(40))!;
    expect(sessionDetail(imported, later.id, at(90))!.beganAfterGap).toEqual({ after: [...imported.sessions()].find((s) => firstMs(s) === at(0))!.id, lastMs: at(5), gapMs: 35 * MIN, timeoutMs: TIMEOUT });
  });

  it('an unknown id: null', () => {
    expect(sessionDetail(m, 'a#4', at(70))).toBeNull();
    expect(sessionDetail(m, 'zz#1', at(70))).toBeNull();
    expect(sessionDetail(m, 'a', at(70))).toBeNull();
  });
});

// The Sessions tab's user filter: its lanes, count and totals keep the sessions GET /api/sessions?userId=
// lists (a session any of whose messages carries it), where the lanes and totals took no such filter.
describe('the session-level filters on the lanes and the totals', () => {
  const m = build(INPUTS);
  const now = at(200);
  it('a userId keeps the sessions the list keeps, lane by lane, and only lanes left with one', () => {
    const listed = querySessions(m, { userId: 'u1' }, now).map((s) => s.id).sort();
    expect(listed).toEqual(['a#1', 'c#1']);
    const lanes = sessionLanes(m, { userId: 'u1' }, now);
    expect(lanes.flatMap((l) => l.sessions.map((s) => s.id)).sort()).toEqual(listed);
    expect(lanes.map((l) => l.anonymousId).sort()).toEqual(['a', 'c']);
    expect(sessionLanes(m, { userId: 'nobody' }, now)).toEqual([]);
    // No filter: every session, as before.
    expect(sessionLanes(m).flatMap((l) => l.sessions).length).toBe(m.size.sessions);
  });
  it('the totals count only the filtered sessions, and the user’s account conflicts only', () => {
    const t = sessionTotals(m, { userId: 'u2' }, now);
    expect(t.byUser).toEqual([{ key: 'u2', sessions: 1, timeMs: 0 }]);
    expect(t.byModule.map((x) => x.key)).toEqual(['Reports']);
    expect(sessionTotals(m, { userId: 'u1' }, now).byUser.map((x) => [x.key, x.sessions])).toEqual([
      ['u1', 2],
    ]);
    expect(sessionTotals(m, { userId: 'nobody' }, now)).toEqual({ byUser: [], byAccount: [], byModule: [], conflicts: [] });
  });
});
