// One message's time over a real engine, read the same by every part of it: the inspector's event
// time (messages.eventTimes) and the sessions. The file runs with TZ=America/New_York (set here, and
// put back after), so a time without an offset read as local time would show 4 hours off.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { parseIsoTime } from '../../src-shared/tracking-api/time';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let zoneBefore: string | undefined;
beforeAll(() => {
  zoneBefore = process.env.TZ;
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  if (zoneBefore === undefined) delete process.env.TZ;
  else process.env.TZ = zoneBefore;
});

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
});
afterEach(() => t.dispose());

const AUTH = { authorization: `Basic ${Buffer.from('wk:').toString('base64')}` };
const captures = async (): Promise<CapturedMessage[]> => (await (await fetch(`${t.engine.url}/api/messages`)).json()) as CapturedMessage[];
const byMessageId = async () => new Map((await captures()).map((c) => [c.message.messageId as string, c]));

describe('messages.eventTimes', () => {
  it('falls back to timestamp when originalTimestamp is there but unreadable, as sessions and eventTime() do', async () => {
    expect(new Date(2026, 4, 1, 10).getTime()).toBe(Date.UTC(2026, 4, 1, 14)); // the zone is in effect
    const batch = [
      { type: 'track', event: 'A', anonymousId: 'a1', messageId: 'unreadable', originalTimestamp: 'soon', timestamp: '2026-05-01T10:00:00' },
      { type: 'track', event: 'B', anonymousId: 'a2', messageId: 'number', originalTimestamp: 1_000, timestamp: '2026-05-01T10:00:00.5+02:00' },
      { type: 'track', event: 'C', anonymousId: 'a3', messageId: 'both', originalTimestamp: '2026-05-01T09:00:00', timestamp: '2026-05-01T10:00:00Z' },
      { type: 'track', event: 'D', anonymousId: 'a4', messageId: 'neither', originalTimestamp: 'soon', timestamp: '1/5/2026' },
    ];
    expect((await postJson(`${t.engine.url}/v1/batch`, { batch }, AUTH)).status).toBe(200);
    const got = await byMessageId();
    const ids = batch.map((m) => m.messageId);
    const times = await t.engine.call('messages.eventTimes', { seqs: ids.map((id) => got.get(id)!.seq) });
    expect(times).toEqual(['2026-05-01T10:00:00', '2026-05-01T10:00:00.5+02:00', '2026-05-01T09:00:00', null]);

    // The sessions read the same instants: an offset-less time is UTC, not New York time.
    const sessions = (await (await fetch(`${t.engine.url}/api/sessions`)).json()) as { anonymousId: string; start: string }[];
    const start = Object.fromEntries(sessions.map((s) => [s.anonymousId, s.start]));
    expect(start).toMatchObject({ a1: '2026-05-01T10:00:00.000Z', a2: '2026-05-01T08:00:00.500Z', a3: '2026-05-01T09:00:00.000Z' });
    for (const [i, text] of times.entries()) if (text !== null) expect(new Date(parseIsoTime(text)!).toISOString()).toBe(start[`a${i + 1}`]);
  });
});
