// The one check of every automation API route's query string (src-main/web/route-query.ts).
import { describe, expect, it } from 'vitest';
import { undecodableParamProblem, unknownParamProblem } from '../../../src-main/web/route-query';

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

describe('undecodableParamProblem', () => {
  const tail = 'the query string is read as UTF-8, so escape each character\'s UTF-8 bytes ("é" is %C3%A9), as encodeURIComponent and curl --data-urlencode do';
  it('takes UTF-8 escapes, "+", a "%" that starts no escape, bare names and an empty query', () => {
    for (const q of ['userId=Jos%C3%A9', 'event=a+b', 'text=100%', 'text=%ZZ', 'text=%AZ', 'text=%A', 'event', '', 'a=1&&b=2', 'match=%7B%22a%22%3A1%7D']) expect(undecodableParamProblem(q)).toBeUndefined();
  });
  it('names the value or the name whose escapes are not UTF-8, and the escapes at fault', () => {
    expect(undecodableParamProblem('type=track&userId=Jos%E9')).toBe(`userId "Jos%E9" has %-escapes that are not UTF-8 (%E9): ${tail}`);
    expect(undecodableParamProblem('event=caf%C3%A9%E0%A4')).toBe(`event "caf%C3%A9%E0%A4" has %-escapes that are not UTF-8 (%C3%A9%E0%A4): ${tail}`);
    expect(undecodableParamProblem('a%FF=1')).toBe(`the parameter name "a%FF" has %-escapes that are not UTF-8 (%FF): ${tail}`);
    expect(undecodableParamProblem('%E9')).toBe(`the parameter name "%E9" has %-escapes that are not UTF-8 (%E9): ${tail}`);
    // A "%" that starts no escape splits two that would read as "é" (URLSearchParams reads the bytes C3 25 A9).
    expect(undecodableParamProblem('event=%C3%%A9')).toBe(`event "%C3%%A9" has %-escapes that are not UTF-8 (%C3): ${tail}`);
    // A value with no name before it.
    expect(undecodableParamProblem('=Jos%E9')).toBe(`the value "Jos%E9" of a parameter with no name has %-escapes that are not UTF-8 (%E9): ${tail}`);
  });
});
