// What the CaptureStore tests share: stores opened through it are closed after each test, and
// the origins, contexts and tracks they capture.
import { afterEach } from 'vitest';
import type { CaptureOrigin, JsonObject } from '../../../src-shared/capture';
import { CaptureStore, type LoadProgress } from '../../../src-main/store/capture-store';

/** Call after tempDirsPerTest: hooks run last-registered first, so the stores close before their dirs go. */
export function storesPerTest(): {
  open(dir: string): Promise<CaptureStore>;
  openInBackground(dir: string, onProgress?: (p: LoadProgress) => void | Promise<void>): Promise<CaptureStore>;
  /** Closes one of them now (the others still close after the test). */
  close(s: CaptureStore): Promise<void>;
} {
  const stores: CaptureStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  const kept = (s: CaptureStore) => (stores.push(s), s);
  return {
    open: async (dir) => kept(await CaptureStore.open(dir)),
    openInBackground: async (dir, onProgress) => kept(await CaptureStore.openInBackground(dir, onProgress)),
    close: async (s) => {
      stores.splice(stores.indexOf(s), 1);
      await s.close();
    },
  };
}

export const T0 = Date.UTC(2026, 10, 23, 10);
export const TRACKING: CaptureOrigin = { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'none' };
export const WEBHOOK: CaptureOrigin = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } };
/** The context of a capture `n` ms after T0. */
export const ctx = (n = 0, origin: CaptureOrigin = TRACKING) => ({ receivedAtMs: T0 + n, origin, headers: { 'x-n': String(n) } });
/** `n` tracks tagged `tag`, each with its own userId, event and messageId. */
export const tracks = (tag: string, n: number, extra: JsonObject = {}): JsonObject[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'track', userId: `u${i}`, event: `${tag} ${i}`, messageId: `${tag}-${i}`, ...extra }));
