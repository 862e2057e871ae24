// What `npm start` (start.mjs) decides before it runs anything, kept apart so tests can check it:
// whether the build is up to date, whether Electron's download failed recently, and why it failed,
// in words. Plain JavaScript: it runs before anything is built.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';

/** What the build reads: a change to any of these makes `npm start` build again. */
const BUILD_INPUTS = ['src-main', 'src-renderer', 'src-shared', 'electron.vite.config.ts', 'package.json', 'package-lock.json'];
/**
 * What the build must have produced for a start, and for `eventbench/testing` (its ES module and
 * its CommonJS build, which electron-vite's build alone removes).
 */
const BUILD_OUTPUTS = ['out/main/electron.js', 'out/main/cli.js', 'out/main/testing.js', 'out/main/testing.cjs', 'out/preload/preload.cjs', 'out/renderer/index.html'];
export const BUILD_STAMP = 'out/.eventbench-build-stamp';

function walk(root, path, out) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return;
  }
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) if (name !== 'node_modules' && !name.startsWith('.')) walk(root, join(path, name), out);
  } else if (st.isFile()) out.push(`${relative(root, path)}\t${st.size}\t${Math.trunc(st.mtimeMs)}`);
}

/** A fingerprint of the build's inputs (names, sizes, modification times). */
export function buildSignature(root, inputs = BUILD_INPUTS) {
  const lines = [];
  for (const input of inputs) walk(root, join(root, input), lines);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** Why a build is needed, or undefined when the last one is up to date. */
export function buildNeeded(root, inputs = BUILD_INPUTS, outputs = BUILD_OUTPUTS) {
  const missing = outputs.find((o) => !existsSync(join(root, o)));
  if (missing) return `${missing} is missing`;
  let stamp;
  try {
    stamp = readFileSync(join(root, BUILD_STAMP), 'utf8').trim();
  } catch {
    return 'no record of the last build';
  }
  return stamp === buildSignature(root, inputs) ? undefined : 'the sources changed since the last build';
}

/**
 * How `npm start` builds: package.json's own build script (`npm run build`), run as npm runs it
 * (through the shell, with node_modules/.bin and this Node first on PATH), so the app and
 * `eventbench/testing` are built alike whichever command built them last.
 */
export function buildCommand(root, env = process.env) {
  const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts?.build;
  if (typeof script !== 'string' || !script.trim()) throw new Error(`${join(root, 'package.json')} has no "build" script`);
  const pathKey = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  const path = [join(root, 'node_modules', '.bin'), dirname(process.execPath), env[pathKey]].filter(Boolean).join(delimiter);
  return { script, env: { ...env, [pathKey]: path } };
}

export function recordBuild(root, inputs = BUILD_INPUTS) {
  writeFileSync(join(root, BUILD_STAMP), buildSignature(root, inputs) + '\n');
}

// ---- Browser mode ----

/** The desktop app's environment settings and the serve options that say the same. */
const ENV_TO_SERVE_OPTION = [
  ['EVENTBENCH_PORT', '--port'],
  ['EVENTBENCH_HOST', '--host'],
  ['EVENTBENCH_HTTPS_PORT', '--https-port'],
];

/**
 * The serve options that carry the desktop app's EVENTBENCH_PORT, EVENTBENCH_HOST and
 * EVENTBENCH_HTTPS_PORT into browser mode, each unless the command line gives its option (which
 * wins): `EVENTBENCH_HOST=0.0.0.0 npm start` bound loopback only where Electron's binary was
 * missing, without a word. `said` names what was taken, for the start's own line.
 */
export function serveOptionsFromEnv(args, env = process.env) {
  const added = [];
  const said = [];
  for (const [name, option] of ENV_TO_SERVE_OPTION) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (args.some((a) => a === option || a.startsWith(`${option}=`))) continue;
    added.push(option, value);
    said.push(`${name}=${value} as ${option} ${value}`);
  }
  return { added, said };
}

