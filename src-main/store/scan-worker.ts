// A second thread for SearchCorpus.find over a big corpus: it scans the later buffers while the
// calling thread scans the earlier ones, so a search over gigabytes takes about half the time on
// two cores. The buffers are SharedArrayBuffers, handed over once each; a search is a message,
// and its answer is written to shared memory the caller waits on (Atomics.wait), so find stays
// synchronous for its callers.
//
// The worker reports every place where the whole needle occurs (chunk, start), or where a byte
// stands in the context asked for; the caller maps them to rows (and checks a needle's hits
// against its row's end), as it does for its own hits.
import { Worker } from 'node:worker_threads';

/** Hits one search can report; past it the caller scans the rest itself. */
const MAX_HITS = 1 << 22;

// CommonJS, run with eval: no file to find next to a bundled main process.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const chunks = [];
parentPort.on('message', (m) => {
  if (m.kind === 'chunk') { chunks.push(Buffer.from(m.buffer)); return; }
  if (m.kind === 'reset') { chunks.length = 0; return; }
  if (m.kind === 'byte') return scanByte(m);
  const { needle, k, tasks, control, hits } = m;
  const head = needle.subarray(0, k);
  const tail = k === 0 ? needle : needle.subarray(k);
  let n = 0;
  let stoppedAt = -1;
  outer: for (let t = 0; t < tasks.length; t += 3) {
    const c = tasks[t];
    const view = chunks[c].subarray(0, tasks[t + 2]);
    let pos = tasks[t + 1] + k;
    for (;;) {
      const hit = view.indexOf(tail, pos);
      if (hit < 0) break;
      const start = hit - k;
      if (start >= tasks[t + 1] && (k === 0 || view.compare(head, 0, k, start, hit) === 0)) {
        if (n * 2 + 2 > hits.length) { stoppedAt = t; break outer; }
        hits[n * 2] = c;
        hits[n * 2 + 1] = start;
        n++;
      }
      pos = hit + 1;
    }
  }
  done(control, n, stoppedAt);
});
function done(control, n, stoppedAt) {
  control[1] = n;
  control[2] = stoppedAt;
  Atomics.store(control, 0, 1);
  Atomics.notify(control, 0);
}
// Each place the byte stands with a marked byte before or after it (the row's separator before
// it counts as 0, as the caller's own scan has it).
function scanByte({ byte, context, tasks, control, hits }) {
  let n = 0;
  let stoppedAt = -1;
  outer: for (let t = 0; t < tasks.length; t += 3) {
    const c = tasks[t];
    const view = chunks[c].subarray(0, tasks[t + 2]);
    let pos = tasks[t + 1];
    for (;;) {
      const hit = view.indexOf(byte, pos);
      if (hit < 0) break;
      pos = hit + 1;
      if (context) {
        const before = hit > 0 && view[hit - 1] !== 0x0a ? view[hit - 1] : 0;
        if (context.before[before] !== 1 && context.after[view[hit + 1]] !== 1) continue;
      }
      if (n * 2 + 2 > hits.length) { stoppedAt = t; break outer; }
      hits[n * 2] = c;
      hits[n * 2 + 1] = hit;
      n++;
    }
  }
  done(control, n, stoppedAt);
}
`;

export interface WorkerHits {
  /** [chunk, start, chunk, start, ...] in scan order. */
  hits: Int32Array;
  count: number;
  /** The task index (into the tasks array, a multiple of 3) the worker stopped at when out of room; -1 when it finished. */
  stoppedAt: number;
}

export class ScanWorker {
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true });
  private sent = 0;
  private readonly control = new Int32Array(new SharedArrayBuffer(12));
  private readonly hits: Int32Array;

  /** maxHits: how many hits a scan may report (tests make it small to reach the limit). */
  constructor(maxHits = MAX_HITS) {
    this.hits = new Int32Array(new SharedArrayBuffer(maxHits * 2 * 4));
    // Never what keeps the process alive.
    this.worker.unref();
  }

  /** Hands over the chunks not sent yet (each one's memory is shared, not copied). */
  share(chunks: readonly Buffer[]): void {
    for (; this.sent < chunks.length; this.sent++) this.worker.postMessage({ kind: 'chunk', buffer: chunks[this.sent].buffer });
  }

  /** Forget the chunks (the corpus was cleared): their memory goes with the last reference. */
  reset(): void {
    this.sent = 0;
    this.worker.postMessage({ kind: 'reset' });
  }

  /** Starts a scan of tasks ([chunk, from, to] triples); wait() gives the hits. */
  start(needle: Buffer, k: number, tasks: number[]): void {
    Atomics.store(this.control, 0, 0);
    this.worker.postMessage({ kind: 'scan', needle, k, tasks, control: this.control, hits: this.hits });
  }

  /** Starts a scan for a byte in its context (see SearchCorpus.findRowsWithByte); wait() gives the hits. */
  startByte(byte: number, context: { before: Uint8Array; after: Uint8Array } | undefined, tasks: number[]): void {
    Atomics.store(this.control, 0, 0);
    this.worker.postMessage({ kind: 'byte', byte, context: context ?? null, tasks, control: this.control, hits: this.hits });
  }

  /** Blocks until the scan started last is done. */
  wait(): WorkerHits {
    Atomics.wait(this.control, 0, 0);
    return { hits: this.hits, count: this.control[1], stoppedAt: this.control[2] };
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
