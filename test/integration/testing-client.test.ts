// eventbench/testing from vitest: a real analytics-node sends, the client waits instead of
// sleeping, a failure prints expected vs the nearest message, and the same client drives an
// already running `eventbench serve` through its URL.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Analytics } from '@segment/analytics-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventbenchAssertionError, expectScenarios, runScenarios, startEventbench, writeKeyFingerprint, type Eventbench, type JsonObject } from 'eventbench/testing';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let bench: Eventbench;
beforeAll(async () => {
  bench = await startEventbench({ port: 0 });
});
afterAll(() => bench.close());
beforeEach(() => bench.reset());

describe('eventbench/testing in vitest', () => {
  it('waits for what analytics-node sends, matching only the fields the test cares about', async () => {
    const analytics = new Analytics({ writeKey: 'test-key', host: bench.url, flushAt: 1 });
    analytics.track({ userId: 'ada', event: 'Goal Completed', properties: { goalId: 'g-1', goalName: 'Signup', extra: 'ignored by the match' } });
    const m = await bench.expectMessage({ type: 'track', event: 'Goal Completed', properties: { goalId: 'g-1' } }, { timeoutMs: 5000 });
    expect(m.message.userId).toBe('ada');
    expect(m.origin).toMatchObject({ kind: 'tracking', writeKey: 'tes…key', writeKeyFingerprint: writeKeyFingerprint('test-key') });
    await analytics.closeAndFlush();
    await bench.expectNoMessage({ event: 'Goal Abandoned' }, { settleMs: 100 });
  });

  it('a failed expectation shows the expected shape against the nearest captured message', async () => {
    const analytics = new Analytics({ writeKey: 'k', host: bench.url, flushAt: 1 });
    analytics.track({ userId: 'ada', event: 'Goal Completed', properties: { goalId: 'g-2' } });
    await analytics.closeAndFlush();
    const err = await bench.expectMessage({ event: 'Goal Completed', properties: { goalId: 'g-1' } }, { timeoutMs: 200 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('properties.goalId is "g-2", expected "g-1"');
    expect((err as Error).message).toContain('-     "goalId": "g-1"');
    expect((err as Error).message).toContain('+     "goalId": "g-2"');
    await expect(bench.expectNoMessage({ event: 'Goal Completed' }, { settleMs: 100 })).rejects.toThrow(/expected no message containing/);
  });

  it('shows the closest miss, not the last one, when newer messages differ more', async () => {
    const analytics = new Analytics({ writeKey: 'k', host: bench.url, flushAt: 1 });
    analytics.track({ userId: 'ada', event: 'Goal Completed', properties: { goalId: 'g-2' } });
    analytics.identify({ userId: 'ada', traits: { email: 'ada@example.com' } });
    analytics.page({ userId: 'ada', name: 'Pricing' });
    analytics.track({ userId: 'ada', event: 'Pricing Viewed' });
    analytics.track({ userId: 'ada', event: 'Plan Picked', properties: { plan: 'pro' } });
    await analytics.closeAndFlush();
    await bench.expectMessage({ event: 'Plan Picked' });
    const err = await bench.expectMessage({ type: 'track', event: 'Goal Completed', properties: { goalId: 'g-1' } }, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventbenchAssertionError);
    const message = (err as EventbenchAssertionError).message;
    expect(message).toContain('nearest: #1: properties.goalId is "g-2", expected "g-1"');
    expect(message).toContain('the nearest captured message #1:');
    expect(message).toContain('+     "goalId": "g-2"');
    // The error carries the near misses it names, closest first, as the captured messages.
    const nearest = (err as EventbenchAssertionError).nearest;
    expect(nearest.map((c) => c.seq)[0]).toBe(1);
    expect(nearest[0]).toMatchObject({ seq: 1, message: { event: 'Goal Completed' }, origin: { kind: 'tracking' } });
  });

  it('says how many arrived when fewer than count did, and when nothing was captured at all', async () => {
    const analytics = new Analytics({ writeKey: 'k', host: bench.url, flushAt: 1 });
    analytics.track({ userId: 'ada', event: 'Item Added', properties: { sku: 'a' } });
    await analytics.closeAndFlush();
    const few = await bench.expectMessages({ event: 'Item Added' }, { count: 3, timeoutMs: 100 }).catch((e: Error) => e);
    expect((few as Error).message).toContain('1 of the 3 expected arrived: #1');
    expect((few as Error).message).not.toContain('No captured message passed');
    await bench.reset();
    const none = await bench.expectMessage({ event: 'Item Added' }, { timeoutMs: 100 }).catch((e: Error) => e);
    expect((none as Error).message).toContain(`Nothing was captured at ${bench.url}.`);
    const filtered = await bench.expectMessage({ event: 'Item Added' }, { timeoutMs: 100, filter: { userId: 'bob' } }).catch((e: Error) => e);
    expect((filtered as Error).message).toContain('Nothing captured passed the filter {"userId":"bob"}.');
  });

  it('expectMessages with a count that is not a positive whole number says what to call instead', async () => {
    // count: 0 answered with the wait API's words, "count=0 asserts that nothing matching arrives: give
    // settleMs", a query parameter the test never wrote; -1 and 1.5 were "must be a whole number".
    const none = await bench.expectMessages({ event: 'X' }, { count: 0 }).catch((e: Error) => e);
    expect((none as Error).message).toBe('eventbench: expectMessages: count 0 asks that no message arrives: call expectNoMessage(match, { settleMs }) for that');
    const odd = await bench.expectMessages({ event: 'X' }, { count: 1.5 }).catch((e: Error) => e);
    expect((odd as Error).message).toBe('eventbench: expectMessages: count must be a whole number of messages from 1 to 1000000, not 1.5');
    // Past what the wait API takes: said in the test's own words, before any request.
    const huge = await bench.expectMessages({ event: 'X' }, { count: 1e20 }).catch((e: Error) => e);
    expect((huge as Error).message).toBe('eventbench: expectMessages: count must be a whole number of messages from 1 to 1000000, not 100000000000000000000');
    const negative = await bench.expectMessage({ event: 'X' }, { timeoutMs: -1 }).catch((e: Error) => e);
    expect((negative as Error).message).toBe('eventbench: expectMessage: timeoutMs must be a whole number of milliseconds from 0 to 120000, not -1');
  });

  it('refuses a match that is not an object (a test in plain JavaScript passing the event name), naming what it got', async () => {
    // It failed with the wait API's "match is not valid JSON" about a query the test never wrote.
    for (const [call, run] of [
      ['expectMessage', (m: unknown) => bench.expectMessage(m as JsonObject)],
      ['expectMessages', (m: unknown) => bench.expectMessages(m as JsonObject, { count: 1 })],
      ['expectNoMessage', (m: unknown) => bench.expectNoMessage(m as JsonObject)],
    ] as const) {
      for (const [given, said] of [['Signed Up', 'the text "Signed Up"'], [null, 'null'], [[{ event: 'X' }], 'an array'], [5, 'the number 5']] as const) {
        const err = await run(given).catch((e: Error) => e);
        expect((err as Error).message, `${call}(${JSON.stringify(given)})`).toBe(`eventbench: ${call}: match must be an object of the fields expected, such as { event: 'Signed Up' }, not ${said}`);
      }
    }
  });

  it('refuses a match with an undefined field, which would have matched any value (a fixture bug passed the test)', async () => {
    await postJson(`${bench.url}/v1/track`, { userId: 'someone-else', event: 'Checkout Completed', properties: { items: [{ sku: 's-1' }] } });
    const user: { id?: string } = {};
    const err = await bench.expectMessage({ event: 'Checkout Completed', userId: user.id } as JsonObject).catch((e: Error) => e);
    expect((err as Error).message).toBe('eventbench: expectMessage: match.userId is undefined, which JSON leaves out, so any userId would match: give the value expected, leave the field out to accept any, or write `absent` (from eventbench/testing) to require it missing');
    const nested = await bench.expectMessages({ properties: { items: [{ sku: user.id }] } } as JsonObject, { count: 1 }).catch((e: Error) => e);
    expect((nested as Error).message).toMatch(/^eventbench: expectMessages: match\.properties\.items\[0\]\.sku is undefined/);
    const absent = await bench.expectNoMessage({ event: 'Checkout Completed', userId: user.id } as JsonObject).catch((e: Error) => e);
    expect((absent as Error).message).toMatch(/^eventbench: expectNoMessage: match\.userId is undefined/);
  });

  it('refuses a match holding a BigInt, a cycle, a function or a RegExp object, naming where, before any request', async () => {
    await postJson(`${bench.url}/v1/track`, { userId: 'someone-else', event: 'Checkout Completed', properties: { total: 12 } });
    const cycle: Record<string, unknown> = { event: 'Checkout Completed' };
    cycle.self = cycle;
    const cases: [JsonObject, string][] = [
      // JSON.stringify threw its own "Do not know how to serialize a BigInt" / "Converting circular structure".
      [{ properties: { total: 12n } } as unknown as JsonObject, 'eventbench: expectMessage: match.properties.total is the BigInt 12n, which JSON cannot hold: write it as the number 12'],
      [cycle as JsonObject, 'eventbench: expectMessage: match.self refers back to an object that contains it (a cycle)'],
      // JSON left these out or wrote {}: any value passed, and the test passed on the wrong message.
      [{ event: 'Checkout Completed', userId: (() => 'u') as unknown as string }, 'eventbench: expectMessage: match.userId is a function, which no message holds: give the value expected'],
      [{ event: /Checkout/ as unknown as string }, 'eventbench: expectMessage: match.event is a RegExp object: write it as the string "/Checkout/"'],
    ];
    for (const [match, message] of cases) {
      const err = await bench.expectMessage(match, { timeoutMs: 200 }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(EventbenchAssertionError);
      expect((err as Error).message).toBe(message);
    }
    // A Date still goes as its ISO text, which a message's timestamp is compared with.
    await postJson(`${bench.url}/v1/track`, { userId: 'dated', event: 'Dated', timestamp: '2026-01-02T03:04:05.000Z' });
    const dated = await bench.expectMessage({ event: 'Dated', timestamp: new Date('2026-01-02T03:04:05.000Z') as unknown as string });
    expect(dated.message.userId).toBe('dated');
    const filtered = await bench.messages({ match: { properties: { total: 12n } } as unknown as JsonObject }).catch((e: Error) => e);
    expect((filtered as Error).message).toBe('eventbench: messages: filter.match.properties.total is the BigInt 12n, which JSON cannot hold: write it as the number 12');
  });

  it('refuses a filter with an undefined value, which the query would leave out, so any value passed', async () => {
    await postJson(`${bench.url}/v1/track`, { userId: 'someone-else', event: 'Checkout Completed' });
    const user: { id?: string } = {};
    const err = await bench.expectMessage({ event: 'Checkout Completed' }, { filter: { userId: user.id } }).catch((e: Error) => e);
    expect((err as Error).message).toBe('eventbench: expectMessage: filter.userId is undefined, which matches nothing useful: the filter would be left out and any userId accepted; give the value expected, or leave the field out');
    for (const [call, run] of [
      ['expectMessages', () => bench.expectMessages({ event: 'Checkout Completed' }, { count: 1, filter: { userId: user.id } })],
      ['expectNoMessage', () => bench.expectNoMessage({ event: 'Checkout Completed' }, { filter: { userId: user.id } })],
      ['messages', () => bench.messages({ userId: user.id })],
      ['sessions', () => bench.sessions({ userId: user.id })],
      ['matching', () => bench.matching({ userId: user.id })],
    ] as const) {
      const e = await (run as () => Promise<unknown>)().then(() => undefined, (x: Error) => x);
      expect(e?.message, call).toMatch(new RegExp(`^eventbench: ${call}: filter\\.userId is undefined, which matches nothing useful`));
    }
    // messages() with no filter, or one of defined values, is as before
    expect((await bench.messages({ userId: 'someone-else' })).map((m) => m.message.event)).toEqual(['Checkout Completed']);
  });

  it('when nothing was captured, names the requests the receiver refused since reset() (a message over 32 KB, a wrong path)', async () => {
    // analytics-node gives up on a 400 without a word: the test saw only "Nothing was captured".
    const big = await postJson(`${bench.url}/v1/track`, { userId: 'ada', event: 'Report Exported', properties: { rows: 'x'.repeat(40_000) } }, { 'user-agent': 'qa-client/1.0' });
    expect(big.status).toBe(400);
    expect((await postJson(`${bench.url}/v1/trak`, { userId: 'ada', event: 'Report Exported' })).status).toBe(404);
    const err = await bench.expectMessage({ event: 'Report Exported' }, { timeoutMs: 100 }).catch((e: Error) => e);
    const text = (err as Error).message;
    expect(text).toContain(`Nothing was captured at ${bench.url}.`);
    expect(text).toMatch(/The receiver refused 2 requests since the last reset\(\) \(nothing of them is captured\):\n {2}\d\d:\d\d:\d\d POST \/v1\/track 400 from qa-client\/1\.0: .*32/);
    expect(text).toMatch(/\n {2}\d\d:\d\d:\d\d POST \/v1\/trak 404 from .*: unknown Tracking API path/);
    // After reset() the earlier refusals are not this test's: not named.
    await bench.reset();
    const later = await bench.expectMessage({ event: 'Report Exported' }, { timeoutMs: 100 }).catch((e: Error) => e);
    expect((later as Error).message).not.toContain('refused');
    expect(await (await fetch(`${bench.url}/api/activity`)).json()).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'refused', endpoint: '/v1/track', status: 400 })]));
  });

  it('a failed expectNoMessage shows the message that should not be there', async () => {
    const analytics = new Analytics({ writeKey: 'k', host: bench.url, flushAt: 1 });
    analytics.track({ userId: 'ada', event: 'Goal Abandoned', properties: { goalId: 'g-9' } });
    await analytics.closeAndFlush();
    const err = await bench.expectNoMessage({ event: 'Goal Abandoned' }, { settleMs: 100 }).catch((e: Error) => e);
    expect((err as Error).message).toContain('expected no message containing {"event":"Goal Abandoned"} within 100 ms, but 1 captured message has it: #1');
    expect((err as Error).message).toMatch(/#1 \{.*"event":"Goal Abandoned".*"properties":\{"goalId":"g-9"\}/);
    expect((err as EventbenchAssertionError).nearest.map((c) => c.seq)).toEqual([1]);
  });

  it('waits 3 s by default, inside Jest\'s and vitest\'s 5 s test timeout, so the diff is what fails a test', async () => {
    const err = await bench.expectMessage({ event: 'Never Sent' }).catch((e: Error) => e);
    expect((err as Error).message).toContain('within 3000 ms');
  });

  it('drives the clock and reads sessions', async () => {
    // analytics-node stamps `timestamp` with the machine's clock, which sessions go by: pause the
    // simulation clock at the real now, then move it on.
    await bench.clock.pause();
    const analytics = new Analytics({ writeKey: 'k', host: bench.url, flushAt: 1 });
    analytics.track({ anonymousId: 'v-1', userId: 'ada', event: 'Opened', properties: { module: 'Billing' } });
    await analytics.closeAndFlush();
    await bench.expectMessage({ event: 'Opened' });
    await bench.clock.advance(31 * 60_000);
    const [s] = await bench.sessions({ anonymousId: 'v-1' });
    expect(s).toMatchObject({ state: 'timedOut' });
    expect((await bench.clock.live()).mode).toBe('live');
  });

  it('imports a customer\'s users (objects or CSV) and reads where a webhook message landed', async () => {
    expect(await bench.importUsers([{ id: 'u-ada', username: 'ada-l', email: 'ada@example.com' }], { replace: true })).toMatchObject({ imported: 1, errors: [] });
    // A CSV as a CRM exports it, one row bad: the good one is imported, the bad one named by line.
    const csv = await bench.importUsers('id,username,email\nu-bob,bob,bob@example.com\nu-x,,\n');
    expect(csv).toMatchObject({ imported: 1, errors: [{ line: 3 }] });
    expect((await bench.users()).map((u) => u.id).sort()).toEqual(['u-ada', 'u-bob']);
    const res = await fetch(`${bench.url}/webhook/pf`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'identify', userId: 'someone', traits: { email: ' Ada@Example.com ' } }) });
    expect(res.status).toBe(200);
    const m = await bench.expectMessage({ traits: { email: ' Ada@Example.com ' } });
    expect(await bench.matching({ seq: m.seq })).toMatchObject([{ outcome: 'matched-by-email', userId: 'u-ada' }]);
    // replace: the starting directory is only what is imported now; matching re-derives from the
    // log, where the message, with Ada gone, now creates a user.
    await bench.importUsers([{ id: 'u-carol', username: 'carol' }], { replace: true });
    expect(await bench.users()).toMatchObject([{ id: 'u-carol' }, { email: 'Ada@Example.com', username: 'someone' }]);
    expect(await bench.matching({ seq: m.seq })).toMatchObject([{ outcome: 'created' }]);
    await expect(bench.importUsers(null as unknown as string)).rejects.toThrow('importUsers: expected a list of users or a CSV/JSON text, not null');
  });

  // bench.clock.nextTimeout() with no session open threw "eventbench: POST /api/clock answered 400: …",
  // a request the test never wrote; every helper said its refusals so.
  it('a refused call is named as the test wrote it, in the engine\'s words, with what to do next', async () => {
    await expect(bench.clock.nextTimeout()).rejects.toThrow(
      new Error("eventbench: clock.nextTimeout: no open session is waiting to time out; a session opens with a message that has an anonymousId or a userId: send one first, or see which are open with bench.sessions({ state: 'open' })"),
    );
    await expect(bench.clock.set('yesterday')).rejects.toThrow(new Error('eventbench: clock.set: to must be an ISO-8601 moment such as "2026-01-01T00:00:00Z" (or epoch ms), not "yesterday"'));
    // The engine's words name the raw API's form ({"action":"set","to":…}); a test writes bench.clock.set.
    await expect(bench.clock.advance(-5)).rejects.toThrow(
      new Error('eventbench: clock.advance: ms must be 0 or more, not -5: advance moves the clock forward; to move it back, use bench.clock.set(…) with an ISO-8601 moment such as "2026-01-01T00:00:00Z" (or epoch ms)'),
    );
    await expect(bench.sessions({ state: 'closed' as 'open' })).rejects.toThrow(new Error('eventbench: sessions: state must be open or timedOut, not "closed"'));
    await expect(bench.matching({ bogus: 1 } as object)).rejects.toThrow(/^eventbench: matching: unknown parameter "bogus"/);
    for (const call of [() => bench.clock.nextTimeout(), () => bench.clock.run('fast' as 'max'), () => bench.sessions({ state: 'x' as 'open' })]) {
      await expect(call()).rejects.toThrow(expect.objectContaining({ message: expect.not.stringMatching(/answered \d{3}|\/api\//) }));
    }
    // With a session open, it times out.
    await bench.clock.pause();
    const analytics = new Analytics({ writeKey: 'k', host: bench.url, flushAt: 1 });
    analytics.track({ anonymousId: 'v-next', event: 'Opened', properties: { module: 'Billing' } });
    await analytics.closeAndFlush();
    await bench.expectMessage({ event: 'Opened' });
    await bench.clock.nextTimeout();
    expect(await bench.sessions({ anonymousId: 'v-next' })).toMatchObject([{ state: 'timedOut' }]);
  });

  it('reset() between tests also puts a paused or moved clock back to live', async () => {
    await bench.clock.pause();
    await bench.clock.advance(60 * 60_000);
    expect((await bench.clock.get()).mode).not.toBe('live');
    await bench.reset();
    expect((await bench.clock.get()).mode).toBe('live');
    expect(await bench.messages()).toEqual([]);
  });
});

describe('scenarios from a test suite: runScenarios and expectScenarios', () => {
  it('run the example scenarios as `eventbench run` does, each on an engine of its own', async () => {
    const run = await runScenarios(resolve('scenarios'));
    expect(run.passed).toBe(true);
    expect(run.results.map((r) => r.name)).toContain('Product Fruits matching hits all three branches and a conflict');
    expect(run.results.every((r) => r.passed && r.steps.length > 0)).toBe(true);
    expect(run.report).toMatch(/\d+ of \d+ scenarios passed/);
    // Nothing of them reached the bench: its log and its directory are its own.
    expect(await bench.messages()).toEqual([]);
  });

  it('expectScenarios throws the report when a scenario fails, with the step and the diff; an invalid file names its line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eventbench-scenarios-'));
    try {
      await writeFile(join(dir, 'late.scenario.yaml'), 'name: too short\nsteps:\n  - send: { message: { type: track, anonymousId: v, event: A } }\n  - advance: 12m\n  - send: { message: { type: track, anonymousId: v, event: B } }\n  - expect: { session: { anonymousId: v, duration: 10m } }\n');
      const err = await expectScenarios(dir).catch((e: Error) => e);
      expect(err).toBeInstanceOf(EventbenchAssertionError);
      expect((err as Error).message).toContain('step 4 (line 6) expect session');
      expect((err as Error).message).toContain('-   "duration": "10 min"\n        +   "duration": "12 min"');
      await writeFile(join(dir, 'bad.scenario.yaml'), 'name: bad\nsteps:\n  - advance: soon\n');
      const run = await runScenarios([join(dir, '*.scenario.yaml')]);
      expect(run.passed).toBe(false);
      expect(run.results.find((r) => r.invalid)?.invalid?.[0]).toMatchObject({ line: 3 });
      await expect(runScenarios([])).rejects.toThrow('runScenarios: give at least one scenario file, folder or glob');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('eventbench/testing in a test that fakes the timers', () => {
  // The in-process engine runs in the test's own process: its wait timed out on the global
  // setTimeout, which vi.useFakeTimers() (and jest.useFakeTimers()) replace, so a message that
  // never came hung the test until the runner's "Test timed out", saying nothing of what it waited for.
  afterEach(() => vi.useRealTimers());

  it('still fails with the diff after timeoutMs, and expectNoMessage still settles', async () => {
    vi.useFakeTimers();
    await postJson(`${bench.url}/v1/track`, { userId: 'ada', event: 'Goal Completed', properties: { goalId: 'g-2' } });
    const err = await bench.expectMessage({ event: 'Goal Completed', properties: { goalId: 'g-1' } }, { timeoutMs: 200 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(EventbenchAssertionError);
    expect((err as Error).message).toContain('properties.goalId is "g-2", expected "g-1"');
    await bench.expectNoMessage({ event: 'Goal Abandoned' }, { settleMs: 100 });
    expect((await bench.expectMessage({ properties: { goalId: 'g-2' } })).seq).toBe(1);
  });
});

describe('eventbench/testing after close()', () => {
  it('closes once however often it is called, and then refuses to be used, saying why', async () => {
    const own = await startEventbench();
    await own.close();
    await expect(own.close()).resolves.toBeUndefined();
    await expect(own.messages()).rejects.toThrow('eventbench: this Eventbench was closed (close() was called); start another with startEventbench()');
    await expect(own.expectMessage({ event: 'X' })).rejects.toThrow(/was closed/);
    await expect(own.clock.get()).rejects.toThrow(/was closed/);
  });
});

describe('eventbench/testing against a server that needs its access token (serve --host 0.0.0.0)', () => {
  const token = 'a-token-of-24-characters';
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine({ accessToken: token });
  });
  afterAll(() => t.dispose());

  it('takes the token as an option, or from the URL serve prints (…/?token=…)', async () => {
    for (const remote of [await startEventbench({ url: t.engine.url, token }), await startEventbench({ url: `${t.engine.url}/?token=${token}` })]) {
      expect(remote.url).toBe(t.engine.url);
      await postJson(`${remote.url}/v1/track`, { userId: 'u', event: 'Tokened' });
      await expect(remote.expectMessage({ event: 'Tokened' })).resolves.toMatchObject({ message: { userId: 'u' } });
      await remote.reset();
      await remote.close();
    }
  });

  it('without it, says that the token is missing rather than asking whether this is eventbench', async () => {
    await expect(startEventbench({ url: t.engine.url })).rejects.toThrow(`${t.engine.url} wants its access token (401): pass startEventbench({ url, token }), or the URL \`eventbench serve\` printed (…/?token=…)`);
    await expect(startEventbench({ url: t.engine.url, token: 'not-the-token-at-all-no' })).rejects.toThrow(/did not take the access token given \(401\)/);
  });
});

describe('eventbench/testing when the process ends without close()', { timeout: 90_000 }, () => {
  it('removes the throw-away data dir on exit (a test that threw first, a script that forgot it)', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'eventbench-exit-'));
    const root = resolve(import.meta.dirname, '../..');
    const client = pathToFileURL(join(root, 'src-main/testing/index.ts')).href;
    // Two benches, neither closed, then the runner's worker ends (as vitest's and Jest's do).
    const script = `const { startEventbench } = await import(${JSON.stringify(client)}); await startEventbench(); await startEventbench(); process.exit(0);`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const left = (await readdir(tmp)).filter((f) => f.startsWith('eventbench-'));
    await rm(tmp, { recursive: true, force: true });
    expect(left).toEqual([]);
  });

  it('and when the process is ended by SIGTERM (vitest ends its workers so), still ending by it', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'eventbench-exit-'));
    const root = resolve(import.meta.dirname, '../..');
    const client = pathToFileURL(join(root, 'src-main/testing/index.ts')).href;
    const script = `const { startEventbench } = await import(${JSON.stringify(client)}); await startEventbench(); console.log('started');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp } });
    await new Promise<void>((started) => child.stdout!.on('data', (d) => String(d).includes('started') && started()));
    expect((await readdir(tmp)).filter((f) => f.startsWith('eventbench-'))).toHaveLength(1);
    const ended = new Promise<[number | null, NodeJS.Signals | null]>((r) => child.once('exit', (code, signal) => r([code, signal])));
    child.kill('SIGTERM');
    expect(await ended).toEqual([null, 'SIGTERM']);
    const left = (await readdir(tmp)).filter((f) => f.startsWith('eventbench-'));
    await rm(tmp, { recursive: true, force: true });
    expect(left).toEqual([]);
  });
});

describe('eventbench/testing against a running eventbench serve', { timeout: 90_000 }, () => {
  let child: ChildProcess;
  let dataDir: string;
  let url: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'eventbench-serve-'));
    const root = resolve(import.meta.dirname, '../..');
    child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-main/cli/index.ts'), 'serve', '--port', '0', '--data-dir', dataDir], { cwd: root });
    url = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) done(m[1]);
      });
      child.once('exit', (code) => fail(new Error(`serve exited ${code}`)));
    });
  });
  afterAll(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('works the same through a URL', async () => {
    const remote = await startEventbench({ url });
    const analytics = new Analytics({ writeKey: 'k', host: remote.url, flushAt: 1 });
    analytics.identify({ userId: 'bob', traits: { email: 'bob@example.com' } });
    await analytics.closeAndFlush();
    await expect(remote.expectMessage({ type: 'identify', traits: { email: '/@example\\.com$/' } })).resolves.toMatchObject({ message: { userId: 'bob' } });
    await remote.close();
    await expect(startEventbench({ url: 'http://127.0.0.1:9' })).rejects.toThrow(/no eventbench answers/);
  });
});

describe('eventbench/testing when the server goes away in the middle of a wait', () => {
  it('says what the test was waiting for and that the server did not answer, not only "fetch failed"', async () => {
    // Stands in for an `eventbench serve` that crashed (or was stopped by another script): it
    // answers the health check, then drops the connection of the wait.
    const server = createServer((req, res) => {
      if (req.url === '/api/health') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      else req.socket.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const remote = await startEventbench({ url });
      const err = await remote.expectMessage({ event: 'Checkout Completed' }, { timeoutMs: 2000 }).catch((e: Error) => e);
      expect((err as Error).message).toMatch(/^eventbench: waiting for a message containing \{"event":"Checkout Completed"\}: no answer from http:\/\/127\.0\.0\.1:\d+ \(.+\); is the engine still running\?$/);
      expect((err as Error).cause).toBeInstanceOf(Error);
      const none = await remote.expectNoMessage({ event: 'Checkout Failed' }).catch((e: Error) => e);
      expect((none as Error).message).toMatch(/^eventbench: watching for no message containing \{"event":"Checkout Failed"\}: no answer from /);
      const listed = await remote.messages({ event: 'Checkout Completed' }).catch((e: Error) => e);
      expect((listed as Error).message).toMatch(/^eventbench: GET \/api\/messages\?event=Checkout\+Completed: no answer from /);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
