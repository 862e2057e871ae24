// What a scenario result says when the automation API answers as this repository's engine seldom
// or never does: an engine built without user matching (every matching route 404), a route that
// fails without a reason, and a message with no matching decision for which the scope is not the
// reason (matching's scope covers it, or it came by webhook). A fake automation API on loopback
// answers; the engine's commands are a fake as in runner-messages-query.test.ts.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src-main/replay/load';
import { runScenario } from '../../../src-main/replay/scenario-runner';
import type { EngineApi } from '../../../src-shared/api';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

type Answer = { status: number; body?: unknown };
/** A receiver and automation API that answers each "METHOD /path" from `routes` (200 {} for a send), 404 otherwise. */
async function automationApi(routes: Record<string, Answer>): Promise<string> {
  server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const answer = routes[`${req.method} ${path}`] ?? (path.startsWith('/v1/') ? { status: 200, body: {} } : { status: 404, body: { error: 'not found' } });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', () => done()));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

/** An empty engine whose sends are captured as seq 1, 2, … */
function fakeEngine(): EngineApi {
  let seq = 0;
  return {
    call: async (name: string, arg: { messageIds?: string[] }) => {
      if (name === 'messages.page') return { lastSeq: 0 };
      if (name === 'clock.act') return { nowMs: Date.UTC(2026, 0, 1, 9) };
      if (name === 'messages.seqsOf') return arg.messageIds!.map(() => ++seq);
      throw new Error(`unexpected command ${name}`);
    },
    subscribe: () => () => undefined,
  } as unknown as EngineApi;
}

async function run(lines: string[], routes: Record<string, Answer> = {}) {
  const loaded = loadScenario(lines.join('\n') + '\n', 'x.scenario.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  return runScenario({ api: fakeEngine(), url: await automationApi(routes) }, loaded.scenario);
}

describe('an engine without user matching', () => {
  it("a scenario's matching settings fail its set-up, saying so", async () => {
    const r = await run(['name: settings', 'settings: { matching: { scope: webhook-and-tracking } }', 'steps:', '  - advance: 1s']);
    expect(r.error).toBe("the run's set-up failed: this engine has no user matching (PUT /api/matching/settings answered 404)");
  });

  it('a users step, a matching expectation and a users expectation each err, saying so', async () => {
    const r = await run(['name: no matching', 'steps:', '  - users: [{ id: u-1, username: ann }]', '  - id: s', '    send: { message: { type: identify, userId: ann } }', '  - expect: { matching: { step: s, outcome: created } }', '  - expect: { users: { count: 1 } }']);
    expect(r.steps.map((s) => s.error ?? s.status)).toEqual([
      'this engine has no user matching (POST /api/users/import answered 404)',
      'passed',
      'this engine has no user matching (GET /api/matching answered 404)',
      'this engine has no user matching (GET /api/users answered 404)',
    ]);
  });
});

describe('an answer without a reason', () => {
  it('a users import or a settings save that fails with no reason says what the engine answered', async () => {
    const fails = { 'POST /api/users/import': { status: 500 }, 'PUT /api/matching/settings': { status: 500 } };
    const users = await run(['name: import fails', 'steps:', '  - users: [{ id: u-1, username: ann }]'], fails);
    expect(users.steps[0].error).toBe('importing users failed: the engine answered 500');
    const settings = await run(['name: settings fail', 'settings: { matching: { scope: webhook } }', 'steps:', '  - advance: 1s'], fails);
    expect(settings.error).toBe("the run's set-up failed: settings.matching: the engine answered 500");
  });
});

describe('a message without a matching decision', () => {
  const lines = ['name: undecided', 'steps:', '  - id: s', '    send: { message: { type: identify, userId: ann } }', '  - expect: { matching: { step: s, outcome: created } }'];
  const capture = (seq: number, kind: 'tracking' | 'webhook') => ({ seq, origin: kind === 'tracking' ? { kind, endpoint: '/v1/identify', writeKeySource: 'basic' } : { kind, endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } }, message: {} });
  const engineSaying = (scope: string, captures: unknown[]) => ({ 'GET /api/matching': { status: 200, body: [] }, 'GET /api/matching/settings': { status: 200, body: { scope } }, 'GET /api/messages': { status: 200, body: captures } });

  it('came by the Tracking API while the scope is webhook: the scope is given as the reason', async () => {
    const r = await run(lines, engineSaying('webhook', [capture(1, 'tracking')]));
    expect(r.steps[1].expectations![0].message).toBe("matching of step \"s\" differs: its message was not matched, as it came through the Tracking API and matching's scope is webhook (settings: { matching: { scope: webhook-and-tracking } } matches both)");
  });

  it('not the reason when the scope covers the Tracking API, the message came by webhook, or it is no longer in the log', async () => {
    const said = async (scope: string, captures: unknown[]) => (await run(lines, engineSaying(scope, captures))).steps[1].expectations?.[0].message;
    expect(await said('webhook-and-tracking', [capture(1, 'tracking')])).toBe('matching of step "s" differs');
    expect(await said('webhook', [capture(1, 'webhook')])).toBe('matching of step "s" differs');
    // The log was cleared: the first message after it is a later one, or there is none.
    expect(await said('webhook', [capture(2, 'tracking')])).toBe('matching of step "s" differs');
    expect(await said('webhook', [])).toBe('matching of step "s" differs');
  });
});
