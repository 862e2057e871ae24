// The legacy `analytics-node` package (6.x, Segment's classic Node library: axios, Basic auth,
// its own batch body {batch, timestamp, sentAt}, retries on 5xx/429/network errors), host pointed
// at the engine: every call type arrives once and intact, the write key is taken from Basic auth
// and kept nowhere in clear, and the Segment spec finds nothing wrong with what it sends.
import Analytics from 'analytics-node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CaptureLog } from '../../src-main/store/capture-log';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { captureByMessageId, expectBasicAuthBatch, expectNothingAgainstTheLibrary, expectWriteKeyNotInLog } from './helpers/real-client';
import { writeKeyFingerprint } from '../../src-main/store/write-key';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());
afterEach(() => vi.restoreAllMocks());

const WRITE_KEY = 'wk_legacy_QWERTY987654';
const context = { app: { name: 'legacy-it', version: '6.2.0' }, locale: 'de-DE', ip: '10.0.0.2' };
const timestamp = new Date('2026-05-02T11:00:00.000Z');

/** What the library itself sets on every message. */
const LIBRARY_FIELDS = ['type', 'messageId', 'timestamp', 'originalTimestamp', 'sentAt', 'receivedAt', 'context', 'integrations', '_metadata'];


/** Sends one call and resolves when the library says its batch was answered (its callback). */
function send(analytics: Analytics, call: 'track' | 'identify' | 'group' | 'page' | 'screen' | 'alias', params: object): Promise<void> {
  return new Promise((resolve, reject) => {
    analytics[call](params, (err) => (err ? reject(err) : resolve()));
  });
}

describe('legacy analytics-node 6.x against the engine', () => {
  it('delivers track, identify, group, page, screen and alias once and intact, write key from Basic auth', async () => {
    // flushAt 3: the first call goes alone (the library flushes its first message at once), the
    // rest in batches of up to three, each with the batch-level timestamp and sentAt.
    const analytics = new Analytics(WRITE_KEY, { host: t.engine.url, flushAt: 3, flushInterval: 50, retryCount: 0 });
    const sent = [
      { call: 'track', params: { userId: 'u-1', event: 'Order Completed', properties: { orderId: 'o-1', total: 12.5, items: [{ sku: 'a', qty: 2 }], coupon: null } } },
      { call: 'identify', params: { userId: 'u-1', traits: { email: 'ann@example.com', first_name: 'Ann', plan: 'pro' } } },
      { call: 'group', params: { userId: 'u-1', groupId: 'g-9', traits: { name: 'Acme', createdAt: '2024-01-02T03:04:05.000Z', employees: 42 } } },
      { call: 'page', params: { anonymousId: 'anon-7', category: 'Docs', name: 'Getting started', properties: { path: '/docs', title: 'Start' } } },
      { call: 'screen', params: { userId: 'u-1', name: 'Settings', properties: { tab: 'privacy' } } },
      { call: 'alias', params: { userId: 'u-1', previousId: 'anon-7' } },
    ] as const;
    await Promise.all(sent.map((s, i) => send(analytics, s.call, { ...s.params, messageId: `legacy-${i}-${s.call}`, timestamp, context, integrations: { All: true, Mixpanel: false } })));

    const summaries = await t.engine.call('messages.list', undefined);
    // Batches sent at once may be answered in either order: each message once, whatever the order.
    expect(summaries.map((s) => s.type).sort()).toEqual(sent.map((s) => s.call).sort());
    const requestIds = new Set<string>();
    for (const [i, s] of sent.entries()) {
      const c = await captureByMessageId(t.engine.url, `legacy-${i}-${s.call}`);
      requestIds.add(c.requestId);
      const m = c.message;
      expect(m.type).toBe(s.call);
      expectBasicAuthBatch(c, WRITE_KEY, 'wk_…654', writeKeyFingerprint(WRITE_KEY));
      expect(c.origin).not.toHaveProperty('authWarning');
      expect(c.headers['user-agent']).toBe('analytics-node/6.2.0');
      expect(c.messageIdAssigned).toBe(false);
      expect(m.messageId).toBe(`legacy-${i}-${s.call}`);
      // The library sends the caller's time as timestamp (never originalTimestamp), and sentAt
      // only once per batch, at the top: the receiver gives it to every item.
      expect(m.timestamp).toBe(timestamp.toISOString());
      expect(m).not.toHaveProperty('originalTimestamp');
      expect(typeof m.sentAt).toBe('string');
      expect(Math.abs(Date.parse(m.sentAt as string) - Date.parse(c.receivedAt))).toBeLessThan(10_000);
      expect(m.receivedAt).toBe(c.receivedAt);
      expect(m.context).toEqual({ library: { name: 'analytics-node', version: '6.2.0' }, ...context });
      expect(m.integrations).toEqual({ All: true, Mixpanel: false });
      expect(m._metadata).toEqual({ nodeVersion: process.versions.node });
      // Fields as the caller gave them (this library, unlike @segment/analytics-node, leaves a
      // page's category where it was).
      for (const [field, value] of Object.entries(s.params)) expect(m[field], `${s.call}.${field}`).toEqual(value);
      expectNothingAgainstTheLibrary(c, LIBRARY_FIELDS);
    }
    // The first message alone, the rest batched: fewer requests than messages.
    expect(requestIds.size).toBeGreaterThan(1);
    expect(requestIds.size).toBeLessThan(sent.length);

    await expectWriteKeyNotInLog(t.dataDir, WRITE_KEY);
  });

  it('retries a batch the receiver answered 500 (a failed log write): stored once, from the retry', async () => {
    const before = (await t.engine.call('messages.list', undefined)).length;
    vi.spyOn(CaptureLog.prototype, 'append').mockImplementationOnce(() =>
      Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })),
    );
    const analytics = new Analytics(WRITE_KEY, { host: t.engine.url, flushAt: 1, retryCount: 2, axiosRetryConfig: { retryDelay: () => 20 } });
    await send(analytics, 'track', { userId: 'u-2', event: 'Retried', messageId: 'legacy-retry-1', timestamp });
    expect(CaptureLog.prototype.append).toHaveBeenCalledTimes(2);
    const c = await captureByMessageId(t.engine.url, 'legacy-retry-1');
    expect(c.message).toMatchObject({ type: 'track', userId: 'u-2', event: 'Retried', timestamp: timestamp.toISOString() });
    expect(c.dropReasons).toEqual([]); // not taken for a duplicate of the failed attempt
    expect((await t.engine.call('messages.list', undefined)).length).toBe(before + 1);
  });

  it("keeps the library's own messageId (node-<md5>-<uuid>, 74 characters) for a call without one", async () => {
    const analytics = new Analytics(WRITE_KEY, { host: t.engine.url, flushAt: 1, retryCount: 0 });
    await send(analytics, 'track', { anonymousId: 'anon-own-id', event: 'Own Id' });
    const [summary] = (await t.engine.call('messages.list', undefined)).filter((s) => s.anonymousId === 'anon-own-id');
    const c = (await t.engine.call('messages.get', { seq: summary.seq }))!;
    expect(c.messageIdAssigned).toBe(false);
    expect(c.message.messageId).toMatch(/^node-[0-9a-f]{32}-[0-9a-f-]{36}$/);
    expect(c.dropReasons).toEqual([]);
    expect(typeof c.message.timestamp).toBe('string'); // stamped by the library at the call
  });
});

