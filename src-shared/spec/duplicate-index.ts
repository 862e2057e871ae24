// Remembers messageIds for Segment's ~24 h de-duplication window. Pure: callers pass the time
// (from their injected clock or the message's receivedAt), so replays and tests are deterministic.
import { DUPLICATE_WINDOW_MS } from './limits';

export interface DuplicateIndexOptions {
  windowMs?: number;
  /** Hard cap on remembered ids; beyond it the oldest are forgotten first. */
  maxEntries?: number;
}

export class DuplicateIndex {
  readonly windowMs: number;
  readonly maxEntries: number;
  /**
   * messageId -> time it was accepted (not re-set by duplicates, as Segment drops those).
   * A Map iterates in insertion order and re-accepted ids are re-inserted, so the front holds the
   * oldest entries and pruning stops at the first one still inside the window.
   * Times are stored relative to `epochMs` (the first time recorded): epoch-ms values do not fit a
   * small integer, so V8 would box each one in a heap number, one more object per remembered id
   * for the GC to copy and keep.
   */
  private readonly acceptedAt = new Map<string, number>();
  private epochMs: number | undefined;
  /** When the front entry expires; prune() is a no-op before then (saves an iterator per call). */
  private nextExpiry = Infinity;

  constructor(options: DuplicateIndexOptions = {}) {
    this.windowMs = options.windowMs ?? DUPLICATE_WINDOW_MS;
    this.maxEntries = options.maxEntries ?? 1_000_000;
  }

  /**
   * True when `messageId` was accepted less than the window before `atMs` (a duplicate Segment
   * would drop). Otherwise records it as accepted at `atMs` and returns false.
   */
  seen(messageId: string, atMs: number): boolean {
    this.prune(atMs);
    if (this.epochMs === undefined) this.epochMs = atMs;
    const at = atMs - this.epochMs;
    const previous = this.acceptedAt.get(messageId);
    if (previous !== undefined && Math.abs(at - previous) < this.windowMs) return true;
    if (previous !== undefined) this.acceptedAt.delete(messageId);
    this.acceptedAt.set(messageId, at);
    if (this.acceptedAt.size === 1) this.nextExpiry = atMs + this.windowMs;
    if (this.acceptedAt.size > this.maxEntries) {
      const oldest = this.acceptedAt.keys().next().value;
      if (oldest !== undefined) this.acceptedAt.delete(oldest);
    }
    return false;
  }

  /** Would `seen` call this a duplicate? Records nothing. */
  has(messageId: string, atMs: number): boolean {
    const previous = this.acceptedAt.get(messageId);
    return previous !== undefined && this.epochMs !== undefined && Math.abs(atMs - this.epochMs - previous) < this.windowMs;
  }

  /** Forgets ids accepted a full window or more before `nowMs`. */
  prune(nowMs: number): void {
    if (nowMs < this.nextExpiry) return;
    const epochMs = this.epochMs ?? 0;
    const cutoff = nowMs - epochMs - this.windowMs;
    this.nextExpiry = Infinity;
    for (const [id, at] of this.acceptedAt) {
      if (at > cutoff) {
        this.nextExpiry = epochMs + at + this.windowMs;
        break;
      }
      this.acceptedAt.delete(id);
    }
  }

  get size(): number {
    return this.acceptedAt.size;
  }

  clear(): void {
    this.acceptedAt.clear();
    this.nextExpiry = Infinity;
  }
}
