// Platform details of the CLI: the default data dir and opening a browser.
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The platform's user-data folder for Eventbench (what Electron's app.getPath('userData') gives). */
export function defaultDataDir(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.EVENTBENCH_DATA_DIR) return env.EVENTBENCH_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Eventbench');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Eventbench');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'Eventbench');
}

/**
 * Why the browser did not open, in words: a missing opener (a server or a container without
 * xdg-open) said only `xdg-open: spawn xdg-open ENOENT`.
 */
export function openFailure(cmd: string, e: Error & { code?: string }): string {
  if (e.code === 'ENOENT') return `${cmd}, which opens the default browser, is not installed here`;
  return `${cmd}: ${e.message}`;
}

/** Opens url in the default browser; failures end up as a note on stderr, never an exit. */
export function openBrowser(url: string, onFailure: (reason: string) => void): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', (e) => onFailure(openFailure(cmd, e)));
    child.on('exit', (code) => {
      if (code) onFailure(`${cmd} exited with code ${code}`);
    });
    child.unref();
  } catch (e) {
    onFailure(openFailure(cmd, e as Error));
  }
}
