#!/usr/bin/env node
// `npm start`: build (unless the last build is up to date), then run the desktop app in Electron
// when its binary is present (fetching it once if this machine can), otherwise the same UI in
// browser mode, saying why in words. A failed download is remembered for a while (a file in the
// user's cache dir), so a machine that cannot reach Electron's download host does not wait for it
// on every start; EVENTBENCH_RETRY_ELECTRON=1 tries again at once.
// EVENTBENCH_START_DRY_RUN=1 prints what it would do and stops (tests).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserModePort, buildCommand, buildNeeded, explainDownloadFailure, recordBuild, rememberedFailure, rememberFailure, serveOptionsFromEnv, electronEnvFromArgs } from './start-support.mjs';

const root = process.env.EVENTBENCH_START_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'package.json'));
const extraArgs = process.argv.slice(2);
const dryRun = !!process.env.EVENTBENCH_START_DRY_RUN;
const DOWNLOAD_TIMEOUT_MS = 180_000;

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

function electronVersion() {
  const dir = electronDir();
  try {
    return dir ? JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The Electron binary if installed. Reads path.txt directly: require('electron') would try a download. */
function electronBinary() {
  const dir = electronDir();
  if (!dir) return undefined;
  try {
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** "13:05" local: the 24-hour clock of every other time Eventbench prints (the locale's said "1:05:00 PM"). */
function clockTime(ms) {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Returns the Electron binary, or the reason there is none, in words. */
function ensureElectron() {
  let binary = electronBinary();
  if (binary) return { binary };
  const dir = electronDir();
  if (!dir) return { reason: 'Electron is not installed (run `npm ci`)' };
  const version = electronVersion();
  const remembered = rememberedFailure(version);
  if (remembered) {
    const minutes = Math.max(1, Math.round((remembered.retryAt - Date.now()) / 60_000));
    return { reason: `Electron's binary could not be downloaded: ${remembered.reason} (tried at ${clockTime(remembered.failedAt)}; tried again in ${minutes} min, or now with EVENTBENCH_RETRY_ELECTRON=1)` };
  }
  if (dryRun) return { reason: 'dry run: would download Electron now' };
  // Install scripts are off (.npmrc), so Electron's binary is fetched here, once, when possible.
  console.log(`Eventbench: fetching Electron ${version}'s binary (once)…`);
  const install = spawnSync(process.execPath, [join(dir, 'install.js')], { cwd: root, encoding: 'utf8', timeout: DOWNLOAD_TIMEOUT_MS });
  binary = electronBinary();
  if (binary) return { binary };
  const why = explainDownloadFailure(`${install.stderr ?? ''}\n${install.stdout ?? ''}\n${install.error?.message ?? ''}`, { timedOut: install.error?.code === 'ETIMEDOUT' });
  rememberFailure(version, why);
  return { reason: `Electron's binary could not be downloaded: ${why}` };
}

const needed = buildNeeded(root);
if (!needed) console.log('Eventbench: the build is up to date.');
else if (dryRun) console.log(`Eventbench: would build (${needed}).`);
else {
  console.log(`Eventbench: building (${needed})…`);
  // package.json's build script, every step: electron-vite's build alone empties out/main, and
  // eventbench/testing's CommonJS build there (require('eventbench/testing')) was gone after it.
  const { script, env } = buildCommand(root);
  const build = spawnSync(script, { cwd: root, env, shell: true, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    console.error('eventbench: the build failed (see above)');
    process.exit(build.status ?? 1);
  }
  recordBuild(root);
}

const { binary, reason: noElectron } = ensureElectron();
let reason = noElectron;
if (binary && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  reason = 'there is no graphical display (DISPLAY is not set)';
}

if (dryRun) {
  console.log(binary && !reason ? `Eventbench: would open the Electron window (${binary}).` : `Eventbench: ${reason}; would run in browser mode instead.`);
} else if (binary && !reason) {
  // The window reads settings from its environment, not arguments: serve's options it has a setting for become it.
  const fromArgs = electronEnvFromArgs(extraArgs);
  if (fromArgs.problem) {
    console.error(`eventbench: ${fromArgs.problem}`);
    process.exit(2);
  }
  // Held to serve's rule (16 characters at least), which the window did not check.
  const envToken = fromArgs.env.EVENTBENCH_TOKEN === undefined ? process.env.EVENTBENCH_TOKEN : undefined;
  if (envToken && envToken.length < 16) {
    console.error(`eventbench: EVENTBENCH_TOKEN needs a secret of at least 16 characters, not one of ${envToken.length}: set a longer one, or unset it for a random one per run`);
    process.exit(1);
  }
  if (fromArgs.said.length > 0) console.log(`Eventbench: taking ${fromArgs.said.join(', ')} for the desktop window.`);
  // The rest go to Electron as before (Chromium's own switches, such as --disable-gpu). Running as
  // root (containers) needs Chromium's sandbox off for the process; the renderer is still sandboxed
  // by Electron's own settings.
  const args = ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...fromArgs.rest];
  const child = spawn(binary, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...fromArgs.env } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Eventbench: ${reason}; running in browser mode instead.`);
  // The desktop app's EVENTBENCH_PORT/HOST/HTTPS_PORT hold here too (the command line's options win).
  const fromEnv = serveOptionsFromEnv(extraArgs);
  if (fromEnv.said.length > 0) console.log(`Eventbench: taking ${fromEnv.said.join(', ')}.`);
  // 8787 taken (another Eventbench): the next free port, as the desktop app takes a free one.
  const freePort = await browserModePort(extraArgs);
  if (freePort.said) console.log(`Eventbench: ${freePort.said}`);
  const args = [join(root, 'src-main/cli/eventbench.js'), 'serve', '--open', ...fromEnv.added, ...freePort.added, ...extraArgs];
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
