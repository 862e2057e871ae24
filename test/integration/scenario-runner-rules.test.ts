// The scenario runner's rules that its mutation run (test/RECORD.md, "The scenario runner and the
// wait's long-poll") found no test of, over a real engine (capture log in a temp dir, HTTP on
// loopback, the simulated clock): a step's status over several expectations, the catalog example's
// merge and identity, the endpoints and headers of a send, what a second and third run on one
// engine count as their own, and the words and kinds of the results. Each test asserts what the
// scenario result (or the captured message) says.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScenario, type RunOptions } from '../../src-main/replay/scenario-runner';
import { type TestEngine } from './helpers/engine';
import { startRunnerBench, type RunnerBench } from './helpers/runner-bench';

let bench: RunnerBench;
let t: TestEngine;
beforeEach(async () => {
  bench = await startRunnerBench('eventbench-runner-rules-');
  ({ t } = bench);
});
afterEach(() => bench.dispose());

const load = (lines: string[]) => bench.load(lines);
const run = (lines: string[], options?: RunOptions) => bench.run(lines, options);
const captured = (seq: number) => bench.captured(seq);
/** Each expectation of a step as "kind passed message". */
const said = (r: Awaited<ReturnType<typeof run>>, step: number) => r.steps[step].error ?? r.steps[step].expectations?.map((e) => `${e.kind} ${e.passed} ${e.message}`);

describe("a step's status", () => {
  it('an expect step with one passing and one failing expectation has failed, and counts as one failure', async () => {
    const r = await run(['name: mixed', 'steps:', '  - send: { message: { type: track, userId: u, event: E } }', '  - expect: { messages: { count: 1 }, sessions: { count: 3 } }', '']);
    expect(r.steps[1].expectations!.map((e) => e.passed)).toEqual([true, false]);
    expect(r.steps[1].status).toBe('failed');
    expect(r).toMatchObject({ passed: false, failures: 1 });
  });
});

describe('catalog events', () => {
  it("without overrides, the example is sent as the scenario's user: userId scenario-user, anonymousId scenario-anon", async () => {
    const r = await run(['name: plain example', 'steps:', '  - send: { event: { profile: provesource, name: Notification Viewed } }', '']);
    expect((await captured(r.steps[0].seqs![0])).message).toMatchObject({ userId: 'scenario-user', anonymousId: 'scenario-anon', event: 'Notification Viewed' });
  });

  it("an override of null or of a text replaces the example's object; an object over the example's text replaces the text", async () => {
    const r = await run([
      'name: merge edges',
      'steps:',
      '  - send: { event: { profile: provesource, name: Notification Viewed, overrides: { context: null, properties: { notificationName: { id: n-1 } } } } }',
      '  - send: { event: { profile: provesource, name: Notification Viewed, overrides: { properties: just text } } }',
      '',
    ]);
    expect(r.steps.map((s) => s.error ?? s.status)).toEqual(['passed', 'passed']);
    const first = (await captured(r.steps[0].seqs![0])).message;
    expect(first.context).toBeNull();
    // The example's notificationName is a text: the override's object stands alone, not spread over its characters.
    expect((first.properties as Record<string, unknown>).notificationName).toEqual({ id: 'n-1' });
    expect((await captured(r.steps[1].seqs![0])).message.properties).toBe('just text');
  });
});

