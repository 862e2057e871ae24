// The capture store: the log on disk plus the in-memory index and duplicate-messageId index,
// rebuilt on load. Seqs are allocated synchronously by the caller building a request's captures
// and appended in the same tick, so file order, seq order and index order always agree.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CapturedMessage, MessageSummary } from '../../src-shared/capture';
import { toSummary } from '../../src-shared/summary';
import { CaptureLog, type LogLine } from './capture-log';
import { ensureDir } from './ensure-dir';
import { DuplicateIndex } from '../../src-shared/spec/duplicate-index';
import { MessageIndex } from './message-index';
import { serializeCapture, toCapturedMessage, type SerializedParts } from './record';

export const CAPTURE_LOG_FILE = 'captures.ndjson';
const MAX_REPORTED_LINES = 20;

export interface CaptureEntry {
  capture: CapturedMessage;
  parts: SerializedParts;
}

export class CaptureStore {
  readonly index = new MessageIndex();
  /** Segment's 24 h messageId de-duplication, for Tracking API messages. */
  readonly duplicates = new DuplicateIndex();
  /** Webhook deliveries get their own window: a retried delivery repeats its messageId. */
  readonly webhookDuplicates = new DuplicateIndex();
  /** messageId -> seq of its latest capture (the sender links a local send to its row). */
  private seqByMessageId = new Map<string, number>();
  /** Problems found while loading the log, one sentence each. */
  readonly warnings: string[] = [];
  private nextSeq = 1;
  /** Bumped by clear(): appends that finish afterwards belong to the emptied log. */
  private generation = 0;
  private log!: CaptureLog;

  private constructor(readonly path: string) {}

  static async open(dataDir: string): Promise<CaptureStore> {
    await ensureDir(dataDir);
    const store = new CaptureStore(join(dataDir, CAPTURE_LOG_FILE));
    let badLines = 0;
    const report = (msg: string) => {
      badLines++;
      if (badLines <= MAX_REPORTED_LINES) store.warnings.push(msg);
    };
    store.log = await CaptureLog.open(store.path, (l, isLast) => store.loadLine(l, isLast, report));
    if (badLines > MAX_REPORTED_LINES) {
      store.warnings.push(`${CAPTURE_LOG_FILE}: ${badLines - MAX_REPORTED_LINES} more unreadable lines skipped`);
    }
    return store;
  }

  private loadLine(l: LogLine, isLastUnterminated: boolean, report: (msg: string) => void): void {
    if (l.text.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(l.text);
    } catch (e) {
      report(
        isLastUnterminated
          ? `${CAPTURE_LOG_FILE} line ${l.line}: incomplete last line (${l.length} bytes), probably cut off by a crash mid-write; skipped`
          : `${CAPTURE_LOG_FILE} line ${l.line}: not valid JSON (${(e as Error).message}); skipped`,
      );
      return;
    }
    const rec = toCapturedMessage(parsed);
    if (typeof rec === 'string') {
      report(`${CAPTURE_LOG_FILE} line ${l.line}: not a captured message: ${rec}; skipped`);
      return;
    }
    if (rec.seq < this.nextSeq) {
      report(`${CAPTURE_LOG_FILE} line ${l.line}: seq ${rec.seq} is out of order; shown as seq ${this.nextSeq}`);
      rec.seq = this.nextSeq;
    }
    this.nextSeq = rec.seq + 1;
    this.index.add(toSummary(rec), JSON.stringify(rec.message), l.offset, l.length);
    this.noteMessageId(rec);
  }

  /** Rebuilds the duplicate index from a loaded or imported record. */
  private noteMessageId(c: CapturedMessage): void {
    const id = c.message.messageId;
    if (typeof id !== 'string') return;
    const index = c.origin.kind === 'tracking' ? this.duplicates : this.webhookDuplicates;
    const at = Date.parse(c.receivedAt);
    if (!Number.isNaN(at)) index.seen(id, at);
    this.seqByMessageId.set(id, c.seq);
  }

  seqOfMessageId(messageId: string): number | undefined {
    return this.seqByMessageId.get(messageId);
  }

  get messageCount(): number {
    return this.index.size;
  }

  allocateSeq(): number {
    return this.nextSeq++;
  }

  /**
   * Writes the captures (one write, group-committed with concurrent requests) and indexes them.
   * Resolves with their summaries once they are in the file.
   */
  async append(entries: CaptureEntry[], opts: { rebuildDuplicates?: boolean } = {}): Promise<MessageSummary[]> {
    if (entries.length === 0) return [];
    const gen = this.generation;
    const lengths: number[] = new Array(entries.length);
    let text = '';
    for (let i = 0; i < entries.length; i++) {
      const line = serializeCapture(entries[i].capture, entries[i].parts);
      lengths[i] = Buffer.byteLength(line) - 1;
      text += line;
    }
    const { offset, written } = this.log.append(text);
    await written;
    const summaries: MessageSummary[] = new Array(entries.length);
    let at = offset;
    for (let i = 0; i < entries.length; i++) {
      const { capture, parts } = entries[i];
      summaries[i] = toSummary(capture);
      if (gen === this.generation) {
        this.index.add(summaries[i], parts.messageJson, at, lengths[i]);
        // Live captures were checked (and recorded) by prepareMessage; imports were not.
        if (opts.rebuildDuplicates) this.noteMessageId(capture);
        else if (typeof capture.message.messageId === 'string') this.seqByMessageId.set(capture.message.messageId, capture.seq);
      }
      at += lengths[i] + 1;
    }
    return gen === this.generation ? summaries : [];
  }

  async get(seq: number): Promise<CapturedMessage | null> {
    const i = this.index.find(seq);
    return i < 0 ? null : this.readAt(i);
  }

  /** Full records at index positions (from MessageIndex.filter), in the same order. */
  async getAt(positions: number[]): Promise<CapturedMessage[]> {
    const out = await Promise.all(positions.map((i) => this.readAt(i)));
    return out.filter((c): c is CapturedMessage => c !== null);
  }

  private async readAt(i: number): Promise<CapturedMessage | null> {
    const seq = this.index.summaries[i].seq;
    const { offset, length } = this.index.location(i);
    const rec = toCapturedMessage(JSON.parse(await this.log.read(offset, length)));
    if (typeof rec === 'string') return null;
    rec.seq = seq;
    return rec;
  }

  async clear(): Promise<void> {
    this.generation++;
    this.index.clear();
    this.duplicates.clear();
    this.webhookDuplicates.clear();
    this.seqByMessageId.clear();
    this.nextSeq = 1;
    await this.log.truncate();
  }

  /** The log file as it is once every queued write is on disk. */
  async exportText(): Promise<string> {
    await this.log.flushed();
    return readFile(this.path, 'utf8');
  }

  /** Waits for queued writes (export streams the file itself). */
  flushed(): Promise<void> {
    return this.log.flushed();
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
