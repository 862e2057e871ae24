// POST /webhook/<name>: Segment's Webhook destination, signatures checked and recorded.
import { createHmac } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { startTestEngine, postJson, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
  await t.engine.call('webhooks.save', { name: 'pf', secret: 's3cret', rejectInvalid: false });
  await t.engine.call('webhooks.save', { name: 'strict', secret: 'k3y', rejectInvalid: true });
});
afterAll(() => t.dispose());

const sign = (secret: string, text: string) => createHmac('sha1', secret).update(text).digest('hex');
const event = { type: 'track', userId: 'u-1', event: 'Tour Start', messageId: 'wh-1', properties: { tour_id: 't1' } };
const segmentHeaders = { 'user-agent': 'Segment.io/1.0' };

async function last(): Promise<CapturedMessage> {
  const list = await t.engine.call('messages.list', undefined);
  return (await t.engine.call('messages.get', { seq: list.at(-1)!.seq }))!;
}

describe('webhook receiver', () => {
  it('captures one object with a valid signature over the serialized payload', async () => {
    const res = await postJson(`${t.engine.url}/webhook/pf`, event, { ...segmentHeaders, 'x-signature': sign('s3cret', JSON.stringify(event)) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ success: true, captured: 1, signature: 'valid' });
    const c = await last();
    expect(c.origin).toEqual({ kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'valid', basis: 'raw-body' } });
    expect(c.headers['x-signature']).toBe('[redacted: 40 hex digits]');
    expect(c.headers['user-agent']).toBe('Segment.io/1.0');
    expect(c.message).toMatchObject(event);
  });

  it('says which bytes matched: re-serialized payload, or the first element of an Actions batch', async () => {
    const pretty = JSON.stringify(event, null, 2);
    await postJson(`${t.engine.url}/webhook/pf`, pretty, { 'x-signature': sign('s3cret', JSON.stringify(event)) });
    expect((await last()).origin).toMatchObject({ signature: { status: 'valid', basis: 'serialized' } });

    const batch = [event, { ...event, messageId: 'wh-2', event: 'Tour Finish' }];
    const res = await postJson(`${t.engine.url}/webhook/pf`, batch, { 'x-signature': sign('s3cret', JSON.stringify(batch[0])) });
    expect(res.json).toMatchObject({ captured: 2, signature: 'valid' });
    const list = await t.engine.call('messages.list', undefined);
    const [a, b] = await Promise.all(list.slice(-2).map((s) => t.engine.call('messages.get', { seq: s.seq })));
    expect(a!.requestId).toBe(b!.requestId);
    expect([a!.message.event, b!.message.event]).toEqual(['Tour Start', 'Tour Finish']);
    expect(b!.origin).toMatchObject({ signature: { status: 'valid', basis: 'first-element' } });
  });

  it('records invalid, missing and no-secret signatures but answers 200 without rejectInvalid', async () => {
    const bad = await postJson(`${t.engine.url}/webhook/pf`, event, { 'x-signature': sign('wrong', JSON.stringify(event)) });
    expect(bad.status).toBe(200);
    expect((await last()).origin).toMatchObject({ signature: { status: 'invalid' } });
    await postJson(`${t.engine.url}/webhook/pf`, event);
    expect((await last()).origin).toMatchObject({ signature: { status: 'missing' } });
    // Any name is accepted and captured; without configuration there is no secret.
    const anon = await postJson(`${t.engine.url}/webhook/unconfigured-1`, event, { 'x-signature': 'abc' });
    expect(anon.json).toMatchObject({ success: true, signature: 'no-secret' });
    expect((await last()).origin).toMatchObject({ webhook: 'unconfigured-1', signature: { status: 'no-secret' } });
    const summary = (await t.engine.call('messages.list', undefined)).at(-1)!;
    expect(summary).toMatchObject({ origin: 'webhook', webhook: 'unconfigured-1', signature: 'no-secret' });
    // The X-Signature came but was not checked: its shape is kept, and the row says so.
    expect((await last()).origin).toMatchObject({ signature: { status: 'no-secret', received: '[redacted: 3 characters, not 40 hex digits]' } });
    expect(summary.signatureUnchecked).toBe(true);
    // Without one, the request was unsigned: nothing was received.
    const plain = await postJson(`${t.engine.url}/webhook/unconfigured-2`, event);
    expect(plain.json).toMatchObject({ success: true, signature: 'no-secret' });
    expect((await last()).origin).toEqual(expect.objectContaining({ signature: { status: 'no-secret' } }));
    expect((await t.engine.call('messages.list', undefined)).at(-1)!.signatureUnchecked).toBeUndefined();
  });

  it('without rejectInvalid, a 200 to a missing or invalid signature says in words what is wrong (signatureProblem), as the 401 would', async () => {
    // The sender only read "signature":"invalid" and had to open the app to learn why.
    const bad = await postJson(`${t.engine.url}/webhook/pf`, event, { 'x-signature': sign('wrong', JSON.stringify(event)) });
    expect(bad).toMatchObject({ status: 200, json: { success: true, captured: 1, signature: 'invalid' } });
    expect(bad.json.signatureProblem).toBe('the request has an X-Signature that does not match the shared secret; webhook "pf" does not reject such requests, so it was captured, marked invalid');
    // A fault of the signature's form is named, never the digits.
    const digest = sign('s3cret', JSON.stringify(event));
    const prefixed = await postJson(`${t.engine.url}/webhook/pf`, event, { 'x-signature': `sha1=${digest}` });
    expect(prefixed.json).toMatchObject({ success: true, signature: 'invalid' });
    expect(prefixed.json.signatureProblem).toBe('the request has an X-Signature that does not match the shared secret: it starts with "sha1=", and Segment\'s X-Signature is the 40 hex digits alone; webhook "pf" does not reject such requests, so it was captured, marked invalid');
    expect(JSON.stringify(prefixed.json)).not.toContain(digest);
    const sha256 = await postJson(`${t.engine.url}/webhook/pf`, event, { 'x-signature': 'ab'.repeat(32) });
    expect(sha256.json.signatureProblem).toMatch(/does not match the shared secret: it is 64 hex digits, as an HMAC-SHA256 is; Segment signs with HMAC-SHA1, 40 hex digits; webhook "pf"/);
    const missing = await postJson(`${t.engine.url}/webhook/pf`, [event, { ...event, messageId: 'wh-3' }]);
    expect(missing).toMatchObject({ status: 200, json: { success: true, captured: 2, signature: 'missing' } });
    expect(missing.json.signatureProblem).toBe('the request has no X-Signature header; webhook "pf" does not reject such requests, so it was captured, marked missing');
    // Nothing is wrong: no such field.
    const valid = await postJson(`${t.engine.url}/webhook/pf`, event, { 'x-signature': digest });
    expect(valid.json).toEqual({ success: true, captured: 1, signature: 'valid' });
    const unconfigured = await postJson(`${t.engine.url}/webhook/unconfigured-2`, event, { 'x-signature': digest });
    expect(unconfigured.json).toEqual({ success: true, captured: 1, signature: 'no-secret' });
  });

  it('answers 401 to missing or invalid signatures when rejectInvalid is set, 200 to valid ones', async () => {
    const missing = await postJson(`${t.engine.url}/webhook/strict`, event);
    expect(missing.status).toBe(401);
    expect(missing.json.error).toMatch(/no X-Signature/);
    const invalid = await postJson(`${t.engine.url}/webhook/strict`, event, { 'x-signature': sign('nope', JSON.stringify(event)) });
    expect(invalid.status).toBe(401);
    expect(invalid.json.code).toBe('signature-invalid');
    const valid = await postJson(`${t.engine.url}/webhook/strict`, event, { 'x-signature': sign('k3y', JSON.stringify(event)) });
    expect(valid.status).toBe(200);
  });

  it('rejects bodies that are not events with a 400 naming the problem', async () => {
    expect((await postJson(`${t.engine.url}/webhook/pf`, '{oops')).status).toBe(400);
    const notObj = await postJson(`${t.engine.url}/webhook/pf`, [event, 3]);
    expect(notObj.status).toBe(400);
    expect(notObj.json.error).toMatch(/element \[1\]/);
    expect((await postJson(`${t.engine.url}/webhook/pf`, [])).status).toBe(400);
    expect((await postJson(`${t.engine.url}/webhook/bad%20name`, event)).status).toBe(400);
  });

  it('keeps secrets out of the UI and in a 0600 settings file', async () => {
    const views = await t.engine.call('webhooks.list', undefined);
    expect(views).toEqual([
      { name: 'pf', hasSecret: true, rejectInvalid: false, url: `${t.engine.url}/webhook/pf` },
      { name: 'strict', hasSecret: true, rejectInvalid: true, url: `${t.engine.url}/webhook/strict` },
    ]);
    expect(JSON.stringify(views)).not.toContain('s3cret');
    const file = join(t.dataDir, 'settings.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toContain('s3cret');
    // keepSecret keeps it while other options change; an empty secret removes it.
    expect(await t.engine.call('webhooks.save', { name: 'pf', rejectInvalid: true, keepSecret: true })).toMatchObject({ hasSecret: true, rejectInvalid: true });
    expect(await t.engine.call('webhooks.save', { name: 'pf', secret: '', rejectInvalid: false })).toMatchObject({ hasSecret: false });
    await expect(t.engine.call('webhooks.save', { name: 'no/slash', rejectInvalid: false })).rejects.toMatchObject({ where: 'webhook.name' });
    await t.engine.call('webhooks.delete', { name: 'pf' });
    expect((await t.engine.call('webhooks.list', undefined)).map((w) => w.name)).toEqual(['strict']);
    const engine = await t.restart();
    expect((await engine.call('webhooks.list', undefined)).map((w) => w.name)).toEqual(['strict']);
  });
});

