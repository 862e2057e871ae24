// The Segment channel's edges, each seen as a user sees it: the state a delivery shows after each
// answer (retrying only for what analytics-node retries), every call type going out as composed,
// the words of a refused host or call type, a request that never answers (the clock's timeout),
// and closing the sender while a message is in flight. Segment is msw; the hosts that hold a
// request unanswered are real HTTP servers on loopback.
import { createServer, type ServerResponse, type Server } from 'node:http';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery } from '../../src-shared/api';
import { manualClock } from './helpers/manual-clock';
import { goalCompleted, startSender } from './sender-helpers';

type Batch = { batch: Record<string, unknown>[] };
const received: Batch[] = [];
let script: number[] = [];
const server = setupServer(
  http.post('https://api.segment.io/v1/batch', async ({ request }) => {
    received.push((await request.json()) as Batch);
    const status = script.shift() ?? 200;
    return status === 200 ? HttpResponse.json({ success: true }) : HttpResponse.json({ error: `scripted ${status}` }, { status });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  received.length = 0;
  script = [];
});
afterAll(() => server.close());

const WRITE_KEY = 'wk_rules_1234';
const segment = { kind: 'segment' as const, region: 'us' as const, writeKey: WRITE_KEY };

/** A host that takes requests and answers only when told (or never). */
let holding: Server | undefined;
async function holdingHost() {
  const waiting: ServerResponse[] = [];
  const arrivals = new Set<() => void>();
  holding = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      waiting.push(res);
      for (const a of [...arrivals]) a();
    });
  });
  await new Promise<void>((r) => holding!.listen(0, '127.0.0.1', r));
  const { port } = holding.address() as { port: number };
  /** Resolves once n requests are being held. */
  const held = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (waiting.length < n) return;
        arrivals.delete(check);
        resolve();
      };
      arrivals.add(check);
      check();
    });
  const answer = () => waiting.shift()!.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
  return { host: `http://127.0.0.1:${port}`, held, answer };
}
afterEach(async () => {
  holding?.closeAllConnections();
  await new Promise((r) => (holding ? holding.close(r) : r(undefined)));
  holding = undefined;
});

/** The states a delivery went through, one per update. */
const statesOf = (updates: Delivery[], id: string) => updates.filter((u) => u.id === id).map((u) => u.state);

describe('Segment channel: what a delivery shows', () => {
  it('shows retrying after an answer analytics-node retries, and never after one it does not', async () => {
    // With no retries allowed, each delivery gets exactly one answer; the update that records it
    // says whether the SDK would try again (5xx but 501/505/511; 408, 410, 429, 460).
    const cases: [number, boolean][] = [
      [500, true],
      [503, true],
      [599, true],
      [408, true],
      [429, true],
      [460, true],
      [400, false],
      [404, false],
      [501, false],
      [505, false],
      [511, false],
    ];
    const { sender, settled, updates } = startSender({ segmentMaxRetries: 0 });
    for (const [status, retried] of cases) {
      script = [status];
      const { deliveries } = await sender.send({ target: segment, message: goalCompleted() });
      const done = await settled(deliveries[0].id);
      expect(done.state, `HTTP ${status}`).toBe('failed');
      expect(done.attempts.map((a) => a.status)).toEqual([status]);
      const answered = updates.find((u) => u.id === done.id && u.attempts[0]?.status === status)!;
      expect(answered.state, `the state shown once HTTP ${status} came back`).toBe(retried ? 'retrying' : 'pending');
    }
    await sender.close();
  });

  it('never shows retrying for a message answered 2xx or 3xx at the first try', async () => {
    const { sender, settled, updates } = startSender();
    for (const status of [200, 202, 399]) {
      script = [status];
      const { deliveries } = await sender.send({ target: segment, message: goalCompleted() });
      const done = await settled(deliveries[0].id);
      expect(done.state, `HTTP ${status}`).toBe('delivered');
      expect(done.attempts.map((a) => a.status)).toEqual([status]);
      expect(statesOf(updates, done.id)).not.toContain('retrying');
    }
    await sender.close();
  });

  it('sends every call type exactly as composed', async () => {
    const { sender, settled } = startSender();
    const composed: Record<string, unknown>[] = [
      { type: 'track', event: 'Goal Completed', userId: 'u-1' },
      { type: 'identify', userId: 'u-1', traits: { email: 'jane@example.com' } },
      { type: 'group', userId: 'u-1', groupId: 'acct-9', traits: { plan: 'pro' } },
      { type: 'page', anonymousId: 'a-1', name: 'Pricing' },
      { type: 'screen', userId: 'u-1', name: 'Home' },
      { type: 'alias', userId: 'u-1', previousId: 'a-1' },
    ];
    for (const message of composed) {
      const { deliveries } = await sender.send({ target: segment, message: { ...message, messageId: `m-${String(message.type)}` }, freshMessageIds: false });
      expect((await settled(deliveries[0].id, undefined, 5_000)).state, String(message.type)).toBe('delivered');
    }
    expect(received.map((b) => b.batch.length)).toEqual([1, 1, 1, 1, 1, 1]);
    for (const [i, message] of composed.entries()) {
      const { context: _c, _metadata: _m, timestamp: _t, ...sent } = received[i].batch[0];
      expect(sent).toEqual({ ...message, messageId: `m-${String(message.type)}` });
    }
    await sender.close();
  });

  it('fails a message analytics-node refused to send with its plugin\'s words', async () => {
    const { sender, settled } = startSender();
    const { deliveries } = await sender.send({ target: segment, message: { ...goalCompleted(), context: null } });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('failed');
    // The plugin's own words are V8's TypeError text, which another Node may word differently.
    expect(done.error).toMatch(/^analytics-node did not send it: its Segment\.io plugin failed: .*\bnull\b.*'library'/);
    expect(received).toHaveLength(0);
    await sender.close();
  });

  it('names every call type it can send when the type is not one', async () => {
    const { sender, settled } = startSender();
    const { deliveries } = await sender.send({ target: segment, message: { type: 'trak', userId: 'u' } });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('failed');
    expect(done.error).toBe('type "trak" is not a Segment call type; analytics-node sends only track, identify, group, page, screen, alias');
    expect(done.attempts).toEqual([]);
    await sender.close();
  });
});

