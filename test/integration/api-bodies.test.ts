// The automation API's bodies and parameters a script gets wrong (PUT /api/workspace, POST
// /api/clock, GET /api/messages/wait, the DELETE routes), over a real socket: each is a 400 naming
// what is wrong, and nothing stored is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { API_ROUTES, FILTER_KEYS } from '../../src-main/web/automation-api';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

async function call(method: string, path: string, body?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${t.engine.url}${path}`, { method, body, headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  return { status: res.status, json: method === 'HEAD' ? undefined : await res.json() };
}

const SOURCE = { name: 'Kept', writeKey: 'wk_kept_1234567890', destinations: ['freshsuccess'] };
const savedSources = async () => ((await call('GET', '/api/workspace')).json as { workspace: { sources: { name: string }[] } }).workspace.sources.map((s) => s.name);

describe('PUT /api/workspace: what the workspace has no field for', () => {
  beforeAll(async () => {
    expect((await call('PUT', '/api/workspace', JSON.stringify({ sources: [SOURCE] }))).status).toBe(200);
  });

  it.each([
    // Ignored without a word (the WebSocket refused it, from the command table; this route did not).
    ['a top-level field beside sources', { sources: [], extra: 1 }, 'extra: the workspace has no field "extra"; it takes sources', 'extra'],
    ['a typo of sources', { source: [SOURCE] }, 'source: the workspace has no field "source" (did you mean "sources"?)', undefined],
    ['a source field in the wrong case', { sources: [{ ...SOURCE, writekey: 'wk_other_1234567890' }] }, 'sources[0].writekey: a source has no field "writekey" (did you mean "writeKey"?); it takes id, name, kind, writeKey, writeKeyFingerprint, webhook, destinations, forward', 'sources[0].writekey'],
  ])('%s is a 400 naming it; the saved workspace is kept', async (_, body, problem, where) => {
    const answer = await call('PUT', '/api/workspace', JSON.stringify(body));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toContain(`the workspace was not saved: ${problem}`);
    if (where) expect(answer.json.where).toBe(where);
    expect(await savedSources()).toEqual(['Kept']);
  });

  it('"sources" written twice is a 400 naming it (the last one was saved: an empty list emptied the workspace)', async () => {
    const answer = await call('PUT', '/api/workspace', `{"sources": [${JSON.stringify(SOURCE)}], "sources": []}`);
    expect(answer).toEqual({ status: 400, json: { error: 'the body writes "sources" 2 times; write each field once (JSON.parse keeps only the last)', where: 'sources' } });
    expect(await savedSources()).toEqual(['Kept']);
  });

  it('a field written twice inside a source, or in a clock action, likewise', async () => {
    expect(await call('PUT', '/api/workspace', `{"sources": [{"name": "A", "name": "B", "webhook": "w"}]}`)).toEqual({ status: 400, json: { error: 'the body writes "sources[0].name" 2 times; write each field once (JSON.parse keeps only the last)', where: 'sources[0].name' } });
    expect(await call('POST', '/api/clock', '{"action": "pause", "action": "live"}')).toEqual({ status: 400, json: { error: 'the body writes "action" 2 times; write each field once (JSON.parse keeps only the last)', where: 'action' } });
    expect((await call('GET', '/api/clock')).json).toMatchObject({ mode: 'live' });
    expect(await savedSources()).toEqual(['Kept']);
  });
});

describe('GET /api/messages/wait: count, timeoutMs and settleMs out of range', () => {
  // count=99999999999999999999 waited the whole timeout for 1e20 messages and said it expected
  // "100000000000000000000"; a timeout past the limit did not say which one, nor what was sent.
  it.each([
    ['count=99999999999999999999', 'count must be at most 1,000,000, not "99999999999999999999"'],
    ['count=1000001', 'count must be at most 1,000,000, not "1000001"'],
    ['count=-1', 'count must be a whole number, not "-1"'],
    ['timeoutMs=120001', 'timeoutMs must be at most 120,000 ms, not "120001"'],
    ['timeoutMs=1e9', 'timeoutMs must be a whole number, not "1e9"'],
    ['count=0&settleMs=99999999999999999999', 'settleMs must be at most 120,000 ms, not "99999999999999999999"'],
    ['timeoutMs=NaN', 'timeoutMs must be a whole number, not "NaN"'],
    ['timeoutMs=5&timeoutMs=10', 'timeoutMs is given more than once; give it once (filters combine with AND, one value each)'],
  ])('%s is a 400 naming it and what was sent', async (query, error) => {
    expect(await call('GET', `/api/messages/wait?${query}`)).toEqual({ status: 400, json: { error } });
  });

  it('the largest count and timeout still wait (and time out) as asked', async () => {
    expect((await call('GET', '/api/messages/wait?count=1000000&timeoutMs=1&type=never')).status).toBe(408);
  });
});

describe('the DELETE routes given filters', () => {
  // DELETE /api/messages?type=track emptied the whole log: the query was not read.
  it('DELETE /api/messages with a query is a 400 naming it; nothing is cleared', async () => {
    expect((await fetch(`${t.engine.url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'u', event: 'Kept' }) })).status).toBe(200);
    expect(await call('DELETE', '/api/messages?type=track')).toEqual({ status: 400, json: { error: 'DELETE /api/messages clears every message and takes no parameters, not "type"' } });
    expect((await call('GET', '/api/messages')).json).toHaveLength(1);
  });

  it('DELETE /api/users with a query likewise; nothing is removed', async () => {
    expect((await call('POST', '/api/users/import', JSON.stringify([{ id: 'kept', email: 'k@example.com' }]))).status).toBe(200);
    expect(await call('DELETE', '/api/users?id=kept')).toEqual({ status: 400, json: { error: 'DELETE /api/users removes every starting user and takes no parameters, not "id"' } });
    expect((await call('GET', '/api/users')).json).toEqual([expect.objectContaining({ id: 'kept' })]);
  });
});

