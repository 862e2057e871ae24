// Baseline for the ingest benchmark: a bare node:http server that only parses the JSON and answers 200.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
  });
});
server.listen(0, '127.0.0.1', () => console.log(`bare server on http://127.0.0.1:${server.address().port}`));
