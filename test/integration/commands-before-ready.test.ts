// The engine listens before it has finished starting (reading deliveries.json comes after), so a
// client that reconnects to an engine restarted on the same port can send a command in between.
// Such a command waits and is answered; it used to fail with "Cannot access 'handlers' before
// initialization". deliveries.json is a FIFO here: the start holds on it until the test writes.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { open } from 'node:fs/promises';
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
  const fifo = join(dataDir, 'deliveries.json');
  execFileSync('mkfifo', [fifo]);
  const port = await freePort();
  const starting = createEngine({ dataDir, port, shell: 'test', log: () => undefined });

  // Listening, not started: the start is held reading deliveries.json.
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

  // Let the start go on: the FIFO gets an empty list of deliveries.
  const writer = await open(fifo, 'w');
  await writer.writeFile('[]');
  await writer.close();
  engine = await starting;
  await replied;
  ws.close();
  expect(replies.map((r) => [r.id, r.ok, r.error])).toEqual([
    [1, true, undefined],
    [2, true, undefined],
  ]);
  expect(replies[1]!.result).toEqual([]);
});
