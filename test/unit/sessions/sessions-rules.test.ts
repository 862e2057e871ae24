// The session model, the rules sessions.test.ts leaves out: the default timeout and its limits,
// the edges of a message that arrives after the timeout (a gap equal to the timeout ends a
// session, whichever side the message is on), the one kind of late message left, ties in time and in deadline, the last user and account of a session, which
// calls pair a user with an account, and the clock queries at a deadline exactly.
// Expected values come from the rules (domain.md "Freshsuccess sessions", the README's Sessions
// section and /api/sessions/settings: 30 minutes, 1 s to 7 days), not from the model's output.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionInput } from '../../../src-shared/sessions/session-input';
import { accountAt, DEFAULT_SESSIONS_SETTINGS, SessionModel, sessionAccount, sessionUserId, TIMEOUT_LIMITS, type Session } from '../../../src-shared/sessions/sessions';

import { build, MIN, msg, T0, TIMEOUT } from './session-fixtures';
const shape = (m: SessionModel) => [...m.sessions()].map((s) => ({ id: s.id, seqs: s.messages.map((i) => s.inputs.seq(i)), late: s.late.map((l) => l.seq) }));

describe('the timeout setting', () => {
  it('defaults to 30 minutes (Freshsuccess) and is bounded to 1 s .. 7 days', () => {
    expect(DEFAULT_SESSIONS_SETTINGS).toEqual({ timeoutMs: 1_800_000 });
    expect(TIMEOUT_LIMITS).toEqual({ minMs: 1_000, maxMs: 604_800_000 });
  });

  it.each([
    ['a gap of 29 min 59 s: one session', 29 + 59 / 60, 1],
    ['a gap of exactly 30 min: two sessions', 30, 2],
  ])('a model built without settings uses the 30-minute timeout: %s', (_label, gapMin, sessions) => {
    const m = SessionModel.from([msg(1, 0), msg(2, gapMin)]);
    expect(m.size.sessions).toBe(sessions);
    const [first] = m.sessions();
    expect(m.deadlineOf(first)).toBe(T0 + (sessions === 1 ? gapMin * MIN : 0) + 30 * MIN);
  });
});

// A server's calls often carry no anonymousId: in no session (Freshsuccess keys sessions by it), but
// counted, so the Sessions tab can say how many of the messages it was given are in none.
describe('messages without an anonymousId', () => {
  it('are counted apart: in no session, not in size', () => {
    const m = build([msg(1, 0), msg(2, 1, { anonymousId: undefined, userId: 'jdoe' }), msg(3, 2, { anonymousId: undefined, type: 'identify', userId: 'jdoe', groupId: 'acme' }), msg(4, 3)]);
    expect(m.messagesWithoutAnonymousId).toBe(2);
    expect(m.size).toEqual({ sessions: 1, messages: 2, anonymousIds: 1 });
    expect(build([msg(1, 0)]).messagesWithoutAnonymousId).toBe(0);
  });
});

describe('size', () => {
  it('counts sessions, messages (late ones included) and anonymousIds', () => {
    // 5 (time 20) arrives at 80, after a#1 [0, 10] and a#2 [45] both timed out: a session of its own.
    const m = build([msg(1, 0), msg(2, 10), msg(3, 45), msg(4, 5, { anonymousId: 'b' }), msg(5, 20, { arrivalMin: 80 })]);
    expect(m.size).toEqual({ sessions: 4, messages: 5, anonymousIds: 2 });
    // One that would join two sessions is counted as a message, in no session.
    const joining = build([msg(1, 0), msg(2, 40, { arrivalMin: 0 }), msg(3, 20, { arrivalMin: 0 })]);
    expect(joining.size).toEqual({ sessions: 2, messages: 3, anonymousIds: 1 });
  });
});

