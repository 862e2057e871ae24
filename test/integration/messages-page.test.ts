// `messages.page` over the real engine and its WebSocket: the same rows as `messages.list`,
// paged by seq, and bad arguments get an error naming the argument.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { MessagePage } from '../../src-shared/api';
import { decodeSummaries } from '../../src-shared/summary-columns';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function fill(url: string): Promise<void> {
  const batch = Array.from({ length: 250 }, (_, i) => ({ type: i % 5 ? 'track' : 'identify', userId: `u${i % 7}`, event: `E ${i % 3}`, traits: { email: `p${i}@x.io` } }));
  expect((await postJson(`${url}/v1/batch`, { batch }, { authorization: `Basic ${btoa('wk-123456789:')}` })).status).toBe(200);
  expect((await postJson(`${url}/v1/track`, { event: 'no identity' })).status).toBe(200);
  expect((await postJson(`${url}/webhook/pf`, [{ type: 'track', userId: 'w', event: 'Hook' }])).status).toBe(200);
}

describe('messages.page', () => {
  it('decodes to exactly what messages.list returns, in one page or several', async () => {
    t = await startTestEngine();
    await fill(t.engine.url);
    const list = await t.engine.call('messages.list', undefined);
    expect(list).toHaveLength(252);

    const all = await t.engine.call('messages.page', {});
    expect(all.total).toBe(252);
    expect(all.lastSeq).toBe(list.at(-1)!.seq);
    expect(decodeSummaries(all.columns)).toEqual(list);

    const pages = [];
    for (let after = 0; ; ) {
      const p = await t.engine.call('messages.page', { afterSeq: after, limit: 100 });
      if (p.columns.count === 0) break;
      const rows = decodeSummaries(p.columns);
      pages.push(rows.length);
      after = rows.at(-1)!.seq;
    }
    expect(pages).toEqual([100, 100, 52]);
  });

  it('travels over the WebSocket transport as JSON and keeps its meaning', async () => {
    t = await startTestEngine();
    await fill(t.engine.url);
    const ws = new WebSocket(`${t.engine.url.replace('http', 'ws')}/ws`);
    await new Promise((r) => ws.once('open', r));
    // Event frames (derived views catching up) may come first: wait for the reply to this id.
    const reply = new Promise<{ id: number; ok: boolean; result: MessagePage }>((r) =>
      ws.on('message', (d) => {
        const frame = JSON.parse(String(d));
        if (frame.id === 7) r(frame);
      }),
    );
    ws.send(JSON.stringify({ id: 7, command: 'messages.page', arg: { afterSeq: 250 } }));
    const frame = await reply;
    ws.close();
    expect(frame.ok).toBe(true);
    const rows = decodeSummaries(frame.result.columns);
    expect(rows.map((r) => [r.seq, r.name, r.dropCodes, r.origin])).toEqual([
      [251, 'no identity', ['missing-identity'], 'tracking'],
      [252, 'Hook', [], 'webhook'],
    ]);
  });

  it('names the bad argument', async () => {
    t = await startTestEngine();
    await expect(t.engine.call('messages.page', { afterSeq: -1 })).rejects.toThrow('afterSeq must be a whole number, 0 or more (0: from the start), not -1');
    await expect(t.engine.call('messages.page', { limit: 0 })).rejects.toThrow('limit must be a positive whole number, not 0');
    expect((await t.engine.call('messages.page', undefined)).columns.count).toBe(0);
  });
});
