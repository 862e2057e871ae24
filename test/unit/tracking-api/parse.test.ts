import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { parseBasicAuth, parseTrackingRequest, type TrackingPath, type TrackingRequestInput } from '../../../src-shared/tracking-api/parse';

const basic = (user: string, password = '') => 'Basic ' + Buffer.from(`${user}:${password}`, 'utf8').toString('base64');

function request(path: TrackingPath, body: unknown, authorizationHeader?: string): TrackingRequestInput {
  const bodyText = typeof body === 'string' ? body : JSON.stringify(body);
  return { path, bodyText, bodyBytes: Buffer.byteLength(bodyText), authorizationHeader };
}

function ok(input: TrackingRequestInput) {
  const result = parseTrackingRequest(input);
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.error}`);
  return result;
}

function failure(input: TrackingRequestInput) {
  const result = parseTrackingRequest(input);
  if (result.ok) throw new Error('expected a 400');
  expect(result.status).toBe(400);
  return result;
}

const singleCalls: Array<[Exclude<TrackingPath, 'batch'>, JsonObject]> = [
  ['track', { event: 'Goal Completed', userId: 'u1', properties: { goalId: 'g1' } }],
  ['identify', { userId: 'u1', traits: { email: 'a@example.com' } }],
  ['group', { userId: 'u1', groupId: 'acme', traits: { name: 'Acme' } }],
  ['page', { anonymousId: 'a1', name: 'Pricing' }],
  ['screen', { anonymousId: 'a1', name: 'Home' }],
  ['alias', { userId: 'u2', previousId: 'u1' }],
];

describe('parseTrackingRequest: single calls', () => {
  it.each(singleCalls)('/v1/%s gives one message typed by the path', (path, body) => {
    const result = ok(request(path, body));
    expect(result.messages).toEqual([{ ...body, type: path }]);
  });

  it('takes the type from the path even when the body says otherwise', () => {
    expect(ok(request('identify', { type: 'track', userId: 'u1' })).messages[0].type).toBe('identify');
  });

  it('takes the write key from the body and keeps it out of the message', () => {
    const result = ok(request('track', { writeKey: 'wk_body', event: 'E', userId: 'u' }));
    expect(result).toMatchObject({ writeKey: 'wk_body', writeKeySource: 'body' });
    expect(result.messages[0]).not.toHaveProperty('writeKey');
    expect(result.authWarning).toBeUndefined();
  });

  it('prefers the Basic auth user name over the body', () => {
    const result = ok(request('track', { writeKey: 'wk_body', event: 'E', userId: 'u' }, basic('wk_basic')));
    expect(result).toMatchObject({ writeKey: 'wk_basic', writeKeySource: 'basic' });
  });

  it('reports no write key when there is none', () => {
    const result = ok(request('track', { event: 'E', userId: 'u' }));
    expect(result.writeKeySource).toBe('none');
    expect(result.writeKey).toBeUndefined();
  });
});

describe('parseTrackingRequest: /v1/batch', () => {
  it('returns every item; batch-level sentAt fills items lacking it, context and integrations are merged into each item’s own', () => {
    const body = {
      writeKey: 'wk',
      sentAt: '2026-01-01T00:00:05.000Z',
      context: { library: { name: 'analytics-node' } },
      integrations: { All: true },
      batch: [
        { type: 'track', event: 'A', userId: 'u' },
        { type: 'identify', userId: 'u', sentAt: '2026-01-01T00:00:01.000Z', context: { ip: '1.2.3.4' }, integrations: {} },
      ],
    };
    const result = ok(request('batch', body));
    expect(result).toMatchObject({ writeKey: 'wk', writeKeySource: 'body' });
    expect(result.messages).toEqual([
      { type: 'track', event: 'A', userId: 'u', sentAt: body.sentAt, context: body.context, integrations: body.integrations },
      { ...body.batch[1], context: { library: { name: 'analytics-node' }, ip: '1.2.3.4' }, integrations: { All: true } },
    ]);
  });

  it('a write key inside the items (analytics.js, batching) authenticates and is kept out of every message and its text', () => {
    const body = { sentAt: '2026-01-01T00:00:05.000Z', batch: [{ type: 'track', event: 'A', anonymousId: 'x', writeKey: 'AJS_KEY_1' }, { type: 'page', anonymousId: 'x', writeKey: 'AJS_KEY_1' }] };
    const bodyText = JSON.stringify(body);
    const result = ok({ path: 'batch', bodyText, bodyBytes: Buffer.byteLength(bodyText) });
    expect(result).toMatchObject({ writeKey: 'AJS_KEY_1', writeKeySource: 'body' });
    for (const m of result.messages) expect('writeKey' in m).toBe(false);
    expect(JSON.stringify(result.messageJson)).not.toContain('AJS_KEY_1');
    // The batch's own key, or Basic auth, comes first.
    expect(ok(request('batch', { ...body, writeKey: 'TOP' }))).toMatchObject({ writeKey: 'TOP', writeKeySource: 'body' });
    expect(ok(request('batch', body, `Basic ${Buffer.from('HDR:').toString('base64')}`))).toMatchObject({ writeKey: 'HDR', writeKeySource: 'basic' });
  });

  it('accepts an empty batch', () => {
    expect(ok(request('batch', { batch: [] })).messages).toEqual([]);
  });

  it('rejects a missing or non-array batch, naming what it found', () => {
    expect(failure(request('batch', { messages: [] }))).toMatchObject({ code: 'batch-not-array', error: expect.stringMatching(/no "batch" field/) });
    expect(failure(request('batch', { batch: { type: 'track' } }))).toMatchObject({ code: 'batch-not-array', error: expect.stringMatching(/but it is an object/) });
  });

  it('rejects an item that is not an object, naming its index', () => {
    const result = failure(request('batch', { batch: [{ type: 'track' }, { type: 'track' }, 'oops'] }));
    expect(result).toMatchObject({ code: 'batch-item-not-object', error: 'batch[2] must be a message object, but it is a string' });
    expect(failure(request('batch', { batch: [null] })).error).toBe('batch[0] must be a message object, but it is null');
    expect(failure(request('batch', { batch: [[1]] })).error).toBe('batch[0] must be a message object, but it is an array');
  });
});

describe('parseTrackingRequest: body shape and invalid JSON', () => {
  it('rejects a body that is not an object', () => {
    expect(failure(request('track', [{ event: 'E' }]))).toMatchObject({ code: 'not-an-object', error: expect.stringMatching(/but it is an array/) });
    expect(failure(request('batch', 'null'))).toMatchObject({ code: 'not-an-object', error: expect.stringMatching(/but it is null/) });
  });

  it('names the line, column and cause of invalid JSON', () => {
    const result = failure(request('track', '{\n  "event": "E",\n  "userId": tru\n}'));
    expect(result.code).toBe('invalid-json');
    expect(result.error).toMatch(/^invalid JSON at line 3, column 13 \(position 30\): unexpected "t" where a value was expected/);
  });

  it.each([
    ['', /the body is empty/],
    ['{"event": "E",}', /line 1, column 14 .*trailing comma/],
    ['{"event": "E"', /line 1, column 14 .*expected ',' or '}' in object, found end of input/],
    ['{"event": "E\n"}', /line 1, column 13 .*unescaped control character/],
    ['{"event": "E"} x', /line 1, column 16 .*after the end of the JSON value/],
    ["{'event': 1}", /line 1, column 2 .*double-quoted property name/],
    ['{"n": 01}', /line 1, column 8 .*expected ',' or '}'/],
    ['{"n": 1.}', /column 9 .*digits expected after "."/],
    ['{"s": "\\x"}', /column 8 .*invalid escape \\x/],
    ['{"s": "abc', /column 7 .*unterminated string/],
  ])('invalid JSON %j', (text, expected) => {
    const result = failure(request('track', text));
    expect(result.code).toBe('invalid-json');
    expect(result.error).toMatch(expected);
  });
});

// A body in UTF-16 or UTF-32 (PowerShell's and .NET's "Unicode", Windows tools) or with a UTF-8
// byte-order mark is not JSON to Segment either; read as UTF-8 its first character was a U+FFFD or
// a NUL, which told the sender nothing. The answer names the encoding it looks like.
describe('parseTrackingRequest: a body that is not UTF-8 JSON but UTF-16, UTF-32 or has a BOM', () => {
  const json = '{"type":"track","userId":"u","event":"E"}';
  /** The bytes of `json` in an encoding, as the receiver decodes them (UTF-8, each bad byte a U+FFFD). */
  const asReceived = (bytes: Buffer) => new TextDecoder().decode(bytes);
  const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
  const utf32 = (s: string, le: boolean) => Buffer.concat([...s].map((c) => { const b = Buffer.alloc(4); if (le) b.writeUInt32LE(c.codePointAt(0)!); else b.writeUInt32BE(c.codePointAt(0)!); return b; }));
  it.each([
    ['UTF-16 little-endian with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]), 'UTF-16 (little-endian, with a byte-order mark)'],
    ['UTF-16 big-endian with a byte-order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(json)]), 'UTF-16 (big-endian, with a byte-order mark)'],
    ['UTF-16 little-endian', Buffer.from(json, 'utf16le'), 'UTF-16 (little-endian)'],
    ['UTF-16 big-endian', utf16be(json), 'UTF-16 (big-endian)'],
    ['UTF-32 little-endian with a byte-order mark', utf32('\ufeff' + json, true), 'UTF-32 (little-endian, with a byte-order mark)'],
    ['UTF-32 big-endian with a byte-order mark', utf32('\ufeff' + json, false), 'UTF-32 (big-endian, with a byte-order mark)'],
  ])('%s: says so', (_name, bytes, named) => {
    const text = asReceived(bytes);
    const result = failure({ path: 'track', bodyText: text, bodyBytes: bytes.length });
    expect(result.code).toBe('invalid-json');
    expect(result.error).toBe(`invalid JSON: the body is ${named}, not UTF-8; JSON must be sent as UTF-8 (RFC 8259): encode it as UTF-8, without a byte-order mark`);
  });

  it('UTF-8 with a byte-order mark: says so', () => {
    const result = failure(request('track', '\ufeff' + json));
    expect(result.error).toBe('invalid JSON: the body starts with a UTF-8 byte-order mark (bytes EF BB BF), which JSON does not allow before a value; send it without the mark');
  });

  it('a NUL or a U+FFFD elsewhere is named where it is, as any other bad character', () => {
    expect(failure(request('track', '{"a":1,\u0000}')).error).toMatch(/^invalid JSON at line 1, column 8/);
    expect(failure(request('track', '\ufffd{"a":1}')).error).toMatch(/^invalid JSON at line 1, column 1/);
  });
});

describe('parseBasicAuth and malformed Authorization headers', () => {
  it('decodes the user name as UTF-8 and ignores the password', () => {
    expect(parseBasicAuth(basic('clé-wk'))).toEqual({ writeKey: 'clé-wk' });
    expect(parseBasicAuth(basic('wk', 'ignored'))).toEqual({ writeKey: 'wk' });
    expect(parseBasicAuth('basic ' + Buffer.from('nocolon').toString('base64'))).toEqual({ writeKey: 'nocolon' });
  });

  it.each([
    ['Token abc', /"Token" scheme; Segment expects "Basic base64\(writeKey:\)" \(or "Bearer <token>" with the write key in the body\)/],
    ['Bearer', /says Bearer but carries no token/],
    ['Basic', /no credentials/],
    ['Basic !!!not-base64!!!', /not valid base64/],
    [basic(''), /empty user name/],
  ])('%j falls back to the body write key with a warning', (header, warning) => {
    const result = ok(request('track', { writeKey: 'wk_body', event: 'E', userId: 'u' }, header));
    expect(result).toMatchObject({ writeKey: 'wk_body', writeKeySource: 'body' });
    expect(result.authWarning).toMatch(warning);
  });

  it('Bearer <token> with the write key in the body is Segment\'s OAuth mode: no warning', () => {
    const result = ok(request('track', { writeKey: 'wk_body', event: 'E', userId: 'u' }, 'Bearer eyJhbGciOi.x.y'));
    expect(result).toEqual(expect.objectContaining({ writeKey: 'wk_body', writeKeySource: 'body' }));
    expect(result.authWarning).toBeUndefined();
    const noKey = ok(request('track', { event: 'E', userId: 'u' }, 'bearer tok'));
    expect(noKey.writeKeySource).toBe('none');
    expect(noKey.authWarning).toMatch(/Bearer token \(Segment's OAuth\), which needs the write key in the body, and the body has none/);
  });

  it('answers 200 with no write key when both are unusable', () => {
    const result = ok(request('track', { event: 'E', userId: 'u' }, 'Basic %%%'));
    expect(result.writeKeySource).toBe('none');
    expect(result.authWarning).toMatch(/base64/);
  });
});
