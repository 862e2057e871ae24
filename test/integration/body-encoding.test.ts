// Bodies that are not UTF-8, over a real socket: Windows PowerShell 5.1's Invoke-RestMethod sends
// a string body as ISO-8859-1, Java before 18 writes String.getBytes() in the platform charset
// (Windows-1252), and a client that cuts a string by bytes splits a character. Each such byte is
// read as U+FFFD, as any UTF-8 reader reads it; the capture says where and what the bytes were,
// the message gets a finding at the field, the log stays UTF-8, and a restart says the same.
// Text encoded twice (UTF-8 read as Windows-1252 and encoded again) arrives as valid UTF-8: the
// finding says what it was.
import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { DOUBLE_ENCODED_RULE, REPLACEMENT_CHARACTER_RULE } from '../../src-shared/validate/text-rules';
import { prettyLine } from '../../src-main/cli/print';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { rawPost } from './helpers/real-client';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
  await t.engine.call('webhooks.save', { name: 'pf', secret: '', rejectInvalid: false });
});
afterAll(() => t.dispose());

const headers: [string, string][] = [
  ['Host', 'localhost'],
  ['Content-Type', 'application/json'],
  ['Authorization', `Basic ${Buffer.from('ps_key_9a1e:').toString('base64')}`],
  ['User-Agent', 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.4648'],
];
/** The body as Windows PowerShell 5.1 writes a string: one byte a character (ISO-8859-1). */
const latin1 = (text: string) => Buffer.from(text, 'latin1');

async function captures(): Promise<CapturedMessage[]> {
  const list = (await (await fetch(`${t.engine.url}/api/messages?limit=100`)).json()) as CapturedMessage[];
  return list.sort((a, b) => a.seq - b.seq);
}
const replacementFindings = (c: CapturedMessage) => c.findings.filter((f) => f.rule === REPLACEMENT_CHARACTER_RULE).map((f) => f.path);

describe('a body that is not UTF-8', () => {
  it('a Windows-1252 batch: 200, each byte read as U+FFFD, the capture says where, the finding names the field', async () => {
    const body = latin1('{"batch":[{"type":"track","event":"Caf\xe9 opened","userId":"u1","messageId":"enc-1"},{"type":"track","event":"Plain","userId":"u1","messageId":"enc-2","properties":{"city":"M\xfcnchen","price":"\x8012"}}]}');
    const res = await rawPost(t.engine.url, '/v1/batch', [...headers, ['Content-Length', String(body.length)]], body);
    expect(res.status).toBe(200);
    const [first, second] = await captures();
    expect(first.message.event).toBe('Caf\uFFFD opened');
    expect(second.message.properties).toEqual({ city: 'M\uFFFDnchen', price: '\uFFFD12' });
    expect(replacementFindings(first)).toEqual(['event']);
    // serve --print pretty says so on the message's line.
    expect(prettyLine(first)).toContain('3 byte sequences could not be read as UTF-8 and became U+FFFD (\uFFFD), the replacement character (body not UTF-8)');
    expect(replacementFindings(second)).toEqual(['properties.city', 'properties.price']);
    const encoding = {
      sequences: 3,
      places: [
        { offset: body.indexOf(0xe9), bytes: 'E9', reading: 'Windows-1252 "é"', before: 'pe":"track","event":"Caf' },
        { offset: body.indexOf(0xfc), bytes: 'FC', reading: 'Windows-1252 "ü"', before: ',"properties":{"city":"M' },
        { offset: body.indexOf(0x80), bytes: '80', reading: 'Windows-1252 "€"', before: 'ity":"M\uFFFDnchen","price":"' },
      ],
    };
    for (const c of [first, second]) {
      expect(c.origin.kind).toBe('tracking');
      expect(c.origin.encoding).toEqual(encoding);
    }
    // The list counts the finding as a warning, and the log holds UTF-8 only.
    const summaries = await t.engine.call('messages.list', undefined);
    const segmentWarnings = (seq: number) => {
      const row = summaries.find((s) => s.seq === seq)!;
      return row.findingCounts?.[2 * row.findingProfiles.indexOf('segment') + 1];
    };
    expect([segmentWarnings(first.seq), segmentWarnings(second.seq)]).toEqual([1, 2]);
    const log = await readFile(join(t.dataDir, 'captures.ndjson'));
    expect(isUtf8(log)).toBe(true);
  });

  it('a gzip body counts the offsets in the inflated bytes; a character cut short is named so', async () => {
    const text = Buffer.concat([latin1('{"type":"track","event":"Wave '), Buffer.from([0xf0, 0x9f, 0x91]), latin1('","userId":"u2","messageId":"enc-3"}')]);
    const body = gzipSync(text);
    const res = await rawPost(t.engine.url, '/v1/track', [...headers, ['Content-Encoding', 'gzip'], ['Content-Length', String(body.length)]], body);
    expect(res.status).toBe(200);
    const c = (await captures()).find((m) => m.message.messageId === 'enc-3')!;
    expect(c.message.event).toBe('Wave \uFFFD');
    expect(c.origin.encoding).toEqual({ sequences: 1, places: [{ offset: 30, bytes: 'F0 9F 91', reading: 'a UTF-8 character cut short', before: '":"track","event":"Wave ' }] });
    expect(replacementFindings(c)).toEqual(['event']);
  });

  it('UTF-8 with every kind of character: no warning, no finding; a \\ufffd sent on purpose: the finding only', async () => {
    const body = Buffer.from('{"type":"track","event":"Café ☕ 😀","userId":"u3","messageId":"enc-4","properties":{"note":"was \\ufffd upstream"}}');
    const res = await rawPost(t.engine.url, '/v1/track', [...headers, ['Content-Length', String(body.length)]], body);
    expect(res.status).toBe(200);
    const c = (await captures()).find((m) => m.message.messageId === 'enc-4')!;
    expect(c.message.event).toBe('Café ☕ 😀');
    expect('encoding' in c.origin).toBe(false);
    expect(replacementFindings(c)).toEqual(['properties.note']);
  });

  it('a webhook body in Windows-1252: captured, its origin says so too', async () => {
    const body = latin1('{"type":"identify","userId":"u4","messageId":"enc-5","traits":{"name":"Ren\xe9e"}}');
    const res = await rawPost(t.engine.url, '/webhook/pf', [['Host', 'localhost'], ['Content-Type', 'application/json'], ['Content-Length', String(body.length)]], body);
    expect(res.status).toBe(200);
    const c = (await captures()).find((m) => m.message.messageId === 'enc-5')!;
    expect(c.origin.kind).toBe('webhook');
    expect(c.origin.encoding).toEqual({ sequences: 1, places: [{ offset: body.indexOf(0xe9), bytes: 'E9', reading: 'Windows-1252 "é"', before: '5","traits":{"name":"Ren' }] });
    expect(replacementFindings(c)).toEqual(['traits.name']);
  });

  it('text encoded twice, sent as UTF-8 or as \\u escapes (analytics-python, PHP): the finding says what it was', async () => {
    const rules = (c: CapturedMessage) => c.findings.filter((f) => f.rule === DOUBLE_ENCODED_RULE).map((f) => [f.path, f.message.match(/It was (".*?"): /)?.[1]]);
    const asCharacters = Buffer.from('{"type":"track","event":"CafÃ© opened","userId":"u5","messageId":"enc-6","properties":{"quote":"itâ€™s"}}');
    const asEscapes = Buffer.from('{"type":"track","event":"Caf\\u00c3\\u00a9 opened","userId":"u5","messageId":"enc-7"}');
    for (const body of [asCharacters, asEscapes]) {
      expect((await rawPost(t.engine.url, '/v1/track', [...headers, ['Content-Length', String(body.length)]], body)).status).toBe(200);
    }
    const all = await captures();
    const six = all.find((m) => m.message.messageId === 'enc-6')!;
    const seven = all.find((m) => m.message.messageId === 'enc-7')!;
    expect(rules(six)).toEqual([
      ['event', '"Café opened"'],
      ['properties.quote', '"it’s"'],
    ]);
    expect(rules(seven)).toEqual([['event', '"Café opened"']]);
    expect('encoding' in six.origin || 'encoding' in seven.origin).toBe(false);
  });

  it('after a restart: the same warnings, the same findings, the same counts', async () => {
    const before = await captures();
    const summariesBefore = await t.engine.call('messages.list', undefined);
    await t.restart();
    const after = await captures();
    expect(after.map((c) => [c.origin, c.findings])).toEqual(before.map((c) => [c.origin, c.findings]));
    expect(await t.engine.call('messages.list', undefined)).toEqual(summariesBefore);
  });
});

// Windows PowerShell's `Out-File` and .NET's Encoding.Unicode write UTF-16 with a byte-order mark;
// such a file posted as is (`curl --data-binary @event.json`, `Invoke-RestMethod -InFile`) is no
// JSON to Segment either. The 400 names the encoding, where it said `unexpected "�"`.
describe('a body in UTF-16, or with a UTF-8 byte-order mark', () => {
  const event = '{"type":"track","userId":"u","event":"From PowerShell"}';
  const utf16WithBom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(event, 'utf16le')]);

  it('the Tracking API: a 400 saying the body is UTF-16, plain or gzipped; nothing captured', async () => {
    const before = (await captures()).length;
    for (const [body, extra] of [
      [utf16WithBom, []],
      [gzipSync(utf16WithBom), [['Content-Encoding', 'gzip']]],
    ] as [Buffer, [string, string][]][]) {
      const res = await rawPost(t.engine.url, '/v1/track', [...headers.filter(([name]) => name !== 'Content-Type'), ['Content-Type', 'application/json; charset=utf-16'], ...extra, ['Content-Length', String(body.length)]], body);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'invalid-json', error: expect.stringContaining('the body is UTF-16 (little-endian, with a byte-order mark), not UTF-8') });
    }
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(event)]);
    const res = await rawPost(t.engine.url, '/v1/track', [...headers, ['Content-Length', String(bom.length)]], bom);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toContain('starts with a UTF-8 byte-order mark (bytes EF BB BF)');
    expect(await captures()).toHaveLength(before);
  });

  it('a webhook: the same 400, naming the webhook body', async () => {
    const res = await rawPost(t.engine.url, '/webhook/pf', [['Host', 'localhost'], ['Content-Type', 'application/json'], ['Content-Length', String(utf16WithBom.length)]], utf16WithBom);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toBe('invalid JSON in the webhook body: the body is UTF-16 (little-endian, with a byte-order mark), not UTF-8; JSON must be sent as UTF-8 (RFC 8259): encode it as UTF-8, without a byte-order mark');
  });
});

