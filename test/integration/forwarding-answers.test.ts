// What forwarding reports about an answer (status, outcomes): Segment's words, never the source's
// forward write key, even when a Segment-compatible proxy repeats it back.
import { createServer } from 'node:net';
import { Analytics } from '@segment/analytics-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForwardStatus } from '../../src-shared/api';
import { startTestEngine, eventually, type TestEngine } from './helpers/engine';

const APP_KEY = 'app_key_echo_31c9';
const FORWARD_KEY = 'fwd_key_echoed_8d2e44';
const BASIC = Buffer.from(`${FORWARD_KEY}:`).toString('base64');

const server = setupServer(
  // A proxy that repeats the key it was given in its refusal, as some do.
  http.post('https://echo-proxy.example.test/v1/batch', ({ request }) =>
    HttpResponse.json({ error: `write key ${FORWARD_KEY} is not allowed here`, authorization: request.headers.get('authorization') }, { status: 403 }),
  ),
);

let t: TestEngine;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  t = await startTestEngine({ forwardBackoffMs: 20 });
});
afterAll(async () => {
  await t.dispose();
  server.close();
});

describe('forwarding answers', () => {
  it('a refusal that repeats the forward key is reported without it', async () => {
    await t.engine.call('workspace.save', {
      sources: [{ id: 'app', name: 'App', kind: 'custom', writeKey: APP_KEY, destinations: [], forward: { to: 'https://echo-proxy.example.test', writeKey: FORWARD_KEY } as never }],
    });
    const analytics = new Analytics({ writeKey: APP_KEY, host: t.engine.url, flushAt: 1, maxRetries: 0 });
    analytics.track({ userId: 'u-1', event: 'Goal Completed', messageId: 'echo-1' });
    await analytics.closeAndFlush({ timeout: 10_000 });
    const status = async (): Promise<ForwardStatus> => (await t.engine.call('forward.status', undefined))[0];
    const s = await eventually(t.engine, async () => ((await status()).failed === 1 ? status() : undefined));
    const rows = await t.engine.call('messages.list', undefined);
    const outcomes = await t.engine.call('forward.outcomes', { seqs: rows.map((r) => r.seq) });
    const api = await (await fetch(`${t.engine.url}/api/messages`)).text();
    const reported = JSON.stringify({ s, outcomes }) + api;
    expect(s.lastRefusal).toContain('403');
    expect(s.lastRefusal).toContain('is not allowed here');
    expect(reported).not.toContain(FORWARD_KEY);
    expect(reported).not.toContain(BASIC);
  });

  it('an unreachable URL is reported with the reason, not just "fetch failed"', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as { port: number };
    await new Promise((r) => probe.close(r));
    await t.engine.call('workspace.save', {
      sources: [{ id: 'down', name: 'Down', kind: 'custom', writeKey: 'app_key_down_1', destinations: [], forward: { to: `http://127.0.0.1:${port}`, writeKey: FORWARD_KEY } as never }],
    });
    const analytics = new Analytics({ writeKey: 'app_key_down_1', host: t.engine.url, flushAt: 1, maxRetries: 0 });
    analytics.track({ userId: 'u-2', event: 'Goal Completed', messageId: 'down-1' });
    await analytics.closeAndFlush({ timeout: 10_000 });
    const status = async (): Promise<ForwardStatus> => (await t.engine.call('forward.status', undefined))[0];
    const s = await eventually(t.engine, async () => ((await status()).state === 'retrying' ? status() : undefined));
    expect(s.lastError).toMatch(new RegExp(`^unreachable: 127\\.0\\.0\\.1:${port} refused the connection \\(nothing listens there\\); fetch failed \\(connect ECONNREFUSED`));
  });
});
