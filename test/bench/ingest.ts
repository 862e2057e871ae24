// Ingest benchmark: messages/s through /v1/batch (100 per batch) into the real engine with its
// capture log on disk, against a bare node:http server that only parses the JSON and answers 200.
// Both servers run in their own process; this process is the load generator for both.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '../..');

export function makeBatch(batchNo: number, size = 100): string {
  const batch = [];
  for (let i = 0; i < size; i++) {
    const n = batchNo * size + i;
    batch.push({
      type: 'track',
      event: n % 3 === 0 ? 'Notification Clicked' : 'Feature Used',
      userId: `user-${n % 5000}`,
      anonymousId: `anon-${n % 7000}`,
      messageId: `bench-${batchNo}-${i}`,
      timestamp: new Date(1_700_000_000_000 + n * 1000).toISOString(),
      properties: { notificationId: `n-${n % 40}`, notificationName: 'Recent signups', module: 'dashboard', plan: 'pro', value: n },
      context: { library: { name: '@segment/analytics-node', version: '3.1.0' }, ip: '10.0.0.1', userAgent: 'bench' },
    });
  }
  return JSON.stringify({ batch, writeKey: 'bench-write-key', sentAt: new Date().toISOString() });
}

/** Starts a server script and resolves with its URL, read from the first stdout line that has one. */
async function startServer(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const m = /(http:\/\/[^\s]+)/.exec(line);
      if (m) resolve(m[1]!.replace(/\/$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, child };
}

/**
 * The load generator: `concurrency` keep-alive connections, one request in flight on each, the
 * requests' bytes built beforehand and answers read with a minimal parser. Kept lean on purpose:
 * it shares the machine's cores with the server under test, and node:http's client spent most of
 * a core at these rates (which held the bare baseline down).
 */
class LoadConnection {
  private socket!: Socket;
  private pending = '';
  private onAnswer: ((status: number) => void) | undefined;
  private onFailure: ((e: Error) => void) | undefined;

  static async open(url: URL): Promise<LoadConnection> {
    const c = new LoadConnection();
    c.socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(Number(url.port), url.hostname, () => resolve(s));
      s.once('error', reject);
    });
    c.socket.setNoDelay(true);
    c.socket.on('data', (d) => c.read(d.toString('latin1')));
    c.socket.on('error', (e) => c.onFailure?.(e));
    return c;
  }

  /** Sends one request; resolves with the status of its answer. */
  send(request: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      this.onAnswer = resolve;
      this.onFailure = reject;
      this.socket.write(request);
    });
  }

  /** One answer: status line and headers, then a Content-Length body or a chunked one. */
  private read(data: string): void {
    this.pending += data;
    const headEnd = this.pending.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const length = /\r\ncontent-length: *(\d+)/i.exec(this.pending.slice(0, headEnd));
    let end: number;
    if (length) end = headEnd + 4 + Number(length[1]);
    else {
      const last = this.pending.indexOf('\r\n0\r\n\r\n', headEnd);
      end = last < 0 ? Infinity : last + 7;
    }
    if (this.pending.length < end) return;
    const status = Number(this.pending.slice(9, 12));
    this.pending = this.pending.slice(end);
    this.onAnswer?.(status);
  }

  close(): void {
    this.socket.destroy();
  }
}

