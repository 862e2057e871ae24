// Capture log lines (src-main/store/record.ts) to the letter, beyond the round trips of
// record.test.ts: where a message's JSON starts in a line as written (and -1 for any other form),
// every error sentence of a request line and of a message line, what is filled in when absent,
// seqs of every width, and buffers that grow mid-request (issue #15).
import { describe, expect, it } from 'vitest';
import type { CapturedMessage, DropReason } from '../../../src-shared/capture';
import { receiverFindings } from '../../../src-shared/validate/validate';
import { encodeCaptures, encodeIngested, isRequestLine, messageJsonStart, serializeCaptures, toCapturedMessage, toRequestRecord, type RequestRecord, type SerializedParts } from '../../../src-main/store/record';

const ORIGIN = { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none' } as const;
const REQUEST = { requestId: 'r', receivedAt: '2026-01-01T00:00:00.000Z', origin: ORIGIN, headers: { a: '1' } };
const DROP: DropReason[] = [{ code: 'missing-event', message: 'no event', path: 'event' }];

function entry(seq: number, message: CapturedMessage['message'], extra: Partial<CapturedMessage> = {}, requestId = 'r') {
  const capture: CapturedMessage = { seq, requestId, receivedAt: REQUEST.receivedAt, origin: ORIGIN, headers: REQUEST.headers, message, messageIdAssigned: false, dropReasons: [], findings: [], ...extra };
  const parts: SerializedParts = { messageJson: JSON.stringify(message), originJson: JSON.stringify(ORIGIN), headersJson: JSON.stringify(REQUEST.headers) };
  return { capture, parts };
}

/** The message lines serializeCaptures writes for these entries (request lines left out). */
const messageLines = (entries: ReturnType<typeof entry>[]) => serializeCaptures(entries).trimEnd().split('\n').filter((l) => !isRequestLine(JSON.parse(l)));

describe('messageJsonStart', () => {
  it('points at the message JSON of each line form this module writes', () => {
    const message = { type: 'track', event: 'E' };
    const json = JSON.stringify(message);
    for (const extra of [{}, { messageIdAssigned: true }, { dropReasons: DROP }, { messageIdAssigned: true, dropReasons: DROP }]) {
      const [line] = messageLines([entry(123, message, extra)]);
      const start = messageJsonStart(line, JSON.parse(line));
      expect(start, JSON.stringify(extra)).toBe(line.length - json.length - 1);
      expect(line.slice(start, -1)).toBe(json);
    }
  });

  it('-1 for any other form: keys added or reordered, a different seq text, spaces, no closing brace', () => {
    const at = (line: string) => messageJsonStart(line, JSON.parse(line));
    expect(at('{"seq":1,"message":{}}')).toBe(19);
    expect(at('{"seq":1,"message":{},"x":1}')).toBe(-1);
    expect(at('{"message":{},"seq":1}')).toBe(-1);
    expect(at('{"seq":1.0,"message":{}}')).toBe(-1);
    expect(at('{"seq": 1,"message":{}}')).toBe(-1);
    expect(at('{"seq":1, "message":{}}')).toBe(-1);
    expect(at('{"seq":1,"messageIdAssigned":false,"message":{}}')).toBe(-1);
    expect(at('{"seq":1,"dropReasons":[],"message":{}}')).toBe(-1);
    expect(at('{"seq":1,"messageIdAssigned":true,"message":{}}')).toBe(44);
    expect(at('{"seq":1,"dropReasons":[ ],"message":{}}')).toBe(-1);
    expect(messageJsonStart('{"seq":1,"message":{}}', { seq: 1, message: {} })).toBe(19);
    expect(messageJsonStart('{"seq":1,"message":{}}x', { seq: 1, message: {} })).toBe(-1);
    expect(messageJsonStart('{"seq":1,"message":{}}', { seq: 2, message: {} })).toBe(-1);
  });
});

describe('request lines', () => {
  it('isRequestLine: an object with "request" and no "seq"', () => {
    expect(isRequestLine({ request: {} })).toBe(true);
    expect(isRequestLine({ request: {}, seq: 1 })).toBe(false);
    expect(isRequestLine({ seq: 1 })).toBe(false);
    expect(isRequestLine(null)).toBe(false);
    expect(isRequestLine([{ request: {} }])).toBe(false);
    expect(isRequestLine('request')).toBe(false);
  });

  // Each error names the field by its path in the line and shows what the line holds there (it
  // said '"request" must be an object' whatever was written), or says the line has none.
  it.each<[string, unknown, string]>([
    ['request null', { request: null }, '"request" must be an object, not null'],
    ['request a list', { request: [1] }, '"request" must be an object, not [1]'],
    ['no receivedAt', { request: { origin: ORIGIN } }, '"request.receivedAt" must be a string (an ISO date-time); the line has none'],
    ['a numeric receivedAt', { request: { receivedAt: 5, origin: ORIGIN } }, '"request.receivedAt" must be a string (an ISO date-time), not 5'],
    ['no origin', { request: { receivedAt: 'x' } }, '"request.origin" must be an object such as {"kind": "tracking", "endpoint": "/v1/track"}; the line has none'],
    ['origin null', { request: { receivedAt: 'x', origin: null } }, '"request.origin" must be an object such as {"kind": "tracking", "endpoint": "/v1/track"}, not null'],
    ['origin a list', { request: { receivedAt: 'x', origin: [] } }, '"request.origin" must be an object such as {"kind": "tracking", "endpoint": "/v1/track"}, not []'],
    ['an unknown kind', { request: { receivedAt: 'x', origin: { kind: 'ftp', endpoint: '/' } } }, '"request.origin.kind" must be "tracking" or "webhook", not "ftp"'],
    ['no kind', { request: { receivedAt: 'x', origin: { endpoint: '/' } } }, '"request.origin.kind" must be "tracking" or "webhook"; the line has none'],
    ['no endpoint', { request: { receivedAt: 'x', origin: { kind: 'tracking' } } }, '"request.origin.endpoint" must be a string (the path posted to); the line has none'],
    ['a numeric endpoint', { request: { receivedAt: 'x', origin: { kind: 'tracking', endpoint: 5 } } }, '"request.origin.endpoint" must be a string (the path posted to), not 5'],
    ['a webhook without its name', { request: { receivedAt: 'x', origin: { kind: 'webhook', endpoint: '/webhook/w', signature: { status: 'no-secret' } } } }, '"request.origin.webhook" must be a string (the webhook\'s name) in a webhook origin; the line has none'],
    ['a webhook without a signature', { request: { receivedAt: 'x', origin: { kind: 'webhook', endpoint: '/webhook/w', webhook: 'w' } } }, '"request.origin.signature" must be an object such as {"status": "valid"} in a webhook origin; the line has none'],
    ['a signature as text', { request: { receivedAt: 'x', origin: { kind: 'webhook', endpoint: '/webhook/w', webhook: 'w', signature: 'valid' } } }, '"request.origin.signature" must be an object such as {"status": "valid"} in a webhook origin, not "valid"'],
  ])('a request line with %s: named, with the value read', (_name, line, error) => {
    expect(toRequestRecord(line as { request: unknown })).toBe(error);
  });

  it('a well-formed webhook request line is read', () => {
    expect(toRequestRecord({ request: { receivedAt: 'x', origin: { kind: 'webhook', endpoint: '/webhook/w', webhook: 'w', signature: { status: 'no-secret' } } } })).toMatchObject({ origin: { kind: 'webhook', webhook: 'w' } });
  });

  it('no requestId is "", no or bad headers are {}; a write key in clear is masked', () => {
    expect(toRequestRecord({ request: { receivedAt: 'x', origin: ORIGIN, requestId: 5, headers: 'h' } })).toEqual({ requestId: '', receivedAt: 'x', origin: ORIGIN, headers: {} });
    expect(toRequestRecord({ request: { receivedAt: 'x', origin: ORIGIN, headers: [] } })).toMatchObject({ headers: {} });
    const r = toRequestRecord({ request: { receivedAt: 'x', origin: { kind: 'tracking', endpoint: '/v1/t', writeKey: 'wk_secret_123', writeKeySource: 'body' } } });
    expect(JSON.stringify(r)).not.toContain('wk_secret_123');
  });
});

describe('message lines', () => {
  it.each<[string, unknown, RequestRecord | undefined, string]>([
    ['null', null, REQUEST, 'the line must be a JSON object, not null'],
    ['a list', [1, 2], REQUEST, 'the line must be a JSON object, not [1,2]'],
    ['a string', 'x', REQUEST, 'the line must be a JSON object, not "x"'],
    ['no seq', { message: {} }, REQUEST, '"seq" must be a whole number, 1 or more; the line has none'],
    ['a seq as text', { seq: '1', message: {} }, REQUEST, '"seq" must be a whole number, 1 or more, not "1"'],
    ['a fractional seq', { seq: 1.5, message: {} }, REQUEST, '"seq" must be a whole number, 1 or more, not 1.5'],
    ['seq 0', { seq: 0, message: {} }, REQUEST, '"seq" must be a whole number, 1 or more, not 0'],
    ['a negative seq', { seq: -1, message: {} }, REQUEST, '"seq" must be a whole number, 1 or more, not -1'],
    ['a seq past a double', { seq: 1e400, message: {} }, REQUEST, '"seq" must be a whole number, 1 or more, not a number too large to hold (it reads as Infinity)'],
    ['seq NaN', { seq: Number.NaN, message: {} }, REQUEST, '"seq" must be a whole number, 1 or more, not NaN'],
    ['a seq as a long text, cut', { seq: 'n'.repeat(200), message: {} }, REQUEST, `"seq" must be a whole number, 1 or more, not "${'n'.repeat(78)}…`],
    ['no message', { seq: 1 }, REQUEST, '"message" must be an object (the Segment message); the line has none'],
    ['message null', { seq: 1, message: null }, REQUEST, '"message" must be an object (the Segment message), not null'],
    ['message a list', { seq: 1, message: [] }, REQUEST, '"message" must be an object (the Segment message), not []'],
    ['message as text', { seq: 1, message: 'm' }, REQUEST, '"message" must be an object (the Segment message), not "m"'],
    ['no request line and no fields of its own', { seq: 1, message: {} }, undefined, 'no request line before this message line, and no "receivedAt"/"origin" of its own'],
    ['an origin but no receivedAt', { seq: 1, message: {}, origin: ORIGIN }, undefined, '"receivedAt" must be a string (an ISO date-time); the line has none'],
    ['an origin but no receivedAt, after a request line', { seq: 1, message: {}, origin: ORIGIN }, REQUEST, '"receivedAt" must be a string (an ISO date-time); the line has none'],
    ['a numeric receivedAt', { seq: 1, message: {}, origin: ORIGIN, receivedAt: 1700000000 }, REQUEST, '"receivedAt" must be a string (an ISO date-time), not 1700000000'],
    ['a receivedAt but no origin', { seq: 1, message: {}, receivedAt: 'x' }, undefined, '"origin" must be an object such as {"kind": "tracking", "endpoint": "/v1/track"}; the line has none'],
    ['an origin as text', { seq: 1, message: {}, receivedAt: 'x', origin: 'tracking' }, undefined, '"origin" must be an object such as {"kind": "tracking", "endpoint": "/v1/track"}, not "tracking"'],
    ['an unknown kind', { seq: 1, message: {}, receivedAt: 'x', origin: { kind: 'ftp', endpoint: '/' } }, undefined, '"origin.kind" must be "tracking" or "webhook", not "ftp"'],
    ['a numeric endpoint', { seq: 1, message: {}, receivedAt: 'x', origin: { kind: 'tracking', endpoint: 7 } }, undefined, '"origin.endpoint" must be a string (the path posted to), not 7'],
    ['a webhook name that is no string', { seq: 1, message: {}, receivedAt: 'x', origin: { kind: 'webhook', endpoint: '/w', webhook: 3, signature: {} } }, undefined, '"origin.webhook" must be a string (the webhook\'s name) in a webhook origin, not 3'],
    ['a webhook without a signature', { seq: 1, message: {}, receivedAt: 'x', origin: { kind: 'webhook', endpoint: '/w', webhook: 'w' } }, undefined, '"origin.signature" must be an object such as {"status": "valid"} in a webhook origin; the line has none'],
  ])('a message line with %s: named, with the value read', (_name, line, request, error) => {
    expect(toCapturedMessage(line, request)).toBe(error);
  });

  it('a line of the request form takes the request fields; flags only when exactly true; findings computed unless asked not to', () => {
    const message = { type: 'track', userId: 'u' };
    const c = toCapturedMessage({ seq: 7, message, messageIdAssigned: 'yes', dropReasons: 'x', findings: ['stale'] }, REQUEST) as CapturedMessage;
    expect(c).toEqual({ seq: 7, requestId: 'r', receivedAt: REQUEST.receivedAt, origin: ORIGIN, headers: REQUEST.headers, message, messageIdAssigned: false, dropReasons: [], findings: receiverFindings(message) });
    expect(c.findings.length).toBeGreaterThan(0);
    expect(toCapturedMessage({ seq: 7, message, messageIdAssigned: true, dropReasons: DROP }, REQUEST)).toMatchObject({ messageIdAssigned: true, dropReasons: DROP });
    expect((toCapturedMessage({ seq: 7, message }, REQUEST, false) as CapturedMessage).findings).toEqual([]);
  });

  it('a full record keeps its own fields, "" and {} for those it lacks', () => {
    const c = toCapturedMessage({ seq: 2, message: {}, receivedAt: 'then', origin: ORIGIN, requestId: 9, headers: null }, REQUEST);
    expect(c).toMatchObject({ seq: 2, requestId: '', receivedAt: 'then', origin: ORIGIN, headers: {} });
    const own = toCapturedMessage({ seq: 2, message: {}, receivedAt: 'then', origin: ORIGIN, requestId: 'own', headers: { h: 'v' } });
    expect(own).toMatchObject({ requestId: 'own', headers: { h: 'v' } });
    const masked = toCapturedMessage({ seq: 2, message: {}, receivedAt: 'then', origin: { kind: 'tracking', endpoint: '/v1/t', writeKey: 'wk_secret_456', writeKeySource: 'body' } });
    expect(JSON.stringify(masked)).not.toContain('wk_secret_456');
  });
});

describe('encoding', () => {
  it('seqs of every width, written as decimal digits', () => {
    const seqs = [1, 9, 10, 11, 99, 100, 101, 999, 1000, 123456789, 9007199254740991];
    const entries = seqs.map((s) => entry(s, { n: s }));
    const { data, lineStarts, lineEnds } = encodeCaptures(entries);
    expect(data.toString('utf8')).toBe(serializeCaptures(entries));
    expect(seqs.map((_, i) => JSON.parse(data.toString('utf8', lineStarts[i], lineEnds[i])).seq)).toEqual(seqs);
  });

  it('a request line per change of requestId, receivedAt, origin or headers', () => {
    const base = entry(1, {});
    const variants = [
      base,
      { ...entry(2, {}), capture: { ...entry(2, {}).capture, receivedAt: 'later' } },
      { ...entry(3, {}), capture: { ...entry(3, {}).capture, receivedAt: 'later' }, parts: { ...entry(3, {}).parts, originJson: '{"kind":"webhook"}' } },
      { ...entry(4, {}), capture: { ...entry(4, {}).capture, receivedAt: 'later' }, parts: { ...entry(4, {}).parts, originJson: '{"kind":"webhook"}', headersJson: '{}' } },
      { ...entry(5, {}, {}, 'r2'), capture: { ...entry(5, {}, {}, 'r2').capture, receivedAt: 'later' }, parts: { ...entry(5, {}).parts, originJson: '{"kind":"webhook"}', headersJson: '{}' } },
      { ...entry(6, {}, {}, 'r2'), capture: { ...entry(6, {}, {}, 'r2').capture, receivedAt: 'later' }, parts: { ...entry(6, {}).parts, originJson: '{"kind":"webhook"}', headersJson: '{}' } },
    ];
    const text = encodeCaptures(variants).data.toString('utf8');
    expect(text).toBe(serializeCaptures(variants));
    expect(text.trimEnd().split('\n').map((l) => (l.startsWith('{"request"') ? 'R' : 'M')).join('')).toBe('RMRMRMRMRMM');
  });

  it('the scratch buffer grows past 1 MB mid-request, over what is already written, for both encoders', () => {
    const big = 'é'.repeat(700_000); // 1.4 MB in UTF-8
    const entries = [entry(1, { a: 'first' }), entry(2, { big }, { messageIdAssigned: true, dropReasons: DROP }), entry(3, { big: `${big}x` }), entry(4, { a: 'last' })];
    const encoded = encodeCaptures(entries);
    const text = encoded.data.toString('utf8');
    expect(text).toBe(serializeCaptures(entries));
    const expected = { text, lineStarts: [...encoded.lineStarts], lineEnds: [...encoded.lineEnds], messageStarts: [...encoded.messageStarts] };

    // The same through encodeIngested, each message's bytes as one range and an empty one.
    const jsons = entries.map((e) => Buffer.from(e.parts.messageJson));
    const bytes = Buffer.concat(jsons);
    const ranges = new Int32Array(4 * jsons.length);
    let at = 0;
    jsons.forEach((j, i) => {
      ranges.set([at, at + j.length, 0, 0], 4 * i);
      at += j.length;
    });
    const ingested = encodeIngested(
      { requestId: 'r', receivedAt: REQUEST.receivedAt, originJson: entries[0].parts.originJson, headersJson: entries[0].parts.headersJson },
      1,
      entries.map((e) => e.capture.messageIdAssigned),
      entries.map((e) => e.capture.dropReasons),
      bytes,
      ranges,
    );
    expect({ text: ingested.data.toString('utf8'), lineStarts: ingested.lineStarts, lineEnds: ingested.lineEnds, messageStarts: ingested.messageStarts }).toEqual(expected);
  });

  it('encodeIngested grows the buffer for a long line head (many drop reasons) after a large message', () => {
    const big = 'x'.repeat(1_100_000);
    const reasons: DropReason[] = Array.from({ length: 3000 }, (_, i) => ({ code: 'missing-event', message: `reason ${i} ${'é'.repeat(50)}`, path: 'event' }));
    const entries = [entry(5, { big }), entry(6, {}, { dropReasons: reasons, messageIdAssigned: true })];
    const expected = serializeCaptures(entries);
    const jsons = entries.map((e) => Buffer.from(e.parts.messageJson));
    const ranges = new Int32Array([0, jsons[0].length, 0, 0, jsons[0].length, jsons[0].length + jsons[1].length, 0, 0]);
    const ingested = encodeIngested(
      { requestId: 'r', receivedAt: REQUEST.receivedAt, originJson: entries[0].parts.originJson, headersJson: entries[0].parts.headersJson },
      5,
      [false, true],
      [[], reasons],
      Buffer.concat(jsons),
      ranges,
    );
    expect(ingested.data.toString('utf8')).toBe(expected);
  });
});

describe('an unchecked signature read back from a log written before it was kept', () => {
  const webhook = (signature: object, headers?: unknown) => ({
    request: { receivedAt: 'x', origin: { kind: 'webhook', endpoint: '/webhook/w', webhook: 'w', signature }, ...(headers === undefined ? {} : { headers }) },
  });
  const signatureOf = (v: ReturnType<typeof webhook>) => ((toRequestRecord(v) as RequestRecord).origin as { signature: unknown }).signature;

  it('takes the X-Signature header a no-secret request carried as received, its shape only', () => {
    // Logs before the check kept received stored {status: 'no-secret'} for a signed request too.
    expect(signatureOf(webhook({ status: 'no-secret' }, { 'x-signature': '[redacted: 40 hex digits]' }))).toEqual({ status: 'no-secret', received: '[redacted: 40 hex digits]' });
    // Sent twice: the check reads the first.
    expect(signatureOf(webhook({ status: 'no-secret' }, { 'x-signature': '[redacted: "sha1=" then 40 hex digits], [redacted: 40 hex digits]' }))).toEqual({
      status: 'no-secret',
      received: '[redacted: "sha1=" then 40 hex digits]',
    });
    // A hand-made file's header in clear: only its shape is taken.
    const clear = 'a'.repeat(40);
    expect(signatureOf(webhook({ status: 'no-secret' }, { 'x-signature': clear }))).toEqual({ status: 'no-secret', received: '[redacted: 40 hex digits]' });
    // The full-record form of a message line reads the same.
    const full = toCapturedMessage({ seq: 1, message: {}, receivedAt: 'x', origin: webhook({ status: 'no-secret' }).request.origin, headers: { 'x-signature': '[redacted: 64 hex digits]' } }, undefined, false) as CapturedMessage;
    expect(full.origin).toMatchObject({ signature: { status: 'no-secret', received: '[redacted: 64 hex digits]' } });
  });

  it('leaves it unsigned without the header, with an empty one, and leaves other statuses and a kept received alone', () => {
    expect(signatureOf(webhook({ status: 'no-secret' }, { 'content-type': 'application/json' }))).toEqual({ status: 'no-secret' });
    expect(signatureOf(webhook({ status: 'no-secret' }))).toEqual({ status: 'no-secret' });
    expect(signatureOf(webhook({ status: 'no-secret' }, { 'x-signature': '[redacted: empty]' }))).toEqual({ status: 'no-secret' });
    expect(signatureOf(webhook({ status: 'no-secret' }, { 'x-signature': '  ' }))).toEqual({ status: 'no-secret' });
    expect(signatureOf(webhook({ status: 'no-secret' }, { 'x-signature': 5 }))).toEqual({ status: 'no-secret' });
    expect(signatureOf(webhook({ status: 'no-secret', received: '[redacted: 3 characters, not 40 hex digits]' }, { 'x-signature': '[redacted: 40 hex digits]' }))).toEqual({
      status: 'no-secret',
      received: '[redacted: 3 characters, not 40 hex digits]',
    });
    expect(signatureOf(webhook({ status: 'valid' }, { 'x-signature': '[redacted: 40 hex digits]' }))).toEqual({ status: 'valid' });
    expect(signatureOf(webhook({ status: 'missing' }, { 'x-signature': '[redacted: empty]' }))).toEqual({ status: 'missing' });
  });
});
