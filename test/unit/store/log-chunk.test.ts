// parseLogChunk (src-main/store/log-chunk.ts): what the start-up load reads from a run of the
// capture log's lines, and that cutting the log into runs anywhere between lines (the state carried
// from run to run) reads exactly what one run reads.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogChunkReader, parseLogChunk, type LogChunkState, type ParsedLogChunk } from '../../../src-main/store/log-chunk';

const REQUEST = '{"request":{"requestId":"r-1","receivedAt":"2026-11-23T10:00:00.000Z","origin":{"kind":"tracking","endpoint":"/v1/batch","writeKeySource":"basic","writeKeyMasked":"wk_…_01"},"headers":{}}}';
const CLEAR_KEY_REQUEST = '{"request":{"requestId":"r-2","receivedAt":"2026-11-23T10:00:01.000Z","origin":{"kind":"tracking","endpoint":"/v1/track","writeKey":"secret-write-key"},"headers":{}}}';
const FULL_RECORD = '{"seq":9,"receivedAt":"2026-11-23T10:00:02.000Z","origin":{"kind":"webhook","endpoint":"/webhook/a","webhook":"a","signature":{"status":"valid"}},"message":{"type":"identify","userId":"w","messageId":"full-9","traits":{"email":"w@example.com"}}}';

/** The runs' messages and events with numbers counted from the log's start, in plain objects. */
function flatten(runs: { chunk: ParsedLogChunk; byteOffset: number }[]) {
  const messages: object[] = [];
  const events: object[] = [];
  let lineBase = 0;
  let messageBase = 0;
  let clear = false;
  for (const { chunk: c, byteOffset } of runs) {
    for (const e of c.events) events.push({ ...e, before: messageBase + e.before, line: lineBase + e.line });
    let idPos = 0;
    const take = (length: number) => {
      if (length < 0) return undefined;
      const id = c.ids.slice(idPos, idPos + length);
      idPos += length;
      return id;
    };
    for (let i = 0; i < c.count; i++) {
      messages.push({
        line: lineBase + c.lineOf[i],
        start: byteOffset + c.starts[i],
        length: c.lengths[i],
        seq: c.seqs[i],
        textStart: c.textStarts[i],
        payload: c.payloads.find(([at]) => at === i)?.[1],
        ownRequest: c.ownRequests.find(([at]) => at === i)?.[1],
        messageId: take(c.idLengths[3 * i]),
        userId: take(c.idLengths[3 * i + 1]),
        anonymousId: take(c.idLengths[3 * i + 2]),
        type: c.types[c.typeOf[i]],
        name: c.names[c.nameOf[i]],
        tally: c.tallies[c.tallyOf[i]],
        drops: c.dropOf[i] < 0 ? [] : c.dropLists[c.dropOf[i]],
      });
    }
    expect(idPos).toBe(c.ids.length);
    clear ||= c.holdsClearSecrets;
    lineBase += c.lineCount;
    messageBase += c.count;
  }
  return { messages, events, lines: lineBase, holdsClearSecrets: clear };
}

function parseWhole(text: string, endsUnterminated = false) {
  return parseLogChunk(Buffer.from(text), endsUnterminated, { haveRequest: false });
}