describe('settings.json written by hand (or damaged)', () => {
  it('says which webhook entry it could not take and why, instead of dropping it or its secret silently', async () => {
    const hand = await startTestEngine();
    try {
      await hand.engine.close();
      await writeFile(join(hand.dataDir, 'settings.json'), JSON.stringify({
        webhooks: [
          { name: 'pf', secret: 12345, rejectInvalid: true }, // a number: the webhook would accept anything, unchecked
          { nme: 'b', secret: 's2' },
          { name: 'c d', secret: 'x' },
          { name: 'ok', secret: 'k', rejectInvalid: 'yes' },
          'pf2',
          { name: 'good', secret: 'g', rejectInvalid: true },
        ],
      }));
      const engine = await hand.restart();
      const warnings = engine.info().storeWarnings.filter((w) => w.startsWith('settings.json'));
      expect(warnings).toEqual([
        expect.stringMatching(/^settings\.json: webhooks\[0\] \("pf"\): "secret" must be text, not 12345; .*no secret/),
        expect.stringMatching(/^settings\.json: webhooks\[1\]: "name" must be text, not undefined; .*left out/),
        expect.stringMatching(/^settings\.json: webhooks\[2\] \("c d"\): the name holds " "/),
        expect.stringMatching(/^settings\.json: webhooks\[3\] \("ok"\): "rejectInvalid" must be true or false, not "yes"/),
        expect.stringMatching(/^settings\.json: webhooks\[4\]: must be an object, not "pf2"/),
      ]);
      // What is left out would be gone with the next save: the file as it was is kept beside it.
      expect(warnings.every((w) => w.endsWith('(the file as it was is kept as settings.json.damaged)'))).toBe(true);
      expect((await engine.call('webhooks.list', undefined)).map((w) => [w.name, w.hasSecret, w.rejectInvalid])).toEqual([
        ['pf', false, true],
        ['ok', true, false],
        ['good', true, true],
      ]);
      await engine.call('webhooks.save', { name: 'new', rejectInvalid: false });
      expect(JSON.parse(await readFile(join(hand.dataDir, 'settings.json.damaged'), 'utf8')).webhooks[1]).toEqual({ nme: 'b', secret: 's2' });
    } finally {
      await hand.dispose();
    }
  });

  // Two entries of one name were both listed (two rows "pf", one with a secret, one without)
  // while the receiver checked signatures with the first only: a save of "pf" then dropped both.
  it('a name given twice: the first entry is the webhook, the later one named and left out', async () => {
    const hand = await startTestEngine();
    try {
      await hand.engine.close();
      await writeFile(join(hand.dataDir, 'settings.json'), JSON.stringify({ webhooks: [{ name: 'pf', secret: 's1', rejectInvalid: true }, { name: 'other' }, { name: 'pf' }] }));
      const engine = await hand.restart();
      expect(engine.info().storeWarnings.filter((w) => w.startsWith('settings.json'))).toEqual([
        'settings.json: webhooks[2] ("pf"): webhooks[0] has the same name, and is the one used; left out (the file as it was is kept as settings.json.damaged)',
      ]);
      expect((await engine.call('webhooks.list', undefined)).map((w) => [w.name, w.hasSecret, w.rejectInvalid])).toEqual([
        ['pf', true, true],
        ['other', false, false],
      ]);
    } finally {
      await hand.dispose();
    }
  });

  it('says so when "webhooks" is not a list', async () => {
    const hand = await startTestEngine();
    try {
      await hand.engine.close();
      await writeFile(join(hand.dataDir, 'settings.json'), JSON.stringify({ webhooks: { pf: { secret: 's' } } }));
      const engine = await hand.restart();
      expect(engine.info().storeWarnings).toContainEqual(expect.stringMatching(/^settings\.json: "webhooks" must be a list, not an object; no webhook is configured/));
    } finally {
      await hand.dispose();
    }
  });
});

