// The browser the end-to-end tests (and the UI benchmarks) drive, found without installing
// anything, in this order:
//   1. EVENTBENCH_CHROMIUM, when set (a missing file is an error, not a fallback);
//   2. a system Chromium or Chrome on PATH (chromium, chromium-browser, google-chrome, …);
//   3. Playwright's own Chromium, when `npx playwright install` put one in its cache;
//   4. @sparticuz/chromium, a devDependency that carries a Chromium (headless shell) inside its
//      npm package: `npm ci` fetches it from the registry like any other package, and the first
//      run unpacks it to the temp dir (a few seconds; later runs reuse it). It needs NSS (libnss3,
//      libnspr4) from the system; where those are missing, the copies the package carries for
//      Amazon Linux are unpacked beside it and put on LD_LIBRARY_PATH.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

export interface FoundChromium {
  executablePath: string;
  /** Which rule found it, for the test output. */
  source: string;
  /** Extra environment the browser needs (the packaged one, where the system lacks NSS). */
  env?: Record<string, string>;
}

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathVar: string): string | undefined {
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<FoundChromium> {
  const own = env.EVENTBENCH_CHROMIUM;
  if (own) {
    if (!isExecutable(own)) throw new Error(`EVENTBENCH_CHROMIUM is ${own}, which is not an executable file; unset it to let the tests find a browser`);
    return { executablePath: own, source: 'EVENTBENCH_CHROMIUM' };
  }
  for (const name of SYSTEM_NAMES) {
    const found = onPath(name, env.PATH ?? '');
    if (found) return { executablePath: found, source: `system ${name} on PATH` };
  }
  try {
    const { chromium } = await import('@playwright/test');
    const path = chromium.executablePath();
    if (path && existsSync(path)) return { executablePath: path, source: "Playwright's own Chromium" };
  } catch {
    // No browser in Playwright's cache: on to the packaged one.
  }
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    const executablePath = await packaged.executablePath();
    const source = '@sparticuz/chromium (the devDependency)';
    const missing = missingLibraries(executablePath);
    if (!missing) return { executablePath, source };
    const libs = { LD_LIBRARY_PATH: [bundledLibraries(), env.LD_LIBRARY_PATH ?? ''].filter(Boolean).join(delimiter) };
    const still = missingLibraries(executablePath, libs);
    if (still) throw new Error(`it cannot start: ${still}`);
    return { executablePath, source: `${source}, with its own NSS libraries (the system has none: ${missing})`, env: libs };
  } catch (e) {
    throw new Error(
      `no Chromium found: EVENTBENCH_CHROMIUM is unset, none of ${SYSTEM_NAMES.join(', ')} is on PATH, Playwright has none installed, and @sparticuz/chromium could not be unpacked (${(e as Error).message}); run \`npm ci\``,
    );
  }
}

/** Why the binary cannot start (a shared library it cannot find), or undefined when it runs. */
export function missingLibraries(executablePath: string, extraEnv: Record<string, string> = {}): string | undefined {
  try {
    execFileSync(executablePath, ['--version'], { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    return undefined;
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? '');
    const m = /error while loading shared libraries: ([^:\s]+)/.exec(stderr);
    return m ? `${m[1]} is missing` : (stderr.trim().split('\n')[0] ?? (e as Error).message);
  }
}

/**
 * Unpacks the NSS libraries @sparticuz/chromium carries (bin/al2023.tar.br: a plain tar of
 * lib/*.so*) to a folder of ours; returns that folder. Done once: later runs find it.
 */
export function bundledLibraries(): string {
  const out = join(tmpdir(), 'eventbench-chromium-libs');
  if (existsSync(join(out, 'libnss3.so'))) return out;
  // Its package.json is not exported: walk up from its entry point to the folder holding bin/.
  let pkg = dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium'));
  while (!existsSync(join(pkg, 'bin', 'al2023.tar.br')) && dirname(pkg) !== pkg) pkg = dirname(pkg);
  const tar = brotliDecompressSync(readFileSync(join(pkg, 'bin', 'al2023.tar.br')));
  const staging = `${out}.${process.pid}`;
  mkdirSync(staging, { recursive: true });
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(header.toString('utf8', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30);
    if ((type === '0' || type === '\0') && !name.includes('..')) writeFileSync(join(staging, name.replace(/^.*\//, '')), tar.subarray(at + 512, at + 512 + size), { mode: 0o755 });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  try {
    renameSync(staging, out);
  } catch {
    // Another run got there first: its copy is the same.
  }
  return existsSync(join(out, 'libnss3.so')) ? out : staging;
}
