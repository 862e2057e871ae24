// NDJSON import lines (src-main/store/import-ndjson.ts) to the letter: what each kind of line
// gives, by number, the request line a message line takes its request from, the 32 KB message
// limit counted without a line's '\r', nesting, and a line too long to hold (issue #15).
import { describe, expect, it } from 'vitest';
import { ImportLineParser, JSON_ARRAY_FILE, MAX_IMPORT_LINE_BYTES, parseImportLines, parseImportStream, type ImportLine } from '../../../src-main/store/import-ndjson';

const origin = { kind: 'tracking', endpoint: '/v1/track' };
const requestLine = (requestId = 'r-1') => JSON.stringify({ request: { requestId, receivedAt: '2026-01-01T00:00:00.000Z', origin, headers: { 'x-a': '1' } } });
const messageLine = (seq: number) => JSON.stringify({ seq, message: { type: 'track', userId: 'u', event: `E${seq}` } });
const parse = (text: string) => [...parseImportLines(text)];
const kinds = (lines: ImportLine[]) => lines.map((l) => `${l.line}:${l.kind}`);

async function stream(chunks: (Buffer | string)[]): Promise<ImportLine[]> {
  const out: ImportLine[] = [];
  for await (const l of parseImportStream((async function* () { yield* chunks; })())) out.push(l);
  return out;
}

/** A raw Segment message whose JSON is exactly `size` bytes. */
function messageOfSize(size: number): string {
  const base = JSON.stringify({ type: 'track', userId: 'u', event: 'Big', properties: { pad: '' } });
  const text = JSON.stringify({ type: 'track', userId: 'u', event: 'Big', properties: { pad: 'p'.repeat(size - base.length) } });
  expect(Buffer.byteLength(text)).toBe(size);
  return text;
}