describe('sends', () => {
  it('a single group or page message goes to /v1/group or /v1/page', async () => {
    const r = await run(['name: endpoints', 'steps:', '  - send: { message: { type: group, userId: u, groupId: g-1 } }', '  - send: { message: { type: page, userId: u, name: Home } }', '']);
    const got = await Promise.all(r.steps.map(async (s) => (await captured(s.seqs![0])).origin.endpoint));
    expect(got).toEqual(['/v1/group', '/v1/page']);
  });

  it("a webhook send comes as Segment's does (JSON, Segment's user agent); a Tracking API send as JSON", async () => {
    const r = await run(['name: headers', 'webhooks: [{ name: pf }]', 'steps:', '  - send: { via: webhook, webhook: pf, message: { type: track, userId: u, event: E } }', '  - send: { message: { type: track, userId: u, event: E } }', '']);
    const [hook, tracked] = await Promise.all(r.steps.map((s) => captured(s.seqs![0])));
    expect([hook.headers['content-type'], hook.headers['user-agent']]).toEqual(['application/json', 'Segment.io/1.0']);
    expect(tracked.headers['content-type']).toBe('application/json');
  });

  it("the scenario's webhooks are saved on the engine as written: its secret and rejectInvalid", async () => {
    await run(['name: hooks', 'webhooks: [{ name: pf, secret: s3cret, rejectInvalid: true }, { name: open }]', 'steps:', '  - advance: 1s', '']);
    expect(await t.engine.call('webhooks.list', undefined)).toMatchObject([
      { name: 'open', hasSecret: false, rejectInvalid: false },
      { name: 'pf', hasSecret: true, rejectInvalid: true },
    ]);
  });

  it("a send through the sender keeps the message's own messageId (the sender is told not to give a fresh one)", async () => {
    const r = await run(['name: kept id', 'steps:', '  - send: { via: sender, target: local, message: { type: track, userId: u, event: E, messageId: kept-by-sender } }', '']);
    expect(r.steps[0].status).toBe('passed');
    expect((await captured(r.steps[0].seqs![0])).message.messageId).toBe('kept-by-sender');
  });

  it('three runs of one file on one engine each give their messages ids of their own', async () => {
    const scenario = load(['name: thrice', 'steps:', '  - send: { message: { type: track, userId: u, event: E } }', '']);
    const ids: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await runScenario({ api: t.engine, url: t.engine.url }, scenario);
      ids.push((await captured(r.steps[0].seqs![0])).message.messageId);
    }
    expect(new Set(ids).size).toBe(3);
  });
});

describe('messages expectations: afterSeq', () => {
  it('an afterSeq that is not a whole number is refused with the text the file wrote (-1, 5x)', async () => {
    const r = await run(['name: bad afterSeq', 'steps:', '  - send: { message: { type: track, userId: u, event: E } }', '  - expect: { messages: { filter: { afterSeq: -1 } } }', '  - expect: { messages: { filter: { afterSeq: 5x } } }', '']);
    expect([said(r, 1), said(r, 2)]).toEqual(['expect.messages.filter: afterSeq must be a whole number, not "-1"', 'expect.messages.filter: afterSeq must be a whole number, not "5x"']);
  });
});

describe('drop reasons and findings of a named step', () => {
  it("are judged on that step's own messages", async () => {
    const r = await run([
      'name: step judged',
      'steps:',
      '  - id: bad',
      '    send: { message: { type: track, event: No Identity } }',
      '  - expect: { dropReasons: { step: bad, none: true } }',
      '  - expect: { findings: { step: bad, count: 0 } }',
      '',
    ]);
    expect(r.steps[1].expectations![0]).toMatchObject({ kind: 'dropReasons', passed: false, message: expect.stringMatching(/^expected Segment to keep the messages of step "bad", but it would drop them: \S/) });
    expect(r.steps[2].expectations![0]).toMatchObject({ kind: 'findings', passed: false, message: expect.stringMatching(/^expected 0 findings of step "bad", got [1-9]/) });
  });

  // The file's check refuses an expectation before its step (parse-rules); a scenario built another way still fails it.
  it('drop reasons of a step that has not run yet fail as dropReasons', async () => {
    const loaded = load(['name: early', 'steps:', '  - id: later', '    send: { message: { type: track, userId: u, event: E } }', '  - expect: { dropReasons: { step: later, none: true } }', '']);
    const [send, judge] = loaded.steps;
    const r = await runScenario({ api: t.engine, url: t.engine.url }, { ...loaded, steps: [{ ...judge, index: 0 }, { ...send, index: 1 }] });
    expect(said(r, 0)).toEqual(['dropReasons false step "later" has not run yet: an expectation of its messages must come after it']);
  });
});

