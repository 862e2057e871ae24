// Connection status of the transport, observable so the UI can show "disconnected".
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface ConnectionSource {
  get(): ConnectionStatus;
  subscribe(listener: (status: ConnectionStatus) => void): () => void;
}

export function createConnectionSource(initial: ConnectionStatus): ConnectionSource & {
  set(status: ConnectionStatus): void;
} {
  let status = initial;
  const listeners = new Set<(s: ConnectionStatus) => void>();
  return {
    get: () => status,
    set(next) {
      if (next === status) return;
      status = next;
      for (const l of listeners) l(next);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** IPC never drops: the Electron transport is always connected. */
export const alwaysConnected: ConnectionSource = {
  get: () => 'connected',
  subscribe: () => () => {},
};
