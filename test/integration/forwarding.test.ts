// Forwarding through msw standing in for Segment: a source forwards what it captures, in batches,
// with its own write key; an outage in the middle and a restart lose and double nothing.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Analytics } from '@segment/analytics-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ForwardStatus } from '../../src-shared/api';
import { maskWriteKey } from '../../src-shared/summary';
import { startTestEngine, eventually, type TestEngine } from './helpers/engine';

const APP_KEY = 'app_key_7f3a9c21';
const SEGMENT_KEY = 'seg_fwd_key_51b2';
const received: { auth: string | null; at: number; batch: { messageId: string; receivedAt?: unknown; sentAt?: string }[] }[] = [];
let outage = false;
let refuse = false;

const server = setupServer(
  http.post('https://api.segment.io/v1/batch', async ({ request }) => {
    if (outage) return HttpResponse.json({ error: 'unavailable' }, { status: 503 });
    const body = (await request.json()) as { batch: { messageId: string }[] };
    if (refuse) return HttpResponse.json({ error: 'invalid batch' }, { status: 400 });
    received.push({ auth: request.headers.get('authorization'), at: Date.now(), batch: body.batch });
    return HttpResponse.json({ success: true });
  }),
);

let t: TestEngine;
beforeAll(async () => {
  // Only Segment's host is intercepted; the engine's own loopback traffic passes through.
  server.listen({ onUnhandledRequest: 'bypass' });
  t = await startTestEngine({ forwardBackoffMs: 20 });
});
afterEach(() => {
  outage = false;
  refuse = false;
});
afterAll(async () => {
  await t.dispose();
  server.close();
});

async function send(n: number, from: number): Promise<void> {
  const analytics = new Analytics({ writeKey: APP_KEY, host: t.engine.url, flushAt: 50, maxRetries: 0 });
  for (let i = from; i < from + n; i++) analytics.track({ userId: `u-${i % 7}`, event: 'Goal Completed', properties: { goalId: `g-${i}` }, messageId: `fwd-${i}` });
  await analytics.closeAndFlush({ timeout: 10_000 });
}

const forwardedIds = () => received.flatMap((r) => r.batch.map((m) => m.messageId));
const status = async (): Promise<ForwardStatus> => (await t.engine.call('forward.status', undefined))[0];

