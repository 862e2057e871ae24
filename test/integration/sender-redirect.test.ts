// A send to an address that answers with a redirect (http:// moved to https://, a hook moved to
// another path). fetch followed it: a POST redirected by a 301 or 302 goes on as a GET without its
// body, and the GET's 200 showed the delivery as delivered, though the event never arrived (and
// analytics-node takes a 3xx itself as delivered). A real server on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goalCompleted, startSender } from './sender-helpers';

let server: Server;
let base: string;
const requests: { method: string; url: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '' });
      if (req.url?.startsWith('/old/')) return void res.writeHead(301, { Location: req.url.replace('/old/', '/new/') }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

describe('sending to an address that redirects', () => {
  it('a webhook: not followed, failed, saying where it points and where to send', async () => {
    const { sender, settled } = startSender({ webhookMaxRetries: 0 });
    const { deliveries } = await sender.send({ target: { kind: 'webhook', url: `${base}/old/hook` }, message: goalCompleted() });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('failed');
    expect(done.error).toBe(`HTTP 301: a redirect to ${base}/new/hook, which the sender does not follow (a POST redirected by a 301 or 302 goes on as a GET without its body); send to ${base}/new/hook`);
    expect(requests.filter((r) => r.url.startsWith('/new/'))).toEqual([]);
    await sender.close();
  });

  it('a Segment-compatible host (analytics-node): not followed, not delivered, saying the host to set', async () => {
    const { sender, settled } = startSender({ segmentMaxRetries: 0 });
    const { deliveries } = await sender.send({ target: { kind: 'custom', host: `${base}/old` }, message: goalCompleted() });
    const done = await settled(deliveries[0].id, undefined, 30_000);
    expect(done.state).toBe('failed');
    expect(done.attempts.at(-1)?.error).toBe(`HTTP 301: a redirect to ${base}/new/v1/batch, which the sender does not follow (a POST redirected by a 301 or 302 goes on as a GET without its body); set the host to ${base}/new`);
    expect(requests.filter((r) => r.url.startsWith('/new/'))).toEqual([]);
    await sender.close();
  });
});
