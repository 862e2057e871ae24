// The HTTPS receiver: its own certificate authority in the data dir, served for clients to trust,
// the same routes as the plain one, kept across restarts, made again when damaged, and the real
// analytics-node (in a process started with NODE_EXTRA_CA_CERTS, as a user would) posting to it.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { ensureLocalTls, receiverNames } from '../../src-main/receiver/tls';
import { captureByMessageId, rawPost } from './helpers/real-client';

const engines: TestEngine[] = [];
afterEach(async () => {
  for (const t of engines.splice(0)) await t.dispose();
});

async function start(extra: Parameters<typeof startTestEngine>[0] = {}): Promise<TestEngine> {
  const t = await startTestEngine({ httpsPort: 0, ...extra });
  engines.push(t);
  return t;
}

/** rawPost's url, path, header lines and body for a JSON track to this receiver, with the write key wk_https in Basic auth. */
function track(receiverUrl: string, message: object): [string, string, [string, string][], string] {
  const body = JSON.stringify(message);
  const headers: [string, string][] = [['Host', new URL(receiverUrl).host], ['content-type', 'application/json'], ['content-length', String(Buffer.byteLength(body))], ['authorization', `Basic ${Buffer.from('wk_https:').toString('base64')}`]];
  return [receiverUrl, '/v1/track', headers, body];
}

