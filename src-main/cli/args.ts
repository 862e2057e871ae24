// Command-line parsing for `eventbench`. Pure: argv in, a parsed command or a one-line error out.

import { didYouMean } from '../../src-shared/scenario/near';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

export interface ServeOptions {
  port: number;
  host: string;
  dataDir?: string;
  open: boolean;
  /** Write each captured message to stdout as it arrives: NDJSON, or one readable line. */
  print?: 'json' | 'pretty';
  /** Access token for the UI and API (default: $EVENTBENCH_TOKEN, else random when bound beyond loopback). */
  token?: string;
  /** The HTTPS receiver's port; 'off' for none; undefined for the default (8443, or a free one with --port 0). */
  httpsPort?: number | 'off';
}

export const DEFAULT_HTTPS_PORT = 8443;

/** The HTTPS port to ask the engine for: --https-port, else 8443 (a free one when --port is 0). */
export function httpsPortFor(options: ServeOptions): number | undefined {
  if (options.httpsPort === 'off') return undefined;
  return options.httpsPort ?? (options.port === 0 ? 0 : DEFAULT_HTTPS_PORT);
}

export type Reporter = 'pretty' | 'junit' | 'json';
export interface RunOptions {
  /** Scenario files, folders (every *.scenario.yaml|yml|json in them) or globs. */
  paths: string[];
  reporter: Reporter;
  /** Write the report here instead of stdout (pretty still prints a summary). */
  out?: string;
  /** Run against this data dir instead of a throw-away one. */
  dataDir?: string;
}

export type ParsedArgs =
  | { kind: 'serve'; options: ServeOptions }
  | { kind: 'run'; options: RunOptions }
  | { kind: 'help'; topic: 'main' | 'serve' | 'run' }
  | { kind: 'version' }
  | { kind: 'error'; message: string; topic: 'main' | 'serve' | 'run' };

/** The shortest access token taken, from --token and $EVENTBENCH_TOKEN alike. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * Why an access token cannot guard the UI and API, or undefined when it can. `from` names where it
 * came from: `$EVENTBENCH_TOKEN` of 3 characters was taken while `--token` of the same was refused.
 */
export function tokenProblem(token: string | undefined, from: '--token' | 'EVENTBENCH_TOKEN'): string | undefined {
  if (token === undefined || token === '') return from === '--token' ? `--token needs a secret of at least ${MIN_TOKEN_LENGTH} characters` : undefined;
  if (token.length < MIN_TOKEN_LENGTH) {
    return `${from} needs a secret of at least ${MIN_TOKEN_LENGTH} characters, not one of ${token.length}${from === 'EVENTBENCH_TOKEN' ? ': set a longer one, or unset it for a random one per run' : ''}`;
  }
  return undefined;
}

export function mainHelp(): string {
  return `Usage: eventbench <command> [options]

Eventbench: a local Segment receiver, capture log and inspector for event integrations.

Commands:
  serve            Run the engine and the browser UI headless (no Electron window)
  run <files>      Run scenarios headless on the simulation clock (CI): exit 0 pass, 1 fail, 2 invalid

Options:
  -h, --help       Show this help; \`eventbench serve --help\` and \`eventbench run --help\` show
                   each command's options
  -v, --version    Print the version
`;
}

