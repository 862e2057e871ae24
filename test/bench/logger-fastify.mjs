// Baseline for the ingest benchmark: the same logger with fastify 5 (parse, append a line,
// answer once the append is done).
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';

const file = createWriteStream(join(mkdtempSync(join(tmpdir(), 'eventbench-fastify-')), 'log.ndjson'), { flags: 'a' });
const app = Fastify({ bodyLimit: 1024 * 1024 });
app.post('/*', (req, reply) => {
  file.write(JSON.stringify(req.body) + '\n', () => reply.send({ success: true }));
});
app.listen({ port: 0, host: '127.0.0.1' }).then((address) => console.log(`fastify logger on ${address}`));