/** serve's port when none is asked for, as the desktop app's (src-main/cli/args.ts's DEFAULT_PORT). */
export const DEFAULT_PORT = 8787;
/** How many ports after the default browser mode tries before asking serve for any free one. */
const NEXT_PORTS_TRIED = 100;

function optionValue(args, option) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === option) return args[i + 1];
    if (args[i].startsWith(`${option}=`)) return args[i].slice(option.length + 1);
  }
  return undefined;
}

/** 'free', 'in-use', or the listen error's code (a host this machine does not have...). */
export function probePort(port, host) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (e) => resolve(e.code === 'EADDRINUSE' ? 'in-use' : (e.code ?? 'error')));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

/**
 * Browser mode's port where the user asked for none (no --port, no EVENTBENCH_PORT): the default,
 * else the next free one after it, as the desktop app takes a free one: `npm start` exited with
 * "port 8787 … is already in use" while another Eventbench ran. A port asked for is left to serve,
 * which refuses one in use. `added` goes to serve's arguments; `said`, to the start's own line.
 */
export async function browserModePort(args, env = process.env, defaultPort = DEFAULT_PORT) {
  if (optionValue(args, '--port') !== undefined || (env.EVENTBENCH_PORT ?? '') !== '') return { added: [] };
  const host = optionValue(args, '--host') || env.EVENTBENCH_HOST || '127.0.0.1';
  // Anything but "in use" (a host this machine does not have) is serve's to say, in its words.
  if ((await probePort(defaultPort, host)) !== 'in-use') return { added: [] };
  const busy = `port ${defaultPort} on ${host} is in use (another Eventbench?)`;
  const choose = 'give --port or EVENTBENCH_PORT to choose one';
  for (let port = defaultPort + 1; port <= Math.min(65535, defaultPort + NEXT_PORTS_TRIED); port++) {
    if ((await probePort(port, host)) === 'free') return { added: ['--port', String(port)], said: `${busy}, so browser mode takes the next free one, ${port}; ${choose}.` };
  }
  return { added: ['--port', '0'], said: `${busy}, and so are the next ${NEXT_PORTS_TRIED}, so browser mode takes any free one (named below); ${choose}.` };
}

/** serve's options the desktop window takes too, as the environment settings it reads. */
const SERVE_OPTION_TO_ENV = [
  ['--port', 'EVENTBENCH_PORT'],
  ['--host', 'EVENTBENCH_HOST'],
  ['--https-port', 'EVENTBENCH_HTTPS_PORT'],
  ['--data-dir', 'EVENTBENCH_DATA_DIR'],
  ['--token', 'EVENTBENCH_TOKEN'],
];

/**
 * `npm start -- --port 0 --data-dir /tmp/eb` for the desktop window, which reads no arguments:
 * the options it has a setting for become that setting (the window used the default data dir
 * without a word). `rest` is the other arguments, for Electron itself (Chromium's switches);
 * `said` names what was taken (never a token's value); `problem`, a value serve would refuse.
 */
function windowOptionProblem(name, value) {
  if (name === '--port' || name === '--https-port') {
    if (name === '--https-port' && value === 'off') return undefined;
    if (!/^\d+$/.test(value) || Number(value) > 65535) return `${name} must be a whole number from 0 to 65535${name === '--https-port' ? ', or off' : ''}, not "${value}"`;
  }
  if (name === '--token' && value.length < 16) return `--token needs a secret of at least 16 characters, not one of ${value.length}`;
  if ((name === '--host' || name === '--data-dir') && value === '') return `${name} needs a value`;
  return undefined;
}