describe('a second run on one engine', () => {
  it("counts only its own sessions and its own users' account conflicts", async () => {
    const first = await run([
      'name: first',
      'steps:',
      '  - send: { message: { type: track, anonymousId: a-first, event: E } }',
      '  - send: { message: { type: identify, userId: srv-1, groupId: acme } }',
      '  - send: { message: { type: track, userId: srv-1, groupId: globex, event: Exported } }',
      '',
    ]);
    expect(first.passed).toBe(true);
    const second = await run([
      'name: second',
      'steps:',
      '  - send: { message: { type: track, anonymousId: a-second, event: E } }',
      '  - send: { message: { type: identify, userId: srv-2, groupId: acme } }',
      '  - expect: { sessions: { count: 1 }, accountConflicts: [] }',
      '  - expect: { accountConflicts: [{ userId: srv-2 }] }',
      '',
    ]);
    expect(said(second, 2)).toEqual(['sessions true sessions: {"count":1}', 'accountConflicts true no account conflicts']);
    expect(said(second, 3)).toEqual(['accountConflicts false account conflicts differ']);
    expect(second.steps[3].expectations![0]).toMatchObject({ expected: [{ userId: 'srv-2' }], actual: [] });
  });

  it('a message without a userId does not claim the conflicts of a user whose id is the text "undefined"', async () => {
    // "undefined" is what a client sends when it writes a missing id into a string.
    await run(['name: first', 'steps:', '  - send: { message: { type: identify, userId: "undefined", groupId: acme } }', '  - send: { message: { type: identify, userId: "undefined", groupId: globex } }', '']);
    expect(await t.engine.call('sessions.totals', {})).toMatchObject({ conflicts: [{ userId: 'undefined' }] });
    const second = await run(['name: second', 'steps:', '  - send: { message: { type: track, anonymousId: a-1, event: E } }', '  - expect: { accountConflicts: [] }', '']);
    expect(said(second, 1)).toEqual(['accountConflicts true no account conflicts']);
  });

  it('a failing session or sessions expectation says how many messages of its sessions came before the run', async () => {
    const lines = ['name: again', 'settings: { sessions: { timeoutMs: 60000 } }', 'steps:', '  - send: { message: { type: track, anonymousId: a-1, event: E } }', '  - expect: { session: { anonymousId: a-1, state: timedOut } }', '  - expect: { sessions: { count: 2 } }', ''];
    await run(lines);
    const second = await run(lines);
    const note = '; the engine already held 1 message of these sessions from before this run (same anonymousId, same times), which count too';
    expect(second.steps[1].expectations![0].message).toMatch(/^session of anonymousId "a-1" \(\S+\) differs; /);
    expect(second.steps[1].expectations![0].message).toContain(note);
    expect(second.steps[2].expectations![0].message).toMatch(/^session counts differ; /);
    expect(second.steps[2].expectations![0].message).toContain(note);
  });
});

describe('a sessions count over webhook messages without anonymousId', () => {
  it('fails saying how many of the run\'s messages carry no anonymousId and so are in no session', async () => {
    const r = await run([
      'name: webhook visits',
      'webhooks: [{ name: pf }]',
      'steps:',
      '  - send: { via: webhook, webhook: pf, message: { type: track, userId: u-1, event: Opened } }',
      '  - send: { via: webhook, webhook: pf, message: { type: track, userId: u-1, event: Closed } }',
      '  - send: { message: { type: track, anonymousId: a-1, event: Seen } }',
      '  - expect: { sessions: { count: 2 } }',
      '',
    ]);
    expect(said(r, 3)).toEqual([
      "sessions false session counts differ; 2 of the run's 3 messages carry no anonymousId, so they are in no session (Freshsuccess keys sessions by anonymousId)",
    ]);
    expect(r.steps[3].expectations![0].diff).toBeTruthy();
  });
});

