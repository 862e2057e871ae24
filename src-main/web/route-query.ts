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
