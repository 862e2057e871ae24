// A client whose proxy is set to the receiver (HTTPS_PROXY for Go and curl, http_proxy for
// analytics-ruby's Net::HTTP, analytics-python's `proxies`, Java's ProxySelector) asks it for a
// tunnel to api.segment.io:443 with CONNECT. The receiver is not a proxy: it dropped the connection
// without a word (curl: "Proxy CONNECT aborted"; Python: "Remote end closed connection without
// response"); now its status line, which analytics-python, analytics-ruby and analytics-go print in
// their errors, says what to set instead, and a JSON body says why. The CONNECT below is the one curl 7.88.1 sends for
// `curl -x http://127.0.0.1:8787 https://api.segment.io/v1/track`.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { rawExchange } from './helpers/raw-exchange';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const exchange = (bytes: string) => rawExchange(t.engine.url, bytes);

describe('CONNECT (the receiver set as an HTTPS proxy)', () => {
  it('is answered 501 in words, then the connection is closed', async () => {
    const text = await exchange('CONNECT api.segment.io:443 HTTP/1.1\r\nHost: api.segment.io:443\r\nUser-Agent: curl/7.88.1\r\nProxy-Connection: Keep-Alive\r\n\r\n');
    const [head, body] = text.split('\r\n\r\n');
    const [statusLine, ...headers] = head.split('\r\n');
    expect(statusLine).toBe(`HTTP/1.1 501 Eventbench is not a proxy; set the library's host to ${t.engine.url}`);
    expect(headers).toEqual(expect.arrayContaining(['Connection: close', 'Content-Type: application/json; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`]));
    expect(JSON.parse(body)).toEqual({
      success: false,
      code: 'not-a-proxy',
      error: `CONNECT api.segment.io:443: Eventbench is not a proxy and opens no tunnel, so nothing was sent to api.segment.io:443. Set the library's host (or endpoint) to ${t.engine.url} instead of setting a proxy (HTTPS_PROXY, https_proxy, or the library's proxy option) to it.`,
    });
    expect(await t.engine.call('messages.list', undefined)).toEqual([]);
  });

  it("what a client prints: Python's http.client (requests, analytics-python) names the reason", async () => {
    const { port } = new URL(t.engine.url);
    const script = [
      'import http.client',
      `c = http.client.HTTPSConnection("127.0.0.1", ${port}, timeout=10)`,
      'c.set_tunnel("api.segment.io", 443)',
      'try:',
      '    c.request("POST", "/v1/batch", body="{}")',
      'except OSError as e:',
      '    print(e)',
    ].join('\n');
    const out = await new Promise<string>((resolve, reject) => execFile('python3', ['-c', script], (err, stdout) => (err ? reject(err) : resolve(stdout))));
    expect(out.trim()).toBe(`Tunnel connection failed: 501 Eventbench is not a proxy; set the library's host to ${t.engine.url}`);
  });
});
