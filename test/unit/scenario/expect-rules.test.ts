// Expectations, the cases expect.test.ts leaves out: the defaults of each kind (at least one
// message, no findings), what "none" means for drop reasons, which findings count, every field a
// session expectation can name, and the structured expected/actual a report diffs.
import { describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../../src-shared/capture';
import { deliveryWhy, earlierMatchingNote, matchedList, ordinal, expectConflicts, filterAsMatch, expectDelivery, expectDropReasons, expectFindings, expectMessages, expectSession, expectSessionCounts } from '../../../src-shared/scenario/expect';
import { formatDiff } from '../../../src-shared/scenario/report';
import type { SessionView } from '../../../src-shared/sessions/view';
import type { ExpectSpec } from '../../../src-shared/scenario/types';
import type { Finding } from '../../../src-shared/validate/finding';

type FindingsSpec = NonNullable<ExpectSpec['findings']>;

const MIN = 60_000;
const view = (over: Partial<SessionView> = {}): SessionView => ({
  id: 'v#2', anonymousId: 'v', state: 'open', start: '', end: '', startMs: 0, endMs: 90 * MIN, durationMs: 90 * MIN, timeoutAt: '', timeoutAtMs: 120 * MIN,
  moduleTimes: [{ key: 'Billing', ms: 60 * MIN }, { key: 'Reports', ms: 30 * MIN }], featureTimes: [{ key: 'Opened', ms: 90 * MIN }], messageSeqs: [1, 2], late: [], ...over,
});
const captured = (over: Partial<CapturedMessage>): CapturedMessage => ({ seq: 1, requestId: 'r', receivedAt: '', origin: { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none' }, headers: {}, message: {}, messageIdAssigned: false, dropReasons: [], findings: [], ...over });
const finding = (over: Partial<Finding>): Finding => ({ severity: 'warning', path: 'p', rule: 'r', message: 'm', profile: 'segment', ...over });

describe('messages', () => {
  it.each([
    // count is exact
    [{ count: 0 }, 0, true],
    [{ count: 2 }, 3, false],
    [{ count: 2 }, 1, false],
    // atLeast, by default one
    [{}, 1, true],
    [{}, 5, true],
    [{}, 0, false],
    [{ atLeast: 0 }, 0, true],
    [{ atLeast: 3 }, 2, false],
    [{ atLeast: 3 }, 4, true],
  ])('%j with %i matching: %s', (spec, matching, passed) => expect(expectMessages(spec, matching, []).passed).toBe(passed));

  it('says which messages, and gives near misses only when there are too few', () => {
    const near = ['#1: event is "A"', '#2: event is "B"', '#3: event is "C"', '#4: event is "D"'];
    const tooFew = expectMessages({ count: 2, filter: { type: 'track', profile: 'segment' } }, 1, near);
    expect(tooFew).toMatchObject({ kind: 'messages', passed: false });
    expect(tooFew.message).toBe('expected 2 messages with type=track, profile=segment, got 1; nearest: #1: event is "A"; #2: event is "B"; #3: event is "C"');
    expect(expectMessages({ count: 2 }, 3, near).message).toBe('expected 2 messages, got 3');
    expect(expectMessages({ count: 2 }, 2, near).message).toBe('2 messages');
    expect(expectMessages({ atLeast: 2 }, 1, near).message).toContain('; nearest: #1');
    expect(expectMessages({ atLeast: 2 }, 1, []).message).toBe('expected at least 2 messages, got 1');
    expect(expectMessages({ match: { event: 'E' } }, 4, []).message).toBe('4 messages matching {"event":"E"} (at least 1)');
    // a sentence, no structured values to diff
    expect(expectMessages({ count: 2 }, 1, [])).not.toHaveProperty('diff');
    expect(expectMessages({ count: 2 }, 1, [])).not.toHaveProperty('expected');
  });
});

describe('a filter that finds too few', () => {
  it('a /regex/ as a filter value says filters are exact and a regex goes in match', () => {
    expect(expectMessages({ filter: { event: '/tour_.*/' }, count: 1 }, 0, []).message).toBe(
      'expected 1 message with event=/tour_.*/, got 0; filter values are exact: event "/tour_.*/" is not read as a regex (a /regex/ goes in match: { event: "/tour_.*/" })',
    );
    // An endpoint or a text search may well be written between slashes.
    expect(expectMessages({ filter: { endpoint: '/v1/import/' }, count: 1 }, 0, []).message).toBe('expected 1 message with endpoint=/v1/import/, got 0');
  });

  it('the filter\'s message fields, as a partial message, for the nearest misses', () => {
    expect(filterAsMatch({ event: 'Opened', userId: 9, endpoint: '/v1/t', hasProblems: true, anonymousId: '/a.*/' })).toEqual({ event: 'Opened', userId: '9' });
    expect(filterAsMatch({ endpoint: '/v1/t' })).toBeUndefined();
  });
});

describe('drop reasons', () => {
  const a = captured({ seq: 1, dropReasons: [{ code: 'missing-identity', message: 'x' }, { code: 'missing-event', message: 'y' }] });
  const b = captured({ seq: 2, dropReasons: [{ code: 'missing-identity', message: 'x' }] });
  const clean = captured({ seq: 3 });

  it.each([
    // the codes named must all be there; others may be too
    [{ codes: ['missing-identity'] }, [a], true],
    [{ codes: ['missing-event', 'missing-identity'] }, [b, a], true],
    [{ codes: ['missing-event'] }, [b], false],
    [{ codes: ['missing-identity', 'duplicate-message-id'] }, [a], false],
    // none, or an empty list: no message would be dropped
    [{ none: true }, [clean], true],
    [{ none: true }, [clean, b], false],
    [{ codes: [] }, [clean], true],
    [{ codes: [] }, [b], false],
    [{ none: true }, [], true],
    // no codes and not none: nothing is required
    [{}, [clean], true],
    [{ step: 's' }, [a], true],
  ])('%j over %#: %s', (spec, messages, passed) => expect(expectDropReasons(spec, messages).passed).toBe(passed));

  it('expected and actual are sorted sets of codes, scoped to the step when it names one', () => {
    const r = expectDropReasons({ step: 's1', codes: ['missing-identity', 'duplicate-message-id'] }, [b, a, b]);
    expect(r).toMatchObject({ passed: false, expected: ['duplicate-message-id', 'missing-identity'], actual: ['missing-event', 'missing-identity'] });
    expect(r.message).toBe('expected drop reasons duplicate-message-id, missing-identity on the messages of step "s1"; missing duplicate-message-id');
    expect(r.diff).toBeDefined();
    const none = expectDropReasons({ none: true }, [a]);
    expect(none).toMatchObject({ passed: false, expected: [], actual: ['missing-event', 'missing-identity'] });
    expect(none.message).toBe('expected Segment to keep the messages, but it would drop them: missing-event, missing-identity');
    expect(expectDropReasons({ none: true, step: 'x' }, [clean]).message).toBe('Segment would keep the messages of step "x"');
    const passed = expectDropReasons({ codes: ['missing-identity'] }, [a]);
    expect(passed.message).toBe('the messages carry drop reasons missing-identity');
    expect(passed).not.toHaveProperty('diff');
  });
});

describe('findings', () => {
  const m1 = captured({ findings: [finding({ rule: 'b.rule', profile: 'provesource', severity: 'error' }), finding({ rule: 'a.rule', profile: 'provesource' })] });
  const m2 = captured({ findings: [finding({ rule: 'c.rule', profile: 'produktly', severity: 'info' }), finding({ rule: 'a.rule', profile: 'provesource' })] });

  it.each([
    // count, by default 0, over the profile and severity asked for (all when not named)
    [{}, [captured({})], true],
    [{}, [m1], false],
    [{ count: 4 }, [m1, m2], true],
    [{ count: 3 }, [m1, m2], false],
    [{ profile: 'provesource', count: 3 }, [m1, m2], true],
    [{ profile: 'produktly', count: 1 }, [m1, m2], true],
    [{ severity: 'warning', count: 2 }, [m1, m2], true],
    [{ severity: 'error', count: 1 }, [m1, m2], true],
    [{ profile: 'produktly', severity: 'warning', count: 0 }, [m1, m2], true],
    [{ profile: 'provesource', severity: 'warning', count: 2 }, [m1, m2], true],
    // rules: each named rule found at least once (count ignored)
    [{ rules: ['a.rule', 'b.rule'] }, [m1], true],
    [{ rules: ['a.rule', 'c.rule'] }, [m1], false],
    [{ rules: ['c.rule'], profile: 'provesource' }, [m1, m2], false],
    [{ rules: ['b.rule'], severity: 'warning' }, [m1, m2], false],
    [{ rules: [] }, [], true],
  ] as [FindingsSpec, CapturedMessage[], boolean][])('%j: %s', (spec, messages, passed) => expect(expectFindings(spec, messages).passed).toBe(passed));

  // rules: [segment.timestamp.no-timezone] failed with a diff in which the reader had to spot no-time-zone.
  it('a rule one spelling off one the messages have names it; a short id or one near none does not', () => {
    const m = captured({ findings: [finding({ rule: 'segment.timestamp.no-time-zone', profile: 'segment', severity: 'info' }), finding({ rule: 'provesource.event.properties.goalId.recommended' })] });
    expect(expectFindings({ rules: ['segment.timestamp.no-timezone'] }, [m]).message).toBe('expected all findings to include segment.timestamp.no-timezone; segment.timestamp.no-timezone: did you mean segment.timestamp.no-time-zone?');
    // Named from all the messages' findings, even one the profile filter leaves out.
    expect(expectFindings({ rules: ['segment.timestamp.no-timezone'], profile: 'provesource' }, [m]).message).toMatch(/did you mean segment\.timestamp\.no-time-zone\?$/);
    expect(expectFindings({ rules: ['freshsuccess.track.properties.module.recommended'] }, [m]).message).toBe('expected all findings to include freshsuccess.track.properties.module.recommended');
  });

  it('rules compare as sorted sets; a count gives the first three findings when it differs', () => {
    const r = expectFindings({ rules: ['c.rule', 'a.rule', 'x.rule'] }, [m1, m2]);
    expect(r).toMatchObject({ passed: false, expected: ['a.rule', 'c.rule', 'x.rule'], actual: ['a.rule', 'b.rule', 'c.rule'] });
    expect(r.message).toBe('expected all findings to include x.rule');
    expect(expectFindings({ rules: ['a.rule'], profile: 'provesource', severity: 'warning', step: 's' }, [m1]).message).toBe('provesource findings (warning) of step "s" include a.rule');
    const c = expectFindings({ count: 0 }, [captured({ findings: [finding({ path: 'p1', message: 'one' }), finding({ path: 'p2', message: 'two' }), finding({ path: 'p3', message: 'three' }), finding({ path: 'p4', message: 'four' })] })]);
    expect(c).toMatchObject({ passed: false, message: 'expected 0 findings, got 4: p1: one | p2: two | p3: three' });
    expect(expectFindings({ count: 1, profile: 'segment' }, [captured({ findings: [finding({})] })]).message).toBe('1 segment finding');
    expect(expectFindings({ count: 1, profile: 'segment', severity: 'warning', step: 's' }, []).message).toBe('expected 1 segment finding (warning) of step "s", got 0; no message to judge');
    expect(expectMessages({ atLeast: 1 }, 0, []).message).toBe('expected at least 1 message, got 0');
    expect(expectMessages({ atLeast: 1 }, 1, []).message).toBe('1 message (at least 1)');
    expect(expectMessages({ count: 2 }, 2, []).message).toBe('2 messages');
  });

  // A count that falls short names the findings the profile/severity filter left out (the one the
  // file likely meant), and only those: never the ones it counted, never on a count that is over.
  it('a count that falls short names only the findings outside the filter, the first three and how many more', () => {
    const seg = finding({ path: 'p1', message: 'one', rule: 'segment.a', severity: 'error' });
    const pk = finding({ path: 'p2', message: 'two', rule: 'produktly.b', profile: 'produktly', severity: 'warning' });
    // Profile alone: the segment finding counted is not "outside", the produktly one is.
    expect(expectFindings({ profile: 'segment', count: 2 }, [captured({ findings: [seg, pk] })]).message).toBe(
      'expected 2 segment findings, got 1: p1: one; outside that filter its messages have 1: produktly warning produktly.b at p2',
    );
    // Severity alone: the error counted is not "outside", whatever its profile; the warning is.
    expect(expectFindings({ severity: 'error', count: 2 }, [captured({ findings: [seg, pk] })]).message).toBe(
      'expected 2 findings (error), got 1: p1: one; outside that filter its messages have 1: produktly warning produktly.b at p2',
    );
    // Findings of other messages count as the messages' findings too.
    expect(expectFindings({ profile: 'produktly', severity: 'error', count: 1 }, [captured({ findings: [pk] }), captured({ seq: 2, findings: [seg] })]).message).toBe(
      'expected 1 produktly finding (error), got 0; outside that filter its messages have 2: produktly warning produktly.b at p2 | segment error segment.a at p1',
    );
    // Every finding inside the filter: nothing to add.
    expect(expectFindings({ count: 3 }, [captured({ findings: [seg, pk] })]).message).toBe('expected 3 findings, got 2: p1: one | p2: two');
    expect(expectFindings({ profile: 'segment', count: 2 }, [captured({ findings: [seg] })]).message).toBe('expected 2 segment findings, got 1: p1: one');
    // Over the count: what was counted is the news, not what the filter left out.
    expect(expectFindings({ profile: 'segment', count: 0 }, [captured({ findings: [seg, pk] })]).message).toBe('expected 0 segment findings, got 1: p1: one');
    // Exactly three outside: all named, no "more"; five: three and "2 more".
    const outside = (n: number) => Array.from({ length: n }, (_, i) => finding({ path: `q${i + 1}`, rule: `produktly.r${i + 1}`, profile: 'produktly' }));
    expect(expectFindings({ profile: 'segment', count: 1 }, [captured({ findings: outside(3) })]).message).toBe(
      'expected 1 segment finding, got 0; outside that filter its messages have 3: produktly warning produktly.r1 at q1 | produktly warning produktly.r2 at q2 | produktly warning produktly.r3 at q3',
    );
    expect(expectFindings({ profile: 'segment', count: 1 }, [captured({ findings: outside(5) })]).message).toBe(
      'expected 1 segment finding, got 0; outside that filter its messages have 5: produktly warning produktly.r1 at q1 | produktly warning produktly.r2 at q2 | produktly warning produktly.r3 at q3 | 2 more',
    );
  });
});

describe('a session', () => {
  it('passes when every named field is as expected; a field not named is not compared', () => {
    const s = view({ userId: 'ada', account: 'acme', late: [{ seq: 9, timeMs: 0, arrivalMs: 0, sessionId: 'v#2', reason: 'r' }] });
    expect(expectSession({ anonymousId: 'v' }, s, 2).passed).toBe(true);
    expect(expectSession({ anonymousId: 'v', state: 'open', duration: '1h30m', modules: { Billing: '1h', Reports: 1_800_000 }, features: { Opened: '90m' }, account: 'acme', userId: 'ada', late: 1 }, s, 2).passed).toBe(true);
    // durations compare at the resolution a report shows (whole seconds)
    expect(expectSession({ anonymousId: 'v', duration: 90 * MIN + 400 }, s, 2).passed).toBe(true);
    expect(expectSession({ anonymousId: 'v', modules: { Billing: '1h' } }, s, 2).passed).toBe(true);
  });

  it.each([
    ['state', { state: 'timedOut' }],
    ['duration', { duration: '1h' }],
    ['a module time', { modules: { Reports: '20m' } }],
    ['a module it never had', { modules: { Admin: '0s' } }],
    ['a feature time', { features: { Opened: '1h' } }],
    ['a feature it never had', { features: { Closed: '0s' } }],
    ['the account', { account: 'globex' }],
    ['the userId', { userId: 'bob' }],
    ['the number of late messages', { late: 1 }],
  ] as const)('fails on %s', (_label, spec) => {
    const r = expectSession({ anonymousId: 'v', ...spec }, view({ userId: 'ada', account: 'acme' }), 2);
    expect(r.passed).toBe(false);
    expect(r.message).toBe('session of anonymousId "v" (v#2) differs');
    expect(r.diff).toBeDefined();
  });

  it('an account or userId the session lacks reads as null; a missing module as "(none)"', () => {
    const r = expectSession({ anonymousId: 'v', account: 'acme', userId: 'ada', modules: { Admin: '5m' }, features: { Opened: '1h30m' } }, view(), 1);
    expect(r.expected).toEqual({ modules: { Admin: '5 min' }, features: { Opened: '1 h 30 min' }, account: 'acme', userId: 'ada' });
    expect(r.actual).toEqual({ modules: { Admin: '(none)' }, features: { Opened: '1 h 30 min' }, account: null, userId: null });
    expect(expectSession({ anonymousId: 'v', state: 'open', duration: 0, late: 0 }, view({ durationMs: 0 }), 1)).toMatchObject({ passed: true, expected: { state: 'open', duration: '0 s', late: 0 }, actual: { state: 'open', duration: '0 s', late: 0 } });
  });

  it('names the session asked for, and how many there are when it does not exist', () => {
    expect(expectSession({ anonymousId: 'v', index: 3 }, undefined, 2)).toMatchObject({ kind: 'session', passed: false, message: 'expected the 3rd session (by time) of anonymousId "v", but it has only 2' });
    expect(expectSession({ anonymousId: 'w' }, undefined, 0).message).toBe('expected a session of anonymousId "w", but it has none');
    expect(expectSession({ anonymousId: 'v', index: 2 }, view(), 2).message).toBe('2nd session (by time) of anonymousId "v" (v#2) is as expected');
    // index counts by time, #n the order they opened: "session #2 of … (v#3)" read as a contradiction.
    expect(expectSession({ anonymousId: 'v', index: 2 }, { ...view(), id: 'v#3' }, 3).message).toBe('2nd session (by time) of anonymousId "v" (v#3) is as expected');
  });

  it('a session that does not exist names the anonymousIds this run\'s sessions have, the one meant first', () => {
    expect(expectSession({ anonymousId: 'anon-44' }, undefined, 0, 0, ['visitor-1', 'anon-4']).message).toBe(
      'expected a session of anonymousId "anon-44", but it has none; did you mean "anon-4"? This run\'s sessions are of anon-4, visitor-1',
    );
    expect(expectSession({ anonymousId: 'x' }, undefined, 0, 0, ['visitor-1']).message).toBe('expected a session of anonymousId "x", but it has none; this run\'s sessions are of visitor-1');
    // Sessions are keyed by anonymousId: messages with only a userId make none.
    expect(expectSession({ anonymousId: 'x' }, undefined, 0, 0, []).message).toBe(
      'expected a session of anonymousId "x", but it has none; this run made no session (sessions are keyed by anonymousId: a message without one is in none)',
    );
  });

  it('a failure says when the session also holds messages from before the run (they count too), and a pass does not', () => {
    const note = '; the engine already held 2 messages of these sessions from before this run (same anonymousId, same times), which count too: run it on a cleared engine (the Scenarios tab\'s "Clear the log first", DELETE /api/messages, or eventbench run without --data-dir) or give it anonymousIds of its own';
    expect(expectSession({ anonymousId: 'v', duration: '10m' }, view(), 1, 2).message).toBe(`session of anonymousId "v" (v#2) differs${note}`);
    expect(expectSession({ anonymousId: 'v', duration: '1h30m' }, view(), 1, 2).message).toBe('session of anonymousId "v" (v#2) is as expected');
    expect(expectSessionCounts({ count: 2 }, [view()], 2).message).toBe(`session counts differ${note}`);
    expect(expectSessionCounts({ count: 2 }, [view()], 1).message).toMatch(/held 1 message of these sessions/);
    expect(expectSessionCounts({ count: 2 }, [view()]).message).toBe('session counts differ');
  });

  it("a count that falls short says how many of the run's messages carry no anonymousId (in no session), and only then", () => {
    const why = (n: number, of: number) => `; ${n} of the run's ${of} message${of === 1 ? '' : 's'} ${n === 1 ? 'carries' : 'carry'} no anonymousId, so ${n === 1 ? 'it is' : 'they are'} in no session (Freshsuccess keys sessions by anonymousId)`;
    expect(expectSessionCounts({ count: 1 }, [], 0, { without: 2, of: 2 }).message).toBe(`session counts differ${why(2, 2)}`);
    expect(expectSessionCounts({ count: 2 }, [view()], 0, { without: 1, of: 3 }).message).toBe(`session counts differ${why(1, 3)}`);
    expect(expectSessionCounts({ open: 1 }, [], 0, { without: 1, of: 1 }).message).toBe(`session counts differ${why(1, 1)}`);
    // Both notes, the earlier messages first.
    expect(expectSessionCounts({ count: 2 }, [view()], 1, { without: 1, of: 2 }).message).toMatch(/held 1 message of these sessions.*; 1 of the run's 2 messages carries no anonymousId/);
    // Not when every message has one, not on a pass, not when the count is over (none is missing).
    expect(expectSessionCounts({ count: 1 }, [], 0, { without: 0, of: 1 }).message).toBe('session counts differ');
    expect(expectSessionCounts({ count: 0 }, [], 0, { without: 1, of: 1 }).message).toBe('sessions: {"count":0}');
    expect(expectSessionCounts({ count: 0 }, [view()], 0, { without: 1, of: 2 }).message).toBe('session counts differ');
    // Short in one count, not in another: still short (a missing session is still missing).
    expect(expectSessionCounts({ count: 3, open: 1 }, [view(), view({ id: 'w#1', state: 'timedOut' })], 0, { without: 1, of: 3 }).message).toBe(`session counts differ${why(1, 3)}`);
    // One count right and another over: nothing is missing, so no note.
    expect(expectSessionCounts({ count: 2, open: 0 }, [view(), view({ id: 'w#1', state: 'timedOut' })], 0, { without: 1, of: 3 }).message).toBe('session counts differ');
  });
});

describe('session counts, conflicts, deliveries', () => {
  const open = view({ id: 'a#1', state: 'open' });
  const done = view({ id: 'b#1', state: 'timedOut' });

  it.each([
    [{}, true],
    [{ count: 3 }, true],
    [{ count: 2 }, false],
    [{ open: 2, timedOut: 1 }, true],
    [{ open: 1 }, false],
    [{ timedOut: 2 }, false],
    [{ count: 3, open: 2, timedOut: 1 }, true],
  ])('%j', (spec, passed) => {
    const r = expectSessionCounts(spec, [open, open, done]);
    expect(r.passed).toBe(passed);
    expect(Object.keys(r.actual as object)).toEqual(Object.keys(spec));
  });

  it('conflicts: exactly these userIds, accounts compared as sets when named', () => {
    const conflicts = [
      { userId: 'bob', accounts: [{ groupId: 'g2' }, { groupId: 'g1' }] },
      { userId: 'ada', accounts: [{ groupId: 'acme', seq: 1 }, { groupId: 'globex', seq: 3 }] },
    ];
    expect(expectConflicts([{ userId: 'ada' }, { userId: 'bob', accounts: ['g1', 'g2'] }], conflicts).passed).toBe(true);
    expect(expectConflicts([{ userId: 'ada' }], conflicts).passed).toBe(false);
    expect(expectConflicts([{ userId: 'ada' }, { userId: 'bob', accounts: ['g1'] }], conflicts).passed).toBe(false);
    expect(expectConflicts([{ userId: 'ada' }, { userId: 'bob' }, { userId: 'cy' }], conflicts).passed).toBe(false);
    const r = expectConflicts([{ userId: 'bob', accounts: ['g2', 'g1'] }, { userId: 'ada' }], conflicts);
    expect(r).toMatchObject({ passed: true, message: 'account conflicts: ada, bob', expected: [{ userId: 'ada' }, { userId: 'bob', accounts: ['g1', 'g2'] }] });
    expect(expectConflicts([], [])).toMatchObject({ passed: true, message: 'no account conflicts' });
    expect(expectConflicts([], conflicts)).toMatchObject({ passed: false, message: 'account conflicts differ' });
  });

  it('delivery: the state and status named, a missing status read as null', () => {
    expect(expectDelivery({ step: 's' }, { state: 'failed' }).passed).toBe(true);
    expect(expectDelivery({ step: 's', status: 200 }, { state: 'delivered' })).toMatchObject({ passed: false, expected: { status: 200 }, actual: { status: null } });
    expect(expectDelivery({ step: 's', status: 500 }, { state: 'failed', status: 503 }).passed).toBe(false);
    expect(expectDelivery({ step: 's', state: 'failed', status: 503 }, { state: 'failed', status: 503 })).toMatchObject({ passed: true, message: 'delivery of step "s": {"state":"failed","status":503}' });
    expect(expectDelivery({ step: 's' }, undefined)).toMatchObject({ kind: 'delivery', passed: false, message: 'step "s" sent nothing through the sender' });
  });
});

describe('diffs', () => {
  it('expected lines marked "-", actual "+", shared lines indented', () => {
    expect(formatDiff({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe(['  {', '    "a": 1,', '-   "b": 2', '+   "b": 3', '  }'].join('\n'));
    expect(formatDiff([1], undefined)).toBe(['- [', '-   1', '- ]', '+ undefined'].join('\n'));
  });
});

describe('the kind of each result', () => {
  it('is the key the expectation has in the scenario file, passed or failed', () => {
    const s = view();
    const kinds = [
      expectMessages({ count: 1 }, 1, []), expectMessages({ count: 1 }, 0, []), expectMessages({}, 1, []), expectMessages({}, 0, []),
      expectDropReasons({ none: true }, []), expectDropReasons({ codes: ['x'] }, []), expectDropReasons({ codes: [] }, []),
      expectFindings({ rules: [] }, []), expectFindings({ rules: ['x'] }, []), expectFindings({}, []), expectFindings({ count: 1 }, []),
      expectSession({ anonymousId: 'v' }, s, 1), expectSession({ anonymousId: 'v', state: 'timedOut' }, s, 1),
      expectSessionCounts({}, []), expectSessionCounts({ count: 1 }, []),
      expectConflicts([], []), expectConflicts([{ userId: 'u' }], []),
      expectDelivery({ step: 's' }, { state: 'delivered' }), expectDelivery({ step: 's', state: 'failed' }, { state: 'delivered' }),
    ].map((r) => `${r.kind}:${r.passed}`);
    expect(kinds).toEqual([
      'messages:true', 'messages:false', 'messages:true', 'messages:false',
      'dropReasons:true', 'dropReasons:false', 'dropReasons:true',
      'findings:true', 'findings:false', 'findings:true', 'findings:false',
      'session:true', 'session:false',
      'sessions:true', 'sessions:false',
      'accountConflicts:true', 'accountConflicts:false',
      'delivery:true', 'delivery:false',
    ]);
  });
});

describe('the sentences a report shows, with more than one name in them', () => {
  // A report lists the codes and rules it names separated by ", ", passed or failed; the counts and
  // a delivery say which step and what was found.
  it('drop reasons: every code expected, every code missing', () => {
    const both = captured({ dropReasons: [{ code: 'missing-identity', message: 'x' }, { code: 'missing-event', message: 'y' }] });
    expect(expectDropReasons({ codes: ['missing-identity', 'missing-event'] }, [both]).message).toBe('the messages carry drop reasons missing-event, missing-identity');
    expect(expectDropReasons({ codes: ['missing-identity', 'duplicate-message-id', 'missing-event', 'bad-type'] }, [captured({ dropReasons: [{ code: 'missing-event', message: 'y' }] })]).message)
      .toBe('expected drop reasons bad-type, duplicate-message-id, missing-event, missing-identity on the messages; missing bad-type, duplicate-message-id, missing-identity');
  });

  it('findings: every rule named, every rule missing, in the order the file gives them', () => {
    const m = captured({ findings: [finding({ rule: 'b.rule' }), finding({ rule: 'a.rule' })] });
    expect(expectFindings({ rules: ['b.rule', 'a.rule'] }, [m]).message).toBe('all findings include b.rule, a.rule');
    expect(expectFindings({ rules: ['z.rule', 'a.rule', 'y.rule'] }, [m]).message).toBe('expected all findings to include z.rule, y.rule');
  });

  it('session counts that pass say the counts compared; a delivery that differs names its step', () => {
    const open = view({ id: 'a#1', state: 'open' });
    expect(expectSessionCounts({ count: 2, open: 2 }, [open, open]).message).toBe('sessions: {"count":2,"open":2}');
    expect(expectSessionCounts({}, []).message).toBe('sessions: {}');
    const r = expectDelivery({ step: 'pay', state: 'delivered', status: 200 }, { state: 'failed', status: 503 });
    expect(r).toMatchObject({ passed: false, message: 'delivery of step "pay" differs', expected: { state: 'delivered', status: 200 }, actual: { state: 'failed', status: 503 } });
    expect(r.diff).toBe(['  {', '-   "state": "delivered",', '-   "status": 200', '+   "state": "failed",', '+   "status": 503', '  }'].join('\n'));
  });
});

// A failed delivery expectation showed only `"state": "failed"` in its diff: not that the host
// refused the connection on every retry, or answered 401 and why.
describe('deliveryWhy: what became of a delivery, in the failed expectation', () => {
  const attempt = (x: object) => ({ url: 'http://h/v1/batch', ...x });
  it('names the attempts, the URL and the last answer (its body cut at 200 characters) or the error', () => {
    expect(deliveryWhy({ attempts: [attempt({ status: 503 }), attempt({ status: 401, responseBody: ' {"error":\n "bad key"} ' })] })).toBe('2 attempts to http://h/v1/batch; the last was answered 401: {"error": "bad key"}');
    expect(deliveryWhy({ attempts: [attempt({ status: 500, responseBody: 'x'.repeat(250) })] })).toBe(`1 attempt to http://h/v1/batch; the last was answered 500: ${'x'.repeat(200)}…`);
    expect(deliveryWhy({ attempts: [attempt({ status: 204 })] })).toBe('1 attempt to http://h/v1/batch; the last was answered 204');
    expect(deliveryWhy({ attempts: [attempt({ error: 'connect ECONNREFUSED 127.0.0.1:1' })] })).toBe('1 attempt to http://h/v1/batch; the last got no answer: connect ECONNREFUSED 127.0.0.1:1');
    expect(deliveryWhy({ attempts: [attempt({})], error: 'timed out' })).toBe('1 attempt to http://h/v1/batch; the last got no answer: timed out');
    expect(deliveryWhy({ attempts: [], error: 'invalid target' })).toBe('it was not sent: invalid target');
    expect(deliveryWhy({ attempts: [] })).toBeUndefined();
  });
  it('is said after "differs" only when the expectation fails', () => {
    expect(expectDelivery({ step: 's', state: 'delivered' }, { state: 'failed', why: '1 attempt to u; the last was answered 400' }).message).toBe('delivery of step "s" differs: 1 attempt to u; the last was answered 400');
    expect(expectDelivery({ step: 's', state: 'failed' }, { state: 'failed', why: '1 attempt to u; the last was answered 400' }).message).toBe('delivery of step "s": {"state":"failed"}');
  });
});

describe('ordinal', () => {
  it('writes 1st, 2nd, 3rd, then th, with 11th to 13th', () => {
    expect([1, 2, 3, 4, 10, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '10th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th', '112th']);
  });
});

describe('matchedList: the messages that matched when more did than count', () => {
  it('names each by seq and the line of its send, the first five', () => {
    expect(matchedList([{ seq: 1, line: 3 }, { seq: 4, line: 5 }])).toBe('#1 (sent on line 3), #4 (line 5)');
    expect(matchedList([{ seq: 7 }])).toBe('#7');
    expect(matchedList([1, 2, 3, 4, 5, 6, 7].map((seq) => ({ seq, line: 9 })))).toBe('#1 (sent on line 9), #2 (line 9), #3 (line 9), #4 (line 9), #5 (line 9), and 2 more');
  });
  it('is said after "got N" only when more matched than count', () => {
    expect(expectMessages({ count: 1 }, 2, [], [{ seq: 1, line: 3 }, { seq: 2, line: 5 }]).message).toBe('expected 1 message, got 2: #1 (sent on line 3), #2 (line 5)');
    expect(expectMessages({ count: 3 }, 2, ['#9: event is "X", expected "Y"'], []).message).toBe('expected 3 messages, got 2; nearest: #9: event is "X", expected "Y"');
    expect(expectMessages({ count: 2 }, 2, [], [{ seq: 1 }, { seq: 2 }]).message).toBe('2 messages');
  });
});

describe('earlierMatchingNote', () => {
  it('is empty when every user is the starting directory or this run\'s', () => {
    expect(earlierMatchingNote([{ id: 'u-1', createdBy: null, touchedBy: [] }, { id: 'u-2', username: 'bo', createdBy: 8, touchedBy: [8, 9] }], 7)).toBe('');
  });

  it('names the earlier messages (five, then how many more) and the users they made or changed (three, then how many more)', () => {
    const users = [1, 2, 3, 4, 5, 6].map((q) => ({ id: `u-${q}`, username: `user${q}`, createdBy: q, touchedBy: [q, 10] }));
    expect(earlierMatchingNote(users, 7)).toBe('; 6 messages captured before this run (#1, #2, #3, #4, #5 and 1 more) were matched too, and what they did to the directory counts: user u-1 (created by #1, username "user1"), user u-2 (created by #2, username "user2"), user u-3 (created by #3, username "user3") and 3 more users; run it on a cleared log (the Scenarios tab\'s "Clear the log first", DELETE /api/messages, or eventbench run without --data-dir)');
  });

  const CLEAR = 'run it on a cleared log (the Scenarios tab\'s "Clear the log first", DELETE /api/messages, or eventbench run without --data-dir)';

  it('counts the last message before the run (seqBefore itself) and a user only created by it, and names only users an earlier message made or changed', () => {
    const users = [
      { id: 'u-1', username: 'ada', createdBy: 7, touchedBy: [] },
      { id: 'u-2', username: 'bo', createdBy: 8, touchedBy: [9] },
      { id: 'u-3', createdBy: null },
    ];
    expect(earlierMatchingNote(users, 7)).toBe(`; 1 message captured before this run (#7) was matched too, and what it did to the directory counts: user u-1 (created by #7, username "ada"); ${CLEAR}`);
  });

  // The bundled Product Fruits example played twice: its first message matched Ada's user by email
  // and gave it the username "someone-else"; the note read "users of the directory (someone-else,
  // carol)", as if two people nobody had mentioned were in it.
  it('says of each user which earlier message created or changed it, and its username now, not the bare usernames', () => {
    const users = [
      { id: 'u-ada', username: 'someone-else', createdBy: null, touchedBy: [1, 9] },
      { id: 'u-bob', username: 'bob', createdBy: null, touchedBy: [] },
      { id: 'new-3', username: 'carol', createdBy: 3, touchedBy: [3] },
      { id: 'u-many', createdBy: null, touchedBy: [4, 2, 6, 5] },
    ];
    const note = earlierMatchingNote(users, 8);
    expect(note).toBe(`; 6 messages captured before this run (#1, #2, #3, #4, #5 and 1 more) were matched too, and what they did to the directory counts: user u-ada (changed by #1, username now "someone-else"), user new-3 (created by #3, username "carol") and user u-many (changed by #2, #4, #5 and 1 more); ${CLEAR}`);
    expect(note).not.toContain('(someone-else, carol)');
  });

  it('lists the earlier messages in seq order, and exactly five messages and three users with no "more"', () => {
    const users = [
      { id: 'u-a', username: 'a', createdBy: null, touchedBy: [5, 3, 12] },
      { id: 'u-b', createdBy: 4, touchedBy: [1] },
      { id: 'u-c', username: 'c', createdBy: 2 },
      { id: 'u-d', username: 'd', createdBy: 11, touchedBy: [12] },
    ];
    expect(earlierMatchingNote(users, 10)).toBe(`; 5 messages captured before this run (#1, #2, #3, #4, #5) were matched too, and what they did to the directory counts: user u-a (changed by #3 and #5, username now "a"), user u-b (created by #4, changed by #1) and user u-c (created by #2, username "c"); ${CLEAR}`);
  });
});
