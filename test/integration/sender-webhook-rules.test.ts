// A webhook send's rules as the send panel shows them, over a real loopback server and a manual
// clock: which answers are retried and after how long, the state between attempts, the words of a
// failure (a refused signature, a host that never answers, a bad URL), and a secret echoed in an
// answer kept out of what is recorded. Worked out from Segment's Webhook destination (5 s wait,
// 5xx retried) and the comments in src-main/sender/webhook-channel.ts.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../src-shared/api';
import { createDeliveryTracker } from '../../src-main/sender/delivery-tracker';
import { checkWebhookUrl, sendWebhook, type WebhookChannelOptions } from '../../src-main/sender/webhook-channel';
import { manualClock } from './helpers/manual-clock';

type Answer = { status: number; body?: string; reason?: string } | 'hang';
let server: Server | undefined;

async function hookServer(answers: Answer[]): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits++;
      const a = answers.shift() ?? { status: 200 };
      if (a === 'hang') return;
      if (a.reason !== undefined) res.writeHead(a.status, a.reason, { 'content-type': 'text/plain' }).end(a.body ?? '');
      else res.writeHead(a.status, { 'content-type': 'text/plain' }).end(a.body ?? '');
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, hits: () => hits };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

/**
 * Sends one message, moving the manual clock past each wait shorter than `answerWaitMs` (the
 * backoffs) as soon as it is set, and past the answer wait once `hangs` requests hung. Gives the
 * delivery as finished, every update, every wait asked of the clock (ms) and the timers left.
 */
async function send(opts: Partial<WebhookChannelOptions> & { url: string }, hangHits: (() => number) | undefined = undefined) {
  const clock = manualClock();
  const waits: number[] = [];
  const recording = { ...clock, setTimeout: (fn: () => void, ms: number) => (waits.push(ms), clock.setTimeout(fn, ms)) };
  const updates: Delivery[] = [];
  const tracker = createDeliveryTracker(recording, (d) => updates.push(d));
  const { id } = tracker.create({ sendId: 'w', index: 0, messageId: 'm1', target: { kind: 'webhook', url: 'http://hooks.example/in' } });
  let done = false;
  const result = sendWebhook({ clock: recording, tracker, ...opts }, id, { type: 'track', event: 'Paid', messageId: 'm1' }).finally(() => (done = true));
  const answerWait = opts.timeoutMs ?? 5000;
  let advancedAt = -1;
  while (!done) {
    await new Promise((r) => setTimeout(r, 2));
    const due = clock.dueIn();
    if (due.length === 1 && due[0] < answerWait && waits.at(-1) !== answerWait) clock.advance(due[0]);
    else if (hangHits && due.length === 1 && hangHits() > advancedAt && waits.at(-1) === answerWait && hangHitsReady(hangHits, updates)) {
      advancedAt = hangHits();
      clock.advance(answerWait);
    }
  }
  return { ok: await result, delivery: tracker.get(id)!, updates, waits, timersLeft: clock.pending() };
}
/** The request that hangs reached the server (its attempt started and no answer recorded). */
const hangHitsReady = (hits: () => number, updates: Delivery[]) => hits() > 0 && hits() === updates.at(-1)?.attempts.length;

describe('webhook send: retries and their waits', () => {
  it('by default: 5 s for each answer, 3 retries of a 5xx after 0.5, 1 and 2 s, then failed with the last answer', async () => {
    const { url, hits } = await hookServer([{ status: 503 }, { status: 502 }, { status: 500 }, { status: 504 }]);
    const r = await send({ url });
    expect(r.ok).toBe(false);
    expect(hits()).toBe(4);
    expect(r.waits).toEqual([5000, 500, 5000, 1000, 5000, 2000, 5000]);
    expect(r.delivery.attempts.map((a) => a.status)).toEqual([503, 502, 500, 504]);
    expect(r.delivery).toMatchObject({ state: 'failed', error: 'HTTP 504 Gateway Timeout' });
    expect(r.timersLeft).toBe(0);
  });

  it('between attempts it shows retrying; with no retry left a 5xx is never shown retrying', async () => {
    const { url } = await hookServer([{ status: 500 }, { status: 500 }]);
    const one = await send({ url, maxRetries: 1, backoffMs: 10 });
    // After the first answer: retrying (one more to go); after the second: failed, not retrying first.
    const states = one.updates.map((u) => `${u.attempts.length}:${u.attempts.at(-1)?.status ?? '-'}:${u.state}`);
    expect(states).toEqual(['0:-:pending', '1:-:pending', '1:500:retrying', '2:-:retrying', '2:500:retrying', '2:500:failed']);

    const { url: url2 } = await (async () => {
      await new Promise((r) => server!.close(r));
      return hookServer([{ status: 500 }]);
    })();
    const none = await send({ url: url2, maxRetries: 0 });
    expect(none.updates.map((u) => u.state)).toEqual(['pending', 'pending', 'pending', 'failed']);
    expect(none.delivery.error).toBe('HTTP 500 Internal Server Error');
  });

  it('a 4xx with retries left is never shown retrying; a 403 naming the signature is not the 401 sentence', async () => {
    const { url } = await hookServer([{ status: 404 }, { status: 403, body: 'signature required' }]);
    const r404 = await send({ url, maxRetries: 3, backoffMs: 10 });
    expect(r404.updates.map((u) => u.state)).toEqual(['pending', 'pending', 'pending', 'failed']);
    const r403 = await send({ url, secret: 'shared-secret-1', maxRetries: 3, backoffMs: 10 });
    expect(r403.delivery.error).toBe('HTTP 403 Forbidden');
  });

  it('a 500 is retried and then delivered; a 499 or a 300 fails at once; a 299 is delivered', async () => {
    const { url, hits } = await hookServer([{ status: 500 }, { status: 200 }, { status: 499, reason: ' ' }, { status: 300 }, { status: 299 }]);
    const retried = await send({ url, maxRetries: 2, backoffMs: 10 });
    expect(retried.ok).toBe(true);
    expect(retried.delivery.attempts.map((a) => a.status)).toEqual([500, 200]);
    const c499 = await send({ url, maxRetries: 2, backoffMs: 10 });
    // No reason phrase: the status alone.
    expect(c499.delivery).toMatchObject({ state: 'failed', error: 'HTTP 499' });
    expect(c499.delivery.attempts).toHaveLength(1);
    const c300 = await send({ url, maxRetries: 2, backoffMs: 10 });
    expect(c300.ok).toBe(false);
    expect(c300.delivery).toMatchObject({ state: 'failed', error: 'HTTP 300 Multiple Choices' });
    const c299 = await send({ url, maxRetries: 2, backoffMs: 10 });
    expect(c299.ok).toBe(true);
    expect(c299.delivery.attempts.map((a) => a.status)).toEqual([299]);
    expect(hits()).toBe(5);
  });
});

