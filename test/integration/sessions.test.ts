// Sessions through the real receiver, with the simulation clock driven over the automation API:
// timeouts arrive on the engine's event stream at the right moment of the clock, with the right
// durations and module times, and a restart derives the same sessions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src-shared/api';
import { eventually, postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
let events: EngineEvent[];
const T0 = Date.parse('2026-01-01T09:00:00.000Z');
const MIN = 60_000;

beforeEach(async () => {
  t = await startTestEngine();
  events = [];
  t.engine.subscribe((e) => events.push(e));
});
afterEach(() => t.dispose());

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${t.engine.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
};
const clock = (body: unknown) => api('POST', '/api/clock', body);
const track = (anonymousId: string, event: string, module?: string, extra: Record<string, unknown> = {}) =>
  postJson(`${t.engine.url}/v1/track`, { anonymousId, userId: 'u-1', event, ...(module ? { properties: { module } } : {}), ...extra }, { authorization: `Basic ${Buffer.from('wk:').toString('base64')}` });
const timedOut = () => events.filter((e) => e.name === 'sessions.timedOut').map((e) => e.payload as any);

describe('sessions on the simulation clock', () => {
  it('stamps receipts with simulated time and announces a timeout when the clock passes it', async () => {
    expect((await clock({ action: 'pause' })).status).toBe(200);
    const set = await clock({ action: 'set', to: new Date(T0).toISOString() });
    expect(set.json).toMatchObject({ mode: 'paused', now: '2026-01-01T09:00:00.000Z', nowMs: T0 });

    await track('anon-1', 'Invoice Opened', 'Billing');
    await clock({ action: 'advance', ms: 12 * MIN });
    await track('anon-1', 'Invoice Paid', 'Billing');

    const [open] = (await api('GET', '/api/sessions?anonymousId=anon-1')).json;
    expect(open).toMatchObject({ id: 'anon-1#1', state: 'open', durationMs: 12 * MIN, remainingMs: 30 * MIN, start: '2026-01-01T09:00:00.000Z', end: '2026-01-01T09:12:00.000Z' });
    expect((await api('GET', '/api/clock')).json.nextTimeout).toBe('2026-01-01T09:42:00.000Z');

    // One minute short of the timeout: still open, nothing announced.
    await clock({ action: 'advance', ms: 29 * MIN });
    expect(timedOut()).toEqual([]);
    expect((await api('GET', '/api/sessions?state=open')).json).toHaveLength(1);

    // A gap equal to the timeout ends the session.
    await clock({ action: 'advance', ms: 1 * MIN });
    const [event] = await eventually(t.engine, () => (timedOut().length > 0 ? timedOut() : undefined));
    expect(event).toMatchObject({ id: 'anon-1#1', state: 'timedOut', durationMs: 12 * MIN, moduleTimes: [{ key: 'Billing', ms: 12 * MIN }] });
    expect(timedOut()).toHaveLength(1);
    expect((await api('GET', '/api/sessions?state=timedOut')).json.map((s: any) => s.id)).toEqual(['anon-1#1']);

    // A later message opens a new session for the same anonymousId.
    await track('anon-1', 'Dashboard Viewed', 'Dashboard');
    expect((await api('GET', '/api/sessions?anonymousId=anon-1')).json.map((s: any) => [s.id, s.state])).toEqual([
      ['anon-1#2', 'open'],
      ['anon-1#1', 'timedOut'],
    ]);
  });

  it('jumps to the next timeout, and runs at 600x until a timeout fires by itself', async () => {
    await clock({ action: 'pause' });
    await clock({ action: 'set', to: T0 });
    expect((await api('PUT', '/api/sessions/settings', { timeoutMs: MIN })).json).toEqual({ timeoutMs: MIN });
    await track('a', 'One', 'Reports');
    await clock({ action: 'advance', ms: 20_000 });
    await track('b', 'Two', 'Reports');

    const jumped = await clock({ action: 'nextTimeout' });
    expect(jumped.json.now).toBe(new Date(T0 + MIN).toISOString());
    await eventually(t.engine, () => timedOut().length === 1);
    expect(timedOut()[0]).toMatchObject({ id: 'a#1', durationMs: 0 });

    // b times out 20 simulated seconds later: at 600x that is about 33 real ms.
    const ran = await clock({ action: 'run', speed: 600 });
    expect(ran.json).toMatchObject({ mode: 'running', speed: 600 });
    await eventually(t.engine, () => timedOut().length === 2);
    expect(timedOut()[1]).toMatchObject({ id: 'b#1', state: 'timedOut' });
    const clockNow = (await api('GET', '/api/clock')).json.nowMs;
    expect(clockNow).toBeGreaterThanOrEqual(T0 + 20_000 + MIN);

    // With nothing left open, "next timeout" says so.
    await clock({ action: 'pause' });
    const none = await clock({ action: 'nextTimeout' });
    expect(none).toMatchObject({ status: 400, json: { where: 'action' } });
  });

  it('as fast as possible: every pending timeout is announced in order, then the clock pauses', async () => {
    await clock({ action: 'pause' });
    await clock({ action: 'set', to: T0 });
    for (let i = 0; i < 5; i++) {
      await track(`v-${i}`, 'Seen', 'Home');
      await clock({ action: 'advance', ms: 7 * MIN });
    }
    await clock({ action: 'run', speed: 'max' });
    await eventually(t.engine, () => timedOut().length === 5);
    expect(timedOut().map((s) => s.id)).toEqual(['v-0#1', 'v-1#1', 'v-2#1', 'v-3#1', 'v-4#1']);
    const after = await eventually(t.engine, async () => {
      const c = (await api('GET', '/api/clock')).json;
      return c.mode === 'paused' ? c : undefined;
    });
    expect(after.nowMs).toBe(T0 + 4 * 7 * MIN + 30 * MIN);
  });

  it('derives the same sessions after a restart, and re-derives them when the timeout changes', async () => {
    await clock({ action: 'pause' });
    await clock({ action: 'set', to: T0 });
    await track('r', 'A', 'M1');
    await clock({ action: 'advance', ms: 10 * MIN });
    await track('r', 'B', 'M2', { groupId: 'acme' });
    await clock({ action: 'advance', ms: 20 * MIN });
    await track('r', 'C', 'M2');
    const before = (await api('GET', '/api/sessions')).json;
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ durationMs: 30 * MIN, account: 'acme', moduleTimes: [{ key: 'M1', ms: 10 * MIN }, { key: 'M2', ms: 20 * MIN }] });

    await t.restart();
    expect((await api('GET', '/api/clock')).json).toMatchObject({ mode: 'paused', nowMs: T0 + 30 * MIN });
    expect((await api('GET', '/api/sessions')).json).toEqual(before);

    // A 15-minute timeout splits the 20-minute gap: two sessions.
    await api('PUT', '/api/sessions/settings', { timeoutMs: 15 * MIN });
    const after = (await api('GET', '/api/sessions')).json;
    expect(after.map((s: any) => [s.id, s.durationMs])).toEqual([
      ['r#2', 0],
      ['r#1', 10 * MIN],
    ]);
  });

  it('a message stamped at the last moment a Date can hold does not break the clock: its timeout is given in the same ISO form, past that moment', async () => {
    expect((await track('edge', 'Far', undefined, { timestamp: '+275760-09-13T00:00:00.000Z' })).status).toBe(200);
    const got = await api('GET', '/api/clock');
    expect(got.status).toBe(200);
    expect(got.json.nextTimeout).toBe('+275760-09-13T00:30:00.000Z');
    const sessions = await api('GET', '/api/sessions?anonymousId=edge');
    expect(sessions.status).toBe(200);
    // It was the ms as digits, 8640000001800000, beside a start in ISO.
    expect(sessions.json[0]).toMatchObject({ start: '+275760-09-13T00:00:00.000Z', timeoutAt: '+275760-09-13T00:30:00.000Z' });
    await t.restart();
    expect((await api('GET', '/api/clock')).status).toBe(200);
  });

  // A session whose timeout is past the clock's last moment (year 9999) can never time out on it:
  // Max jumped there anyway, and the clock stood outside its range (at 8.64e15 + 30 min every
  // receipt then failed with a 500 "internal error: Invalid time value"; at year 10000 a restart
  // named simulation.json damaged and set the clock back to live).
  it.each([
    ['9999-12-31T23:59:59.000Z', '+010000-01-01T00:29:59.000Z'],
    ['+275760-09-13T00:00:00.000Z', '+275760-09-13T00:30:00.000Z'],
  ])('Max stops before a timeout past the clock\'s range (a message dated %s): the reachable ones time out, captures go on, a restart keeps the clock', async (timestamp, unreachable) => {
    await clock({ action: 'pause' });
    await clock({ action: 'set', to: T0 });
    await track('near', 'Seen', 'Home');
    await track('never', 'Seen', 'Home', { timestamp });
    await clock({ action: 'run', speed: 'max' });
    const after = await eventually(t.engine, async () => {
      const c = (await api('GET', '/api/clock')).json;
      return c.mode === 'paused' ? c : undefined;
    });
    expect(after).toMatchObject({ nowMs: T0 + 30 * MIN, nextTimeout: unreachable });
    expect(timedOut().map((s) => s.id)).toEqual(['near#1']);

    // Next timeout cannot go there either: it says why, and the clock stays.
    const refused = await clock({ action: 'nextTimeout' });
    expect(refused).toMatchObject({ status: 400, json: { where: 'action' } });
    expect(refused.json.error).toBe(`the next open session times out at ${unreachable}, after the last moment the clock can stand at (9999-12-31T00:00:00.000Z): a message dated that late keeps its session open on this clock`);
    expect((await api('GET', '/api/clock')).json.nowMs).toBe(T0 + 30 * MIN);
    expect((await track('after', 'Seen', 'Home')).status).toBe(200);
    expect((await api('GET', '/api/sessions?anonymousId=after')).json[0]).toMatchObject({ start: new Date(T0 + 30 * MIN).toISOString() });

    await t.restart();
    expect((await api('GET', '/api/health')).json.storeWarnings).toEqual([]);
    expect((await api('GET', '/api/clock')).json).toMatchObject({ mode: 'paused', nowMs: T0 + 30 * MIN });
  });

  it('leaves out what Segment drops: a retried batch (the same messageIds) and a track without event never reach Freshsuccess', async () => {
    await clock({ action: 'pause' });
    await clock({ action: 'set', to: T0 });
    // analytics-python's batch; its answer lost (a proxy's 502, a timeout), it sends the same
    // messages again with a new sentAt: Segment keeps the first of each messageId.
    const at = (min: number) => new Date(T0 + min * MIN).toISOString();
    const batch = (sentAt: string) => ({
      batch: [
        { type: 'track', anonymousId: 'py-1', userId: 'u-1', event: 'Invoice Opened', properties: { module: 'Billing' }, timestamp: at(0), messageId: 'retry-m1' },
        { type: 'track', anonymousId: 'py-1', userId: 'u-1', event: 'Invoice Paid', properties: { module: 'Billing' }, timestamp: at(5), messageId: 'retry-m2' },
      ],
      sentAt,
      writeKey: 'wk',
    });
    expect((await postJson(`${t.engine.url}/v1/batch`, batch(at(5)))).status).toBe(200);
    await clock({ action: 'advance', ms: 6 * MIN });
    expect((await postJson(`${t.engine.url}/v1/batch`, batch(at(6)))).status).toBe(200);
    // Segment drops a track without event too, so it adds no time to the session.
    expect((await track('py-1', '', 'Reports', { event: undefined, timestamp: at(20) })).status).toBe(200);
    // Retried again once the session has timed out: not a late message either.
    await clock({ action: 'advance', ms: 60 * MIN });
    expect((await postJson(`${t.engine.url}/v1/batch`, batch(at(66)))).status).toBe(200);

    const stored = (await api('GET', '/api/messages?anonymousId=py-1')).json;
    expect(stored.map((c: any) => [c.seq, c.dropReasons.map((r: any) => r.code)])).toEqual([
      [1, []],
      [2, []],
      [3, ['duplicate-message-id']],
      [4, ['duplicate-message-id']],
      [5, ['missing-event']],
      [6, ['duplicate-message-id']],
      [7, ['duplicate-message-id']],
    ]);
    const sessions = (await api('GET', '/api/sessions?anonymousId=py-1')).json;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ durationMs: 5 * MIN, messageSeqs: [1, 2], late: [], moduleTimes: [{ key: 'Billing', ms: 5 * MIN }], featureTimes: [{ key: 'Invoice Opened', ms: 5 * MIN }, { key: 'Invoice Paid', ms: 0 }] });
  });

  it('says what is wrong with a bad clock action or setting', async () => {
    expect(await clock({ action: 'warp' })).toMatchObject({ status: 400, json: { where: 'action' } });
    expect(await clock({ action: 'advance', ms: 'soon' })).toMatchObject({ status: 400, json: { where: 'ms' } });
    expect(await clock({ action: 'set', to: 'yesterday' })).toMatchObject({ status: 400, json: { where: 'to' } });
    expect(await clock({ action: 'run', speed: -3 })).toMatchObject({ status: 400, json: { where: 'speed' } });
    const notJson = await fetch(`${t.engine.url}/api/clock`, { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(await api('PUT', '/api/sessions/settings', { timeoutMs: -1 })).toMatchObject({ status: 400, json: { where: 'timeoutMs' } });
    expect(await api('PUT', '/api/sessions/settings', { idle: 5 })).toMatchObject({ status: 400, json: { where: 'idle' } });
    const badFilter = await api('GET', '/api/sessions?state=closed');
    expect(badFilter.status).toBe(400);
    expect(badFilter.json.error).toContain('state');
    expect((await api('GET', '/api/clock')).json.mode).toBe('live');
  });
});
