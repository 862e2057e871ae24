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

/** Sends a request's head, then its body a byte every 50 ms until the server closes; what it answered. */
async function dripBody(head: string): Promise<string> {
  const s = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  s.write(head);
  const drip = setInterval(() => {
    if (!s.destroyed) s.write('x');
  }, 50);
  await closed(s);
  clearInterval(drip);
  return Buffer.concat(chunks).toString('utf8');
}

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

  // Its headers in time, then the body a byte at a time: the request timeout answers it with a
  // 408 that says so, and closes. The refusal waited for the request's own answer, which waited
  // for the body, so a sender that kept dripping held the connection for as long as it liked.
  it('a slowloris sending its body a byte at a time gets a 408 and is closed', async () => {
    const text = await dripBody('POST /v1/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n{"userId":"slow","event":"Slow","p":"');
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    const error = 'the request body was not received within 1 s; the connection is closed after this answer';
    expect(JSON.parse(text.split('\r\n\r\n')[1])).toEqual({ success: false, code: 'request-timeout', error, message: error });
  });

  // A body over the limit is read to its end before it is refused, whatever its size (so the
  // client reads the 400, not a reset); one that never ends is bounded by the request timeout.
  it.each(['/v1/batch', '/webhook/endless'])('a body to %s over the limit that never ends gets the 408 at the request timeout', async (path) => {
    const s = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    // A client busy elsewhere reads the answer only after the server is done with the connection
    // (on a loaded CI machine): a close that resets the connection then loses the answer.
    s.pause();
    s.on('error', () => undefined); // a write after the server hung up
    const gone = new Promise<void>((resolve) => s.once('close', () => resolve()));
    const reading = new Promise<void>((resolve) => setTimeout(resolve, 1800)).then(() => s.on('data', (c: Buffer) => chunks.push(c)).resume());
    s.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000000000\r\n\r\n{"batch":[],"pad":"`);
    // As fast as the socket takes it: the server's receive buffer is full when it answers, and a
    // close then (a reset) could discard the answer before the client read it (it did on CI).
    const block = Buffer.alloc(1024 * 1024, 0x78);
    let flooding = true;
    const flood = () => {
      while (flooding && !s.destroyed && s.write(block));
    };
    s.on('drain', flood);
    flood();
    await reading;
    await gone;
    flooding = false;
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(JSON.parse(text.split('\r\n\r\n')[1])).toMatchObject({ success: false, code: 'request-timeout' });
  });

  // A refused path is answered at once, its body drained: the request timeout met that body still
  // arriving, and wrote a second answer (a 408) after the 404 on the same socket.
  it.each(['/v1/nope', '/webhook/bad%20name'])('a refused POST to %s whose body keeps coming gets one answer, then is closed', async (path) => {
    const text = await dripBody(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"p":"`);
    expect(text).toMatch(/^HTTP\/1\.1 (404|400) /);
    expect(text.match(/HTTP\/1\.1 \d{3} /g)).toHaveLength(1);
  });

  it('an open WebSocket outlives the idle timeout', async () => {
    // A silent plain socket opened first is the witness: once the server has closed it for
    // idling, the WebSocket (idle just as long) must still answer. No clock in the test.
    const witness = connect(port, '127.0.0.1');
    const witnessClosed = closed(witness);
    const ws = new WebSocket(`${t.engine.url.replace('http', 'ws')}/ws`);
    let wsClosed = false;
    ws.once('close', () => (wsClosed = true));
    await new Promise((r) => ws.once('open', r));
    await witnessClosed;
    // And the idle check runs again: a second witness opened after the first is closed too.
    await closed(connect(port, '127.0.0.1'));
    expect(wsClosed).toBe(false);
    ws.send(JSON.stringify({ id: 1, command: 'engine.info', arg: null }));
    const reply = await new Promise<{ id: number; ok: boolean }>((resolve) =>
      ws.on('message', (d) => {
        const frame = JSON.parse(String(d));
        if (frame.id === 1) resolve(frame);
      }),
    );
    expect(reply).toMatchObject({ id: 1, ok: true });
    ws.close();
  });
});
