// A request whose URL alone is over the 16 KB of request line and headers Node reads (a tracking
// pixel's base64 `data`, a page's query string): the 431 said "the request headers are larger than
// the 16 KB this server reads", about a request whose headers were a few lines. It now names the URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { rawExchange } from './helpers/raw-exchange';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const errorOf = (reply: string) => (JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) as { error: string }).error;

describe('a request over the 16 KB of request line and headers', () => {
  it('a URL over 16 KB: the 431 says it is the URL', async () => {
    const url = `/v1/pixel/track?data=${'e'.repeat(20_000)}`;
    const reply = await rawExchange(t.engine.url, `GET ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(errorOf(reply)).toBe(
      'the request line (GET /v1/pixel/track?data=eeeeeeeeeeeeeee…) is longer than the 16 KB this server reads for the request line and headers together: a long URL (query string) is refused; send a long message as a POST body',
    );
  });

  it('many headers after a short URL: still named as headers', async () => {
    const headers = Array.from({ length: 200 }, (_, i) => `X-H${i}: ${'b'.repeat(100)}\r\n`).join('');
    const reply = await rawExchange(t.engine.url, `GET /v1/projects/k/settings HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`);
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(errorOf(reply)).toBe('the request headers are larger than the 16 KB this server reads');
  });
});
