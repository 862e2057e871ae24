#!/usr/bin/env node
// `npm start`: build, then run the desktop app in Electron when its binary is present (fetching it
// once if this machine can), otherwise the same UI in browser mode, saying why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'package.json'));
const extraArgs = process.argv.slice(2);

function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
}

/** The Electron binary if installed. Reads path.txt directly: require('electron') would try a download. */
function electronBinary() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** Returns the Electron binary, or the reason there is none. */
function ensureElectron() {
  let binary = electronBinary();
  if (binary) return { binary };
  // Install scripts are off (.npmrc), so Electron's binary is fetched here, once, when possible.
  const install = spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
  });
  binary = electronBinary();
  if (binary) return { binary };
  const detail = `${install.stderr ?? ''}${install.stdout ?? ''}`.split('\n').find((l) => /error|failed/i.test(l));
  return { reason: `Electron's binary is not installed and could not be downloaded${detail ? ` (${detail.trim()})` : ''}` };
}

const build = run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) {
  console.error('eventbench: the build failed (see above)');
  process.exit(build.status ?? 1);
}

const { binary, reason: noElectron } = ensureElectron();
let reason = noElectron;
if (binary && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  reason = 'no graphical display (DISPLAY is not set)';
}

if (binary && !reason) {
  // Running as root (containers) needs Chromium's sandbox off for the process; the renderer is
  // still sandboxed by Electron's own settings.
  const args = ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...extraArgs];
  const child = spawn(binary, args, { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Eventbench: ${reason}; running in browser mode instead.`);
  const args = [join(root, 'src-main/cli/eventbench.js'), 'serve', '--open', ...extraArgs];
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
