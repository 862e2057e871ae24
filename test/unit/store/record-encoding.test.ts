// The encoders of src-main/store/record.ts write into one scratch buffer that they grow when a
// request needs more room than it has. What they write must be serializeCaptures' text whatever
// the sizes are, including the tight case: a request that needs exactly one byte more than the
// scratch holds (it starts at 1 MiB). Each test takes a fresh copy of the module (a fresh scratch)
// so that what an earlier test grew does not hide a reserve that falls short. Also: every form of
// a message line's head (issue #15).
import { describe, expect, it, vi } from 'vitest';
import type { CapturedMessage, DropReason } from '../../../src-shared/capture';
import type { SerializedParts } from '../../../src-main/store/record';

type Record = typeof import('../../../src-main/store/record');
async function freshRecord(): Promise<Record> {
  vi.resetModules();
  return import('../../../src-main/store/record');
}

const SCRATCH = 1 << 20;
const AT = '2026-01-01T00:00:00.000Z';
const ORIGIN = { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'none' } as const;
const ORIGIN_JSON = JSON.stringify(ORIGIN);
const DROP: DropReason = { code: 'missing-event', message: 'no event', path: 'event' };

function entry(seq: number, message: CapturedMessage['message'], extra: Partial<CapturedMessage> = {}, headersJson = '{}') {
  const capture: CapturedMessage = { seq, requestId: 'r', receivedAt: AT, origin: ORIGIN, headers: JSON.parse(headersJson), message, messageIdAssigned: false, dropReasons: [], findings: [], ...extra };
  const parts: SerializedParts = { messageJson: JSON.stringify(message), originJson: ORIGIN_JSON, headersJson };
  return { capture, parts };
}

/**
 * `n` messages of one request, seqs of 16 digits, padded so that the whole text is `total` bytes;
 * `extras` per message (heads). Returns the entries and their text.
 */
function sized(rec: Record, n: number, total: number, extras: (i: number) => Partial<CapturedMessage> = () => ({})) {
  const firstSeq = 1e15;
  const build = (pad: number) => Array.from({ length: n }, (_, i) => entry(firstSeq + i, { p: i === n - 1 ? 'x'.repeat(pad) : 'y'.repeat(900) }, extras(i)));
  const base = Buffer.byteLength(rec.serializeCaptures(build(0)));
  const entries = build(total - base);
  const text = rec.serializeCaptures(entries);
  expect(Buffer.byteLength(text)).toBe(total);
  return { entries, text, firstSeq };
}

/** encodeIngested over the entries, each message's JSON in the second of its two ranges (the first empty). */
function ingest(rec: Record, entries: ReturnType<typeof entry>[], firstSeq: number) {
  const jsons = entries.map((e) => Buffer.from(e.parts.messageJson));
  const bytes = Buffer.concat(jsons);
  const ranges = new Int32Array(4 * jsons.length);
  let at = 0;
  jsons.forEach((j, i) => {
    ranges.set([0, 0, at, at + j.length], 4 * i);
    at += j.length;
  });
  return rec.encodeIngested(
    { requestId: 'r', receivedAt: AT, originJson: ORIGIN_JSON, headersJson: '{}' },
    firstSeq,
    entries.map((e) => e.capture.messageIdAssigned),
    entries.map((e) => e.capture.dropReasons),
    bytes,
    ranges,
  );
}

