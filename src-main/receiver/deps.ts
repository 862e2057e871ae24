// What the receiver's request handlers need from the engine.
import type { Clock } from '../../src-shared/clock';
import type { WebhookConfig } from '../../src-shared/api';
import type { IngestRunner } from '../ingest/ingest-runner';
import type { CaptureStore } from '../store/capture-store';

export interface ReceiverDeps {
  store: CaptureStore;
  clock: Clock;
  /** Reads Tracking API request bodies (in the ingest worker thread, where there is one). */
  ingest: IngestRunner;
  /** Called once a request's captures are on disk and in the store's index. */
  onCaptured(): void;
  /** The configured webhook of this name, if any (any name is accepted and captured). */
  webhook(name: string): WebhookConfig | undefined;
  /** The secret this webhook had before its last change of secret, and when it was replaced (kept in memory only). */
  replacedSecret?(name: string): { secret: string; replacedAt: string } | undefined;
  /** A capture could not be written (disk full...): reported to the UI and stderr. */
  onStoreError(message: string): void;
}
