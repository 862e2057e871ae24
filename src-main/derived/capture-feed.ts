// Feeds every captured message, in seq order, to the derived views (user matching, sessions).
// They hold no state of their own on disk: on start the feed replays the whole capture log to
// them, then each new capture as it lands; a clear resets them. So a restart, a clear or a
// settings change always re-derives the same answer from the same captures.
//
// Derived on first use: until something asks (an API call that reads a derived view, an engine
// subscriber such as the UI, a move of the clock), nothing is read back, so a headless receiver
// that nobody asks pays nothing for them. Once active it stays active.
//
// Reading back is kept off the ingest path: a burst of captures is fed once it pauses (IDLE_MS
// after the last one), or at the latest MAX_LAG_MS after the first one not yet fed, in chunks
// that leave the event loop free between them. Every API answer that reads a derived view
// awaits catchUp() first, so it never answers from behind.
import type { CapturedMessage } from '../../src-shared/capture';
import type { Clock, TimerHandle } from '../../src-shared/clock';
import type { CaptureStore } from '../store/capture-store';

/** How far the consumers are through the captures the log held at start-up: `fed` of `total`. */
export interface FeedProgress {
  fed: number;
  total: number;
}

export interface CaptureConsumer {
  /** The capture log was emptied: forget every message fed so far. */
  reset(): void;
  /** The next messages of the log, in seq order (never one twice, never one skipped). */
  add(batch: readonly CapturedMessage[]): void;
}

/** Messages read back from the log per step. */
const READ_CHUNK = 1000;
const IDLE_MS = 40;
const MAX_LAG_MS = 500;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class CaptureFeed {
  private readonly consumers: CaptureConsumer[] = [];
  /** Index positions [0, fedUpTo) were fed. */
  private fedUpTo = 0;
  private generation = 0;
  private running: Promise<void> | undefined;
  private stopped = false;
  private active = false;
  private idleTimer: TimerHandle | undefined;
  /** When the oldest capture not yet fed arrived (clock ms), while one waits. */
  private waitingSince: number | undefined;
  /** Index positions [0, backfillTo) were in the log at start-up (see backfill()). */
  private backfillTo = 0;
  /** Set while the consumers read those back (the views answer once they have). */
  private backlog: FeedProgress | undefined;
  private progressListener: (progress: FeedProgress | null) => void = () => undefined;

  constructor(
    private readonly store: CaptureStore,
    private readonly clock: Clock,
    private readonly onError: (message: string) => void,
  ) {}

  subscribe(consumer: CaptureConsumer): void {
    this.consumers.push(consumer);
  }

  /**
   * Told after each read while the consumers read back the captures the log held at start-up
   * (more than one read's worth), then null once they have: after a restart over a big log that
   * takes seconds, the views' answers wait for it, and a user should see why. Captures arriving
   * live are not told (a load test keeps the feed half a second behind, by design).
   */
  onProgress(listener: (progress: FeedProgress | null) => void): void {
    this.progressListener = listener;
  }

  /** The captures positions [0, upTo) were in the log at start-up: progress is told through them. */
  backfill(upTo: number): void {
    this.backfillTo = upTo;
  }

  /** How far the consumers are through the start-up captures, while they read them. */
  get progress(): FeedProgress | undefined {
    return this.backlog ? { ...this.backlog } : undefined;
  }

  /** How many messages every consumer has seen. */
  get fed(): number {
    return this.fedUpTo;
  }

  /** New captures landed: feed them once ingest pauses, or MAX_LAG_MS after the first at the latest. */
  notify(): void {
    if (this.stopped || !this.active) return;
    const now = this.clock.now();
    this.waitingSince ??= now;
    if (this.idleTimer !== undefined) this.clock.clearTimeout(this.idleTimer);
    const wait = Math.max(0, Math.min(IDLE_MS, this.waitingSince + MAX_LAG_MS - now));
    this.idleTimer = this.clock.setTimeout(() => {
      this.idleTimer = undefined;
      this.waitingSince = undefined;
      void this.catchUp();
    }, wait);
  }

  /**
   * Feeds everything captured so far; resolves once the consumers have seen every message that
   * was in the index when it was called.
   */
  catchUp(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.active = true;
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running.then(() => (!this.stopped && this.fedUpTo < this.store.index.size ? this.catchUp() : undefined));
  }

  /** Someone will read the derived views (the UI subscribed): feed everything from now on. */
  activate(): void {
    if (!this.active) void this.catchUp();
  }

  get isActive(): boolean {
    return this.active;
  }

  /** The log was cleared: consumers start over; a read in flight is dropped. */
  reset(): void {
    this.generation++;
    this.fedUpTo = 0;
    for (const c of this.consumers) c.reset();
    this.backfillTo = 0; // the start-up captures are gone
    this.endBacklog();
  }

  /** Engine shutdown: no more reads; resolves once a read in flight is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    if (this.idleTimer !== undefined) this.clock.clearTimeout(this.idleTimer);
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    try {
      await this.feedAll();
    } finally {
      this.endBacklog();
    }
  }

  private endBacklog(): void {
    if (this.backlog === undefined) return;
    this.backlog = undefined;
    this.progressListener(null);
  }

  private async feedAll(): Promise<void> {
    while (!this.stopped && this.fedUpTo < this.store.index.size) {
      const generation = this.generation;
      const from = this.fedUpTo;
      const to = Math.min(this.store.index.size, from + READ_CHUNK);
      let batch: CapturedMessage[];
      try {
        batch = await this.store.readRun(from, to);
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
      if (this.fedUpTo < this.store.index.size) {
        if (this.fedUpTo < this.backfillTo && this.backfillTo > READ_CHUNK) {
          this.backlog = { fed: this.fedUpTo, total: this.backfillTo };
          this.progressListener({ ...this.backlog });
        } else this.endBacklog();
        await yieldToEventLoop();
      }
    }
  }
}
