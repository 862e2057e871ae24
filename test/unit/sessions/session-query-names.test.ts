// checkSessionQuery (the sessions commands' argument, from the WebSocket) names a misspelt filter
// with the one meant, in the sentence GET /api/sessions writes (unknownNameProblem, shared).
import { describe, expect, it } from 'vitest';
import { checkSessionQuery, SESSION_QUERY_KEYS } from '../../../src-shared/sessions/view';
import { unknownNameProblem } from '../../../src-shared/scenario/near';

const USE = `use ${SESSION_QUERY_KEYS.join(', ')}`;

describe('an unknown filter in a sessions query', () => {
  it.each([
    ['usrId', `unknown filter "usrId" (did you mean "userId"?); ${USE}`],
    ['groupid', `unknown filter "groupid" (did you mean "groupId"?); ${USE}`],
    ['colour', `unknown filter "colour"; ${USE}`],
  ])('%s', (key, error) => {
    expect(checkSessionQuery({ [key]: 'x' })).toEqual({ error, where: key });
  });

  it('with the names a command takes besides the filters (sessions.get\'s id) listed and looked through first', () => {
    expect(checkSessionQuery({ limt: 5 }, ['id'])).toEqual({ error: `unknown filter "limt" (did you mean "limit"?); use id, ${SESSION_QUERY_KEYS.join(', ')}`, where: 'limt' });
  });

  it('a long name is shown cut, as every value sent back is', () => {
    const key = 'k'.repeat(500);
    const r = checkSessionQuery({ [key]: 1 }) as { error: string };
    expect(r.error).toBe(`unknown filter "${'k'.repeat(78)}…; ${USE}`);
  });

  it('is the sentence the HTTP routes write', () => {
    expect(unknownNameProblem('parameter', 'srot', ['q', 'sort'])).toBe('unknown parameter "srot" (did you mean "sort"?); use q, sort');
  });
});
