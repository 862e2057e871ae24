// Forwarding: Eventbench between the app and Segment. Each workspace source with `forward` sends
// what it captured on to Segment (US/EU) or any Segment-compatible URL, in batches, with its own
// write key. The capture log is the queue: a cursor per source (the last seq handled) is kept in
// forwarding.json, so nothing is lost while Segment is unreachable (batches retry with backoff)
// and a restart carries on from the cursor. Delivery is at least once: a crash between Segment's
// 200 and the cursor's write re-sends that batch, with the same messageIds, which Segment drops as
// duplicates.
import { join } from 'node:path';
import type { ForwardOutcome, ForwardStatus } from '../../src-shared/api';
import type { CapturedMessage } from '../../src-shared/capture';
import type { Clock, TimerHandle } from '../../src-shared/clock';
import { forwardBase, type Workspace, type WorkspaceSource } from '../../src-shared/workspace';
import type { CaptureStore } from '../store/capture-store';
import { JsonFile, keepDamagedCopy } from '../store/json-file';
import { readForwardingState, type ForwardingState, type ForwardSourceState } from '../../src-shared/forwarding-state';
import { exactMessageOf, stringifyExact } from '../../src-shared/exact-json';
import { parseIsoTime } from '../../src-shared/tracking-api/time';
import { errorMessage, scrubText } from '../sender/redact';
import { batchBase, isRedirect, REDIRECT_NOT_FOLLOWED, redirectTarget } from '../sender/redirect';