// domain.md: "A message that arrives after the timeout opens a new session for the same
// anonymousId." After the timeout by the clock at its arrival, whatever its own time says.
describe('a message that arrives after the timeout: the edges', () => {
  // A batch of messages dated before the clock, received at once (a mobile library's queue
  // flushed an hour late, as in the audit: clock paused at 12:00, times 10:00 … 11:30): their
  // sessions were never open to the clock, so the messages are placed by their times.
  it('messages received together after their sessions would have timed out make sessions by their times, none late', () => {
    const m = build([msg(1, 0, { arrivalMin: 120 }), msg(2, 10, { arrivalMin: 120 }), msg(3, 35, { arrivalMin: 120 }), msg(4, 55, { arrivalMin: 120 }), msg(5, 90, { arrivalMin: 120 })]);
    expect(shape(m)).toEqual([
      { id: 'a#1', seqs: [1, 2, 3, 4], late: [] },
      { id: 'a#2', seqs: [5], late: [] },
    ]);
  });

  it('such a session takes later arrivals by time too, until the clock passes its deadline after one of them arrived', () => {
    // 1 arrives at 120 (its session never open); 2 (time 10) at 121 joins; the session was then
    // seen with deadline 40 passed, so it stays joinable: 3 (time 20) at 200 joins too.
    const m = build([msg(1, 0, { arrivalMin: 120 }), msg(2, 10, { arrivalMin: 121 }), msg(3, 20, { arrivalMin: 200 })]);
    expect(shape(m)).toEqual([{ id: 'a#1', seqs: [1, 2, 3], late: [] }]);
  });

  it('a session first seen after its deadline, then seen open once a message moved the deadline past its arrival, takes a later arrival by its latest message, not its first', () => {
    // 1 (time 0) arrives at 40, past its deadline 30: never open. 2 (time 29) arrives at 70 and
    // joins (the deadline, now 59, had passed at 1's arrival too). 3 (time 30) arrives at 71: the
    // deadline 59 had passed when 2 arrived, so the session was still never seen open: it joins.
    const m = build([msg(1, 0, { arrivalMin: 40 }), msg(2, 29, { arrivalMin: 70 }), msg(3, 30, { arrivalMin: 71 })]);
    expect(shape(m)).toEqual([{ id: 'a#1', seqs: [1, 2, 3], late: [] }]);
  });

  it('a session whose message arrived exactly at its deadline was never seen open: the next one joins it', () => {
    const m = build([msg(1, 0, { arrivalMin: 30 }), msg(2, 10, { arrivalMin: 31 })]);
    expect(shape(m)).toEqual([{ id: 'a#1', seqs: [1, 2], late: [] }]);
  });

  it('a message dated inside a session that timed out, and less than a timeout before an open one, joins the open one', () => {
    // a#1 [0] seen open, timed out at 30; a#2 [40] open until 70. 3 (time 20) arrives at 41.
    const m = build([msg(1, 0), msg(2, 40), msg(3, 20, { arrivalMin: 41 })]);
    expect(shape(m)).toEqual([
      { id: 'a#1', seqs: [1], late: [] },
      { id: 'a#2', seqs: [3, 2], late: [] },
    ]);
  });

  it('a message exactly the timeout after an earlier session joins the later one, before its first message', () => {
    const m = build([msg(1, 0), msg(2, 40), msg(3, 30, { arrivalMin: 41 })]);
    expect(shape(m)).toEqual([
      { id: 'a#1', seqs: [1], late: [] },
      { id: 'a#2', seqs: [3, 2], late: [] },
    ]);
  });

  it('a session seen open and timed out takes no more: a message dated inside it opens a new session', () => {
    // 1 at 0, 2 (time 5) arrives at 20, before the deadline 35: joins. 3 (time 10) arrives at 40.
    const m = build([msg(1, 0), msg(2, 5, { arrivalMin: 20 }), msg(3, 10, { arrivalMin: 40 }), msg(4, 12, { arrivalMin: 41 })]);
    expect(shape(m)).toEqual([
      { id: 'a#1', seqs: [1, 2], late: [] },
      { id: 'a#2', seqs: [3, 4], late: [] },
    ]);
    const [closed, opened] = m.sessions();
    expect(m.stateAt(closed, T0 + 41 * MIN)).toBe('timedOut');
    // Its deadline is its own last time + the timeout, as for any session: 12 + 30.
    expect(m.deadlineOf(opened)).toBe(T0 + 42 * MIN);
    expect(m.stateAt(opened, T0 + 41 * MIN)).toBe('open');
  });

  it('a message exactly one timeout after the earlier session’s last and before the open one’s first is a session between them, numbered in the order opened', () => {
    const m = build([msg(1, 0), msg(2, 60), msg(3, 30, { arrivalMin: 61 })]);
    expect(shape(m)).toEqual([
      { id: 'a#1', seqs: [1], late: [] },
      { id: 'a#3', seqs: [3], late: [] },
      { id: 'a#2', seqs: [2], late: [] },
    ]);
  });

  it('one minute inside the earlier session’s timeout, after that session timed out: a new session too', () => {
    const m = build([msg(1, 0), msg(2, 60), msg(3, 29, { arrivalMin: 61 })]);
    expect(shape(m)).toEqual([
      { id: 'a#1', seqs: [1], late: [] },
      { id: 'a#3', seqs: [3], late: [] },
      { id: 'a#2', seqs: [2], late: [] },
    ]);
  });

  it('a message exactly one timeout before the open session’s first is a session of its own before it (the gap would equal the timeout)', () => {
    const m = build([msg(1, 60), msg(2, 30, { arrivalMin: 61 })]);
    expect(shape(m)).toEqual([
      { id: 'a#2', seqs: [2], late: [] },
      { id: 'a#1', seqs: [1], late: [] },
    ]);
  });

  it('one minute less than that, it is placed in time order', () => {
    const m = build([msg(1, 60), msg(2, 31, { arrivalMin: 61 })]);
    expect(shape(m)).toEqual([{ id: 'a#1', seqs: [2, 1], late: [] }]);
  });

  it.each([30, 45, 1])('with a timeout of %i min, a message arriving a minute after it opens a new session', (timeoutMin) => {
    const m = build([msg(1, 0), msg(2, 0.5, { arrivalMin: timeoutMin + 1 })], timeoutMin * MIN);
    expect(shape(m)).toEqual([
      { id: 'a#1', seqs: [1], late: [] },
      { id: 'a#2', seqs: [2], late: [] },
    ]);
  });

  // Wherever its time falls, the new session is placed among the others by its time; the
  // deadline's edge: a message that arrives exactly a timeout after the session's last one opens
  // a new session (the session ended then).
  it.each<[string, number, string[]]>([
    ['after its last message', 12, ['a#1', 'a#2']],
    ['between its first and last', 5, ['a#1', 'a#2']],
    ['at its last message', 10, ['a#1', 'a#2']],
    ['at its first message (equal times: open order)', 0, ['a#1', 'a#2']],
    ['before its first message', -5, ['a#2', 'a#1']],
  ])('a message dated %s, arriving after the session timed out, opens a new session there', (_, minutes, order) => {
    const m = build([msg(1, 0), msg(2, 10), msg(3, minutes, { arrivalMin: 40 })]);
    expect(shape(m).map((s) => s.id)).toEqual(order);
    expect(shape(m).find((s) => s.id === 'a#1')).toEqual({ id: 'a#1', seqs: [1, 2], late: [] });
    expect(shape(m).find((s) => s.id === 'a#2')).toEqual({ id: 'a#2', seqs: [3], late: [] });
  });

  it('arriving exactly a timeout after the last message opens a new session; a millisecond before, it joins', () => {
    const opens = build([msg(1, 0), msg(2, 10, { arrivalMs: T0 + 30 * MIN })]);
    expect(shape(opens)).toEqual([
      { id: 'a#1', seqs: [1], late: [] },
      { id: 'a#2', seqs: [2], late: [] },
    ]);
    const joins = build([msg(1, 0), msg(2, 10, { arrivalMs: T0 + 30 * MIN - 1 })]);
    expect(shape(joins)).toEqual([{ id: 'a#1', seqs: [1, 2], late: [] }]);
  });

  it('a session whose first message moves to the same time as an earlier session’s first stays after it (ties keep the order)', () => {
    // a#1 [0] timed out; a#2 [20] opened by a late arrival; 4 (time 0) joins a#2: both begin at 0.
    const m = build([msg(1, 0), msg(2, 40), msg(3, 20, { arrivalMin: 41 }), msg(4, 0, { arrivalMin: 42 })]);
    expect(shape(m).map((s) => s.id)).toEqual(['a#1', 'a#2']);
    expect(shape(m)[1]).toEqual({ id: 'a#2', seqs: [4, 3, 2], late: [] });
  });

  it('ids stay as they were as sessions open before others: a#1 is always the first opened', () => {
    const m = build([msg(1, 100), msg(2, 0, { arrivalMin: 100 }), msg(3, 50, { arrivalMin: 101 })]);
    expect(shape(m)).toEqual([
      { id: 'a#2', seqs: [2], late: [] },
      { id: 'a#3', seqs: [3], late: [] },
      { id: 'a#1', seqs: [1], late: [] },
    ]);
  });

  it('a session whose first message moves earlier stays in time order in its lane', () => {
    // a#1 [0] timed out (seen open); a#2 [20] opened after it by arrival; 4 (time -5) arrives
    // while a#2 is open and is less than a timeout before it: a#2 now begins before a#1.
    const m = build([msg(1, 0), msg(2, 40), msg(3, 20, { arrivalMin: 41 }), msg(4, -5, { arrivalMin: 42 })]);
    expect(shape(m)).toEqual([
      { id: 'a#2', seqs: [4, 3, 2], late: [] },
      { id: 'a#1', seqs: [1], late: [] },
    ]);
  });
});