function requestBytes(url: URL, body: string): Buffer {
  const bytes = Buffer.from(body);
  const head = `POST /v1/batch HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\nConnection: keep-alive\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), bytes]);
}

/** Each body as a whole HTTP request's bytes, built before any timing starts. */
function requestsFor(url: string, bodies: string[]): Buffer[] {
  const target = new URL(url);
  return bodies.map((b) => requestBytes(target, b));
}

/** Sends the requests (of 100 messages each) over `concurrency` connections; returns messages per second. */
async function load(url: string, requests: Buffer[], concurrency: number): Promise<number> {
  const target = new URL(url);
  const connections = await Promise.all(Array.from({ length: concurrency }, () => LoadConnection.open(target)));
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      connections.map(async (c) => {
        while (next < requests.length) {
          const status = await c.send(requests[next++]!);
          if (status !== 200) throw new Error(`unexpected status ${status}`);
        }
      }),
    );
  } finally {
    for (const c of connections) c.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return (requests.length * 100) / seconds;
}

/** CPU time (user + system, ms) a process has used, all its threads; undefined where /proc is not there. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

export type IngestMode = 'worker' | 'in-thread';

export interface EngineIngestResult {
  /** EVENTBENCH_INGEST the engine ran with, and what its /api/health said. */
  mode: IngestMode;
  reported: string;
  /** Best messages/s of the rounds. */
  rate: number;
  /** Server CPU per message over all rounds, µs, all threads (Linux only). */
  cpuUs?: number;
}

export interface IngestResult {
  /** Best messages/s of the rounds. */
  bare: number;
  /** The loggers a user would write instead (parse, append a line, answer after the append). */
  express: number;
  fastify: number;
  /** The floor: parse, append the body as it came, answer after the append (raw-append.mjs). */
  rawAppend: number;
  bareCpuUs?: number;
  expressCpuUs?: number;
  fastifyCpuUs?: number;
  rawAppendCpuUs?: number;
  engines: EngineIngestResult[];
  /** Whether another process kept one core busy throughout. */
  busy: boolean;
}

const WARM_UP_ROUNDS = 8;

/**
 * `busy`: a second process spins on one core for the whole run (the machine a user has while a
 * build or a browser runs), so the servers and the load generator share the other. `modes`: the
 * engine's threading (EVENTBENCH_INGEST), each an engine process of its own, measured in the same
 * alternation as the baselines.
 */
export async function benchIngest(options: { busy?: boolean; modes?: IngestMode[]; batches?: number; concurrency?: number } = {}): Promise<IngestResult> {
  const { busy = false, modes = ['worker'], batches = 400, concurrency = 8 } = options;
  const bodies = Array.from({ length: batches }, (_, i) => makeBatch(i));
  const dataDirs = modes.map(() => mkdtempSync(join(tmpdir(), 'eventbench-bench-')));
  const spinner = busy ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : undefined;
  const bare = await startServer([join(import.meta.dirname, 'bare-server.mjs')]);
  const expressLogger = await startServer([join(import.meta.dirname, 'logger-express.mjs')]);
  const fastifyLogger = await startServer([join(import.meta.dirname, 'logger-fastify.mjs')]);
  const rawAppend = await startServer([join(import.meta.dirname, 'raw-append.mjs')]);
  const engines = await Promise.all(
    modes.map((mode, i) =>
      startServer([join(root, 'src-main/cli/eventbench.js'), 'serve', '--port', '0', '--https-port', 'off', '--data-dir', dataDirs[i]!, '--no-open'], { ...process.env, EVENTBENCH_INGEST: mode }),
    ),
  );
  try {
    // Alternate runs so no server benefits from a warmer machine; keep the best of each (the
    // load generator shares the cores, so single runs are noisy).
    const rounds = 5;
    // Every server gets the same messages, with messageIds unique to each round: to the engine a
    // repeat would be a duplicate (which Segment drops), and to all, V8's JSON.parse keeps short
    // strings in a table that a repeated text finds there already (a fresh one must be added).
    const roundBodies = (tag: string) => bodies.map((b) => b.replace(/bench-/g, `${tag}-`));
    const servers = [bare, expressLogger, fastifyLogger, rawAppend, ...engines];
    // Warm-up, the same for all: V8 compiles a server's code as it runs, and it was still
    // compiling the engine's request path (its own and node:http's functions) for the first
    // 300,000 messages or so: about 70 functions in the first round of 40,000, 2 or 3 a round
    // from the eighth on, while the rate rose from 140,000 to 250,000-290,000 msg/s. A receiver
    // runs for hours; the rounds below measure it (and the baselines) compiled.
    for (let round = 0; round < WARM_UP_ROUNDS; round++) {
      const warm = roundBodies(`warm${round}`);
      for (const server of servers) await load(server.url, requestsFor(server.url, warm), concurrency);
    }
    // Every measured request is built before the first is sent: garbage made in this process while
    // a round runs would be collected on the cores the servers are measured on.
    const measured = Array.from({ length: rounds }, (_, round) => roundBodies(`r${round}`));
    const requests = servers.map((server) => measured.map((b) => requestsFor(server.url, b)));
    const rates = servers.map(() => 0);
    const cpuBefore = servers.map((server) => cpuMs(server.child.pid));
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < servers.length; i++) rates[i] = Math.max(rates[i]!, await load(servers[i]!.url, requests[i]![round]!, concurrency));
    }
    const cpuAfter = servers.map((server) => cpuMs(server.child.pid));
    const perMessage = (i: number) => (cpuBefore[i] === undefined || cpuAfter[i] === undefined ? undefined : ((cpuAfter[i]! - cpuBefore[i]!) * 1000) / (rounds * bodies.length * 100));
    const engineResults: EngineIngestResult[] = [];
    for (let i = 0; i < engines.length; i++) {
      const health = (await (await fetch(`${engines[i]!.url}/api/health`)).json()) as { ingest: string };
      engineResults.push({ mode: modes[i]!, reported: health.ingest, rate: rates[4 + i]!, cpuUs: perMessage(4 + i) });
    }
    return { bare: rates[0]!, express: rates[1]!, fastify: rates[2]!, rawAppend: rates[3]!, bareCpuUs: perMessage(0), expressCpuUs: perMessage(1), fastifyCpuUs: perMessage(2), rawAppendCpuUs: perMessage(3), engines: engineResults, busy };
  } finally {
    for (const server of [bare, expressLogger, fastifyLogger, rawAppend, ...engines]) server.child.kill();
    spinner?.kill();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }
}
