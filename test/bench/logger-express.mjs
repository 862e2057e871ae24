// Baseline for the ingest benchmark: the logger a user would write instead of Eventbench, with
// express 5: parse each body, append it as one line to a file, answer once the append is done.
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';

const file = createWriteStream(join(mkdtempSync(join(tmpdir(), 'eventbench-express-')), 'log.ndjson'), { flags: 'a' });
const app = express();
app.use(express.json({ limit: '1mb' }));
app.post(/.*/, (req, res) => {
  file.write(JSON.stringify(req.body) + '\n', () => res.json({ success: true }));
});
const server = app.listen(0, '127.0.0.1', () => console.log(`express logger on http://127.0.0.1:${server.address().port}`));
