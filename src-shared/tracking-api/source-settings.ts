// GET /v1/projects/<writeKey>/settings: what Segment's settings CDN answers for a source, with
// this receiver as the place to send events. Segment's libraries take the address they send to
// from these settings, not only from their own configuration: analytics-swift and analytics-kotlin
// put the downloaded (or, when the download fails, their built-in) `Segment.io` apiHost over the
// configured one (segmentio/analytics-kotlin#272, segmentio/analytics-swift#156), and analytics.js
// sends where the settings its `cdnURL` gives say. Pointing their CDN host here too makes them send here.

/** The settings path: `/v1/projects/<writeKey>/settings` (the libraries' CDN host ends in /v1). */
const SETTINGS_PATH = /^\/v1\/projects\/([^/]+)\/settings\/?$/;

/** The write key a settings path names (decoded), undefined when the path is not one, null when its key is not decodable. */
export function settingsWriteKeyOf(pathname: string): string | null | undefined {
  const m = SETTINGS_PATH.exec(pathname);
  if (m === null) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

/** A Host header's host and port as a client may put them in a URL; undefined for anything else. */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::\d{1,5})?$/;

/**
 * Where a client that asked for settings should send events: the host and port it reached this
 * receiver at (its Host header: 10.0.2.2 from the Android emulator, a LAN address from a phone),
 * else `fallback` (the listener's own address), with the Tracking API's /v1.
 */
export function apiHostFor(hostHeader: string | undefined, fallback: string): string {
  const host = hostHeader?.trim();
  return `${host !== undefined && HOST.test(host) ? host : fallback}/v1`;
}

/**
 * The settings of a source whose events go to `apiHost` over `protocol`: the `Segment.io`
 * destination only (no device-mode destinations, no remote plugins), every event enabled, and
 * the libraries' own telemetry off (sampleRate 0: analytics-kotlin, -swift and analytics.js would
 * otherwise post metrics to Segment).
 */
export function sourceSettings(writeKey: string, apiHost: string, protocol: 'http' | 'https'): Record<string, unknown> {
  return {
    integrations: {
      'Segment.io': {
        apiKey: writeKey,
        apiHost,
        protocol,
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
  };
}