describe('a log written before unchecked signatures were kept', () => {
  it('reads a signed request to a webhook without a secret as "not checked" after a restart, an unsigned one as unsigned', async () => {
    const own = await startTestEngine();
    try {
      await postJson(`${own.engine.url}/webhook/nosecret`, event, { 'x-signature': sign('s3cret', JSON.stringify(event)) });
      await postJson(`${own.engine.url}/webhook/nosecret`, { ...event, messageId: 'wh-plain' });
      await own.engine.close();
      // Rewrite the log as those versions wrote it: the check kept {status: "no-secret"} alone,
      // the headers kept the redacted X-Signature.
      const file = join(own.dataDir, 'captures.ndjson');
      const old = (await readFile(file, 'utf8')).replaceAll(',"received":"[redacted: 40 hex digits]"', '');
      expect(old).not.toContain('"received"');
      expect(old).toContain('"x-signature":"[redacted: 40 hex digits]"');
      await writeFile(file, old);
      const engine = await own.restart();
      const [signed, plain] = await engine.call('messages.list', undefined);
      expect(signed).toMatchObject({ signature: 'no-secret', signatureUnchecked: true });
      expect(plain.signature).toBe('no-secret');
      expect(plain.signatureUnchecked).toBeUndefined();
      expect((await engine.call('messages.get', { seq: signed.seq }))!.origin).toMatchObject({ signature: { status: 'no-secret', received: '[redacted: 40 hex digits]' } });
      expect((await engine.call('messages.get', { seq: plain.seq }))!.origin).toMatchObject({ signature: { status: 'no-secret' } });
    } finally {
      await own.dispose();
    }
  });
});
