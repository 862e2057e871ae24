// The HTTPS receiver and the protocols a client names in its TLS handshake (ALPN). An HTTP/1.0
// client names only "http/1.0" (curl --http1.0 does); Node's HTTPS server knows only "http/1.1",
// so the handshake itself was refused with the alert "no application protocol" and nothing was
// captured (curl: "tlsv1 alert no application protocol"), where the plain listener took the same
// request. Clients that name h2 and http/1.1 (OkHttp, URLSession, curl by default) get http/1.1.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
let ca: string;
let host: string;
let port: number;
beforeAll(async () => {
  t = await startTestEngine({ httpsPort: 0 });
  const https = t.engine.info().https!;
  ca = await (await fetch(`${t.engine.url}${https.caPath}`)).text();
  ({ hostname: host } = new URL(https.receiverUrl!));
  port = Number(new URL(https.receiverUrl!).port);
});
afterAll(() => t.dispose());

function tlsSocket(ALPNProtocols: string[]): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port, ca, ALPNProtocols }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Writes a request and reads until the server closes (an HTTP/1.0 answer ends the connection). */
function exchange(s: TLSSocket, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.once('error', reject);
    s.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    s.write(request);
  });
}

async function captured(messageId: string): Promise<CapturedMessage> {
  const list = (await (await fetch(`${t.engine.url}/api/messages?messageId=${messageId}`)).json()) as CapturedMessage[];
  expect(list).toHaveLength(1);
  return list[0];
}

const basic = `Basic ${Buffer.from('alpn-key:').toString('base64')}`;

describe('ALPN on the HTTPS receiver', () => {
  it('a client naming only http/1.0 is served over HTTP/1.0', async () => {
    const s = await tlsSocket(['http/1.0']);
    expect(s.alpnProtocol).toBe('http/1.0');
    const body = JSON.stringify({ userId: 'u-10', event: 'HTTP 1.0 over TLS', messageId: 'alpn-10' });
    const answer = await exchange(s, `POST /v1/track HTTP/1.0\r\nHost: ${host}:${port}\r\nAuthorization: ${basic}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer.endsWith('\r\n\r\n{"success":true}')).toBe(true);
    expect((await captured('alpn-10')).message).toMatchObject({ event: 'HTTP 1.0 over TLS' });
  });

  it('a client naming h2 and http/1.1 still gets http/1.1', async () => {
    const s = await tlsSocket(['h2', 'http/1.1']);
    expect(s.alpnProtocol).toBe('http/1.1');
    s.destroy();
  });

  it('curl --http1.0 with the authority: the track is taken', async () => {
    const caFile = join(t.dataDir, 'alpn-ca.pem');
    await writeFile(caFile, ca);
    const args = ['-sS', '--http1.0', '--cacert', caFile, '-u', 'alpn-key:', '-H', 'Content-Type: application/json', '--data-raw', JSON.stringify({ userId: 'u-curl', event: 'curl 1.0', messageId: 'alpn-curl' }), `https://${host}:${port}/v1/track`];
    const out = await new Promise<string>((resolve, reject) => execFile('curl', args, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}: ${stderr}`)) : resolve(stdout))));
    expect(out).toBe('{"success":true}');
    expect((await captured('alpn-curl')).message).toMatchObject({ event: 'curl 1.0' });
  });
});
