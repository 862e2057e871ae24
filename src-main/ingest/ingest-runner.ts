// Runs ingest jobs in a worker thread when one is configured (the CLI and the Electron shell do):
// parsing and validating a request's messages and laying out their log text (most of the
// per-message work) use another core, and the main thread (in Electron, the one that also serves the window) keeps only the HTTP
// exchange, the duplicate check, the log write and the index. Without a worker, or once the worker
// has died, jobs run in the calling thread: the same function, the same results.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeResult, runIngestJob, type EncodedResult, type IngestJob, type IngestResult } from './ingest-job';
import { LogChunkReader, type ParsedLogChunk } from '../store/log-chunk';
import { loadScenario } from '../replay/load';
import { checkScenario } from '../../src-shared/scenario/check';
import { toPlay, type ScenarioToPlay } from '../../src-shared/scenario/to-play';
import type { ScenarioCheck } from '../../src-shared/scenario/report';

export interface IngestWorkerOptions {
  /** The worker script: the built out/main/ingest-worker.js (tests: a loader for the TypeScript source). */
  url: URL;
  /** Shared memory slots (requests in flight in the worker) and their size; defaults below. */
  slotCount?: number;
  slotBytes?: number;
}

export interface IngestRunner {
  /** 'worker' while the worker thread serves; 'in-thread' without one, or after it failed. */
  readonly mode: 'worker' | 'in-thread';
  run(job: IngestJob): Promise<IngestResult>;
  /** Jobs run so far in the worker and in the calling thread (diagnostics). */
  readonly stats: { worker: number; inThread: number };
  /** The caller is done with a result's bytes: the memory can carry the next request. */
  release(result: IngestResult): void;
  /**
   * Resolves once the result of every job run so far has gone to its caller (who stores it at
   * once): a capture stored after this takes its seq after theirs, in the order requests arrived.
   */
  settled(): Promise<void>;
  /**
   * Parses a run of the capture log's lines (parseLogChunk) for a start-up load, in the worker
   * when there is one (`bytes` left alone until the promise settles; in shared memory, else they
   * are copied to the worker). Runs are parsed in the order given; `first` starts a new load.
   */
  parseLogChunk(bytes: Buffer, endsUnterminated: boolean, first: boolean): Promise<ParsedLogChunk>;
  /**
   * Parses and checks a scenario file's text (loadScenario) for Play, in the worker when there is
   * one: a big file takes about a second per MB, which on the main thread froze the receiver. While
   * one is in the worker, requests are read in the calling thread (as when every slot is busy).
   * Answers what Play needs (toPlay: each step's body as text, read when it runs), not the parse:
   * every step's message as objects took this thread 115-280 ms to receive for a 2.8 MB file.
   */
  playScenario(text: string, file: string): Promise<ScenarioToPlay>;
  /**
   * Parses a scenario file as playScenario does and answers its check (checkScenario) alone: from
   * the worker, only each step's line and label cross to this thread, not every step's message (a
   * 2.8 MB file's parse took this thread hundreds of ms to receive, while /v1/track waited).
   */
  checkScenario(text: string, file: string): Promise<ScenarioCheck>;
  close(): Promise<void>;
}

/** A scenario file's text as posted to the worker (see IngestRunner.playScenario). */
export interface WorkerScenarioMessage {
  kind: 'scenario';
  id: number;
  text: string;
  file: string;
  /** What to answer: the check (checkScenario) alone, or what Play needs (toPlay). */
  answer: 'check' | 'play';
}

export type WorkerScenarioReply =
  | { id: number; play: ScenarioToPlay; check?: undefined; error?: undefined }
  | { id: number; check: ScenarioCheck; play?: undefined; error?: undefined }
  | { id: number; play?: undefined; check?: undefined; error: string };

/** A run of log lines as posted to the worker (see IngestRunner.parseLogChunk): a view of shared memory, so not copied. */
export interface WorkerLogChunkMessage {
  kind: 'log-chunk';
  id: number;
  bytes: Uint8Array;
  endsUnterminated: boolean;
  first: boolean;
}

export type WorkerLogChunkReply = { id: number; chunk: ParsedLogChunk; error?: undefined } | { id: number; chunk?: undefined; error: string };