describe('POST /api/import given a parameter', () => {
  // ?replace=true was ignored: the file was added to the log it meant to replace.
  it('is a 400 naming it; nothing is imported', async () => {
    const before = ((await call('GET', '/api/messages')).json as unknown[]).length;
    const answer = await call('POST', '/api/import?replace=true', JSON.stringify({ type: 'track', event: 'Not imported', userId: 'u' }));
    expect(answer).toEqual({ status: 400, json: { error: 'POST /api/import adds the body\'s lines to the log and takes no parameters, not "replace"; to replace the log, DELETE /api/messages first' } });
    expect(((await call('GET', '/api/messages')).json as unknown[]).length).toBe(before);
  });
});

describe('a match that is JSON but no object', () => {
  it.each([['[]', '[]'], ['null', 'null'], ['"x"', '"x"'], ['5', '5']])('match=%s is a 400 showing what it got', async (match, shown) => {
    expect(await call('GET', `/api/messages?match=${encodeURIComponent(match)}`)).toEqual({ status: 400, json: { error: `match must be a JSON object such as {"properties":{"goalId":"g-1"}}, not ${shown}` } });
  });
});

// Routes that take no parameters answered as if a misspelt or misplaced one were not there
// (GET /api/export?type=track wrote every message, PUT /api/workspace?dryRun=true saved).
describe('a query parameter a route does not take', () => {
  it.each<[string, string, string]>([
    ['GET', '/api/health?verbose=1', 'GET /api/health takes no parameters, not "verbose"'],
    ['GET', '/api/export?type=track', 'GET /api/export writes every stored message and takes no parameters, not "type"; to read some of them, GET /api/messages takes filters'],
    ['GET', '/api/activity?limit=5', 'GET /api/activity takes no parameters, not "limit"'],
    ['GET', '/api/messages?tpye=track', `unknown filter "tpye" (did you mean "type"?); use ${FILTER_KEYS.join(', ')}`],
    ['GET', '/api/messages/wait?cuont=2', `unknown filter "cuont" (did you mean "count"?); use count, timeoutMs, settleMs, ${FILTER_KEYS.join(', ')}`],
    ['GET', '/api/sessions?userid=u', 'unknown filter "userid" (did you mean "userId"?); use anonymousId, userId, groupId, state, freshsuccessOnly, endpoint, writeKey, limit'],
    ['GET', '/api/users?srot=email', 'unknown parameter "srot" (did you mean "sort"?); use q, sort, descending, limit'],
    ['GET', '/api/matching/settings?x=1', 'GET /api/matching/settings takes no parameters, not "x"'],
  ])('%s %s is a 400 naming it', async (method, path, error) => {
    expect(await call(method, path)).toEqual({ status: 400, json: { error } });
  });

  it('HEAD as GET: a 400 without a body', async () => {
    expect((await call('HEAD', '/api/health?verbose=1')).status).toBe(400);
  });

  it('PUT /api/workspace?dryRun=true is refused before the body is read: nothing is saved', async () => {
    expect((await call('PUT', '/api/workspace', JSON.stringify({ sources: [SOURCE] }))).status).toBe(200);
    const answer = await call('PUT', '/api/workspace?dryRun=true', JSON.stringify({ sources: [] }));
    expect(answer).toEqual({ status: 400, json: { error: 'PUT /api/workspace takes no parameters, not "dryRun"; the workspace goes in the JSON body' } });
    expect(await savedSources()).toEqual(['Kept']);
  });

  it('POST /api/clock?action=pause is refused; the clock is left as it was', async () => {
    expect(await call('POST', '/api/clock?action=pause', '{}')).toEqual({ status: 400, json: { error: 'POST /api/clock takes no parameters, not "action"; the action goes in the JSON body, such as {"action":"advance","ms":60000}' } });
    expect((await call('GET', '/api/clock')).json).toMatchObject({ mode: 'live' });
  });

  it('a long parameter name is shown cut', async () => {
    const name = 'n'.repeat(300);
    expect((await call('GET', `/api/health?${name}=1`)).json.error).toBe(`GET /api/health takes no parameters, not "${'n'.repeat(78)}…`);
  });

  // The access token may come as ?token= on every route (http-server.ts reads it there): it is no
  // filter of the route's. GET /api/messages?token=… was "unknown filter "token"".
  it('token is taken on every route, and is not read as a filter', async () => {
    expect((await call('GET', '/api/health?token=t')).status).toBe(200);
    const all = (await call('GET', '/api/messages')).json as unknown[];
    expect((await call('GET', '/api/messages?token=t')).json).toEqual(all);
    expect((await call('GET', '/api/sessions/totals?token=t')).status).toBe(200);
    expect((await call('GET', '/api/users?token=t')).status).toBe(200);
  });

  // Every route the API serves, from the one table it is served from: a route added there is
  // walked here; one not added there is not served at all (404).
  it.each(Object.entries(API_ROUTES).map(([route, spec]) => [route, spec.takes] as const))('%s refuses a parameter it does not take, naming it', async (route, takes) => {
    const [method, path] = route.split(' ');
    const answer = await call(method, `${path}?zz_not_a_parameter=1`, method === 'GET' || method === 'DELETE' ? undefined : '{}');
    expect(answer.status).toBe(400);
    expect(answer.json.error).toContain('"zz_not_a_parameter"');
    if (takes.length > 0) {
      // Its longest parameter, the first two letters swapped: told which was meant.
      const meant = [...takes].sort((a, b) => b.length - a.length)[0];
      const typo = meant[1] + meant[0] + meant.slice(2);
      expect((await call(method, `${path}?${typo}=1`)).json.error).toContain(`(did you mean "${meant}"?)`);
    }
  });

  it('the table lists every route the 404 names', async () => {
    const answer = await call('GET', '/api/nothing');
    expect(answer).toEqual({ status: 404, json: { error: `no such API endpoint: GET /api/nothing; see ${Object.keys(API_ROUTES).join(', ')}` } });
  });
});

