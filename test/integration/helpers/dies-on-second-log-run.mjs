// An ingest worker that parses the first run of a start-up load, then dies as the second arrives:
// the runner must parse the runs it held, and the rest, in its own thread, from the state the
// worker left (test/integration/log-load-worker.test.ts).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

let runs = 0;
// Registered before the real worker's listener, so it sees each message first.
parentPort.on('message', (msg) => {
  if (msg && msg.kind === 'log-chunk' && ++runs === 2) process.exit(7);
});
register();
await import('../../../src-main/ingest/ingest-worker.ts');
