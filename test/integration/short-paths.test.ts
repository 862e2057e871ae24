// analytics.js 2.0 (@segment/analytics-next) posts to /v1/t, i, p, g, a, s (and /v1/b when
// batching), with Content-Type text/plain, from another origin, adding X-Retry-Count on retries;
// the mobile libraries post batches to /v1/b. Every one is accepted, preflights included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { writeKeyFingerprint } from '../../src-main/store/write-key';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const auth = `Basic ${Buffer.from('web-key:').toString('base64')}`;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${t.engine.url}${path}`, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: auth, origin: 'http://shop.example', ...headers }, body: JSON.stringify(body) });

describe('short paths and their preflights', () => {
  it.each([
    ['/v1/t', { type: 'track', anonymousId: 'a', event: 'Clicked' }, 'track'],
    ['/v1/i', { type: 'identify', anonymousId: 'a', traits: { email: 'a@b.co' } }, 'identify'],
    ['/v1/p', { type: 'page', anonymousId: 'a', name: 'Home' }, 'page'],
    ['/v1/g', { type: 'group', anonymousId: 'a', groupId: 'acme' }, 'group'],
    ['/v1/a', { type: 'alias', userId: 'u', previousId: 'a' }, 'alias'],
    ['/v1/s', { type: 'screen', userId: 'u', name: 'Settings' }, 'screen'],
  ])('%s is captured as a %s, its endpoint shown as sent', async (path, body, type) => {
    const res = await post(path, body);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://shop.example');
    const [m] = (await (await fetch(`${t.engine.url}/api/messages?endpoint=${encodeURIComponent(path)}`)).json()) as any[];
    expect(m.message.type).toBe(type);
    expect(m.origin).toMatchObject({ endpoint: path, writeKey: 'web…key', writeKeyFingerprint: writeKeyFingerprint('web-key') });
  });

  it('/v1/b takes a batch (analytics-next batching, analytics-swift, analytics-kotlin)', async () => {
    const res = await post('/v1/b', { batch: [{ type: 'track', anonymousId: 'm', event: 'Opened' }, { type: 'screen', anonymousId: 'm', name: 'Home' }] }, { 'x-retry-count': '1' });
    expect(res.status).toBe(200);
    const got = (await (await fetch(`${t.engine.url}/api/messages?endpoint=/v1/b`)).json()) as any[];
    expect(got.map((m: { message: { type: string } }) => m.message.type)).toEqual(['track', 'screen']);
  });

  it('a preflight allows what the page asks for, X-Retry-Count included', async () => {
    const res = await fetch(`${t.engine.url}/v1/t`, { method: 'OPTIONS', headers: { origin: 'http://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization,x-retry-count,x-custom-thing' } });
    expect(res.status).toBe(204);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/,\s*/);
    for (const h of ['content-type', 'authorization', 'x-retry-count', 'x-custom-thing']) expect(allowed).toContain(h);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    const plain = await fetch(`${t.engine.url}/v1/b`, { method: 'OPTIONS', headers: { origin: 'http://shop.example' } });
    expect(plain.headers.get('access-control-allow-headers')).toContain('X-Retry-Count');
  });

  it('an unknown short path is still a 404 naming the paths', async () => {
    const res = await post('/v1/x', { type: 'track' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toContain('/v1/t, i, g, p, s, a, b');
  });
});

describe('batch-level context and integrations', () => {
  it('are merged into each message of the batch, the message’s own keys winning', async () => {
    const res = await post('/v1/batch', {
      context: { library: { name: 'mobile-sdk', version: '2.0' }, locale: 'en-GB', app: { name: 'Shop' } },
      integrations: { All: true, Mixpanel: false },
      batch: [
        { type: 'track', messageId: 'bm-1', anonymousId: 'a', event: 'Own Context', context: { locale: 'fr-FR', ip: '1.2.3.4' }, integrations: { Mixpanel: true } },
        { type: 'track', messageId: 'bm-2', anonymousId: 'a', event: 'No Context' },
      ],
    });
    expect(res.status).toBe(200);
    const got = (await (await fetch(`${t.engine.url}/api/messages?endpoint=/v1/batch`)).json()) as any[];
    const byId = Object.fromEntries(got.map((m) => [m.message.messageId, m.message]));
    expect(byId['bm-1'].context).toEqual({ library: { name: 'mobile-sdk', version: '2.0' }, locale: 'fr-FR', app: { name: 'Shop' }, ip: '1.2.3.4' });
    expect(byId['bm-1'].integrations).toEqual({ All: true, Mixpanel: true });
    expect(byId['bm-2'].context).toEqual({ library: { name: 'mobile-sdk', version: '2.0' }, locale: 'en-GB', app: { name: 'Shop' } });
    expect(byId['bm-2'].integrations).toEqual({ All: true, Mixpanel: false });
    // And the same after a restart (the log line holds the merged message).
    const restarted = await t.restart();
    const again = (await (await fetch(`${restarted.url}/api/messages?messageId=bm-1`)).json()) as any[];
    expect(again[0].message.context.locale).toBe('fr-FR');
    expect(again[0].message.context.app).toEqual({ name: 'Shop' });
  });
});
