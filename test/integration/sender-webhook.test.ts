// Webhook sends over real sockets: the request looks like Segment's Webhook destination, the
// X-Signature verifies with the receiver's check, and 5xx answers are retried.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSignature } from '../../src-main/receiver/signature';
import { goalCompleted, startSender } from './sender-helpers';

type Hit = { headers: IncomingMessage['headers']; raw: Buffer };
let server: Server | undefined;

async function hookServer(statuses: number[]): Promise<{ url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status }));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/webhook/product-fruits`, hits };
}

afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

describe('webhook sender', () => {
  it('posts the event JSON as Segment does, signed with the shared secret', async () => {
    const { url, hits } = await hookServer([]);
    const { sender, settled, updates } = startSender();
    const secret = 'pf-shared-secret-123';
    const message = goalCompleted();
    const { deliveries } = await sender.send({ target: { kind: 'webhook', url, secret }, message, freshMessageIds: false });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('delivered');
    expect(hits).toHaveLength(1);
    const hit = hits[0];
    expect(hit.headers['content-type']).toBe('application/json');
    expect(hit.headers['user-agent']).toBe('Segment.io/1.0');
    expect(JSON.parse(hit.raw.toString('utf8'))).toEqual(message);
    const check = checkSignature({ secret, header: String(hit.headers['x-signature']), rawBody: new Uint8Array(hit.raw), payload: JSON.parse(hit.raw.toString('utf8')) });
    expect(check.status).toBe('valid');
    expect(checkSignature({ secret: 'wrong', header: String(hit.headers['x-signature']), rawBody: new Uint8Array(hit.raw), payload: message }).status).toBe('invalid');
    expect(done.attempts[0].status).toBe(200);
    expect(JSON.stringify(updates)).not.toContain(secret);
    expect(done.target).toEqual({ kind: 'webhook', url });
    await sender.close();
  });

  it('sends no X-Signature without a secret', async () => {
    const { url, hits } = await hookServer([]);
    const { sender, settled } = startSender();
    const { deliveries } = await sender.send({ target: { kind: 'webhook', url }, message: goalCompleted() });
    expect((await settled(deliveries[0].id)).state).toBe('delivered');
    expect(hits[0].headers['x-signature']).toBeUndefined();
    await sender.close();
  });

  it('retries 5xx with backoff, then delivers; a 4xx fails at once', async () => {
    const { url, hits } = await hookServer([503, 502, 200, 404]);
    const { sender, settled, updates } = startSender();
    const first = await sender.send({ target: { kind: 'webhook', url }, message: goalCompleted() });
    const done = await settled(first.deliveries[0].id);
    expect(done.state).toBe('delivered');
    expect(done.attempts.map((a) => a.status)).toEqual([503, 502, 200]);
    expect(updates.filter((u) => u.id === done.id).some((u) => u.state === 'retrying')).toBe(true);

    const second = await sender.send({ target: { kind: 'webhook', url }, message: goalCompleted() });
    const failed = await settled(second.deliveries[0].id);
    expect(failed.state).toBe('failed');
    expect(failed.attempts.map((a) => a.status)).toEqual([404]);
    expect(failed.error).toMatch(/404/);
    expect(hits).toHaveLength(4);
    await sender.close();
  });

  it('fails with the network error when nothing listens', async () => {
    const { sender, settled } = startSender({ webhookMaxRetries: 1 });
    const { deliveries } = await sender.send({ target: { kind: 'webhook', url: 'http://127.0.0.1:9/hook' }, message: goalCompleted() });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('failed');
    expect(done.attempts).toHaveLength(2);
    expect(done.attempts[0].error).toMatch(/fetch failed|ECONNREFUSED/);
    await sender.close();
  });

  it('sends a URL\'s user:password as Basic auth, and never records the password', async () => {
    const { url, hits } = await hookServer([]);
    const { sender, settled, updates } = startSender({ webhookMaxRetries: 0 });
    const password = 'hook-pass-7731';
    const withCredentials = url.replace('http://', `http://pf-user:${password}@`);
    const { deliveries } = await sender.send({ target: { kind: 'webhook', url: withCredentials }, message: goalCompleted() });
    const done = await settled(deliveries[0].id);
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('delivered');
    expect(hits[0].headers.authorization).toBe(`Basic ${Buffer.from(`pf-user:${password}`).toString('base64')}`);
    expect(done.attempts[0].url).toBe(url);
    expect(done.attempts[0].requestHeaders.Authorization).toBe('Basic [redacted]');
    const everything = JSON.stringify(updates);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(Buffer.from(`pf-user:${password}`).toString('base64'));
    await sender.close();
  });

  it('rejects a bad webhook URL saying where', async () => {
    const { sender } = startSender();
    await expect(sender.send({ target: { kind: 'webhook', url: 'ftp://x' }, message: goalCompleted() })).rejects.toThrow(/webhook URL/);
    await sender.close();
  });
});
