// Webhook bodies with a UTF-8 byte-order mark are accepted (valid JSON to Segment's consumers),
// and an invalid X-Signature is shown the same way everywhere: the recorded header, the signature
// check, /api/messages, the export and older logs all keep its shape, never its value (#12).
import { createHmac } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const sign = (secret: string, data: string | Buffer) => createHmac('sha1', secret).update(data).digest('hex');
const event = { type: 'track', userId: 'u-1', event: 'Tour Start', messageId: 'bom-1' };
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function postRaw(url: string, body: Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function last(engine: TestEngine['engine']): Promise<CapturedMessage> {
  const list = await engine.call('messages.list', undefined);
  return (await engine.call('messages.get', { seq: list.at(-1)!.seq }))!;
}

describe('webhook body with a byte-order mark', () => {
  it('is accepted, and its signature checks over the raw bytes (BOM included) or the payload', async () => {
    t = await startTestEngine();
    await t.engine.call('webhooks.save', { name: 'pf', secret: 's3cret', rejectInvalid: true });
    const json = JSON.stringify(event);
    const body = Buffer.concat([BOM, Buffer.from(json)]);
    const overPayload = await postRaw(`${t.engine.url}/webhook/pf`, body, { 'x-signature': sign('s3cret', json) });
    expect(overPayload).toEqual({ status: 200, json: { success: true, captured: 1, signature: 'valid' } });
    expect((await last(t.engine)).message).toMatchObject(event);
    const overRaw = await postRaw(`${t.engine.url}/webhook/pf`, body, { 'x-signature': sign('s3cret', body) });
    expect(overRaw.status).toBe(200);
    expect((await last(t.engine)).origin).toMatchObject({ signature: { status: 'valid', basis: 'raw-body' } });
    // An array with a BOM too; and a BOM alone is still not JSON, with a clear error.
    expect((await postRaw(`${t.engine.url}/webhook/pf`, Buffer.concat([BOM, Buffer.from(JSON.stringify([event]))]), { 'x-signature': sign('s3cret', json) })).status).toBe(200);
    const empty = await postRaw(`${t.engine.url}/webhook/pf`, BOM);
    expect(empty.status).toBe(400);
    expect(empty.json.error).toMatch(/invalid JSON in the webhook body/);
  });
});

describe('an X-Signature header sent twice (a proxy that repeats it)', () => {
  it('is checked by its first value, not by the two joined', async () => {
    t = await startTestEngine();
    await t.engine.call('webhooks.save', { name: 'pf', secret: 's3cret', rejectInvalid: true });
    const json = JSON.stringify({ ...event, messageId: 'twice-1' });
    const sig = sign('s3cret', json);
    const { request } = await import('node:http');
    const url = new URL(`${t.engine.url}/webhook/pf`);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.setHeader('content-type', 'application/json');
      req.setHeader('x-signature', [sig, sig]);
      req.end(json);
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ success: true, captured: 1, signature: 'valid' });
  });
});

describe('an invalid X-Signature', () => {
  it('is shown the same way in the recorded header, the check, /api/messages and the export', async () => {
    t = await startTestEngine();
    await t.engine.call('webhooks.save', { name: 'pf', secret: 's3cret', rejectInvalid: false });
    const wrong = sign('not-the-secret', JSON.stringify(event));
    await postRaw(`${t.engine.url}/webhook/pf`, Buffer.from(JSON.stringify(event)), { 'x-signature': wrong });
    await postRaw(`${t.engine.url}/webhook/pf`, Buffer.from(JSON.stringify({ ...event, messageId: 'bom-2' })), { 'x-signature': 'sha1=nothex' });
    const [a, b] = (await (await fetch(`${t.engine.url}/api/messages`)).json()) as CapturedMessage[];
    expect(a.headers['x-signature']).toBe('[redacted: 40 hex digits]');
    expect(a.origin).toMatchObject({ signature: { status: 'invalid', received: '[redacted: 40 hex digits]' } });
    expect(b.headers['x-signature']).toBe('[redacted: 11 characters, not 40 hex digits]');
    expect(b.origin).toMatchObject({ signature: { status: 'invalid', received: '[redacted: 11 characters, not 40 hex digits]' } });
    const exported = await (await fetch(`${t.engine.url}/api/export`)).text();
    expect(exported).not.toContain(wrong);
    expect(exported).not.toContain('nothex');
  });

  it('kept in clear by an older log is redacted when read and when exported', async () => {
    t = await startTestEngine();
    await t.engine.close();
    const wrong = sign('old', 'x');
    const request = { requestId: 'r1', receivedAt: '2026-01-01T09:00:00.000Z', origin: { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'invalid', received: wrong } }, headers: { 'x-signature': '[redacted]' } };
    await writeFile(join(t.dataDir, 'captures.ndjson'), `${JSON.stringify({ request })}\n${JSON.stringify({ seq: 1, message: event })}\n`);
    const engine = await t.restart();
    expect((await engine.call('messages.get', { seq: 1 }))?.origin).toMatchObject({ signature: { status: 'invalid', received: '[redacted: 40 hex digits]' } });
    const exported = await (await fetch(`${engine.url}/api/export`)).text();
    expect(exported).not.toContain(wrong);
    expect(exported).toContain('[redacted: 40 hex digits]');
  });
});
