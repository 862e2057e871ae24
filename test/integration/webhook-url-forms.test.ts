// The webhook URL as a person types it into Segment's Webhook destination: with a trailing slash,
// or with a character Segment's HTTP client percent-encodes. Segment does not retry a 400, so a
// refused request is events lost.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';
import { rawExchange } from './helpers/raw-exchange';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
  await t.engine.call('webhooks.save', { name: 'pf', secret: 's3cret', rejectInvalid: true });
});
afterAll(() => t.dispose());

async function last(): Promise<CapturedMessage> {
  const list = await t.engine.call('messages.list', undefined);
  return (await t.engine.call('messages.get', { seq: list.at(-1)!.seq }))!;
}

describe('webhook URL forms', () => {
  it('takes /webhook/pf/ (one trailing slash, as the Tracking API takes /v1/import/) as the webhook pf, its secret checked', async () => {
    const res = await postJson(`${t.engine.url}/webhook/pf/`, { type: 'track', event: 'E', userId: 'u' });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ code: 'signature-missing', captured: 1 });
    expect((await last()).origin).toMatchObject({ webhook: 'pf', endpoint: '/webhook/pf' });
  });

  it('reads a percent-encoded name as its characters: p%66 is pf, and a refused name is named as typed, not as "%"', async () => {
    const res = await postJson(`${t.engine.url}/webhook/p%66`, { type: 'track', event: 'E', userId: 'u' });
    expect(res.status).toBe(401);
    expect((await last()).origin).toMatchObject({ webhook: 'pf' });
    const accented = await postJson(`${t.engine.url}/webhook/caf%C3%A9`, {});
    expect(accented.status).toBe(400);
    expect(accented.json).toEqual({ success: false, code: 'invalid-webhook-name', error: 'webhook name "café" holds "é": a name may use only letters, digits, "-" and "_" (it is part of the URL)' });
    const slash = await postJson(`${t.engine.url}/webhook/p%2Ff`, {});
    expect(slash.json.error).toBe('webhook name "p/f" holds "/": a name may use only letters, digits, "-" and "_" (it is part of the URL)');
    // Not percent-encoding at all: named as sent.
    const broken = await postJson(`${t.engine.url}/webhook/p%zz`, {});
    expect(broken.json.error).toBe('webhook name "p%zz" holds "%": a name may use only letters, digits, "-" and "_" (it is part of the URL)');
  });

  // "caf%E9" (Latin-1) or "%C0%AF" (an overlong "/") were refused as holding "%", which the URL
  // typed into Segment may not even show: the escapes are what is wrong.
  it('refuses a path whose percent-encoding is not UTF-8, naming the escapes rather than "%"', async () => {
    for (const [path, bad] of [['caf%E9', '%E9'], ['%C0%AF', '%C0%AF'], ['pf%ED%A0%80', '%ED%A0%80']]) {
      const res = await postJson(`${t.engine.url}/webhook/${path}`, { type: 'track', event: 'E', userId: 'u' });
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('invalid-webhook-name');
      expect(res.json.error).toMatch(new RegExp(`^webhook path "${path}": its percent-encoding is not valid UTF-8: "${bad}" is not UTF-8 \\(a URL carries each character as its UTF-8 bytes`));
      expect(res.json.error).not.toContain('holds "%"');
    }
    expect((await postJson(`${t.engine.url}/webhook/caf%E9`, {})).json.error).toBe(
      'webhook path "caf%E9": its percent-encoding is not valid UTF-8: "%E9" is not UTF-8 (a URL carries each character as its UTF-8 bytes: "é" is %C3%A9); a name may use only letters, digits, "-" and "_" (it is part of the URL)',
    );
  });

  it('still refuses two trailing slashes or a deeper path, naming what follows the name', async () => {
    const res = await postJson(`${t.engine.url}/webhook/pf/events`, {});
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('webhook name "pf/events" holds "/": a name may use only letters, digits, "-" and "_" (it is part of the URL)');
    // Only one slash is left off, and only when it is the last of one: "pf//" is named as typed.
    const twice = await postJson(`${t.engine.url}/webhook/pf//`, {});
    expect(twice.status).toBe(400);
    expect(twice.json.error).toBe('webhook name "pf//" holds "/": a name may use only letters, digits, "-" and "_" (it is part of the URL)');
  });
});

