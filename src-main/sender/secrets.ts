// STUB: owned by the sender work. Browser mode keeps the write key in a 0600 file in the data dir,
// or takes it from EVENTBENCH_SEGMENT_WRITE_KEY; the Electron shell passes a safeStorage store.
import type { SecretStatus } from '../../src-shared/api';
import type { SecretStore } from './types';

export function createFileSecretStore(_dataDir: string, env: Record<string, string | undefined> = process.env): SecretStore {
  let key = env.EVENTBENCH_SEGMENT_WRITE_KEY;
  const status = (): SecretStatus => ({ backend: 'file', hasWriteKey: !!key, plainText: true });
  return {
    status,
    async setWriteKey(k) {
      key = k ?? undefined;
      return status();
    },
    getWriteKey: () => key,
  };
}