describe('a request one byte larger than the scratch', () => {
  it('encodeIngested, plain lines (1,000 of them, 16-digit seqs)', async () => {
    const rec = await freshRecord();
    const { entries, text, firstSeq } = sized(rec, 1000, SCRATCH + 1);
    const got = ingest(rec, entries, firstSeq);
    expect(got.data.length).toBe(SCRATCH + 1);
    expect(got.data.toString('utf8')).toBe(text);
  });

  it('encodeIngested, the last line with a long head (many drop reasons) after 1,000 plain ones', async () => {
    const rec = await freshRecord();
    const reasons: DropReason[] = Array.from({ length: 600 }, (_, i) => ({ ...DROP, message: `reason ${i} ${'r'.repeat(60)}` }));
    const { entries, text, firstSeq } = sized(rec, 1001, SCRATCH + 1, (i) => (i === 1000 ? { messageIdAssigned: true, dropReasons: reasons } : {}));
    const got = ingest(rec, entries, firstSeq);
    expect(got.data.toString('utf8')).toBe(text);
  });

  it('encodeIngested, a long head first, then plain lines', async () => {
    const rec = await freshRecord();
    const reasons: DropReason[] = Array.from({ length: 600 }, (_, i) => ({ ...DROP, message: `reason ${i} ${'r'.repeat(60)}` }));
    const { entries, text, firstSeq } = sized(rec, 1001, SCRATCH + 1, (i) => (i === 0 ? { dropReasons: reasons } : {}));
    expect(ingest(rec, entries, firstSeq).data.toString('utf8')).toBe(text);
  });

  it('encodeCaptures, plain lines', async () => {
    const rec = await freshRecord();
    const { entries, text } = sized(rec, 1000, SCRATCH + 1);
    expect(rec.encodeCaptures(entries).data.toString('utf8')).toBe(text);
  });
});

describe('growing the scratch', () => {
  it('a request line (its headers) larger than the scratch', async () => {
    const rec = await freshRecord();
    const headersJson = JSON.stringify({ big: 'h'.repeat(1_200_000) });
    const entries = [entry(1, { a: 1 }, {}, headersJson), entry(2, { b: 2 }, {}, headersJson)];
    const got = rec.encodeCaptures(entries);
    expect(got.data.toString('utf8')).toBe(rec.serializeCaptures(entries));
    expect(got.data.toString('utf8', got.messageStarts[1], got.lineEnds[1] - 1)).toBe('{"b":2}');
  });

  it('more than twice the scratch at once, then more than twice that', async () => {
    const rec = await freshRecord();
    for (const size of [3 * SCRATCH, 7 * SCRATCH]) {
      const entries = [entry(1, { a: 'first' }), entry(2, { big: 'z'.repeat(size) }), entry(3, { a: 'last' })];
      expect(rec.encodeCaptures(entries).data.toString('utf8')).toBe(rec.serializeCaptures(entries));
      const ingested = [entry(1, { big: 'w'.repeat(size + SCRATCH) })];
      expect(ingest(rec, ingested, 1).data.toString('utf8')).toBe(rec.serializeCaptures(ingested));
    }
  });
});

describe("a message line's head", () => {
  it('each of the four forms is written by every encoder and reads back with its flags', async () => {
    const rec = await freshRecord();
    const forms: [Partial<CapturedMessage>, string][] = [
      [{}, '{"seq":7,"message":{"t":1}}'],
      [{ messageIdAssigned: true }, '{"seq":7,"messageIdAssigned":true,"message":{"t":1}}'],
      [{ dropReasons: [DROP] }, `{"seq":7,"dropReasons":[${JSON.stringify(DROP)}],"message":{"t":1}}`],
      [{ messageIdAssigned: true, dropReasons: [DROP] }, `{"seq":7,"messageIdAssigned":true,"dropReasons":[${JSON.stringify(DROP)}],"message":{"t":1}}`],
    ];
    for (const [extra, want] of forms) {
      const entries = [entry(7, { t: 1 }, extra)];
      const text = rec.serializeCaptures(entries);
      const line = text.split('\n')[1];
      expect(line, JSON.stringify(extra)).toBe(want);
      expect(rec.encodeCaptures(entries).data.toString('utf8')).toBe(text);
      expect(ingest(rec, entries, 7).data.toString('utf8')).toBe(text);
      const parsed = JSON.parse(line);
      expect(rec.messageJsonStart(line, parsed)).toBe(line.length - '{"t":1}}'.length);
      expect(rec.toCapturedMessage(parsed, { requestId: 'r', receivedAt: AT, origin: ORIGIN, headers: {} })).toMatchObject({
        messageIdAssigned: extra.messageIdAssigned === true,
        dropReasons: extra.dropReasons ?? [],
      });
    }
  });
});
