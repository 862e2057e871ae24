// Interfaces between the engine and the sender/secrets/drafts services. The engine wires the
// `sender.*`, `secrets.*` and `drafts.*` commands straight to these.
import type { Delivery, Draft, DraftList, SecretStatus, SendRequest } from '../../src-shared/api';
import type { Clock } from '../../src-shared/clock';

export interface SecretStore {
  status(): SecretStatus;
  /** Never logged or exported; null removes it. */
  setWriteKey(writeKey: string | null): Promise<SecretStatus>;
  getWriteKey(): string | undefined;
}

export interface DraftStore {
  list(): Promise<DraftList>;
  save(draft: Draft): Promise<DraftList>;
  delete(name: string): Promise<DraftList>;
}

export interface SenderDeps {
  /** Base URL of the local receiver, e.g. http://127.0.0.1:8787 */
  receiverUrl(): string;
  secrets: SecretStore;
  clock: Clock;
  /** Called on every state change of a delivery (the engine pushes `sender.delivery`). */
  onDelivery(delivery: Delivery): void;
  /** Deliveries kept from before a restart (deliveries.json), oldest first. */
  restoredDeliveries?: Delivery[];
  /** The shared secret configured for this receiver's webhook of that name, if any (signs a webhook send that gives none). */
  webhookSecret?(name: string): string | undefined;
  /** For local sends: the seq of the captured row with this messageId, if captured. */
  findCapturedSeq(messageId: string): number | undefined;
  /** Tuning, mostly for tests: analytics-node's maxRetries (default 3). */
  segmentMaxRetries?: number;
  /** Webhook retries after the first attempt for 5xx / network errors (default 3). */
  webhookMaxRetries?: number;
  /** First webhook backoff delay in ms, doubling per retry (default 500). */
  webhookBackoffMs?: number;
}

export interface SenderService {
  send(request: SendRequest): Promise<{ sendId: string; deliveries: Delivery[] }>;
  deliveries(): Delivery[];
  /** Flushes pending sends and stops timers. */
  close(): Promise<void>;
}
