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

// A week date, an ordinal date, hour 24 and the basic format are ISO-8601 but not RFC 3339: the
// finding said the field "must be an ISO-8601 date-time string" when it is one.
describe('ISO-8601 forms RFC 3339 leaves out, sent to the receiver', () => {
  it('each is named in the finding, with the time to send instead', async () => {
    const sent = ['2026-W01-3T10:00:00Z', '2025-365T10:00:00Z', '2025-12-31T24:00:00Z', '20251231T100000Z'];
    const res = await postJson(`${t.engine.url}/v1/batch`, { batch: sent.map((originalTimestamp, i) => ({ type: 'track', event: 'Odd', anonymousId: `odd-${i}`, userId: 'u', originalTimestamp, messageId: `odd-${i}` })) }, AUTH);
    expect(res.status).toBe(200);
    const got = await byMessageId();
    const why = (i: number) => got.get(`odd-${i}`)!.findings.find((f) => f.rule === 'segment.base.originalTimestamp.iso8601')?.message;
    expect(why(0)).toContain('2026-W01-3 is a week date (ISO-8601 has it; RFC 3339, the form Segment\'s libraries send, does not); send the calendar date: 2025-12-31T10:00:00Z');
    expect(why(1)).toContain('2025-365 is an ordinal date (the day of the year)');
    expect(why(1)).toContain('send the calendar date: 2025-12-31T10:00:00Z');
    expect(why(2)).toContain('hour 24 (the end of a day)');
    expect(why(2)).toContain('send 00:00 of the next day: 2026-01-01T00:00:00Z');
    expect(why(3)).toContain('20251231T100000Z is the basic format');
    expect(why(3)).toContain('send 2025-12-31T10:00:00Z');
  });
});

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
