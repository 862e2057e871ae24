// A request that names two write keys (Basic auth and the body's writeKey, or batch items carrying
// different ones): one is taken, and the inspector says another was ignored. The ignored key was
// taken out of the stored message without a word, so a client configured with the wrong key in
// one place looked exactly like one configured right. Over real HTTP on loopback.
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeKeyFingerprint } from '../../src-main/store/write-key';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
const HEADER_KEY = 'wk_header_key_1234';
const BODY_KEY = 'wk_body_other_5678';

async function originOf(event: string): Promise<Record<string, unknown>> {
  const rows = (await (await fetch(`${t.engine.url}/api/messages?event=${encodeURIComponent(event)}`)).json()) as { origin: Record<string, unknown> }[];
  expect(rows).toHaveLength(1);
  return rows[0].origin;
}

describe('two write keys in one request', () => {
  it('Basic auth and a different body writeKey: the header’s is taken and the body’s is named as ignored', async () => {
    const res = await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'Two Keys', writeKey: BODY_KEY }, basic(HEADER_KEY));
    expect(res.status).toBe(200);
    const origin = await originOf('Two Keys');
    expect(origin.writeKeySource).toBe('basic');
    expect(origin.writeKeyFingerprint).toBe(writeKeyFingerprint(HEADER_KEY));
    expect(origin.writeKeyWarning).toBe(
      "the body's writeKey is another key than the one in the Authorization header (Basic auth): the header's was taken and the body's ignored (send the same key in both, or one of them)",
    );
    // Neither key is kept in clear, the warning included.
    const log = await readFile(join(t.dataDir, 'captures.ndjson'), 'utf8');
    expect(log).not.toContain(HEADER_KEY);
    expect(log).not.toContain(BODY_KEY);
  });

  it('Basic auth and the same key in the body (analytics-java sends both): no warning', async () => {
    const res = await postJson(`${t.engine.url}/v1/batch`, { writeKey: HEADER_KEY, batch: [{ type: 'track', userId: 'u', event: 'Same Keys' }] }, basic(HEADER_KEY));
    expect(res.status).toBe(200);
    const origin = await originOf('Same Keys');
    expect(origin.writeKeySource).toBe('basic');
    expect(origin).not.toHaveProperty('writeKeyWarning');
  });

  it('batch items carrying different write keys: the first is taken and the others are named as ignored', async () => {
    const res = await postJson(`${t.engine.url}/v1/batch`, {
      batch: [
        { type: 'track', userId: 'u', event: 'Item Keys', writeKey: HEADER_KEY },
        { type: 'track', userId: 'u', event: 'Item Keys 2', writeKey: BODY_KEY },
        { type: 'track', userId: 'u', event: 'Item Keys 3', writeKey: HEADER_KEY },
      ],
    });
    expect(res.status).toBe(200);
    const origin = await originOf('Item Keys');
    expect(origin.writeKeySource).toBe('body');
    expect(origin.writeKeyFingerprint).toBe(writeKeyFingerprint(HEADER_KEY));
    expect(origin.writeKeyWarning).toBe("batch[1]'s writeKey is another key than batch[0]'s, which was taken for the whole request: batch[1]'s was ignored");
  });
});

// A client library and an interceptor (or a proxy) that each add Basic auth: two Authorization
// headers. Node, like Segment's API, takes the first; the other key was ignored without a word.
describe('two Authorization headers', () => {
  const postTwice = (event: string, authorizations: string[]) =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ userId: 'u', event });
      const req = request(`${t.engine.url}/v1/track`, { method: 'POST', headers: ['host', new URL(t.engine.url).host, 'content-type', 'application/json', 'content-length', String(Buffer.byteLength(body)), ...authorizations.flatMap((a) => ['authorization', a])] }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });

  it('with different keys: the first is taken, and the inspector says the other was ignored', async () => {
    expect(await postTwice('Two Headers', [basic(HEADER_KEY).authorization, basic(BODY_KEY).authorization])).toBe(200);
    const origin = await originOf('Two Headers');
    expect(origin.writeKeyFingerprint).toBe(writeKeyFingerprint(HEADER_KEY));
    expect(origin.writeKeyWarning).toBe('the request has 2 Authorization headers, where a client sends one: the first was taken (as Segment takes it) and the other ignored (a library and an interceptor or a proxy each adding one?)');
  });

  it('the same header twice is one key, with nothing to say', async () => {
    expect(await postTwice('Same Header Twice', [basic(HEADER_KEY).authorization, basic(HEADER_KEY).authorization])).toBe(200);
    expect((await originOf('Same Header Twice')).writeKeyWarning).toBeUndefined();
  });
});
