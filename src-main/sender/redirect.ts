// A redirect answer to a POST (an http:// address moved to https://, a hook or proxy moved to
// another path). No send here follows one: fetch sends a POST redirected by a 301 or 302 on as a
// GET without its body, whose 200 read as delivered though nothing arrived.

export const REDIRECT_NOT_FOLLOWED = 'a POST redirected by a 301 or 302 goes on as a GET without its body';

/** The statuses fetch follows (300 Multiple Choices and 304 are not redirects it takes). */
export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** Where a redirect points, made absolute against the request's URL; undefined without a Location. */
export function redirectTarget(url: string, location: string | null): string | undefined {
  if (location === null || location.trim() === '') return undefined;
  try {
    return new URL(location, url).href.slice(0, 500);
  } catch {
    return location.slice(0, 500);
  }
}

/** The base URL whose `{base}/v1/batch` is the target, or undefined when the target is not a batch URL. */
export function batchBase(target: string): string | undefined {
  const base = target.replace(/\/v1\/batch\/?(?:[?#].*)?$/, '');
  return base !== target ? base : undefined;
}
