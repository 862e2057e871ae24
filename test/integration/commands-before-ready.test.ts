// The engine listens before it has finished starting (reading deliveries.json comes after), so a
// client that reconnects to an engine restarted on the same port can send a command in between.
// Such a command waits and is answered; it used to fail with "Cannot access 'handlers' before
// initialization". The start is held right after listening (afterListen) until the test lets it go.
// (It used to be held by a FIFO in deliveries.json's place; the data dir's files that are not files
// are now refused without being read, so that hold is gone.)
import { createServer } from 'node:net';
import { rm } from 'node:fs/promises';
import WebSocket from 'ws';
import { afterEach, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src-main/engine';
import { makeDataDir } from './helpers/engine';

let dataDir: string;
let engine: Engine | undefined;

afterEach(async () => {
  await engine?.close();
  engine = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

it('a command that arrives while the engine is still starting waits for it and is answered', async () => {
  dataDir = await makeDataDir();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const port = await freePort();
  const starting = createEngine({ dataDir, port, shell: 'test', log: () => undefined, afterListen: () => held });

  // Listening, not started: the start is held after listening.
  const ws = await new Promise<WebSocket>((resolve, reject) => {
    const attempt = () => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      socket.once('open', () => resolve(socket));
      socket.once('error', () => setImmediate(attempt));
    };
    attempt();
    starting.catch(reject);
  });
  const replies: { id: number; ok: boolean; result?: unknown; error?: unknown }[] = [];
  const replied = new Promise<void>((resolve) =>
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { id?: number; ok: boolean };
      if (frame.id === undefined) return;
      replies.push(frame as (typeof replies)[number]);
      if (replies.length === 2) resolve();
    }),
  );
  ws.send(JSON.stringify({ id: 1, command: 'engine.info' }));
  ws.send(JSON.stringify({ id: 2, command: 'messages.search', arg: { text: 'x' } }));

  // The commands arrived before the start went on (neither is answered yet), then it goes on.
  await new Promise((r) => setTimeout(r, 50));
  expect(replies).toEqual([]);
  release();
  engine = await starting;
  await replied;
  ws.close();
  expect(replies.map((r) => [r.id, r.ok, r.error])).toEqual([
    [1, true, undefined],
    [2, true, undefined],
  ]);
  expect(replies[1]!.result).toEqual([]);
});
