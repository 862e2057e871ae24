// `eventbench`: the engine and the browser UI under plain Node. Built to out/main/cli.js and run
// by src-main/cli/eventbench.js (the package's bin); also runs from source with `node --import tsx src-main/cli/index.ts`.
// Prints exactly one line on stdout at start; every failure is one line on stderr: exit 2 for a
// command line it cannot take (as `eventbench run`, whose exit 1 means a scenario failed), 1 for
// anything else (a port in use, an unusable data dir).
import { plural } from '../../src-shared/plural';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, EngineStartError, type Engine } from '../engine';
import { isLoopbackHost } from '../receiver/http-server';
import { builtIngestWorker } from '../ingest/ingest-runner';
import { httpsPortFor, mainHelp, parseArgs, runHelp, serveHelp, tokenProblem, type ServeOptions } from './args';
import { runCommand } from './run';
import { printCaptures } from './print';
import { defaultDataDir, openBrowser } from './platform';

const here = dirname(fileURLToPath(import.meta.url));

function fail(message: string): never {
  process.stderr.write(`eventbench: ${message}\n`);
  process.exit(1);
}

/** out/main/cli.js -> out/renderer; src-main/cli/index.ts -> out/renderer (if built). */
function findStaticDir(): string | undefined {
  for (const dir of [resolve(here, '../renderer'), resolve(here, '../../out/renderer')]) {
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return undefined;
}

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve(here, '../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0-dev';
  }
}

/** A path as one line: in JSON quotes when it holds a line break or another control character. */
function shownPath(path: string): string {
  return /[\u0000-\u001f\u007f]/.test(path) ? JSON.stringify(path) : path;
}

function describeDataDirProblem(dataDir: string, e: Error): string {
  const code = /\b(EACCES|EPERM|EROFS|ENOTDIR|EEXIST|ENOSPC|EDQUOT|EFBIG|ENOENT)\b/.exec(e.message)?.[1];
  // A full disk (or quota, or `ulimit -f`, which answers EFBIG): the same folder works once there is room.
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    const full = code === 'EFBIG' ? "this process's file-size limit (ulimit -f) is reached" : code === 'EDQUOT' ? 'the disk quota is used up' : 'no space left on its disk';
    return `cannot use data dir ${shownPath(dataDir)} (${full}); free some space, or choose another with --data-dir`;
  }
  const reason =
    code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EROFS' ? 'read-only file system'
    : code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way'
    // Missing folders are made; "no such file" after that is a folder that takes no new entries
    // (/proc said "ENOENT: no such file or directory, open '/proc/eventbench.lock…'" of a folder that exists).
    : code === 'ENOENT' ? 'no file or folder can be made in it: a special file system, such as /proc?'
    : e.message.replace(/^data dir .*? is not usable: /, '');
  return `cannot use data dir ${shownPath(dataDir)} (${reason}); choose another with --data-dir`;
}

/**
 * EVENTBENCH_INGEST: where request bodies are read. "worker" (the default) uses the ingest worker
 * thread; "in-thread" reads them on the main thread (one thread: for a machine with one core to
 * spare, and for the benchmark that chose the default, see README's Performance).
 */
function ingestWorkerFromEnvironment(value: string | undefined): ReturnType<typeof builtIngestWorker> {
  if (value === undefined || value === '' || value === 'worker') return builtIngestWorker(import.meta.url);
  if (value === 'in-thread') return undefined;
  fail(`EVENTBENCH_INGEST must be "worker" or "in-thread", not ${JSON.stringify(value)}`);
}

