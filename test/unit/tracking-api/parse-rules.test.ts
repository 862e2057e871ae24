// parseTrackingRequest's rules one by one, beyond parse.test.ts: the nesting limit, the message
// texts it hands on (slices of the body or stringified), the paths, the write key and its warnings,
// and the exact words of each 400.
import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH } from '../../../src-shared/tracking-api/limits';
import { maxNestingDepth } from '../../../src-shared/tracking-api/batch-scan';
import { parseBasicAuth, parseTrackingRequest, trackingPathOf, type TrackingPath } from '../../../src-shared/tracking-api/parse';

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

function parseText(path: TrackingPath, bodyText: string, authorizationHeader?: string) {
  return parseTrackingRequest({ path, bodyText, bodyBytes: Buffer.byteLength(bodyText), authorizationHeader });
}

function ok(path: TrackingPath, bodyText: string, authorizationHeader?: string) {
  const result = parseText(path, bodyText, authorizationHeader);
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.error}`);
  return result;
}

describe('the nesting limit (256 levels)', () => {
  it('accepts a single call nesting exactly 256 levels and refuses 257, naming the call', () => {
    // The message object is level 1.
    expect(ok('track', `{"event":"E","p":${nested(MAX_NESTING_DEPTH - 1)}}`).messages).toHaveLength(1);
    expect(parseText('identify', `{"userId":"u","p":${nested(MAX_NESTING_DEPTH)}}`)).toEqual({
      ok: false,
      status: 400,
      code: 'too-deep',
      error: 'the identify message nests objects and arrays 257 levels deep; Eventbench accepts at most 256 (deeper JSON cannot be shown or sent on again)',
    });
  });

  it('accepts a batch nesting exactly 256 levels and refuses 257, counting the body and the batch array', () => {
    // Body 1, batch array 2, item 3: an item's value nests 253 more.
    expect(ok('batch', `{"batch":[{"type":"track","p":${nested(MAX_NESTING_DEPTH - 3)}}]}`).messages).toHaveLength(1);
    expect(parseText('batch', `{"batch":[{"type":"track","p":${nested(MAX_NESTING_DEPTH - 2)}}]}`)).toEqual({
      ok: false,
      status: 400,
      code: 'too-deep',
      error: 'the batch request nests objects and arrays 257 levels deep; Eventbench accepts at most 256 (deeper JSON cannot be shown or sent on again)',
    });
  });

  it('refuses a batch whose batch-level context, after the batch array, nests too deep: it is copied into every message', () => {
    const result = parseText('batch', `{"batch":[{"type":"track"}],"context":{"x":${nested(300)}}}`);
    expect(result).toMatchObject({ ok: false, code: 'too-deep', error: expect.stringMatching(/^the batch request nests objects and arrays 302 levels deep/) });
  });

  it('accepts a batch-level context nesting exactly to the limit, before or after the batch array', () => {
    const context = `{"x":${nested(MAX_NESTING_DEPTH - 2)}}`; // level 2 of the body, 255 levels of its own
    for (const body of [`{"context":${context},"batch":[{"type":"track"}]}`, `{"batch":[{"type":"track"}],"context":${context}}`]) {
      const result = ok('batch', body);
      expect(maxNestingDepth(JSON.stringify(result.messages[0]))).toBe(MAX_NESTING_DEPTH);
    }
    expect(parseText('batch', `{"batch":[{"type":"track"}],"context":{"x":${nested(MAX_NESTING_DEPTH - 1)}}}`)).toMatchObject({ ok: false, code: 'too-deep' });
  });
});

describe('trackingPathOf', () => {
  it('takes the long and the short paths, and /v1/import as batch (analytics-ruby), each also with one trailing slash (analytics-java), and nothing else', () => {
    const long: TrackingPath[] = ['track', 'identify', 'group', 'page', 'screen', 'alias', 'batch'];
    for (const path of long) expect(trackingPathOf(path)).toBe(path);
    expect(['t', 'i', 'g', 'p', 's', 'a', 'b'].map(trackingPathOf)).toEqual(long);
    expect(trackingPathOf('import')).toBe('batch');
    // One trailing slash is the same path: analytics-java posts to /v1/import/ (it was a 404).
    expect(trackingPathOf('import/')).toBe('batch');
    for (const path of long) expect(trackingPathOf(`${path}/`)).toBe(path);
    expect(trackingPathOf('b/')).toBe('batch');
    for (const other of ['', '/', '//', 'import//', '/import', 'import/x', 'x/', 'x', 'Track', 'tracks', 'T', 'Import', 'imports', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'constructor/']) expect(trackingPathOf(other)).toBeUndefined();
  });
});

describe('message texts: the line-break rule', () => {
  it('stringifies a single call whose body holds a carriage return (the log keeps a message on one line)', () => {
    const result = ok('track', '{"event":"E",\r"userId":"u"}');
    expect(result.messageJson).toEqual({ sent: ['{"event":"E","userId":"u","type":"track"}'], added: [''], starts: [-1] });
    const lf = ok('track', '{"event":"E",\n"userId":"u"}');
    expect(lf.messageJson.starts).toEqual([-1]);
  });

  it('keeps a batch item’s text when the line break is only around it, at either end', () => {
    const body = '{"batch":[\n{ "a" : 1 }\n,\r{ "b" : 2 }\r\n,{ "c" : 3 }\r]}';
    const result = ok('batch', body);
    expect(result.messageJson.sent).toEqual(['{ "a" : 1 }', '{ "b" : 2 }', '{ "c" : 3 }']);
    expect(result.messageJson.starts).toEqual([body.indexOf('{ "a"'), body.indexOf('{ "b"'), body.indexOf('{ "c"')]);
  });

  it('stringifies a batch item with a carriage return or a line feed inside, and only that one', () => {
    const body = '{"batch":[{ "a" : 1 },{ "b" :\r2 },{ "c" : 3 },{ "d" :\n4 },{ "e" : 5 }]}';
    const result = ok('batch', body);
    expect(result.messageJson.sent).toEqual(['{ "a" : 1 }', '{"b":2}', '{ "c" : 3 }', '{"d":4}', '{ "e" : 5 }']);
    expect(result.messageJson.starts.map((s) => s >= 0)).toEqual([true, false, true, false, true]);
  });

  it('marks an item into whose own context the batch context is merged as stringified (-1), the others as slices', () => {
    const body = '{"context":{"ip":"1.2.3.4"},"batch":[{"type":"track"},{"type":"track","context":{"page":{}}}]}';
    const result = ok('batch', body);
    expect(result.messageJson.starts).toEqual([body.indexOf('{"type":"track"}'), -1]);
    expect(result.messageJson.sent[1]).toBe('{"type":"track","context":{"ip":"1.2.3.4","page":{}}}');
    expect(result.messageJson.added).toEqual(['"context":{"ip":"1.2.3.4"}', '']);
  });
});

describe('invalid JSON: the words', () => {
  it('says an empty or blank body is empty, without a place', () => {
    for (const text of ['', '  \n ']) {
      expect(parseText('track', text)).toEqual({ ok: false, status: 400, code: 'invalid-json', error: 'invalid JSON: the body is empty' });
    }
  });

  it('gives the place, the reason and the text around it', () => {
    expect(parseText('batch', '{"batch": [1,]}')).toEqual({
      ok: false,
      status: 400,
      code: 'invalid-json',
      error: "invalid JSON at line 1, column 13 (position 12): trailing comma before ']', near `{\"batch\": [1,]}`",
    });
  });

  it('names what the body is when it is not an object, and what the path expects', () => {
    expect(parseText('batch', '[1]')).toMatchObject({ code: 'not-an-object', error: 'the body must be a JSON object ({"batch": [ ...messages ]}), but it is an array' });
    expect(parseText('track', '42')).toMatchObject({ code: 'not-an-object', error: 'the body must be a JSON object (a message object), but it is a number' });
    expect(parseText('page', '"x"')).toMatchObject({ code: 'not-an-object', error: 'the body must be a JSON object (a message object), but it is a string' });
    expect(parseText('alias', 'true')).toMatchObject({ code: 'not-an-object', error: 'the body must be a JSON object (a message object), but it is a boolean' });
    expect(parseText('batch', '{"batch":7}')).toMatchObject({ code: 'batch-not-array', error: '"batch" must be an array of messages, but it is a number' });
    expect(parseText('batch', '{"batch":null}')).toMatchObject({ code: 'batch-not-array', error: '"batch" must be an array of messages, but it is null' });
    expect(parseText('batch', '{}')).toMatchObject({ code: 'batch-not-array', error: 'the body has no "batch" field; /v1/batch expects {"batch": [ ...messages ]}' });
    // It names the path the client called: analytics-ruby posts to /v1/import, analytics.js and the mobile libraries to /v1/b.
    for (const endpoint of ['/v1/import', '/v1/b']) {
      const result = parseTrackingRequest({ path: 'batch', bodyText: '{}', bodyBytes: 2, endpoint });
      expect(result).toMatchObject({ code: 'batch-not-array', error: `the body has no "batch" field; ${endpoint} expects {"batch": [ ...messages ]}` });
    }
  });
});

