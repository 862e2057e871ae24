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
    ['/x/v1/projects/abc/settings', undefined],
    ['/v2/v1/projects/abc/settings', undefined],
  ])('%s -> %j', (path, key) => expect(settingsWriteKeyOf(path)).toBe(key));
});

describe('apiHostFor', () => {
  it.each([
    ['127.0.0.1:8787', '127.0.0.1:8787/v1'],
    [' 10.0.2.2:8443 ', '10.0.2.2:8443/v1'],
    ['[::1]:8787', '[::1]:8787/v1'],
    ['[fe80::1%eth0]:8787', 'fb:1/v1'],
    ['Dev-Laptop.local', 'Dev-Laptop.local/v1'],
    ['h', 'h/v1'],
    ['h:8787', 'h:8787/v1'],
    ['9:80', '9:80/v1'],
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

  it('is the whole settings document the libraries read: every event type enabled, nothing else to load', () => {
    // analytics.js drops an event type whose plan says enabled: false, loads the unbundled and
    // remote plugins it lists, and turns on its video plugins or edge functions when told to.
    expect(sourceSettings('wk', '10.0.2.2:8787/v1', 'http')).toEqual({
      integrations: {
        'Segment.io': {
          apiKey: 'wk',
          apiHost: '10.0.2.2:8787/v1',
          protocol: 'http',
          unbundledIntegrations: [],
          addBundledMetadata: true,
          maybeBundledConfigIds: {},
        },
      },
      plan: { track: { __default: { enabled: true, integrations: {} } }, identify: { __default: { enabled: true } }, group: { __default: { enabled: true } } },
      edgeFunction: {},
      analyticsNextEnabled: true,
      middlewareSettings: {},
      enabledMiddleware: {},
      metrics: { sampleRate: 0 },
      legacyVideoPluginsEnabled: false,
      remotePlugins: [],
    });
  });
});
