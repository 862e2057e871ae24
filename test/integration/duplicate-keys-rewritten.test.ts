// A key written twice in a message the receiver does not store as sent: a batch item's writeKey
// taken out, the client's own receivedAt replaced, a batch-level context merged into the item's, a
// single call's writeKey or other type, an imported line with a writeKey or a receivedAt, an
// imported capture line. Each used to be written anew from the parsed message (the last value
// only), so the repeat went unseen; now the stored text keeps what the client wrote and only the
// rewritten member changes, so the same warning is derived from it, and again after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { DUPLICATE_KEY_RULE } from '../../src-shared/validate/duplicate-keys';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

async function post(path: string, body: string, contentType = 'application/json'): Promise<number> {
  const res = await fetch(`${t.engine.url}${path}`, { method: 'POST', headers: { 'content-type': contentType, authorization: 'Basic d2s6' }, body });
  await res.text();
  return res.status;
}

async function byId(): Promise<Map<string, CapturedMessage>> {
  const res = await fetch(`${t.engine.url}/api/messages`);
  expect(res.status).toBe(200);
  return new Map(((await res.json()) as CapturedMessage[]).map((c) => [String(c.message.messageId), c]));
}

const dupPaths = (c: CapturedMessage | undefined) => (c?.findings ?? []).filter((f) => f.rule === DUPLICATE_KEY_RULE).map((f) => f.path);
const dupMessages = (c: CapturedMessage | undefined) => (c?.findings ?? []).filter((f) => f.rule === DUPLICATE_KEY_RULE).map((f) => f.message);
const TWICE = '"event":"Signed Up","event":"Order Completed"';
const EVENT_TWICE = 'event appears twice in one object ("Signed Up", then "Order Completed"); the last, "Order Completed", is what Segment reads, and what Eventbench shows. Send the key once.';

describe('a key written twice in a message the receiver rewrites', () => {
  it('is still found, with its path, every value and the one read, and the same after a restart', async () => {
    // A batch item with its own writeKey (analytics.js puts one in each).
    expect(await post('/v1/batch', `{"batch":[{"writeKey":"wk","type":"track","userId":"u","messageId":"rw-key",${TWICE}}]}`)).toBe(200);
    // The client's own receivedAt (Segment sets its own).
    expect(await post('/v1/track', `{"userId":"u","messageId":"rw-received","receivedAt":"2020-01-01T00:00:00.000Z",${TWICE}}`)).toBe(200);
    // A batch-level context merged into the item's (with a repeat inside the item's context), spread over lines.
    expect(
      await post(
        '/v1/batch',
        `{"batch":[{"type":"track","userId":"u","messageId":"rw-merged",\n"context":{"traits":{"email":"a@x.io","email":"b@x.io"}},${TWICE}}],"context":{"library":{"name":"lib","version":12345678901234567890}},"sentAt":"2026-12-07T01:00:00.000Z"}`,
      ),
    ).toBe(200);
    // A single call with a writeKey in its body, and one whose type is not its path's.
    expect(await post('/v1/track', `{"writeKey":"wk","userId":"u","messageId":"rw-single-key",${TWICE}}`)).toBe(200);
    expect(await post('/v1/track', `{"type":"identify","userId":"u","messageId":"rw-type",${TWICE}}`)).toBe(200);
    // Imported: a Segment message with a writeKey, one with its own receivedAt, and a capture line.
    const capLine = `{"seq":1,"requestId":"r1","receivedAt":"2026-12-07T01:00:00.000Z","origin":{"kind":"tracking","endpoint":"/v1/track","writeKeySource":"none"},"headers":{},"messageIdAssigned":false,"dropReasons":[],"message":{"type":"track","userId":"u","messageId":"rw-imp-capture","receivedAt":"2026-12-07T01:00:00.000Z",${TWICE}}}`;
    const ndjson = [
      `{"type":"track","writeKey":"wk","userId":"u","messageId":"rw-imp-key",${TWICE}}`,
      `{"type":"track","userId":"u","messageId":"rw-imp-received","receivedAt":"2020-01-01T00:00:00.000Z",${TWICE}}`,
      `{"type":"track","userId":"u","messageId":"rw-imp-plain",${TWICE}}`,
      capLine,
    ].join('\n');
    expect(await post('/api/import', ndjson, 'application/x-ndjson')).toBe(200);

    const check = async () => {
      const all = await byId();
      for (const id of ['rw-key', 'rw-received', 'rw-single-key', 'rw-type', 'rw-imp-key', 'rw-imp-received', 'rw-imp-plain', 'rw-imp-capture']) {
        expect([id, dupPaths(all.get(id))]).toEqual([id, ['event']]);
        expect(dupMessages(all.get(id))).toEqual([EVENT_TWICE]);
        expect(all.get(id)?.message.event).toBe('Order Completed');
      }
      const merged = all.get('rw-merged');
      expect(dupPaths(merged)).toEqual(['context.traits.email', 'event']);
      // Read as before: the batch's context merged in, the last values, the client's digits.
      expect(merged?.message.context).toEqual({ library: { name: 'lib', version: 12345678901234567890 }, traits: { email: 'b@x.io' } });
      const exact = (await t.engine.call('messages.get', { seq: merged!.seq })) as CapturedMessage;
      expect(exact.messageJson).toContain('"version":12345678901234567890');
      expect(merged?.message.sentAt).toBe('2026-12-07T01:00:00.000Z');
      // What was rewritten is as before: no writeKey kept, the path's type, the receiver's receivedAt.
      expect(all.get('rw-key')?.message.writeKey).toBeUndefined();
      expect(all.get('rw-single-key')?.message.writeKey).toBeUndefined();
      expect(all.get('rw-imp-key')?.message.writeKey).toBeUndefined();
      expect(all.get('rw-type')?.message.type).toBe('track');
      expect(all.get('rw-received')?.message.receivedAt).not.toBe('2020-01-01T00:00:00.000Z');
      expect(all.get('rw-imp-received')?.message.receivedAt).not.toBe('2020-01-01T00:00:00.000Z');
    };
    await check();
    await t.restart();
    await check();
  });
});
