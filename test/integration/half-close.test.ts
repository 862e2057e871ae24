// A client that sends its request and then closes its side of the connection (shutdown(SHUT_WR):
// `ncat` and `socat` at the end of their input, a hand-written socket client, HTTP/1.0 tools)
// still reads the answer: half-closing says "no more requests", not "do not answer". Node's server
// aborted such requests by default: the message was captured, but the client read nothing and
// would send it again.
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ httpsPort: 0 });
});
afterAll(() => t.dispose());

/** Writes `bytes`, half-closes the socket at once, and reads until the server closes. */
function sendThenHalfClose(bytes: string): Promise<string> {
  const { hostname, port } = new URL(t.engine.url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = tcpConnect({ port: Number(port), host: hostname, allowHalfOpen: true }, () => s.end(bytes));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.once('error', reject);
    s.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** The same over TLS, trusting the engine's own authority. */
function sendThenHalfCloseTls(bytes: string, ca: string): Promise<string> {
  const { hostname, port } = new URL(t.engine.info().https!.receiverUrl!);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // tls.connect takes allowHalfOpen (it builds its TLSSocket with it); @types/node leaves it out.
    const options: ConnectionOptions & { allowHalfOpen: boolean } = { port: Number(port), host: hostname, ca, servername: 'localhost', allowHalfOpen: true };
    const s = tlsConnect(options, () => s.end(bytes));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.once('error', reject);
    s.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

const host = () => `Host: ${new URL(t.engine.url).host}`;
const track = (messageId: string) => {
  const body = JSON.stringify({ userId: 'half-close', event: 'Half Closed', messageId });
  return `POST /v1/track HTTP/1.1\r\n${host()}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};
const stored = async () =>
  ((await (await fetch(`${t.engine.url}/api/messages?userId=half-close`)).json()) as { message: { messageId: string } }[]).map((c) => c.message.messageId);

describe('a client that half-closes after its request', () => {
  it('reads the answer to it, and the message is captured once', async () => {
    const text = await sendThenHalfClose(track('hc-1'));
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text.split('\r\n\r\n')[1]).toBe('{"success":true}');
    expect(await stored()).toEqual(['hc-1']);
  });

  it('reads the answers to every request it pipelined, in order', async () => {
    const text = await sendThenHalfClose(track('hc-2') + track('hc-3') + track('hc-4'));
    expect(text.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 200']);
    expect(await stored()).toEqual(['hc-1', 'hc-2', 'hc-3', 'hc-4']);
  });

  it('over HTTPS too (analytics-ruby, the mobile libraries)', async () => {
    const ca = await (await fetch(`${t.engine.url}${t.engine.info().https!.caPath}`)).text();
    const text = await sendThenHalfCloseTls(track('hc-tls'), ca);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text.split('\r\n\r\n')[1]).toBe('{"success":true}');
    expect(await stored()).toContain('hc-tls');
  });

  it('an API request too', async () => {
    const text = await sendThenHalfClose(`GET /api/health HTTP/1.1\r\n${host()}\r\n\r\n`);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(JSON.parse(text.split('\r\n\r\n')[1])).toMatchObject({ status: 'ok' });
  });
});
