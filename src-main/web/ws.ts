// The browser-mode transport: the api.ts contract over a WebSocket at /ws. Client frames are
// commands ({id, command, arg}); server frames answer them by id or push engine events.
//
// A client that reads slower than captures arrive (a busy tab at full ingest speed) must not make
// the server queue frames for it without bound. Once a socket has more than HIGH_WATER bytes
// waiting, its `messages.added` frames are not queued: the server remembers only how far the log
// has grown and, once the socket has drained, sends one `messages.behind` {lastSeq} instead, and
// the client pages what it missed. Events that only say "the state changed" (clock, sessions,
// matching, progress) are held latest-wins meanwhile. Command answers always go out: the client
// asked for them.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { maxNestingDepth } from '../../src-shared/tracking-api/batch-scan';
import { describeInvalidJson } from '../../src-shared/tracking-api/parse';
import { formatCount, MAX_NESTING_DEPTH } from '../../src-shared/tracking-api/limits';
import { commandErrorOf, isCommandName, unknownCommandError, type ClientFrame, type EngineApi, type EngineEvent, type EngineEventName, type ServerFrame } from '../../src-shared/api';
import { commandArgFault } from '../../src-shared/command-args';
import { shownValue } from '../../src-shared/shown-value';

export interface WsTransport {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Per connected client: bytes waiting in its socket, and whether it is being coalesced. */
  stats(): { bufferedAmount: number; behind: boolean; coalescedFrames: number }[];
  close(): Promise<void>;
}

export interface WsOptions {
  /** Above this many buffered bytes a client is behind (default 1 MiB). */
  highWaterBytes?: number;
  /** At or below this it has caught up (default 64 KiB). */
  lowWaterBytes?: number;
  /** How often a client that is behind is checked for having drained (default 100 ms). */
  drainCheckMs?: number;
}

/** State events: only the latest matters, so a client that is behind gets the last one only. */
const LATEST_WINS = new Set<EngineEventName>(['clock.changed', 'sessions.changed', 'matching.changed', 'users.importProgress', 'scenarios.progress', 'webhooks.changed', 'drafts.changed', 'secrets.changed']);

/** A frame's deepest nesting: a message's limit, and the frame, its argument and a wrapper or two around it. */
const MAX_FRAME_DEPTH = MAX_NESTING_DEPTH + 4;

export function createWsTransport(engine: EngineApi, options: WsOptions = {}): WsTransport {
  const highWater = options.highWaterBytes ?? 1024 * 1024;
  const lowWater = options.lowWaterBytes ?? 64 * 1024;
  const drainCheckMs = options.drainCheckMs ?? 100;
  // Imports travel as one frame; the default 100 MiB would cap them.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });
  const clients = new Map<WebSocket, { behind: () => boolean; coalesced: () => number }>();

  wss.on('connection', (ws: WebSocket) => {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    // ---- backpressure ----
    let behind = false;
    /** The newest seq announced while behind (0: none). */
    let missedUpTo = 0;
    let coalescedFrames = 0;
    const held = new Map<EngineEventName, EngineEvent>();
    let drainTimer: ReturnType<typeof setInterval> | undefined;
    const catchUp = () => {
      if (!behind || ws.bufferedAmount > lowWater) return;
      behind = false;
      clearInterval(drainTimer);
      drainTimer = undefined;
      if (missedUpTo > 0) send({ event: { name: 'messages.behind', payload: { lastSeq: missedUpTo } } });
      missedUpTo = 0;
      for (const event of held.values()) send({ event });
      held.clear();
    };
    const onEvent = (event: EngineEvent) => {
      if (ws.readyState !== ws.OPEN) return;
      if (behind) catchUp();
      if (!behind && ws.bufferedAmount > highWater && (event.name === 'messages.added' || LATEST_WINS.has(event.name))) {
        behind = true;
        drainTimer = setInterval(catchUp, drainCheckMs);
        drainTimer.unref?.();
      }
      if (behind) {
        if (event.name === 'messages.added') {
          const last = event.payload.at(-1);
          if (last) missedUpTo = Math.max(missedUpTo, last.seq);
          coalescedFrames++;
          return;
        }
        if (event.name === 'messages.cleared') missedUpTo = 0; // what was missed is gone; the clear goes out now
        if (LATEST_WINS.has(event.name)) {
          held.set(event.name, event);
          coalescedFrames++;
          return;
        }
      }
      send({ event });
    };
    const unsubscribe = engine.subscribe(onEvent);
    const stop = () => {
      unsubscribe();
      clearInterval(drainTimer);
      clients.delete(ws);
    };
    clients.set(ws, { behind: () => behind, coalesced: () => coalescedFrames });
    ws.on('close', stop);
    ws.on('error', stop);
    ws.on('message', async (data, isBinary) => {
      let frame: Partial<ClientFrame>;
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data);
      try {
        frame = JSON.parse(text);
      } catch (e) {
        return send({ id: 0, ok: false, error: { message: describeInvalidJson(text, e).replace(/^invalid JSON/, 'the frame is not valid JSON'), where: 'frame' } });
      }
      // JSON.parse takes any depth; the commands that check or write their argument recurse over
      // it, and answered "Maximum call stack size exceeded". Refused here, before any runs.
      const depth = maxNestingDepth(text);
      if (depth > MAX_FRAME_DEPTH) {
        const sentId: unknown = (frame as { id?: unknown } | null)?.id;
        return send({ id: typeof sentId === 'number' || typeof sentId === 'string' ? sentId : 0, ok: false, error: { message: `the frame nests objects and arrays ${formatCount(depth)} levels deep; a command's frame may nest at most ${MAX_FRAME_DEPTH} (a message inside it ${MAX_NESTING_DEPTH})`, where: 'frame' } });
      }
      // null, a list, a text or a number parsed, and was answered "unknown command undefined".
      if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
        return send({ id: 0, ok: false, error: { message: `a frame must be a JSON object, {"id", "command", "arg"}, not ${Array.isArray(frame) ? 'a list' : shownValue(frame)}`, where: 'frame' } });
      }
      // The id comes back with the answer, whatever its type among JSON-RPC's (a script numbers
      // its requests, or names them); a string id was answered as 0.
      const sentId: unknown = frame?.id;
      const id = typeof sentId === 'number' || typeof sentId === 'string' ? sentId : 0;
      if (sentId !== undefined && id !== sentId) {
        return send({ id, ok: false, error: { message: `the frame's id must be a number or a string (it comes back with the answer), not ${JSON.stringify(sentId)}`, where: 'id' } });
      }
      if (!isCommandName(frame?.command)) {
        return send({ id, ok: false, error: unknownCommandError(frame?.command) });
      }
      // Each command takes an object or nothing: a text, a number or a list is refused here, naming
      // the command, what it takes and what it got (messages.page "x" answered as if sent nothing).
      const wrongShape = commandArgFault(frame.command, frame.arg);
      if (wrongShape) return send({ id, ok: false, error: wrongShape });
      try {
        const result = await engine.call(frame.command, frame.arg as never);
        send({ id, ok: true, result: result ?? null });
      } catch (e) {
        send({ id, ok: false, error: commandErrorOf(e) });
      }
    });
  });

  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    stats() {
      return [...clients].map(([ws, c]) => ({ bufferedAmount: ws.bufferedAmount, behind: c.behind(), coalescedFrames: c.coalesced() }));
    },
    close() {
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
