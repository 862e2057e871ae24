// temporary: profile the engine under the ingest bench's load
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connect } from 'node:net';
import { makeBatch } from './ingest';
const root = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'eb-prof-'));
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', join(root, 'src-main/cli/eventbench.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--no-open'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((r) => createInterface({ input: child.stdout! }).on('line', (l) => { const m = /(http:\/\/[^\s]+)/.exec(l); if (m) r(m[1]!.replace(/\/$/, '')); }));
const u = new URL(url);
async function conn() { return await new Promise<import('node:net').Socket>((r) => { const s = connect(Number(u.port), u.hostname, () => r(s)); }); }
async function send(s: import('node:net').Socket, req: Buffer) {
  return new Promise<void>((resolve) => { let buf = ''; const on = (d: Buffer) => { buf += d.toString(); const i = buf.indexOf('\r\n\r\n'); if (i >= 0) { const m = /content-length: (\d+)/i.exec(buf.slice(0, i)); if (m && buf.length >= i + 4 + Number(m[1])) { s.off('data', on); resolve(); } } }; s.on('data', on); s.write(req); });
}
const rounds = Number(process.argv[2] ?? 13);
const t0 = performance.now();
for (let round = 0; round < rounds; round++) {
  const reqs = Array.from({ length: 400 }, (_, i) => { const b = Buffer.from(makeBatch(i).replace(/bench-/g, `r${round}-`)); return Buffer.concat([Buffer.from(`POST /v1/batch HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: ${b.length}\r\nConnection: keep-alive\r\n\r\n`), b]); });
  const cs = await Promise.all(Array.from({ length: 8 }, conn));
  let next = 0;
  const t = performance.now();
  await Promise.all(cs.map(async (c) => { while (next < reqs.length) await send(c, reqs[next++]!); }));
  console.log(`round ${round}: ${Math.round(40000 / ((performance.now() - t) / 1000))} msg/s`);
  cs.forEach((c) => c.destroy());
}
child.kill('SIGINT');
await new Promise((r) => child.once('exit', r));
console.log('done', performance.now() - t0);
