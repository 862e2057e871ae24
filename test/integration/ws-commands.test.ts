// The engine's commands over the WebSocket (/ws, {id, command, arg} frames), as a script or
// another tool sends them: what comes back for ids and arguments a client gets wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
let ws: WebSocket;
const answers: Record<string, unknown>[] = [];
let waiters: (() => void)[] = [];

beforeAll(async () => {
  t = await startTestEngine();
  ws = new WebSocket(`${t.engine.url.replace(/^http/, 'ws')}/ws`);
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    if ('event' in frame) return;
    answers.push(frame);
    for (const w of waiters) w();
    waiters = [];
  });
  await new Promise((r) => ws.once('open', r));
});
afterAll(async () => {
  ws.terminate();
  await t.dispose();
});

/** Sends a frame (an object, or raw text) and resolves with the next answer. */
async function ask(frame: unknown): Promise<Record<string, unknown>> {
  const before = answers.length;
  ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  while (answers.length === before) await new Promise<void>((r) => waiters.push(r));
  return answers[before];
}

describe('WebSocket command frames: the id', () => {
  it('a string id comes back as it was sent, as a number id does', async () => {
    expect(await ask({ id: 'req-1', command: 'clock.get' })).toMatchObject({ id: 'req-1', ok: true, result: { mode: 'live' } });
    expect(await ask({ id: 42, command: 'clock.get' })).toMatchObject({ id: 42, ok: true });
    expect(await ask({ id: 'req-2', command: 'no.such' })).toEqual({ id: 'req-2', ok: false, error: { message: 'unknown command "no.such"', where: 'command' } });
    expect(await ask({ id: 'req-3', command: 'drafts.delete', arg: 5 })).toMatchObject({ id: 'req-3', ok: false });
    // (a frame without an id is answered with id 0, as before)
    expect(await ask({ command: 'clock.get' })).toMatchObject({ id: 0, ok: true });
  });

  it('an id that is neither a number nor a string is refused, naming it, and the command is not run', async () => {
    for (const id of [{ x: 1 }, [1], true, null]) {
      const answer = await ask({ id, command: 'messages.clear' });
      expect(answer, JSON.stringify(id)).toEqual({ id: 0, ok: false, error: { message: `the frame's id must be a number or a string (it comes back with the answer), not ${JSON.stringify(id)}`, where: 'id' } });
    }
  });
});
