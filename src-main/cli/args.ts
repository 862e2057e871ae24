// Command-line parsing for `eventbench`. Pure: argv in, a parsed command or a one-line error out.

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

export interface ServeOptions {
  port: number;
  host: string;
  dataDir?: string;
  open: boolean;
}

export type ParsedArgs =
  | { kind: 'serve'; options: ServeOptions }
  | { kind: 'help'; topic: 'main' | 'serve' }
  | { kind: 'version' }
  | { kind: 'error'; message: string; topic: 'main' | 'serve' };

export function mainHelp(): string {
  return `Usage: eventbench <command> [options]

Eventbench: a local Segment receiver, capture log and inspector for event integrations.

Commands:
  serve            Run the engine and the browser UI headless (no Electron window)

Options:
  -h, --help       Show this help; \`eventbench serve --help\` shows the serve options
  -v, --version    Print the version
`;
}

export function serveHelp(defaultDataDir: string): string {
  return `Usage: eventbench serve [--port N] [--host H] [--data-dir DIR] [--open|--no-open]

Runs the local Segment receiver, the capture log, the automation API and the browser UI on one
port, and prints the URL on one line.

Options:
  --port N         Port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)
  --host H         Address to bind (default ${DEFAULT_HOST}; 0.0.0.0 accepts other machines)
  --data-dir DIR   Where the capture log (captures.ndjson) and settings live
                   (default: $EVENTBENCH_DATA_DIR, else ${defaultDataDir})
  --open           Open the UI in the default browser once listening
  --no-open        Do not open a browser (the default)
  -h, --help       Show this help

On that port:
  POST /v1/track|identify|group|page|screen|alias|batch   Segment Tracking API (analytics-node host)
  POST /webhook/<name>                                    Segment Webhook destination
  GET /api/health   GET|DELETE /api/messages   GET /api/export   POST /api/import
  /                                                       the inspector UI (WebSocket at /ws)

Environment:
  EVENTBENCH_DATA_DIR             default data dir
  EVENTBENCH_SEGMENT_WRITE_KEY    Segment write key for the sender

Ctrl-C stops the server; the capture log is kept.
`;
}

function parsePort(value: string | undefined): number | string {
  if (value === undefined || value === '') return '--port needs a number, e.g. --port 8787';
  if (!/^\d+$/.test(value) || Number(value) > 65535) return `--port must be a whole number from 0 to 65535, not "${value}"`;
  return Number(value);
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    return rest[0] === 'serve' ? { kind: 'help', topic: 'serve' } : { kind: 'help', topic: 'main' };
  }
  if (command === '-v' || command === '--version') return { kind: 'version' };
  if (command !== 'serve') {
    const what = command.startsWith('-') ? `unknown option "${command}"` : `unknown command "${command}"`;
    return { kind: 'error', topic: 'main', message: what };
  }
  const options: ServeOptions = { port: DEFAULT_PORT, host: DEFAULT_HOST, open: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : rest[++i]);
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
      case '--host': {
        const host = takeValue();
        if (!host || host.startsWith('--')) return { kind: 'error', topic: 'serve', message: '--host needs an address, e.g. --host 127.0.0.1' };
        options.host = host;
        break;
      }
      case '--data-dir': {
        const dir = takeValue();
        if (!dir || dir.startsWith('--')) return { kind: 'error', topic: 'serve', message: '--data-dir needs a directory, e.g. --data-dir ./eventbench-data' };
        options.dataDir = dir;
        break;
      }
      case '--open':
        options.open = true;
        break;
      case '--no-open':
        options.open = false;
        break;
      default:
        return { kind: 'error', topic: 'serve', message: arg.startsWith('-') ? `unknown option "${arg}"` : `unexpected argument "${arg}"` };
    }
  }
  return { kind: 'serve', options };
}
