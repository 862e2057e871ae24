// STUB: owned by the sender work (analytics-node wrapper, webhook sender, delivery tracking).
import type { SenderDeps, SenderService } from './types';

export function createSender(_deps: SenderDeps): SenderService {
  return {
    async send() {
      throw new Error('sender not implemented yet');
    },
    deliveries: () => [],
    async close() {},
  };
}
