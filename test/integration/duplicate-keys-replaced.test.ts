// A key written twice that the receiver takes out of the message or replaces (a writeKey, a
// receivedAt, a single call's type other than its path's; a batch's own writeKey): the stored
// message cannot show the repeat, so the request says it (origin.replacedKeyRepeats), over a real
// socket, the same after a restart, and never with a write key's value.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

async function post(path: string, body: string): Promise<number> {
  const res = await fetch(`${t.engine.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.text();
  return res.status;
}

async function byId(): Promise<Map<string, CapturedMessage>> {
  const res = await fetch(`${t.engine.url}/api/messages`);
  expect(res.status).toBe(200);
  return new Map(((await res.json()) as CapturedMessage[]).map((c) => [String(c.message.messageId), c]));
}

const said = (c: CapturedMessage | undefined) => (c?.origin.kind === 'tracking' ? c.origin.replacedKeyRepeats : 'not a tracking capture');

describe('a key the receiver replaces, written twice', () => {
  it('is said on the request, the same after a restart, never with the write key', async () => {
    expect(await post('/v1/track', '{"writeKey":"wk-first-secret","userId":"u","event":"E","messageId":"rp-key","writeKey":"wk-second-secret"}')).toBe(200);
    expect(await post('/v1/t', '{"type":"identify","receivedAt":"2020-01-01","userId":"u","event":"E","messageId":"rp-received-type","type":"page","receivedAt":"2021-01-01"}')).toBe(200);
    expect(
      await post(
        '/v1/batch',
        '{"writeKey":"wk-batch-secret","batch":[{"type":"track","userId":"u","event":"E","messageId":"rp-batch-0"},{"type":"track","userId":"u","event":"E","messageId":"rp-batch-1","receivedAt":1,"receivedAt":2}],"writeKey":"wk-batch-secret"}',
      ),
    ).toBe(200);
    expect(await post('/v1/track', '{"writeKey":"wk-once-secret","receivedAt":"r","userId":"u","event":"E","messageId":"rp-none","event":"F"}')).toBe(200);
    // An imported line, as a posted message.
    const imported = await fetch(`${t.engine.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{"type":"track","writeKey":"wk-import-secret","receivedAt":"a","userId":"u","event":"E","messageId":"rp-import","receivedAt":"b","writeKey":"wk-import-secret"}\n',
    });
    expect(imported.status).toBe(200);

    const check = async () => {
      const all = await byId();
      expect(said(all.get('rp-key'))).toEqual([
        'writeKey appears twice in one object (values not shown: a write key never is); the last is what Segment reads. Send the key once',
      ]);
      expect(said(all.get('rp-received-type'))).toEqual([
        'receivedAt appears twice in one object ("2020-01-01", then "2021-01-01"); the receiver sets it to the time it received the message, as Segment does, so neither is kept. Send it once, or leave it out',
        'type appears twice in one object ("identify", then "page"); a call to /v1/t is a track whatever its body says, as at Segment, so neither is kept. Send it once, or leave it out',
      ]);
      // A request's warning: every message of the batch carries it, as every one carries the write key.
      const batchSaid = [
        'writeKey appears twice in one object (values not shown: a write key never is); the last is what Segment reads. Send the key once',
        'batch[1].receivedAt appears twice in one object (1, then 2); the receiver sets it to the time it received the message, as Segment does, so neither is kept. Send it once, or leave it out',
      ];
      expect(said(all.get('rp-batch-0'))).toEqual(batchSaid);
      expect(said(all.get('rp-batch-1'))).toEqual(batchSaid);
      expect(said(all.get('rp-none'))).toBeUndefined();
      expect(said(all.get('rp-import'))).toEqual([
        'writeKey appears twice in one object (values not shown: a write key never is); the last is what Segment reads. Send the key once',
        'receivedAt appears twice in one object ("a", then "b"); the receiver sets it to the time it received the message, as Segment does, so neither is kept. Send it once, or leave it out',
      ]);
      // What the receiver does is as before: the writeKey gone, its receivedAt, the path's type.
      expect(all.get('rp-key')?.message.writeKey).toBeUndefined();
      expect(all.get('rp-received-type')?.message).toMatchObject({ type: 'track' });
      expect(all.get('rp-received-type')?.message.receivedAt).not.toBe('2021-01-01');
    };
    await check();
    const log = await readFile(join(t.dataDir, 'captures.ndjson'), 'utf8');
    expect(log).toContain('batch[1].receivedAt appears twice');
    expect(log).not.toContain('secret');
    await t.restart();
    await check();
  });
});

