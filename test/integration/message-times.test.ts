// One message's time over a real engine, read the same by every part of it: the inspector's event
// time (messages.eventTimes) and the sessions. The file runs with TZ=America/New_York (set here, and
// put back after), so a time without an offset read as local time would show 4 hours off.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src-main/replay/load';
import { runScenario } from '../../src-main/replay/scenario-runner';
import type { CapturedMessage } from '../../src-shared/capture';
import { deliveredForm } from '../../src-shared/delivered';
import { parseIsoTime } from '../../src-shared/tracking-api/time';
import { eventually, postJson, startTestEngine, type TestEngine } from './helpers/engine';

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

describe('replay', () => {
  it('sends a stored message as a client would now: a fresh sentAt, so no clock-skew note and the event time kept', async () => {
    // Captured a month ago (its batch's sentAt is copied into the stored message), replayed now.
    const monthAgo = Date.now() - 30 * 24 * 3_600_000;
    const timestamp = new Date(monthAgo).toISOString();
    const oldSentAt = new Date(monthAgo + 1_000).toISOString();
    const sent = { type: 'track', event: 'Replayed', userId: 'u-replay', anonymousId: 'anon-replay', messageId: 'replay-original', timestamp };
    expect((await postJson(`${t.engine.url}/v1/batch`, { batch: [sent], sentAt: oldSentAt }, AUTH)).status).toBe(200);
    const original = (await byMessageId()).get('replay-original')!;
    expect(original.message.sentAt).toBe(oldSentAt);
    // The original was sent with a clock a month behind the receipt: that one is noted.
    expect(original.findings.map((f) => f.rule)).toContain('segment.sentAt.clock-skew');

    const { replaying, sendIds } = await t.engine.call('messages.replay', { seqs: [original.seq], target: { kind: 'local' } });
    expect([replaying, sendIds.length]).toEqual([1, 1]);
    const replayed = await eventually(t.engine, async () => (await captures()).find((c) => c.message.event === 'Replayed' && c.seq !== original.seq));

    expect(replayed.message.timestamp).toBe(timestamp); // the event's own time is kept
    expect(replayed.message.sentAt).not.toBe(oldSentAt);
    expect(Math.abs(parseIsoTime(replayed.message.sentAt)! - parseIsoTime(replayed.receivedAt)!)).toBeLessThan(60_000);
    expect(replayed.findings.filter((f) => f.rule === 'segment.sentAt.clock-skew')).toEqual([]);
    // What Segment would deliver: timestamp corrected by (sentAt − its event time) stays a month ago,
    // where the old sentAt moved it to the replay's moment.
    const delivered = deliveredForm(replayed.message);
    expect(Math.abs(parseIsoTime(delivered.message.timestamp)! - monthAgo)).toBeLessThan(60_000);
  });
});

describe('a scenario saved from captures', () => {
  it('run at another moment (its start moved on a month), sends no old sentAt: no clock-skew note', async () => {
    const sentAt = new Date().toISOString();
    const sent = { type: 'track', event: 'Saved', userId: 'u-saved', messageId: 'saved-original', timestamp: sentAt };
    expect((await postJson(`${t.engine.url}/v1/batch`, { batch: [sent], sentAt }, AUTH)).status).toBe(200);
    const original = (await byMessageId()).get('saved-original')!;
    expect(original.findings.filter((f) => f.rule === 'segment.sentAt.clock-skew')).toEqual([]);

    const { text } = await t.engine.call('messages.toScenario', { seqs: [original.seq], name: 'saved' });
    expect(text).not.toContain('sentAt');
    const monthLater = new Date(Date.now() + 30 * 24 * 3_600_000).toISOString();
    const moved = text.replace(/^start: .*$/m, `start: ${monthLater}`);
    expect(moved).toContain(`start: ${monthLater}`);
    const loaded = loadScenario(moved, 'saved.scenario.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
    const result = await runScenario({ api: t.engine, url: t.engine.url }, loaded.scenario);
    expect(result.passed).toBe(true);
    const rerun = await t.engine.call('messages.get', { seq: result.steps[0].seqs![0] });
    expect(rerun?.receivedAt).toBe(new Date(Date.parse(monthLater)).toISOString());
    expect(rerun?.message.sentAt).toBeUndefined(); // it was the capture's; the scenario posts to /v1/track without one
    expect(rerun?.findings.filter((f) => f.rule === 'segment.sentAt.clock-skew')).toEqual([]);
  });
});
