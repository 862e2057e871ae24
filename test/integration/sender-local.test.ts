// Composer -> the local receiver through analytics-node, over real sockets: a small node:http
// receiver stands in, recording each message with a seq as the capture log would.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock, TimerHandle } from '../../src-shared/clock';
import { goalCompleted, startSender } from './sender-helpers';

type Captured = { seq: number; message: Record<string, unknown>; authorization?: string };
let server: Server | undefined;

async function receiver(): Promise<{ url: string; captured: Captured[]; seqOf(id: string): number | undefined; arrivals: () => number }> {
  const captured: Captured[] = [];
  let arrivals = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      arrivals++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { batch: Record<string, unknown>[] };
      for (const message of body.batch) captured.push({ seq: captured.length + 1, message, authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    captured,
    seqOf: (id) => captured.find((c) => c.message.messageId === id)?.seq,
    arrivals: () => arrivals,
  };
}

/** A clock that only moves when told, to check interval scheduling without waiting. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.parse('2025-03-01T10:00:00.000Z');
  const timers = new Map<object, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const handle = {};
      timers.set(handle, { at: now + ms, fn });
      return handle as TimerHandle;
    },
    clearTimeout: (h) => void timers.delete(h as object),
    advance(ms) {
      now += ms;
      for (const [h, t] of [...timers]) if (t.at <= now) (timers.delete(h), t.fn());
    },
  };
}

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
};

afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

describe('local receiver sends', () => {
  it('delivers the composed message and links the captured row', async () => {
    const rx = await receiver();
    const { sender, settled } = startSender({ receiverUrl: () => rx.url, findCapturedSeq: rx.seqOf });
    const composed = goalCompleted();
    const { deliveries } = await sender.send({ target: { kind: 'local' }, message: composed, freshMessageIds: false });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('delivered');
    expect(done.capturedSeq).toBe(1);
    expect(done.attempts[0].url).toBe(`${rx.url}/v1/batch`);
    const got = rx.captured[0].message;
    expect(got.properties).toEqual(composed.properties);
    expect(got.originalTimestamp).toBe(composed.originalTimestamp);
    expect(got.messageId).toBe('composer-msg-1');
    expect(rx.captured[0].authorization).toMatch(/^Basic /);
    await sender.close();
  });

  it('sends deliberately broken messages as composed (no identity, no event)', async () => {
    const rx = await receiver();
    const { sender, settled } = startSender({ receiverUrl: () => rx.url, findCapturedSeq: rx.seqOf });
    const broken = { type: 'track', properties: { goalId: 'g' } };
    const { deliveries } = await sender.send({ target: { kind: 'local' }, message: broken });
    expect((await settled(deliveries[0].id)).state).toBe('delivered');
    const { userId, anonymousId, event } = rx.captured[0].message;
    expect([userId, anonymousId, event]).toEqual([undefined, undefined, undefined]);
    await sender.close();
  });

  it('fails an unknown call type with a clear error', async () => {
    const rx = await receiver();
    const { sender, settled } = startSender({ receiverUrl: () => rx.url });
    const { deliveries } = await sender.send({ target: { kind: 'local' }, message: { type: 'trak', userId: 'u' } });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(/"trak" is not a Segment call type/);
    expect(rx.arrivals()).toBe(0);
    await sender.close();
  });

  it('sends N copies at the interval on the injected clock, with fresh ids and identities', async () => {
    const rx = await receiver();
    const clock = manualClock();
    const { sender, settled } = startSender({ receiverUrl: () => rx.url, findCapturedSeq: rx.seqOf, clock });
    const { deliveries } = await sender.send({ target: { kind: 'local' }, message: goalCompleted(), times: 3, intervalMs: 60_000, freshIdentities: true });
    expect(deliveries.map((d) => d.index)).toEqual([0, 1, 2]);
    await until(() => rx.captured.length === 1, 'first copy');
    await new Promise((r) => setTimeout(r, 100));
    expect(rx.captured).toHaveLength(1); // the next waits for the clock
    clock.advance(60_000);
    await until(() => rx.captured.length === 2, 'second copy');
    clock.advance(60_000);
    await until(() => rx.captured.length === 3, 'third copy');
    const done = await Promise.all(deliveries.map((d) => settled(d.id)));
    expect(done.map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(done.map((d) => d.capturedSeq).sort()).toEqual([1, 2, 3]);
    const ids = rx.captured.map((c) => c.message.messageId);
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toContain('composer-msg-1');
    expect(new Set(rx.captured.map((c) => c.message.userId)).size).toBe(3);
    expect(new Set(rx.captured.map((c) => c.message.anonymousId)).size).toBe(3);
    expect(rx.captured.every((c) => c.message.userId !== 'user-42')).toBe(true);
    await sender.close();
  });

  it('keeps one messageId across copies when fresh ids are off (to test duplicate drops)', async () => {
    const rx = await receiver();
    const { sender, settled } = startSender({ receiverUrl: () => rx.url, findCapturedSeq: rx.seqOf });
    const { deliveries } = await sender.send({ target: { kind: 'local' }, message: goalCompleted(), times: 3, freshMessageIds: false });
    const done = await Promise.all(deliveries.map((d) => settled(d.id)));
    expect(done.map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(rx.captured.map((c) => c.message.messageId)).toEqual(['composer-msg-1', 'composer-msg-1', 'composer-msg-1']);
    expect(rx.captured.map((c) => c.message.userId)).toEqual(['user-42', 'user-42', 'user-42']);
    await sender.close();
  });
});
