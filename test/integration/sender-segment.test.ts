// Composer payload -> the real @segment/analytics-node -> msw standing in for Segment's API.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { goalCompleted, startSender } from './sender-helpers';

type Received = { url: string; headers: Record<string, string>; body: { batch: Record<string, unknown>[]; writeKey: string; sentAt: string } };
const received: Received[] = [];
let script: number[] = [];

const record = async ({ request }: { request: Request }) => {
  received.push({ url: request.url, headers: Object.fromEntries(request.headers), body: (await request.json()) as Received['body'] });
  const status = script.shift() ?? 200;
  return status === 200 ? HttpResponse.json({ success: true }) : HttpResponse.json({ error: `scripted ${status}` }, { status });
};
const server = setupServer(
  http.post('https://api.segment.io/v1/batch', record),
  http.post('https://events.eu1.segmentapis.com/v1/batch', record),
  http.post('https://proxy.example.test/segment/v1/batch', record),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  received.length = 0;
  script = [];
});
afterAll(() => server.close());

const WRITE_KEY = 'wk_test_9f8e7d6c5b4a';

describe('sender -> analytics-node -> Segment (msw)', () => {
  it('posts exactly the composed message to the US host with Basic auth, and records a redacted attempt', async () => {
    const { sender, settled, updates } = startSender();
    const composed = goalCompleted();
    const { deliveries } = await sender.send({ target: { kind: 'segment', region: 'us', writeKey: WRITE_KEY }, message: composed, freshMessageIds: false });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].state).toBe('pending');
    const done = await settled(deliveries[0].id);

    expect(done.state).toBe('delivered');
    expect(received).toHaveLength(1);
    const req = received[0];
    expect(req.url).toBe('https://api.segment.io/v1/batch');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`);
    expect(req.body.writeKey).toBe(WRITE_KEY);
    expect(req.body.batch).toHaveLength(1);
    const sent = req.body.batch[0];
    // Every composed field arrives unchanged (originalTimestamp too, which the SDK's own params drop);
    // the SDK adds only its library stamp and _metadata.
    const { context: sentContext, _metadata, ...sentRest } = sent as { context: Record<string, unknown>; _metadata: unknown };
    const { context: composedContext, ...composedRest } = composed as { context: Record<string, unknown> };
    expect(sentRest).toEqual(composedRest);
    expect(sentContext).toEqual({ ...composedContext, library: { name: '@segment/analytics-node', version: expect.any(String) } });
    expect(_metadata).toMatchObject({ jsRuntime: 'node' });

    // The delivery view: one attempt, Authorization and write key redacted, response recorded.
    expect(done.attempts).toHaveLength(1);
    const attempt = done.attempts[0];
    expect(attempt.url).toBe('https://api.segment.io/v1/batch');
    expect(attempt.requestHeaders.Authorization).toBe('Basic [redacted]');
    expect(attempt.status).toBe(200);
    expect(attempt.responseBody).toBe('{"success":true}');
    expect(JSON.parse(attempt.requestBody).batch[0].properties.events).toHaveLength(2);
    const everything = JSON.stringify(updates);
    expect(everything).not.toContain(WRITE_KEY);
    expect(everything).not.toContain(Buffer.from(`${WRITE_KEY}:`).toString('base64'));
    expect(done.target).toEqual({ kind: 'segment', region: 'us' });
    await sender.close();
  });

  it('uses the EU endpoint and the stored write key when none is given', async () => {
    const { createFileSecretStore } = await import('../../src-main/sender/secrets');
    const { tempDir } = await import('./sender-helpers');
    const secrets = createFileSecretStore(tempDir(), {});
    await secrets.setWriteKey(WRITE_KEY);
    const { sender, settled } = startSender({ secrets });
    const { deliveries } = await sender.send({ target: { kind: 'segment', region: 'eu' }, message: goalCompleted() });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('delivered');
    expect(received.map((r) => r.url)).toEqual(['https://events.eu1.segmentapis.com/v1/batch']);
    expect(received[0].headers.authorization).toBe(`Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`);
    // freshMessageIds defaults to true: the copy got a new id, which the delivery reports.
    expect(received[0].body.batch[0].messageId).not.toBe('composer-msg-1');
    expect(received[0].body.batch[0].messageId).toBe(done.messageId);
    await sender.close();
  });

  it('shows a 500 then 200 as a retry, then delivered', async () => {
    script = [500, 200];
    const { sender, settled, updates } = startSender();
    const { deliveries } = await sender.send({ target: { kind: 'segment', region: 'us', writeKey: WRITE_KEY }, message: goalCompleted() });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('delivered');
    expect(done.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(done.attempts[0].responseBody).toContain('scripted 500');
    expect(done.attempts[1].requestHeaders['X-Retry-Count']).toBe('1');
    const states = updates.filter((u) => u.id === done.id).map((u) => u.state);
    expect(states).toContain('retrying');
    expect(states.indexOf('retrying')).toBeLessThan(states.indexOf('delivered'));
    expect(received).toHaveLength(2);
    await sender.close();
  });

  it('shows a 400 as failed without retrying', async () => {
    script = [400];
    const { sender, settled } = startSender();
    const { deliveries } = await sender.send({ target: { kind: 'segment', region: 'us', writeKey: WRITE_KEY }, message: goalCompleted() });
    const done = await settled(deliveries[0].id);
    expect(done.state).toBe('failed');
    expect(done.attempts.map((a) => a.status)).toEqual([400]);
    expect(done.error).toMatch(/400/);
    expect(received).toHaveLength(1);
    await sender.close();
  });

  it('never calls a message delivered that analytics-node did not send (context: null)', async () => {
    const { sender, settled } = startSender();
    const composed = { ...goalCompleted(), context: null };
    const { deliveries } = await sender.send({ target: { kind: 'segment', region: 'us', writeKey: WRITE_KEY }, message: composed });
    const done = await settled(deliveries[0].id);
    expect(received).toHaveLength(0);
    expect(done.attempts).toHaveLength(0);
    expect(done.state).toBe('failed');
    // Says who refused it and why, in the SDK's words.
    expect(done.error).toMatch(/^analytics-node did not send it: .+/);
    await sender.close();
  });

  it('sends to a custom host with a path prefix', async () => {
    const { sender, settled } = startSender();
    const { deliveries } = await sender.send({ target: { kind: 'custom', host: 'https://proxy.example.test/segment/', writeKey: WRITE_KEY }, message: goalCompleted() });
    expect((await settled(deliveries[0].id)).state).toBe('delivered');
    expect(received.map((r) => r.url)).toEqual(['https://proxy.example.test/segment/v1/batch']);
    expect(deliveries[0].target).toEqual({ kind: 'custom', host: 'https://proxy.example.test/segment/' });
    await sender.close();
  });

  it('rejects a Segment send without any write key, and a bad custom host, saying where', async () => {
    const { sender } = startSender();
    await expect(sender.send({ target: { kind: 'segment', region: 'us' }, message: goalCompleted() })).rejects.toThrow(/target\.writeKey/);
    await expect(sender.send({ target: { kind: 'custom', host: 'not a url' }, message: goalCompleted() })).rejects.toThrow(/target\.host/);
    // A user name and password in the host were dropped without a word (analytics-node posts to the origin).
    const withPassword = await sender.send({ target: { kind: 'custom', host: 'https://qa:hunter2@proxy.example.com' }, message: goalCompleted() }).catch((e: Error) => e);
    expect((withPassword as Error).message).toMatch(/holds a user name and password/);
    expect((withPassword as Error).message).not.toContain('hunter2');
    await expect(sender.send({ target: { kind: 'local' }, message: goalCompleted(), times: 0 })).rejects.toThrow(/times/);
    await sender.close();
  });
});