export function electronEnvFromArgs(args) {
  const env = {};
  const said = [];
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const setting = SERVE_OPTION_TO_ENV.find(([option]) => option === name)?.[1];
    const value = setting ? (inline ?? args[i + 1]) : undefined;
    if (!setting || value === undefined) {
      rest.push(arg);
      continue;
    }
    if (inline === undefined) i++;
    // What serve would refuse, refused here in its words: the window took `--port abc` as NaN.
    const problem = windowOptionProblem(name, value);
    if (problem) return { env, said, rest, problem };
    env[setting] = value;
    said.push(`${name} as ${setting}${setting === 'EVENTBENCH_TOKEN' ? '' : `=${value}`}`);
  }
  return { env, said, rest };
}

// ---- Electron's download ----

/** How long a failed download is not tried again (EVENTBENCH_RETRY_ELECTRON=1 tries at once). */
export const DOWNLOAD_RETRY_MS = 6 * 60 * 60 * 1000;

export function cacheDir(env = process.env) {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'eventbench');
}

function failureFile(env) {
  return join(cacheDir(env), 'electron-download.json');
}

/** The reason of a download that failed for this Electron version less than DOWNLOAD_RETRY_MS ago. */
export function rememberedFailure(electronVersion, now = Date.now(), env = process.env) {
  if (env.EVENTBENCH_RETRY_ELECTRON) return undefined;
  try {
    const f = JSON.parse(readFileSync(failureFile(env), 'utf8'));
    if (f.electronVersion !== electronVersion || typeof f.failedAt !== 'number' || typeof f.reason !== 'string') return undefined;
    if (now - f.failedAt < 0 || now - f.failedAt >= DOWNLOAD_RETRY_MS) return undefined;
    return { reason: f.reason, failedAt: f.failedAt, retryAt: f.failedAt + DOWNLOAD_RETRY_MS };
  } catch {
    return undefined;
  }
}

export function rememberFailure(electronVersion, reason, now = Date.now(), env = process.env) {
  try {
    mkdirSync(cacheDir(env), { recursive: true });
    writeFileSync(failureFile(env), JSON.stringify({ electronVersion, reason, failedAt: now }) + '\n');
  } catch {
    // Not remembered: the next start tries again, no worse than before.
  }
}

const NO_ROUTE = ['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN'];

/**
 * Electron's install script's output (a stack trace, often "TypeError: fetch failed" or got's
 * RequestError) -> why the download failed, in words.
 */
export function explainDownloadFailure(output, { timedOut = false, env = process.env } = {}) {
  const text = String(output ?? '');
  const hostMatch = /(?:ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\s+([A-Za-z0-9.-]+\.[A-Za-z]{2,})/.exec(text);
  let host = hostMatch?.[1];
  if (!host && env.ELECTRON_MIRROR) {
    try {
      host = new URL(env.ELECTRON_MIRROR).hostname;
    } catch {
      // Not a URL: leave the host unnamed.
    }
  }
  const where = host ? ` (${host})` : '';
  const code = /\b(E[A-Z_]{3,})\b/.exec(text)?.[1];
  if (timedOut || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return `its download host${where} did not answer in time`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `no route to its download host${where}: the name does not resolve (offline, or DNS blocks it)`;
  if (code && NO_ROUTE.includes(code)) return `no route to its download host${where}: the network is unreachable`;
  if (code === 'ECONNREFUSED') return `its download host${where} refused the connection`;
  if (code === 'ECONNRESET' || code === 'EPIPE') return `the connection to its download host${where} was cut`;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS/i.test(text)) return `its download host's TLS certificate was not trusted${where} (a proxy in the way?)`;
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EACCES' || code === 'EPERM') return 'node_modules/electron is not writable';
  const status = /(?:HTTPError|Response code|status(?: code)?)\D{0,5}(\d{3})/i.exec(text)?.[1];
  if (status) return `its download host answered HTTP ${status}`;
  if (/fetch failed|RequestError|socket hang up|network/i.test(text)) return `the download failed on the network${where}`;
  const line = text.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('at '));
  return line ? `the download failed: ${line.replace(/^\w*Error:\s*/, '').slice(0, 160)}` : 'the download failed without saying why';
}
