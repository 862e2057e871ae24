// The settings route's pure parts: which paths are a settings request and the write key they
// name, and the apiHost a Host header gives (anything that is not a host falls back).
import { describe, expect, it } from 'vitest';
import { apiHostFor, settingsWriteKeyOf, sourceSettings } from '../../../src-shared/tracking-api/source-settings';

describe('settingsWriteKeyOf', () => {
  it.each([
    ['/v1/projects/abc/settings', 'abc'],
    ['/v1/projects/abc/settings/', 'abc'],
    ['/v1/projects/a%20b%2Fc/settings', 'a b/c'],
    ['/v1/projects/%E0%A4%A/settings', null],
    ['/v1/projects//settings', undefined],
    ['/v1/projects/a/b/settings', undefined],
    ['/v1/projects/abc', undefined],
    ['/projects/abc/settings', undefined],
    ['/v1/projects/abc/settings/x', undefined],
  ])('%s -> %j', (path, key) => expect(settingsWriteKeyOf(path)).toBe(key));
});

describe('apiHostFor', () => {
  it.each([
    ['127.0.0.1:8787', '127.0.0.1:8787/v1'],
    [' 10.0.2.2:8443 ', '10.0.2.2:8443/v1'],
    ['[::1]:8787', '[::1]:8787/v1'],
    ['[fe80::1%eth0]:8787', 'fb:1/v1'],
    ['Dev-Laptop.local', 'Dev-Laptop.local/v1'],
    ['localhost:99999', 'localhost:99999/v1'],
    ['a.b/c', 'fb:1/v1'],
    ['user@host', 'fb:1/v1'],
    ['host:port', 'fb:1/v1'],
    ['-bad.example', 'fb:1/v1'],
    ['', 'fb:1/v1'],
    [undefined, 'fb:1/v1'],
  ])('%j -> %s', (host, apiHost) => expect(apiHostFor(host, 'fb:1')).toBe(apiHost));
});

describe('sourceSettings', () => {
  it('names the apiHost and protocol for Segment.io, with telemetry off', () => {
    const s = sourceSettings('k', 'h:1/v1', 'https') as { integrations: Record<string, Record<string, unknown>>; metrics: unknown };
    expect(Object.keys(s.integrations)).toEqual(['Segment.io']);
    expect(s.integrations['Segment.io']).toMatchObject({ apiKey: 'k', apiHost: 'h:1/v1', protocol: 'https' });
    expect(s.metrics).toEqual({ sampleRate: 0 });
  });
});
