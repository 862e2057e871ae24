// How a filter names an endpoint, the same for the inspector's list (MessageIndex.filter) and the
// Sessions view: "batch", "v1/batch" and "/v1/batch" name one endpoint ("import" too), and a
// Tracking API path with one trailing slash and without it name one (the receiver takes
// /v1/import/, analytics-java's, as /v1/import: trackingPathOf in parse.ts).

/** "batch", "v1/batch" and "/v1/batch" all name the same endpoint ("import" too); "webhook/x" too. */
export function normalizeEndpoint(e: string): string {
  const p = e.startsWith('/') ? e : `/${e}`;
  if (/^\/(track|identify|group|page|screen|alias|batch|import)\/?$/.test(p)) return `/v1${p}`;
  return p;
}

/** The other spelling of a Tracking API path (with one trailing slash, or without it), else undefined. */
export function slashTwin(e: string): string | undefined {
  if (!e.startsWith('/v1/') || e.length <= 4) return undefined;
  return e.endsWith('/') ? e.slice(0, -1) : `${e}/`;
}

/** Whether a capture's endpoint (origin.endpoint, as posted to) is the one a filter names. */
export function endpointMatcher(filter: string): (endpoint: string) => boolean {
  const e = normalizeEndpoint(filter);
  const twin = slashTwin(e);
  return (endpoint) => endpoint === e || endpoint === twin;
}
