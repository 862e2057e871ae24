// The shared engine's HTTP side for the component tests: requests with Node's http (happy-dom's
// fetch applies a page's same-origin policy), and a WebSocket client like the browser mode's.
import { request } from 'node:http';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, inject } from 'vitest';
import { WebSocket } from 'ws';
import { createAppStore, type AppStore } from '../../src-renderer/src/state';
import { createWebSocketClient, type SocketLike } from '../../src-renderer/src/state/ws-client';

export const engineUrl = inject('engineUrl');

// findBy/waitFor wait for what they name; on 2 shared cores under load an engine answer can take
// over the library's default second, so they may wait longer (a pass is as fast as ever).
configure({ asyncUtilTimeout: 10_000 });

/** A request to the engine; resolves with the status code. */
export function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${engineUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** A request whose body is sent as written (JSON.stringify cannot write 9007199254740993); resolves with the status code. */
export function sendText(method: string, path: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${engineUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The browser mode's WebSocket client, on the shared engine. */
export function connectClient(): ReturnType<typeof createWebSocketClient> {
  return createWebSocketClient(`${engineUrl.replace('http', 'ws')}/ws`, { createSocket: (url) => new WebSocket(url) as unknown as SocketLike });
}

/** A browser-mode client on the shared engine for each test of the file, closed (and the DOM cleaned up) after it. */
export function clientPerTest(): { readonly client: ReturnType<typeof connectClient> } {
  const holder = {} as { client: ReturnType<typeof connectClient> };
  beforeEach(() => {
    holder.client = connectClient();
  });
  afterEach(() => {
    cleanup();
    holder.client.close();
  });
  return holder;
}

/**
 * For each test of the file: an emptied capture log, a browser-mode client and an app store on
 * it; the DOM cleaned up, the store disposed and the client closed after it.
 */
export function emptyLogPerTest(): { readonly client: ReturnType<typeof connectClient>; readonly store: AppStore } {
  const holder = {} as { client: ReturnType<typeof connectClient>; store: AppStore };
  beforeEach(async () => {
    await expectStatus(send('DELETE', '/api/messages'), 200);
    holder.client = connectClient();
    holder.store = createAppStore(holder.client.api);
  });
  afterEach(() => {
    cleanup();
    holder.store.getState().dispose();
    holder.client.close();
  });
  return holder;
}

async function expectStatus(status: Promise<number>, wanted: number): Promise<void> {
  const got = await status;
  if (got !== wanted) throw new Error(`the engine answered ${got}, not ${wanted}`);
}

/** Every message the engine holds, each with its request, from the engine's own export (a request's line, then its messages'). */
export async function exportedMessages(client: ReturnType<typeof connectClient>): Promise<{ message: Record<string, unknown>; request: Record<string, unknown> }[]> {
  const out: { message: Record<string, unknown>; request: Record<string, unknown> }[] = [];
  let request: Record<string, unknown> = {};
  for (const line of (await client.api.call('messages.export', undefined)).split('\n')) {
    if (line.trim() === '') continue;
    const parsed = JSON.parse(line);
    if (parsed.request) request = parsed.request;
    if (parsed.message) out.push({ message: parsed.message, request });
  }
  return out;
}
