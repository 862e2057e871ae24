// The real @segment/analytics-node, host pointed at the engine: every call type arrives intact.
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { captureByMessageId, expectBasicAuthBatch } from './helpers/real-client';
import { writeKeyFingerprint } from '../../src-main/store/write-key';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const WRITE_KEY = 'wk_test_ABCDEF123456';
const context = { app: { name: 'it', version: '1.2.3' }, locale: 'cs-CZ', ip: '10.0.0.1' };
const timestamp = new Date('2026-05-01T10:00:00.000Z');


describe('@segment/analytics-node against the engine', () => {
  it('delivers track, identify, group, page, screen and alias intact, write key from Basic auth', async () => {
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: t.engine.url, flushAt: 1, maxRetries: 0 });
    const errors: unknown[] = [];
    analytics.on('error', (e) => errors.push(e));
    const sent = [
      { call: 'track', params: { userId: 'u-1', event: 'Notification Clicked', properties: { notificationId: 'n1', notificationName: 'Promo', nested: { a: [1, 2, { b: true }] } } } },
      { call: 'identify', params: { userId: 'u-1', traits: { email: 'ann@example.com', first_name: 'Ann', plan: 'pro' } } },
      { call: 'group', params: { userId: 'u-1', groupId: 'g-9', traits: { name: 'Acme', createdAt: '2024-01-02T03:04:05.000Z', employees: 42 } } },
      { call: 'page', params: { anonymousId: 'anon-7', category: 'Docs', name: 'Getting started', properties: { path: '/docs', title: 'Start' } } },
      { call: 'screen', params: { userId: 'u-1', name: 'Settings', properties: { tab: 'privacy' } } },
      { call: 'alias', params: { userId: 'u-1', previousId: 'anon-7' } },
    ] as const;
    sent.forEach((s, i) => {
      const params = { ...s.params, messageId: `it-msg-${i}-${s.call}`, timestamp, context } as never;
      (analytics[s.call] as (p: never) => void).call(analytics, params);
    });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(errors).toEqual([]);

    for (const [i, s] of sent.entries()) {
      const c = await captureByMessageId(t.engine.url, `it-msg-${i}-${s.call}`);
      const m = c.message;
      expect(m.type).toBe(s.call);
      expectBasicAuthBatch(c, WRITE_KEY, 'wk_…456', writeKeyFingerprint(WRITE_KEY));
      expect(JSON.stringify(c.headers)).not.toContain(Buffer.from(`${WRITE_KEY}:`).toString('base64'));
      expect(c.messageIdAssigned).toBe(false);
      expect(m.messageId).toBe(`it-msg-${i}-${s.call}`);
      expect(m.timestamp).toBe(timestamp.toISOString());
      expect(m.receivedAt).toBe(c.receivedAt);
      expect(typeof m.sentAt).toBe('string');
      expect(m.context).toMatchObject(context);
      expect((m.context as { library: { name: string } }).library.name).toBe('@segment/analytics-node');
      for (const [field, value] of Object.entries(s.params)) {
        // analytics-node itself moves a page's category into its properties.
        if (s.call === 'page' && field === 'category') expect((m.properties as Record<string, unknown>).category).toBe(value);
        else if (s.call === 'page' && field === 'properties') expect(m[field]).toEqual({ ...value, category: 'Docs' });
        else expect(m[field], `${s.call}.${field}`).toEqual(value);
      }
      expect(c.dropReasons).toEqual([]);
    }
    const summaries = await t.engine.call('messages.list', undefined);
    expect(summaries.map((s) => s.type)).toEqual(sent.map((s) => s.call));
    expect(summaries[0]).toMatchObject({ name: 'Notification Clicked', userId: 'u-1', writeKeyMasked: 'wk_…456' });
  });
});

describe('@segment/analytics-node with path set to one call\'s path', () => {
  // path: '/v1/track' posts the batch body there; it is taken as one track with neither id (as
  // Segment takes it), and its drop reason said only that, where the messages in it had their ids.
  it('the capture\'s drop reason says a batch body was posted to one call\'s path, and where batches go', async () => {
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: t.engine.url, path: '/v1/track', flushAt: 2, maxRetries: 0 });
    analytics.track({ userId: 'u-path', event: 'Path Track', messageId: 'it-path-1' });
    analytics.identify({ userId: 'u-path', messageId: 'it-path-2' });
    await analytics.closeAndFlush({ timeout: 10_000 });
    const listed = (await (await fetch(`${t.engine.url}/api/messages?endpoint=/v1/track&text=it-path-1`)).json()) as { message: { batch?: unknown[] }; dropReasons: { code: string; message: string }[] }[];
    expect(listed).toHaveLength(1);
    expect(listed[0].message.batch).toHaveLength(2);
    expect(listed[0].dropReasons[0]).toEqual({
      code: 'missing-identity',
      message: 'it has neither a userId nor an anonymousId: it is a batch body ({"batch": […]}) posted to one call\'s path, which reads the whole body as one message, so none of the 2 messages in it is read; post batches to /v1/batch',
      path: 'userId',
    });
  });
});