describe('an X-Signature of another form', () => {
  const event = { type: 'track', event: 'E', userId: 'u' };
  const sign = (algorithm: string, text: string) => createHmac(algorithm, 's3cret').update(text).digest('hex');

  it('says that a "sha1=" prefix (GitHub\'s form) is what is wrong, in the 401 and in the recorded check, never the digits', async () => {
    const digest = sign('sha1', JSON.stringify(event));
    const res = await postJson(`${t.engine.url}/webhook/pf`, event, { 'x-signature': `sha1=${digest}` });
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('the request has an X-Signature that does not match the shared secret: it starts with "sha1=", and Segment\'s X-Signature is the 40 hex digits alone; webhook "pf" rejects unsigned or badly signed requests');
    const c = await last();
    expect(c.origin).toMatchObject({ signature: { status: 'invalid', received: '[redacted: "sha1=" then 40 hex digits]' } });
    expect(c.headers['x-signature']).toBe('[redacted: "sha1=" then 40 hex digits]');
    expect(JSON.stringify(c)).not.toContain(digest);
  });

  it('names an HMAC-SHA256 (64 hex digits, with or without "sha256=")', async () => {
    const digest = sign('sha256', JSON.stringify(event));
    for (const header of [digest, `sha256=${digest}`]) {
      const res = await postJson(`${t.engine.url}/webhook/pf`, event, { 'x-signature': header });
      expect(res.status).toBe(401);
      expect(res.json.error).toContain('64 hex digits, as an HMAC-SHA256 is; Segment signs with HMAC-SHA1, 40 hex digits');
    }
  });

  it('names a digest written in base64 (as Svix and Shopify sign theirs), SHA-1 or SHA-256, never its characters', async () => {
    // It read only "does not match the shared secret", the shape kept as "28 characters, not 40 hex digits".
    for (const [algorithm, length, name] of [['sha1', 28, 'HMAC-SHA1'], ['sha256', 44, 'HMAC-SHA256']] as const) {
      const digest = createHmac(algorithm, 's3cret').update(JSON.stringify(event)).digest('base64');
      const res = await postJson(`${t.engine.url}/webhook/pf`, event, { 'x-signature': digest });
      expect(res.status).toBe(401);
      expect(res.json.error).toBe(
        `the request has an X-Signature that does not match the shared secret: it is ${length} characters of base64, as an ${name} written in base64 is; Segment's X-Signature is the HMAC-SHA1 in hex, 40 digits; webhook "pf" rejects unsigned or badly signed requests`,
      );
      const c = await last();
      expect(c.origin).toMatchObject({ signature: { status: 'invalid', received: `[redacted: ${length} characters of base64]` } });
      expect(JSON.stringify(c)).not.toContain(digest);
    }
  });
});