describe('webhook send: what a failure says', () => {
  it('a 401 naming the signature: check the secret when one was set, set one when none was', async () => {
    const { url } = await hookServer([{ status: 401, body: 'Invalid SIGNATURE' }, { status: 401, body: 'bad signature' }, { status: 401, body: 'who are you' }]);
    const signed = await send({ url, secret: 'shared-secret-1' });
    expect(signed.delivery.error).toBe('rejected: the receiver refused the signature (HTTP 401; check that both sides use the same secret)');
    expect(signed.delivery.attempts).toHaveLength(1);
    const unsigned = await send({ url });
    expect(unsigned.delivery.error).toBe('rejected: the receiver refused the signature (HTTP 401; it expects a signed request: set the shared secret)');
    const other = await send({ url, secret: 'shared-secret-1' });
    expect(other.delivery.error).toBe('HTTP 401 Unauthorized');
  });

  it('a host that never answers fails after the answer wait, in words, each attempt; no timer is left', async () => {
    const { url, hits } = await hookServer(['hang', 'hang']);
    const r = await send({ url, timeoutMs: 7000, maxRetries: 1, backoffMs: 10 }, hits);
    expect(r.delivery.attempts.map((a) => a.error)).toEqual(['no answer within 7000 ms', 'no answer within 7000 ms']);
    expect(r.delivery).toMatchObject({ state: 'failed', error: 'no answer within 7000 ms' });
    // After the first: retrying (one retry left); after the last: failed, never retrying before it.
    expect(r.updates.map((u) => `${u.attempts.length}:${u.attempts.at(-1)?.error ? 'error' : '-'}:${u.state}`)).toEqual(['0:-:pending', '1:-:pending', '1:error:retrying', '2:-:retrying', '2:error:retrying', '2:error:failed']);
    expect(r.timersLeft).toBe(0);
  });

  it('the secret and a URL password echoed in an answer are [redacted] in the recorded answer', async () => {
    const { url } = await hookServer([{ status: 400, body: 'got secret shared-secret-1 and pw url-pass-99' }]);
    const withPass = url.replace('http://', 'http://u:url-pass-99@');
    const r = await send({ url: withPass, secret: 'shared-secret-1' });
    expect(r.delivery.attempts[0].responseBody).toBe('got secret [redacted] and pw [redacted]');
    expect(r.delivery.attempts[0].url).toBe(url);
    expect(r.delivery.attempts[0].requestHeaders).toMatchObject({ 'Content-Type': 'application/json', 'User-Agent': 'Segment.io/1.0', Authorization: 'Basic [redacted]' });
    expect(r.delivery.attempts[0].requestHeaders['X-Signature']).toMatch(/^[0-9a-f]{40}$/);
    expect(r.delivery.attempts[0].requestBody).toBe('{"type":"track","event":"Paid","messageId":"m1"}');
    expect(JSON.stringify(r.updates)).not.toMatch(/shared-secret-1|url-pass-99/);
  });
});

describe('checkWebhookUrl: a URL the send panel refuses, and why', () => {
  it('not a URL, or not http(s)', () => {
    expect(() => checkWebhookUrl('hooks.example.com/in')).toThrow('webhook URL "hooks.example.com/in" is not a valid URL (expected e.g. https://example.com/hook)');
    expect(() => checkWebhookUrl('ftp://hooks.example.com/in')).toThrow('webhook URL "ftp://hooks.example.com/in" must start with http:// or https://');
    expect(() => checkWebhookUrl('http://hooks.example.com/in')).not.toThrow();
    expect(() => checkWebhookUrl('https://hooks.example.com/in')).not.toThrow();
  });
});
