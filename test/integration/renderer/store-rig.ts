// The renderer's store on a real engine: createEngine in-process on a throw-away data dir, reached
// over its real transport (the browser mode's WebSocket client on /ws, as the component tests do).
// Messages reach the engine over real HTTP (or the messages.import command for volume). The engine
// runs on a manual clock, so the test decides when the engine pushes the rows it captured
// (`push()`), and waits for the frame to arrive instead of for time to pass. Animation frames are
// flushed by hand (`frames`).
import { Buffer } from 'node:buffer';
import { WebSocket } from 'ws';
import type { CommandArg, CommandName, CommandResult, EngineApi, EngineEvent, EngineEventName, EngineEvents } from '../../../src-shared/api';
import type { JsonObject } from '../../../src-shared/capture';
import { createEngine } from '../../../src-main/engine';
import { createAppStore, type AppStore } from '../../../src-renderer/src/state/store';
import type { AppState, StoreOptions } from '../../../src-renderer/src/state/types';
import { createWebSocketClient, type SocketLike, type WebSocketClient } from '../../../src-renderer/src/state/ws-client';
import { postJson, startTestEngine, type TestEngine } from '../helpers/engine';
import { manualClock, type ManualClock } from '../helpers/manual-clock';

/**
 * More than any delay the engine puts between a capture and its push (EVENT_FLUSH_MS, 50) or
 * between a matching change and `matching.changed` (MATCHING_PUSH_MS, 100) in engine.ts.
 */
const PUSH_DELAY_MS = 1000;

/** A frame scheduler the test flushes by hand. */
export function manualFrames() {
  let pending: (() => void)[] = [];
  return {
    schedule: (cb: () => void) => void pending.push(cb),
    get count() {
      return pending.length;
    },
    flush() {
      const run = pending;
      pending = [];
      for (const cb of run) cb();
    },
  };
}

/** Timers (the search debounce) the test fires by hand. */
export function manualTimers() {
  const pending = new Map<object, { cb: () => void; ms: number }>();
  return {
    setTimer: (cb: () => void, ms: number) => {
      const h = {};
      pending.set(h, { cb, ms });
      return h;
    },
    clearTimer: (h: unknown) => void pending.delete(h as object),
    /** The delays of the timers waiting. */
    get delays() {
      return [...pending.values()].map((t) => t.ms);
    },
    fire() {
      const run = [...pending.values()];
      pending.clear();
      for (const t of run) t.cb();
    },
  };
}

const TYPES = ['track', 'identify', 'page', 'group'] as const;

/**
 * The nth message a test sends (on a fresh engine it gets seq n): type by n % 4 (track when
 * n % 4 === 0), event or page name, userId except when n % 3 === 0, an anonymousId, messageId m-n.
 */
export function message(n: number, over: JsonObject = {}): JsonObject {
  const type = TYPES[n % 4];
  return {
    type,
    ...(type === 'track' ? { event: `Event ${n % 50}` } : {}),
    ...(type === 'page' ? { name: `Page ${n % 50}` } : {}),
    ...(type === 'group' ? { groupId: `g-${n % 5}` } : {}),
    ...(n % 3 === 0 ? {} : { userId: `user-${n}` }),
    anonymousId: `anon-${n}`,
    messageId: `m-${n}`,
    ...over,
  };
}

export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export interface Call {
  name: CommandName;
  arg: unknown;
}

export interface StoreRig {
  t: TestEngine;
  clock: ManualClock;
  client: WebSocketClient;
  /** The client's `ws` socket (to pause reading, as a busy tab does). */
  socket(): WebSocket;
  /** What the store (and anything else on `api`) asked the engine, in order. */
  calls: Call[];
  /**
   * Runs before a call goes to the engine (await it to do something first, e.g. while the store
   * waits for a page). Undefined: calls go straight through.
   */
  beforeCall?: (call: Call) => Promise<void> | void;
  /** The client's EngineApi with the calls recorded (what the store is given). */
  api: EngineApi;
  frames: ReturnType<typeof manualFrames>;
  store: AppStore;
  s: () => AppState;
  /** POSTs messages to the receiver (default /v1/batch) over HTTP; expects 200. */
  post(messages: JsonObject[], path?: string): Promise<void>;
  /** Imports messages through messages.import (for volume). */
  importMessages(messages: JsonObject[]): Promise<void>;
  /** Lets the engine push what it captured; resolves with the `messages.added` rows the client got. */
  push(): Promise<EngineEvents['messages.added']>;
  /** Resolves with the next event of that name the client receives. */
  next<K extends EngineEventName>(name: K): Promise<EngineEvents[K]>;
  /** Resolves once the store's state satisfies the check (checked now and on each change). */
  until(check: (s: AppState) => boolean): Promise<void>;
  /** Closes the engine (the client loses its connection), then starts it again on the same port and data dir. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export interface RigOptions {
  /** Before the engine starts: prepare the data dir. */
  dataDir?: string;
  store?: Partial<StoreOptions>;
  /** Give the store the client's connection status. */
  connection?: boolean;
  reconnectDelayMs?: number;
}