describe('a key the receiver replaces, written twice, is a finding', () => {
  const PAGE = '"type":"page","userId":"u","anonymousId":"a","name":"Home"';
  const problemIds = async () => {
    const res = await fetch(`${t.engine.url}/api/messages?hasProblems=true`);
    expect(res.status).toBe(200);
    return ((await res.json()) as CapturedMessage[]).map((c) => String(c.message.messageId)).filter((id) => id.startsWith('pf-'));
  };
  const replacedFindings = async (id: string) => {
    const res = await fetch(`${t.engine.url}/api/messages?messageId=${id}`);
    const [c] = (await res.json()) as CapturedMessage[];
    return c.findings.filter((f) => f.rule === 'segment.json.duplicate-key.replaced').map((f) => `${f.severity} ${f.path}: ${f.message}`);
  };

  it('"Has problems" finds the message, the same after a restart and under a workspace', async () => {
    expect(await post('/v1/page', `{"writeKey":"wk-one-secret",${PAGE},"messageId":"pf-key","writeKey":"wk-two-secret"}`)).toBe(200);
    expect(await post('/v1/page', `{"writeKey":"wk-one-secret",${PAGE},"messageId":"pf-clean"}`)).toBe(200);
    expect(await post('/v1/batch', `{"batch":[{${PAGE},"messageId":"pf-item-0"},{${PAGE},"messageId":"pf-item-1","receivedAt":1,"receivedAt":2}]}`)).toBe(200);
    const imported = await fetch(`${t.engine.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: `{${PAGE},"messageId":"pf-import","receivedAt":"a","receivedAt":"b"}\n{${PAGE},"messageId":"pf-import-clean"}\n`,
    });
    expect(imported.status).toBe(200);
    const check = async () => {
      expect(await problemIds()).toEqual(['pf-key', 'pf-item-1', 'pf-import']);
      expect(await replacedFindings('pf-key')).toEqual([
        'warning writeKey: writeKey appears twice in one object (values not shown: a write key never is); the last is what Segment reads. Send the key once.',
      ]);
      expect(await replacedFindings('pf-item-1')).toEqual([
        'warning receivedAt: batch[1].receivedAt appears twice in one object (1, then 2); the receiver sets it to the time it received the message, as Segment does, so neither is kept. Send it once, or leave it out.',
      ]);
      expect(await replacedFindings('pf-item-0')).toEqual([]);
      expect(await replacedFindings('pf-import')).toEqual([
        'warning receivedAt: receivedAt appears twice in one object ("a", then "b"); the receiver sets it to the time it received the message, as Segment does, so neither is kept. Send it once, or leave it out.',
      ]);
    };
    await check();
    await t.restart();
    await check();
    // A workspace where these messages' source is not configured: Segment's spec still applies.
    const saved = await fetch(`${t.engine.url}/api/workspace`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"sources":[{"name":"Other","kind":"custom","writeKey":"wk-other-key"}]}' });
    expect(saved.status).toBe(200);
    await check();
  });
});

describe("an imported request's item warnings past the import's write chunk", () => {
  it('stay on their item when the request is written to the log over two request lines', async () => {
    // 1,003 items of one request: the import writes 1,000 lines at a time, so its message lines
    // are written after two request lines; the warning is item 1001's, the second line's second.
    const sentence = 'batch[1001].receivedAt appears twice in one object (1, then 2); the receiver sets it to the time it received the message, as Segment does, so neither is kept. Send it once, or leave it out';
    const origin = { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'none', replacedKeyRepeats: [sentence] };
    const lines = [JSON.stringify({ request: { requestId: 'req-split', receivedAt: '2026-01-02T03:04:05.000Z', origin, headers: {} } })];
    for (let i = 0; i < 1003; i++) lines.push(JSON.stringify({ seq: i + 1, message: { type: 'track', event: 'E', userId: 'u', messageId: `split-${i}` } }));
    const imported = await fetch(`${t.engine.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: `${lines.join('\n')}\n` });
    expect(imported.status).toBe(200);
    expect(((await imported.json()) as { imported: number }).imported).toBe(1003);
    const warned = async (id: string) => {
      const res = await fetch(`${t.engine.url}/api/messages?messageId=${id}`);
      const [c] = (await res.json()) as CapturedMessage[];
      return c.findings.filter((f) => f.rule === 'segment.json.duplicate-key.replaced').map((f) => f.message);
    };
    const check = async () => {
      expect(await warned('split-1001')).toEqual([`${sentence}.`]);
      for (const id of ['split-0', 'split-1', 'split-999', 'split-1000', 'split-1002']) expect(await warned(id), id).toEqual([]);
    };
    await check();
    // Written over two request lines, the second saying where its messages' count goes on from.
    const log = await readFile(join(t.dataDir, 'captures.ndjson'), 'utf8');
    expect(log.split('\n').filter((l) => l.includes('"req-split"'))).toHaveLength(2);
    await t.restart();
    await check();
    // Its export imported back: read from its two request lines, written so again.
    const exported = await (await fetch(`${t.engine.url}/api/export`)).text();
    expect((await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' })).status).toBe(200);
    const again = await fetch(`${t.engine.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: exported });
    expect(((await again.json()) as { imported: number }).imported).toBeGreaterThanOrEqual(1003);
    await check();
    await t.restart();
    await check();
  });

  it('stay on their item when one file holds the same request twice (two exports joined): each copy counts from its own start', async () => {
    const sentence = 'batch[1].receivedAt appears twice in one object (1, then 2); the receiver sets it to the time it received the message, as Segment does, so neither is kept. Send it once, or leave it out';
    const origin = { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'none', replacedKeyRepeats: [sentence] };
    const requestLine = JSON.stringify({ request: { requestId: 'req-twice', receivedAt: '2026-01-02T03:04:05.000Z', origin, headers: {} } });
    const copy = (tag: string) => [requestLine, ...[0, 1, 2].map((i) => JSON.stringify({ seq: i + 1, message: { type: 'track', event: 'E', userId: 'u', messageId: `${tag}-${i}` } }))];
    const imported = await fetch(`${t.engine.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: `${[...copy('first'), ...copy('second')].join('\n')}\n` });
    expect(imported.status).toBe(200);
    const warned = async (id: string) => {
      const [c] = (await (await fetch(`${t.engine.url}/api/messages?messageId=${id}`)).json()) as CapturedMessage[];
      return c.findings.filter((f) => f.rule === 'segment.json.duplicate-key.replaced').length;
    };
    const check = async () => {
      for (const tag of ['first', 'second']) expect(await Promise.all([0, 1, 2].map((i) => warned(`${tag}-${i}`))), tag).toEqual([0, 1, 0]);
    };
    await check();
    await t.restart();
    await check();
  });

  it('stay on their item when a message line before it is refused (a hand edit): the refused line kept its place', async () => {
    const sentence = 'batch[2].receivedAt appears twice in one object (1, then 2); the receiver sets it to the time it received the message, as Segment does, so neither is kept. Send it once, or leave it out';
    const origin = { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'none', replacedKeyRepeats: [sentence] };
    const message = (i: number) => JSON.stringify({ seq: i + 1, message: { type: 'track', event: 'E', userId: 'u', messageId: `gap-${i}` } });
    const lines = [JSON.stringify({ request: { requestId: 'req-gap', receivedAt: '2026-01-02T03:04:05.000Z', origin, headers: {} } }), message(0), '{"seq":0,"message":{"type":"track"}}', message(2), message(3)];
    const imported = await fetch(`${t.engine.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: `${lines.join('\n')}\n` });
    expect(imported.status).toBe(200);
    const warned = async (id: string) => {
      const [c] = (await (await fetch(`${t.engine.url}/api/messages?messageId=${id}`)).json()) as CapturedMessage[];
      return c.findings.filter((f) => f.rule === 'segment.json.duplicate-key.replaced').length;
    };
    const check = async () => expect(await Promise.all(['gap-0', 'gap-2', 'gap-3'].map(warned))).toEqual([0, 1, 0]);
    await check();
    await t.restart();
    await check();
  });
});
