// A floor for the ingest benchmark, not a baseline a user would write: the least a durable
// receiver can do. Parse the body (so invalid JSON could be refused), append it as it came as one
// line, answer once the append is done. Nothing is validated, indexed or laid out per message.
// It shows what the ingest targets ask: a receiver whose request path is this and no more.
import { createWriteStream, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const file = createWriteStream(join(mkdtempSync(join(tmpdir(), 'eventbench-raw-')), 'log.ndjson'), { flags: 'a' });
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    JSON.parse(body.toString('utf8'));
    file.write(body);
    file.write('\n', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}'));
  });
});
server.listen(0, '127.0.0.1', () => console.log(`raw-append server on http://127.0.0.1:${server.address().port}`));