// A gzipped body without `Content-Encoding: gzip` (a client that compresses by hand and forgets the
// header, a proxy that drops it), or compressed twice (compressed by hand, then by the client's own
// `gzip=True`): the 400 said `unexpected "\u001f" … near `\u001f�\b\u0000…``, which named a
// byte, not the mistake. It now names gzip and both fixes.
describe('a gzipped body the receiver did not inflate', () => {
  const event = '{"type":"track","userId":"u","event":"Zipped By Hand"}';
  const reason = 'the body is gzip-compressed data (it starts with gzip\'s bytes 1F 8B), not JSON: send it with the header Content-Encoding: gzip, or uncompressed; a body sent with that header was compressed twice';

  it.each([
    ['/v1/track', 'without the header', gzipSync(event), []],
    ['/v1/batch', 'compressed twice', gzipSync(gzipSync(`{"batch":[${event}]}`)), [['Content-Encoding', 'gzip']]],
    ['/webhook/pf', 'without the header', gzipSync(event), []],
  ] as [string, string, Buffer, [string, string][]][])('%s, %s: a 400 naming gzip; nothing captured', async (path, _how, body, extra) => {
    const before = (await captures()).length;
    const res = await rawPost(t.engine.url, path, [...headers, ...extra, ['Content-Length', String(body.length)]], body);
    expect(res.status).toBe(400);
    const where = path.startsWith('/webhook/') ? 'invalid JSON in the webhook body' : 'invalid JSON';
    expect(JSON.parse(res.body)).toMatchObject({ code: 'invalid-json', error: `${where}: ${reason}` });
    expect(await captures()).toHaveLength(before);
  });
});