export async function startRig(options: RigOptions = {}): Promise<StoreRig> {
  const clock = manualClock();
  const t = await startTestEngine({ clock, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  const sockets: WebSocket[] = [];
  const client = createWebSocketClient(`${t.engine.url.replace('http', 'ws')}/ws`, {
    createSocket: (url) => {
      const ws = new WebSocket(url);
      sockets.push(ws);
      return ws as unknown as SocketLike;
    },
    reconnectDelayMs: options.reconnectDelayMs,
    maxReconnectDelayMs: options.reconnectDelayMs,
  });
  const calls: Call[] = [];
  const rig = {} as StoreRig;
  const api: EngineApi = {
    async call<K extends CommandName>(name: K, arg: CommandArg<K>): Promise<CommandResult<K>> {
      const call = { name, arg };
      calls.push(call);
      await rig.beforeCall?.(call);
      return client.api.call(name, arg);
    },
    subscribe: (listener) => client.api.subscribe(listener),
  };
  const frames = manualFrames();
  const store = createAppStore(api, { scheduleFrame: frames.schedule, ...(options.connection ? { connection: client.connection } : {}), ...options.store });
  // As in the app: the store exists before the socket opens (and gets what the engine says first).
  await new Promise<void>((resolve) => {
    if (client.connection.get() === 'connected') return resolve();
    const off = client.connection.subscribe((status) => {
      if (status !== 'connected') return;
      off();
      resolve();
    });
  });
  const next = <K extends EngineEventName>(name: K) =>
    new Promise<EngineEvents[K]>((resolve) => {
      const off = client.api.subscribe((e: EngineEvent) => {
        if (e.name !== name) return;
        off();
        resolve(e.payload as EngineEvents[K]);
      });
    });
  const auth = `Basic ${Buffer.from('store-test-key:').toString('base64')}`;
  Object.assign(rig, {
    t,
    clock,
    client,
    socket: () => sockets.at(-1)!,
    calls,
    api,
    frames,
    store,
    s: () => store.getState(),
    async post(messages: JsonObject[], path = '/v1/batch') {
      const body = path === '/v1/batch' ? { batch: messages } : messages[0];
      const res = await postJson(`${t.engine.url}${path}`, body, { authorization: auth });
      if (res.status !== 200) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.json)}`);
    },
    async importMessages(messages: JsonObject[]) {
      const result = await t.engine.call('messages.import', { ndjson: messages.map((m) => JSON.stringify(m)).join('\n') });
      if (result.imported !== messages.length) throw new Error(`imported ${result.imported} of ${messages.length}: ${JSON.stringify(result.errors)}`);
    },
    push() {
      const added = next('messages.added');
      clock.advance(PUSH_DELAY_MS);
      return added;
    },
    next,
    until: (check: (s: AppState) => boolean) =>
      new Promise<void>((resolve) => {
        if (check(store.getState())) return resolve();
        const off = store.subscribe((state) => {
          if (!check(state)) return;
          off();
          resolve();
        });
      }),
    async restart() {
      const port = Number(new URL(t.engine.url).port);
      await t.engine.close();
      t.engine = await createEngine({ dataDir: t.dataDir, port, shell: 'test', clock, log: (line) => t.logged.push(line) });
    },
    async dispose() {
      store.getState().dispose();
      client.close();
      await t.dispose();
    },
  } satisfies Omit<StoreRig, 'beforeCall'>);
  return rig;
}
