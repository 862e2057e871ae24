// The one check of every automation API route's query string (src-main/web/route-query.ts).
import { describe, expect, it } from 'vitest';
import { unknownParamProblem } from '../../../src-main/web/route-query';

const problem = (takes: string[], query: string, extra = {}) => unknownParamProblem('GET /api/x', { takes, ...extra }, new URLSearchParams(query));

describe('unknownParamProblem', () => {
  it('takes the listed parameters, token (the access token) on every route, and an empty query', () => {
    expect(problem(['type'], 'type=track&token=t')).toBeUndefined();
    expect(problem([], 'token=t')).toBeUndefined();
    expect(problem([], '')).toBeUndefined();
  });

  it('a route that takes none: its name, what it does and where to go instead, around the name given', () => {
    expect(problem([], 'a=1&b=2')).toBe('GET /api/x takes no parameters, not "a"');
    expect(problem([], 'type=track', { does: 'writes every message', instead: 'use GET /api/y' })).toBe('GET /api/x writes every message and takes no parameters, not "type"; use GET /api/y');
  });

  it('a route that takes some: the one meant when near, the list always, as "filter" where the route says so', () => {
    expect(problem(['type', 'event'], 'evnet=E')).toBe('unknown parameter "evnet" (did you mean "event"?); use type, event');
    expect(problem(['type', 'event'], 'colour=red', { noun: 'filter' })).toBe('unknown filter "colour"; use type, event');
    // Names every object inherits are unknown names like any other.
    expect(problem(['type'], '__proto__=1')).toBe('unknown parameter "__proto__"; use type');
    expect(problem(['type'], 'constructor=1')).toBe('unknown parameter "constructor"; use type');
  });
});