export function serveHelp(defaultDataDir: string): string {
  return `Usage: eventbench serve [--port N] [--https-port N|off] [--host H] [--token T] [--data-dir DIR] [--print json|pretty] [--open|--no-open]

Runs the local Segment receiver, the capture log, the automation API and the browser UI on one
port, and prints the URL on one line.

Options:
  --port N         Port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)
  --host H         Address to bind (default ${DEFAULT_HOST}; 0.0.0.0 accepts other machines: the UI
                   and /api then need an access token, printed in the URL; /v1 and /webhook stay open)
  --token T        The access token to require, at least ${MIN_TOKEN_LENGTH} characters (default:
                   $EVENTBENCH_TOKEN, else a random one per run when bound beyond loopback)
  --data-dir DIR   Where the capture log (captures.ndjson) and settings live
                   (default: $EVENTBENCH_DATA_DIR, else ${defaultDataDir})
  --https-port N   Also receive over HTTPS on port N (default ${DEFAULT_HTTPS_PORT}; with --port 0, a free one; one
                   in use falls back to a free one), for clients that only speak TLS (Segment's
                   mobile libraries, analytics-ruby). Its certificate comes from a certificate
                   authority made once in the data dir (tls/): trust it from /eventbench-ca.pem.
                   --https-port off: no HTTPS receiver
  --print json     Write each captured message to stdout as it arrives, one JSON object per line
                   (the "listening" line then goes to stderr, so \`| jq\` reads only messages)
  --print pretty   The same as one readable line each, with drop reasons and findings
  --open           Open the UI in the default browser once listening
  --no-open        Do not open a browser (the default)
  -h, --help       Show this help

Exit status: 2 when the command line cannot be taken (an unknown option, a bad value), 1 when
the server cannot start (a port in use, an unusable data dir, a data dir another Eventbench uses).

On that port:
  POST /v1/track|identify|group|page|screen|alias|batch   Segment Tracking API (analytics-node host;
                                                          /v1/import too: analytics-ruby's batches,
                                                          and /v1/import/, analytics-java's)
  POST /webhook/<name>                                    Segment Webhook destination
  GET /v1/projects/<writeKey>/settings                    a source's settings naming this receiver as apiHost
                                                          (set analytics.js's cdnURL, the mobile libraries'
                                                          cdnHost here, so they send here)
  GET /analytics.js/v1/<writeKey>/analytics.min.js       analytics.js itself, for pages with Segment's
                                                          snippet (and its chunks at /analytics-next/bundles/)
  GET /eventbench-ca.pem                                  the HTTPS receiver's certificate authority
  GET /v1/pixel/track|identify|…                          Segment's Tracking Pixel API (a 1x1 GIF)
  GET /api/health   GET|DELETE /api/messages   GET /api/messages/wait   GET /api/export
  POST /api/import   GET /api/activity   GET|PUT /api/workspace   GET|POST /api/clock
  GET /api/sessions[/totals]   GET|PUT /api/sessions/settings   GET|DELETE /api/users
  GET /api/users/starting   POST /api/users/import   GET /api/matching   GET|PUT /api/matching/settings
                                                          the automation API (README: Automation API)
  /                                                       the inspector UI (WebSocket at /ws)

Environment:
  EVENTBENCH_DATA_DIR             default data dir
  EVENTBENCH_TOKEN                access token for the UI and API (see --host)
  EVENTBENCH_SEGMENT_WRITE_KEY    Segment write key for the sender
  EVENTBENCH_INGEST               worker (default): read request bodies on a second thread;
                                  in-thread: on the main thread only

Ctrl-C stops the server; the capture log is kept.
`;
}

export function runHelp(): string {
  return `Usage: eventbench run [--reporter pretty|junit|json] [--out FILE] [--data-dir DIR] [--] <files, folders or globs>

Runs scenario files (*.scenario.yaml, *.scenario.yml, *.scenario.json) on the simulation clock,
with no real waiting and no display: each in its own in-process engine on a free port with a
throw-away data dir (unless --data-dir is given). The same file gives the same result every run.

Options:
  --reporter R     pretty (default), junit (one testcase per scenario, for CI) or json
  --out FILE       Write the report to FILE; stdout still gets the pretty report, each
                   failure with its diff
  --data-dir DIR   Run against this data dir (kept afterwards) instead of a throw-away one
  --               End of options: every argument after it is a file, folder or glob, even
                   one that starts with -
  -h, --help       Show this help

Exit status: 0 when every expectation passed, 1 when one failed (or a step could not run),
2 when a file is invalid (its line and column are printed), a path gives no scenario file
(a missing file, a folder without *.scenario.* files, a glob that matches nothing), or the
report cannot be written to --out (a folder, or a place that cannot be written, is refused
before anything runs).
`;
}

/**
 * Walks `--name value`, `--name=value` and bare arguments, handing each to `on` with a way to take
 * its value; the first answer `on` gives (help, an error) ends the walk. An option that takes a value
 * and is given twice is refused, naming both values (the last one was kept without a word).
 */
function walkOptions(
  rest: readonly string[],
  topic: 'serve' | 'run',
  on: (name: string, arg: string, takeValue: () => string | undefined, afterOptions: boolean) => ParsedArgs | undefined,
): ParsedArgs | undefined {
  const given = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    // `--` ends the options, as in every Unix command: each argument after it is a bare one, even
    // one that starts with "-" (it was refused as an unknown option "--").
    if (arg === '--') {
      for (const bare of rest.slice(i + 1)) {
        const answer = on('', bare, () => undefined, true);
        if (answer) return answer;
      }
      return undefined;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    let value: string | undefined;
    const answer = on(name, arg, () => (value = eq > 0 ? arg.slice(eq + 1) : rest[++i]), false);
    if (answer) return answer;
    if (value === undefined) continue;
    const earlier = given.get(name);
    if (earlier !== undefined) return { kind: 'error', topic, message: `${name} is given twice ("${earlier}", then "${value}"); give it once` };
    given.set(name, value);
  }
  return undefined;
}

const RUN_OPTIONS = ['--reporter', '--out', '--data-dir', '--help'];
const SERVE_OPTIONS = ['--port', '--https-port', '--host', '--data-dir', '--print', '--token', '--open', '--no-open', '--help'];

/** `unknown option "--repoter"; did you mean "--reporter"?`: a misspelt option named only itself. */
function unknownOption(arg: string, known: readonly string[]): string {
  const name = arg.split('=')[0];
  return `unknown option "${arg}"${didYouMean(name, known)}`;
}

/** An option's value, or undefined when it is missing (or is the next option). */
const valueOf = (v: string | undefined): string | undefined => (!v || v.startsWith('--') ? undefined : v);

