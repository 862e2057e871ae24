// A web page from another origin, open in the same browser as the UI (another port of this
// host, and a name of its own: attacker.localhost), attacks the running Eventbench. It may send
// captures (the Tracking API is open to any page, as Segment's is), but it must not read the
// API, the WebSocket or the UI, nor change anything, nor learn anything from what loads.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from './fixtures';

async function servePage(html: string): Promise<{ port: number; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, server };
}

/** The attack, run in the page: what it could read or tell apart, one line each. */
function attackPage(eb: string): string {
  const ws = eb.replace(/^http/, 'ws');
  return `<!doctype html><meta charset="utf-8"><title>Elsewhere</title><body><script>
const eb = ${JSON.stringify(eb)};
const loads = (tag, url) => new Promise((done) => {
  const e = document.createElement(tag);
  e.onload = () => done('load');
  e.onerror = () => done('error');
  e.src = url;
  document.body.appendChild(e);
});
const read = (url, init) => fetch(url, init).then((r) => r.text().then((t) => r.status + ' ' + t.slice(0, 80)), (e) => 'failed: ' + e.message);
window.attack = (async () => ({
  // An oracle: does a capture holding this text exist? (200 for a match, 408 for none.)
  waitHit: await loads('script', eb + '/api/messages/wait?timeoutMs=0&userId=victim-user'),
  waitMiss: await loads('script', eb + '/api/messages/wait?timeoutMs=0&userId=nobody-at-all'),
  messagesAsScript: await loads('script', eb + '/api/messages'),
  healthAsImage: await loads('img', eb + '/api/health'),
  readMessages: await read(eb + '/api/messages'),
  readWorkspace: await read(eb + '/api/workspace'),
  readExport: await read(eb + '/api/export'),
  clear: await read(eb + '/api/messages', { method: 'DELETE' }),
  importNoCors: await fetch(eb + '/api/import', { method: 'POST', mode: 'no-cors', body: '{"type":"track","userId":"planted","event":"Planted"}' }).then((r) => r.type, (e) => 'failed: ' + e.message),
  socket: await new Promise((done) => {
    const s = new WebSocket(${JSON.stringify(`${ws}/ws`)});
    s.onopen = () => { s.send(JSON.stringify({ id: 1, command: 'messages.export' })); s.onmessage = (m) => done('read: ' + String(m.data).slice(0, 80)); };
    s.onerror = () => done('refused');
  }),
  // What any page may do: send a capture.
  track: await read(eb + '/v1/t', { method: 'POST', body: JSON.stringify({ type: 'track', event: 'From a page', userId: 'page-user', writeKey: 'page_key' }) }),
}))();
</script>`;
}

for (const [label, host] of [
  ['another port of this host', 'localhost'],
  ['another host name (attacker.localhost)', 'attacker.localhost'],
] as const) {
  test(`a page on ${label} can send captures but read, change or probe nothing`, async ({ page, eventbench }) => {
    await eventbench.track({ event: 'Secret Thing', userId: 'victim-user' });
    const { port, server } = await servePage(attackPage(eventbench.url));
    try {
      await page.goto(`http://${host}:${port}/`);
      const got = (await page.evaluate('window.attack')) as Record<string, string>;
      // No oracle: a match and no match look alike, and nothing of the API loads into the page.
      expect(got.waitHit).toBe('error');
      expect(got.waitMiss).toBe('error');
      expect(got.messagesAsScript).toBe('error');
      expect(got.healthAsImage).toBe('error');
      for (const key of ['readMessages', 'readWorkspace', 'readExport', 'clear']) expect(got[key], key).toMatch(/^failed: /);
      expect(got.socket).toBe('refused');
      expect(got.track).toBe('200 {"success":true}');

      const stored = (await (await fetch(`${eventbench.url}/api/messages`)).json()) as { message: { event?: string } }[];
      expect(stored.map((m) => m.message.event)).toEqual(['Secret Thing', 'From a page']);
    } finally {
      server.close();
    }
  });
}

test('a page elsewhere can neither frame the UI nor post a form to the API', async ({ page, eventbench }) => {
  const form = `<!doctype html><meta charset="utf-8"><body>
<iframe id="ui" src="${eventbench.url}/"></iframe>
<form id="f" method="POST" action="${eventbench.url}/api/import" enctype="text/plain" target="out"><input name='{"type":"track","userId":"formed","event":"Formed","x":"' value='"}'></form>
<iframe name="out"></iframe>`;
  const { port, server } = await servePage(form);
  try {
    let importAnswer: number | undefined;
    page.on('response', (r) => {
      if (r.url().endsWith('/api/import')) importAnswer = r.status();
    });
    await page.goto(`http://attacker.localhost:${port}/`);
    await page.evaluate("document.getElementById('f').submit()");
    await expect.poll(() => importAnswer).toBe(403);
    // The UI's frame stays empty: it refuses to be framed (CSP frame-ancestors, X-Frame-Options).
    const framed = page.frames().find((f) => f.url().startsWith(eventbench.url) && f.url().endsWith('/'));
    expect(framed === undefined || (await framed.evaluate("document.querySelector('#root')?.childElementCount ?? 0").catch(() => 0)) === 0).toBe(true);
    const stored = (await (await fetch(`${eventbench.url}/api/messages`)).json()) as unknown[];
    expect(stored).toHaveLength(0);
  } finally {
    server.close();
  }
});