describe('ties in time keep arrival order', () => {
  it('an out-of-order message equal in time to one already there goes after it', () => {
    // seq 3 has seq 1's time and arrives later: time order, ties by arrival.
    const m = build([msg(1, 0), msg(2, 10), msg(3, 0, { arrivalMin: 11 })]);
    expect(shape(m)).toEqual([{ id: 'a#1', seqs: [1, 3, 2], late: [] }]);
  });

  it('several with one time, arriving out of order among later ones', () => {
    const m = build([msg(1, 5), msg(2, 5), msg(3, 10), msg(4, 5, { arrivalMin: 12 }), msg(5, 0, { arrivalMin: 13 }), msg(6, 5, { arrivalMin: 14 })]);
    expect(shape(m)).toEqual([{ id: 'a#1', seqs: [5, 1, 2, 4, 6, 3], late: [] }]);
  });
});

describe('the last user and account of a session', () => {
  const one = (inputs: SessionInput[]): Session => {
    const m = build(inputs);
    const all = [...m.sessions()];
    expect(all).toHaveLength(1);
    return all[0];
  };
  it.each<[string, SessionInput[], string | undefined, string | undefined]>([
    ['only the first message names a user and an account', [msg(1, 0, { userId: 'u1', groupId: 'g1' }), msg(2, 1)], 'u1', 'g1'],
    ['the last one that names them wins', [msg(1, 0, { userId: 'u1', groupId: 'g1' }), msg(2, 1, { userId: 'u2', groupId: 'g2' }), msg(3, 2)], 'u2', 'g2'],
    ['an anonymous visitor who identifies midway', [msg(1, 0), msg(2, 1, { userId: 'u1' }), msg(3, 2)], 'u1', undefined],
    ['nobody named', [msg(1, 0), msg(2, 1)], undefined, undefined],
    ['only the last message', [msg(1, 0), msg(2, 1, { userId: 'u9', groupId: 'g9' })], 'u9', 'g9'],
  ])('%s', (_label, inputs, userId, account) => {
    const s = one(inputs);
    expect(sessionUserId(s)).toBe(userId);
    expect(sessionAccount(s)).toBe(account);
  });
});

