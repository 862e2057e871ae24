// Picks the transport once at start-up: the Electron preload's `window.eventbench` when present,
// else a WebSocket to the server that served this page. The renderer never knows which.
import type { EngineApi } from '../../../src-shared/api';
import { alwaysConnected, type ConnectionSource } from './connection';
import { createWebSocketClient, EngineCommandError } from './ws-client';

export interface Transport {
  api: EngineApi;
  connection: ConnectionSource;
  kind: 'electron' | 'websocket';
}

export function webSocketUrl(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

function isEngineApi(v: unknown): v is EngineApi {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as EngineApi).call === 'function' &&
    typeof (v as EngineApi).subscribe === 'function'
  );
}

/**
 * The Electron preload's api, its refusals made the WebSocket client's EngineCommandError (the
 * engine's message as `reason`, and `where`): the preload rejects with {message, where}, as
 * contextBridge would keep only an Error's message. Other failures pass as they are.
 */
export function electronApi(bridge: EngineApi): EngineApi {
  return {
    call: (name, arg) =>
      bridge.call(name, arg).catch((e: unknown) => {
        const err = e as { message?: unknown; where?: unknown } | null;
        if (e instanceof Error || typeof err?.message !== 'string') throw e;
        throw new EngineCommandError(err.message, typeof err.where === 'string' ? err.where : undefined);
      }),
    subscribe: (listener) => bridge.subscribe(listener),
  };
}

export function selectTransport(): Transport {
  const g = globalThis as unknown as { eventbench?: unknown; location: { protocol: string; host: string } };
  if (isEngineApi(g.eventbench)) return { api: electronApi(g.eventbench), connection: alwaysConnected, kind: 'electron' };
  const client = createWebSocketClient(webSocketUrl(g.location));
  return { api: client.api, connection: client.connection, kind: 'websocket' };
}
