// The last events of a page that is going away, sent from its `pagehide` handler to the receiver
// at another origin: `navigator.sendBeacon` (text/plain, no CORS preflight) and a keepalive
// `fetch` with `Content-Type: application/json` (which needs a preflight, made while the page is
// already gone). The browser finishes both after the page is gone: both must be captured.
// (analytics-next's own flush on pagehide was tried too: in some runs the library sent nothing
// at all, no request left the page, so it is not a check of the receiver.)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from './fixtures';

async function servePage(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}`, server };
}

type Captured = { message: Record<string, unknown>; origin: { endpoint: string; writeKey?: string }; headers: Record<string, string> };

/** The captures of this event, once there is one (the browser sends in the background). */
async function eventArrived(receiverUrl: string, event: string): Promise<Captured[]> {
  let got: Captured[] = [];
  await expect
    .poll(
      async () => {
        got = (await (await fetch(`${receiverUrl}/api/messages?event=${encodeURIComponent(event)}`)).json()) as Captured[];
        return got.length > 0;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return got;
}

test('a closing page’s sendBeacon and keepalive fetch from pagehide both arrive', async ({ page, eventbench }) => {
  const shop = await servePage(`<!doctype html><meta charset="utf-8"><title>Closing</title>
<script>
  window.addEventListener('pagehide', () => {
    navigator.sendBeacon(${JSON.stringify(`${eventbench.url}/v1/t`)}, JSON.stringify({ type: 'track', event: 'Beacon On Pagehide', anonymousId: 'a-1', writeKey: 'beacon_write_key' }));
    fetch(${JSON.stringify(`${eventbench.url}/v1/track`)}, {
      method: 'POST', keepalive: true,
      headers: { 'Content-Type': 'application/json', Authorization: 'Basic ' + btoa('keepalive_write_key:') },
      body: JSON.stringify({ event: 'Keepalive On Pagehide', anonymousId: 'a-1', properties: { city: 'Zürich' } }),
    });
  });
</script>`);
  try {
    await page.goto(shop.url);
    await page.goto('about:blank');
    const [beacon] = await eventArrived(eventbench.url, 'Beacon On Pagehide');
    expect(beacon.origin).toMatchObject({ endpoint: '/v1/t', writeKey: 'bea…key' });
    expect(beacon.headers['content-type']).toMatch(/^text\/plain/);
    const [keepalive] = await eventArrived(eventbench.url, 'Keepalive On Pagehide');
    expect(keepalive.origin).toMatchObject({ endpoint: '/v1/track', writeKey: 'kee…key' });
    expect(keepalive.message.properties).toEqual({ city: 'Zürich' });
  } finally {
    shop.server.close();
  }
});