describe('which calls pair a userId with an account (Freshsuccess reads track, identify, group)', () => {
  it.each([
    ['track', 'g1'],
    ['identify', 'g1'],
    ['group', 'g1'],
    ['page', undefined],
    ['screen', undefined],
    ['alias', undefined],
  ])('a %s with userId and groupId, then a track of that userId without groupId: account %s', (type, account) => {
    const m = build([msg(1, 0, { type, userId: 'u', groupId: 'g1', anonymousId: 'x' }), msg(2, 1, { userId: 'u', anonymousId: 'y' })]);
    const lanes = [...m.sessions()];
    expect(lanes.map((s) => s.id)).toEqual(['x#1', 'y#1']);
    expect(accountAt(lanes[1], 0)).toBe(account);
    // The message's own groupId is its account whatever the call.
    expect(accountAt(lanes[0], 0)).toBe('g1');
  });

  it('messages without anonymousId (server-side sends) open no session, but their userId under two groupIds is a conflict, after a re-derive too', () => {
    const inputs = [msg(1, 0, { userId: 'u', groupId: 'g1', anonymousId: '' }), msg(2, 1, { userId: 'u', groupId: 'g2', anonymousId: '' }), msg(3, 2, { userId: 'u', anonymousId: 'x' })];
    const m = build(inputs);
    expect(m.conflicts()).toEqual([{ userId: 'u', accounts: [{ groupId: 'g1', seq: 1 }, { groupId: 'g2', seq: 2 }] }]);
    expect([...m.sessions()].map((s) => s.id)).toEqual(['x#1']);
    expect(m.size).toEqual({ sessions: 1, messages: 1, anonymousIds: 1 });
    // The userId of two accounts determines neither: the session has no account.
    expect(accountAt([...m.sessions()][0], 0)).toBeUndefined();
    const again = SessionModel.from(m.inputs, { timeoutMs: TIMEOUT / 2 });
    expect(again.conflicts()).toEqual(m.conflicts());
    expect(again.size.messages).toBe(1);
  });

  it('a userId paired by identify and then by group with another account is a conflict', () => {
    const m = build([msg(1, 0, { type: 'identify', userId: 'u', groupId: 'g1' }), msg(2, 1, { type: 'group', userId: 'u', groupId: 'g2' })]);
    expect(m.conflicts()).toEqual([{ userId: 'u', accounts: [{ groupId: 'g1', seq: 1 }, { groupId: 'g2', seq: 2 }] }]);
  });
});