/** A job as posted to the worker: its body is in shared slot `slot`, bodyLength bytes. */
export interface WorkerJobMessage {
  id: number;
  slot: number;
  bodyLength: number;
  job: Omit<IngestJob, 'body'>;
}

/**
 * A result as posted back: `encoded` when the result is in the job's slot (its bytes, then its
 * fields, see encodeResult); else `result` (posted whole; the slot is free again).
 */
export interface WorkerResultMessage {
  id: number;
  result?: IngestResult;
  bytesLength?: number;
  encoded?: EncodedResult;
}

/**
 * The built worker next to an entry of out/main (pass the entry's import.meta.url), or undefined
 * when it is not there (then requests are read in the calling thread).
 */
export function builtIngestWorker(entryUrl: string): IngestWorkerOptions | undefined {
  const file = 'ingest-worker.js'; // a variable: a literal new URL(...) would be taken for an asset by the bundler
  const url = new URL(file, entryUrl);
  return existsSync(fileURLToPath(url)) ? { url } : undefined;
}

export function createIngestRunner(worker: IngestWorkerOptions | undefined, log: (message: string) => void = () => {}): IngestRunner {
  if (!worker) return new InThreadRunner();
  return new WorkerIngestRunner(worker, log);
}

class InThreadRunner implements IngestRunner {
  readonly mode = 'in-thread' as const;
  readonly stats = { worker: 0, inThread: 0 };
  /** The load's parse state (set from the worker's last reply when it takes over from it). */
  readonly logReader = new LogChunkReader();
  run(job: IngestJob): Promise<IngestResult> {
    this.stats.inThread++;
    return Promise.resolve(runIngestJob(job));
  }
  release(): void {}
  settled(): Promise<void> {
    return Promise.resolve(); // each job's result was handed out in the tick it came in
  }
  parseLogChunk(bytes: Buffer, endsUnterminated: boolean, first: boolean): Promise<ParsedLogChunk> {
    try {
      return Promise.resolve(this.logReader.parse(bytes, endsUnterminated, first));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }
  playScenario(text: string, file: string): Promise<ScenarioToPlay> {
    return this.parsed(text, file).then(toPlay);
  }
  checkScenario(text: string, file: string): Promise<ScenarioCheck> {
    return this.parsed(text, file).then(checkScenario);
  }
  private parsed(text: string, file: string) {
    try {
      return Promise.resolve(loadScenario(text, file));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Shared memory slots, one per request in flight: a body is copied into a free slot and the worker
 * writes the result after it (the texts not in the body, then the fields: numbers as Int32 columns,
 * the rest as one JSON text). Shared once, at start, so no buffer is allocated or handed over per
 * request, and what is posted is a few numbers.
 * A body too big for a slot (over half of it), or one arriving while every slot is busy, is read in
 * this thread instead.
 */
const SLOT_COUNT = 16;
const SLOT_BYTES = 1 << 20; // twice the largest body Segment accepts (500 KB)

class WorkerIngestRunner implements IngestRunner {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { slot: number; resolve: (result: IngestResult) => void }>();
  /** Runs of log lines in the worker, in the order posted. */
  private readonly pendingChunks = new Map<number, { bytes: Buffer; endsUnterminated: boolean; first: boolean; resolve: (c: ParsedLogChunk) => void; reject: (e: Error) => void }>();
  /** Scenario files being parsed in the worker (see parseScenario). */
  private readonly pendingScenarios = new Map<number, { text: string; file: string; answer: WorkerScenarioMessage['answer']; resolve: (r: ScenarioToPlay | ScenarioCheck) => void; reject: (e: Error) => void }>();
  private readonly slots: Buffer[];
  private readonly freeSlots: number[];
  /** Results whose bytes are still in a slot (until release). */
  private readonly slotOf = new WeakMap<IngestResult, number>();
  /** The last result handed out: each one waits for the one before (see run). */
  private lastResult: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private workerJobs = 0;
  private failed = false;
  private closing = false;
  private readonly inThread = new InThreadRunner();

  constructor(options: IngestWorkerOptions, private readonly log: (message: string) => void) {
    const count = options.slotCount ?? SLOT_COUNT;
    const shared = Array.from({ length: count }, () => new SharedArrayBuffer(options.slotBytes ?? SLOT_BYTES));
    this.slots = shared.map((s) => Buffer.from(s));
    this.freeSlots = shared.map((_, i) => count - 1 - i);
    // One thread: on the 2-core machine the numbers come from, a second one ran slower (the
    // cores are shared with the main thread, the garbage collector and the load generator).
    this.worker = new Worker(options.url, { workerData: { slots: shared } });
    // The HTTP server keeps the process alive; an idle worker should not.
    this.worker.unref();
    this.worker.on('message', (msg: WorkerResultMessage | WorkerLogChunkReply | WorkerScenarioReply) => {
      if (this.pendingScenarios.has(msg.id)) this.onScenarioReply(msg as WorkerScenarioReply);
      else if ('chunk' in msg || 'error' in msg) this.onChunkReply(msg as WorkerLogChunkReply);
      else this.onReply(msg as WorkerResultMessage);
    });
    this.worker.on('error', (e) => this.fail(e.message));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fail(`it exited with code ${code}`);
    });
  }

  private onReply(msg: WorkerResultMessage): void {
    const job = this.pending.get(msg.id);
    if (!job) return;
    this.pending.delete(msg.id);
    try {
      job.resolve(this.resultOf(msg, job.slot));
    } catch (e) {
      // A reply that cannot be read (a bug): this request fails, the engine goes on.
      this.freeSlots.push(job.slot);
      job.resolve({ ok: false, status: 500, code: 'ingest-failed', error: `internal error while reading the request: ${(e as Error).message}` });
    }
  }

  private onChunkReply(msg: WorkerLogChunkReply): void {
    const job = this.pendingChunks.get(msg.id);
    if (!job) return;
    this.pendingChunks.delete(msg.id);
    if (msg.chunk === undefined) {
      job.reject(new Error(`the log could not be parsed: ${msg.error}`));
      return;
    }
    // Should the worker fail, the runs after this one are parsed here, from the state it left.
    const state = this.inThread.logReader.state;
    state.haveRequest = msg.chunk.haveRequestAfter;
    state.replaced = msg.chunk.replacedAfter;
    state.position = msg.chunk.positionAfter;
    job.resolve(msg.chunk);
  }

  parseLogChunk(bytes: Buffer, endsUnterminated: boolean, first: boolean): Promise<ParsedLogChunk> {
    // Every run goes to the worker while it serves (its state follows them), never some here.
    if (this.failed || this.closing) return this.inThread.parseLogChunk(bytes, endsUnterminated, first);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pendingChunks.set(id, { bytes, endsUnterminated, first, resolve, reject });
      const message: WorkerLogChunkMessage = { kind: 'log-chunk', id, bytes, endsUnterminated, first };
      this.worker.postMessage(message);
    });
  }

