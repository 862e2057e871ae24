// EngineApi over a WebSocket (browser mode). Frames are ClientFrame/ServerFrame from api.ts.
// Reconnects with backoff and reports its status so the UI can show "disconnected".
// Written against a structural socket type (no DOM lib) so Node tests can drive it with `ws`.
import type {
  ClientFrame,
  CommandArg,
  CommandName,
  CommandResult,
  EngineApi,
  EngineEvent,
  ServerFrame,
} from '../../../src-shared/api';
import { createConnectionSource, type ConnectionSource, type ConnectionStatus } from './connection';

/** The part of the WebSocket interface the client uses (the DOM's and `ws`'s both fit). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export interface WebSocketClientOptions {
  createSocket?: SocketFactory;
  /** First reconnect delay; doubles up to maxReconnectDelayMs. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

export interface WebSocketClient {
  api: EngineApi;
  connection: ConnectionSource;
  /** Stop reconnecting and close the socket. */
  close(): void;
}

/** Error thrown by `call` when the engine answers `ok: false`; keeps the engine's `where`. */
export class EngineCommandError extends Error {
  constructor(
    /** The engine's message as it gave it (`message` adds the `where`). */
    readonly reason: string,
    readonly where?: string,
  ) {
    // A reason that begins with its where ("target.host: enter the base URL…", as the sender and
    // the drafts store word theirs) is not told it twice.
    super(where && !reason.startsWith(`${where}: `) ? `${reason} (${where})` : reason);
    this.name = 'EngineCommandError';
  }
}

const OPEN = 1;

function defaultSocketFactory(url: string): SocketLike {
  const Ctor = (globalThis as unknown as { WebSocket?: new (url: string) => SocketLike }).WebSocket;
  if (!Ctor) throw new Error('This environment has no WebSocket; pass createSocket');
  return new Ctor(url);
}

/** A file's bytes as base64, in pieces (String.fromCharCode takes so many arguments at most). */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A command's argument as a JSON frame carries it: an import's bytes as base64 (the Electron shell
 * hands IPC the Uint8Array itself; JSON.stringify wrote it as {"0":123,…}).
 */
function wireArg(name: CommandName, arg: unknown): unknown {
  const bytes = name === 'messages.import' && arg !== null && typeof arg === 'object' ? (arg as { bytes?: unknown }).bytes : undefined;
  return bytes instanceof Uint8Array ? { base64: base64Of(bytes) } : arg;
}

export function createWebSocketClient(url: string, options: WebSocketClientOptions = {}): WebSocketClient {
  const createSocket = options.createSocket ?? defaultSocketFactory;
  const baseDelay = options.reconnectDelayMs ?? 500;
  const maxDelay = options.maxReconnectDelayMs ?? 5000;
  const connection = createConnectionSource('connecting');
  const listeners = new Set<(event: EngineEvent) => void>();
  const pending = new Map<number | string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  // Frames written before the first connection opens; after a drop, calls fail fast instead.
  const queued: string[] = [];
  let nextId = 1;
  let socket: SocketLike | null = null;
  let closed = false;
  let delay = baseDelay;
  let everConnected = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  const setStatus = (s: ConnectionStatus) => connection.set(s);

  function handleFrame(raw: unknown) {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(typeof raw === 'string' ? raw : String(raw)) as ServerFrame;
    } catch {
      console.warn('eventbench: ignored a WebSocket frame that is not JSON');
      return;
    }
    if ('event' in frame) {
      for (const l of listeners) l(frame.event);
      return;
    }
    const waiter = pending.get(frame.id);
    if (!waiter) return;
    pending.delete(frame.id);
    if (frame.ok) waiter.resolve(frame.result);
    else waiter.reject(new EngineCommandError(frame.error.message, frame.error.where));
  }

  function connect() {
    if (closed) return;
    setStatus(everConnected ? 'reconnecting' : 'connecting');
    let s: SocketLike;
    try {
      s = createSocket(url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = s;
    s.onopen = () => {
      everConnected = true;
      delay = baseDelay;
      setStatus('connected');
      for (const f of queued.splice(0)) s.send(f);
    };
    s.onmessage = (ev) => handleFrame(ev.data);
    s.onerror = () => {
      /* onclose follows and handles it */
    };
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      // Before the first connection nothing was sent: queued calls wait for the retry.
      if (everConnected) {
        for (const [, w] of pending) w.reject(new Error('Connection to the engine was lost'));
        pending.clear();
      }
      if (closed) return;
      setStatus('disconnected');
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
    delay = Math.min(delay * 2, maxDelay);
  }

  const api: EngineApi = {
    call<K extends CommandName>(name: K, arg: CommandArg<K>): Promise<CommandResult<K>> {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        const frame: ClientFrame = { id, command: name, arg: wireArg(name, arg) };
        const text = JSON.stringify(frame);
        if (socket && socket.readyState === OPEN) {
          pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
          socket.send(text);
        } else if (!everConnected && !closed) {
          pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
          queued.push(text);
        } else {
          reject(new Error('Not connected to the engine, so this was not done. It reconnects by itself: try again in a moment.'));
        }
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  connect();
  return {
    api,
    connection,
    close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const s = socket;
      socket = null;
      for (const [, w] of pending) w.reject(new Error('Engine client closed'));
      pending.clear();
      s?.close();
      setStatus('disconnected');
    },
  };
}