describe('Segment channel: custom hosts', () => {
  it('refuses a host that is not an http(s) URL or carries a user name, saying what is wrong', async () => {
    const { sender } = startSender();
    const refusal = (host: string) =>
      sender.send({ target: { kind: 'custom', host }, message: goalCompleted() }).then(
        () => 'accepted',
        (e: Error) => e.message,
      );
    expect(await refusal('not a url')).toBe('target.host: "not a url" is not a valid URL (expected e.g. https://api.segment.io)');
    expect(await refusal('ftp://proxy.example.com')).toBe('target.host: "ftp://proxy.example.com" must start with http:// or https://');
    // A user name alone is dropped by analytics-node as silently as one with a password.
    expect(await refusal('https://qa@proxy.example.com')).toBe(
      'target.host: the host https://…@proxy.example.com holds a user name and password: the write key is what authenticates to a Segment-compatible host; give the host without them',
    );
    expect(sender.deliveries()).toEqual([]);
    await sender.close();
  });

  it('posts to <prefix>/v1/batch however many slashes end the host', async () => {
    const hook = await holdingHost();
    const { sender, settled } = startSender();
    const { deliveries } = await sender.send({ target: { kind: 'custom', host: `${hook.host}/segment//` }, message: goalCompleted() });
    await hook.held(1);
    hook.answer();
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('delivered');
    expect(done.attempts[0].url).toBe(`${hook.host}/segment/v1/batch`);
    await sender.close();
  });
});

describe('Segment channel: on the injected clock', () => {
  it('gives up on a host that never answers after 10 s of the clock, saying so', async () => {
    const clock = manualClock();
    const hook = await holdingHost();
    const { sender, settled } = startSender({ clock, segmentMaxRetries: 0 });
    const { deliveries } = await sender.send({ target: { kind: 'custom', host: hook.host }, message: goalCompleted() });
    await hook.held(1);
    expect(clock.dueIn()).toEqual([10_000]);
    clock.advance(10_000);
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('failed');
    expect(done.attempts).toHaveLength(1);
    expect(done.attempts[0].error).toBe('no answer within 10000 ms');
    expect(done.error).toBe('no answer within 10000 ms');
    await sender.close();
  });

  it('leaves no timer on the clock once a request was answered', async () => {
    const clock = manualClock();
    const hook = await holdingHost();
    const { sender, settled } = startSender({ clock });
    const { deliveries } = await sender.send({ target: { kind: 'custom', host: hook.host }, message: goalCompleted() });
    await hook.held(1);
    hook.answer();
    expect((await settled(deliveries[0].id)).state).toBe('delivered');
    expect(clock.dueIn()).toEqual([]);
    await sender.close();
  });

  it('closing waits for messages in flight: answered ones are delivered, the rest fail saying why', async () => {
    const clock = manualClock();
    const hook = await holdingHost();
    const { sender, settled } = startSender({ clock });
    const { deliveries } = await sender.send({ target: { kind: 'custom', host: hook.host }, message: goalCompleted(), times: 3 });
    await hook.held(3);
    let closed = false;
    const closing = sender.close().then(() => (closed = true));
    // Three request timeouts and the close's own 2 s wait.
    await clock.untilPending(4);
    expect(clock.dueIn()).toEqual([2_000, 10_000, 10_000, 10_000]);
    hook.answer();
    hook.answer();
    const answered = await Promise.all(deliveries.slice(0, 2).map((d) => settled(d.id)));
    expect(answered.map((d) => d.state)).toEqual(['delivered', 'delivered']);
    expect(closed).toBe(false);
    clock.advance(2_000);
    const cut = await settled(deliveries[2].id);
    expect(cut.state).toBe('failed');
    expect(cut.error).toBe('sender closed before the message was delivered');
    await closing;
    expect(closed).toBe(true);
  });

  it('closing ends at once when the last message in flight is answered', async () => {
    const clock = manualClock();
    const hook = await holdingHost();
    const { sender, settled } = startSender({ clock });
    const { deliveries } = await sender.send({ target: { kind: 'custom', host: hook.host }, message: goalCompleted(), times: 2 });
    await hook.held(2);
    const closing = sender.close();
    await clock.untilPending(3);
    hook.answer();
    hook.answer();
    // No clock time passes: the close returns because nothing is in flight any more.
    await closing;
    const done = await Promise.all(deliveries.map((d) => settled(d.id)));
    expect(done.map((d) => d.state)).toEqual(['delivered', 'delivered']);
    expect(clock.dueIn()).toEqual([]);
  });
});