// curl -d sends JSON labelled application/x-www-form-urlencoded (the README's own examples do),
// so a body that parses is taken whatever it is labelled; one that does not, labelled a form, was
// only "not valid JSON" without a word of why (form fields, curl -F's multipart upload).
describe('a JSON body sent as a form', () => {
  const send = async (method: string, path: string, body: string | URLSearchParams | FormData, contentType?: string) => {
    const res = await fetch(`${t.engine.url}${path}`, { method, body, headers: contentType === undefined ? {} : { 'content-type': contentType } });
    return { status: res.status, json: (await res.json()) as any };
  };
  const FORM = 'application/x-www-form-urlencoded';

  it('JSON labelled a form (curl -d) or anything else is taken', async () => {
    expect(await send('POST', '/api/clock', '{"action":"pause"}', FORM)).toMatchObject({ status: 200, json: { mode: 'paused' } });
    expect(await send('POST', '/api/clock', '{"action":"live"}', 'text/plain')).toMatchObject({ status: 200, json: { mode: 'live' } });
    expect(await send('PUT', '/api/sessions/settings', '{"timeoutMs":1800000}', `${FORM}; charset=utf-8`)).toMatchObject({ status: 200 });
  });

  it('form fields are a 400 saying it came as a form and how to send JSON; the clock is left as it was', async () => {
    const answer = await send('POST', '/api/clock', new URLSearchParams({ action: 'pause' }));
    expect(answer).toEqual({
      status: 400,
      json: {
        error:
          "the body is not valid JSON at line 1, column 1 (position 0): unexpected \"a\" where a value was expected, near `action=pause`. It came as a form (Content-Type: application/x-www-form-urlencoded, what curl -d sends), and this route reads JSON: send it with curl -H 'Content-Type: application/json' --data-binary @file.json, or -d '{…}' with the JSON typed inline",
      },
    });
    expect((await call('GET', '/api/clock')).json).toMatchObject({ mode: 'live' });
  });

  it('a multipart upload (curl -F) is a 400 saying so; the workspace is kept', async () => {
    expect((await call('PUT', '/api/workspace', JSON.stringify({ sources: [SOURCE] }))).status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([JSON.stringify({ sources: [] })], { type: 'application/json' }), 'workspace.json');
    expect(await send('PUT', '/api/workspace', form)).toEqual({
      status: 400,
      json: { error: "the body is a multipart form (Content-Type: multipart/form-data, what curl -F sends), not JSON: send the JSON itself with curl -H 'Content-Type: application/json' --data-binary @file.json" },
    });
    expect(await savedSources()).toEqual(['Kept']);
  });

  it('invalid JSON labelled JSON, or anything but a form, reads as before', async () => {
    const error = 'the body is not valid JSON at line 1, column 2 (position 1): expected a double-quoted property name, found "t", near `{timeoutMs: 5}`';
    for (const type of ['application/json', 'text/plain', undefined]) expect(await send('PUT', '/api/matching/settings', '{timeoutMs: 5}', type), type).toEqual({ status: 400, json: { error } });
  });

  // Not the API's: the Tracking API and webhooks answer as Segment does, whatever the label.
  it('the Tracking API and a webhook answer a form the same as a JSON-labelled body', async () => {
    for (const path of ['/v1/track', '/webhook/formhook']) {
      const asJson = await send('POST', path, 'action=pause', 'application/json');
      const asForm = await send('POST', path, 'action=pause', FORM);
      expect(asForm, path).toEqual(asJson);
      expect(asForm.status, path).toBe(400);
      expect(JSON.stringify(asForm.json), path).not.toContain('curl');
    }
  });
});

