// A client that does not keep up with the event stream (a busy tab during full-speed ingest) must
// not make the server queue frames for it without bound (issue #13.6). The bound is measured in
// bytes queued for the socket (ws bufferedAmount), not in time: a client that stops reading while
// 24 MB of `messages.added` frames are pushed gets at most about HIGH_WATER bytes queued, then,
// once it reads again, one `messages.behind` {lastSeq} telling it how far the log grew, and the
// latest of each state event. A client that keeps up gets every frame as before.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { EngineApi, EngineEvent } from '../../src-shared/api';
import { summaryRow } from '../summary-row';
import type { MessageSummary } from '../../src-shared/capture';
import { createWsTransport, type WsTransport } from '../../src-main/web/ws';

class PushEngine implements EngineApi {
  listeners = new Set<(e: EngineEvent) => void>();
  private onSubscribed: (() => void) | undefined;
  /** Resolves when the transport has subscribed (it does so once the socket is open). */
  readonly subscribed = new Promise<void>((resolve) => (this.onSubscribed = resolve));
  async call(): Promise<never> {
    throw new Error('no commands here');
  }
  subscribe(l: (e: EngineEvent) => void) {
    this.listeners.add(l);
    this.onSubscribed?.();
    return () => this.listeners.delete(l);
  }
  emit(e: EngineEvent) {
    for (const l of this.listeners) l(e);
  }
}

const row = (seq: number): MessageSummary => summaryRow(seq, { name: `Event ${seq} ${'x'.repeat(60)}`, userId: `user-${seq}` });

let server: Server | undefined;
let transport: WsTransport | undefined;
let client: WebSocket | undefined;
afterEach(async () => {
  client?.terminate();
  await transport?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = transport = client = undefined;
});

async function setup(options: Parameters<typeof createWsTransport>[1] = {}) {
  const engine = new PushEngine();
  transport = createWsTransport(engine, options);
  const t = transport;
  server = createServer();
  server.on('upgrade', (req, socket, head) => t.handleUpgrade(req, socket, head));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const received: EngineEvent[] = [];
  client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`);
  client.on('message', (data) => received.push((JSON.parse(String(data)) as { event: EngineEvent }).event));
  await new Promise((r) => client!.once('open', r));
  await engine.subscribed;
  return { engine, received };
}

const BATCH = 1000; // rows per messages.added frame: ~200 KB
const FRAMES = 120; // ~24 MB in all

/** Pushes FRAMES batches, yielding between them; returns the largest bufferedAmount seen. */
async function push(engine: PushEngine, from = 1): Promise<{ peak: number; lastSeq: number }> {
  let peak = 0;
  let seq = from;
  for (let f = 0; f < FRAMES; f++) {
    engine.emit({ name: 'messages.added', payload: Array.from({ length: BATCH }, () => row(seq++)) });
    engine.emit({ name: 'clock.changed', payload: { mode: 'live', frame: f } as never });
    peak = Math.max(peak, ...transport!.stats().map((s) => s.bufferedAmount));
    await new Promise((r) => setImmediate(r));
  }
  return { peak, lastSeq: seq - 1 };
}

describe('WebSocket backpressure', () => {
  it('a client that stops reading gets at most about the high-water mark queued, then one "log grew to seq N" notice', async () => {
    const highWaterBytes = 1024 * 1024;
    const { engine, received } = await setup({ highWaterBytes, lowWaterBytes: 64 * 1024, drainCheckMs: 20 });
    // Stop reading: the kernel's buffers fill, then the server's own queue would grow.
    (client as unknown as { _socket: { pause(): void } })._socket.pause();
    const { peak, lastSeq } = await push(engine);
    const frameBytes = JSON.stringify({ event: { name: 'messages.added', payload: Array.from({ length: BATCH }, (_, i) => row(i + 1)) } }).length;
    console.log(`slow client: ${FRAMES} frames of ${(frameBytes / 1e6).toFixed(2)} MB pushed; peak queued ${(peak / 1e6).toFixed(2)} MB`);
    expect(peak).toBeLessThanOrEqual(highWaterBytes + 2 * frameBytes);
    const [stats] = transport!.stats();
    expect(stats.behind).toBe(true);
    expect(stats.coalescedFrames).toBeGreaterThan(FRAMES / 2);

    // Reading again: it drains, then gets one notice with the last seq, and the latest clock state.
    (client as unknown as { _socket: { resume(): void } })._socket.resume();
    await expect.poll(() => received.some((e) => e.name === 'messages.behind'), { timeout: 10_000 }).toBe(true);
    // Once in step, a marker row is sent: frames arrive in order, so when it has come, everything
    // the server sent before it has too (no wait for frames that might still come).
    await expect.poll(() => transport!.stats()[0].behind, { timeout: 10_000 }).toBe(false);
    const marker: EngineEvent = { name: 'messages.added', payload: [row(lastSeq + 1)] };
    engine.emit(marker);
    await expect.poll(() => received.at(-1), { timeout: 10_000 }).toEqual(marker);
    const notices = received.filter((e) => e.name === 'messages.behind');
    expect(notices).toEqual([{ name: 'messages.behind', payload: { lastSeq } }]);
    const afterNotice = received.slice(received.indexOf(notices[0]) + 1);
    // Back in step, frames flow again as they are: the latest clock state, then the marker.
    expect(afterNotice).toEqual([{ name: 'clock.changed', payload: { mode: 'live', frame: FRAMES - 1 } }, marker]);
    // Every row it was sent came in order, before the notice: nothing after it is missing.
    const sentRows = received
      .slice(0, received.indexOf(notices[0]))
      .filter((e) => e.name === 'messages.added')
      .flatMap((e) => e.payload as MessageSummary[]);
    expect(sentRows.length).toBeGreaterThan(0);
    expect(sentRows.length).toBeLessThan(FRAMES * BATCH);
    expect(sentRows.every((r, i) => r.seq === i + 1)).toBe(true);
  });

  it('a client that keeps up gets every frame', async () => {
    const { engine, received } = await setup({ highWaterBytes: 64 * 1024 * 1024 });
    const { lastSeq } = await push(engine);
    await expect.poll(() => received.filter((e) => e.name === 'messages.added').length, { timeout: 10_000 }).toBe(FRAMES);
    expect(received.some((e) => e.name === 'messages.behind')).toBe(false);
    expect((received.filter((e) => e.name === 'messages.added').at(-1)!.payload as MessageSummary[]).at(-1)!.seq).toBe(lastSeq);
  });
});
