// Import is bounded and never blocks the receiver: the first 100 bad lines are reported with a
// count of all of them, a message over 32 KB is refused by line as ingest refuses it, and the API
// keeps answering while a large import runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const importText = async (text: string) => (await (await fetch(`${t.engine.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: text })).json()) as { imported: number; errors: { line: number; message: string }[]; errorCount?: number };

// Large imports: a timeout here catches a hang, not slowness (a loaded machine took 20 s).
describe('bounded import', { timeout: 90_000 }, () => {
  it('reports the first 100 bad lines and counts them all', async () => {
    const r = await importText(Array.from({ length: 10_000 }, (_, i) => `not json ${i}`).join('\n'));
    expect(r.imported).toBe(0);
    expect(r.errors).toHaveLength(100);
    expect(r.errors[0].line).toBe(1);
    expect(r.errors[99].line).toBe(100);
    expect(r.errorCount).toBe(10_000);
  });

  it('refuses a message over 32 KB by its line, as the Tracking API would', async () => {
    const big = JSON.stringify({ type: 'track', userId: 'u', event: 'Big', properties: { pad: 'x'.repeat(33_000) } });
    const r = await importText([JSON.stringify({ type: 'track', userId: 'u', event: 'Small' }), big].join('\n'));
    expect(r.imported).toBe(1);
    expect(r.errors).toEqual([{ line: 2, message: expect.stringMatching(/^the message is [\d,]+ bytes; Segment's limit is 32 KB/) }]);
    expect(r.errorCount).toBeUndefined();
  });

  it('the API answers while a large import runs', async () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => JSON.stringify({ type: 'track', userId: `u-${i % 100}`, event: 'Imported', properties: { i } })).join('\n');
    const order: string[] = [];
    const importing = importText(lines).then((r) => {
      order.push('import');
      return r;
    });
    // Ask once the import has started writing.
    for (let i = 0; i < 500; i++) {
      const n = ((await (await fetch(`${t.engine.url}/api/health`)).json()) as { messageCount: number }).messageCount;
      if (n > 1) break;
    }
    const health = await fetch(`${t.engine.url}/api/health`);
    order.push('health');
    expect(health.status).toBe(200);
    expect((await importing).imported).toBe(60_000);
    expect(order).toEqual(['health', 'import']);
  });

  it('a file imported again onto a log of over 65,536 messages: the look for its messageIds goes on past the turns it gives the event loop', async () => {
    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    // The look yields every 65,536 rows: the repeat sits past the first yield.
    const track = (i: number) => JSON.stringify({ type: 'track', userId: `u-${i % 100}`, event: 'Imported', messageId: `big-${i}` });
    const n = 66_000;
    expect((await importText(Array.from({ length: n }, (_, i) => track(i)).join('\n'))).imported).toBe(n);
    const [last] = (await (await fetch(`${t.engine.url}/api/messages?limit=1`)).json()) as { seq: number; message: { messageId: string } }[];
    expect(last.message.messageId).toBe(`big-${n - 1}`);
    expect(await importText([JSON.stringify({ type: 'track', userId: 'u', event: 'New', messageId: 'big-new' }), track(n - 1)].join('\n'))).toEqual({
      imported: 2,
      errors: [],
      warnings: [{ line: 2, message: expect.stringMatching(new RegExp(`^messageId "big-${n - 1}" was already in the log \\(#${last.seq}\\): this file, or part of it, was imported before`)) }],
    });
  });
});
