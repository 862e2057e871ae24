// An imported capture whose webhook origin names a webhook no webhook could be created under
// ("../../x y", empty, with a slash) was stored and listed as a webhook seen. POST /api/import now
// refuses such a line by its number, naming the name, and keeps every other line of the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

type ImportAnswer = { imported: number; errors: { line: number; message: string }[] };
const importText = async (text: string) => {
  const r = await fetch(`${t.engine.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: text });
  return { status: r.status, body: (await r.json()) as ImportAnswer };
};
const hook = (webhook: string) => ({ kind: 'webhook', endpoint: `/webhook/${webhook}`, webhook, signature: { status: 'no-secret' } });
const capture = (seq: number, webhook: string, event: string) =>
  JSON.stringify({ seq, receivedAt: '2026-05-01T10:00:00.000Z', origin: hook(webhook), headers: {}, message: { type: 'track', userId: 'u', event } });

describe('import: a webhook origin must name a webhook one could create', () => {
  it('refuses "../../x y", an empty name and one with a slash by line; stores the rest', async () => {
    const lines = [
      capture(1, 'pf', 'Kept 1'),
      capture(2, '../../x y', 'Bad dots'),
      JSON.stringify({ type: 'track', userId: 'u', event: 'Kept 2' }),
      capture(4, '', 'Bad empty'),
      // A request line with the bad name: refused, and its message line with it.
      JSON.stringify({ request: { requestId: 'r-1', receivedAt: '2026-05-01T10:00:00.000Z', origin: hook('a/b'), headers: {} } }),
      JSON.stringify({ seq: 6, message: { type: 'track', userId: 'u', event: 'Bad slash' } }),
      capture(7, 'pf_2', 'Kept 3'),
    ];
    const { status, body } = await importText(lines.join('\n'));
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      { line: 2, message: 'not a captured message: "origin.webhook" is no webhook name: "../../x y" holds ".": a name may use only letters, digits, "-" and "_" (it is part of the URL)' },
      { line: 4, message: 'not a captured message: "origin.webhook" is no webhook name: "" is empty' },
      { line: 5, message: 'not a request line: "origin.webhook" is no webhook name: "a/b" holds "/": a name may use only letters, digits, "-" and "_" (it is part of the URL)' },
      { line: 6, message: 'its request line (line 5) was refused; not imported' },
    ]);
    expect(body.imported).toBe(3);

    const messages = (await (await fetch(`${t.engine.url}/api/messages`)).json()) as { message: { event: string } }[];
    expect(messages.map((m) => m.message.event)).toEqual(['Kept 1', 'Kept 2', 'Kept 3']);
    const workspace = (await (await fetch(`${t.engine.url}/api/workspace`)).json()) as { seen: { webhook?: string }[] };
    expect(workspace.seen.flatMap((s) => (s.webhook === undefined ? [] : [s.webhook])).sort()).toEqual(['pf', 'pf_2']);
  });
});
