// The sender's own steps around each copy, on a clock that moves only when told: a local send's
// captured row looked up again until it shows (and no longer than that), copies at an interval
// cut short by closing the sender, a message without a time stamped by the clock. The "local
// receiver" here is a real HTTP server on loopback that answers as the receiver does.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from './helpers/manual-clock';
import { goalCompleted, startSender } from './sender-helpers';

let receiver: Server | undefined;
const bodies: { batch: Record<string, unknown>[] }[] = [];
async function fakeReceiver(): Promise<string> {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof bodies)[number]);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
    });
  });
  await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
}
afterEach(async () => {
  bodies.length = 0;
  receiver?.closeAllConnections();
  await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
  receiver = undefined;
});

describe('sender: a local send links its captured row', () => {
  it('looks again every 50 ms until the row shows, then links it', async () => {
    const clock = manualClock();
    const url = await fakeReceiver();
    let looks = 0;
    const { sender, settled, latest } = startSender({ clock, receiverUrl: () => url, findCapturedSeq: () => (++looks >= 3 ? 41 : undefined) });
    const { deliveries } = await sender.send({ target: { kind: 'local' }, message: goalCompleted() });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('delivered');
    expect(done.capturedSeq).toBeUndefined();
    expect(looks).toBe(1);
    await clock.untilPending(1);
    expect(clock.dueIn()).toEqual([50]);
    clock.advance(50);
    await clock.untilPending(1);
    expect(looks).toBe(2);
    clock.advance(50);
    await settled(deliveries[0].id, (d) => d.capturedSeq !== undefined);
    expect(looks).toBe(3);
    expect(latest.get(deliveries[0].id)).toMatchObject({ state: 'delivered', capturedSeq: 41 });
    expect(clock.dueIn()).toEqual([]);
    await sender.close();
  });

  it('stops looking after ten more tries when the row never shows', async () => {
    const clock = manualClock();
    const url = await fakeReceiver();
    let looks = 0;
    const { sender, settled } = startSender({ clock, receiverUrl: () => url, findCapturedSeq: () => void looks++ });
    const { deliveries } = await sender.send({ target: { kind: 'local' }, message: goalCompleted() });
    await settled(deliveries[0].id);
    for (let i = 0; i < 10; i++) {
      await clock.untilPending(1);
      clock.advance(50);
    }
    // Let the last look run; then nothing is scheduled any more.
    await new Promise((r) => setImmediate(r));
    expect(looks).toBe(11);
    expect(clock.dueIn()).toEqual([]);
    expect(sender.deliveries()[0]).toMatchObject({ state: 'delivered' });
    expect(sender.deliveries()[0].capturedSeq).toBeUndefined();
    await sender.close();
  });

  it('a row found at once is linked with the delivered state, and nothing is scheduled', async () => {
    const clock = manualClock();
    const url = await fakeReceiver();
    let looks = 0;
    const { sender, settled } = startSender({ clock, receiverUrl: () => url, findCapturedSeq: () => (looks++, 5) });
    const { deliveries } = await sender.send({ target: { kind: 'local' }, message: goalCompleted() });
    const done = await settled(deliveries[0].id);
    expect(done).toMatchObject({ state: 'delivered', capturedSeq: 5 });
    expect(looks).toBe(1);
    expect(clock.dueIn()).toEqual([]);
    await sender.close();
  });
});

