// A request that offers to switch protocols (`Upgrade: h2c`) is answered as the HTTP/1.1 request
// it is (RFC 9110, 7.8: a server may ignore the offer). Java's own HTTP client (java.net.http,
// HTTP/2 by default) makes that offer on every plain-http request, and so does `curl --http2`;
// they were answered 404 with an empty body (the receiver's WebSocket upgrade handler took them),
// and the event was lost. The bytes below are what each client sent, recorded through a logging
// proxy: Java 17.0.15's HttpClient.newHttpClient() (with a String body, and with expectContinue
// and an InputStream body, which it sends chunked) and curl 7.88.1 with --http2.
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CapturedMessage } from '../../src-shared/capture';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ httpsPort: 0 });
});
afterAll(() => t.dispose());

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Reads `count` HTTP/1.1 answers (with a Content-Length, or chunked) from a socket. */
function answers(socket: Socket, count: number): Promise<Answer[]> {
  return new Promise((resolve, reject) => {
    let buf: Buffer = Buffer.alloc(0);
    const out: Answer[] = [];
    const parse = () => {
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [statusLine, ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
        const headers: Record<string, string> = {};
        for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
        let body: Buffer;
        let rest: Buffer;
        if (headers['transfer-encoding'] === 'chunked') {
          const chunks: Buffer[] = [];
          let at = end + 4;
          for (;;) {
            const lineEnd = buf.indexOf('\r\n', at);
            if (lineEnd < 0) return;
            const size = parseInt(buf.subarray(at, lineEnd).toString('latin1'), 16);
            if (buf.length < lineEnd + 2 + size + 2) return;
            chunks.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
            if (size === 0) break;
          }
          body = Buffer.concat(chunks);
          rest = buf.subarray(at);
        } else {
          const length = Number(headers['content-length'] ?? 0);
          if (buf.length < end + 4 + length) return;
          body = buf.subarray(end + 4, end + 4 + length);
          rest = buf.subarray(end + 4 + length);
        }
        out.push({ status: Number(statusLine.split(' ')[1]), headers, body: body.toString('utf8') });
        buf = rest;
        if (out.length === count) {
          socket.off('data', onData);
          resolve(out);
          return;
        }
      }
    };
    const onData = (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      parse();
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('close', () => (out.length < count ? reject(new Error(`connection closed after ${out.length} of ${count} answers: ${buf.toString('latin1')}`)) : undefined));
  });
}

function plainSocket(): Promise<Socket> {
  const { hostname, port } = new URL(t.engine.url);
  return new Promise((resolve, reject) => {
    const s = tcpConnect(Number(port), hostname, () => resolve(s));
    s.once('error', reject);
  });
}

/** Java 17's HttpClient, a POST to an http:// URL: its header lines in its order (Host after Content-Length). */
function javaHttpClientRequest(host: string, path: string, body: string): string {
  return (
    `POST ${path} HTTP/1.1\r\n` +
    'Connection: Upgrade, HTTP2-Settings\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `Host: ${host}\r\n` +
    'HTTP2-Settings: AAEAAEAAAAIAAAAAAAMAAAAAAAQBAAAAAAUAAEAAAAYABgAA\r\n' +
    'Upgrade: h2c\r\n' +
    'User-Agent: Java-http-client/17.0.15\r\n' +
    `Authorization: Basic ${Buffer.from('java-key:').toString('base64')}\r\n` +
    'Content-Type: application/json\r\n' +
    '\r\n' +
    body
  );
}

async function captured(messageId: string): Promise<CapturedMessage> {
  const list = (await (await fetch(`${t.engine.url}/api/messages?messageId=${messageId}`)).json()) as CapturedMessage[];
  expect(list).toHaveLength(1);
  return list[0];
}

describe('a request offering Upgrade: h2c', () => {
  it("Java's HttpClient: a track is answered 200 and stored, with the headers the client sent", async () => {
    const socket = await plainSocket();
    const host = new URL(t.engine.url).host;
    const pending = answers(socket, 1);
    socket.write(javaHttpClientRequest(host, '/v1/track', JSON.stringify({ userId: 'j-1', event: 'Java HttpClient', messageId: 'h2c-java-1' })));
    const [answer] = await pending;
    socket.destroy();
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('{"success":true}');
    const c = await captured('h2c-java-1');
    expect(c.message).toMatchObject({ type: 'track', userId: 'j-1', event: 'Java HttpClient' });
    expect(c.origin).toMatchObject({ endpoint: '/v1/track', writeKeySource: 'basic' });
    // Recorded as sent: the offer is part of what the client did.
    expect(c.headers).toMatchObject({ upgrade: 'h2c', connection: 'Upgrade, HTTP2-Settings', 'user-agent': 'Java-http-client/17.0.15', authorization: 'Basic [redacted]' });
  });

  it("Java's HttpClient with expectContinue and a streamed body: 100 Continue, then the chunked body is read", async () => {
    const socket = await plainSocket();
    const host = new URL(t.engine.url).host;
    const body = JSON.stringify({ userId: 'j-3', event: 'Java Stream', messageId: 'h2c-java-stream', properties: { pad: 'x'.repeat(3000) } });
    const continued = new Promise<string>((resolve) => socket.once('data', (c: Buffer) => resolve(c.toString('latin1'))));
    socket.write(
      'POST /v1/track HTTP/1.1\r\n' +
        'Connection: Upgrade, HTTP2-Settings\r\n' +
        'Expect: 100-Continue\r\n' +
        `Host: ${host}\r\n` +
        'HTTP2-Settings: AAEAAEAAAAIAAAAAAAMAAAAAAAQBAAAAAAUAAEAAAAYABgAA\r\n' +
        'Transfer-encoding: chunked\r\n' +
        'Upgrade: h2c\r\n' +
        'User-Agent: Java-http-client/17.0.15\r\n' +
        `Authorization: Basic ${Buffer.from('java-key:').toString('base64')}\r\n` +
        'Content-Type: application/json\r\n' +
        '\r\n',
    );
    // The client sends its body only once told to go on.
    expect(await continued).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    const pending = answers(socket, 1);
    socket.write(`${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`);
    const [answer] = await pending;
    socket.destroy();
    expect([answer.status, answer.body]).toEqual([200, '{"success":true}']);
    expect((await captured('h2c-java-stream')).message).toMatchObject({ event: 'Java Stream', properties: { pad: 'x'.repeat(3000) } });
  });

  it('curl --http2: a batch, then a second request on the same kept-alive connection', async () => {
    const socket = await plainSocket();
    const host = new URL(t.engine.url).host;
    const body = JSON.stringify({ batch: [{ type: 'identify', userId: 'c-1', traits: { plan: 'pro' }, messageId: 'h2c-curl-1' }, { type: 'track', userId: 'c-1', event: 'Curl H2', messageId: 'h2c-curl-2' }] });
    const first = answers(socket, 1);
    socket.write(
      'POST /v1/batch HTTP/1.1\r\n' +
        `Host: ${host}\r\n` +
        `Authorization: Basic ${Buffer.from('curl-key:').toString('base64')}\r\n` +
        'User-Agent: curl/7.88.1\r\n' +
        'Accept: */*\r\n' +
        'Connection: Upgrade, HTTP2-Settings\r\n' +
        'Upgrade: h2c\r\n' +
        'HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n' +
        'Content-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        '\r\n' +
        body,
    );
    const [a] = await first; // a client waits for the answer before reusing the connection
    const second = JSON.stringify({ userId: 'c-1', event: 'Second On Same Connection', messageId: 'h2c-curl-3' });
    const next = `POST /v1/track HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nAuthorization: Basic ${Buffer.from('curl-key:').toString('base64')}\r\nContent-Length: ${Buffer.byteLength(second)}\r\n\r\n${second}`;
    const pendingSecond = answers(socket, 1);
    socket.write(next);
    const [b] = await pendingSecond;
    socket.destroy();
    expect([a.status, a.body]).toEqual([200, '{"success":true}']);
    expect([b.status, b.body]).toEqual([200, '{"success":true}']);
    expect((await captured('h2c-curl-1')).message).toMatchObject({ type: 'identify', traits: { plan: 'pro' } });
    expect((await captured('h2c-curl-2')).message).toMatchObject({ type: 'track', event: 'Curl H2' });
    expect((await captured('h2c-curl-3')).message).toMatchObject({ event: 'Second On Same Connection' });
  });

  it('a webhook delivery and the automation API answer too (a Java test polling /api/messages)', async () => {
    const host = new URL(t.engine.url).host;
    let socket = await plainSocket();
    let pending = answers(socket, 1);
    socket.write(javaHttpClientRequest(host, '/webhook/java-h2c', JSON.stringify({ type: 'track', userId: 'w-1', event: 'Hooked', messageId: 'h2c-hook-1' })));
    const [hook] = await pending;
    socket.destroy();
    expect(hook.status).toBe(200);
    expect((await captured('h2c-hook-1')).origin).toMatchObject({ kind: 'webhook', endpoint: '/webhook/java-h2c' });

    socket = await plainSocket();
    pending = answers(socket, 1);
    socket.write(`GET /api/messages?messageId=h2c-hook-1 HTTP/1.1\r\nConnection: Upgrade, HTTP2-Settings\r\nContent-Length: 0\r\nHost: ${host}\r\nHTTP2-Settings: AAEAAEAAAAIAAAAAAAMAAAAAAAQBAAAAAAUAAEAAAAYABgAA\r\nUpgrade: h2c\r\nUser-Agent: Java-http-client/17.0.15\r\n\r\n`);
    const [api] = await pending;
    socket.destroy();
    expect(api.status).toBe(200);
    expect((JSON.parse(api.body) as CapturedMessage[]).map((c) => c.message.messageId)).toEqual(['h2c-hook-1']);
  });

  it('on the HTTPS listener too', async () => {
    const https = t.engine.info().https!;
    const ca = await (await fetch(`${t.engine.url}${https.caPath}`)).text();
    const { hostname, port, host } = new URL(https.receiverUrl!);
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = tlsConnect({ host: hostname, port: Number(port), ca }, () => resolve(s));
      s.once('error', reject);
    });
    const pending = answers(socket, 1);
    socket.write(javaHttpClientRequest(host, '/v1/track', JSON.stringify({ userId: 'j-2', event: 'Over TLS', messageId: 'h2c-tls-1' })));
    const [answer] = await pending;
    socket.destroy();
    expect([answer.status, answer.body]).toEqual([200, '{"success":true}']);
    expect((await captured('h2c-tls-1')).message).toMatchObject({ event: 'Over TLS' });
  });

  it('a WebSocket upgrade to /ws is still one', async () => {
    const ws = new WebSocket(`${t.engine.url.replace(/^http/, 'ws')}/ws`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.close();
  });
});