  private onScenarioReply(msg: WorkerScenarioReply): void {
    const job = this.pendingScenarios.get(msg.id);
    if (!job) return;
    this.pendingScenarios.delete(msg.id);
    const answer = msg.play ?? msg.check;
    if (answer === undefined) job.reject(new Error(`the scenario could not be read: ${msg.error}`));
    else job.resolve(answer);
  }

  playScenario(text: string, file: string): Promise<ScenarioToPlay> {
    if (this.failed || this.closing) return this.inThread.playScenario(text, file);
    return this.postScenario(text, file, 'play') as Promise<ScenarioToPlay>;
  }

  checkScenario(text: string, file: string): Promise<ScenarioCheck> {
    if (this.failed || this.closing) return this.inThread.checkScenario(text, file);
    return this.postScenario(text, file, 'check') as Promise<ScenarioCheck>;
  }

  private postScenario(text: string, file: string, answer: WorkerScenarioMessage['answer']): Promise<ScenarioToPlay | ScenarioCheck> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pendingScenarios.set(id, { text, file, answer, resolve, reject });
      const message: WorkerScenarioMessage = { kind: 'scenario', id, text, file, answer };
      this.worker.postMessage(message);
    });
  }

  /** The worker is gone or stopping: the scenario files it held are parsed here. */
  private takeBackScenarios(): void {
    const jobs = [...this.pendingScenarios.values()];
    this.pendingScenarios.clear();
    for (const job of jobs) (job.answer === 'check' ? this.inThread.checkScenario(job.text, job.file) : this.inThread.playScenario(job.text, job.file)).then(job.resolve, job.reject);
  }

  /** The worker is gone or stopping: the runs it held are parsed here, in order. */
  private takeBackChunks(): void {
    const jobs = [...this.pendingChunks.values()];
    this.pendingChunks.clear();
    for (const job of jobs) this.inThread.parseLogChunk(job.bytes, job.endsUnterminated, job.first).then(job.resolve, job.reject);
  }

  get mode(): 'worker' | 'in-thread' {
    return this.failed ? 'in-thread' : 'worker';
  }

  /** The result a reply stands for; its slot stays taken when the result is in it (until release). */
  private resultOf(msg: WorkerResultMessage, slotIndex: number): IngestResult {
    if (msg.encoded === undefined || msg.bytesLength === undefined) {
      this.freeSlots.push(slotIndex);
      return msg.result as IngestResult;
    }
    const result = decodeResult(this.slots[slotIndex], msg.bytesLength, msg.encoded);
    this.slotOf.set(result, slotIndex);
    return result;
  }

  get stats(): { worker: number; inThread: number } {
    return { worker: this.workerJobs, inThread: this.inThread.stats.inThread };
  }

  /**
   * Results are handed out in the order the jobs came in, though a job read in this thread (every
   * slot busy) finishes before earlier ones in the worker: the caller stores each result as it gets
   * it, so capture order stays arrival order.
   */
  run(job: IngestJob): Promise<IngestResult> {
    const result = this.dispatch(job);
    const inOrder = this.lastResult.then(() => result);
    this.lastResult = inOrder;
    return inOrder;
  }

  private dispatch(job: IngestJob): Promise<IngestResult> {
    // A scenario file in the worker holds it for a second or more per MB: this thread is free meanwhile.
    if (this.failed || this.closing || job.body.length > this.slots[0].length / 2 || this.freeSlots.length === 0 || this.pendingScenarios.size > 0) return this.inThread.run(job);
    const slot = this.freeSlots.pop()!;
    this.slots[slot].set(job.body);
    this.workerJobs++;
    const id = this.nextId++;
    const { body, ...rest } = job;
    return new Promise((resolve) => {
      this.pending.set(id, { slot, resolve });
      const message: WorkerJobMessage = { id, slot, bodyLength: body.length, job: rest };
      this.worker.postMessage(message);
    });
  }

  settled(): Promise<void> {
    // Reactions run in the order they were added: each caller of run() added its own to its
    // result before this one, so each has stored its captures when this resolves.
    return this.lastResult.then(
      () => undefined,
      () => undefined,
    );
  }

  release(result: IngestResult): void {
    const slot = this.slotOf.get(result);
    if (slot === undefined) return;
    this.slotOf.delete(result);
    this.freeSlots.push(slot);
  }

  /** The worker is gone: requests it held answer 500 (clients retry), later ones run in this thread. */
  private fail(why: string): void {
    if (this.failed) return;
    this.failed = true;
    this.log(`eventbench: the ingest worker thread failed (${why}); reading requests on the main thread from now on`);
    for (const job of this.pending.values()) {
      job.resolve({ ok: false, status: 500, code: 'ingest-failed', error: `the ingest worker thread failed while reading this request (${why}); send it again` });
    }
    this.pending.clear();
    this.takeBackChunks();
    this.takeBackScenarios();
  }

  /** Lets jobs in flight finish (up to 2 s), then stops the thread. */
  async close(): Promise<void> {
    this.closing = true;
    const deadline = Date.now() + 2000;
    while (this.pending.size > 0 && !this.failed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    for (const job of this.pending.values()) job.resolve({ ok: false, status: 503, code: 'shutting-down', error: 'Eventbench is shutting down; send it again' });
    this.pending.clear();
    this.takeBackChunks();
    this.takeBackScenarios();
    await this.worker.terminate();
  }
}
