// encodeCaptures writes log lines straight into bytes; they must be exactly serializeCaptures'
// text (a request line per request, then one line per message), the offsets it reports must
// point at each message line and its message JSON, and every line must read back.
import { describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../../src-shared/capture';
import { receiverFindings } from '../../../src-shared/validate/validate';
import { encodeCaptures, encodeIngested, exactClientMessageIdJson, isRequestLine, messageJsonStart, serializeCaptures, toCapturedMessage, toRequestRecord, type RequestRecord, type SerializedParts } from '../../../src-main/store/record';
import { CLIENT_MESSAGE_ID_RULE } from '../../../src-shared/tracking-api/client-message-id';

function entry(seq: number, message: CapturedMessage['message'], extra: Partial<CapturedMessage> = {}, requestId = 'req-1') {
  const capture: CapturedMessage = {
    seq,
    requestId,
    receivedAt: '2026-01-01T12:00:00.000Z',
    origin: { kind: 'tracking', endpoint: '/v1/batch', writeKey: '•••', writeKeyFingerprint: '51cbcf30514d', writeKeySource: 'body' },
    headers: { host: 'localhost', 'user-agent': 'naïve ✓' },
    message,
    messageIdAssigned: false,
    dropReasons: [],
    findings: [],
    ...extra,
  };
  const parts: SerializedParts = { messageJson: JSON.stringify(message), originJson: JSON.stringify(capture.origin), headersJson: JSON.stringify(capture.headers) };
  return { capture, parts };
}

/** The request lines of a log text: the message each comes before and its messagesFrom (0 when none). */
function requestLinesIn(text: string): { at: number; messagesFrom: number }[] {
  const out: { at: number; messagesFrom: number }[] = [];
  let messages = 0;
  for (const line of text.trimEnd().split('\n')) {
    const v = JSON.parse(line) as { request?: unknown; messagesFrom?: number };
    if (isRequestLine(v)) out.push({ at: messages, messagesFrom: (v as { messagesFrom?: number }).messagesFrom ?? 0 });
    else messages++;
  }
  return out;
}

describe('encodeCaptures', () => {
  const entries = [
    entry(9, { type: 'track', event: 'A', messageId: 'm' }),
    entry(10, { type: 'track', event: 'Café 😀 \u2028 "q"', messageId: 'm2' }),
    entry(1234567, { type: 'track' }, { messageIdAssigned: true, dropReasons: [{ code: 'missing-event', message: 'no event «x»', path: 'event' }] }),
    entry(1234568, {}, {}, 'req-2'),
    entry(1234569, { type: 'identify', traits: { big: 'ü'.repeat(400_000) } }, {}, 'req-3'), // grows the scratch buffer
  ];

  it('gives the bytes of serializeCaptures and where each message line and message is', () => {
    const expected = serializeCaptures(entries);
    const { data, lineStarts, lineEnds, messageStarts, requestLines } = encodeCaptures(entries);
    expect(data.toString('utf8')).toBe(expected);
    expect(requestLines).toEqual(requestLinesIn(expected));
    entries.forEach((e, i) => {
      const line = data.toString('utf8', lineStarts[i], lineEnds[i]);
      expect(data[lineEnds[i]]).toBe(0x0a);
      expect(data.toString('utf8', messageStarts[i], lineEnds[i] - 1)).toBe(e.parts.messageJson);
      expect(JSON.parse(line).seq).toBe(e.capture.seq);
      expect(line).not.toContain('"findings"');
    });
  });

  it('writes a message given as head and tail parts (never joined) byte for byte as its messageJson', () => {
    const split = [entry(20, { type: 'track', event: 'Café ✓', messageId: 'h' }), entry(21, { type: 'track', event: 'B', messageId: 'i' })].map((e) => {
      const json = e.parts.messageJson;
      const cut = json.indexOf(',"messageId"');
      return { ...e, parts: { ...e.parts, messageJsonHead: json.slice(0, cut), messageJsonTail: json.slice(cut) } };
    });
    const { data, lineEnds, messageStarts } = encodeCaptures(split);
    expect(data.toString('utf8')).toBe(serializeCaptures(split));
    split.forEach((e, i) => expect(data.toString('utf8', messageStarts[i], lineEnds[i] - 1)).toBe(e.parts.messageJson));
  });

  it('writes where a request goes on counting (an import written in chunks), and a new request line where its count starts over', () => {
    const at = (e: ReturnType<typeof entry>, indexInRequest: number) => ({ ...e, indexInRequest });
    const placed = [at(entry(30, { type: 'track' }), 1000), at(entry(31, { type: 'track' }), 1001), at(entry(32, { type: 'track' }), 0), at(entry(33, { type: 'track' }), 1)];
    const text = serializeCaptures(placed);
    expect(encodeCaptures(placed).data.toString('utf8')).toBe(text);
    // Where it wrote them, as the store takes them (its messages' requests follow the file's).
    expect(encodeCaptures(placed).requestLines).toEqual(requestLinesIn(text));
    expect(encodeCaptures(placed).requestLines).toEqual([{ at: 0, messagesFrom: 1000 }, { at: 2, messagesFrom: 0 }]);
    const requests = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { request: unknown; messagesFrom?: unknown })
      .filter((v) => isRequestLine(v));
    expect(requests.map((v) => v.messagesFrom)).toEqual([1000, undefined]);
    expect(requests.map((v) => (toRequestRecord(v) as RequestRecord).messagesFrom)).toEqual([1000, undefined]);
    // A hand-edited value that is no place: counted from 0, as a line without one.
    const edited = { ...requests[0], messagesFrom: 'x' };
    expect(toRequestRecord(edited)).not.toHaveProperty('messagesFrom');
  });

  it('writes one request line per request, and lean message lines that read back with it', () => {
    const lines = serializeCaptures(entries).trimEnd().split('\n');
    // req-1 (3 messages), req-2 (1), req-3 (1).
    expect(lines.map((l) => (isRequestLine(JSON.parse(l)) ? 'R' : 'M')).join('')).toBe('RMMMRMRM');
    expect(Object.keys(JSON.parse(lines[1]))).toEqual(['seq', 'message']);
    expect(Object.keys(JSON.parse(lines[3]))).toEqual(['seq', 'messageIdAssigned', 'dropReasons', 'message']);
    let request: RequestRecord | undefined;
    let i = 0;
    for (const line of lines) {
      const v = JSON.parse(line);
      if (isRequestLine(v)) {
        const r = toRequestRecord(v);
        if (typeof r === 'string') throw new Error(r);
        request = r;
        continue;
      }
      const back = toCapturedMessage(v, request);
      const { findings: _f, ...want } = entries[i++].capture;
      expect(back).toEqual({ ...want, findings: receiverFindings(want.message) });
    }
    expect(i).toBe(entries.length);
  });

  it("gives a message of another request its own request line even when the requestId is the same (two logs joined): its receivedAt, origin and headers read back as its own", () => {
    const base = entry(40, { type: 'track' });
    const other = (seq: number, extra: Partial<CapturedMessage>) => entry(seq, { type: 'track' }, extra);
    const placed = [
      base,
      other(41, { receivedAt: '2026-01-02T12:00:00.000Z' }),
      other(42, { receivedAt: '2026-01-02T12:00:00.000Z', origin: { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none' } }),
      other(43, { receivedAt: '2026-01-02T12:00:00.000Z', origin: { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none' }, headers: { host: 'elsewhere' } }),
    ];
    const text = serializeCaptures(placed);
    expect(encodeCaptures(placed).data.toString('utf8')).toBe(text);
    let request: RequestRecord | undefined;
    const back: CapturedMessage[] = [];
    for (const line of text.trimEnd().split('\n')) {
      const v = JSON.parse(line);
      if (isRequestLine(v)) request = toRequestRecord(v) as RequestRecord;
      else back.push(toCapturedMessage(v, request) as CapturedMessage);
    }
    expect(text.trimEnd().split('\n').filter((l) => isRequestLine(JSON.parse(l)))).toHaveLength(4);
    expect(encodeCaptures(placed).requestLines).toEqual(requestLinesIn(text));
    expect(back.map((c) => [c.seq, c.requestId, c.receivedAt, c.origin, c.headers])).toEqual(placed.map((e) => [e.capture.seq, 'req-1', e.capture.receivedAt, e.capture.origin, e.capture.headers]));
  });

  it("reads a request line without a requestId (a hand edit) as the request with none", () => {
    const line = { request: { receivedAt: '2026-01-01T12:00:00.000Z', origin: { kind: 'tracking', endpoint: '/v1/track', writeKeySource: 'none' }, headers: {} } };
    expect(toRequestRecord(line)).toMatchObject({ requestId: '', receivedAt: '2026-01-01T12:00:00.000Z' });
  });

  it('still reads full records of the older one-line form, and names what is missing', () => {
    const { capture } = entry(3, { type: 'track', event: 'Old', userId: 'u' }, { messageIdAssigned: true });
    const old = JSON.parse(JSON.stringify({ ...capture, findings: [{ rule: 'stale' }] }));
    const back = toCapturedMessage(old, { requestId: 'other', receivedAt: 'x', origin: { kind: 'tracking', endpoint: '/v1/x', writeKeySource: 'none' }, headers: {} });
    expect(back).toMatchObject({ seq: 3, requestId: 'req-1', origin: capture.origin, headers: capture.headers, messageIdAssigned: true });
    expect((back as CapturedMessage).findings).toEqual(receiverFindings(capture.message));
    expect(toCapturedMessage({ seq: 1, message: {} })).toMatch(/no request line before this message line/);
    expect(toRequestRecord({ request: { receivedAt: 'x', origin: { kind: 'ftp' } } })).toBe('"request.origin.kind" must be "tracking" or "webhook", not "ftp"');
  });
});

describe('encodeIngested', () => {
  it('writes one request (request line, seqs from firstSeq, JSON copied from byte ranges) exactly as encodeCaptures does', () => {
    const messages: CapturedMessage['message'][] = [
      { type: 'track', event: 'A', messageId: 'm' },
      { type: 'track', event: 'Café 😀 \u2028 "q"', messageId: 'm2' },
      { type: 'track', messageId: 'assigned-1' },
      { type: 'identify', traits: { big: 'ü'.repeat(300_000) } }, // grows the scratch buffer mid-request
      {},
    ];
    const extras: Partial<CapturedMessage>[] = [
      {},
      { dropReasons: [{ code: 'duplicate-message-id', message: 'seen «m2»', path: 'messageId' }] },
      { messageIdAssigned: true, clientMessageId: 12345, dropReasons: [{ code: 'missing-event', message: 'no event', path: 'event' }] },
      {},
      { messageIdAssigned: true, clientMessageId: null },
    ];
    const entries = messages.map((m, i) => entry(41 + i, m, extras[i], 'req-9'));
    const expected = encodeCaptures(entries);
    const expectedText = expected.data.toString('utf8');
    const expectedOffsets = { lineStarts: [...expected.lineStarts], lineEnds: [...expected.lineEnds], messageStarts: [...expected.messageStarts] };
    // Each message's text in two pieces, as the ingest job gives them: its text without the closing
    // brace (the last piece of the buffer first, so pieces are not in order), then '}' alone.
    const texts = messages.map((m) => JSON.stringify(m));
    const pieces = [...texts.map((t) => t.slice(0, -1)).reverse(), '}'];
    const bytes = Buffer.from(pieces.join(''));
    const starts: number[] = [];
    let at = 0;
    for (const p of pieces) {
      starts.push(at);
      at += Buffer.byteLength(p);
    }
    const ranges = new Int32Array(4 * texts.length);
    const brace = starts[pieces.length - 1];
    texts.forEach((t, i) => {
      const piece = texts.length - 1 - i;
      ranges.set([starts[piece], starts[piece] + Buffer.byteLength(t) - 1, brace, brace + 1], 4 * i);
    });
    const first = entries[0];
    const got = encodeIngested(
      { requestId: 'req-9', receivedAt: first.capture.receivedAt, originJson: first.parts.originJson, headersJson: first.parts.headersJson },
      41,
      entries.map((e) => e.capture.messageIdAssigned),
      entries.map((e) => e.capture.dropReasons),
      bytes,
      ranges,
      entries.flatMap((e, i) => (Object.hasOwn(e.capture, 'clientMessageId') ? [[i, e.capture.clientMessageId] as [number, unknown]] : [])),
    );
    expect(expectedText).toContain('"messageIdAssigned":true,"clientMessageId":12345,"dropReasons":');
    expect(expectedText).toContain('"messageIdAssigned":true,"clientMessageId":null,"message":');
    expect(got.data.toString('utf8')).toBe(expectedText);
    expect({ lineStarts: got.lineStarts, lineEnds: got.lineEnds, messageStarts: got.messageStarts }).toEqual(expectedOffsets);
    expect(got.requestLines).toEqual(requestLinesIn(expectedText));
  });
});

describe('a client messageId the receiver replaced', () => {
  const request = (text: string) => {
    const r = toRequestRecord(JSON.parse(text.split('\n')[0]) as { request: unknown });
    if (typeof r === 'string') throw new Error(r);
    return r;
  };

  it.each([[12345], [true], [{ id: 'a' }], [''], [null]])('%j is written beside messageIdAssigned and read back, its finding derived', (clientMessageId) => {
    const e = entry(3, { type: 'track', event: 'E', userId: 'u', messageId: 'assigned-1' }, { messageIdAssigned: true, clientMessageId });
    const text = serializeCaptures([e]);
    const line = text.split('\n')[1];
    const parsed = JSON.parse(line) as Record<string, unknown>;
    const back = toCapturedMessage(parsed, request(text));
    if (typeof back === 'string') throw new Error(back);
    expect(back.clientMessageId).toEqual(clientMessageId);
    expect(back.findings.filter((f) => f.rule === CLIENT_MESSAGE_ID_RULE).map((f) => f.path)).toEqual(['messageId']);
    // The message's text is still found in the line as written (the loader leaves it in the file).
    expect(line.slice(messageJsonStart(line, parsed), -1)).toBe(e.parts.messageJson);
  });

  it('an id past 2^53 is written with the client\'s digits and read back with them', () => {
    const e = entry(3, { type: 'track', event: 'E', userId: 'u', messageId: 'assigned-1' }, { messageIdAssigned: true, clientMessageId: 9007199254740992, clientMessageIdJson: '9007199254740993' });
    const text = serializeCaptures([e]);
    const line = text.split('\n')[1];
    expect(line).toContain('"clientMessageId":9007199254740993,');
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(exactClientMessageIdJson(line, parsed)).toBe('9007199254740993');
    const back = toCapturedMessage(parsed, request(text), true, undefined, undefined, exactClientMessageIdJson(line, parsed));
    if (typeof back === 'string') throw new Error(back);
    expect(back.clientMessageIdJson).toBe('9007199254740993');
    expect(back.findings.find((f) => f.rule === CLIENT_MESSAGE_ID_RULE)?.message).toContain('messageId 9007199254740993, a number');
    expect(line.slice(messageJsonStart(line, parsed), -1)).toBe(e.parts.messageJson);
  });

  it('a line written before it was kept (messageIdAssigned alone) loads as before, without it', () => {
    const text = serializeCaptures([entry(3, { type: 'track', event: 'E', userId: 'u', messageId: 'assigned-1' }, { messageIdAssigned: true })]);
    const line = text.split('\n')[1];
    expect(line).toBe('{"seq":3,"messageIdAssigned":true,"message":{"type":"track","event":"E","userId":"u","messageId":"assigned-1"}}');
    const back = toCapturedMessage(JSON.parse(line), request(text));
    if (typeof back === 'string') throw new Error(back);
    expect([back.messageIdAssigned, Object.hasOwn(back, 'clientMessageId')]).toEqual([true, false]);
    expect(back.findings.some((f) => f.rule === CLIENT_MESSAGE_ID_RULE)).toBe(false);
  });

  it('is not read from a line whose messageId was the client\'s own (a hand edit)', () => {
    const text = serializeCaptures([entry(3, { type: 'track', event: 'E', userId: 'u', messageId: 'c-1' })]);
    const line = text.split('\n')[1].replace('{"seq":3,', '{"seq":3,"clientMessageId":5,');
    const back = toCapturedMessage(JSON.parse(line), request(text));
    if (typeof back === 'string') throw new Error(back);
    expect(Object.hasOwn(back, 'clientMessageId')).toBe(false);
  });
});
