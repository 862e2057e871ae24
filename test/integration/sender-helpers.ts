// Shared set-up for the sender integration tests: a sender on the wall clock whose delivery
// updates are recorded, and a way to wait for a delivery to settle.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Delivery } from '../../src-shared/api';
import { systemClock } from '../../src-shared/clock';
import { createFileSecretStore } from '../../src-main/sender/secrets';
import { createSender } from '../../src-main/sender/sender';
import type { SecretStore, SenderDeps } from '../../src-main/sender/types';

// Each test file's folders go when the file ends (registered here, at import, for the whole file).
const madeDirs: string[] = [];
afterAll(() => {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'eventbench-sender-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

export function startSender(opts: Partial<SenderDeps> & { secrets?: SecretStore } = {}) {
  const updates: Delivery[] = [];
  const latest = new Map<string, Delivery>();
  const waiters = new Set<() => void>();
  const sender = createSender({
    receiverUrl: () => 'http://127.0.0.1:9',
    secrets: opts.secrets ?? createFileSecretStore(tempDir(), {}),
    clock: systemClock,
    findCapturedSeq: () => undefined,
    webhookBackoffMs: 50,
    ...opts,
    onDelivery(d) {
      updates.push(d);
      latest.set(d.id, d);
      for (const w of waiters) w();
    },
  });

  /** Resolves with the delivery once it reached delivered/failed (and `extra` holds, if given). */
  function settled(id: string, extra: (d: Delivery) => boolean = () => true, timeoutMs = 15_000): Promise<Delivery> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const d = latest.get(id);
        if (d?.finishedAt && extra(d)) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(d);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`delivery ${id} did not settle; last state: ${JSON.stringify(latest.get(id))}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  }
  return { sender, updates, latest, settled };
}

/** A composed ProveSource Goal Completed, as the composer produces it. */
export function goalCompleted(): Record<string, unknown> {
  return {
    type: 'track',
    event: 'Goal Completed',
    userId: 'user-42',
    anonymousId: 'anon-7f3c',
    originalTimestamp: '2025-03-01T10:15:00.000Z',
    timestamp: '2025-03-01T10:15:00.000Z',
    messageId: 'composer-msg-1',
    properties: {
      goalId: 'goal-123',
      goalName: 'Signed up',
      events: [
        { notificationId: 'n-1', view: true, hover: false, click: true },
        { notificationId: 'n-2', view: true, hover: true, click: false },
      ],
    },
    context: { app: { name: 'eventbench-test' } },
  };
}
