// A send that never reached its target says why in words, before the library's own text: the
// composer showed "fetch failed (getaddrinfo ENOTFOUND api.segment.io)" for Segment unreachable
// (no DNS, offline), four times over, and nothing a user who is not a Node developer can read.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../../src-main/sender/redact';

/** undici's error for a name that does not resolve, as fetch rejects with it. */
function dnsFailure(code: string, host: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`getaddrinfo ${code} ${host}`), { code, syscall: 'getaddrinfo', hostname: host }) });
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

describe('errorMessage: a network failure in words', () => {
  it('a name that does not resolve (Segment offline)', () => {
    expect(errorMessage(dnsFailure('ENOTFOUND', 'api.segment.io'))).toBe(
      'api.segment.io could not be reached: its name does not resolve (offline, or DNS blocks it); fetch failed (getaddrinfo ENOTFOUND api.segment.io)',
    );
    expect(errorMessage(dnsFailure('EAI_AGAIN', 'events.eu1.segmentapis.com'))).toMatch(/^events\.eu1\.segmentapis\.com could not be reached: its name does not resolve/);
  });

  it('a port nothing listens on (a real connection refused)', async () => {
    const port = await closedPort();
    const err = await fetch(`http://127.0.0.1:${port}/v1/batch`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(errorMessage(err)).toBe(`127.0.0.1:${port} refused the connection (nothing listens there); fetch failed (connect ECONNREFUSED 127.0.0.1:${port})`);
  });

  it('a timeout, an unreachable network, a cut connection, an untrusted certificate', () => {
    const cause = (code: string, extra: Record<string, unknown> = {}) => new TypeError('fetch failed', { cause: Object.assign(new Error(`${code} x`), { code, ...extra }) });
    expect(errorMessage(cause('UND_ERR_CONNECT_TIMEOUT'))).toMatch(/^the host did not answer in time; fetch failed/);
    expect(errorMessage(cause('ETIMEDOUT', { address: '10.0.0.9', port: 443 }))).toMatch(/^10\.0\.0\.9:443 did not answer in time; /);
    expect(errorMessage(cause('ENETUNREACH', { address: '10.0.0.9', port: 443 }))).toMatch(/^10\.0\.0\.9:443 could not be reached: the network is unreachable; /);
    expect(errorMessage(cause('ECONNRESET'))).toMatch(/^the connection to the host was cut; /);
    expect(errorMessage(cause('SELF_SIGNED_CERT_IN_CHAIN'))).toMatch(/^the host's TLS certificate is not trusted \(a proxy in the way\?\); /);
  });

  it('anything else is left as it was', () => {
    expect(errorMessage(new Error('Bad Request'))).toBe('Bad Request');
    expect(errorMessage(new TypeError('fetch failed', { cause: new Error('bad port') }))).toBe('fetch failed (bad port)');
    expect(errorMessage('plain text')).toBe('plain text');
  });
});