// A client and a proxy (or an HTTP interceptor) that each add `Content-Encoding: gzip` to a body
// compressed once: Node joins the two lines as "gzip, gzip", which was refused as an encoding "not
// supported; send the body as is or gzip it", to a client that had gzipped it. The same header
// repeated is one coding, as a repeated X-Signature is one signature.
describe('Content-Encoding: gzip sent twice', () => {
  const gzHeaders = (...encodings: string[]): [string, string][] => [
    ['Host', 'localhost'],
    ['Authorization', `Basic ${Buffer.from('gz_key_1:').toString('base64')}`],
    ...encodings.map((e): [string, string] => ['Content-Encoding', e]),
  ];

  it('as two identical lines is gzip once: captured', async () => {
    const body = gzipSync(JSON.stringify({ userId: 'u', event: 'Gzip Header Twice' }));
    const res = await rawPost(t.engine.url, '/v1/track', gzHeaders('gzip', 'GZIP '), body);
    expect(res).toEqual({ status: 200, body: '{"success":true}' });
    const rows = (await (await fetch(`${t.engine.url}/api/messages?event=Gzip%20Header%20Twice`)).json()) as unknown[];
    expect(rows).toHaveLength(1);
  });

  it('as different codings, or "gzip, gzip" in one line, still refused, naming them', async () => {
    const body = gzipSync(JSON.stringify({ userId: 'u', event: 'Gzip Other' }));
    const two = await rawPost(t.engine.url, '/v1/track', gzHeaders('gzip', 'br'), body);
    expect(two.status).toBe(400);
    expect(JSON.parse(two.body).error).toBe('Content-Encoding "gzip, br" is not supported; send the body as is or gzip it');
    const folded = await rawPost(t.engine.url, '/v1/track', gzHeaders('gzip, gzip'), body);
    expect(folded.status).toBe(400);
  });
});
