// The forwarding status' pending count, kept up to date from what changed (not a scan from the
// cursor on every status call): captures of the source and of others, a workspace change that
// moves messages between sources, and a clear. A source with no forward key never advances its
// cursor, so its pending count is exactly its captures.
import { afterEach, describe, expect, it } from 'vitest';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
afterEach(async () => {
  await t.dispose();
});

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
async function send(key: string, n: number): Promise<void> {
  const batch = Array.from({ length: n }, (_, i) => ({ type: 'track', event: 'E', userId: `u${i}` }));
  expect((await postJson(`${t.engine.url}/v1/batch`, { batch }, basic(key))).status).toBe(200);
}
const pending = async () => Object.fromEntries((await t.engine.call('forward.status', undefined)).map((s) => [s.sourceId, [s.state, s.pending]]));
const source = (id: string, writeKey: string) => ({ id, name: id, kind: 'custom' as const, writeKey, destinations: [], forward: { to: 'us' } as never });

describe('forwarding: pending counts', () => {
  it('follow captures, a workspace change and a clear', async () => {
    t = await startTestEngine();
    await t.engine.call('workspace.save', { sources: [source('a', 'key_aaaaaaaa'), source('b', 'key_bbbbbbbb')] });
    await send('key_aaaaaaaa', 30);
    await send('key_bbbbbbbb', 5);
    await send('key_other_1', 7);
    expect(await pending()).toEqual({ a: ['no-key', 30], b: ['no-key', 5] });
    await send('key_aaaaaaaa', 4);
    expect(await pending()).toEqual({ a: ['no-key', 34], b: ['no-key', 5] });
    // b now stands for the other key: its messages are those.
    await t.engine.call('workspace.save', { sources: [source('a', 'key_aaaaaaaa'), source('b', 'key_other_1')] });
    expect(await pending()).toEqual({ a: ['no-key', 34], b: ['no-key', 7] });
    await t.engine.call('messages.clear', undefined);
    expect(await pending()).toEqual({ a: ['no-key', 0], b: ['no-key', 0] });
    await send('key_other_1', 2);
    expect(await pending()).toEqual({ a: ['no-key', 0], b: ['no-key', 2] });
  });
});
