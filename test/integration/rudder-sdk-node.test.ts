// The real @rudderstack/rudder-sdk-node 3.x (a Segment-compatible SDK people point at
// Segment-compatible endpoints), dataPlaneUrl pointed at the engine. It posts to /v1/batch with
// Basic auth like analytics-node, but gzips the body under `Content-Type:
// application/x-www-form-urlencoded` (axios' default for a Buffer), stamps originalTimestamp
// rather than timestamp, puts sentAt in every item as well as at the top, copies identify's traits
// into context.traits and adds `channel` and `_metadata`. Every call arrives once and intact.
import Analytics from '@rudderstack/rudder-sdk-node';
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

const WRITE_KEY = '2RuDdErWrItEkEy0000XYZ';
const context = { app: { name: 'rudder-it', version: '3.0.13' }, locale: 'fr-FR', ip: '10.0.0.3' };
const timestamp = new Date('2026-05-03T12:00:00.000Z');
const { version } = (await import('@rudderstack/rudder-sdk-node/package.json', { with: { type: 'json' } })).default;

/** What the library itself sets on every message. */
const LIBRARY_FIELDS = ['type', 'messageId', 'timestamp', 'originalTimestamp', 'sentAt', 'receivedAt', 'context', 'integrations', 'channel', '_metadata'];


type Call = 'track' | 'identify' | 'group' | 'page' | 'screen' | 'alias';

/** Sends one call and resolves when the library says its batch was answered (its callback gets the error, if any). */
function send(analytics: Analytics, call: Call, params: object): Promise<void> {
  return new Promise((resolve, reject) => {
    const callback = (err?: Error) => (err ? reject(err) : resolve());
    (analytics[call] as (m: object, cb: (err?: Error) => void) => Analytics).call(analytics, params, callback);
  });
}

