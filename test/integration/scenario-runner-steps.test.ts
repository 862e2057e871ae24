// The scenario runner (src-main/replay/scenario-runner.ts) step by step, over a real engine (a
// capture log in a temp dir, HTTP on loopback, the simulated clock): what each kind of step does
// to the clock and the result, how a run stops, which endpoint a send goes to, the users import and
// its refusals, and the words of each expectation's result. Written from its mutation run: each
// test here fails under a change to the runner that the other tests let through.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScenario, SCENARIO_WRITE_KEY, type RunOptions } from '../../src-main/replay/scenario-runner';
import { writeKeyFingerprint } from '../../src-main/testing/index';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';
import { startRunnerBench, type RunnerBench } from './helpers/runner-bench';

let bench: RunnerBench;
let t: TestEngine;
let dir: string;
beforeEach(async () => {
  bench = await startRunnerBench('eventbench-runner-steps-');
  ({ t, dir } = bench);
});
afterEach(() => bench.dispose());

const load = (lines: string[]) => bench.load(lines);
const run = (lines: string[], options?: RunOptions) => bench.run(lines, options);
const captured = (seq: number) => bench.captured(seq);
/** Each step as its status, or its expectations' "passed message" lines, or its error. */
const outcomes = (r: Awaited<ReturnType<typeof run>>) => r.steps.map((s) => s.error ?? s.expectations?.map((e) => `${e.passed} ${e.message}`) ?? s.status);

