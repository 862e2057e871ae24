// The ingest worker thread's entry: runs each posted job (see ingest-job.ts) and posts the result
// back with the same id. Bodies arrive in, and results leave through, slots of shared memory
// (workerData.slots, shared once at start), so no buffer is allocated or handed over per request.
// A job that throws (a bug) answers 500, so the client retries (analytics-node does on 5xx) and the
// thread keeps serving.
import { parentPort, workerData } from 'node:worker_threads';
import { encodeMeta, runIngestJob, type IngestJob, type IngestResult } from './ingest-job';
import type { WorkerJobMessage, WorkerResultMessage } from './ingest-runner';

const port = parentPort;
if (!port) throw new Error('ingest-worker.ts runs as a worker thread (new Worker(...)), not on its own');
const slots = (workerData as { slots: SharedArrayBuffer[] }).slots.map((s) => Buffer.from(s));

port.on('message', (msg: WorkerJobMessage) => {
  const slot = slots[msg.slot];
  const job: IngestJob = { ...msg.job, body: slot.subarray(0, msg.bodyLength) };
  let result: IngestResult;
  let inSlot = false;
  try {
    // Once the body is decoded, its slot can take the result's bytes (when they fit).
    result = runIngestJob(job, (size) => {
      inSlot = size <= slot.length; // asked again (texts re-measured): the last answer counts
      return inSlot ? slot.subarray(0, size) : undefined;
    });
  } catch (e) {
    result = { ok: false, status: 500, code: 'ingest-failed', error: `internal error while reading the request: ${(e as Error).message}` };
  }
  let reply: WorkerResultMessage = { id: msg.id, result };
  if (result.ok && inSlot) {
    // The rest of the result goes into the slot too, after the bytes, as one text.
    const { json, ...meta } = result;
    const text = encodeMeta(meta);
    const metaLength = Buffer.byteLength(text);
    if (json.length + metaLength <= slot.length) {
      slot.write(text, json.length);
      reply = { id: msg.id, jsonLength: json.length, metaLength };
    } else reply = { id: msg.id, result: meta, jsonLength: json.length };
  }
  port.postMessage(reply);
});