describe('sender: copies, closing and the clock', () => {
  it('copies not yet sent when the sender closes fail saying so, at once', async () => {
    // They stayed 'pending' until the next start called them interrupted: closing cleared the
    // interval's timer, so the loop that would have failed them never ran again.
    const clock = manualClock();
    const url = await fakeReceiver();
    const { sender, settled } = startSender({ clock, receiverUrl: () => url, findCapturedSeq: () => 1 });
    const { deliveries } = await sender.send({ target: { kind: 'local' }, message: goalCompleted(), times: 3, intervalMs: 1_000 });
    expect((await settled(deliveries[0].id)).state).toBe('delivered');
    await sender.close();
    expect(clock.dueIn()).toEqual([]);
    await expect(sender.send({ target: { kind: 'local' }, message: goalCompleted() })).rejects.toThrow('sender is closed');
    expect(bodies).toHaveLength(1);
    expect(sender.deliveries().map((d) => [d.state, d.error])).toEqual([
      ['delivered', undefined],
      ['failed', 'sender closed before this copy was sent'],
      ['failed', 'sender closed before this copy was sent'],
    ]);
  });

  it('stamps a message without a time with the clock, and keeps a composed one', async () => {
    const clock = manualClock(Date.parse('2030-01-02T03:04:05.000Z'));
    const url = await fakeReceiver();
    const { sender, settled } = startSender({ clock, receiverUrl: () => url, findCapturedSeq: () => 1 });
    const untimed = { type: 'track', event: 'E', userId: 'u' };
    for (const message of [untimed, { ...untimed, originalTimestamp: '2025-01-01T00:00:00.000Z' }, { ...untimed, timestamp: '2025-02-02T00:00:00.000Z' }]) {
      const { deliveries } = await sender.send({ target: { kind: 'local' }, message });
      await settled(deliveries[0].id);
    }
    expect(bodies.map((b) => [b.batch[0].timestamp, b.batch[0].originalTimestamp])).toEqual([
      ['2030-01-02T03:04:05.000Z', undefined],
      [undefined, '2025-01-01T00:00:00.000Z'],
      ['2025-02-02T00:00:00.000Z', undefined],
    ]);
    await sender.close();
  });
});

describe('sender: what a send may ask for', () => {
  it('refuses copies and intervals out of range, saying which and what was given', async () => {
    const clock = manualClock();
    const url = await fakeReceiver();
    const { sender, settled } = startSender({ clock, receiverUrl: () => url, findCapturedSeq: () => 1 });
    const refusal = (extra: Record<string, unknown>) =>
      sender.send({ target: { kind: 'local' }, message: goalCompleted(), ...extra }).then(
        () => 'accepted',
        (e: Error) => e.message,
      );
    expect(await refusal({ times: 1001 })).toBe('times: expected a whole number from 1 to 1000, got 1001');
    for (const [intervalMs, shown] of [[-1, '-1'], [3_600_001, '3600001'], [Number.NaN, 'NaN'], [Number.POSITIVE_INFINITY, 'a number too large to hold (it reads as Infinity)'], ['5', '"5"'], [null, 'null']]) {
      expect(await refusal({ intervalMs }), String(intervalMs)).toBe(`intervalMs: expected 0 to 3600000 ms, got ${shown}`);
    }
    expect(sender.deliveries()).toEqual([]);
    // The limits themselves are allowed: 1,000 copies an hour apart (the first goes at once).
    const { deliveries } = await sender.send({ target: { kind: 'local' }, message: goalCompleted(), times: 1000, intervalMs: 3_600_000 });
    expect(deliveries).toHaveLength(1000);
    expect((await settled(deliveries[0].id)).state).toBe('delivered');
    await clock.untilPending(1);
    expect(clock.dueIn()).toEqual([3_600_000]);
    await sender.close();
  });

  it('a local send that failed is never linked to a captured row', async () => {
    const clock = manualClock();
    const url = await fakeReceiver();
    let looks = 0;
    // A row with this messageId shows up later (another send of it): not this failed delivery's.
    const { sender, settled } = startSender({ clock, receiverUrl: () => url, findCapturedSeq: () => (++looks > 1 ? 9 : undefined) });
    const { deliveries } = await sender.send({ target: { kind: 'local' }, message: { type: 'trak', userId: 'u' } });
    expect((await settled(deliveries[0].id)).state).toBe('failed');
    await new Promise((r) => setImmediate(r));
    expect(clock.dueIn()).toEqual([]);
    clock.advance(1_000);
    await new Promise((r) => setImmediate(r));
    expect(looks).toBe(0);
    expect(sender.deliveries()[0].capturedSeq).toBeUndefined();
    await sender.close();
  });
});