const nested = (depth: number) => `{"type":"track","p":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

describe('one line', () => {
  it('blank lines (spaces, a lone "\\r") give nothing but still count', () => {
    expect(kinds(parse(['', '  ', '\r', '\t', JSON.stringify({ type: 'track' })].join('\n')))).toEqual(['5:raw']);
    expect(new ImportLineParser().parse('', 1)).toBeUndefined();
  });

  it('not JSON, or JSON that is not an object', () => {
    expect(parse('{nope')).toEqual([{ line: 1, kind: 'error', message: expect.stringMatching(/^not valid JSON at column 2: expected a double-quoted property name, found "n", near `{nope`$/) }]);
    for (const text of ['7', 'null', '"track"', 'true']) expect(parse(text), text).toEqual([{ line: 1, kind: 'error', message: `the line must be a JSON object (a capture log line or a Segment message), not ${text}` }]);
    // An array after a first line of the file is a bad line like these.
    for (const text of ['[]', '[{"type":"track"}]']) expect(parse(`${messageLine(1)}\n${text}`)[1], text).toEqual({ line: 2, kind: 'error', message: `the line must be a JSON object (a capture log line or a Segment message), not ${text}` });
  });

  it('a file that is a JSON array (GET /api/messages saved), on one line or pretty-printed, is one error of the whole file', () => {
    const array = [{ seq: 1, message: { type: 'track', userId: 'u', event: 'E1' } }, { type: 'track', userId: 'u', event: 'Raw' }];
    const error = { line: 1, kind: 'error', message: JSON_ARRAY_FILE, wholeFile: true };
    expect(parse(JSON.stringify(array))).toEqual([error]);
    // Pretty-printed: each of its lines was "not valid JSON", 100 errors listed.
    expect(parse(JSON.stringify(array, null, 2))).toEqual([error]);
    expect(parse(`\n  ${JSON.stringify(array)}\n${messageLine(2)}`)).toEqual([{ ...error, line: 2 }]);
    expect(JSON_ARRAY_FILE).toBe("the file is a JSON array (as GET /api/messages answers), not NDJSON: import reads one JSON object a line, as Export (GET /api/export) writes the log: import an export instead, or turn the array into such lines with jq -c '.[]' file.json > file.ndjson. Nothing was imported");
  });

  it('a file whose lines end in a lone CR (old Mac line endings) is one line: the error says why', () => {
    const text = [JSON.stringify({ type: 'track', event: 'A' }), JSON.stringify({ type: 'track', event: 'B' })].join('\r');
    const [only, ...rest] = parse(text);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ line: 1, kind: 'error' });
    expect((only as { message: string }).message).toMatch(/^not valid JSON at column \d+: .*; the line holds a carriage return \(CR\) at character 29: lines ending in a lone CR \(old Mac line endings\) read as one line; save the file with LF or CRLF line endings$/);
    // A CR a JSON line may hold (as whitespace) changes nothing.
    expect(parse('{"type":"track",\r"event":"A"}')).toEqual([{ line: 1, kind: 'raw', message: { type: 'track', event: 'A' } }].map((l) => expect.objectContaining({ line: l.line, kind: l.kind })));
  });

  it('a raw Segment message (a string "type") is given as is; anything else is neither form', () => {
    expect(parse('{"type":"identify","userId":"u"}')).toEqual([{ line: 1, kind: 'raw', message: { type: 'identify', userId: 'u' }, text: '{"type":"identify","userId":"u"}' }]);
    for (const text of ['{}', '{"type":5}', '{"event":"E"}']) {
      expect(parse(text), text).toEqual([{ line: 1, kind: 'error', message: 'neither a capture log line (request, or seq and message) nor a Segment message (type)' }]);
    }
  });

  it('a raw message of 32,768 bytes is taken, 32,769 refused naming its size; a "\\r" at the end does not count', () => {
    expect(parse(messageOfSize(32_768))[0].kind).toBe('raw');
    expect(parse(`${messageOfSize(32_768)}\r`)[0].kind).toBe('raw');
    expect(parse(messageOfSize(32_769))).toEqual([{ line: 1, kind: 'error', message: "the message is 32,769 bytes; Segment's limit is 32 KB (32,768 bytes) per message" }]);
  });

  it('nesting: 256 levels are taken, 257 refused naming the depth', () => {
    expect(parse(nested(256))[0].kind).toBe('raw');
    expect(parse(nested(257))).toEqual([{ line: 1, kind: 'error', message: 'the line nests objects and arrays 257 levels deep; Eventbench accepts at most 256 (deeper JSON cannot be shown or sent on again)' }]);
  });
});

describe('a byte-order mark', () => {
  it('at the start of the text is skipped, as the streamed import (its UTF-8 decoder) skips it', async () => {
    const text = `\ufeff${messageLine(1).replace(/^.*"message":/, '').slice(0, -1)}\n`;
    expect(kinds(parse(text))).toEqual(['1:raw']);
    const streamed: ImportLine[] = [];
    for await (const l of parseImportStream((async function* () { yield Buffer.from(text); })())) streamed.push(l);
    expect(kinds(streamed)).toEqual(['1:raw']);
  });
});

describe('capture log lines', () => {
  it('message lines take their request from the request line above them, the newest one', () => {
    const lines = parse([requestLine('r-1'), messageLine(1), messageLine(2), requestLine('r-2'), messageLine(3)].join('\n'));
    expect(kinds(lines)).toEqual(['2:captured', '3:captured', '5:captured']);
    const captures = lines.map((l) => (l.kind === 'captured' ? l.capture : undefined));
    expect(captures.map((c) => [c?.seq, c?.requestId, c?.headers['x-a'], c?.origin.endpoint, c?.message.event])).toEqual([
      [1, 'r-1', '1', '/v1/track', 'E1'],
      [2, 'r-1', '1', '/v1/track', 'E2'],
      [3, 'r-2', '1', '/v1/track', 'E3'],
    ]);
  });

  it('a message line with no request line before it is an error saying so', () => {
    expect(parse(messageLine(1))).toEqual([{ line: 1, kind: 'error', message: 'not a captured message: no request line before this message line, and no "receivedAt"/"origin" of its own' }]);
  });

  it('a malformed request line is an error, and the message lines after it do not take the request before it', () => {
    const lines = parse([requestLine('r-1'), messageLine(1), JSON.stringify({ request: 'nope' }), messageLine(2)].join('\n'));
    expect(lines).toEqual([
      expect.objectContaining({ line: 2, kind: 'captured' }),
      { line: 3, kind: 'error', message: 'not a request line: "request" must be an object, not "nope"' },
      // It names the refused line: "no request line before this message line" said there was none.
      { line: 4, kind: 'error', message: 'its request line (line 3) was refused; not imported' },
    ]);
  });

  it('a full record (the older form, with its own "origin") ignores the request line above it', () => {
    const full = JSON.stringify({ seq: 4, requestId: 'own', receivedAt: '2026-02-02T00:00:00.000Z', origin: { kind: 'tracking', endpoint: '/v1/batch' }, headers: {}, message: { type: 'track', event: 'Old' } });
    const [line] = parse([requestLine('r-1'), full].join('\n'));
    expect(line).toMatchObject({ line: 2, kind: 'captured', capture: { seq: 4, requestId: 'own', origin: { endpoint: '/v1/batch' } } });
  });

  it('a record with "origin" but no "seq", or a bad one, is an error naming what is wrong', () => {
    expect(parse(JSON.stringify({ origin, message: { type: 'track' } }))).toEqual([{ line: 1, kind: 'error', message: 'not a captured message: "seq" must be a whole number, 1 or more; the line has none' }]);
    expect(parse([requestLine(), JSON.stringify({ seq: 1, message: 'x' })].join('\n'))).toEqual([{ line: 2, kind: 'error', message: 'not a captured message: "message" must be an object (the Segment message), not "x"' }]);
  });
});

describe("a message line's place in its request (an item's warning is counted against it)", () => {
  const places = (lines: ImportLine[]) => lines.map((l) => (l.kind === 'captured' ? l.indexInRequest : l.kind));
  it('counts from each request line, and goes on from a request line\'s "messagesFrom" (a request the log wrote in two chunks)', () => {
    const from = (n: unknown) => JSON.stringify({ ...JSON.parse(requestLine()), messagesFrom: n });
    expect(places(parse([requestLine(), messageLine(1), messageLine(2), from(2), messageLine(3), requestLine('r-2'), messageLine(4)].join('\n')))).toEqual([0, 1, 2, 0]);
    expect(places(parse([from(1000), messageLine(1)].join('\n')))).toEqual([1000]);
    // A message line refused (a hand edit) still held its place: the next is the request's third message, not its second.
    expect(places(parse([requestLine(), messageLine(1), JSON.stringify({ seq: 0, message: { type: 'track' } }), messageLine(3)].join('\n')))).toEqual([0, 'error', 2]);
    // So does one refused as too deep.
    const deepMessage = JSON.stringify({ seq: 2, message: { type: 'track', p: JSON.parse(nested(256)) } });
    expect(places(parse([requestLine(), messageLine(1), deepMessage, messageLine(3)].join('\n')))).toEqual([0, 'error', 2]);
    // 0, as a line without it: the request's first message.
    expect(places(parse([from(0), messageLine(1), messageLine(2)].join('\n')))).toEqual([0, 1]);
  });
  it('a request line refused as too deep takes its message lines with it (they went to the request before it)', () => {
    const deepRequest = JSON.stringify({ request: { ...JSON.parse(requestLine('r-2')).request, headers: { 'x-a': JSON.parse(nested(257)) } } });
    expect(parse([requestLine(), messageLine(1), deepRequest, messageLine(2)].join('\n')).slice(1)).toEqual([
      { line: 3, kind: 'error', message: expect.stringMatching(/nests objects and arrays \d+ levels deep/) },
      { line: 4, kind: 'error', message: 'its request line (line 3) was refused; not imported' },
    ]);
  });
  it('gives a full record (its own "origin") no place, nor counts it: the message line after it goes on from the one before', () => {
    const full = JSON.stringify({ seq: 4, requestId: 'own', receivedAt: '2026-02-02T00:00:00.000Z', origin: { kind: 'tracking', endpoint: '/v1/batch' }, headers: {}, message: { type: 'track', event: 'Old' } });
    expect(places(parse([requestLine(), messageLine(1), full, messageLine(2)].join('\n')))).toEqual([0, undefined, 1]);
    // A refused request line refuses the message lines after it, not a full record, which needs none.
    const refused = JSON.stringify({ ...JSON.parse(requestLine()), messagesFrom: -1 });
    expect(kinds(parse([refused, full, messageLine(2)].join('\n')))).toEqual(['1:error', '2:captured', '3:error']);
  });
  it("gives a message line the receiver's findings, a key written twice among them", () => {
    const [line] = parse([requestLine(), '{"seq":1,"message":{"type":"track","userId":"u","event":"E","event":"F"}}'].join('\n'));
    expect(line.kind === 'captured' && line.capture.findings.map((f) => f.rule)).toContain('segment.json.duplicate-key');
    const [noEvent] = parse([requestLine(), JSON.stringify({ seq: 2, message: { type: 'track', userId: 'u' } })].join('\n'));
    expect(noEvent.kind === 'captured' && noEvent.capture.findings.length).toBeGreaterThan(0);
  });
  it.each<[unknown, string]>([
    [-1, '-1'],
    [1.5, '1.5'],
    ['7', '"7"'],
    [null, 'null'],
  ])('a "messagesFrom" of %j refuses the request line, naming it, and its message lines with it', (value, shown) => {
    const line = JSON.stringify({ ...JSON.parse(requestLine()), messagesFrom: value });
    expect(parse([line, messageLine(1)].join('\n'))).toEqual([
      { line: 1, kind: 'error', message: `not a request line: "messagesFrom" must be a whole number, 0 or more (the place in its request of the message line after it), not ${shown}` },
      { line: 2, kind: 'error', message: 'its request line (line 1) was refused; not imported' },
    ]);
  });
});

describe('imported request fields are held to what the receiver writes', () => {
  const req = (fields: Record<string, unknown>) => JSON.stringify({ request: { requestId: 'r', receivedAt: '2026-01-01T00:00:00.000Z', origin, headers: {}, ...fields } });
  const hook = (status: unknown) => ({ kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status } });
  it.each<[string, string, string]>([
    ['a receipt time that is not a date', req({ receivedAt: 'not a date' }), 'not a request line: "receivedAt" must be an ISO date-time, not "not a date"'],
    // Date.parse takes these; nothing that reads a receipt time later does (parseIsoTime).
    ['a receipt time that is a date, but not ISO-8601', req({ receivedAt: 'May 1, 2026 10:00' }), 'not a request line: "receivedAt" must be an ISO date-time, not "May 1, 2026 10:00"'],
    ['a receipt time with a space for the T', req({ receivedAt: '2026-05-01 10:00:00Z' }), 'not a request line: "receivedAt" must be an ISO date-time, not "2026-05-01 10:00:00Z"'],
    ['a header that is not text', req({ headers: { 'x-n': 5 } }), 'not a request line: header "x-n" must be text, not 5'],
    // Shown as shownValue shows every value: cut at 80 characters, marked with "…" (it was cut at 60, unmarked).
    ['a long receipt time', req({ receivedAt: `x${'9'.repeat(200)}` }), `not a request line: "receivedAt" must be an ISO date-time, not "x${'9'.repeat(77)}…`],
    ['a header holding a number past a double', `{"request":{"requestId":"r","receivedAt":"2026-01-01T00:00:00.000Z","origin":${JSON.stringify(origin)},"headers":{"x-n":1e400}}}`, 'not a request line: header "x-n" must be text, not a number too large to hold (it reads as Infinity)'],
    // A header's name is cut to its first 60 characters: the sentence stays one line.
    ['a header with a long name that is not text', req({ headers: { [`x-${'a'.repeat(100)}`]: 5 } }), `not a request line: header "x-${'a'.repeat(58)}" must be text, not 5`],
    ['a signature status nobody writes', req({ origin: hook('bogus') }), 'not a request line: "origin.signature.status" must be one of valid, invalid, missing, no-secret, not "bogus"'],
    ['a webhook name no webhook could have', req({ origin: { ...hook('valid'), webhook: '../../x y' } }), 'not a request line: "origin.webhook" is no webhook name: "../../x y" holds ".": a name may use only letters, digits, "-" and "_" (it is part of the URL)'],
    ['an empty webhook name', req({ origin: { ...hook('valid'), webhook: '' } }), 'not a request line: "origin.webhook" is no webhook name: "" is empty'],
  ])('%s: the request line is refused, and its message lines with it', (_name, line, error) => {
    expect(parse([line, messageLine(1)].join('\n'))).toEqual([
      { line: 1, kind: 'error', message: error },
      { line: 2, kind: 'error', message: 'its request line (line 1) was refused; not imported' },
    ]);
  });
  it('a full record with its own bad receipt time is refused; good ones (every status) are taken', () => {
    const full = (receivedAt: string, o: unknown = origin) => JSON.stringify({ seq: 1, receivedAt, origin: o, headers: {}, message: { type: 'track', event: 'E' } });
    expect(parse(full('yesterday'))).toEqual([{ line: 1, kind: 'error', message: 'not a captured message: "receivedAt" must be an ISO date-time, not "yesterday"' }]);
    for (const status of ['valid', 'invalid', 'missing', 'no-secret']) expect(kinds(parse([req({ origin: hook(status) }), messageLine(1)].join('\n')))).toEqual(['2:captured']);
    // ISO-8601 in any of the forms parseIsoTime reads: without an offset (UTC), with one, a date alone.
    for (const receivedAt of ['2026-05-01T10:00:00', '2026-05-01T10:00:00.123456+02:00', '2026-05-01']) expect(kinds(parse(full(receivedAt))), receivedAt).toEqual(['1:captured']);
  });
});