describe('a message without groupId from a userId of two accounts has no account (the finding and the sessions agree)', () => {
  // reference/freshsuccess-segment.txt, groupId: "If it does not [accompany every event], then the
  // userId must be globally unique across all accounts, as it will be used to determine the correct
  // groupId". Once a userId is under two groupIds it determines none: the track without groupId
  // gets the warning "cannot be assigned to one account", and its session no account either (it
  // was given the last one seen).
  it('before the conflict the one account; after it none; a message naming its own groupId keeps it', () => {
    const m = build([
      msg(1, 0, { type: 'group', userId: 'u', groupId: 'g1', anonymousId: 'x' }),
      msg(2, 1, { userId: 'u', anonymousId: 'x' }),
      msg(3, 2, { type: 'group', userId: 'u', groupId: 'g2', anonymousId: 'y' }),
      msg(4, 3, { userId: 'u', anonymousId: 'z' }),
      msg(5, 4, { userId: 'u', anonymousId: 'y' }),
    ]);
    const byId = new Map([...m.sessions()].map((s) => [s.id, s]));
    expect(accountAt(byId.get('x#1')!, 1)).toBe('g1'); // one account so far: Freshsuccess can resolve it
    expect(accountAt(byId.get('z#1')!, 0)).toBeUndefined();
    expect(sessionAccount(byId.get('z#1')!)).toBeUndefined();
    expect(accountAt(byId.get('y#1')!, 1)).toBeUndefined();
    expect(sessionAccount(byId.get('y#1')!)).toBe('g2'); // its group call named g2
    expect(m.accounts.lastAccountOf('u')).toBeUndefined();
  });
  it('any order of pairings: a userId-only message gets an account exactly when the userId has had one account so far', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.constantFrom('g1', 'g2', 'g3'), { nil: undefined }), { minLength: 1, maxLength: 12 }), (groups) => {
        const m = build(groups.map((groupId, k) => msg(k + 1, k, { type: 'track', userId: 'u', anonymousId: `a${k}`, ...(groupId ? { groupId } : {}) })));
        const seen: string[] = [];
        groups.forEach((groupId, k) => {
          if (groupId && !seen.includes(groupId)) seen.push(groupId);
          const [s] = m.lanes.get(`a${k}`)!;
          expect(accountAt(s, 0)).toBe(groupId ?? (seen.length === 1 ? seen[0] : undefined));
        });
      }),
    );
  });
});

describe('the clock queries at a deadline exactly', () => {
  // a#1 = [0] (deadline 30), b#1 = [10] (deadline 40).
  const m = build([msg(1, 0), msg(2, 10, { anonymousId: 'b' })]);
  const at = (min: number) => T0 + min * MIN;

  it('nextDeadlineAfter is strictly after the reading', () => {
    expect(m.nextDeadlineAfter(at(29))).toBe(at(30));
    expect(m.nextDeadlineAfter(at(30))).toBe(at(40));
    expect(m.nextDeadlineAfter(at(39))).toBe(at(40));
    expect(m.nextDeadlineAfter(at(40))).toBeUndefined();
    expect(m.nextDeadlineAfter(at(1000))).toBeUndefined();
  });

  it('timedOutBetween takes (from, to]: a deadline equal to `to` counts, one equal to `from` does not', () => {
    const ids = (from: number, to: number) => m.timedOutBetween(at(from), at(to)).map((s) => s.id);
    expect(ids(0, 30)).toEqual(['a#1']);
    expect(ids(30, 40)).toEqual(['b#1']);
    expect(ids(29, 40)).toEqual(['a#1', 'b#1']);
    expect(ids(30, 39)).toEqual([]);
    expect(ids(40, 100)).toEqual([]);
    expect(ids(40, 30)).toEqual([]);
  });

  it('state at the deadline is timed out, a millisecond before it is open', () => {
    const [a] = m.sessions();
    expect(m.stateAt(a, at(30) - 1)).toBe('open');
    expect(m.stateAt(a, at(30))).toBe('timedOut');
  });
});

