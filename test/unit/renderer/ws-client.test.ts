import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { ClientFrame, ServerFrame } from '../../../src-shared/api';
import type { ConnectionStatus } from '../../../src-renderer/src/state/connection';
import { createWebSocketClient, type SocketLike } from '../../../src-renderer/src/state/ws-client';
import { webSocketUrl } from '../../../src-renderer/src/state/transport';
import { summary } from './summary-rows';

const createSocket = (url: string) => new WebSocket(url) as unknown as SocketLike;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function startServer(port = 0) {
  const wss = new WebSocketServer({ port, host: '127.0.0.1' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const address = wss.address() as { port: number };
  wss.on('connection', (ws) => {
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as ClientFrame;
      let reply: ServerFrame;
      if (frame.command === 'messages.search') {
        reply = { id: frame.id, ok: true, result: [1, 2, (frame.arg as { text: string }).text.length] };
      } else if (frame.command === 'webhooks.save') {
        reply = { id: frame.id, ok: false, error: { message: 'Name may only contain letters', where: 'webhook.name' } };
      } else {
        reply = { id: frame.id, ok: true, result: null };
      }
      ws.send(JSON.stringify(reply));
    });
  });
  const broadcast = (frame: ServerFrame) => {
    for (const c of wss.clients) c.send(JSON.stringify(frame));
  };
  const stop = () =>
    new Promise<void>((r) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => r());
    });
  return { url: `ws://127.0.0.1:${address.port}/ws`, port: address.port, broadcast, stop, wss };
}

/** Resolves when the client's connection status becomes `want` (on its own status event). */
function waitForStatus(client: ReturnType<typeof createWebSocketClient>, want: ConnectionStatus) {
  return new Promise<void>((resolve) => {
    if (client.connection.get() === want) return resolve();
    const off = client.connection.subscribe((s) => {
      if (s !== want) return;
      off();
      resolve();
    });
  });
}

describe('WebSocket engine client', () => {
  it('builds the /ws URL from the page location', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:8787' })).toBe('ws://127.0.0.1:8787/ws');
    expect(webSocketUrl({ protocol: 'https:', host: 'x.test' })).toBe('wss://x.test/ws');
  });

  it('sends calls queued before the socket opens and resolves them by id', async () => {
    const server = await startServer();
    cleanups.push(() => void server.stop());
    const client = createWebSocketClient(server.url, { createSocket });
    cleanups.push(client.close);
    const [a, b] = await Promise.all([
      client.api.call('messages.search', { text: 'abc' }),
      client.api.call('messages.search', { text: 'abcdef' }),
    ]);
    expect(a).toEqual([1, 2, 3]);
    expect(b).toEqual([1, 2, 6]);
    expect(client.connection.get()).toBe('connected');
  });

  it('rejects with the engine error, keeping where it happened', async () => {
    const server = await startServer();
    cleanups.push(() => void server.stop());
    const client = createWebSocketClient(server.url, { createSocket });
    cleanups.push(client.close);
    await expect(client.api.call('webhooks.save', { name: 'a b', rejectInvalid: false })).rejects.toThrow(
      'Name may only contain letters (webhook.name)',
    );
  });

  it('delivers pushed events to subscribers', async () => {
    const server = await startServer();
    cleanups.push(() => void server.stop());
    const client = createWebSocketClient(server.url, { createSocket });
    cleanups.push(client.close);
    await client.api.call('engine.info', undefined);
    const got: string[] = [];
    const unsubscribe = client.api.subscribe((e) => got.push(e.name));
    server.broadcast({ event: { name: 'messages.added', payload: [summary(1)] } });
    server.broadcast({ event: { name: 'store.warning', payload: { message: 'x' } } });
    // One socket keeps order: the answer to a call sent now comes after both pushes.
    await client.api.call('engine.info', undefined);
    expect(got).toEqual(['messages.added', 'store.warning']);
    unsubscribe();
    server.broadcast({ event: { name: 'store.warning', payload: { message: 'y' } } });
    await client.api.call('engine.info', undefined);
    expect(got.length).toBe(2);
  });

  it('reports a lost connection, fails calls fast while down, and reconnects', async () => {
    const server = await startServer();
    const client = createWebSocketClient(server.url, { createSocket, reconnectDelayMs: 30, maxReconnectDelayMs: 60 });
    cleanups.push(client.close);
    const statuses: ConnectionStatus[] = [];
    client.connection.subscribe((s) => statuses.push(s));
    await client.api.call('engine.info', undefined);
    await server.stop();
    await waitForStatus(client, 'disconnected');
    await expect(client.api.call('engine.info', undefined)).rejects.toThrow(/Not connected to the engine/);
    const again = await startServer(server.port);
    cleanups.push(() => void again.stop());
    await waitForStatus(client, 'connected');
    await expect(client.api.call('messages.search', { text: 'zz' })).resolves.toEqual([1, 2, 2]);
    expect(statuses).toContain('reconnecting');
  });
});