describe('the HTTPS receiver', () => {
  it('serves its authority at /eventbench-ca.pem, and takes a track over TLS from a client that trusts it', async () => {
    const t = await start();
    const https = t.engine.info().https!;
    expect(https.error).toBeUndefined();
    expect(https.receiverUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    // Downloadable over plain HTTP (a phone fetches it before it trusts anything), and over HTTPS.
    const res = await fetch(`${t.engine.url}${https.caPath}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-pem-file');
    const caPem = await res.text();
    const ca = new X509Certificate(caPem);
    expect(ca.ca).toBe(true);
    expect(ca.fingerprint256).toBe(https.caSha256);
    expect(ca.subject).toContain('Eventbench local CA');
    expect(https.names).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '10.0.2.2']));

    const answer = await rawPost(...track(https.receiverUrl!, { userId: 'u-tls', event: 'Over TLS', messageId: 'tls-1' }), { ca: caPem });
    expect(answer).toEqual({ status: 200, body: '{"success":true}' });
    const c = await captureByMessageId(t.engine.url, 'tls-1');
    expect(c.message.event).toBe('Over TLS');
    expect(c.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/track' });

    // The key files are private; the certificates are not.
    expect((await stat(join(t.dataDir, 'tls', 'ca-key.pem'))).mode & 0o077).toBe(0);
    expect((await stat(join(t.dataDir, 'tls', 'server-key.pem'))).mode & 0o077).toBe(0);
    // A client that does not trust the authority is refused by TLS itself.
    await expect(rawPost(...track(https.receiverUrl!, { userId: 'u', event: 'E' }))).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  });

  it('keeps the same authority and certificate across a restart, and makes a damaged authority again without touching the captures', async () => {
    const t = await start();
    const first = t.engine.info().https!;
    const caPem = await (await fetch(`${t.engine.url}/eventbench-ca.pem`)).text();
    await rawPost(...track(first.receiverUrl!, { userId: 'u', event: 'Kept', messageId: 'kept-1' }), { ca: caPem });
    const serverPem = await readFile(join(t.dataDir, 'tls', 'server.pem'), 'utf8');

    const again = await t.restart();
    expect(again.info().https!.caSha256).toBe(first.caSha256);
    expect(await readFile(join(t.dataDir, 'tls', 'server.pem'), 'utf8')).toBe(serverPem);
    expect(t.logged.filter((l) => l.includes('tls/'))).toEqual([]);

    await writeFile(join(t.dataDir, 'tls', 'ca-key.pem'), 'not a key');
    const third = await t.restart();
    const remade = third.info().https!;
    expect(remade.error).toBeUndefined();
    expect(remade.caSha256).not.toBe(first.caSha256);
    expect(t.logged.join('\n')).toMatch(/tls\/ca\.pem could not be used .*a new certificate authority was made; clients that trusted the old one must trust the new one/);
    // The new server certificate is signed by the new authority, and the captures are all there.
    const newCa = await (await fetch(`${third.url}/eventbench-ca.pem`)).text();
    expect(await rawPost(...track(remade.receiverUrl!, { userId: 'u', event: 'After', messageId: 'after-1' }), { ca: newCa })).toMatchObject({ status: 200 });
    expect((await captureByMessageId(third.url, 'kept-1')).message.event).toBe('Kept');
    expect((await captureByMessageId(third.url, 'after-1')).message.event).toBe('After');
  });

  it('makes the server certificate again when it lacks a name (a new LAN address), keeping the authority', async () => {
    const t = await start();
    const before = await ensureLocalTls(t.dataDir, receiverNames('127.0.0.1'));
    expect(before.notes).toEqual([]);
    const widened = await ensureLocalTls(t.dataDir, [...receiverNames('127.0.0.1'), '192.0.2.77']);
    expect(widened.caSha256).toBe(before.caSha256);
    expect(widened.notes).toEqual(['tls/server.pem was made again: it lacked 192.0.2.77']);
    expect(widened.names).toContain('192.0.2.77');
    expect(widened.certPem).not.toBe(before.certPem);
    // ...and when it comes within 30 days of its end.
    const later = await ensureLocalTls(t.dataDir, [...receiverNames('127.0.0.1'), '192.0.2.77'], Date.now() + 800 * 86_400_000);
    expect(later.notes).toEqual([expect.stringMatching(/^tls\/server\.pem was made again: it ends on \d{4}-\d{2}-\d{2}$/)]);
  });

  it('names loopback, the emulator alias, the LAN addresses and a specific bound host, never a wildcard or a name DNS cannot spell', () => {
    const names = receiverNames('0.0.0.0');
    expect(names.slice(0, 4)).toEqual(['localhost', '127.0.0.1', '::1', '10.0.2.2']);
    expect(names).not.toContain('0.0.0.0');
    for (const n of names) expect(n, n).toMatch(/^([a-z0-9.-]+|[0-9a-f:]+)$/);
    expect(receiverNames('[::]')).not.toContain('::');
    expect(receiverNames('Dev-Box.example')).toContain('dev-box.example');
    expect(receiverNames('192.0.2.10')).toContain('192.0.2.10');
    expect(receiverNames("Ann's Mac")).not.toContain("ann's mac");
  });

  it('takes a free port when the asked one is in use, and says so', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as { port: number }).port;
    try {
      const t = await start({ httpsPort: busy });
      const url = t.engine.info().https!.receiverUrl!;
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(url).not.toBe(`https://127.0.0.1:${busy}`);
      expect(t.logged.join('\n')).toContain(`HTTPS port ${busy} is in use; the HTTPS receiver took ${new URL(url).port}`);
    } finally {
      blocker.close();
    }
  });

  it('closes a connection that never finishes its TLS handshake, and one that speaks plain HTTP to the TLS port, without stopping the receiver', async () => {
    const t = await start({ serverTimeouts: { headersMs: 400, requestMs: 1000, keepAliveMs: 300, idleMs: 500, checkMs: 100 } });
    const { port } = new URL(t.engine.info().https!.receiverUrl!);
    const closedAfter = (send?: string) =>
      new Promise<number>((resolve, reject) => {
        const started = Date.now();
        const socket = connect(Number(port), '127.0.0.1', () => {
          if (send) socket.write(send);
        });
        socket.on('error', () => undefined);
        socket.on('close', () => resolve(Date.now() - started));
        setTimeout(() => reject(new Error('still open after 5 s')), 5000);
      });
    expect(await closedAfter()).toBeGreaterThanOrEqual(300);
    await closedAfter('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const caPem = await (await fetch(`${t.engine.url}/eventbench-ca.pem`)).text();
    expect((await rawPost(...track(t.engine.info().https!.receiverUrl!, { userId: 'u', event: 'Still Up' }), { ca: caPem })).status).toBe(200);
  });

  it('stops at once with a TLS connection open that has not finished its handshake', async () => {
    const t = await startTestEngine({ httpsPort: 0 }); // the default 15 s to finish a handshake
    const { port } = new URL(t.engine.info().https!.receiverUrl!);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((r) => socket.once('connect', r));
    const closed = new Promise((r) => socket.once('close', r));
    const started = Date.now();
    await t.dispose();
    expect(Date.now() - started).toBeLessThan(5000);
    await closed;
  });

  it('has no HTTPS listener unless asked, and /eventbench-ca.pem is then the UI’s', async () => {
    const t = await startTestEngine();
    engines.push(t);
    expect(t.engine.info().https).toBeUndefined();
    expect((await fetch(`${t.engine.url}/eventbench-ca.pem`)).headers.get('content-type')).not.toBe('application/x-pem-file');
  });

  it('the real analytics-node posts over HTTPS when its process trusts the authority (NODE_EXTRA_CA_CERTS)', async () => {
    const t = await start();
    const https = t.engine.info().https!;
    const caFile = join(t.dataDir, 'trusted-ca.pem');
    await writeFile(caFile, await (await fetch(`${t.engine.url}${https.caPath}`)).text());
    const script = `
      import { Analytics } from '@segment/analytics-node';
      const analytics = new Analytics({ writeKey: 'wk_node_tls', host: ${JSON.stringify(https.receiverUrl)}, flushAt: 1, maxRetries: 0 });
      const errors = [];
      analytics.on('error', (e) => errors.push(String(e.reason ?? e.message ?? e)));
      analytics.track({ userId: 'u-node', event: 'Node Over TLS', messageId: 'node-tls-1' });
      await analytics.closeAndFlush({ timeout: 10000 });
      console.log(JSON.stringify(errors));`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile } }, (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout))),
    );
    expect(JSON.parse(out.trim())).toEqual([]);
    const c = await captureByMessageId(t.engine.url, 'node-tls-1');
    expect(c.message.event).toBe('Node Over TLS');
    expect((c.message.context as { library: { name: string } }).library.name).toBe('@segment/analytics-node');
  });
});
