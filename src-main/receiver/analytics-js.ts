// analytics.js itself, for pages with Segment's snippet: GET /analytics.js/v1/<key>/analytics.min.js
// (the snippet's script, analytics-next's standalone build) and /analytics-next/bundles/<chunk>.js
// (what it loads lazily from its CDN), from the @segment/analytics-next package this app ships.
// With the snippet loading from here and `analytics._cdn` naming this receiver, the page fetches
// its settings here too (/v1/projects/<key>/settings, which name this receiver as apiHost), so a
// site works against Eventbench offline, with the real library, and sends nothing to Segment.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { privateNetworkHeaders } from './tracking';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const SCRIPT_PATH = /^\/analytics\.js\/v1\/[^/]+\/analytics(?:\.min)?\.js$/;
const BUNDLES_PREFIX = '/analytics-next/bundles/';

/** The UMD build's folder, or undefined when the package is not installed (the route then answers 404). */
function umdFolder(): string | undefined {
  try {
    const folder = join(dirname(createRequire(import.meta.url).resolve('@segment/analytics-next/package.json')), 'dist', 'umd');
    return existsSync(join(folder, 'standalone.js')) ? folder : undefined;
  } catch {
    return undefined;
  }
}

let files: Map<string, Buffer> | undefined;

/** File name -> its bytes: standalone.js and the chunks, read once (about 1 MB), on first use. */
function analyticsJsFiles(): Map<string, Buffer> {
  if (files !== undefined) return files;
  files = new Map();
  const folder = umdFolder();
  if (folder !== undefined) {
    for (const name of readdirSync(folder)) if (name.endsWith('.js')) files.set(name, readFileSync(join(folder, name)));
  }
  return files;
}

/** Whether a path is analytics.js's (the snippet's script or a chunk it loads). */
export function isAnalyticsJsPath(pathname: string): boolean {
  return SCRIPT_PATH.test(pathname) || pathname.startsWith(BUNDLES_PREFIX);
}

/** Answers; returns 'script' when the snippet's script was served (a GET), else undefined. */
export function handleAnalyticsJs(req: IncomingMessage, res: ServerResponse, pathname: string): 'script' | undefined {
  req.resume();
  if (req.method === 'OPTIONS') {
    // A preflight: Private Network Access asks one before a public page's <script src> loads it from here.
    res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS', 'Access-Control-Max-Age': '600', ...privateNetworkHeaders(req) });
    res.end();
    return undefined;
  }
  const name = SCRIPT_PATH.test(pathname) ? 'standalone.js' : pathname.slice(BUNDLES_PREFIX.length);
  const body = req.method === 'GET' || req.method === 'HEAD' ? analyticsJsFiles().get(name) : undefined;
  if (body === undefined) {
    const text = req.method !== 'GET' && req.method !== 'HEAD' ? `${req.method} is not allowed here; use GET` : `no analytics.js file ${pathname}`;
    res.writeHead(req.method !== 'GET' && req.method !== 'HEAD' ? 405 : 404, { 'Content-Type': 'text/plain; charset=utf-8', 'Access-Control-Allow-Origin': '*' });
    res.end(text);
    return undefined;
  }
  res.writeHead(200, {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Content-Length': body.length,
    // Public, like Segment's CDN: a page on any origin loads it with a script tag.
    'Access-Control-Allow-Origin': '*',
    'Cache-Control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return req.method === 'GET' && name === 'standalone.js' ? 'script' : undefined;
}
