// Advance is forward: POST /api/clock {"action":"advance","ms":-1} was taken and moved the clock
// back, unseen when a script slipped a sign. Over a real socket, by HTTP and by the WebSocket
// command: a negative or non-finite ms is a 400 (an error answer) that names set, which goes back,
// and leaves the clock where it stood; 0 is taken and moves nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestEngine, type TestEngine } from './helpers/engine';

const BACK_WITH_SET = 'advance moves the clock forward; to move it back, use {"action":"set","to":…} with an ISO-8601 moment such as "2026-01-01T00:00:00Z" (or epoch ms)';
const START = '2026-03-01T09:00:00.000Z';

let t: TestEngine;
let ws: WebSocket;
const answers: Record<string, unknown>[] = [];

beforeAll(async () => {
  t = await startTestEngine();
  ws = new WebSocket(`${t.engine.url.replace(/^http/, 'ws')}/ws`);
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    if (!('event' in frame)) answers.push(frame);
  });
  await new Promise((r) => ws.once('open', r));
});
afterAll(async () => {
  ws.terminate();
  await t.dispose();
});

async function post(body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${t.engine.url}/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function ask(id: number, command: string, arg?: unknown): Promise<Record<string, unknown>> {
  ws.send(JSON.stringify({ id, command, arg }));
  for (;;) {
    const answer = answers.find((a) => a.id === id);
    if (answer) return answer;
    await new Promise((r) => ws.once('message', r));
  }
}

const clockNow = async () => (await (await fetch(`${t.engine.url}/api/clock`)).json()) as { mode: string; now: string };

describe('advancing the clock by a negative or non-finite ms', () => {
  beforeAll(async () => {
    // Paused first: a set keeps the clock's mode, so it then stands still at START.
    expect(await post('{"action":"pause"}')).toMatchObject({ status: 200, json: { mode: 'paused' } });
    expect(await post(JSON.stringify({ action: 'set', to: START }))).toMatchObject({ status: 200, json: { mode: 'paused', now: START } });
  });

  it.each([
    ['-1', '-1'],
    ['-1800000', '-1800000'],
    ['-1e400', 'a number too large to hold (it reads as -Infinity)'],
  ])('POST /api/clock with ms %s is a 400 naming set; the clock stays where it stood', async (ms, shown) => {
    expect(await post(`{"action":"advance","ms":${ms}}`)).toEqual({ status: 400, json: { error: `ms must be 0 or more, not ${shown}: ${BACK_WITH_SET}`, where: 'ms' } });
    expect(await clockNow()).toMatchObject({ mode: 'paused', now: START });
  });

  it('the clock.act command over the WebSocket says the same; the clock stays where it stood', async () => {
    expect(await ask(1, 'clock.act', { action: 'advance', ms: -60_000 })).toEqual({ id: 1, ok: false, error: { message: `ms must be 0 or more, not -60000: ${BACK_WITH_SET}`, where: 'ms' } });
    expect(await ask(2, 'clock.get')).toMatchObject({ id: 2, ok: true, result: { mode: 'paused', now: START } });
  });

  it('advance by 0 is taken and leaves the clock where it stood; a positive ms moves it forward', async () => {
    expect(await post('{"action":"advance","ms":0}')).toMatchObject({ status: 200, json: { mode: 'paused', now: START } });
    expect(await ask(3, 'clock.act', { action: 'advance', ms: 0 })).toMatchObject({ id: 3, ok: true, result: { mode: 'paused', now: START } });
    expect(await post('{"action":"advance","ms":60000}')).toMatchObject({ status: 200, json: { mode: 'paused', now: '2026-03-01T09:01:00.000Z' } });
  });

  it('set, which the error names, moves the clock back', async () => {
    expect(await post(JSON.stringify({ action: 'set', to: START }))).toMatchObject({ status: 200, json: { mode: 'paused', now: START } });
  });
});
