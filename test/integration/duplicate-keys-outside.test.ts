// Keys written twice outside the messages: a batch body's own fields, and a webhook body. A second
// "batch" is refused (Segment would keep the last array and drop the other's messages without a
// word); a batch-level sentAt/context written twice, or holding a key written twice, is copied into
// each item that takes it as written, so each such message gets the warning naming both values and
// the one Segment reads; a webhook's events are stored as written. The same after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { DUPLICATE_KEY_RULE } from '../../src-shared/validate/duplicate-keys';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

async function post(path: string, body: string): Promise<{ status: number; body: { code?: string; error?: string } }> {
  const res = await fetch(`${t.engine.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Basic d2s6' }, body });
  return { status: res.status, body: (await res.json()) as { code?: string; error?: string } };
}

async function byId(): Promise<Map<string, CapturedMessage>> {
  const res = await fetch(`${t.engine.url}/api/messages`);
  return new Map(((await res.json()) as CapturedMessage[]).map((c) => [String(c.message.messageId), c]));
}

const dups = (c: CapturedMessage | undefined) => (c?.findings ?? []).filter((f) => f.rule === DUPLICATE_KEY_RULE).map((f) => [f.path, f.message]);

describe('a key written twice outside the messages', () => {
  it('a second "batch" array: refused, naming both arrays and which Segment reads; nothing stored', async () => {
    const answer = await post('/v1/batch', '{"batch":[{"type":"track","userId":"u","messageId":"lost-1","event":"A"},{"type":"track","userId":"u","messageId":"lost-2","event":"A"}],"sentAt":"2026-12-07T01:00:00.000Z","batch":[{"type":"track","userId":"u","messageId":"kept-1","event":"B"}]}');
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('batch-repeated');
    expect(answer.body.error).toBe(
      'the body writes "batch" twice (2 messages, then 1 message); Segment\'s Tracking API reads only the last and would drop the others without a word, so Eventbench refuses the request rather than store part of it: send every message in one "batch" array',
    );
    const all = await byId();
    expect(['lost-1', 'kept-1'].filter((id) => all.has(id))).toEqual([]);
  });

  it('batch-level sentAt and context: each message that takes them is warned, with both values and the last one read', async () => {
    const body =
      '{"sentAt":"2026-12-07T01:00:00.000Z","batch":[{"type":"track","userId":"u","messageId":"out-1","event":"A"},' +
      '{"type":"track","userId":"u","messageId":"out-own","event":"A","sentAt":"2026-12-07T01:00:01.000Z","context":{"ip":"1.1.1.1"}}],' +
      '"context":{"library":{"name":"a","name":"b"}},"sentAt":"2026-12-07T01:00:02.000Z"}';
    expect((await post('/v1/batch', body)).status).toBe(200);
    const check = async () => {
      const all = await byId();
      expect(dups(all.get('out-1'))).toEqual([
        ['sentAt', 'sentAt appears twice in one object ("2026-12-07T01:00:00.000Z", then "2026-12-07T01:00:02.000Z"); the last, "2026-12-07T01:00:02.000Z", is what Segment reads, and what Eventbench shows. Send the key once.'],
        ['context.library.name', 'context.library.name appears twice in one object ("a", then "b"); the last, "b", is what Segment reads, and what Eventbench shows. Send the key once.'],
      ]);
      expect(all.get('out-1')?.message.sentAt).toBe('2026-12-07T01:00:02.000Z');
      expect(all.get('out-1')?.message.context).toEqual({ library: { name: 'b' } });
      expect(all.get('out-own')?.message.context).toEqual({ library: { name: 'b' }, ip: '1.1.1.1' });
      // Merged into its own context, the batch's repeat is still there (and its own sentAt is not the batch's).
      expect(dups(all.get('out-own')).map(([path]) => path)).toEqual(['context.library.name']);
    };
    await check();
    await t.restart();
    await check();
  });

  it('a webhook body, one event or an array of them: stored as written, and warned', async () => {
    const one = await fetch(`${t.engine.url}/webhook/dup-hook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"track","userId":"u","messageId":"hook-1",\n"event":"A","event":"B"}' });
    expect(one.status).toBe(200);
    const many = await fetch(`${t.engine.url}/webhook/dup-hook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[{"type":"track","userId":"u","messageId":"hook-2","event":"A"}, {"type":"identify","userId":"u","messageId":"hook-3","traits":{"plan":"a","plan":"b"}}]' });
    expect(many.status).toBe(200);
    const check = async () => {
      const all = await byId();
      expect(dups(all.get('hook-1')).map(([path]) => path)).toEqual(['event']);
      expect(all.get('hook-1')?.message.event).toBe('B');
      expect(dups(all.get('hook-2'))).toEqual([]);
      expect(dups(all.get('hook-3')).map(([path]) => path)).toEqual(['traits.plan']);
    };
    await check();
    await t.restart();
    await check();
  });
});