describe('several X-Signature headers', () => {
  const body = JSON.stringify({ type: 'track', event: 'E', userId: 'u' });
  const good = createHmac('sha1', 's3cret').update(body).digest('hex');
  const post = async (signatures: string[], webhook = 'pf') => {
    const head = [`POST /webhook/${webhook} HTTP/1.1`, 'Host: x', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', ...signatures.map((s) => `X-Signature: ${s}`)];
    const answer = await rawExchange(t.engine.url, `${head.join('\r\n')}\r\n\r\n${body}`);
    return { status: Number(answer.split(' ')[1]), json: JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: string; signature?: string; signatureProblem?: string } };
  };
  const several = (n: number) => `the request has ${n} X-Signature headers, where Segment sends one: a request carrying different ones is not taken as signed, whichever of them matches`;

  // A good first one made the request valid whatever came after it (only the first was checked),
  // while a bad first one was refused: the order of two headers decided.
  it('refuses two headers in either order, a good one first or second, and says so', async () => {
    for (const signatures of [['b'.repeat(40), good], [good, 'b'.repeat(40)], ['', good], [good, '']]) {
      const res = await post(signatures);
      expect(res.status, signatures.join(' | ')).toBe(401);
      expect(res.json.error).toBe(`${several(2)}; webhook "pf" rejects unsigned or badly signed requests`);
      const c = await last();
      expect(c.origin).toMatchObject({ signature: { status: 'invalid', received: signatures.map((s) => (s === '' ? '[redacted: empty]' : '[redacted: 40 hex digits]')).join(', ') } });
      expect(JSON.stringify(c)).not.toContain(good);
    }
    expect((await post([good, 'b'.repeat(40), good])).json.error).toBe(`${several(3)}; webhook "pf" rejects unsigned or badly signed requests`);
  });

  it('a webhook that does not reject them captures them marked invalid, saying why; one without a secret keeps both shapes', async () => {
    await t.engine.call('webhooks.save', { name: 'lenient', secret: 's3cret', rejectInvalid: false });
    const lenient = await post([good, 'b'.repeat(40)], 'lenient');
    expect(lenient.status).toBe(200);
    expect(lenient.json.signature).toBe('invalid');
    expect(lenient.json.signatureProblem).toBe(`${several(2)}; webhook "lenient" does not reject such requests, so it was captured, marked invalid`);
    const open = await post([good, 'b'.repeat(40)], 'nosecret');
    expect(open.json.signature).toBe('no-secret');
    expect((await last()).origin).toMatchObject({ signature: { status: 'no-secret', received: '[redacted: 40 hex digits], [redacted: 40 hex digits]' } });
  });

  it('the same signature repeated (a proxy that copies the header) is one signature, checked once', async () => {
    expect((await post([good, good])).status).toBe(200);
    expect((await last()).origin).toMatchObject({ signature: { status: 'valid' } });
    const bad = await post(['b'.repeat(40), 'b'.repeat(40)]);
    expect(bad.status).toBe(401);
    expect(bad.json.error).toBe('the request has an X-Signature that does not match the shared secret; webhook "pf" rejects unsigned or badly signed requests');
  });

  // One header holding "a, b" (Node joins repeated headers so, and some proxies fold them the same
  // way) was one 82-character invalid signature, judged by its length.
  it('one header holding different comma-joined signatures is several signatures, said so; the same one folded is one', async () => {
    const folded = `${good}, ${'b'.repeat(40)}`;
    const res = await post([folded]);
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('the request has 2 different X-Signatures in one header (comma-joined, as a proxy folds repeated headers), where Segment sends one: a request carrying different ones is not taken as signed, whichever of them matches; webhook "pf" rejects unsigned or badly signed requests');
    const c = await last();
    expect(c.origin).toMatchObject({ signature: { status: 'invalid', received: '[redacted: 40 hex digits], [redacted: 40 hex digits]' } });
    expect(c.headers['x-signature']).toBe('[redacted: 40 hex digits], [redacted: 40 hex digits]');
    expect(JSON.stringify(c)).not.toContain(good);
    await t.engine.call('webhooks.save', { name: 'lenient', secret: 's3cret', rejectInvalid: false });
    const lenient = await post([folded], 'lenient');
    expect(lenient.status).toBe(200);
    expect(lenient.json.signature).toBe('invalid');
    expect(lenient.json.signatureProblem).toBe('the request has 2 different X-Signatures in one header (comma-joined, as a proxy folds repeated headers), where Segment sends one: a request carrying different ones is not taken as signed, whichever of them matches; webhook "lenient" does not reject such requests, so it was captured, marked invalid');
    // Folded and separate together: counted as signatures, in their headers.
    expect((await post([folded, good])).json.error).toBe('the request has 3 different X-Signatures in 2 headers (comma-joined, as a proxy folds repeated headers), where Segment sends one: a request carrying different ones is not taken as signed, whichever of them matches; webhook "pf" rejects unsigned or badly signed requests');
    const same = await post([`${good}, ${good}`]);
    expect(same.status).toBe(200);
    expect(same.json.signature).toBe('valid');
    expect((await post([`${'b'.repeat(40)},${'b'.repeat(40)}`])).json.error).toBe('the request has an X-Signature that does not match the shared secret; webhook "pf" rejects unsigned or badly signed requests');
  });

  it('one header is answered as before, and a good one alone is valid', async () => {
    expect((await post(['b'.repeat(40)])).json.error).toBe('the request has an X-Signature that does not match the shared secret; webhook "pf" rejects unsigned or badly signed requests');
    expect((await post([good])).status).toBe(200);
    expect((await post([''])).json.error).toBe('the request has an empty X-Signature header; webhook "pf" rejects unsigned or badly signed requests');
  });
});
