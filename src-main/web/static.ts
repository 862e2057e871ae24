// The built UI (out/renderer) at /, for browser mode: GET/HEAD only, correct content types, a
// CSP, no directory traversal. Unknown extension-less paths get index.html (client routes).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The UI talks to the engine over ws://<same host>/ws; nothing else is allowed to load or connect. */
export function contentSecurityPolicy(hostHeader: string | undefined): string {
  const host = hostHeader && /^[A-Za-z0-9.\-:[\]]+$/.test(hostHeader) ? hostHeader : undefined;
  const ws = host ? ` ws://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

function securityHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(req.headers.host),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
}

function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...securityHeaders(req) });
  res.end(req.method === 'HEAD' ? undefined : text);
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Eventbench</title>
<p>The Eventbench UI is not built. Run <code>npm run build</code>, then reload. The receiver and the
automation API (<code>/api/health</code>) work without it.</p>`;

export function createStaticHandler(staticDir: string | undefined) {
  const root = staticDir ? resolve(staticDir) : undefined;
  return async function handleStatic(req: IncomingMessage, pathname: string, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(req, res, 405, `${req.method} is not allowed here; use GET`);
    }
    if (!root) return sendText(req, res, 200, NOT_BUILT, CONTENT_TYPES['.html']);
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return sendText(req, res, 400, 'malformed URL path');
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return sendText(req, res, 400, 'malformed URL path');
    let file = resolve(root, '.' + (decoded.endsWith('/') ? decoded + 'index.html' : decoded));
    if (file !== root && !file.startsWith(root + sep)) return sendText(req, res, 404, 'not found');
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) {
      if (extname(decoded) !== '') return sendText(req, res, 404, 'not found');
      file = join(root, 'index.html');
      info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) return sendText(req, res, 200, NOT_BUILT, CONTENT_TYPES['.html']);
    }
    const ext = extname(file).toLowerCase();
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'Content-Length': info.size,
      // Built assets carry a content hash in their names; the HTML must always be fresh.
      'Cache-Control': ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
      ...securityHeaders(req),
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}