function parseRun(rest: readonly string[]): ParsedArgs {
  const options: RunOptions = { paths: [], reporter: 'pretty' };
  const stop = walkOptions(rest, 'run', (name, arg, takeValue, afterOptions): ParsedArgs | undefined => {
      switch (name) {
        case '-h':
        case '--help':
          return { kind: 'help', topic: 'run' };
        case '--reporter': {
          const r = takeValue();
          if (r !== 'pretty' && r !== 'junit' && r !== 'json') return { kind: 'error', topic: 'run', message: valueOf(r) === undefined ? '--reporter needs a value: pretty, junit or json' : `--reporter must be pretty, junit or json, not "${r}"${didYouMean(r!, ['pretty', 'junit', 'json'])}` };
          options.reporter = r;
          break;
        }
        case '--out': {
          const out = valueOf(takeValue());
          if (!out) return { kind: 'error', topic: 'run', message: '--out needs a file, e.g. --out results.xml' };
          options.out = out;
          break;
        }
        case '--data-dir': {
          const dir = valueOf(takeValue());
          if (!dir) return { kind: 'error', topic: 'run', message: '--data-dir needs a directory' };
          options.dataDir = dir;
          break;
        }
        default:
          if (arg.startsWith('-') && !afterOptions) return { kind: 'error', topic: 'run', message: unknownOption(arg, RUN_OPTIONS) };
          options.paths.push(arg);
      }
      return undefined;
  });
  if (stop) return stop;
  if (options.paths.length === 0) return { kind: 'error', topic: 'run', message: 'name at least one scenario file, folder or glob, e.g. eventbench run scenarios/' };
  return { kind: 'run', options };
}

function parsePort(value: string | undefined): number | string {
  if (value === undefined || value === '') return '--port needs a number, e.g. --port 8787';
  if (!/^\d+$/.test(value) || Number(value) > 65535) return `--port must be a whole number from 0 to 65535, not "${value}"`;
  return Number(value);
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    return rest[0] === 'serve' || rest[0] === 'run' ? { kind: 'help', topic: rest[0] } : { kind: 'help', topic: 'main' };
  }
  if (command === '-v' || command === '--version') return { kind: 'version' };
  if (command === 'run') return parseRun(rest);
  if (command !== 'serve') {
    const what = command.startsWith('-') ? unknownOption(command, ['--help', '--version']) : `unknown command "${command}"${didYouMean(command, ['run', 'serve', 'help'])}`;
    return { kind: 'error', topic: 'main', message: what };
  }
  const options: ServeOptions = { port: DEFAULT_PORT, host: DEFAULT_HOST, open: false };
  const stop = walkOptions(rest, 'serve', (name, arg, takeValue, afterOptions): ParsedArgs | undefined => {
      switch (name) {
        case '-h':
        case '--help':
          return { kind: 'help', topic: 'serve' };
        case '--port': {
          const port = parsePort(takeValue());
          if (typeof port === 'string') return { kind: 'error', topic: 'serve', message: port };
          options.port = port;
          break;
        }
        case '--https-port': {
          const value = takeValue();
          if (value === 'off') {
            options.httpsPort = 'off';
            break;
          }
          const port = parsePort(value);
          // It takes `off` too: the error says so, as the usage line does (`--https-port N|off`).
          if (typeof port === 'string') return { kind: 'error', topic: 'serve', message: port.replaceAll('--port', '--https-port').replace('e.g. --https-port 8787', 'e.g. --https-port 8443, or off').replace('to 65535, not', 'to 65535, or off, not') };
          options.httpsPort = port;
          break;
        }
        case '--host': {
          const host = valueOf(takeValue());
          if (!host) return { kind: 'error', topic: 'serve', message: '--host needs an address, e.g. --host 127.0.0.1' };
          options.host = host;
          break;
        }
        case '--data-dir': {
          const dir = valueOf(takeValue());
          if (!dir) return { kind: 'error', topic: 'serve', message: '--data-dir needs a directory, e.g. --data-dir ./eventbench-data' };
          options.dataDir = dir;
          break;
        }
        case '--print': {
          const mode = takeValue();
          if (mode !== 'json' && mode !== 'pretty') return { kind: 'error', topic: 'serve', message: valueOf(mode) === undefined ? '--print needs a value: json or pretty' : `--print must be json or pretty, not "${mode}"` };
          options.print = mode;
          break;
        }
        case '--token': {
          const token = valueOf(takeValue());
          const problem = tokenProblem(token, '--token');
          if (problem || !token) return { kind: 'error', topic: 'serve', message: problem ?? '--token needs a value' };
          options.token = token;
          break;
        }
        case '--open':
          options.open = true;
          break;
        case '--no-open':
          options.open = false;
          break;
        default:
          return { kind: 'error', topic: 'serve', message: arg.startsWith('-') && !afterOptions ? unknownOption(arg, SERVE_OPTIONS) : `unexpected argument "${arg}": serve takes only options` };
      }
      return undefined;
  });
  return stop ?? { kind: 'serve', options };
}
