// Picks the transport once at start-up: the Electron preload's `window.eventbench` when present,
// else a WebSocket to the server that served this page. The renderer never knows which.
import type { EngineApi } from '../../../src-shared/api';
import { alwaysConnected, type ConnectionSource } from './connection';
import { createWebSocketClient } from './ws-client';

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

export function selectTransport(): Transport {
  const g = globalThis as unknown as { eventbench?: unknown; location: { protocol: string; host: string } };
  if (isEngineApi(g.eventbench)) return { api: g.eventbench, connection: alwaysConnected, kind: 'electron' };
  const client = createWebSocketClient(webSocketUrl(g.location));
  return { api: client.api, connection: client.connection, kind: 'websocket' };
}
