// An HTTP/1.1 request without a Host header is refused, as HTTP/1.1 requires, with a 400 that says
// why; Node's own refusal had an empty body. An HTTP/1.0 request needs no Host and is taken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { rawExchange } from './helpers/raw-exchange';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const exchange = (bytes: string) => rawExchange(t.engine.url, bytes);

describe('an HTTP/1.1 request without Host', () => {
  // A hand-written socket client (analytics-php's Socket consumer copied without its Host line, a
  // device's HTTP code) gets a 400 as HTTP/1.1 requires, now saying why: Node's own was empty.
  it('is a 400 that names the missing header; an HTTP/1.0 one without Host is taken', async () => {
    const body = JSON.stringify({ userId: 'no-host', event: 'No Host', messageId: 'no-host-11' });
    const text = await exchange(`POST /v1/track HTTP/1.1\r\nContent-Type: application/json\r\nAuthorization: Basic ${Buffer.from('k:').toString('base64')}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const [head, answer] = text.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(answer)).toEqual({
      success: false,
      code: 'missing-host',
      error: 'an HTTP/1.1 request must have a Host header (RFC 9112, 3.2), and this one has none: add "Host: <host>:<port>" to the request',
      message: 'an HTTP/1.1 request must have a Host header (RFC 9112, 3.2), and this one has none: add "Host: <host>:<port>" to the request',
    });
    const old = JSON.stringify({ userId: 'no-host', event: 'No Host 1.0', messageId: 'no-host-10' });
    const ok = await exchange(`POST /v1/track HTTP/1.0\r\nContent-Type: application/json\r\nAuthorization: Basic ${Buffer.from('k:').toString('base64')}\r\nContent-Length: ${Buffer.byteLength(old)}\r\n\r\n${old}`);
    expect(ok.split('\r\n\r\n')[1]).toBe('{"success":true}');
    const stored = (await (await fetch(`${t.engine.url}/api/messages?userId=no-host`)).json()) as { message: { messageId: string } }[];
    expect(stored.map((c) => c.message.messageId)).toEqual(['no-host-10']);
  });
});
