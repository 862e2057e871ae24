// Checks shared by the tests that drive a real client library against the receiver.
import { readFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CapturedMessage } from '../../../src-shared/capture';

/** The one capture with this messageId, by the engine's own wait (answers as soon as it is captured; the library sends in the background). */
export async function captureByMessageId(engineUrl: string, messageId: string): Promise<CapturedMessage> {
  const res = await fetch(`${engineUrl}/api/messages/wait?messageId=${encodeURIComponent(messageId)}&timeoutMs=15000`);
  expect(res.status).toBe(200);
  const list = (await res.json()) as CapturedMessage[];
  expect(list).toHaveLength(1);
  return list[0];
}

/**
 * Nothing the Segment spec objects to, not even a note, and no drop reason; the destination checks
 * (Freshsuccess wants an anonymousId, a last name...) may speak of the caller's data, never of a
 * field the library sets itself.
 */
export function expectNothingAgainstTheLibrary(c: CapturedMessage, libraryFields: readonly string[]): void {
  expect(c.dropReasons).toEqual([]);
  expect(c.findings.filter((f) => f.profile === 'segment')).toEqual([]);
  for (const f of c.findings) expect(libraryFields.some((field) => f.path === field || f.path.startsWith(`${field}.`)), f.rule).toBe(false);
}

/** The capture log holds the write key nowhere in clear, nor its Basic form. */
export async function expectWriteKeyNotInLog(dataDir: string, writeKey: string): Promise<void> {
  const log = await readFile(join(dataDir, 'captures.ndjson'), 'utf8');
  expect(log).not.toContain(writeKey);
  expect(log).not.toContain(Buffer.from(`${writeKey}:`).toString('base64'));
}

/**
 * The capture came over the Tracking API's batch path with the write key in Basic auth: the key is
 * kept as its masked form and fingerprint only, in the origin, and nowhere in clear.
 */
export function expectBasicAuthBatch(c: CapturedMessage, writeKey: string, masked: string, fingerprint: string): void {
  expect(c.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/batch', writeKey: masked, writeKeyFingerprint: fingerprint, writeKeySource: 'basic' });
  expect(JSON.stringify(c)).not.toContain(writeKey);
  expect(c.headers.authorization).toBe('Basic [redacted]');
}

/**
 * POSTs exactly these header lines and body bytes to the engine, as a recorded client request
 * (fetch would add and reorder headers of its own). An https:// url goes over TLS, trusting `ca`
 * (the default authorities when it is not given). `method` for another request than a POST.
 */
export function rawPost(url: string, path: string, headers: [string, string][], body: string | Buffer, { ca, method = 'POST' }: { ca?: string; method?: string } = {}): Promise<{ status: number; body: string }> {
  const { protocol, hostname, port } = new URL(url);
  const options = { host: hostname, port, method, path, headers: headers.flat(), setHost: false };
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    };
    const req = protocol === 'https:' ? httpsRequest({ ...options, ca }, onResponse) : httpRequest(options, onResponse);
    req.on('error', reject);
    req.end(body);
  });
}
