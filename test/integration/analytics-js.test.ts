// analytics.js served for pages with Segment's snippet: the standalone build at the snippet's
// path, its lazily loaded chunks, nothing else from the package's folder (run in Chromium with
// Segment's own snippet: test/e2e/analytics-next.spec.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawPost } from './helpers/real-client';
import { startTestEngine, type TestEngine } from './helpers/engine';

const umd = join(dirname(createRequire(import.meta.url).resolve('@segment/analytics-next/package.json')), 'dist', 'umd');

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

describe('analytics.js from the receiver', () => {
  it("the snippet's script is analytics-next's standalone build, to any origin, for any write key", async () => {
    for (const path of ['/analytics.js/v1/any_key/analytics.min.js', '/analytics.js/v1/k2/analytics.js']) {
      const res = await fetch(`${t.engine.url}${path}`, { headers: { origin: 'http://shop.test' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(umd, 'standalone.js')))).toBe(true);
    }
  });

  it('every chunk it loads, at /analytics-next/bundles/', async () => {
    const chunks = readdirSync(umd).filter((f) => /\.bundle\.[0-9a-f]+\.js$/.test(f));
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      const res = await fetch(`${t.engine.url}/analytics-next/bundles/${chunk}`);
      expect(res.status, chunk).toBe(200);
      expect((await res.text()).length).toBe(readFileSync(join(umd, chunk), 'utf8').length);
    }
  });

  it('nothing else: other names, maps, climbing out of the folder; HEAD answers, POST does not', async () => {
    const url = t.engine.url;
    for (const path of ['/analytics-next/bundles/nope.js', '/analytics-next/bundles/index.js.map', '/analytics-next/bundles/../../package.json', '/analytics-next/bundles/%2e%2e/%2e%2e/package.json']) {
      const res = await rawPost(url, path, [['Host', 'localhost']], '', { method: 'GET' });
      expect(res.status, path).toBe(404);
      expect(res.body).toBe(`no analytics.js file ${path}`);
    }
    // A key with a slash is no snippet path: the UI's own pages answer it, not analytics.js.
    expect((await fetch(`${url}/analytics.js/v1/a/b/analytics.min.js`)).headers.get('content-type')).not.toContain('javascript');
    const head = await fetch(`${url}/analytics.js/v1/k/analytics.min.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(readFileSync(join(umd, 'standalone.js')).length);
    const post = await fetch(`${url}/analytics.js/v1/k/analytics.min.js`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
  });

  it('the snippet path whole: nothing before /analytics.js/, nothing after .js', async () => {
    for (const path of ['/x/analytics.js/v1/k/analytics.min.js', '/analytics.js/v1/k/analytics.min.jsx', '/analytics.js/v1/k/analytics.js.map']) {
      const res = await fetch(`${t.engine.url}${path}`);
      expect(res.headers.get('content-type') ?? '', path).not.toContain('javascript');
    }
  });

  it("the answers' headers: cacheable only after a check, the length; a refusal and a miss in plain text, to any origin", async () => {
    const url = t.engine.url;
    const ok = await fetch(`${url}/analytics.js/v1/k/analytics.min.js`);
    expect(ok.headers.get('cache-control')).toBe('no-cache');
    expect(Number(ok.headers.get('content-length'))).toBe(readFileSync(join(umd, 'standalone.js')).length);
    await ok.arrayBuffer();
    const post = await fetch(`${url}/analytics.js/v1/k/analytics.min.js`, { method: 'POST', body: 'x' });
    expect(await post.text()).toBe('POST is not allowed here; use GET');
    const missing = await fetch(`${url}/analytics-next/bundles/nope.js`);
    for (const res of [post, missing]) {
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
    // HEAD is allowed: a file that is not there is a 404 to it too, not a 405.
    const headMissing = await fetch(`${url}/analytics-next/bundles/nope.js`, { method: 'HEAD' });
    expect(headMissing.status).toBe(404);
  });
});
