// What each automation API route takes in its query string, checked in one place before the route
// runs: a parameter a route does not read is refused with a 400 naming it (and the one meant, when
// it is a misspelling), never ignored. GET /api/health?verbose=1 and GET /api/export?type=track
// answered as if it were not there, so a script's typo looked like a filter that matched everything.
import { unknownNameProblem } from '../../src-shared/scenario/near';
import { shownValue } from '../../src-shared/shown-value';

export interface RouteQuery {
  /** The parameters the route reads (besides `token`, the access token, which every route takes). */
  takes: readonly string[];
  /** What the route calls its parameters in errors ("filter" where they filter messages or sessions). */
  noun?: 'filter' | 'parameter';
  /** A route that takes none: what it does, said in the refusal ("clears every message"). */
  does?: string;
  /** Said after the refusal: where what was likely meant is done. */
  instead?: string;
}

/** The access token's parameter (http-server.ts reads it on every route): never refused. */
export const TOKEN_PARAM = 'token';

/** The first parameter `route` does not take, named, with the one meant when it is a near spelling; undefined when all are taken. */
export function unknownParamProblem(route: string, spec: RouteQuery, params: URLSearchParams): string | undefined {
  for (const key of params.keys()) {
    if (key === TOKEN_PARAM || spec.takes.includes(key)) continue;
    if (spec.takes.length === 0) return `${route}${spec.does ? ` ${spec.does} and` : ''} takes no parameters, not ${shownValue(key)}${spec.instead ? `; ${spec.instead}` : ''}`;
    return unknownNameProblem(spec.noun ?? 'parameter', key, spec.takes);
  }
  return undefined;
}

/**
 * The first parameter whose %-escapes are not UTF-8 once decoded (`userId=Jos%E9`, "José" escaped
 * as Latin-1 by an old script): URLSearchParams reads such bytes as U+FFFD, so the filter matched
 * nothing and answered a silent `[]`. A "%" not followed by two hex digits (`text=100%`) is not
 * an escape and stays as written, as URLSearchParams reads it. Undefined when every name and value decodes.
 */
export function undecodableParamProblem(query: string): string | undefined {
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    for (const [raw, what] of eq < 0 ? [[part, 'name'] as const] : [[part.slice(0, eq), 'name'] as const, [part.slice(eq + 1), 'value'] as const]) {
      try {
        decodeURIComponent(raw.replace(/\+/g, ' ').replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
      } catch {
        const name = new URLSearchParams(part).keys().next().value ?? '';
        // `?=Jos%E9`: a value with no name before it (it read ' "Jos%E9" has…', naming nothing).
        const where = what === 'name' ? `the parameter name ${shownValue(raw)}` : name === '' ? `the value ${shownValue(raw)} of a parameter with no name` : `${name} ${shownValue(raw)}`;
        return `${where} has %-escapes that are not UTF-8 (${firstBadEscape(raw) ?? raw}): the query string is read as UTF-8, so escape each character's UTF-8 bytes ("é" is %C3%A9), as encodeURIComponent and curl --data-urlencode do`;
      }
    }
  }
  return undefined;
}

/** The run of %-escapes in `raw` that does not decode as UTF-8, for the error. */
function firstBadEscape(raw: string): string | undefined {
  for (const m of raw.matchAll(/(?:%[0-9A-Fa-f]{2})+/g)) {
    try {
      decodeURIComponent(m[0]);
    } catch {
      return m[0];
    }
  }
  return undefined;
}
