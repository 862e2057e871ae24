// Feeds every captured message, in seq order, to the derived views (user matching, sessions).
// They hold no state of their own on disk: on start the feed replays the whole capture log to
// them, then each new capture as it lands; a clear resets them. So a restart, a clear or a
// settings change always re-derives the same answer from the same captures.
import type { CapturedMessage } from '../../src-shared/capture';
import type { CaptureStore } from '../store/capture-store';

export interface CaptureConsumer {
  /** The capture log was emptied: forget every message fed so far. */
  reset(): void;
  /** The next messages of the log, in seq order (never one twice, never one skipped). */
  add(batch: readonly CapturedMessage[]): void;
}

/** Messages read back from the log per step; small enough to leave the event loop free between. */
const READ_CHUNK = 2000;

export class CaptureFeed {
  private readonly consumers: CaptureConsumer[] = [];
  /** Index positions [0, fedUpTo) were fed. */
  private fedUpTo = 0;
  private generation = 0;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: CaptureStore,
    private readonly onError: (message: string) => void,
  ) {}

  subscribe(consumer: CaptureConsumer): void {
    this.consumers.push(consumer);
  }

  /** How many messages every consumer has seen. */
  get fed(): number {
    return this.fedUpTo;
  }

  /**
   * Feeds everything captured so far; resolves once the consumers have seen every message that
   * was in the index when it was called (API answers await it, so they include the latest send).
   */
  catchUp(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running.then(() => (this.fedUpTo < this.store.index.size ? this.catchUp() : undefined));
  }

  /** The log was cleared: consumers start over; a read in flight is dropped. */
  reset(): void {
    this.generation++;
    this.fedUpTo = 0;
    for (const c of this.consumers) c.reset();
  }

  /** Engine shutdown: no more reads; resolves once a read in flight is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (!this.stopped && this.fedUpTo < this.store.index.size) {
      const generation = this.generation;
      const from = this.fedUpTo;
      const to = Math.min(this.store.index.size, from + READ_CHUNK);
      const positions = Array.from({ length: to - from }, (_, i) => from + i);
      let batch: CapturedMessage[];
      try {
        batch = await this.store.getAt(positions);
      } catch (e) {
        if (generation !== this.generation) continue;
        this.onError(`could not read captures ${from + 1}-${to} back for matching and sessions: ${(e as Error).message}`);
        this.fedUpTo = to;
        continue;
      }
      if (generation !== this.generation) continue; // cleared meanwhile: start again from 0
      this.fedUpTo = to;
      for (const c of this.consumers) {
        try {
          c.add(batch);
        } catch (e) {
          this.onError(`a derived view failed on captures ${from + 1}-${to}: ${(e as Error).message}`);
        }
      }
    }
  }
}
