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

describe('delete commands called without the name they need', () => {
  it.each([
    ['webhooks.delete', 'webhook', 'webhook.name'],
    ['drafts.delete', 'draft', 'name'],
  ])('%s says which argument is missing, and how to give it', async (command, what, where) => {
    const needs = `${command} needs the name of the ${what} to delete, as {"name": "…"}`;
    expect(await ask({ id: 1, command })).toEqual({ id: 1, ok: false, error: { message: `${needs}; it was sent without an argument`, where } });
    expect(await ask({ id: 2, command, arg: {} })).toEqual({ id: 2, ok: false, error: { message: `${needs}; its argument has no "name"`, where } });
    expect(await ask({ id: 3, command, arg: { name: 5 } })).toEqual({ id: 3, ok: false, error: { message: `${needs}; its "name" is 5, not text`, where } });
    expect(await ask({ id: 4, command, arg: 'pf' })).toEqual({ id: 4, ok: false, error: { message: `${needs}; its argument is "pf", not an object`, where } });
    // A name that is there but names nothing still says so.
    expect(await ask({ id: 5, command, arg: { name: 'nope' } })).toMatchObject({ id: 5, ok: false, error: { message: expect.stringContaining('"nope"') } });
  });
});
