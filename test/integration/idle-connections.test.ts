// Idle and slow connections do not pile up: a socket that never speaks, and one that sends its
// headers a byte at a time, are closed; an open WebSocket (the UI) is not.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
let port: number;
beforeAll(async () => {
  t = await startTestEngine({ serverTimeouts: { headersMs: 400, requestMs: 1000, keepAliveMs: 300, idleMs: 500, checkMs: 100 } });
  port = Number(new URL(t.engine.url).port);
});
afterAll(() => t.dispose());

/** Resolves when the server closes the socket (the test times out if it never does). The client reads what it gets, as real ones do. */
const closed = (s: Socket) => {
  s.resume();
  s.on('error', () => undefined); // a write after the server hung up: EPIPE, expected here
  return new Promise<void>((resolve) => s.once('close', () => resolve()));
};

describe('idle connections', () => {
  it('a connection that never sends anything is closed', async () => {
    const s = connect(port, '127.0.0.1');
    await closed(s);
    expect(s.destroyed).toBe(true);
  });

  it('a slowloris sending headers a byte at a time is closed', async () => {
    const s = connect(port, '127.0.0.1');
    const line = 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ';
    let i = 0;
    const drip = setInterval(() => {
      if (!s.destroyed) s.write(line[i++ % line.length]);
    }, 50);
    await closed(s);
    clearInterval(drip);
    expect(s.destroyed).toBe(true);
  });

  it('an open WebSocket outlives the idle timeout', async () => {
    const ws = new WebSocket(`${t.engine.url.replace('http', 'ws')}/ws`);
    await new Promise((r) => ws.once('open', r));
    // Longer than every HTTP timeout above, with no traffic at all.
    const stillOpen = await new Promise<boolean>((resolve) => {
      ws.once('close', () => resolve(false));
      setTimeout(() => resolve(ws.readyState === WebSocket.OPEN), 1500);
    });
    expect(stillOpen).toBe(true);
    ws.close();
  });
});
