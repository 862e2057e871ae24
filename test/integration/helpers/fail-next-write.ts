// A full disk for one write: the next append of a store's capture log fails with ENOSPC, as the
// kernel would answer it; later appends go through.
import type { CaptureStore } from '../../../src-main/store/capture-store';

export function failNextWrite(s: CaptureStore): void {
  const log = (s as unknown as { log: { append: (d: Buffer) => Promise<number> } }).log;
  const original = log.append.bind(log);
  log.append = () => {
    log.append = original;
    return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
  };
}