describe('sessions due at the same moment are announced in id order', () => {
  const ANONS = ['a', 'b', 'c', 'd', 'e'];
  it('whatever order their anonymousIds first appeared in (timedOutBetween and the queue alike)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(ANONS, { minLength: 2 }), (anons) => {
        const inputs = anons.map((anonymousId, i) => msg(i + 1, 0, { anonymousId }));
        const expected = [...anons].sort().map((x) => `${x}#1`);
        expect(build(inputs).timedOutBetween(T0, T0 + TIMEOUT).map((s) => s.id)).toEqual(expected);
        expect(build(inputs).timeouts.drain(T0, T0 + TIMEOUT).map((s) => s.id)).toEqual(expected);
      }),
    );
  });

  it('a tie among sessions of one anonymousId and others: "a#10" sorts before "a#2" as text', () => {
    // Ten sessions of a (each 30 minutes after the last) and one of b: a#10 and b#1 share a deadline.
    const inputs = [...Array.from({ length: 10 }, (_, i) => msg(i + 1, i * 30)), msg(11, 270, { anonymousId: 'b' })];
    const m = build(inputs);
    const due = T0 + 300 * MIN;
    expect(m.timedOutBetween(due - 1, due).map((s) => s.id)).toEqual(['a#10', 'b#1']);
    const reversed = build([inputs[10], ...inputs.slice(0, 10)].map((x, i) => ({ ...x, seq: i + 1 })));
    expect(reversed.timedOutBetween(due - 1, due).map((s) => s.id)).toEqual(['a#10', 'b#1']);
    expect(reversed.timeouts.drain(due - 1, due).map((s) => s.id)).toEqual(['a#10', 'b#1']);
  });
});

describe('a message whose time falls in an earlier session of its anonymousId', () => {
  // The clock at arrival decides lateness (README: "arrives after its session timed out (by the
  // clock at its arrival)"). A message dated ahead of the clock (a client clock ahead, a paused
  // simulation clock behind an SDK's timestamps) begins a later session without any session having
  // timed out by the clock.
  it('joins that session in time order when it had not timed out by the clock at its arrival', () => {
    // a#1 = [0, 10]; a message dated 5 days ahead opens a#2; a message at 15 arrives while the
    // clock still reads 0: a#1 had 25 minutes left.
    const m = build([msg(1, 0), msg(2, 10), msg(3, 5 * 24 * 60, { arrivalMin: 0 }), msg(4, 15, { arrivalMin: 0 })]);
    expect(shape(m)).toEqual([
      { id: 'a#1', seqs: [1, 2, 4], late: [] },
      { id: 'a#2', seqs: [3], late: [] },
    ]);
  });

  it('after its session timed out it opens a new one, also when later sessions exist', () => {
    // a#1 = [0], a#2 = [60], a#3 = [120]; a message at 5 arriving at 130: a#1 timed out long ago.
    const m = build([msg(1, 0), msg(2, 60), msg(3, 120), msg(4, 5, { arrivalMin: 130 })]);
    expect(shape(m)).toEqual([
      { id: 'a#1', seqs: [1], late: [] },
      { id: 'a#4', seqs: [4], late: [] },
      { id: 'a#2', seqs: [2], late: [] },
      { id: 'a#3', seqs: [3], late: [] },
    ]);
  });

  it('one a timeout or more before every session opens a session of its own, first in the lane', () => {
    const m = build([msg(1, 0), msg(2, 60), msg(3, -600, { arrivalMin: 61 })]);
    expect(shape(m)).toEqual([
      { id: 'a#3', seqs: [3], late: [] },
      { id: 'a#1', seqs: [1], late: [] },
      { id: 'a#2', seqs: [2], late: [] },
    ]);
  });

  it('one that would join two sessions is late, and the reason says that rather than a timeout that did not happen', () => {
    // a#1 = [0], a#2 = [40] (dated ahead, the clock at 0); a message at 20 is 20 minutes from each.
    const m = build([msg(1, 0), msg(2, 40, { arrivalMin: 0 }), msg(3, 20, { arrivalMin: 0 })]);
    expect(shape(m)).toEqual([
      { id: 'a#1', seqs: [1], late: [] },
      { id: 'a#2', seqs: [2], late: [3] },
    ]);
    const [late] = [...m.sessions()][1].late;
    expect(late.reason).not.toContain('timed out');
    expect(late.reason).toContain('a#1 and a#2');
  });
});