describe('clock steps and the result', () => {
  it('advance and set move the simulation clock; each step reports the clock when it ended; the result counts failed and erred steps', async () => {
    const before = performance.now();
    const r = await run([
      'name: clock',
      'start: 2026-03-01T08:00:00Z',
      'steps:',
      '  - advance: 90m',
      '  - id: s',
      '    send: { message: { type: track, userId: u, event: E } }',
      '  - set: 2026-03-02T10:00:00Z',
      '  - expect: { messages: { count: 2 } }',
      '  - expect: { messages: { count: 1 } }',
      '',
    ]);
    expect(r.steps.map((s) => [s.status, s.clock])).toEqual([
      ['passed', '2026-03-01T09:30:00.000Z'],
      ['passed', '2026-03-01T09:30:00.000Z'],
      ['passed', '2026-03-02T10:00:00.000Z'],
      ['failed', '2026-03-02T10:00:00.000Z'],
      ['passed', '2026-03-02T10:00:00.000Z'],
    ]);
    expect(r).toMatchObject({ name: 'clock', file: join(dir, 'x.scenario.yaml'), passed: false, failures: 1 });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    expect(r.durationMs).toBeLessThanOrEqual(Math.ceil(performance.now() - before));
    expect(Number.isInteger(r.durationMs)).toBe(true);
    // The clock stamped the send when it was sent, and stays paused where the run left it.
    expect((await captured(r.steps[1].seqs![0])).receivedAt).toBe('2026-03-01T09:30:00.000Z');
    expect(await t.engine.call('clock.get', undefined)).toMatchObject({ nowMs: Date.parse('2026-03-02T10:00:00Z'), mode: 'paused' });
  });

  it('a run whose every step passes has passed, with no failure', async () => {
    const r = await run(['name: fine', 'steps:', '  - advance: 1s', '  - send: { message: { type: track, userId: u, event: E } }', '']);
    expect(r).toMatchObject({ passed: true, failures: 0, steps: [{ status: 'passed', index: 0, label: 'advance 1s' }, { status: 'passed', index: 1 }] });
    expect(r.error).toBeUndefined();
  });

  it('onStep hears each step start and end; beforeStep is awaited before each; a signal aborted stops the run before the next step', async () => {
    const controller = new AbortController();
    const heard: string[] = [];
    const r = await run(['name: stop', 'steps:', '  - advance: 1m', '  - advance: 2m', '  - advance: 3m', ''], {
      signal: controller.signal,
      beforeStep: async (step) => {
        heard.push(`before ${step.index}`);
        if (step.index === 1) controller.abort();
      },
      onStep: (step, scenario) => heard.push(`${scenario.name} ${step.index} ${step.status}`),
    });
    expect(heard).toEqual(['before 0', 'stop 0 running', 'stop 0 passed', 'before 1']);
    expect(r.steps.map((s) => s.status)).toEqual(['passed', 'pending', 'pending']);
    // Stopped with no step failed: not a pass.
    expect(r).toMatchObject({ passed: false, failures: 0 });
  });

  it('a signal aborted while a step runs: the next step is not started, not even its beforeStep', async () => {
    const controller = new AbortController();
    const before: number[] = [];
    const r = await run(['name: stop mid-step', 'steps:', '  - advance: 1m', '  - advance: 2m', ''], {
      signal: controller.signal,
      beforeStep: async (step) => void before.push(step.index),
      onStep: (step) => {
        if (step.status === 'passed') controller.abort();
      },
    });
    expect(before).toEqual([0]);
    expect(r.steps.map((s) => s.status)).toEqual(['passed', 'pending']);
  });

  it('an engine with an access token: the run sends it to the automation API (users, settings, expectations)', async () => {
    await t.dispose();
    t = await startTestEngine({ accessToken: 'runner-token-123456' });
    const scenario = load([
      'name: token',
      'settings: { matching: { scope: webhook-and-tracking } }',
      'steps:',
      '  - users: [{ id: u-ada, username: ada }]',
      '  - id: s',
      '    send: { message: { type: identify, userId: ada } }',
      '  - expect:',
      '      users: { count: 1 }',
      '      messages: { count: 1 }',
      '      matching: { step: s, outcome: matched-by-username }',
      '',
    ]);
    const withToken = await runScenario({ api: t.engine, url: t.engine.url, accessToken: 'runner-token-123456' }, scenario);
    expect(outcomes(withToken)).toEqual(['passed', 'passed', ['true 1 message', 'true message of step "s": matched-by-username, user u-ada (username ada)', 'true 1 user']]);
    const without = await runScenario({ api: t.engine, url: t.engine.url }, scenario);
    expect(without.error).toMatch(/^the run's set-up failed: settings.matching: this Eventbench is reachable beyond this machine/);
  });
});

describe('sends', () => {
  it('one message goes to its own endpoint, a batch (or a type the API has no endpoint for) to /v1/batch with the clock as sentAt', async () => {
    const r = await run([
      'name: endpoints',
      'start: 2026-04-01T12:00:00Z',
      'steps:',
      '  - send: { message: { type: identify, userId: u } }',
      '  - send: { message: { userId: u, event: No Type } }',
      '  - send: { message: { type: alias, userId: u, previousId: p } }',
      '  - send: { batch: [{ type: page, userId: u, name: Home }] }',
      '  - send: { message: { type: custom, userId: u } }',
      '  - send: { writeKey: other_key, message: { type: screen, userId: u, name: S, messageId: kept-id } }',
      '',
    ]);
    expect(r.steps.map((s) => s.status)).toEqual(Array(6).fill('passed'));
    const got = await Promise.all(r.steps.map(async (s) => captured(s.seqs![0])));
    expect(got.map((c) => [c.origin.endpoint, c.message.type ?? null])).toEqual([
      ['/v1/identify', 'identify'],
      ['/v1/track', 'track'],
      ['/v1/alias', 'alias'],
      ['/v1/batch', 'page'],
      ['/v1/batch', 'custom'],
      ['/v1/screen', 'screen'],
    ]);
    expect(got[3].message.sentAt).toBe('2026-04-01T12:00:00.000Z');
    const keys = got.map((c) => (c.origin.kind === 'tracking' ? c.origin.writeKeyFingerprint : undefined));
    expect(keys.slice(1, 5)).toEqual(Array(4).fill(keys[0]));
    expect(keys[0]).toBe(writeKeyFingerprint(SCENARIO_WRITE_KEY));
    expect(keys[5]).toBe(writeKeyFingerprint('other_key'));
    expect(got[5].message.messageId).toBe('kept-id');
    // The others get the run's own ids, one each.
    expect(new Set(got.map((c) => c.message.messageId)).size).toBe(6);
  });

  it("runs of one Scenario object each give their messages new ids, and leave the scenario's messages as written", async () => {
    const scenario = load(['name: twice', 'steps:', '  - id: one', '    send: { message: { type: track, userId: u, event: E } }', '  - send: { batch: [{ type: track, userId: u, event: F }] }', '']);
    const first = await runScenario({ api: t.engine, url: t.engine.url }, scenario);
    const second = await runScenario({ api: t.engine, url: t.engine.url }, scenario);
    expect(first.steps.map((s) => s.id)).toEqual(['one', undefined]);
    expect('id' in first.steps[1]).toBe(false);
    const ids = await Promise.all([first, second].flatMap((r) => r.steps.map(async (s) => (await captured(s.seqs![0])).message.messageId)));
    expect(new Set(ids).size).toBe(4);
    const [one, batch] = scenario.steps;
    expect([one.kind === 'send' && one.send.message, batch.kind === 'send' && batch.send.batch]).toEqual([{ type: 'track', userId: 'u', event: 'E' }, [{ type: 'track', userId: 'u', event: 'F' }]]);
  });

  it('a messageId captured before the run: the step reports the copy it sent, not the earlier one', async () => {
    expect((await postJson(`${t.engine.url}/v1/track`, { userId: 'old', event: 'E', messageId: 'same-id' }, { authorization: `Basic ${Buffer.from('k:').toString('base64')}` })).status).toBe(200);
    const r = await run(['name: dup', 'steps:', '  - send: { message: { type: track, userId: u, event: Again, messageId: same-id } }', '']);
    expect(r.steps[0].seqs).toHaveLength(1);
    expect((await captured(r.steps[0].seqs![0])).message.event).toBe('Again');
  });

  it("a receiver's long refusal is cut to its first 200 characters", async () => {
    const scenario = load(['name: long', 'steps:', '  - send: { via: webhook, webhook: pf, message: { type: track, userId: u, event: E } }', '']);
    const first = scenario.steps[0];
    if (first.kind !== 'send') throw new Error('expected a send');
    first.send.webhook = `${'x'.repeat(63)}!`;
    const r = await runScenario({ api: t.engine, url: t.engine.url }, scenario);
    expect(r.steps[0].error).toMatch(/^the receiver answered 400: \{/);
    expect(r.steps[0].error).toHaveLength('the receiver answered 400: '.length + 200);
  });

  it('a webhook that rejects unsigned requests answers 401 and still captures: the step passes with its message; another 4xx fails the step with the answer', async () => {
    // Signed on the engine, but not in the scenario: its sends go unsigned.
    await t.engine.call('webhooks.save', { name: 'strict', secret: 'engine-only', rejectInvalid: true });
    const scenario = load(['name: hooks', 'steps:', '  - send: { via: webhook, webhook: strict, message: { type: track, userId: u, event: E } }', '  - send: { via: webhook, webhook: strict, message: { type: track, userId: u, event: F } }', '  - advance: 1s', '']);
    const second = scenario.steps[1];
    if (second.kind !== 'send') throw new Error('expected a send');
    second.send.webhook = 'not a name!';
    const r = await runScenario({ api: t.engine, url: t.engine.url }, scenario);
    expect(r.steps[0].status).toBe('passed');
    expect(r.steps[0].seqs).toHaveLength(1);
    expect((await captured(r.steps[0].seqs![0])).origin).toMatchObject({ kind: 'webhook', signature: { status: 'missing' } });
    expect(await t.engine.call('messages.seqsOf', { messageIds: [(await captured(r.steps[0].seqs![0])).message.messageId as string] })).toEqual(r.steps[0].seqs);
    expect(r.steps[1]).toMatchObject({ status: 'error', error: expect.stringMatching(/^the receiver answered 400: \{.*invalid-webhook-name/) });
    expect(r.steps[2].status).toBe('passed');
  });

  it('a webhook send of a batch posts the array; without a webhook name, or via sender with a batch, the step errs', async () => {
    const scenario = load([
      'name: shapes',
      'webhooks: [{ name: pf }]',
      'steps:',
      '  - send: { via: webhook, webhook: pf, batch: [{ type: track, userId: u, event: A }, { type: track, userId: u, event: B }] }',
      '  - send: { via: webhook, webhook: pf, message: { type: track, userId: u, event: C } }',
      '  - send: { via: sender, message: { type: track, userId: u, event: D } }',
      '',
    ]);
    const [, noName, sender] = scenario.steps;
    if (noName.kind !== 'send' || sender.kind !== 'send') throw new Error('expected sends');
    delete noName.send.webhook;
    sender.send = { via: 'sender', batch: [{ type: 'track', userId: 'u', event: 'D' }, { type: 'track', userId: 'u', event: 'E' }] };
    const r = await runScenario({ api: t.engine, url: t.engine.url }, scenario);
    expect(outcomes(r)).toEqual(['passed', 'send via webhook needs "webhook": the webhook name', 'via: sender sends one message; use several steps']);
    const events = await Promise.all(r.steps[0].seqs!.map(async (q) => (await captured(q)).message.event));
    expect(events).toEqual(['A', 'B']);
    expect((await captured(r.steps[0].seqs![0])).origin.endpoint).toBe('/webhook/pf');
    // The scenario's webhook as it wrote it: no secret, not rejecting.
    expect(await t.engine.call('webhooks.list', undefined)).toMatchObject([{ name: 'pf', hasSecret: false, rejectInvalid: false }]);
  });

  it("a catalog event is sent as its example with the overrides merged in, stamped by the clock, not the example's time", async () => {
    const r = await run(['name: catalog', 'start: 2026-05-05T05:05:05Z', 'steps:', '  - send: { event: { profile: provesource, name: Notification Viewed, overrides: { userId: ov-1, properties: { notificationName: Promo } } } }', '']);
    const m = (await captured(r.steps[0].seqs![0])).message;
    expect(m).toMatchObject({ userId: 'ov-1', anonymousId: 'scenario-anon', event: 'Notification Viewed' });
    // The example's own times are left out: the receiver's clock is the message's time.
    expect([m.timestamp, m.originalTimestamp, (await captured(r.steps[0].seqs![0])).receivedAt]).toEqual([undefined, undefined, '2026-05-05T05:05:05.000Z']);
    const props = m.properties as Record<string, unknown>;
    expect(props.notificationName).toBe('Promo');
    // Merged, not replaced: the example's other properties stay.
    expect(Object.keys(props).length).toBeGreaterThan(1);
    expect(typeof m.messageId).toBe('string');
    expect(m.messageId).not.toBe('');
  });

  it("overrides replace the example's arrays and values whole, and merge into its objects", async () => {
    const r = await run([
      'name: merge',
      'steps:',
      '  - send: { event: { profile: provesource, name: Goal Completed, overrides: { context: [1], properties: { events: { only: one }, goalName: [a, b], goalId: null, extra: { x: 1 } } } } }',
      '',
    ]);
    const m = (await captured(r.steps[0].seqs![0])).message;
    expect(m.context).toEqual([1]);
    expect(m.properties).toEqual({ goalId: null, goalName: ['a', 'b'], events: { only: 'one' }, extra: { x: 1 } });
  });

  it('a catalog event of a profile without an event list is one of the call types; another name errs listing them', async () => {
    const scenario = load(['name: generic', 'steps:', '  - send: { event: { profile: segment, name: track } }', '  - send: { event: { profile: segment, name: track } }', '']);
    const second = scenario.steps[1];
    if (second.kind !== 'send') throw new Error('expected a send');
    second.send.event!.name = 'tracks';
    const r = await runScenario({ api: t.engine, url: t.engine.url }, scenario);
    expect(r.steps[0].status).toBe('passed');
    expect((await captured(r.steps[0].seqs![0])).message.type).toBe('track');
    expect(r.steps[1].error).toMatch(/^send\.event: .+ has no event "tracks"; it has track, identify, group, page, screen, alias$/);
  });
});

describe('deliveries', () => {
  it('a delivery that failed is judged by its state and the status it got; the step itself passes, with no message captured', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"no"}'));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const r = await run([
        'name: refused delivery',
        'steps:',
        '  - id: out',
        `    send: { via: sender, target: { kind: webhook, url: "${url}" }, message: { type: track, userId: u, event: E } }`,
        '  - expect: { delivery: { step: out, state: failed, status: 400 } }',
        '  - expect: { delivery: { step: out, state: delivered } }',
        '',
      ]);
      expect(r.steps[0]).toMatchObject({ status: 'passed', seqs: [] });
      expect(r.steps.slice(1).map((s) => s.expectations![0].passed)).toEqual([true, false]);
      expect(r.steps[1].expectations![0].message).toBe('delivery of step "out": {"state":"failed","status":400}');
      // The failed expectation says why it failed: the diff alone said "failed", not what the host answered.
      expect(r.steps[2].expectations![0].message).toBe(`delivery of step "out" differs: 1 attempt to ${url}; the last was answered 400: {"error":"no"}`);
    } finally {
      server.close();
    }
  });

  // It passed as a plain ✓ with nothing captured, and a QA reader took it for sent.
  it('a sender send whose delivery fails (type: pgae, which analytics-node refuses) passes with a warning saying so, unless a later expectation says it is meant', async () => {
    const send = '  - send: { via: sender, target: local, message: { type: pgae, userId: u } }';
    const r = await run(['name: refused by the sender', 'steps:', send, '  - advance: 1s', '']);
    expect(r).toMatchObject({ passed: true, failures: 0 });
    expect(r.steps[0]).toMatchObject({ status: 'passed', seqs: [] });
    expect(r.steps[0].warning).toMatch(/^its delivery failed: .*pgae.* \(if that is on purpose, say so after the send: expect: \{ delivery: \{ state: failed \} \}\)$/);
    expect(r.steps[1].warning).toBeUndefined();
    const meant = await run(['name: refused on purpose', 'steps:', send, '  - advance: 1s', '  - expect: { delivery: { state: failed } }', '']);
    expect(meant.passed).toBe(true);
    expect(meant.steps.map((s) => s.warning)).toEqual([undefined, undefined, undefined]);
    // A send with an id: the expectation it suggests names it, as the check's hint does.
    const named = await run(['name: refused by id', 'steps:', '  - id: buy', send.replace('  - send', '    send'), '']);
    expect(named.steps[0].warning).toMatch(/\(if that is on purpose, say so after the send: expect: \{ delivery: \{ step: buy, state: failed \} \}\)$/);
  });

  it('target: local sends through this engine: the delivery is linked to the message it captured', async () => {
    const r = await run(['name: local', 'steps:', '  - id: s', '    send: { via: sender, target: local, message: { type: track, userId: u, event: Local } }', '  - expect: { delivery: { step: s, state: delivered, status: 200 } }', '']);
    expect(r.steps.map((s) => s.status)).toEqual(['passed', 'passed']);
    expect((await captured(r.steps[0].seqs![0])).message.event).toBe('Local');
  });

  it('a sender target the engine refuses errs the step at once with its reason, and the run goes on', async () => {
    const scenario = load(['name: refused target', 'steps:', '  - send: { via: sender, message: { type: track, userId: u, event: E } }', '  - advance: 1s', '']);
    const first = scenario.steps[0];
    if (first.kind !== 'send') throw new Error('expected a send');
    first.send.target = { kind: 'webhook', url: 'not a url' };
    const r = await runScenario({ api: t.engine, url: t.engine.url }, scenario);
    expect(r.steps[0]).toMatchObject({ status: 'error', error: 'webhook URL "not a url" is not a valid URL (expected e.g. https://example.com/hook)' });
    expect(r.steps[1].status).toBe('passed');
  });
});

