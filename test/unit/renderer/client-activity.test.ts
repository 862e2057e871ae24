// The Connect tab's activity lines: each kind as the sentence a user reads, with what is missing
// said plainly rather than left blank.
import { describe, expect, it } from 'vitest';
import { describeActivity } from '../../../src-renderer/src/connect/activity';

const at = '2026-12-03T13:50:08.000Z';

describe('describeActivity', () => {
  it('a settings download names the client, the masked key and where it was told to send', () => {
    expect(describeActivity({ at, kind: 'settings', from: '10.0.2.15', client: 'analytics-kotlin/1.20.0', writeKeyMasked: 'wk_…_77', apiHost: '10.0.2.2:8443/v1' })).toEqual({
      badge: 'settings',
      tone: 'ok',
      text: 'analytics-kotlin/1.20.0 from 10.0.2.15 downloaded the settings of write key wk_…_77, which tell it to send to 10.0.2.2:8443/v1.',
    });
    expect(describeActivity({ at, kind: 'settings', from: '127.0.0.1' }).text).toBe('A client from 127.0.0.1 downloaded the settings of write key ?, which tell it to send to this receiver.');
  });

  it('analytics.js loaded, by a named page or not', () => {
    expect(describeActivity({ at, kind: 'analytics-js', from: '127.0.0.1', client: 'http://localhost:5173/shop' })).toEqual({ badge: 'analytics.js', tone: 'ok', text: 'The page http://localhost:5173/shop (from 127.0.0.1) loaded analytics.js from here.' });
    expect(describeActivity({ at, kind: 'analytics-js', from: '::1' }).text).toBe('A page (from ::1) loaded analytics.js from here.');
  });

  it('a refused handshake is a warning with its reason', () => {
    expect(describeActivity({ at, kind: 'tls-refused', from: '192.168.1.20', reason: 'the client does not trust the certificate authority' })).toEqual({
      badge: 'HTTPS refused',
      tone: 'warn',
      text: 'A client from 192.168.1.20 did not finish the TLS handshake: the client does not trust the certificate authority.',
    });
    expect(describeActivity({ at, kind: 'tls-refused', from: 'x' }).text).toBe('A client from x did not finish the TLS handshake: it refused the certificate.');
  });

  it('a refused request says who, where, the answer and why, and that nothing was captured', () => {
    expect(describeActivity({ at, kind: 'refused', from: '127.0.0.1', client: 'analytics-node-next/latest', endpoint: '/v1/batch', status: 400, reason: 'message 1 of the batch is 42,127 bytes; Segment\'s limit is 32 KB' })).toEqual({
      badge: 'refused 400',
      tone: 'warn',
      text: "analytics-node-next/latest from 127.0.0.1 posted to /v1/batch and was answered 400: message 1 of the batch is 42,127 bytes; Segment's limit is 32 KB. Nothing was captured.",
    });
    expect(describeActivity({ at, kind: 'refused', from: '::1' }).text).toBe('A client from ::1 connected and was refused. Nothing was captured.');
    // HTTP/2 prior knowledge is refused before any request (no path): it read "posted to a Tracking API path".
    expect(describeActivity({ at, kind: 'refused', from: '127.0.0.1', reason: 'this receiver speaks HTTP/1.1 on its plain port, not HTTP/2' }).text).toBe('A client from 127.0.0.1 connected and was refused: this receiver speaks HTTP/1.1 on its plain port, not HTTP/2. Nothing was captured.');
  });

  it('a tracking pixel that could not be read was asked for, not posted, and got its GIF', () => {
    expect(describeActivity({ at, kind: 'refused', from: '127.0.0.1', client: 'Mozilla/5.0', endpoint: '/v1/pixel/track', reason: 'the pixel\'s data parameter is neither base64 nor JSON: "%%"' })).toEqual({
      badge: 'refused',
      tone: 'warn',
      text: 'Mozilla/5.0 from 127.0.0.1 asked for the tracking pixel /v1/pixel/track and was answered its GIF, as Segment answers every pixel, but the pixel\'s data parameter is neither base64 nor JSON: "%%". Nothing was captured.',
    });
  });

  it('a settings or analytics.js path asked for under another path was asked for, not posted: no "Nothing was captured"', () => {
    expect(describeActivity({ at, kind: 'refused', from: '127.0.0.1', client: 'http://localhost:3000/checkout', method: 'GET', endpoint: '/cdn/v1/projects/k/settings', status: 404, reason: 'nothing here serves /cdn/v1/projects/k/settings: a source\'s settings are at /v1/projects/k/settings' })).toEqual({
      badge: 'refused 404',
      tone: 'warn',
      text: 'http://localhost:3000/checkout from 127.0.0.1 asked for /cdn/v1/projects/k/settings and was answered 404: nothing here serves /cdn/v1/projects/k/settings: a source\'s settings are at /v1/projects/k/settings.',
    });
  });
});
