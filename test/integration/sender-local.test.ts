// Composer -> the local receiver through analytics-node, over real sockets, on the real engine:
// its sender posts to its own receiver, and the captured row is linked by the capture log's seq.
// The interval test runs the engine on a clock that moves only when told.
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../src-shared/api';
import type { CapturedMessage } from '../../src-shared/capture';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { manualClock } from './helpers/manual-clock';
import { goalCompleted } from './sender-helpers';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function start(clock?: ReturnType<typeof manualClock>) {
  t = await startTestEngine(clock ? { clock } : {});
  const engine = t.engine;
  const latest = new Map<string, Delivery>();
  const waiters = new Set<() => void>();
  engine.subscribe((e) => {
    if (e.name !== 'sender.delivery') return;
    latest.set(e.payload.id, e.payload);
    for (const w of [...waiters]) w();
  });
  /** Resolves on the sender.delivery event that finishes this delivery. */
  const settled = (id: string) =>
    new Promise<Delivery>((resolve) => {
      const check = () => {
        const d = latest.get(id);
        if (!d?.finishedAt) return;
        waiters.delete(check);
        resolve(d);
      };
      waiters.add(check);
      check();
    });
  const captured = async (): Promise<CapturedMessage[]> => (await (await fetch(`${engine.url}/api/messages`)).json()) as CapturedMessage[];
  return { engine, settled, captured };
}

describe('local receiver sends', () => {
  it('delivers the composed message and links the captured row', async () => {
    const { engine, settled, captured } = await start();
    const composed = goalCompleted();
    const { deliveries } = await engine.call('sender.send', { target: { kind: 'local' }, message: composed, freshMessageIds: false });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('delivered');
    expect(done.capturedSeq).toBe(1);
    expect(done.attempts[0].url).toBe(`${engine.url}/v1/batch`);
    const [row] = await captured();
    expect(row.seq).toBe(1);
    expect(row.message.properties).toEqual(composed.properties);
    expect(row.message.originalTimestamp).toBe(composed.originalTimestamp);
    expect(row.message.messageId).toBe('composer-msg-1');
    expect(row.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'basic' });
  });

  it('sends deliberately broken messages as composed (no identity, no event)', async () => {
    const { engine, settled, captured } = await start();
    const broken = { type: 'track', properties: { goalId: 'g' } };
    const { deliveries } = await engine.call('sender.send', { target: { kind: 'local' }, message: broken });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('delivered');
    const [row] = await captured();
    expect(done.capturedSeq).toBe(row.seq);
    const { userId, anonymousId, event } = row.message;
    expect([userId, anonymousId, event]).toEqual([undefined, undefined, undefined]);
    expect(row.dropReasons.map((r) => r.code).sort()).toEqual(['missing-event', 'missing-identity']);
  });

  it('fails an unknown call type with a clear error', async () => {
    const { engine, settled } = await start();
    const { deliveries } = await engine.call('sender.send', { target: { kind: 'local' }, message: { type: 'trak', userId: 'u' } });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(/"trak" is not a Segment call type/);
    expect(engine.info().messageCount).toBe(0);
  });

  it('sends N copies at the interval on the injected clock, with fresh ids and identities', async () => {
    const clock = manualClock();
    const { engine, settled, captured } = await start(clock);
    const { deliveries } = await engine.call('sender.send', { target: { kind: 'local' }, message: goalCompleted(), times: 3, intervalMs: 60_000, freshIdentities: true });
    expect(deliveries.map((d) => d.index)).toEqual([0, 1, 2]);
    const first = await settled(deliveries[0].id);
    expect(first.state).toBe('delivered');
    // The second copy waits for the clock: a timer a minute ahead is all that can send it.
    expect(engine.info().messageCount).toBe(1);
    expect(clock.dueIn()).toContain(60_000);
    clock.advance(60_000);
    await settled(deliveries[1].id);
    expect(engine.info().messageCount).toBe(2);
    clock.advance(60_000);
    const done = [first, await settled(deliveries[1].id), await settled(deliveries[2].id)];
    expect(done.map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(done.map((d) => d.capturedSeq)).toEqual([1, 2, 3]);
    const rows = await captured();
    const ids = rows.map((c) => c.message.messageId);
    expect(ids).toEqual(done.map((d) => d.messageId));
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toContain('composer-msg-1');
    expect(new Set(rows.map((c) => c.message.userId)).size).toBe(3);
    expect(new Set(rows.map((c) => c.message.anonymousId)).size).toBe(3);
    expect(rows.every((c) => c.message.userId !== 'user-42')).toBe(true);
    // Each copy was stamped when it went out, on the engine's clock, a minute apart.
    expect(rows.map((c) => Date.parse(c.receivedAt) - Date.parse(rows[0].receivedAt))).toEqual([0, 60_000, 120_000]);
  });

  it('keeps one messageId across copies when fresh ids are off (to test duplicate drops)', async () => {
    const { engine, settled, captured } = await start();
    const { deliveries } = await engine.call('sender.send', { target: { kind: 'local' }, message: goalCompleted(), times: 3, freshMessageIds: false });
    const done = await Promise.all(deliveries.map((d) => settled(d.id)));
    expect(done.map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered']);
    const rows = await captured();
    expect(rows.map((c) => c.message.messageId)).toEqual(['composer-msg-1', 'composer-msg-1', 'composer-msg-1']);
    expect(rows.map((c) => c.message.userId)).toEqual(['user-42', 'user-42', 'user-42']);
    // The receiver flags the repeats as Segment would drop them.
    expect(rows.map((c) => c.dropReasons.some((r) => r.code === 'duplicate-message-id'))).toEqual([false, true, true]);
  });
});