describe('the write key and the Authorization header', () => {
  it('takes no write key from an empty or non-string body writeKey', () => {
    for (const writeKey of ['', 42, null, ['wk']]) {
      const result = ok('track', JSON.stringify({ event: 'E', writeKey }));
      expect(result.writeKeySource, JSON.stringify(writeKey)).toBe('none');
      expect(result.writeKey).toBeUndefined();
      expect(result.messages[0]).not.toHaveProperty('writeKey');
    }
  });

  // The writeKey is taken out of the stored message, so the raw JSON no longer showed it: a key
  // written as a number (a config read from YAML or an env var: 12345) read as "none sent".
  it('says why a body writeKey was not taken, without its value, unless Basic auth gave the key', () => {
    const cases: [unknown, string][] = [
      [12345, 'the body\'s writeKey is a number, not text: it was not taken as the write key (send it as a string)'],
      [true, 'the body\'s writeKey is a boolean, not text: it was not taken as the write key (send it as a string)'],
      [null, 'the body\'s writeKey is null, not text: it was not taken as the write key (send it as a string)'],
      [{ key: 'wk' }, 'the body\'s writeKey is an object, not text: it was not taken as the write key (send it as a string)'],
      [['wk'], 'the body\'s writeKey is a list, not text: it was not taken as the write key (send it as a string)'],
      ['', 'the body\'s writeKey is empty'],
    ];
    for (const [writeKey, warning] of cases) {
      expect(ok('track', JSON.stringify({ event: 'E', writeKey })).writeKeyWarning, JSON.stringify(writeKey)).toBe(warning);
      expect(ok('batch', JSON.stringify({ batch: [{ type: 'track', event: 'E', writeKey }] })).writeKeyWarning, JSON.stringify(writeKey)).toBe(warning.replace("the body's writeKey", "the writeKey in the batch's items"));
    }
    expect(JSON.stringify(ok('track', JSON.stringify({ event: 'E', writeKey: 987654321 })))).not.toContain('987654321');
    // A key from Basic auth: the body's does not matter. A usable one, or none: nothing to say.
    expect(Object.keys(ok('track', JSON.stringify({ event: 'E', writeKey: 5 }), `Basic ${btoa('wk:')}`))).not.toContain('writeKeyWarning');
    expect(Object.keys(ok('track', JSON.stringify({ event: 'E', writeKey: 'wk' })))).not.toContain('writeKeyWarning');
    expect(Object.keys(ok('track', JSON.stringify({ event: 'E' })))).not.toContain('writeKeyWarning');
  });

  it('ignores a blank Authorization header: no warning', () => {
    for (const header of ['', '   ', '\t']) {
      const result = ok('track', '{"event":"E","writeKey":"wk"}', header);
      expect(result, JSON.stringify(header)).toStrictEqual({ ...result, writeKey: 'wk', writeKeySource: 'body' });
      expect(Object.keys(result), JSON.stringify(header)).not.toContain('authWarning');
    }
  });

  it('leaves authWarning out altogether when there is nothing to warn about', () => {
    expect(Object.keys(ok('track', '{"event":"E","writeKey":"wk"}'))).not.toContain('authWarning');
    expect(Object.keys(ok('track', '{"event":"E"}', 'Bearer t0k'))).toContain('authWarning');
    expect(Object.keys(ok('track', '{"event":"E","writeKey":"wk"}', 'Bearer t0k'))).not.toContain('authWarning');
  });

  it('reads Bearer with whitespace before it and any whitespace before the token', () => {
    for (const header of ['  Bearer tok', 'BEARER\ttok', 'Bearer   tok', ' bearer \t tok ']) {
      const result = ok('track', '{"event":"E","writeKey":"wk"}', header);
      expect(result.writeKeySource, header).toBe('body');
      expect(result.authWarning, header).toBeUndefined();
    }
    // Only the scheme word itself: another word ending in "bearer" is another scheme.
    expect(ok('track', '{"event":"E","writeKey":"wk"}', 'Xbearer tok').authWarning).toMatch(/uses the "Xbearer" scheme/);
    expect(ok('track', '{"event":"E","writeKey":"wk"}', 'Bearer   ').authWarning).toBe('the Authorization header says Bearer but carries no token');
  });

  it('quotes at most 20 characters of an unknown scheme', () => {
    const result = ok('track', '{"event":"E"}', 'Abcdefghijklmnopqrstuvwxyz token');
    expect(result.authWarning).toBe('the Authorization header uses the "Abcdefghijklmnopqrst" scheme; Segment expects "Basic base64(writeKey:)" (or "Bearer <token>" with the write key in the body)');
  });
});