async function serve(options: ServeOptions): Promise<void> {
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  const ingestWorker = ingestWorkerFromEnvironment(process.env.EVENTBENCH_INGEST);
  const exposed = !isLoopbackHost(options.host);
  // Bound beyond loopback with none given, the engine makes a random one (engine.accessToken).
  // The environment's is held to --token's rule: a 3-character one guarded an exposed server.
  const envTokenProblem = options.token === undefined ? tokenProblem(process.env.EVENTBENCH_TOKEN, 'EVENTBENCH_TOKEN') : undefined;
  if (envTokenProblem) fail(envTokenProblem);
  const givenToken = options.token ?? (process.env.EVENTBENCH_TOKEN || undefined);
  let engine: Engine;
  try {
    engine = await createEngine({
      dataDir,
      port: options.port,
      host: options.host,
      shell: 'browser',
      staticDir: findStaticDir(),
      version: readVersion(),
      ingestWorker,
      accessToken: givenToken,
      httpsPort: httpsPortFor(options),
    });
  } catch (e) {
    if (e instanceof EngineStartError && e.code === 'port-in-use') {
      fail(`port ${options.port} on ${options.host} is already in use; choose another with --port (0 picks a free one)`);
    }
    if (e instanceof EngineStartError && e.code === 'data-dir') fail(describeDataDirProblem(dataDir, e));
    fail((e as Error).message.split('\n')[0]);
  }
  // With --print json, stdout carries only messages (so `| jq` works): the listening line goes to stderr.
  const accessToken = engine.accessToken;
  const shownUrl = accessToken ? `${engine.url}/?token=${encodeURIComponent(accessToken)}` : engine.url;
  if (exposed) {
    process.stderr.write(
      `eventbench: warning: bound to ${options.host}, so other machines can reach it. /v1 and /webhook take anyone's messages (as Segment's do); the UI, /ws and /api need the access token in the URL below (or Authorization: Bearer <token>).\n`,
    );
  }
  (options.print === 'json' ? process.stderr : process.stdout).write(`Eventbench listening on ${shownUrl}  (data: ${shownPath(dataDir)})\n`);
  const https = engine.info().https;
  if (https?.receiverUrl) {
    process.stderr.write(`eventbench: HTTPS receiver on ${https.receiverUrl} (for clients that only speak TLS); trust its certificate authority from ${engine.url}${https.caPath} (SHA-256 ${https.caSha256})\n`);
  }
  let stopping = false;
  const loading = engine.info().loading;
  if (loading) {
    // A big log loads in the background: the receiver takes captures meanwhile.
    const startedAt = performance.now();
    process.stderr.write(`eventbench: loading the capture log (${(loading.totalBytes / 1e6).toFixed(1)} MB) in the background; captures sent meanwhile are stored and listed after it\n`);
    void engine.loaded.then(() => {
      const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
      // Stopping while it loads ends the load too: that is not a loaded log.
      if (stopping) process.stderr.write(`eventbench: stopped while loading the capture log (${plural(engine.info().messageCount, 'message')} read in ${seconds} s); nothing in it was changed\n`);
      else process.stderr.write(`eventbench: capture log loaded: ${plural(engine.info().messageCount, 'message')} in ${seconds} s\n`);
    });
  }
  if (options.print) printCaptures(engine, options.print, (line) => process.stdout.write(line + '\n'));
  if (options.open) {
    openBrowser(shownUrl, (reason) => process.stderr.write(`eventbench: could not open a browser (${reason}); open ${shownUrl} yourself\n`));
  }
  const stop = () => {
    if (stopping) process.exit(130); // a second Ctrl-C: stop waiting
    stopping = true;
    engine.close().then(
      () => process.exit(0),
      (e: Error) => fail(`error while stopping: ${e.message}`),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case 'help':
      process.stdout.write(parsed.topic === 'serve' ? serveHelp(defaultDataDir()) : parsed.topic === 'run' ? runHelp() : mainHelp());
      return;
    case 'version':
      process.stdout.write(`${readVersion()}\n`);
      return;
    case 'error': {
      // After a question ("did you mean "--reporter"?") a new sentence, not "?; see".
      const see = `${parsed.message.endsWith('?') ? ' See' : '; see'} \`eventbench ${parsed.topic === 'main' ? '' : `${parsed.topic} `}--help\``;
      // 2, the usage-error status, for serve too (it was 1, the status of a port in use: a script
      // could not tell a typo from a busy port).
      process.stderr.write(`eventbench: ${parsed.message}${see}\n`);
      process.exit(2);
    }
    case 'serve':
      return serve(parsed.options);
    case 'run': {
      let code: number;
      try {
        code = await runCommand(parsed.options, readVersion(), (text) => process.stdout.write(text));
      } catch (e) {
        // As serve says it: run printed the file system's raw words ("is not usable: ENOENT: … mkdir '/proc/x'").
        if (e instanceof EngineStartError && e.code === 'data-dir' && parsed.options.dataDir !== undefined) fail(describeDataDirProblem(resolve(parsed.options.dataDir), e));
        throw e;
      }
      process.exit(code);
    }
  }
}

main(process.argv.slice(2)).catch((e: Error) => fail(e.message.split('\n')[0]));