// The import routes read a file's lines. curl -F sent a multipart form, whose boundary and part
// headers were read as lines (an export came in half, with four "not valid JSON" errors); curl -d
// @file drops the file's line breaks, so an export was one bad line and a users CSV a header with
// no rows, which imported nothing without a word and, with ?replace=true, emptied the directory.
describe('a file sent to an import route as a form', () => {
  const FORM = 'application/x-www-form-urlencoded';
  const post = async (path: string, body: string | FormData, contentType?: string) => {
    const res = await fetch(`${t.engine.url}${path}`, { method: 'POST', body, headers: contentType === undefined ? {} : { 'content-type': contentType } });
    return { status: res.status, json: (await res.json()) as any };
  };
  const upload = (text: string, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([text]), name);
    return form;
  };
  const messageCount = async () => ((await call('GET', '/api/messages')).json as unknown[]).length;
  const userIds = async () => ((await call('GET', '/api/users')).json as { id: string }[]).map((u) => u.id);
  const USERS_CSV = 'id,email\nkept-1,k1@example.com\nkept-2,k2@example.com\n';
  const EXPORT = [JSON.stringify({ type: 'track', event: 'One', userId: 'u' }), JSON.stringify({ type: 'track', event: 'Two', userId: 'u' })].join('\n');

  it('POST /api/import: a multipart upload is a 400 saying so; nothing is imported', async () => {
    const before = await messageCount();
    expect(await post('/api/import', upload(EXPORT, 'export.ndjson'))).toEqual({
      status: 400,
      json: { error: 'the body is a multipart form (Content-Type: multipart/form-data, what curl -F sends), not the file: send the file itself with curl --data-binary @file.ndjson; nothing was imported' },
    });
    expect(await messageCount()).toBe(before);
  });

  it('POST /api/import: lines run into one, labelled a form, are a 400 saying why; one message labelled so is imported', async () => {
    const before = await messageCount();
    const answer = await post('/api/import', EXPORT.replace('\n', ''), FORM);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: expect.stringMatching(/^the body is one line that could not be imported \(not valid JSON at column 44: unexpected "{" after the end of the JSON value, near .+\), and came as a form \(Content-Type: application\/x-www-form-urlencoded, what curl -d sends\): curl -d @file drops the file's line breaks, so its lines ran into one\. Send the file with curl --data-binary @file\.ndjson; nothing was imported$/),
      imported: 0,
      errors: [{ line: 1, message: expect.stringMatching(/^not valid JSON at column 44: unexpected "{" after the end of the JSON value/) }],
    });
    expect(await messageCount()).toBe(before);
    // curl -d '{…}' with one message: taken, as before.
    expect(await post('/api/import', EXPORT.split('\n')[0], FORM)).toEqual({ status: 200, json: { imported: 1, errors: [] } });
    // The same bad line not labelled a form: the import's own answer, as before.
    expect(await post('/api/import', EXPORT.replace('\n', ''), 'application/x-ndjson')).toMatchObject({ status: 200, json: { imported: 0, errors: [{ line: 1 }] } });
    expect(await messageCount()).toBe(before + 1);
  });

  it('POST /api/users/import?replace=true: a CSV run into one line is a 400; the directory is kept', async () => {
    expect(await post('/api/users/import?replace=true', USERS_CSV, 'text/csv')).toEqual({ status: 200, json: { imported: 2, errors: [] } });
    expect(await post('/api/users/import?replace=true', USERS_CSV.replaceAll('\n', ''), FORM)).toEqual({
      status: 400,
      json: {
        error:
          'the body is one line, "id,emailkept-1,k1@example.comkept-2,k2@example.com", and came as a form (Content-Type: application/x-www-form-urlencoded, what curl -d sends): curl -d @file drops the file\'s line breaks, so its lines ran into one. Send the file with curl --data-binary @users.csv; nothing was imported',
      },
    });
    expect(await post('/api/users/import?replace=true', upload(USERS_CSV, 'users.csv'))).toEqual({
      status: 400,
      json: { error: 'the body is a multipart form (Content-Type: multipart/form-data, what curl -F sends), not the file: send the file itself with curl --data-binary @users.csv; nothing was imported' },
    });
    expect(await userIds()).toEqual(['kept-1', 'kept-2']);
  });

  it('POST /api/users/import: a JSON array labelled a form (curl -d @users.json) is taken, line breaks or not', async () => {
    expect(await post('/api/users/import', JSON.stringify([{ id: 'json-1', email: 'j@example.com' }]), FORM)).toEqual({ status: 200, json: { imported: 1, errors: [] } });
    expect(await userIds()).toEqual(['kept-1', 'kept-2', 'json-1']);
  });
});
