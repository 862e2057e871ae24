// An ingest worker that dies as a scenario file arrives: the runner must parse it in its own
// thread and answer as if the worker had (test/integration/scenario-worker.test.ts).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// Registered before the real worker's listener, so it sees each message first.
parentPort.on('message', (msg) => {
  if (msg && msg.kind === 'scenario') process.exit(9);
});
register();
await import('../../../src-main/ingest/ingest-worker.ts');