describe('matching expectations', () => {
  it('of a step that captured nothing (a delivery to another host) fails and says so', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const r = await run(['name: elsewhere', 'steps:', '  - id: out', `    send: { via: sender, target: { kind: webhook, url: "${url}" }, message: { type: identify, userId: u } }`, '  - expect: { matching: { step: out, outcome: created } }', '']);
      expect(r.steps[0]).toMatchObject({ status: 'passed', seqs: [] });
      expect(said(r, 1)).toEqual(['matching false step "out" captured no message to match']);
      expect(r.steps[1].status).toBe('failed');
    } finally {
      server.close();
    }
  });

  it('a user expected of a message not matched reads as no user; the results are of kind matching', async () => {
    const r = await run(['name: no user', 'steps:', '  - id: s', '    send: { message: { type: identify, userId: ada } }', '  - expect: { matching: { step: s, user: { username: ada } } }', '']);
    expect(r.steps[1].expectations![0]).toMatchObject({ kind: 'matching', passed: false, expected: { user: { username: 'ada' } } });
    expect(r.steps[1].expectations![0].actual).toEqual({ user: null });
  });

  it('a webhook message decided "unmatched" passes an expectation of that outcome, saying only that', async () => {
    const r = await run(['name: unmatched', 'webhooks: [{ name: pf }]', 'steps:', '  - id: s', '    send: { via: webhook, webhook: pf, message: { type: track, anonymousId: anon-only, event: E } }', '  - expect: { matching: { step: s, outcome: unmatched, conflict: false } }', '']);
    expect(said(r, 1)).toEqual(['matching true message of step "s": unmatched']);
  });

  it('a message cleared from the log before its matching is judged: differs, with no reason made up', async () => {
    const r = await run(['name: cleared', 'steps:', '  - id: s', '    send: { message: { type: identify, userId: ada } }', '  - expect: { matching: { step: s, outcome: created } }', ''], {
      beforeStep: async (step) => {
        if (step.kind === 'expect') await t.engine.call('messages.clear', undefined);
      },
    });
    expect(said(r, 1)).toEqual(['matching false matching of step "s" differs']);
  });
});

describe('users expectations', () => {
  it('a count that differs with exactly five users names all five, with no "and 0 more"', async () => {
    const r = await run([
      'name: five',
      'steps:',
      '  - users: [{ id: u-1, username: a }, { id: u-2, email: b@example.com }, { id: u-3, username: c, email: c@example.com }, { id: u-4, username: d }, { id: u-5, username: e }]',
      '  - expect: { users: { count: 4, contains: [{ username: a }] } }',
      '',
    ]);
    expect(said(r, 1)).toEqual(['users false expected 4 users, got 5: u-1 (username a); u-2 (email b@example.com); u-3 (username c, email c@example.com); u-4 (username d); u-5 (username e)', 'users true a user with {"username":"a"}']);
  });
});

describe('a /regex/ that backtracks catastrophically', () => {
  it('is stopped naming what it ran on: the users, the matched user, or all of the run\'s messages (a filter that found none)', async () => {
    const nearMiss = `${'a'.repeat(40)}!`;
    const r = await run([
      'name: slow regexes',
      'webhooks: [{ name: pf }]',
      'steps:',
      '  - id: s',
      `    send: { via: webhook, webhook: pf, message: { type: identify, userId: "${nearMiss}" } }`,
      '  - expect: { users: { contains: [{ username: "/(a+)+$/" }] } }',
      '  - expect: { matching: { step: s, user: { username: "/(a+)+$/" } } }',
      '  - expect: { messages: { filter: { type: track }, match: { userId: "/(a+)+$/" } } }',
      '',
    ]);
    const stopped = (on: string) => `the match regex /(a+)+$/ ran for over 1,000 ms on ${on} and was stopped: it backtracks catastrophically (a nested quantifier such as (a+)+, or alternatives that overlap, against a long text that almost matches); make it simpler or anchor it`;
    const { users } = await t.engine.call('users.list', {});
    expect(users).toHaveLength(1);
    expect(r.steps.slice(1).map((s) => s.error)).toEqual([stopped('the users'), stopped(`user ${users[0].id}`), stopped("the run's 1 message")]);
  });
});