describe('parseBasicAuth', () => {
  it('names an empty scheme for a blank header', () => {
    for (const header of ['', '  ']) {
      expect(parseBasicAuth(header)).toEqual({ problem: 'the Authorization header uses the "" scheme; Segment expects "Basic base64(writeKey:)" (or "Bearer <token>" with the write key in the body)' });
    }
  });

  it('takes whitespace around the scheme and the credentials', () => {
    const encoded = Buffer.from('wk:').toString('base64');
    expect(parseBasicAuth(`  Basic   ${encoded}  `)).toEqual({ writeKey: 'wk' });
    expect(parseBasicAuth(`BASIC\t${encoded}`)).toEqual({ writeKey: 'wk' });
    expect(parseBasicAuth('Basic    ')).toEqual({ problem: 'the Authorization header says Basic but carries no credentials' });
  });

  it('decodes every byte of the user name, multi-byte characters and all', () => {
    const user = 'wk-日本-😀-é';
    expect(parseBasicAuth('Basic ' + Buffer.from(`${user}:pw:with:colons`).toString('base64'))).toEqual({ writeKey: user });
    expect(parseBasicAuth('Basic ' + Buffer.from(':pw').toString('base64'))).toMatchObject({ problem: expect.stringMatching(/empty user name/) });
  });
});
