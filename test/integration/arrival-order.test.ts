// Captures take their seq in the order their requests arrived, whatever the endpoint: a Tracking
// API body is read in the ingest worker (when there is one) while a webhook's is read on the spot,
// so a webhook arriving while a track was still in the worker was numbered before it (seen with
// requests pipelined on one socket). User matching and sessions follow seq order, so a Product
// Fruits identify arriving after a track must come after it.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

/** Writes every request at once on one socket and reads until all `count` answers are in. */
function pipeline(bytes: string, count: number): Promise<string> {
  const { hostname, port } = new URL(t.engine.url);
  return new Promise((resolve, reject) => {
    let text = '';
    const s = connect({ port: Number(port), host: hostname }, () => s.write(bytes));
    s.on('data', (c: Buffer) => {
      text += c.toString('utf8');
      if ((text.match(/HTTP\/1\.1 \d{3}/g) ?? []).length >= count && text.endsWith('}')) {
        s.end();
        resolve(text);
      }
    });
    s.once('error', reject);
  });
}

const post = (path: string, body: unknown) => {
  const text = JSON.stringify(body);
  return `POST ${path} HTTP/1.1\r\nHost: ${new URL(t.engine.url).host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
};

describe('arrival order across endpoints', () => {
  it('a webhook pipelined between two batches is numbered between them', async () => {
    const batch = (from: number) => ({ batch: Array.from({ length: 200 }, (_, i) => ({ type: 'track', userId: 'order', event: 'Ordered', messageId: `t-${from + i}` })) });
    const answers = await pipeline(post('/v1/batch', batch(0)) + post('/webhook/productfruits', { type: 'identify', userId: 'order', messageId: 'w-1', traits: { email: 'o@example.com' } }) + post('/v1/batch', batch(200)), 3);
    expect(answers.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 200']);
    const stored = (await (await fetch(`${t.engine.url}/api/messages?limit=1000`)).json()) as { seq: number; message: { messageId: string } }[];
    const ids = stored.sort((a, b) => a.seq - b.seq).map((c) => c.message.messageId);
    expect(ids.indexOf('w-1')).toBe(200);
    expect(ids.slice(0, 200)).toEqual(Array.from({ length: 200 }, (_, i) => `t-${i}`));
    expect(ids.slice(201)).toEqual(Array.from({ length: 200 }, (_, i) => `t-${200 + i}`));
  });

  it('a webhook that arrived before a clear (its body being read, or waiting for a batch in the worker) is not stored in the emptied log', async () => {
    // Both arrived before the clear: the batch is dropped (appendIngested's clearCount), and the
    // webhook's captures go with it rather than starting the emptied log.
    const batch = { batch: Array.from({ length: 200 }, (_, i) => ({ type: 'track', userId: 'cleared', event: 'Ordered', messageId: `c-${i}` })) };
    const clear = `DELETE /api/messages HTTP/1.1\r\nHost: ${new URL(t.engine.url).host}\r\nContent-Length: 0\r\n\r\n`;
    const answers = await pipeline(post('/v1/batch', batch) + post('/webhook/productfruits', { type: 'identify', userId: 'cleared', messageId: 'w-cleared', traits: {} }) + clear, 3);
    expect(answers.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 200']);
    const after = await fetch(`${t.engine.url}/webhook/productfruits`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'identify', userId: 'after', messageId: 'w-after', traits: {} }) });
    expect(after.status).toBe(200);
    const stored = (await (await fetch(`${t.engine.url}/api/messages?limit=1000`)).json()) as { message: { messageId: string } }[];
    expect(stored.map((c) => c.message.messageId)).toEqual(['w-after']);
  });

  it('an import is numbered after the batch still in the worker when it arrived', async () => {
    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    const batch = { batch: Array.from({ length: 200 }, (_, i) => ({ type: 'track', userId: 'imported', event: 'Ordered', messageId: `b-${i}` })) };
    const lines = ['i-1', 'i-2'].map((id) => JSON.stringify({ type: 'identify', userId: 'imported', messageId: id, traits: { email: 'i@example.com' } })).join('\n') + '\n';
    const host = new URL(t.engine.url).host;
    const importRequest = `POST /api/import HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${Buffer.byteLength(lines)}\r\n\r\n${lines}`;
    const answers = await pipeline(post('/v1/batch', batch) + importRequest, 2);
    expect(answers.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']);
    const stored = (await (await fetch(`${t.engine.url}/api/messages?limit=1000`)).json()) as { seq: number; message: { messageId: string } }[];
    const ids = stored.sort((a, b) => a.seq - b.seq).map((c) => c.message.messageId);
    expect(ids).toEqual([...Array.from({ length: 200 }, (_, i) => `b-${i}`), 'i-1', 'i-2']);
  });

  it('a batch whose body was still being read when a clear came is not stored in the emptied log', async () => {
    // The DELETE pipelined after it is handled while the batch's body is read: the batch came first.
    const batch = { batch: Array.from({ length: 200 }, (_, i) => ({ type: 'track', userId: 'read', event: 'Ordered', messageId: `r-${i}` })) };
    const clear = `DELETE /api/messages HTTP/1.1\r\nHost: ${new URL(t.engine.url).host}\r\nContent-Length: 0\r\n\r\n`;
    const answers = await pipeline(post('/v1/batch', batch) + clear, 2);
    expect(answers.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']);
    const stored = (await (await fetch(`${t.engine.url}/api/messages?limit=1000`)).json()) as unknown[];
    expect(stored).toEqual([]);
  });
});