/** Messages per forwarded batch (Segment accepts up to 2,500 and 500 KB; 100 keeps batches small). */
const BATCH_MAX = 100;
const BATCH_BYTES_MAX = 450 * 1024;
const REQUEST_TIMEOUT_MS = 10_000;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** Rejected messages remembered per source (with Segment's answer), newest kept. */
const FAILED_KEPT = 10_000;

type SourceState = ForwardSourceState;
type ForwardingFile = ForwardingState;

interface Live {
  state: ForwardStatus['state'];
  lastError?: string;
  /** Seqs of the batch being sent (retrying ones included). */
  inFlight: number[];
  attempt: number;
  /**
   * Index positions before this one hold none of the source's messages after the cursor: the next
   * scan starts here, so an idle source costs nothing per capture of other sources.
   */
  scanFrom: number;
  /**
   * The source's messages at index positions [from, to), counted once: status() counts only the
   * positions new since (and takes out those the cursor passed), so with millions stored it costs
   * what changed, not a scan from the cursor each time. Undefined: count again.
   */
  pending?: { from: number; to: number; count: number };
}

export interface ForwarderDeps {
  dataDir: string;
  store: CaptureStore;
  workspace: () => Workspace;
  clock: Clock;
  warn: (message: string) => void;
  onChange: () => void;
  /** Tests: shorter backoff. */
  backoffFirstMs?: number;
}

/** Segment answers these for good: retrying would not help (the message or the key is at fault). */
/** What a redirect answer to a batch means, and the forward URL to set (where it points, less the `/v1/batch` added here). */
function redirectText(url: string, location: string | null): string {
  const target = redirectTarget(url, location);
  if (target === undefined) return 'with a redirect that names no Location: forwarding does not follow redirects; check the forward URL';
  const base = batchBase(target);
  return `with a redirect to ${target}: forwarding does not follow redirects (${REDIRECT_NOT_FOLLOWED.replace('its body', 'its batch')}); ${base !== undefined ? `set the forward URL to ${base}` : 'set the forward URL to the address that takes the batch'}`;
}

function isPermanent(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

export class Forwarder {
  private data: ForwardingFile = { sources: {} };
  private readonly live = new Map<string, Live>();
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private sleeping: { timer: TimerHandle; wake: () => void } | undefined;
  /** Changes of forwarding.json, one at a time (commit). */
  private saving: Promise<unknown> = Promise.resolve();
  /** Cursors checked against the loaded log (start-up): forwarding waits for it. */
  private checked: Promise<void> | undefined;

  private constructor(
    private readonly deps: ForwarderDeps,
    private readonly file: JsonFile<ForwardingFile>,
  ) {}

  static async open(deps: ForwarderDeps): Promise<Forwarder> {
    const file = new JsonFile<ForwardingFile>(join(deps.dataDir, 'forwarding.json'), { fallback: 'forwarding starts over from the first captured message', private: true, what: 'the forwarding key and progress', plural: true });
    const f = new Forwarder(deps, file);
    const read = await file.read(deps.warn);
    if (read !== undefined) {
      // Valid JSON of another shape (a hand edit, another version): each entry taken as far as it can be, and said.
      const { state, problems } = readForwardingState(read);
      f.data = state;
      if (problems.length > 0) {
        // What is left out would be gone with the next save: the file as it was is kept.
        const copy = await keepDamagedCopy(file.path, JSON.stringify(read, null, 2) + '\n');
        for (const p of problems) deps.warn(`forwarding.json: ${p}${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
      }
    }
    return f;
  }

  private sources(): WorkspaceSource[] {
    return this.deps.workspace().sources.filter((s) => s.forward !== undefined);
  }

  private stateOf(id: string): SourceState {
    return (this.data.sources[id] ??= { cursor: 0, forwarded: 0, failed: {} });
  }

  /** Sets (or with null, removes) the write key a source forwards with. */
  async setKey(sourceId: string, writeKey: string | null): Promise<void> {
    await this.commit((d) => {
      const s = (d.sources[sourceId] ??= { cursor: 0, forwarded: 0, failed: {} });
      if (writeKey) s.writeKey = writeKey;
      else delete s.writeKey;
    });
    this.wake(); // a new key: try now rather than after the backoff
    this.notify();
  }

  hasKey(sourceId: string): boolean {
    return !!this.data.sources[sourceId]?.writeKey;
  }

  /** The workspace changed: which messages belong to which source may have too. */
  workspaceChanged(): void {
    for (const l of this.live.values()) {
      l.scanFrom = 0;
      l.pending = undefined;
    }
    this.notify();
  }

  /** New captures, or the workspace changed: forward what is due. */
  notify(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pump()
      .catch((e) => this.deps.warn(`forwarding stopped: ${(e as Error).message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.closed) {
          this.again = false;
          this.notify();
        }
      });
  }

  private async pump(): Promise<void> {
    await (this.checked ??= this.checkCursors());
    for (;;) {
      this.again = false;
      let progressed = false;
      for (const source of this.sources()) {
        if (this.closed) return;
        progressed = (await this.forwardOne(source)) || progressed;
      }
      if (!progressed && !this.again) return;
    }
  }

  /** One batch of one source; true when something was handled. */
  private async forwardOne(source: WorkspaceSource): Promise<boolean> {
    const state = this.stateOf(source.id);
    const live = this.liveOf(source.id);
    if (!state.writeKey) {
      this.setLive(live, 'no-key');
      return false;
    }
    // A clear while the batch is out empties the log under it: its answer moves no cursor.
    const clears = this.deps.store.clearCount;
    const captures = await this.nextBatch(source, state.cursor, live);
    if (captures.length === 0) {
      this.setLive(live, 'idle');
      return false;
    }
    live.inFlight = captures.map((c) => c.seq);
    const last = captures[captures.length - 1].seq;
    // stringifyExact: a number JSON.parse rounded goes out with the client's digits (forwardedMessage).
    const now = this.deps.clock.now();
    const body = stringifyExact({ batch: captures.map((c) => forwardedMessage(c, now)), sentAt: new Date(now).toISOString() });
    const url = `${forwardBase(source.forward!.to)}/v1/batch`;
    this.setLive(live, live.attempt > 0 ? 'retrying' : 'sending', live.lastError);
    let status: number | undefined;
    let answer = '';
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${state.writeKey}:`).toString('base64')}`, 'user-agent': 'eventbench-forwarder' },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        // Followed, a 301 or 302 sent the POST on as a GET without its batch, and that GET's 200
        // marked every message forwarded. Not followed, it is retried until the URL is set right.
        redirect: 'manual',
      });
      status = res.status;
      // A proxy may repeat the key it was given (or its Basic form): the answer is shown in the
      // status and each message's outcome, so the key comes out before the answer is cut short.
      answer = isRedirect(status) ? redirectText(url, res.headers.get('location')) : scrubText(await res.text(), [state.writeKey]).slice(0, 300);
    } catch (e) {
      answer = scrubText(errorMessage(e), [state.writeKey]);
    }
    if (this.closed) return false;
    const lastRequestId = captures[captures.length - 1].requestId;
    /** Moves the cursor past the batch, on disk first (not when the log was cleared meanwhile). */
    const handled = (more: (s: SourceState) => void) =>
      this.commit((d) => {
        if (this.deps.store.clearCount !== clears) return false;
        const s = d.sources[source.id]!;
        s.cursor = last;
        s.cursorRequestId = lastRequestId;
        more(s);
      });
    if (this.deps.store.clearCount !== clears) {
      // Counted as sent all the same (Segment has them); the new log starts from its first message.
      if (status !== undefined && status >= 200 && status < 300) await this.commit((d) => void (d.sources[source.id]!.forwarded += captures.length));
      live.attempt = 0;
      live.inFlight = [];
      return true;
    }
    if (status !== undefined && status >= 200 && status < 300) {
      await handled((s) => (s.forwarded += captures.length));
      live.attempt = 0;
      live.inFlight = [];
      this.setLive(live, 'sending');
      return true;
    }
    if (status !== undefined && isPermanent(status)) {
      await handled((s) => {
        for (const c of captures) s.failed[String(c.seq)] = `${status} ${answer}`.trim();
        s.lastRefusal = `Segment refused #${captures[0].seq}${captures.length > 1 ? `–#${last}` : ''} (${captures.length} message${captures.length === 1 ? '' : 's'}): ${status} ${answer}`.trim();
        const keys = Object.keys(s.failed);
        if (keys.length > FAILED_KEPT) for (const k of keys.slice(0, keys.length - FAILED_KEPT)) delete s.failed[k];
      });
      live.attempt = 0;
      live.inFlight = [];
      this.setLive(live, 'failed', `Segment refused a batch: ${status} ${answer}`.trim());
      return true;
    }
    // Unreachable, 5xx, 408, 429: wait and try the same batch again.
    const delay = Math.min(BACKOFF_MAX_MS, (this.deps.backoffFirstMs ?? BACKOFF_FIRST_MS) * 2 ** live.attempt++);
    this.setLive(live, 'retrying', `${status !== undefined ? `answered ${status} ${answer}` : `unreachable: ${answer}`}; retry ${live.attempt} in ${Math.round(delay / 100) / 10} s`.trim());
    await this.sleep(delay);
    return true;
  }

  /** The source's next captures after the cursor, up to a batch. */
  private async nextBatch(source: WorkspaceSource, cursor: number, live: Live): Promise<CapturedMessage[]> {
    const index = this.deps.store.index;
    const positions: number[] = [];
    let i = Math.max(index.firstAfterSeq(cursor), Math.min(live.scanFrom, index.size));
    for (; i < index.size && positions.length < BATCH_MAX; i++) {
      if (index.planAt(i).source?.id === source.id) positions.push(i);
    }
    live.scanFrom = positions.length > 0 ? positions[0] : i;
    const captures = await this.deps.store.getAt(positions);
    let bytes = 0;
    const out: CapturedMessage[] = [];
    for (const c of captures) {
      bytes += JSON.stringify(c.message).length;
      if (out.length > 0 && bytes > BATCH_BYTES_MAX) break;
      out.push(c);
    }
    return out;
  }

  private liveOf(id: string): Live {
    let l = this.live.get(id);
    if (!l) this.live.set(id, (l = { state: 'idle', inFlight: [], attempt: 0, scanFrom: 0 }));
    return l;
  }

  private setLive(live: Live, state: Live['state'], lastError?: string): void {
    const changed = live.state !== state || live.lastError !== lastError;
    live.state = state;
    live.lastError = lastError;
    if (changed) this.deps.onChange();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.sleeping = undefined;
        resolve();
      };
      this.sleeping = { timer: this.deps.clock.setTimeout(wake, ms), wake };
    });
  }

  private wake(): void {
    const s = this.sleeping;
    if (!s) return;
    this.deps.clock.clearTimeout(s.timer);
    s.wake();
  }

  /**
   * Changes the forwarding state: the changed state is written to forwarding.json, and becomes the
   * state once it is on disk, one change at a time (a cursor and a key saved together cannot undo
   * one another). A change that returns false is dropped. A failed write (SaveFailed) leaves the
   * state as it was, unless `evenIfUnsaved` (a clear: the log is empty whatever the file says).
   */
  private commit(change: (d: ForwardingFile) => void | false, evenIfUnsaved = false): Promise<void> {
    const run = this.saving.catch(() => undefined).then(async () => {
      const next = structuredClone(this.data);
      if (change(next) === false) return;
      try {
        await this.file.write(next);
      } catch (e) {
        if (evenIfUnsaved) this.data = next;
        throw e;
      }
      this.data = next;
    });
    this.saving = run;
    return run;
  }

  /**
   * At start-up, once the log is loaded: a cursor whose message is not in the log (or is another
   * request's) was saved for a log cleared since (the engine stopped between the clear and the
   * cursor's save): that source starts over from the log's first message, rather than skip the
   * new messages up to the old seq.
   */
  private async checkCursors(): Promise<void> {
    await this.deps.store.loaded;
    const stale: string[] = [];
    for (const [id, s] of Object.entries(this.data.sources)) {
      if (s.cursor <= 0) continue;
      const i = this.deps.store.index.find(s.cursor);
      const at = i < 0 ? undefined : (await this.deps.store.getAt([i]))[0];
      if (!at || (s.cursorRequestId !== undefined && at.requestId !== s.cursorRequestId)) stale.push(id);
    }
    if (stale.length === 0) return;
    this.deps.warn(`forwarding.json: the capture log was cleared after the last message forwarded for ${stale.map((id) => `"${id}"`).join(', ')} (Eventbench stopped before it saved that); forwarding starts over from the log's first message`);
    await this.commit((d) => {
      for (const id of stale) Object.assign(d.sources[id]!, { cursor: 0, failed: {} });
      for (const id of stale) delete d.sources[id]!.cursorRequestId;
    }, true).catch((e: Error) => this.deps.warn(e.message));
  }

  status(): ForwardStatus[] {
    const index = this.deps.store.index;
    return this.sources().map((source) => {
      const state = this.stateOf(source.id);
      const live = this.liveOf(source.id);
      const pending = this.pendingOf(source.id, live, index.firstAfterSeq(state.cursor));
      return {
        sourceId: source.id,
        to: forwardBase(source.forward!.to),
        hasKey: !!state.writeKey,
        state: state.writeKey ? (pending === 0 && live.state !== 'failed' ? 'idle' : live.state) : 'no-key',
        forwarded: state.forwarded,
        pending,
        failed: Object.keys(state.failed).length,
        cursorSeq: state.cursor,
        ...(live.lastError ? { lastError: live.lastError } : {}),
        ...(state.lastRefusal ? { lastRefusal: state.lastRefusal } : {}),
      };
    });
  }

  /** How many of the source's messages are at positions from `from` on (see Live.pending). */
  private pendingOf(sourceId: string, live: Live, from: number): number {
    const index = this.deps.store.index;
    const countIn = (a: number, b: number) => {
      let n = 0;
      for (let i = a; i < b; i++) if (index.planAt(i).source?.id === sourceId) n++;
      return n;
    };
    let p = live.pending;
    // A clear shrank the index, or the cursor is outside what was counted: count afresh.
    if (p === undefined || index.size < p.to || from < p.from || from > p.to) p = { from, to: from, count: 0 };
    if (from > p.from) {
      p.count -= countIn(p.from, from);
      p.from = from;
    }
    if (index.size > p.to) {
      p.count += countIn(p.to, index.size);
      p.to = index.size;
    }
    live.pending = p;
    return p.count;
  }

  /** Each seq's forward outcome (null: its source does not forward). */
  outcomes(seqs: readonly number[]): (ForwardOutcome | null)[] {
    const index = this.deps.store.index;
    return seqs.map((seq) => {
      const i = index.find(seq);
      if (i < 0) return null;
      const source = index.planAt(i).source;
      if (!source?.forward) return null;
      const state = this.stateOf(source.id);
      const to = forwardBase(source.forward.to);
      const failed = state.failed[String(seq)];
      if (failed !== undefined) return { state: 'failed', to, detail: failed };
      if (seq <= state.cursor) return { state: 'forwarded', to };
      const live = this.liveOf(source.id);
      if (!state.writeKey) return { state: 'pending', to, detail: 'no write key to forward with' };
      if (live.inFlight.includes(seq) && live.state === 'retrying') return { state: 'retrying', to, detail: live.lastError };
      return { state: 'pending', to };
    });
  }

  /**
   * The log was cleared: every source starts over, on disk before the clear is answered. Should
   * that write fail (or Eventbench stop before it), the start-up finds the cursors past the log
   * (checkCursors), so nothing new is skipped either way.
   */
  async reset(): Promise<void> {
    for (const l of this.live.values()) {
      l.scanFrom = 0;
      l.pending = undefined;
    }
    await this.commit((d) => {
      for (const s of Object.values(d.sources)) {
        s.cursor = 0;
        s.failed = {};
        delete s.cursorRequestId;
      }
    }, true).catch((e: Error) => this.deps.warn(`${e.message} (the log was cleared all the same: at the next start, forwarding starts from its first message)`));
    this.notify();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    await this.running;
    await this.saving.catch(() => undefined);
    await this.file.flushed();
  }
}

/**
 * The message as the client sent it (receivedAt is Segment's to set), messageId kept for dedupe.
 * A message holding a number JSON.parse alters (an integer past 2^53) is read from its stored text,
 * that number kept as its digits (stringifyExact writes them).
 */
/**
 * The message as the client sent it, less receivedAt. Its sentAt moves on by the time it waited
 * here (now − receivedAt): Segment corrects a message's timestamp by receivedAt − sentAt, so a
 * message held through an outage would otherwise have its timestamp moved forward by the wait.
 */
function forwardedMessage(c: CapturedMessage, nowMs: number): Record<string, unknown> {
  const { receivedAt: _receivedAt, ...message } = exactMessageOf(c);
  const sentAt = parseIsoTime(message.sentAt);
  const receivedAt = parseIsoTime(c.receivedAt);
  if (sentAt !== undefined && receivedAt !== undefined && nowMs > receivedAt) message.sentAt = new Date(sentAt + (nowMs - receivedAt)).toISOString();
  return message;
}