describe('forwarding to Segment', () => {
  it('forwards a source\'s messages in batches with its own write key, and says so per message', async () => {
    const saved = await t.engine.call('workspace.save', {
      sources: [{ id: 'app', name: 'App', kind: 'custom', writeKey: APP_KEY, destinations: [], forward: { to: 'us', writeKey: SEGMENT_KEY } as never }],
    });
    expect(saved.workspace.sources[0].writeKey).toBe(maskWriteKey(APP_KEY));
    // The forward key is kept apart and never shown.
    expect(JSON.stringify(saved)).not.toContain(SEGMENT_KEY);
    await send(120, 0);
    await eventually(t.engine, () => forwardedIds().length === 120);
    expect(received.every((r) => r.auth === `Basic ${Buffer.from(`${SEGMENT_KEY}:`).toString('base64')}`)).toBe(true);
    expect(received.length).toBeGreaterThan(1); // batches, not one request per message
    expect(received.flatMap((r) => r.batch).every((m) => m.receivedAt === undefined)).toBe(true);
    expect(new Set(forwardedIds()).size).toBe(120);
    const s = await eventually(t.engine, async () => ((await status()).pending === 0 ? status() : undefined));
    expect(s).toMatchObject({ state: 'idle', forwarded: 120, failed: 0, hasKey: true, to: 'https://api.segment.io' });
    // forwarding.json holds the forward key: private to its owner, as settings.json and secrets.json are.
    const file = join(t.dataDir, 'forwarding.json');
    expect(readFileSync(file, 'utf8')).toContain(SEGMENT_KEY);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const rows = await t.engine.call('messages.list', undefined);
    expect(await t.engine.call('forward.outcomes', { seqs: [rows[0].seq] })).toEqual([{ state: 'forwarded', to: 'https://api.segment.io' }]);
    // GET /api/messages carries it too.
    const api = (await (await fetch(`${t.engine.url}/api/messages?limit=1`)).json()) as { forward?: unknown }[];
    expect(api[0].forward).toEqual({ state: 'forwarded', to: 'https://api.segment.io' });
  });

  it('keeps forwarding through an outage and a restart: nothing lost, nothing doubled', async () => {
    outage = true;
    await send(60, 1000);
    const retrying = await eventually(t.engine, async () => ((await status()).state === 'retrying' ? status() : undefined));
    expect(retrying.lastError).toContain('503');
    const rows = await t.engine.call('messages.list', undefined);
    const outcome = (await t.engine.call('forward.outcomes', { seqs: [rows[rows.length - 1].seq] }))[0];
    expect(['retrying', 'pending']).toContain(outcome?.state);

    await t.restart(); // Segment still down: the cursor is on disk, the log is the queue
    await send(30, 2000);
    await new Promise((r) => setTimeout(r, 1500)); // a wait long enough to tell from the send's own
    outage = false;
    await eventually(t.engine, () => forwardedIds().length === 210);
    const ids = forwardedIds();
    expect(new Set(ids).size).toBe(ids.length); // nothing doubled
    for (const i of [1000, 1059, 2000, 2029]) expect(ids).toContain(`fwd-${i}`); // nothing lost
    // Held through the outage, a message goes out with its sentAt moved on by the wait: Segment's
    // receivedAt − sentAt, which corrects its timestamp, is what it was when the client sent it.
    const entries = (await (await fetch(`${t.engine.url}/api/messages?text=fwd-1000`)).json()) as { receivedAt: string; message: { messageId: string; sentAt: string } }[];
    const capture = entries.find((e) => e.message.messageId === 'fwd-1000')!;
    const held = received.flatMap((r) => r.batch.map((m) => ({ ...m, at: r.at }))).find((m) => m.messageId === 'fwd-1000')!;
    expect(held.at - Date.parse(capture.receivedAt)).toBeGreaterThan(1500); // it waited
    const clientSkew = Date.parse(capture.receivedAt) - Date.parse(capture.message.sentAt);
    expect(Math.abs(held.at - Date.parse(held.sentAt!) - clientSkew)).toBeLessThan(150);
    expect(await eventually(t.engine, async () => ((await status()).pending === 0 ? status() : undefined))).toMatchObject({ forwarded: 210, state: 'idle' });
  });

  it('a batch Segment refuses is marked failed with its answer, and forwarding goes on', async () => {
    refuse = true;
    await send(5, 3000);
    const s = await eventually(t.engine, async () => ((await status()).failed === 5 ? status() : undefined));
    expect(s.lastRefusal).toContain('400');
    expect(s.lastRefusal).toContain('invalid batch');
    const rows = await t.engine.call('messages.list', undefined);
    const outcome = (await t.engine.call('forward.outcomes', { seqs: [rows[rows.length - 1].seq] }))[0];
    expect(outcome).toMatchObject({ state: 'failed' });
    expect(outcome?.detail).toContain('invalid batch');
    refuse = false;
    await send(3, 4000);
    await eventually(t.engine, () => forwardedIds().includes('fwd-4002'));
  });

  it('forwards nothing from other sources, and nothing without a key', async () => {
    const before = forwardedIds().length;
    const other = new Analytics({ writeKey: 'other_source_key', host: t.engine.url, flushAt: 1, maxRetries: 0 });
    other.track({ userId: 'x', event: 'Other', messageId: 'other-1' });
    await other.closeAndFlush({ timeout: 5000 });
    await t.engine.call('forward.setKey', { sourceId: 'app', writeKey: null });
    await send(2, 5000);
    expect((await status()).state).toBe('no-key');
    expect(forwardedIds().length).toBe(before);
    await expect(t.engine.call('forward.setKey', { sourceId: 'nope', writeKey: 'k' })).rejects.toThrow('sourceId must be the id of a source of the workspace, not "nope"');
  });
});
