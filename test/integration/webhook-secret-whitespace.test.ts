// A webhook secret saved with a space or line break at its start or end (pasted with it) made every
// Segment-signed request "does not match the shared secret", with nothing pointing at the paste.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const sign = (secret: string, data: string) => createHmac('sha1', secret).update(data).digest('hex');
// As Segment's Webhook destination posts it: the delivered event, signed over JSON.stringify(payload).
const event = { type: 'track', userId: 'u-1', event: 'Tour Start', messageId: 'ws-1', receivedAt: '2026-01-01T00:00:00.000Z', properties: { tour: 'café ✓' } };
const body = JSON.stringify(event);

async function post(url: string, signature: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'Segment.io/1.0', 'x-signature': signature }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('a webhook secret with whitespace at its ends', () => {
  it('a request signed with the secret without it is invalid, and the answer says the secret holds whitespace', async () => {
    t = await startTestEngine();
    await t.engine.call('webhooks.save', { name: 'pf', secret: ' s3cret\n', rejectInvalid: false });
    const accepted = await post(`${t.engine.url}/webhook/pf`, sign('s3cret', body));
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ success: true, captured: 1, signature: 'invalid' });
    expect(accepted.json.signatureProblem).toBe(
      'the request has an X-Signature that does not match the shared secret (it matches the secret without the whitespace at its start and end: ' +
        "the webhook's secret holds a space or line break there, likely pasted with it; save the secret without it); " +
        'webhook "pf" does not reject such requests, so it was captured, marked invalid',
    );

    // The UI learns where the whitespace is (the Inspector says it beside such a capture), never the secret.
    expect(await t.engine.call('webhooks.list', undefined)).toEqual([{ name: 'pf', hasSecret: true, rejectInvalid: false, url: `${t.engine.url}/webhook/pf`, secretEdgeSpace: 'start and end' }]);

    await t.engine.call('webhooks.save', { name: 'pf', secret: 's3cret\t', rejectInvalid: true });
    const refused = await post(`${t.engine.url}/webhook/pf`, sign('s3cret', body));
    expect(refused.status).toBe(401);
    expect(refused.json.error).toMatch(/^the request has an X-Signature that does not match the shared secret \(it matches the secret without the whitespace at its end: /);

    // Segment's Actions batch signs the first element: the hint is checked against it as sent, before capture fills in its fields.
    const batch = [{ type: 'track', userId: 'u-1', event: 'Tour Step' }, { type: 'track', userId: 'u-1', event: 'Tour Finish' }];
    const res = await fetch(`${t.engine.url}/webhook/pf`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': sign('s3cret', JSON.stringify(batch[0])) }, body: JSON.stringify(batch) });
    expect(((await res.json()) as { error: string }).error).toMatch(/\(it matches the secret without the whitespace at its end: /);

    await t.engine.call('webhooks.save', { name: 'pf', secret: ' s3cret', rejectInvalid: true });
    expect((await post(`${t.engine.url}/webhook/pf`, sign('s3cret', body))).json.error).toMatch(/^the request has an X-Signature that does not match the shared secret \(it matches the secret without the whitespace at its start: /);
  });

  it('a signature made with the secret as saved, whitespace and all, is valid; a wrong one is said as before', async () => {
    t = await startTestEngine();
    await t.engine.call('webhooks.save', { name: 'pf', secret: 's3cret ', rejectInvalid: false });
    expect((await post(`${t.engine.url}/webhook/pf`, sign('s3cret ', body))).json).toEqual({ success: true, captured: 1, signature: 'valid' });
    const wrong = await post(`${t.engine.url}/webhook/pf`, sign('other', body));
    expect(wrong.json.signatureProblem).toBe('the request has an X-Signature that does not match the shared secret; webhook "pf" does not reject such requests, so it was captured, marked invalid');
  });
});
