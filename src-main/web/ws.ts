// The browser-mode transport: the api.ts contract over a WebSocket at /ws. Client frames are
// commands ({id, command, arg}); server frames answer them by id or push engine events.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isCommandName, type ClientFrame, type CommandError, type EngineApi, type ServerFrame } from '../../src-shared/api';

export interface WsTransport {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

function toCommandError(e: unknown): CommandError {
  const err = e as { message?: unknown; where?: unknown };
  return {
    message: typeof err?.message === 'string' ? err.message : String(e),
    ...(typeof err?.where === 'string' ? { where: err.where } : {}),
  };
}

export function createWsTransport(engine: EngineApi): WsTransport {
  // Imports travel as one frame; the default 100 MiB would cap them.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });

  wss.on('connection', (ws: WebSocket) => {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = engine.subscribe((event) => send({ event }));
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
    ws.on('message', async (data, isBinary) => {
      let frame: Partial<ClientFrame>;
      try {
        frame = JSON.parse(isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data));
      } catch (e) {
        return send({ id: 0, ok: false, error: { message: `frame is not valid JSON: ${(e as Error).message}`, where: 'frame' } });
      }
      const id = typeof frame?.id === 'number' ? frame.id : 0;
      if (!isCommandName(frame?.command)) {
        return send({ id, ok: false, error: { message: `unknown command ${JSON.stringify(frame?.command)}`, where: 'command' } });
      }
      try {
        const result = await engine.call(frame.command, frame.arg as never);
        send({ id, ok: true, result: result ?? null });
      } catch (e) {
        send({ id, ok: false, error: toCommandError(e) });
      }
    });
  });

  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
