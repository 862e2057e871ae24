// Runs the ingest worker from its TypeScript source (tests run the sources, not the build):
// registers tsx's loader in this worker thread, then loads the real entry.
import { register } from 'tsx/esm/api';

register();
await import('../../../src-main/ingest/ingest-worker.ts');
