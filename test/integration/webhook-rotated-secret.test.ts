// A webhook's secret changed here while Segment's destination still signs with the old one: every
// request was "does not match the shared secret", with nothing saying the old secret was the one used.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CapturedMessage } from '../../src-shared/capture';
import { signatureHints } from '../../src-shared/signature-hint';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const sign = (secret: string, data: string) => createHmac('sha1', secret).update(data).digest('hex');
const batch = [
  { type: 'track', userId: 'u-1', event: 'Tour Start', messageId: 'rot-1' },
  { type: 'track', userId: 'u-1', event: 'Tour Step', messageId: 'rot-2' },
];
const body = JSON.stringify(batch);

async function post(url: string, signature: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'Segment.io/1.0', 'x-signature': signature }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('a webhook whose secret was changed', () => {
  it('a request signed with the previous secret is invalid, and says it matches the previous one and when it was replaced', async () => {
    t = await startTestEngine();
    const url = `${t.engine.url}/webhook/pf`;
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'old-secret', rejectInvalid: true });
    // Segment's Actions batch: the first element signed.
    expect((await post(url, sign('old-secret', JSON.stringify(batch[0])))).json).toEqual({ success: true, captured: 2, signature: 'valid' });

    await t.engine.call('webhooks.save', { name: 'pf', secret: 'new-secret', rejectInvalid: true });
    const old = await post(url, sign('old-secret', JSON.stringify(batch[0])));
    expect(old.status).toBe(401);
    expect(old.json.error).toMatch(
      /^the request has an X-Signature that does not match the shared secret \(it matches the webhook's previous secret, replaced at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z: the sender still signs with it; give it the new secret too, in Segment's Webhook destination settings\); webhook "pf" rejects unsigned or badly signed requests$/,
    );
    // The UI learns when the secret was changed (the Inspector says it beside such a capture): the time the answer gave.
    const [view] = await t.engine.call('webhooks.list', undefined);
    expect(view).toEqual({ name: 'pf', hasSecret: true, rejectInvalid: true, url, secretChangedAt: /replaced at (\S+):/.exec(String(old.json.error))?.[1] });
    expect((await post(url, sign('new-secret', body))).json).toEqual({ success: true, captured: 2, signature: 'valid' });
    // Neither secret: said as before.
    expect((await post(url, sign('other', body))).json.error).toBe('the request has an X-Signature that does not match the shared secret; webhook "pf" rejects unsigned or badly signed requests');
  });

  // It was kept in memory only: after a restart a capture received before the change was "does not
  // match the shared secret" with nothing said. The time is kept in settings.json; the old secret is not.
  it('after a restart, the time of the change is still known (a capture signed before it is explained); the previous secret is written nowhere', async () => {
    t = await startTestEngine();
    const url = `${t.engine.url}/webhook/pf`;
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'old-secret-7f3a', rejectInvalid: false });
    // Captured before the change, signed with the secret of then: valid then, invalid against the new one.
    expect((await post(url, sign('other-signer', body))).json.signatureProblem).toMatch(/does not match the shared secret/);
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'new-secret-9c1d', rejectInvalid: false });
    const [before] = await t.engine.call('webhooks.list', undefined);
    expect(before.secretChangedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    await t.restart();
    const [after] = await t.engine.call('webhooks.list', undefined);
    expect(after.secretChangedAt).toBe(before.secretChangedAt);
    const [capture] = await t.engine.call('messages.list', undefined);
    const full = await t.engine.call('messages.get', { seq: capture.seq });
    if (full?.origin.kind !== 'webhook') throw new Error('not a webhook capture');
    expect(signatureHints(full.origin.signature, full.receivedAt, after)).toEqual([
      `It was checked against the secret the webhook had before its last change (at ${before.secretChangedAt}); requests signed with the secret now set are checked against that one.`,
    ]);
    // Only the time is written: the previous secret is in no file of the data dir.
    for (const file of await readdir(t.dataDir, { recursive: true })) {
      const path = join(t.dataDir, file);
      if ((await stat(path)).isFile()) expect([file, (await readFile(path)).includes('old-secret-7f3a')]).toEqual([file, false]);
    }
    // The same secret saved again keeps the time; no secret forgets it, also across a restart.
    await t.engine.call('webhooks.save', { name: 'pf', keepSecret: true, rejectInvalid: true });
    expect((await t.engine.call('webhooks.list', undefined))[0].secretChangedAt).toBe(before.secretChangedAt);
    await t.engine.call('webhooks.save', { name: 'pf', secret: '', rejectInvalid: true });
    await t.restart();
    expect((await t.engine.call('webhooks.list', undefined))[0]).not.toHaveProperty('secretChangedAt');
  });

  it('a webhook deleted and made again, or saved with its secret unchanged, says nothing of a previous secret', async () => {
    t = await startTestEngine();
    const url = `${t.engine.url}/webhook/pf`;
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'old-secret', rejectInvalid: false });
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'new-secret', rejectInvalid: false });
    await t.engine.call('webhooks.delete', { name: 'pf' });
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'new-secret', rejectInvalid: false });
    await t.engine.call('webhooks.save', { name: 'pf', keepSecret: true, rejectInvalid: false });
    expect((await t.engine.call('webhooks.list', undefined))[0]).not.toHaveProperty('secretChangedAt');
    expect((await post(url, sign('old-secret', body))).json.signatureProblem).toBe(
      'the request has an X-Signature that does not match the shared secret; webhook "pf" does not reject such requests, so it was captured, marked invalid',
    );
  });

  it('saving it again with the same secret (reject invalid turned on) keeps the previous one; a secret taken away forgets it', async () => {
    t = await startTestEngine();
    const url = `${t.engine.url}/webhook/pf`;
    const oldSigned = sign('old-secret', body);
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'old-secret', rejectInvalid: false });
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'new-secret', rejectInvalid: false });
    await t.engine.call('webhooks.save', { name: 'pf', keepSecret: true, rejectInvalid: true });
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'new-secret', rejectInvalid: true });
    expect((await post(url, oldSigned)).json.error).toMatch(/^the request has an X-Signature that does not match the shared secret \(it matches the webhook's previous secret, replaced at /);
    // No X-Signature at all: no hint of either secret.
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(((await unsigned.json()) as { error: string }).error).toBe('the request has no X-Signature header; webhook "pf" rejects unsigned or badly signed requests');

    await t.engine.call('webhooks.save', { name: 'pf', secret: '', rejectInvalid: true });
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'third-secret', rejectInvalid: true });
    expect((await post(url, oldSigned)).json.error).toBe('the request has an X-Signature that does not match the shared secret; webhook "pf" rejects unsigned or badly signed requests');
  });

  // Captures are stamped by the simulation clock; the change was stamped by the computer's, so with
  // the clock set back a request after the change read as one before it (the Inspector said it was
  // checked against the old secret, which it was not).
  it('with the simulation clock set back, a request after the change is said to come after it, in the time its captures are stamped with', async () => {
    t = await startTestEngine();
    const url = `${t.engine.url}/webhook/pf`;
    await t.engine.call('clock.act', { action: 'set', to: '2025-01-01T00:00:00Z' });
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'old-secret', rejectInvalid: false });
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'new-secret', rejectInvalid: false });
    const changedAt = (await t.engine.call('webhooks.list', undefined))[0].secretChangedAt!;
    expect(changedAt).toMatch(/^2025-01-01T/);
    expect((await post(url, sign('old-secret', body))).json.signatureProblem).toMatch(new RegExp(`previous secret, replaced at ${changedAt.replace(/\./g, '\\.')}:`));
    const [capture] = (await (await fetch(`${t.engine.url}/api/messages?limit=1`)).json()) as CapturedMessage[];
    if (capture.origin.kind !== 'webhook') throw new Error(`not a webhook capture: ${capture.origin.kind}`);
    expect(capture.receivedAt >= changedAt).toBe(true);
    expect(signatureHints(capture.origin.signature, capture.receivedAt, (await t.engine.call('webhooks.list', undefined))[0])).toEqual([
      `The webhook's secret was changed at ${changedAt}, before this request came: a sender still signing with the secret before its last change fails this way; give it the new secret too, in Segment's Webhook destination settings.`,
    ]);
  });
});