describe('users steps', () => {
  const scenarioIn = async (name: string, text: string[]) => {
    await writeFile(join(dir, name), text.join('\n'));
  };

  it('reads a users file from the scenario folder: a .csv as CSV, another as JSON', async () => {
    await scenarioIn('people.CSV', ['id,username,email', 'u-1,ann,ann@example.com', '']);
    await scenarioIn('more.json', [JSON.stringify([{ id: 'u-2', username: 'bob' }])]);
    const r = await run(['name: files', 'steps:', '  - users: { file: people.CSV }', '  - users: { file: more.json }', '  - expect: { users: { count: 2, contains: [{ id: u-1, email: ann@example.com }, { username: bob }] } }', ''], { baseDir: dir });
    expect(outcomes(r)).toEqual(['passed', 'passed', ['true 2 users', 'true a user with {"id":"u-1","email":"ann@example.com"}', 'true a user with {"username":"bob"}']]);
  });

  it('a file that cannot be read, rows not imported, or a file the import refuses each err with what went wrong', async () => {
    await scenarioIn('bad-rows.csv', ['id,username', 'u-1,ann', 'u-2,', 'u-3,carl', '']);
    await scenarioIn('nothing.csv', ['1234']);
    const r = await run(['name: refusals', 'steps:', '  - users: { file: missing.csv }', '  - users: { file: bad-rows.csv }', '  - users: { file: nothing.csv }', ''], { baseDir: dir });
    expect(r.steps[0].error).toBe(`users.file: cannot read ${join(dir, 'missing.csv')} (ENOENT: no such file or directory, open '${join(dir, 'missing.csv')}')`);
    expect(r.steps[1].error).toMatch(/^users: 1 row not imported, e\.g\. line 3: \S/);
    expect(r.steps[2].error).toMatch(/^importing users failed \(400\): \S/);
  });

  it('confined (the app): no folder, a file outside it or the folder itself, and a FIFO are refused before reading', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    const steps = ['name: confined', 'steps:', '  - users: { file: ../elsewhere.csv }', '  - users: { file: . }', '  - users: { file: pipe.csv }', `  - users: { file: ${join(dir, 'in.json')} }`, ''];
    await scenarioIn('in.json', [JSON.stringify([{ id: 'u-in', username: 'in' }])]);
    const r = await run(steps, { baseDir: dir, confineFiles: true });
    expect(r.steps.map((s) => s.error ?? s.status)).toEqual([
      `users.file: ../elsewhere.csv is outside the scenario's folder (${dir}); in the app a scenario reads files from its own folder only (eventbench run reads any)`,
      `users.file: . is outside the scenario's folder (${dir}); in the app a scenario reads files from its own folder only (eventbench run reads any)`,
      `users.file: ${join(dir, 'pipe.csv')} is not a regular file (a FIFO)`,
      'passed',
    ]);
    const noFolder = await run(['name: no folder', 'steps:', '  - users: { file: in.json }', ''], { confineFiles: true });
    expect(noFolder.steps[0].error).toMatch(/^users\.file: this scenario was opened in the app without its folder, so it reads no files: .*its folder is then where in\.json is looked for/);
    // Not confined (eventbench run): a path outside the folder is read.
    await writeFile(join(dir, '..', `${dir.split('/').pop()}-outside.json`), JSON.stringify([{ id: 'u-out', username: 'out' }]));
    try {
      const free = await run(['name: free', 'steps:', `  - users: { file: ../${dir.split('/').pop()}-outside.json }`, '  - expect: { users: { contains: [{ id: u-out }] } }', ''], { baseDir: dir });
      expect(free.passed).toBe(true);
    } finally {
      await rm(join(dir, '..', `${dir.split('/').pop()}-outside.json`), { force: true });
    }
  });

  it('an invalid matching setting fails the set-up with the engine\'s reason', async () => {
    const scenario = load(['name: bad settings', 'steps:', '  - advance: 1s', '']);
    const before = performance.now();
    const r = await runScenario({ api: t.engine, url: t.engine.url }, { ...scenario, settings: { matching: { scope: 'everything' as never } } });
    expect(r).toMatchObject({ name: 'bad settings', file: join(dir, 'x.scenario.yaml'), passed: false, failures: 1, steps: [{ status: 'pending' }] });
    expect(r.durationMs).toBeLessThanOrEqual(Math.ceil(performance.now() - before));
    expect(r.error).toMatch(/^the run's set-up failed: settings\.matching: \S/);
    expect(r.error).not.toContain('the engine answered');
  });
});

