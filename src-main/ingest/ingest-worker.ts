// The ingest worker thread's entry: runs each posted job (see ingest-job.ts) and posts the result
// back with the same id. Bodies arrive in, and results leave through, slots of shared memory
// (workerData.slots, shared once at start), so no buffer is allocated or handed over per request.
// A job that throws (a bug) answers 500, so the client retries (analytics-node does on 5xx) and the
// thread keeps serving.
import { parentPort, workerData } from 'node:worker_threads';
import { encodeResult, runIngestJob, type IngestJob, type IngestResult } from './ingest-job';
import type { WorkerJobMessage, WorkerLogChunkMessage, WorkerLogChunkReply, WorkerResultMessage, WorkerScenarioMessage, WorkerScenarioReply } from './ingest-runner';
import { LogChunkReader } from '../store/log-chunk';

const port = parentPort;
if (!port) throw new Error('ingest-worker.ts runs as a worker thread (new Worker(...)), not on its own');
const slots = (workerData as { slots: SharedArrayBuffer[] }).slots.map((s) => Buffer.from(s));

/** The start-up load's runs of log lines, its state carried from one to the next. */
const logReader = new LogChunkReader();

port.on('message', (msg: WorkerJobMessage | WorkerLogChunkMessage | WorkerScenarioMessage) => {
  if ('kind' in msg && msg.kind === 'scenario') {
    // A scenario file to check (loaded on first use: most runs never check one). One that throws (a
    // bug) is answered with its message; the thread keeps serving.
    // A check is answered with what it says alone, a play with what Play needs (each step's body as
    // text): the parsed file (every step's message as objects) cost the engine's thread hundreds of ms to receive.
    const { id, text, file, answer } = msg;
    void Promise.all([import('../replay/load'), import('../../src-shared/scenario/check'), import('../../src-shared/scenario/to-play')]).then(([{ loadScenario }, { checkScenario }, { toPlay }]) => {
      let reply: WorkerScenarioReply;
      try {
        const scenario = loadScenario(text, file);
        reply = answer === 'check' ? { id, check: checkScenario(scenario) } : { id, play: toPlay(scenario) };
      } catch (e) {
        reply = { id, error: (e as Error).message };
      }
      port.postMessage(reply);
    }, (e: Error) => port.postMessage({ id, error: e.message } satisfies WorkerScenarioReply));
    return;
  }
  if ('kind' in msg) {
    // A run of the capture log's lines (a start-up load). One that throws (a bug) stops the load
    // there, with a warning; the thread keeps serving.
    let reply: WorkerLogChunkReply;
    try {
      reply = { id: msg.id, chunk: logReader.parse(msg.bytes, msg.endsUnterminated, msg.first) };
    } catch (e) {
      reply = { id: msg.id, error: (e as Error).message };
    }
    port.postMessage(reply);
    return;
  }
  const slot = slots[msg.slot];
  const job: IngestJob = { ...msg.job, body: slot.subarray(0, msg.bodyLength) };
  let result: IngestResult;
  let inSlot = false;
  try {
    // The result's bytes start with the body, which is already at the start of the slot.
    result = runIngestJob(job, (size) => {
      inSlot = size <= slot.length;
      return inSlot ? slot : undefined;
    });
  } catch (e) {
    result = { ok: false, status: 500, code: 'ingest-failed', error: `internal error while reading the request: ${(e as Error).message}` };
  }
  let reply: WorkerResultMessage = { id: msg.id, result };
  if (result.ok && inSlot) {
    // Its fields follow the bytes in the slot, when they fit; else it is posted whole, its bytes
    // copied out of the slot (which is free again once the reply is read).
    const encoded = encodeResult(result, slot, result.bytes.length);
    reply = encoded ? { id: msg.id, bytesLength: result.bytes.length, encoded } : { id: msg.id, result: { ...result, bytes: new Uint8Array(result.bytes) } };
  }
  port.postMessage(reply);
});