describe('@rudderstack/rudder-sdk-node against the engine', () => {
  it('delivers track, identify, group, page, screen and alias once and intact from its gzipped batches', async () => {
    const errors: unknown[] = [];
    const analytics = new Analytics(WRITE_KEY, { dataPlaneUrl: t.engine.url, flushAt: 3, flushInterval: 50, retryCount: 0, logLevel: 'error', errorHandler: (e) => errors.push(e) });
    const sent: { call: Call; params: Record<string, unknown> }[] = [
      { call: 'track', params: { userId: 'u-1', event: 'Order Completed', properties: { orderId: 'o-1', total: 12.5, items: [{ sku: 'a', qty: 2 }], coupon: null } } },
      { call: 'identify', params: { userId: 'u-1', traits: { email: 'ann@example.com', first_name: 'Ann', plan: 'pro' } } },
      { call: 'group', params: { userId: 'u-1', groupId: 'g-9', traits: { name: 'Acme', createdAt: '2024-01-02T03:04:05.000Z', employees: 42 } } },
      { call: 'page', params: { anonymousId: 'anon-7', category: 'Docs', name: 'Getting started', properties: { path: '/docs', title: 'Start' } } },
      { call: 'screen', params: { userId: 'u-1', name: 'Settings', properties: { tab: 'privacy' } } },
      { call: 'alias', params: { userId: 'u-1', previousId: 'anon-7' } },
    ];
    // The track and the identify carry the caller's own timestamp; the others only the library's originalTimestamp.
    const started = Date.now();
    await Promise.all(
      sent.map((s, i) => send(analytics, s.call, { ...s.params, messageId: `rudder-${i}-${s.call}`, context, integrations: { All: true, Mixpanel: false }, ...(i < 2 ? { timestamp } : {}) })),
    );
    expect(errors).toEqual([]);

    const summaries = await t.engine.call('messages.list', undefined);
    // Batches sent at once may be answered in either order: each message once, whatever the order.
    expect(summaries.map((s) => s.type).sort()).toEqual(sent.map((s) => s.call).sort());
    const requestIds = new Set<string>();
    for (const [i, s] of sent.entries()) {
      const c = await captureByMessageId(t.engine.url, `rudder-${i}-${s.call}`);
      requestIds.add(c.requestId);
      const m = c.message;
      expect(m.type).toBe(s.call);
      expectBasicAuthBatch(c, WRITE_KEY, '2Ru…XYZ', writeKeyFingerprint(WRITE_KEY));
      expect(c.origin).not.toHaveProperty('authWarning');
      // The body is gzipped JSON, labelled as a form: the receiver reads it as JSON all the same.
      expect(c.headers['content-encoding']).toBe('gzip');
      expect(c.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(c.headers['user-agent']).toBe(`analytics-node/${version}`);
      expect(c.messageIdAssigned).toBe(false);
      expect(m.messageId).toBe(`rudder-${i}-${s.call}`);
      // originalTimestamp is the library's clock at the call; a caller's timestamp is kept beside it.
      expect(Date.parse(m.originalTimestamp as string)).toBeGreaterThanOrEqual(started - 1000);
      expect(Date.parse(m.originalTimestamp as string)).toBeLessThanOrEqual(Date.parse(c.receivedAt) + 1000);
      if (i < 2) expect(m.timestamp).toBe(timestamp.toISOString());
      else expect(m).not.toHaveProperty('timestamp');
      expect(typeof m.sentAt).toBe('string');
      expect(Math.abs(Date.parse(m.sentAt as string) - Date.parse(c.receivedAt))).toBeLessThan(10_000);
      expect(m.receivedAt).toBe(c.receivedAt);
      expect(m.channel).toBe('server');
      expect(m._metadata).toEqual({ nodeVersion: process.versions.node });
      // Rudder names itself "analytics-node" in context.library, with its own version; identify's
      // traits are copied into context.traits.
      expect(m.context).toEqual({ ...context, library: { name: 'analytics-node', version }, ...(s.call === 'identify' ? { traits: s.params.traits } : {}) });
      expect(m.integrations).toEqual({ All: true, Mixpanel: false });
      for (const [field, value] of Object.entries(s.params)) expect(m[field], `${s.call}.${field}`).toEqual(value);
      expectNothingAgainstTheLibrary(c, LIBRARY_FIELDS);
    }
    expect(requestIds.size).toBeGreaterThan(1);
    expect(requestIds.size).toBeLessThan(sent.length);

    await expectWriteKeyNotInLog(t.dataDir, WRITE_KEY);
  });

  it("keeps the library's own messageId (a UUID) and originalTimestamp for a call without them", async () => {
    const analytics = new Analytics(WRITE_KEY, { dataPlaneUrl: t.engine.url, flushAt: 1, retryCount: 0, logLevel: 'error' });
    await send(analytics, 'track', { anonymousId: 'anon-own-id', event: 'Own Id' });
    const [summary] = (await t.engine.call('messages.list', undefined)).filter((s) => s.anonymousId === 'anon-own-id');
    const c = (await t.engine.call('messages.get', { seq: summary.seq }))!;
    expect(c.messageIdAssigned).toBe(false);
    expect(c.message.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(c.dropReasons).toEqual([]);
    expect(typeof c.message.originalTimestamp).toBe('string');
    expect(c.message).not.toHaveProperty('timestamp');
  });

  it('retries its gzipped batch after a 500 (a failed log write): stored once, from the retry', async () => {
    vi.spyOn(CaptureLog.prototype, 'append').mockImplementationOnce(() =>
      Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })),
    );
    const analytics = new Analytics(WRITE_KEY, { dataPlaneUrl: t.engine.url, flushAt: 1, retryCount: 2, axiosRetryConfig: { retryDelay: () => 20 }, logLevel: 'none' });
    await send(analytics, 'track', { userId: 'u-2', event: 'Retried', messageId: 'rudder-retry-1' });
    expect(CaptureLog.prototype.append).toHaveBeenCalledTimes(2);
    const c = await captureByMessageId(t.engine.url, 'rudder-retry-1');
    expect(c.message).toMatchObject({ type: 'track', userId: 'u-2', event: 'Retried', channel: 'server' });
    expect(c.headers['content-encoding']).toBe('gzip');
    expect(c.dropReasons).toEqual([]);
  });
});