describe('expectations', () => {
  // A double send (an order tracked twice) failed with "expected 1 message …, got 2": which two,
  // and which sends, the reader had to find in the inspector.
  it('more messages than count names them, with the line of the send that captured each', async () => {
    const r = await run([
      'name: twice',
      'steps:',
      '  - send: { message: { type: track, userId: u, event: Order Completed } }',
      '  - send: { message: { type: track, userId: u, event: Page Viewed } }',
      '  - send: { batch: [{ type: track, userId: u, event: Order Completed }, { type: track, userId: u, event: Order Completed }] }',
      '  - expect: { messages: { match: { event: Order Completed }, count: 1 } }',
      '  - expect: { messages: { filter: { event: Order Completed }, count: 3 } }',
    ]);
    expect(outcomes(r).slice(3)).toEqual([
      ['false expected 1 message matching {"event":"Order Completed"}, got 3: #1 (sent on line 3), #3 (line 5), #4 (line 5)'],
      ['true 3 messages with event=Order Completed'],
    ]);
  });

  it("a messages expectation counts only this run's messages, even with afterSeq: 0 in its filter; a filter the API refuses errs", async () => {
    expect((await postJson(`${t.engine.url}/v1/track`, { userId: 'old', event: 'E', messageId: 'before-the-run' }, { authorization: `Basic ${Buffer.from('k:').toString('base64')}` })).status).toBe(200);
    const r = await run([
      'name: own',
      'steps:',
      '  - send: { message: { type: track, userId: u, event: E } }',
      '  - expect: { messages: { filter: { event: E, afterSeq: 0 }, count: 1 } }',
      '  - expect: { messages: { filter: { event: E }, atLeast: 1 } }',
      '  - expect: { messages: { filter: { afterSeq: soon } } }',
      '',
    ]);
    expect(outcomes(r).slice(1, 3)).toEqual([['true 1 message with event=E, afterSeq=0'], ['true 1 message with event=E (at least 1)']]);
    expect(r.steps[3]).toMatchObject({ status: 'error', error: 'expect.messages.filter: afterSeq must be a whole number, not "soon"' });
  });

  it('a message cleared from the log while the run goes on is not judged (the log can be cleared in the app meanwhile)', async () => {
    const r = await run(['name: cleared', 'steps:', '  - id: s', '    send: { message: { type: track, userId: u, event: E } }', '  - expect: { findings: { step: s, count: 0 }, dropReasons: { step: s, none: true }, accountConflicts: [] }', ''], {
      beforeStep: async (step) => {
        if (step.kind === 'expect') await t.engine.call('messages.clear', undefined);
      },
    });
    expect(r.steps[1].status).not.toBe('error');
    expect(r.steps[1].error).toBeUndefined();
  });

  it('a session by index, and the sessions counted', async () => {
    const r = await run([
      'name: sessions',
      'settings: { sessions: { timeoutMs: 60000 } }',
      'steps:',
      '  - send: { message: { type: track, anonymousId: a-1, event: One } }',
      '  - advance: 5m',
      '  - send: { message: { type: track, anonymousId: a-1, event: Two } }',
      '  - send: { message: { type: track, anonymousId: a-2, event: Three } }',
      '  - expect:',
      '      session: { anonymousId: a-1, index: 1, state: timedOut }',
      '      sessions: { count: 3, timedOut: 1, open: 2 }',
      '  - expect: { session: { anonymousId: a-1, index: 2, state: timedOut } }',
      '',
    ]);
    expect(r.steps[4].expectations!.map((e) => e.passed)).toEqual([true, true]);
    expect(r.steps[5].expectations![0]).toMatchObject({ passed: false });
    expect(await t.engine.call('sessions.list', undefined)).toHaveLength(3);
    expect(await t.engine.call('sessions.settings', undefined)).toMatchObject({ timeoutMs: 60_000 });
  });

  it('users: a count that differs names five users and how many more; a user not there says what was looked for and the nearest users', async () => {
    const none = await run(['name: none', 'steps:', '  - expect: { users: { count: 1 } }', '']);
    expect(none.steps[0].expectations![0].message).toBe('expected 1 user, got 0');
    const users = Array.from({ length: 7 }, (_, i) => `{ id: u-${i + 1}, ${i === 1 ? 'email: b@example.com' : `username: ${'abcdefg'[i]}`} }`);
    const r = await run(['name: many', 'steps:', `  - users: [${users.join(', ')}]`, '  - expect: { users: { count: 6, contains: [{ username: bob }] } }']);
    expect(r.steps[1].expectations!.map((e) => [e.passed, e.message])).toEqual([
      [false, 'expected 6 users, got 7: u-1 (username a); u-2 (email b@example.com); u-3 (username c); u-4 (username d); u-5 (username e); and 2 more'],
      [false, 'no user has {"username":"bob"}; nearest: u-1 (username a): username is "a", expected "bob"; u-2 (email b@example.com): username is missing; u-3 (username c): username is "c", expected "bob"'],
    ]);
    expect(r.steps[1].expectations![1].actual).toHaveLength(5);
  });

  it('matching: the outcome and the conflict flag, passed and failed; a message not matched reads as no conflict', async () => {
    const r = await run([
      'name: webhook matching',
      'settings: { matching: { conflict: userId-wins } }',
      'webhooks: [{ name: pf }]',
      'steps:',
      '  - users: [{ id: u-ada, username: ada-l, email: ada@example.com }, { id: u-bob, username: bob }]',
      '  - id: both',
      '    send: { via: webhook, webhook: pf, message: { type: identify, userId: bob, traits: { email: ada@example.com } } }',
      '  - expect: { matching: { step: both, conflict: true } }',
      '  - expect: { matching: { step: both, outcome: created, conflict: false } }',
      '  - id: tracked',
      '    send: { message: { type: identify, userId: zed } }',
      '  - expect: { matching: { step: tracked, conflict: false } }',
      '',
    ]);
    expect(r.steps[2].expectations![0]).toMatchObject({ passed: true, message: 'message of step "both": matched-by-username, user u-bob (username bob), flagged as a conflict' });
    expect(r.steps[3].expectations![0]).toMatchObject({ passed: false, message: 'matching of step "both" differs', expected: { outcome: 'created', conflict: false }, actual: { outcome: 'matched-by-username', conflict: true } });
    expect(r.steps[3].expectations![0].diff).toContain('-   "outcome": "created"');
    // Not matched (Tracking API, scope webhook): the conflict reads false, and the reason is given.
    expect(r.steps[5].expectations![0]).toMatchObject({ passed: true, message: 'message of step "tracked": not matched', actual: { conflict: false } });
  });

  it('a matching expectation that fails gives the scope as the reason only for a message the scope left out', async () => {
    const lines = (scope: string) => [
      'name: unmatched',
      `settings: { matching: { scope: ${scope} } }`,
      'webhooks: [{ name: pf }]',
      'steps:',
      '  - id: hook',
      '    send: { via: webhook, webhook: pf, message: { type: track, anonymousId: anon-only, event: E } }',
      '  - expect: { matching: { step: hook, outcome: created } }',
      '  - id: tracked',
      '    send: { message: { type: track, anonymousId: anon-only, event: E } }',
      '  - expect: { matching: { step: tracked, outcome: created } }',
      '',
    ];
    const webhookOnly = await run(lines('webhook'));
    // A webhook message that found no user is decided "unmatched": no reason to add.
    expect(webhookOnly.steps[1].expectations![0]).toMatchObject({ passed: false, message: 'matching of step "hook" differs', actual: { outcome: 'unmatched' } });
    expect(webhookOnly.steps[3].expectations![0].message).toMatch(/^matching of step "tracked" differs: its message was not matched, as it came through the Tracking API/);
    // With both in scope, every message has a decision, "unmatched" at worst, and no reason is added.
    const both = await run(lines('webhook-and-tracking'));
    expect(both.steps[3].expectations![0]).toMatchObject({ passed: false, message: 'matching of step "tracked" differs', actual: { outcome: 'unmatched' } });
  });
});
