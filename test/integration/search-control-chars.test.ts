// A search for a text holding a control character (U+0000 as a script sends it, `text=%00`, or as
// the UI passes what was pasted). Search looks for the characters a message holds (README: an
// escaped character is searched as the character). JSON text holds a control character only
// escaped, and the log and the search corpus keep it so ("\u0000"): the search for the character
// itself found nothing. Now the searched text's control characters are looked for as JSON writes
// them; the escape's own text still finds the message, and after a restart (the corpus rebuilt
// from the log) the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerFrame } from '../../src-shared/api';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

/** The seqs of the messages whose text search finds `text`, over GET /api/messages. */
async function found(text: string): Promise<number[]> {
  const res = await fetch(`${t.engine.url}/api/messages?text=${encodeURIComponent(text)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { seq: number }[]).map((c) => c.seq).sort((a, b) => a - b);
}

/** The same search as the inspector sends it, over the WebSocket's messages.search command. */
async function searched(text: string): Promise<unknown> {
  const ws = new WebSocket(`${t.engine.url.replace('http', 'ws')}/ws`);
  await new Promise((resolve, reject) => ws.on('open', resolve).on('error', reject));
  const answer = new Promise<ServerFrame>((resolve) =>
    ws.on('message', (d) => {
      const frame = JSON.parse(String(d)) as ServerFrame;
      if ('id' in frame && frame.id === 1) resolve(frame);
    }),
  );
  ws.send(JSON.stringify({ id: 1, command: 'messages.search', arg: { text } }));
  const frame = await answer;
  ws.close();
  return frame;
}

describe('searching for a control character a message holds', () => {
  it('finds the message by U+0000 and the other control characters, as typed and as escaped, also after a restart', async () => {
    // JSON.stringify writes U+0000 as \u0000, U+0008 as \b, U+001F as \u001f.
    expect((await postJson(`${t.engine.url}/v1/track`, { userId: 'nul', event: 'Nul Byte', properties: { note: 'a\u0000b' } })).status).toBe(200);
    expect((await postJson(`${t.engine.url}/v1/track`, { userId: 'ctl', event: 'Controls', properties: { note: 'x\u0008y\u001fz' } })).status).toBe(200);
    // Sent escaped in upper-case hex, as another client may write it.
    const raw = await fetch(`${t.engine.url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"upper","event":"Upper Nul","properties":{"note":"c\\u0000d\\u001F"}}' });
    expect(raw.status).toBe(200);
    expect((await postJson(`${t.engine.url}/v1/track`, { userId: 'plain', event: 'Plain', properties: { note: 'a0b u0000' } })).status).toBe(200);
    const check = async () => {
      expect(await found('\u0000')).toEqual([1, 3]);
      expect(await found('a\u0000b')).toEqual([1]);
      expect(await found('\u0008y\u001F')).toEqual([2]);
      expect(await found('"note":"c\u0000d\u001f"')).toEqual([3]);
      expect(await found('\u001f')).toEqual([2, 3]);
      expect(await found('"note": "a\u0000')).toEqual([1]);
      // The escape's text is what the log holds: it finds them too.
      expect(await found('\\u0000')).toEqual([1, 3]);
      expect(await searched('A\u0000B')).toMatchObject({ ok: true, result: [1] });
    };
    await check();
    await t.restart(); // the corpus read back from the log
    await check();
  });
});
