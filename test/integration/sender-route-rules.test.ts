// Where a send goes and with which key, as the send panel's target picks it: the local receiver
// (as a workspace source or not), Segment US/EU with the typed or the stored write key, a custom
// host (never given the stored key), a webhook (this receiver's own signed with its configured
// secret); and the words of each target refused. Segment and the custom host are msw; the local
// receiver is a loopback server.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SendTarget } from '../../src-shared/api';
import type { SecretStore } from '../../src-main/sender/types';
import { goalCompleted, startSender } from './sender-helpers';

type Hit = { url: string; authorization: string | undefined; signature: string | undefined };
const hits: Hit[] = [];
const basicUser = (auth: string | undefined) => (auth?.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString() : auth);

const record = ({ request }: { request: Request }) => {
  hits.push({ url: request.url, authorization: basicUser(request.headers.get('authorization') ?? undefined), signature: undefined });
  return HttpResponse.json({ success: true });
};
const msw = setupServer(http.post('https://api.segment.io/v1/batch', record), http.post('https://events.eu1.segmentapis.com/v1/batch', record), http.post('https://proxy.example.test/v1/batch', record));

let receiver: Server;
let receiverUrl = '';
beforeAll(async () => {
  msw.listen({ onUnhandledRequest: 'bypass' });
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const h: IncomingHttpHeaders = req.headers;
      hits.push({ url: `${receiverUrl}${req.url}`, authorization: basicUser(h.authorization), signature: h['x-signature'] as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
});
afterEach(() => void (hits.length = 0));
afterAll(async () => {
  msw.close();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

const STORED = 'wk_stored_0123456789';
const storedKey = (key: string | undefined = STORED): SecretStore => ({ status: () => ({ backend: 'file', hasWriteKey: !!key, plainText: true }), setWriteKey: async () => ({ backend: 'file', hasWriteKey: true, plainText: true }), getWriteKey: () => key });

/** Sends one message to `target`; the request that arrived (where, with which key or signature), or the refusal's words. */
async function sendTo(target: SendTarget, opts: { key?: string; webhookSecret?: (name: string) => string | undefined } = {}): Promise<Hit | string> {
  const asked: string[] = [];
  const { sender, settled } = startSender({
    receiverUrl: () => receiverUrl,
    secrets: storedKey(opts.key),
    webhookMaxRetries: 0,
    segmentMaxRetries: 0,
    webhookSecret: opts.webhookSecret && ((name) => (asked.push(name), opts.webhookSecret!(name))),
  });
  try {
    const { deliveries } = await sender.send({ target, message: goalCompleted() });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('delivered');
    expect(hits).toHaveLength(1);
    return hits[0];
  } catch (e) {
    return (e as Error).message;
  } finally {
    await sender.close();
    hits.length = 0;
  }
}

describe('the local receiver', () => {
  it('gets the local key; sent as a workspace source, that source\'s local key (its id percent-encoded)', async () => {
    expect(await sendTo({ kind: 'local' })).toEqual({ url: `${receiverUrl}/v1/batch`, authorization: 'eventbench-local:', signature: undefined });
    expect(await sendTo({ kind: 'local', asSource: 'src 1:a' })).toMatchObject({ authorization: 'eventbench-local.src%201%3Aa:' });
    // No source named (empty): the plain local key. Not a text (a hand-made request) is refused,
    // naming it: it was sent with the plain local key, as if no source had been named.
    expect(await sendTo({ kind: 'local', asSource: '' })).toMatchObject({ authorization: 'eventbench-local:' });
    expect(await sendTo({ kind: 'local', asSource: 7 as unknown as string })).toBe('target.asSource: expected text, got 7');
  });
});

describe('Segment', () => {
  it('US and EU hosts; the typed key trimmed, else the stored one', async () => {
    expect(await sendTo({ kind: 'segment', region: 'us', writeKey: '  wk_typed_42  ' })).toMatchObject({ url: 'https://api.segment.io/v1/batch', authorization: 'wk_typed_42:' });
    expect(await sendTo({ kind: 'segment', region: 'eu', writeKey: '   ' })).toMatchObject({ url: 'https://events.eu1.segmentapis.com/v1/batch', authorization: `${STORED}:` });
    expect(await sendTo({ kind: 'segment', region: 'eu' })).toMatchObject({ authorization: `${STORED}:` });
  });

  it('refused: a region not us or eu, or no key typed and none stored', async () => {
    expect(await sendTo({ kind: 'segment', region: 'asia' as 'us' })).toBe('target.region: expected "us" or "eu", got "asia"');
    expect(await sendTo({ kind: 'segment' } as SendTarget)).toBe('target.region: expected "us" or "eu", got undefined');
    expect(await sendTo({ kind: 'segment', region: 'us', writeKey: ' ' }, { key: '' })).toBe('target.writeKey: no Segment write key given and none stored; enter one in the send panel');
    expect(hits).toEqual([]);
  });
});

describe('a custom host', () => {
  it('gets the typed key trimmed, else the local key: never the stored Segment key', async () => {
    expect(await sendTo({ kind: 'custom', host: ' https://proxy.example.test ', writeKey: ' wk_proxy_1 ' })).toMatchObject({ url: 'https://proxy.example.test/v1/batch', authorization: 'wk_proxy_1:' });
    expect(await sendTo({ kind: 'custom', host: 'https://proxy.example.test' })).toMatchObject({ authorization: 'eventbench-local:' });
    expect(await sendTo({ kind: 'custom', host: 'https://proxy.example.test', writeKey: '  ' })).toMatchObject({ authorization: 'eventbench-local:' });
  });

  it('refused: no host, or one that is not a URL', async () => {
    const words = 'target.host: enter the base URL of the custom host, e.g. https://proxy.example.com';
    expect(await sendTo({ kind: 'custom', host: '   ' })).toBe(words);
    expect(await sendTo({ kind: 'custom' } as SendTarget)).toBe(words);
    expect(await sendTo({ kind: 'custom', host: 'proxy' })).toBe('target.host: "proxy" is not a valid URL (expected e.g. https://api.segment.io)');
  });
});

describe('a webhook', () => {
  it('this receiver\'s own, no secret typed: signed with the secret configured for that webhook; a typed one wins', async () => {
    const configured = (name: string) => (name === 'product-fruits' ? 'configured-secret' : undefined);
    const own = await sendTo({ kind: 'webhook', url: `  ${receiverUrl}/webhook/product-fruits ` }, { webhookSecret: configured });
    expect(own).toMatchObject({ url: `${receiverUrl}/webhook/product-fruits` });
    const typed = await sendTo({ kind: 'webhook', url: `${receiverUrl}/webhook/product-fruits`, secret: 'typed-secret' }, { webhookSecret: configured });
    const plain = await sendTo({ kind: 'webhook', url: `${receiverUrl}/webhook/product-fruits` });
    expect((own as Hit).signature).toMatch(/^[0-9a-f]{40}$/);
    expect((typed as Hit).signature).toMatch(/^[0-9a-f]{40}$/);
    expect((typed as Hit).signature).not.toBe((own as Hit).signature);
    expect((plain as Hit).signature).toBeUndefined();
    // Another host's /webhook/<name> is not this receiver's: no configured secret is sent there.
    expect(await sendTo({ kind: 'webhook', url: `${receiverUrl}/hooks/product-fruits` }, { webhookSecret: configured })).toMatchObject({ signature: undefined });
  });

  it('refused: no URL, or not http(s)', async () => {
    expect(await sendTo({ kind: 'webhook', url: '  ' })).toBe('target.url: enter the webhook URL');
    expect(await sendTo({ kind: 'webhook' } as SendTarget)).toBe('target.url: enter the webhook URL');
    expect(await sendTo({ kind: 'webhook', url: 'mailto:x@example.com' })).toBe('webhook URL "mailto:x@example.com" must start with http:// or https://');
  });
});

it('a target of another kind, or none, is refused naming the kinds', async () => {
  expect(await sendTo({ kind: 'sms' } as unknown as SendTarget)).toBe('target.kind: expected local, segment, custom or webhook, got "sms"');
  expect(await sendTo(undefined as unknown as SendTarget)).toBe('target.kind: expected local, segment, custom or webhook, got undefined');
});