describe('parseImportLines', () => {
  it('numbers lines from 1, with or without a newline at the end, "\\r\\n" too', () => {
    const a = '{"type":"track","n":1}';
    const b = '{"type":"track","n":2}';
    expect(kinds(parse(`${a}\n${b}`))).toEqual(['1:raw', '2:raw']);
    expect(kinds(parse(`${a}\r\n\r\n${b}\r\n`))).toEqual(['1:raw', '3:raw']);
    expect(parse('')).toEqual([]);
    expect(parse(`\n\n${a}`).map((l) => l.line)).toEqual([3]);
  });
});

describe('parseImportStream', () => {
  it('the same lines as the whole text, from strings or bytes, the last line without a newline too', async () => {
    const text = [requestLine(), messageLine(1), '', '{bad', '{"type":"page","name":"東京"}'].join('\n');
    const whole = parse(text);
    expect(await stream([text])).toEqual(whole);
    expect(await stream([Buffer.from(text)])).toEqual(whole);
    const bytes = Buffer.from(text);
    const cut = bytes.length - 3; // inside 京
    expect(await stream([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole);
    expect(await stream([`${text}\n`])).toEqual(whole);
    expect(await stream([])).toEqual([]);
  });

  it('a line over 64 MB is reported by number and skipped, up to its newline; the lines after it are read', async () => {
    expect(MAX_IMPORT_LINE_BYTES).toBe(64 * 1024 * 1024);
    const mb = 'x'.repeat(1 << 20);
    const chunks = ['{"type":"track","n":1}\n', ...Array.from({ length: 65 }, () => mb), 'tail of the long line\n{"type":"track","n":3}\n{"type":"track","n":4}'];
    const lines = await stream(chunks);
    expect(lines).toEqual([
      { line: 1, kind: 'raw', message: { type: 'track', n: 1 }, text: '{"type":"track","n":1}' },
      { line: 2, kind: 'error', message: 'the line is over 67,108,864 bytes; it was skipped' },
      { line: 3, kind: 'raw', message: { type: 'track', n: 3 }, text: '{"type":"track","n":3}' },
      { line: 4, kind: 'raw', message: { type: 'track', n: 4 }, text: '{"type":"track","n":4}' },
    ]);
  });

  it('a line of exactly 64 MB is still read (and refused for what it holds, not its length)', async () => {
    const mb = 'x'.repeat(1 << 20);
    const lines = await stream([...Array.from({ length: 64 }, () => mb), '\n{"type":"track","n":2}']);
    expect(lines).toEqual([
      { line: 1, kind: 'error', message: expect.stringMatching(/^not valid JSON at column \d+: /) },
      { line: 2, kind: 'raw', message: { type: 'track', n: 2 }, text: '{"type":"track","n":2}' },
    ]);
  });

  it('a long line skipped at the very end of the stream gives nothing more', async () => {
    const mb = 'x'.repeat(1 << 20);
    const lines = await stream(Array.from({ length: 65 }, () => mb));
    expect(lines).toEqual([{ line: 1, kind: 'error', message: 'the line is over 67,108,864 bytes; it was skipped' }]);
  });
});

describe('a raw line writing a writeKey or receivedAt twice (taken out, or replaced by the receiver)', () => {
  it('says it, without the write key, as a posted message would; nothing for one written once', () => {
    const [withKey, received, once] = parse(
      [
        '{"type":"track","writeKey":"secret-1","userId":"u","writeKey":"secret-2"}',
        '{"type":"track","receivedAt":"a","userId":"u","receivedAt":"b"}',
        '{"type":"track","writeKey":"k","receivedAt":"a","userId":"u","event":"A","event":"B"}',
      ].join('\n'),
    );
    expect(withKey.kind === 'raw' && withKey.replacedKeyRepeats).toEqual([
      'writeKey appears twice in one object (values not shown: a write key never is); the last is what Segment reads. Send the key once',
    ]);
    expect(received.kind === 'raw' && received.replacedKeyRepeats?.[0]).toMatch(/^receivedAt appears twice in one object \("a", then "b"\); the receiver sets it/);
    expect(once.kind === 'raw' && 'replacedKeyRepeats' in once).toBe(false);
  });
});
