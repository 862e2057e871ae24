// Segment's own browser library, analytics.js 2.0 (@segment/analytics-next, its real UMD build),
// on a page served from another origin than the receiver: track, identify and page with and
// without batching, one attempt failed on purpose so the library retries (with X-Retry-Count,
// after a CORS preflight), and every message found in the inspector, its write key nowhere stored.
import { createReadStream, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { test, expect } from './fixtures';
import { pageSnippet } from '../../src-renderer/src/connect/snippets';

const umd = join(import.meta.dirname, '../../node_modules/@segment/analytics-next/dist/umd');

/** The shop: another origin (another port), serving the page and analytics-next's own files. */
async function servePage(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(html);
    }
    const file = normalize(join(umd, path.replace(/^\/umd\//, '')));
    if (!file.startsWith(umd) || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/javascript' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}`, server };
}

type Captured = { message: Record<string, unknown>; origin: { endpoint: string; writeKey?: string } };

/** The receiver's captures, once there are `count` of them (the library sends in the background). */
async function capturedMessages(receiverUrl: string, count: number): Promise<Captured[]> {
  let got: Captured[] = [];
  await expect
    .poll(
      async () => {
        got = (await (await fetch(`${receiverUrl}/api/messages`)).json()) as Captured[];
        return got.length;
      },
      { timeout: 20_000 },
    )
    .toBe(count);
  return got;
}

function pageFor(receiver: string, batching: boolean): string {
  const apiHost = `${new URL(receiver).host}/v1`;
  const segmentIo = { apiKey: 'web_write_key', apiHost, protocol: 'http', ...(batching ? { deliveryStrategy: { strategy: 'batching', config: { size: 3, timeout: 300 } } } : {}) };
  return `<!doctype html><meta charset="utf-8"><title>Shop</title>
<script src="/umd/index.js"></script>
<script>
  const settings = ${JSON.stringify({ writeKey: 'web_write_key', cdnSettings: { integrations: { 'Segment.io': segmentIo } } })};
  window.analytics = AnalyticsNext.AnalyticsBrowser.load(settings, { integrations: { 'Segment.io': ${JSON.stringify(segmentIo)} } });
  window.sendAll = async (tag) => {
    await window.analytics.identify('shopper-' + tag, { email: tag + '@example.com' });
    await window.analytics.track('Product Viewed ' + tag, { sku: 'sku-' + tag });
    await window.analytics.page('Shop', 'Checkout ' + tag);
  };
</script>`;
}

for (const batching of [false, true]) {
  test(`analytics-next ${batching ? 'with batching (/v1/b)' : 'one call per request (/v1/t, /i, /p)'}: every message arrives, a failed attempt is retried`, async ({ page, eventbench }) => {
    const shop = await servePage(pageFor(eventbench.url, batching));
    try {
      // The first delivery attempt fails with a 500: the library must retry it.
      let failedOnce = false;
      const retried: string[] = [];
      await page.route(`${eventbench.url}/v1/**`, async (route) => {
        const req = route.request();
        if (req.method() === 'OPTIONS') return route.continue();
        const retry = await req.headerValue('x-retry-count');
        if (retry) retried.push(retry);
        if (!failedOnce) {
          failedOnce = true;
          return route.fulfill({ status: 500, headers: { 'access-control-allow-origin': new URL(shop.url).origin }, body: '{"success":false}' });
        }
        return route.continue();
      });
      const tag = batching ? 'b' : 'single';
      await page.goto(shop.url);
      await page.waitForFunction('window.analytics && window.sendAll');
      await page.evaluate(`window.sendAll(${JSON.stringify(tag)})`);

      const wanted = [`Product Viewed ${tag}`, `Checkout ${tag}`, `${tag}@example.com`];
      const got = await capturedMessages(eventbench.url, 3);
      expect(failedOnce).toBe(true);
      expect(retried.length).toBeGreaterThan(0);
      expect(got.map((m) => m.message.type).sort()).toEqual(['identify', 'page', 'track']);
      for (const m of got) {
        expect(m.origin.writeKey).toBe('web…key'); // masked; the key itself is never kept
        expect(m.origin.endpoint).toBe(batching ? '/v1/b' : `/v1/${String(m.message.type)[0]}`);
        expect(m.message.userId).toBe(`shopper-${tag}`);
        // Batching puts the write key inside every event: it authenticates, and is not kept.
        expect('writeKey' in m.message).toBe(false);
      }
      expect(await (await fetch(`${eventbench.url}/api/export`)).text()).not.toContain('web_write_key');

      // And in the inspector.
      const ui = await page.context().newPage();
      await ui.goto(eventbench.url);
      const rows = ui.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
      await expect(rows).toHaveCount(3);
      for (const w of wanted) await expect(ui.getByRole('listbox', { name: 'Captured messages' })).toContainText(w);
    } finally {
      shop.server.close();
    }
  });
}

test("analytics-next with deliveryStrategy credentials 'include' (a proxy that reads cookies), and a JSON sendBeacon: each call arrives once, none retried", async ({ page, eventbench }) => {
  // Such a fetch is refused by Chromium unless the answer allows credentials for the page's origin:
  // without it nothing arrived, and the library retried each call for good.
  const segmentIo = { apiKey: 'cookie_write_key', apiHost: `${new URL(eventbench.url).host}/v1`, protocol: 'http', deliveryStrategy: { config: { credentials: 'include' } } };
  const shop = await servePage(`<!doctype html><meta charset="utf-8"><title>Shop</title>
<script src="/umd/index.js"></script>
<script>
  window.analytics = AnalyticsNext.AnalyticsBrowser.load(${JSON.stringify({ writeKey: 'cookie_write_key', cdnSettings: { integrations: { 'Segment.io': segmentIo } } })}, { integrations: { 'Segment.io': ${JSON.stringify(segmentIo)} } });
</script>`);
  try {
    const refused: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') refused.push(m.text());
    });
    const retried: string[] = [];
    page.on('request', (req) => {
      const retry = req.headers()['x-retry-count'];
      if (req.method() === 'POST' && retry !== undefined && retry !== '0') retried.push(retry);
    });
    await page.goto(shop.url);
    await page.waitForFunction('window.analytics');
    await page.evaluate(`window.analytics.track('With Cookies', { via: 'credentials include' })`);
    await page.evaluate(`window.analytics.identify('cookie-shopper')`);
    // navigator.sendBeacon always sends credentials; with a JSON Blob it is preflighted, and was refused alike.
    const beacon = JSON.stringify({ writeKey: 'cookie_write_key', userId: 'cookie-shopper', event: 'Beacon On Leave' });
    expect(await page.evaluate(`navigator.sendBeacon(${JSON.stringify(`${eventbench.url}/v1/track`)}, new Blob([${JSON.stringify(beacon)}], { type: 'application/json' }))`)).toBe(true);
    const got = await capturedMessages(eventbench.url, 3);
    expect(got.map((m) => String(m.message.event ?? m.message.type)).sort()).toEqual(['Beacon On Leave', 'With Cookies', 'identify']);
    expect(retried).toEqual([]);
    expect(refused.filter((r) => r.includes('CORS'))).toEqual([]);
  } finally {
    shop.server.close();
  }
});

test('analytics-next with only cdnURL set to the receiver: it downloads the settings here and sends where they say', async ({ page, eventbench }) => {
  // The plainest setup a page can have: no cdnSettings, no Segment.io options. The settings the
  // library downloads name the receiver as apiHost; without them it would send to api.segment.io.
  const shop = await servePage(`<!doctype html><meta charset="utf-8"><title>Shop</title>
<script src="/umd/index.js"></script>
<script>
  window.analytics = AnalyticsNext.AnalyticsBrowser.load({ writeKey: 'cdn_write_key', cdnURL: ${JSON.stringify(eventbench.url)} });
</script>`);
  try {
    const asked: string[] = [];
    page.on('request', (req) => asked.push(new URL(req.url()).host + new URL(req.url()).pathname));
    await page.goto(shop.url);
    await page.waitForFunction('window.analytics');
    await page.evaluate(`window.analytics.track('Settings From Eventbench', { via: 'cdnURL' })`);
    const got = await capturedMessages(eventbench.url, 1);
    expect(got[0].message.event).toBe('Settings From Eventbench');
    expect(got[0].origin.endpoint).toBe('/v1/t');
    expect(got[0].origin.writeKey).toBe('cdn…key');
    const receiverHost = new URL(eventbench.url).host;
    expect(asked).toContain(`${receiverHost}/v1/projects/cdn_write_key/settings`);
    // Nothing went to Segment (its API nor its CDN).
    expect(asked.filter((a) => a.includes('segment.io') || a.includes('segment.com'))).toEqual([]);
  } finally {
    shop.server.close();
  }
});

test("a page with Segment's own snippet, loading analytics.js from the receiver: its page and track calls arrive, nothing goes to Segment", async ({ page, eventbench }) => {
  // The snippet as Segment generates it (@segment/snippet), with the two edits the Connect tab
  // shows (pageSnippet): the script block before it, and its t.src line replaced.
  const require = createRequire(import.meta.url);
  const { max } = require('@segment/snippet') as { max: (o: { apiKey: string; page: boolean; load: boolean }) => string };
  const generated = max({ apiKey: 'snip_write_key', page: true, load: true });
  const shown = pageSnippet(`${eventbench.url}/`);
  const before = /<script>[\s\S]*?<\/script>/.exec(shown)![0];
  const [newSrc, oldSrc] = [...shown.matchAll(/t\.src = .*;/g)].map((m) => m[0]);
  expect(oldSrc).toBe('t.src = "https://cdn.segment.com/analytics.js/v1/" + key + "/analytics.min.js";');
  expect(generated).toContain(oldSrc);
  const shop = await servePage(`<!doctype html><meta charset="utf-8"><title>Snippet shop</title>
${before}
<script>${generated.replace(oldSrc, newSrc)}</script>
<script>analytics.track('Snippet Track', { plan: 'pro' });</script>`);
  try {
    const asked: string[] = [];
    page.on('request', (req) => asked.push(new URL(req.url()).host + new URL(req.url()).pathname));
    await page.goto(shop.url);
    const got = await capturedMessages(eventbench.url, 2);
    const byType = Object.fromEntries(got.map((m) => [String(m.message.type), m]));
    expect(byType.track.message.event).toBe('Snippet Track');
    expect(byType.track.origin.endpoint).toBe('/v1/t');
    expect(byType.page.origin.endpoint).toBe('/v1/p');
    expect(byType.page.message).toMatchObject({ context: { page: { title: 'Snippet shop' } } });
    const host = new URL(eventbench.url).host;
    expect(asked).toContain(`${host}/analytics.js/v1/snip_write_key/analytics.min.js`);
    expect(asked).toContain(`${host}/v1/projects/snip_write_key/settings`);
    expect(asked.filter((a) => a.includes('segment.io') || a.includes('segment.com'))).toEqual([]);
  } finally {
    shop.server.close();
  }
});