describe('parseLogChunk', () => {
  it('a damaged line is named by column with its control characters as escapes, and a block of NULs as such', () => {
    const text = `${REQUEST}\n{"seq":1,"message":{"type":"track"}\u001b[2J}\n${'\0'.repeat(4096)}\n`;
    const flat = flatten([{ chunk: parseWhole(text), byteOffset: 0 }]);
    // V8's message quoted the raw line (an escape sequence that clears the terminal), and printed 4,096 NULs.
    expect(flat.events.filter((e) => 'problem' in e).map((e) => (e as { problem: string }).problem)).toEqual([
      'not valid JSON (at column 36: expected \',\' or \'}\' in object, found "\\u001b", near …`ge":{"type":"track"}\\u001b[2J}`); skipped',
      '4,096 NUL bytes where a line was, as a power loss or a disk fault leaves on some file systems; skipped',
    ]);
  });

  it('reads request lines, message lines in the encoder form and others, full records, and says why it skips a line', () => {
    const lines = [
      '{"seq":1,"message":{"type":"track","event":"Café","userId":42,"anonymousId":"a-1","messageId":"m-1"}}', // before any request
      REQUEST,
      '{"seq":2,"message":{"type":"track","event":"Café","userId":42,"anonymousId":"a-1","messageId":"m-2"}}',
      '',
      '{"seq":3,"dropReasons":[{"code":"duplicate-message-id","message":"seen"}],"message":{"type":"page","name":"Home","messageId":"m-3"}}',
      '{"seq":4,"message":{"type":"track","event":"E","messageId":"m-4"},"extra":1}', // not as the encoder writes it
      'not json',
      FULL_RECORD,
      '{"request":{"receivedAt":5}}',
      '{"seq":5,"message":{"type":"track","event":"Lost","messageId":"m-5"}}', // after a malformed request
      CLEAR_KEY_REQUEST,
      '{"seq":6,"message":{"type":"group","groupId":"acc-1","userId":"u","messageId":7}}',
      '{"seq":0,"message":{}}',
    ];
    const text = `${lines.join('\n')}\n{"seq":7,"mess`;
    const chunk = parseWhole(text, true);
    const flat = flatten([{ chunk, byteOffset: 0 }]);
    expect(flat.lines).toBe(14);
    expect(flat.holdsClearSecrets).toBe(true);
    expect(flat.events).toEqual([
      { before: 0, line: 1, problem: 'not a captured message: no request line before this message line, and no "receivedAt"/"origin" of its own; skipped' },
      { before: 0, line: 2, isRequest: true, request: { requestId: 'r-1', receivedAt: '2026-11-23T10:00:00.000Z', origin: { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'basic', writeKeyMasked: 'wk_…_01' }, headers: {} } },
      { before: 3, line: 7, problem: expect.stringMatching(/^not valid JSON \(.+\); skipped$/) },
      { before: 4, line: 9, isRequest: true, problem: 'not a request line: "request.receivedAt" must be a string (an ISO date-time), not 5; skipped, with the message lines after it' },
      { before: 4, line: 10, problem: 'not a captured message: no request line before this message line, and no "receivedAt"/"origin" of its own; skipped' },
      { before: 4, line: 11, isRequest: true, request: expect.objectContaining({ requestId: 'r-2', origin: expect.not.objectContaining({ writeKey: 'secret-write-key' }) }) },
      { before: 5, line: 13, problem: 'not a captured message: "seq" must be a whole number, 1 or more, not 0; skipped' },
      { before: 5, line: 14, problem: 'incomplete last line (14 bytes), probably cut off by a crash mid-write; skipped' },
    ]);
    const starts = lines.map((_, i) => Buffer.byteLength(lines.slice(0, i).map((l) => `${l}\n`).join('')));
    const [m2, m3, m4, full, m6] = flat.messages as Record<string, unknown>[];
    // An encoder-form line: its JSON starts after '{"seq":2,"message":' (bytes: "é" is two).
    expect(m2).toMatchObject({ line: 3, start: starts[2], length: Buffer.byteLength(lines[2]), seq: 2, textStart: '{"seq":2,"message":'.length, payload: undefined, ownRequest: undefined });
    // Ids as summaries show them: a number as its decimal text.
    expect(m2).toMatchObject({ messageId: 'm-2', userId: '42', anonymousId: 'a-1', type: 'track', name: 'Café', drops: [] });
    expect(m3).toMatchObject({ line: 5, seq: 3, textStart: lines[4].indexOf('{"type"'), messageId: 'm-3', userId: undefined, type: 'page', name: 'Home', drops: ['duplicate-message-id'] });
    expect(m4).toMatchObject({ line: 6, seq: 4, textStart: -1, payload: '{"type":"track","event":"E","messageId":"m-4"}' });
    expect(full).toMatchObject({ line: 8, seq: 9, textStart: -1, ownRequest: { receivedAt: '2026-11-23T10:00:02.000Z', origin: { kind: 'webhook', webhook: 'a' } }, type: 'identify', name: 'w@example.com' });
    // A messageId that is not a string is no id (the messageId column stays empty).
    expect(m6).toMatchObject({ line: 12, seq: 6, messageId: undefined, userId: 'u', type: 'group', name: 'acc-1' });
    expect(flat.messages).toHaveLength(5);
    // The validators' tally: a track without userId/anonymousId has errors; the tally lists are shared values.
    expect((m4.tally as { errorCount: number }).errorCount).toBeGreaterThan(0);
    expect(chunk.haveRequestAfter).toBe(true);
  });

  it("counts a line's bytes up to the message's JSON (a non-ASCII drop reason before it); a message without a type is '?'; columns as long as the messages", () => {
    const head = '{"seq":1,"dropReasons":[{"code":"duplicate-message-id","message":"vu ✓ déjà"}],"message":';
    const chunk = parseWhole(`${REQUEST}\n${head}{"event":"E","messageId":"m"}}\n`);
    expect(chunk.count).toBe(1);
    expect(chunk.textStarts[0]).toBe(Buffer.byteLength(head));
    expect(chunk.textStarts[0]).toBeGreaterThan(head.length);
    expect(chunk.types[chunk.typeOf[0]]).toBe('?');
    expect(chunk.dropLists[chunk.dropOf[0]]).toEqual(['duplicate-message-id']);
    // Many short lines: the columns grow past their first guess, and are cut to the count.
    const lines = Array.from({ length: 300 }, (_, i) => `{"seq":${i + 1},"message":{"type":"track","event":"E","messageId":"${i}"}}`);
    const many = parseWhole(`${REQUEST}\n${lines.join('\n')}\n`);
    expect(many.count).toBe(300);
    for (const column of [many.lineOf, many.starts, many.lengths, many.seqs, many.textStarts, many.typeOf, many.nameOf, many.tallyOf, many.dropOf]) expect(column.length).toBe(300);
    expect(many.idLengths.length).toBe(900);
    expect([...many.seqs]).toEqual(lines.map((_, i) => i + 1));
    expect(many.ids).toBe(lines.map((_, i) => String(i)).join(''));
    expect(many.starts[299]).toBe(Buffer.byteLength(`${REQUEST}\n${lines.slice(0, 299).join('\n')}\n`));
  });

  it('a reader carries the request from run to run, and starts a new load without one', () => {
    const reader = new LogChunkReader();
    const message = '{"seq":1,"message":{"type":"track","event":"E","messageId":"m"}}\n';
    expect(reader.parse(Buffer.from(`${REQUEST}\n`), false, true).events).toHaveLength(1);
    expect(reader.parse(Buffer.from(message), false, false)).toMatchObject({ count: 1, events: [] });
    // The next load's first lines: no request line above them in their own file.
    const next = reader.parse(Buffer.from(message), false, true);
    expect(next.count).toBe(0);
    expect(next.events).toEqual([{ before: 0, line: 1, problem: expect.stringContaining('no request line before this message line') }]);
    expect(new LogChunkReader().parse(Buffer.from(message), false, false).count).toBe(0);
  });

  it('a request line whose messagesFrom is not a whole number (a hand edit) is read from its first message, with a warning naming the line and the value', () => {
    const edited = JSON.stringify({ ...JSON.parse(REQUEST), messagesFrom: 'two' });
    const message = '{"seq":1,"message":{"type":"track","event":"E","messageId":"m"}}';
    const chunk = parseWhole(`${message}\n${edited}\n${message}\n`);
    expect(chunk.count).toBe(1);
    const request = chunk.events.find((e) => e.isRequest);
    expect(request).toMatchObject({ before: 0, line: 2, request: { requestId: 'r-1' } });
    expect(request?.request?.messagesFrom).toBeUndefined();
    expect(request?.problem).toBe('"messagesFrom" must be a whole number, 0 or more (the place in its request of the message line after it), not "two"; its message lines are counted from the request\'s first, so a warning about a key written twice may be given to the wrong one of them');
    // A whole number, or none: no warning.
    for (const from of [3, undefined]) {
      const fine = JSON.stringify({ ...JSON.parse(REQUEST), messagesFrom: from });
      expect(parseWhole(`${fine}\n${message}\n`).events.filter((e) => e.problem !== undefined)).toEqual([]);
    }
  });

  it('refuses a run whose last line has no newline unless told it is the end of the file', () => {
    expect(() => parseWhole(`${REQUEST}\n{"seq":1`)).toThrow(/must end with a newline/);
    expect(parseWhole('').lineCount).toBe(0);
  });

  it('reads the same whatever runs the log is cut into (the request state carried from run to run)', () => {
    const line = fc.oneof(
      fc.constant(REQUEST),
      fc.constant(CLEAR_KEY_REQUEST),
      fc.constant('{"request":{}}'),
      fc.constant(FULL_RECORD),
      fc.constant('{broken'),
      fc.constant(''),
      fc.record({ seq: fc.integer({ min: 0, max: 50 }), event: fc.string({ maxLength: 6 }), userId: fc.option(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { nil: undefined }), extra: fc.boolean() }).map(({ seq, event, userId, extra }) =>
        JSON.stringify({ seq, message: { type: 'track', event, ...(userId === undefined ? {} : { userId }), messageId: `m-${seq}` }, ...(extra ? { x: 1 } : {}) }),
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (lines, cutsAt, torn) => {
        const whole = lines.map((l) => `${l}\n`).join('') + (torn ? '{"seq":99,"mes' : '');
        const bytes = Buffer.from(whole);
        // Cut after whole lines only (a run ends with a newline), the torn tail in the last run.
        const newlines = [...bytes.entries()].filter(([, b]) => b === 0x0a).map(([i]) => i + 1);
        const cuts = [...new Set(cutsAt.map((c) => newlines[c % Math.max(1, newlines.length)]).filter((c) => c !== undefined))].sort((a, b) => a - b);
        const bounds = [0, ...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
        const state: LogChunkState = { haveRequest: false };
        const runs = [];
        for (let k = 0; k + 1 < bounds.length; k++) {
          const last = k + 2 === bounds.length;
          runs.push({ chunk: parseLogChunk(bytes.subarray(bounds[k], bounds[k + 1]), last && torn, state), byteOffset: bounds[k] });
        }
        expect(flatten(runs)).toEqual(flatten([{ chunk: parseLogChunk(bytes, torn, { haveRequest: false }), byteOffset: 0 }]));
      }),
      { numRuns: 300 },
    );
  });
});
