// Integers past 2^53 (a Go int64 or Ruby Integer id, a 19-digit snowflake) keep their digits on
// every way out of the engine: forwarding to a Segment-compatible URL, the API's message text,
// replay through the sender (analytics-node, a webhook, this receiver) and a saved scenario.
// JSON.parse turns 9007199254740993 into 9007199254740992; the capture log keeps the text as sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { eventually, startTestEngine, type TestEngine } from './helpers/engine';
import { loadScenario } from '../../src-main/replay/load';
import { runScenario } from '../../src-main/replay/scenario-runner';

const APP_KEY = 'go_app_key_9d1e';
const FORWARD_KEY = 'seg_exact_key_4c2a';
const ORDER_ID = '9007199254740993'; // 2^53 + 1: JSON.parse gives ...992
const SNOWFLAKE = '1234567890123456789';
const NEGATIVE = '-18446744073709551615';

/** What a Go client (json.Marshal of int64/uint64 fields) posts, as text: the digits are the point. */
const goBatch = (messageId: string) =>
  `{"messageId":"batch-${messageId}","sentAt":"2026-01-01T09:00:00Z","batch":[{"type":"track","userId":"u-go","event":"Order Completed","messageId":"${messageId}",` +
  `"timestamp":"2026-01-01T09:00:00Z","properties":{"orderId":${ORDER_ID},"ids":[${SNOWFLAKE},7],"refund":${NEGATIVE},"total":12.5,"note":"id ${ORDER_ID}"}}],"context":{"library":{"name":"analytics-go","version":"3.0.0"}}}`;

const seen: { path: string; body: string }[] = [];
let server: Server;
let sink: string;
let t: TestEngine;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  sink = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestEngine({ forwardBackoffMs: 20 });
});
afterAll(async () => {
  await t.dispose();
  await new Promise((r) => server.close(r));
});

async function post(path: string, body: string): Promise<void> {
  const res = await fetch(`${t.engine.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${APP_KEY}:`).toString('base64')}` }, body });
  expect(res.status).toBe(200);
}

const seqOf = async (messageId: string) => {
  const [seq] = await t.engine.call('messages.seqsOf', { messageIds: [messageId] });
  expect(seq).not.toBeNull();
  return seq!;
};

function expectExactDigits(text: string): void {
  expect(text).toContain(`"orderId":${ORDER_ID}`);
  expect(text).toContain(`[${SNOWFLAKE},7]`);
  expect(text).toContain(`"refund":${NEGATIVE}`);
  expect(text).toContain(`"total":12.5`);
  expect(text).toContain(`"note":"id ${ORDER_ID}"`);
  expect(text).not.toContain('9007199254740992');
}

describe('numbers a double cannot hold keep their digits', () => {
  it('in the forwarded batch, with the rest of the message as before', async () => {
    await t.engine.call('workspace.save', {
      sources: [{ id: 'go', name: 'Go service', kind: 'custom', writeKey: APP_KEY, destinations: [], forward: { to: sink, writeKey: FORWARD_KEY } as never }],
    });
    await post('/v1/batch', goBatch('big-fwd-1'));
    // A plain message of the same source in the same batch: unchanged by the exact path.
    await post('/v1/track', '{"userId":"u-go","event":"Plain","messageId":"plain-1","properties":{"n":12345}}');
    const batches = await eventually(t.engine, () => {
      const got = seen.filter((s) => s.path === '/v1/batch');
      return got.flatMap((s) => JSON.parse(s.body).batch).length >= 2 ? got : undefined;
    });
    const text = batches.map((b) => b.body).join('\n');
    expectExactDigits(text);
    const sent = batches.flatMap((b) => JSON.parse(b.body).batch as Record<string, unknown>[]);
    expect(sent.map((m) => m.messageId)).toEqual(['big-fwd-1', 'plain-1']);
    expect(sent.every((m) => m.receivedAt === undefined)).toBe(true);
    expect(sent[0].context).toEqual({ library: { name: 'analytics-go', version: '3.0.0' } });
    expect(sent[1].properties).toEqual({ n: 12345 });
  });

  it('in the API: GET /api/messages, /wait and messages.get', async () => {
    const list = await (await fetch(`${t.engine.url}/api/messages?messageId=big-fwd-1`)).text();
    expectExactDigits(list);
    expect(JSON.parse(list)[0].message.messageId).toBe('big-fwd-1');
    const waited = await (await fetch(`${t.engine.url}/api/messages/wait?messageId=big-fwd-1`)).text();
    expectExactDigits(waited);
    const got = (await t.engine.call('messages.get', { seq: await seqOf('big-fwd-1') })) as CapturedMessage;
    expectExactDigits(got.messageJson!);
    // Findings and filters read the parsed message as before.
    expect(typeof got.message.properties).toBe('object');
    // A message without such numbers carries no text of its own.
    expect((await t.engine.call('messages.get', { seq: await seqOf('plain-1') }))!.messageJson).toBeUndefined();
  });

  it('in a replay: through analytics-node to a host, to a webhook, and back into this receiver', async () => {
    const seq = await seqOf('big-fwd-1');
    seen.length = 0;
    await t.engine.call('messages.replay', { seqs: [seq], target: { kind: 'custom', host: sink }, freshMessageIds: true, timing: 'together' });
    await t.engine.call('messages.replay', { seqs: [seq], target: { kind: 'webhook', url: `${sink}/hook` }, freshMessageIds: true, timing: 'together' });
    const both = await eventually(t.engine, () => (seen.some((s) => s.path === '/v1/batch') && seen.some((s) => s.path === '/hook') ? seen : undefined));
    for (const s of both) expectExactDigits(s.body);
    // The deliveries list shows the request as sent.
    const deliveries = await t.engine.call('sender.deliveries', undefined);
    const shown = deliveries.flatMap((d) => d.attempts.map((a) => a.requestBody)).join('\n');
    expect(shown).toContain(`"orderId":${ORDER_ID}`);

    const { sendIds } = await t.engine.call('messages.replay', { seqs: [seq], target: { kind: 'local' }, freshMessageIds: true, timing: 'together' });
    const again = await eventually(t.engine, async () => {
      const d = (await t.engine.call('sender.deliveries', undefined)).find((x) => x.sendId === sendIds[0] && x.capturedSeq !== undefined);
      return d?.capturedSeq;
    });
    const captured = (await t.engine.call('messages.get', { seq: again })) as CapturedMessage;
    expectExactDigits(captured.messageJson!);
  });

  it('through an export and an import back (the exported lines keep their digits when read in)', async () => {
    const exported = await (await fetch(`${t.engine.url}/api/export`)).text();
    const line = exported.split('\n').find((l) => l.includes('"big-fwd-1"'))!;
    expectExactDigits(line);
    const res = await fetch(`${t.engine.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: exported });
    expect(res.status).toBe(200);
    const again = (await (await fetch(`${t.engine.url}/api/export`)).text()).split('\n').filter((l) => l.includes('"big-fwd-1"'));
    expect(again.length).toBe(2); // the original and the imported copy
    for (const l of again) expectExactDigits(l);
  });

  it('a plain Segment message imported: stored with its own text and digits', async () => {
    const line = `{"type":"track","userId":"u-import","event":"Imported","messageId":"big-import-1","properties":{"orderId":${ORDER_ID},"ids":[${SNOWFLAKE},7]}}`;
    const res = await fetch(`${t.engine.url}/api/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: `${line}\n` });
    expect(await res.json()).toMatchObject({ imported: 1 });
    const stored = (await (await fetch(`${t.engine.url}/api/export`)).text()).split('\n').find((l) => l.includes('"big-import-1"'))!;
    expect(stored).toContain(`"orderId":${ORDER_ID}`);
    expect(stored).toContain(`[${SNOWFLAKE},7]`);
  });

  it('in a saved scenario', async () => {
    const { text } = await t.engine.call('messages.toScenario', { seqs: [await seqOf('big-fwd-1')] });
    expect(text).toContain(`orderId: ${ORDER_ID}`);
    expect(text).toContain(SNOWFLAKE);
    expect(text).toContain(`refund: ${NEGATIVE}`);
  });
});

// The rare requests whose messages the receiver writes anew rather than keeping the client's text:
// an item merged with a batch-level context (analytics-go), one spread over lines, one carrying
// the write key (analytics.js batching), a message whose receivedAt or messageId is replaced. The
// capture log itself (what the export streams) must hold the client's digits.
describe('the capture log keeps the digits of messages written anew', () => {
  const OTHER_KEY = 'exact_other_key_77';
  async function postAs(path: string, body: string): Promise<void> {
    const res = await fetch(`${t.engine.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${OTHER_KEY}:`).toString('base64')}` }, body });
    expect(res.status).toBe(200);
  }
  /** The export's line (the log line) holding this text. */
  async function storedLine(holding: string): Promise<string> {
    const lines = (await (await fetch(`${t.engine.url}/api/export`)).text()).split('\n');
    const line = lines.find((l) => l.includes(holding));
    expect(line, `a stored line with ${holding}`).toBeDefined();
    return line!;
  }
  const noRounded = (line: string) => {
    expect(line).not.toContain('9007199254740992');
    expect(line).not.toContain('1234567890123456800');
  };

  it('an analytics-go batch: a message with its own context merged with the batch-level one, and one taking the batch context', async () => {
    const body =
      `{"messageId":"batch-go-m","sentAt":"2026-01-01T09:00:00Z","batch":[` +
      `{"type":"track","userId":"u-go","event":"Merged","messageId":"go-merged-1","context":{"app":{"build":${ORDER_ID}}},"properties":{"orderId":${ORDER_ID}}},` +
      `{"type":"track","userId":"u-go","event":"Default","messageId":"go-default-1","properties":{"n":1}}],` +
      `"context":{"library":{"name":"analytics-go","version":"3.0.0"},"extra":{"traceId":${SNOWFLAKE}}}}`;
    await postAs('/v1/batch', body);
    const merged = await storedLine('"messageId":"go-merged-1"');
    expect(merged).toContain(`"orderId":${ORDER_ID}`);
    expect(merged).toContain(`"context":{"library":{"name":"analytics-go","version":"3.0.0"},"extra":{"traceId":${SNOWFLAKE}},"app":{"build":${ORDER_ID}}}`);
    expect(merged).toContain('"sentAt":"2026-01-01T09:00:00Z"');
    noRounded(merged);
    const taking = await storedLine('"messageId":"go-default-1"');
    expect(taking).toContain(`"context":{"library":{"name":"analytics-go","version":"3.0.0"},"extra":{"traceId":${SNOWFLAKE}}}`);
    noRounded(taking);
  });

  it('pretty-printed bodies: a single call and a batch item spread over lines', async () => {
    await postAs('/v1/track', `{\n  "userId": "u-pretty",\n  "event": "Pretty",\n  "messageId": "pretty-1",\n  "properties": {\n    "id": ${SNOWFLAKE},\n    "refund": ${NEGATIVE}\n  }\n}\n`);
    const single = await storedLine('"messageId":"pretty-1"');
    expect(single).toContain(`"properties":{"id":${SNOWFLAKE},"refund":${NEGATIVE}}`);
    noRounded(single);
    await postAs('/v1/batch', `{\n  "batch": [\n    {\n      "type": "track",\n      "userId": "u-pretty",\n      "event": "Pretty item",\n      "messageId": "pretty-2",\n      "properties": { "id": ${SNOWFLAKE} }\n    }\n  ]\n}`);
    const item = await storedLine('"messageId":"pretty-2"');
    expect(item).toContain(`"properties":{"id":${SNOWFLAKE}}`);
    noRounded(item);
  });

  it('a write key in the message: analytics.js batch items and a single call', async () => {
    await postAs('/v1/batch', `{"batch":[{"type":"track","anonymousId":"a-ajs","event":"Clicked","messageId":"ajs-1","writeKey":"ajs_key_1","properties":{"productId":${ORDER_ID}}}],"sentAt":"2026-01-01T09:00:00.000Z"}`);
    const item = await storedLine('"messageId":"ajs-1"');
    expect(item).toContain(`"properties":{"productId":${ORDER_ID}}`);
    expect(item).not.toContain('ajs_key_1');
    noRounded(item);
    await postAs('/v1/track', `{"writeKey":"ajs_key_2","userId":"u-ajs","event":"Single","messageId":"ajs-2","properties":{"productId":${ORDER_ID}}}`);
    const single = await storedLine('"messageId":"ajs-2"');
    expect(single).toContain(`"properties":{"productId":${ORDER_ID}}`);
    expect(single).not.toContain('ajs_key_2');
    noRounded(single);
  });

  it('a webhook body: one event and an array (each event was stringified from JSON.parse)', async () => {
    for (const body of [`{"type":"track","userId":"u-hook","event":"Hooked","messageId":"hook-big-1","properties":{"orderId":${ORDER_ID}}}`, `[{"type":"identify","userId":${ORDER_ID},"messageId":"hook-big-2"},{"type":"track","event":"Plain","messageId":"hook-plain-3","properties":{"n":1}}]`]) {
      const res = await fetch(`${t.engine.url}/webhook/exact-hook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(200);
    }
    const one = await storedLine('"hook-big-1"');
    expect(one).toContain(`"orderId":${ORDER_ID}`);
    noRounded(one);
    const two = await storedLine('"hook-big-2"');
    expect(two).toContain(`"userId":${ORDER_ID}`);
    noRounded(two);
    expect(await storedLine('"hook-plain-3"')).toContain('"properties":{"n":1}');
  });

  it('a message whose receivedAt or messageId the receiver replaces', async () => {
    await postAs('/v1/track', `{"userId":"u-stamp","event":"Had receivedAt","messageId":"stamp-1","receivedAt":"2020-01-01T00:00:00Z","properties":{"id":${SNOWFLAKE}}}`);
    const had = await storedLine('"messageId":"stamp-1"');
    expect(had).toContain(`"properties":{"id":${SNOWFLAKE}}`);
    expect(had).not.toContain('2020-01-01T00:00:00Z');
    noRounded(had);
    await postAs('/v1/track', `{"userId":"u-stamp","event":"Numeric messageId","messageId":${ORDER_ID},"properties":{"id":${SNOWFLAKE}}}`);
    const numeric = await storedLine('"event":"Numeric messageId"');
    expect(numeric).toContain(`"properties":{"id":${SNOWFLAKE}}`);
    expect(JSON.parse(numeric)).toMatchObject({ messageIdAssigned: true });
    noRounded(numeric);
  });
});

describe("the composer's send: its text's digits", () => {
  it('a draft saved with its text and loaded back: listed with the digits, and sent with them', async () => {
    const text = `{\n  "type": "track",\n  "userId": "u-draft",\n  "event": "Drafted",\n  "messageId": "drafted-big-1",\n  "properties": { "orderId": ${ORDER_ID} }\n}`;
    await t.engine.call('drafts.save', { name: 'big order', profile: 'segment', event: 'track', message: JSON.parse(text), messageJson: text, savedAt: '2026-01-01T00:00:00.000Z' });
    const draft = (await t.engine.call('drafts.list', undefined)).drafts.find((d) => d.name === 'big order')!;
    expect(draft.messageJson).toContain(`"orderId": ${ORDER_ID}`);
    // What the composer sends for the loaded draft: its text (SendPanel's messageJson).
    const { sendId } = await t.engine.call('sender.send', { target: { kind: 'local' }, message: draft.message, messageJson: draft.messageJson, freshMessageIds: false });
    const seq = await eventually(t.engine, async () => (await t.engine.call('sender.deliveries', undefined)).find((d) => d.sendId === sendId && d.capturedSeq !== undefined)?.capturedSeq);
    const captured = (await t.engine.call('messages.get', { seq })) as CapturedMessage;
    expect(captured.messageJson).toContain(`"orderId":${ORDER_ID}`);
  });

  it('sends a message given as text (messageJson) with its digits, through analytics-node to this receiver', async () => {
    const text = `{\n  "type": "track",\n  "userId": "u-composer",\n  "event": "Composed",\n  "messageId": "composed-big-1",\n  "properties": { "orderId": ${ORDER_ID}, "ids": [${SNOWFLAKE}, 7] }\n}`;
    const { sendId } = await t.engine.call('sender.send', { target: { kind: 'local' }, message: JSON.parse(text), messageJson: text, freshMessageIds: false });
    const seq = await eventually(t.engine, async () => (await t.engine.call('sender.deliveries', undefined)).find((d) => d.sendId === sendId && d.capturedSeq !== undefined)?.capturedSeq);
    const captured = (await t.engine.call('messages.get', { seq })) as CapturedMessage;
    expect(captured.messageJson).toContain(`"orderId":${ORDER_ID}`);
    expect(captured.messageJson).toContain(`[${SNOWFLAKE},7]`);
    expect(captured.messageJson).not.toContain('9007199254740992');
    await expect(t.engine.call('sender.send', { target: { kind: 'local' }, message: {}, messageJson: '{"type":' })).rejects.toThrow(/messageJson: not JSON/);
    await expect(t.engine.call('sender.send', { target: { kind: 'local' }, message: {}, messageJson: '[1]' })).rejects.toThrow(/message: expected a JSON object/);
  });
});

// Numbers JSON.parse reads as something else than the client wrote, though they are short: one
// past a double's range (1e400 is Infinity, which JSON.stringify writes as null), one below it
// (1e-400 is 0) and negative zero (-0, which JSON.stringify writes as 0).
describe('numbers out of range and negative zero keep their text', () => {
  const ODD = '"big":1e400,"neg":-0,"tiny":1e-400,"negz":-0.0,"huge":-2E+308,"plain":-0.5';
  const KEY = 'odd_numbers_key_3';
  async function postOdd(path: string, body: string): Promise<void> {
    const res = await fetch(`${t.engine.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}` }, body });
    expect(res.status).toBe(200);
  }
  const expectOdd = (text: string) => expect(text).toContain(`"properties":{${ODD}}`);

  it('kept as sent (/v1/track) and written anew (a write key in the body, a pretty-printed batch, a webhook): the API, messages.get, the export', async () => {
    await postOdd('/v1/track', `{"userId":"u-odd","event":"Odd","messageId":"odd-1","properties":{${ODD}}}`);
    await postOdd('/v1/track', `{"writeKey":"odd_k","userId":"u-odd","event":"Odd","messageId":"odd-2","properties":{${ODD}}}`);
    await postOdd('/v1/batch', `{\n "batch": [\n  {"type":"track","userId":"u-odd","event":"Odd","messageId":"odd-3",\n   "properties":{${ODD}}}\n ]\n}`);
    const res = await fetch(`${t.engine.url}/webhook/odd-hook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"type":"track","userId":"u-odd","event":"Odd","messageId":"odd-4","properties":{${ODD}}}` });
    expect(res.status).toBe(200);
    const exported = (await (await fetch(`${t.engine.url}/api/export`)).text()).split('\n');
    for (const id of ['odd-1', 'odd-2', 'odd-3', 'odd-4']) {
      expectOdd(exported.find((l) => l.includes(`"${id}"`))!);
      expectOdd(await (await fetch(`${t.engine.url}/api/messages?messageId=${id}`)).text());
      const got = (await t.engine.call('messages.get', { seq: await seqOf(id) })) as CapturedMessage;
      expectOdd(got.messageJson!);
    }
  });

  it('in a saved scenario', async () => {
    const { text } = await t.engine.call('messages.toScenario', { seqs: [await seqOf('odd-1')] });
    expect(text).toMatch(/big: 1e400\b/);
    expect(text).toMatch(/neg: -0\n/);
    expect(text).toMatch(/tiny: 1e-400\n/);
    // The saved file passes its own check, and its step sends the numbers as written. Its check
    // refused 1e400 ("a number JSON cannot hold (1e400, sent as null)"), meant for YAML's .inf.
    const loaded = loadScenario(text, 'odd.scenario.yaml');
    expect(loaded.ok ? [] : loaded.errors.map((e) => e.message)).toEqual([]);
    if (!loaded.ok) return;
    const result = await runScenario({ api: t.engine, url: t.engine.url }, loaded.scenario);
    expect(result.passed).toBe(true);
    const replayed = (await (await fetch(`${t.engine.url}/api/messages?event=Odd&userId=u-odd`)).text());
    expect(replayed.split(`"properties":{${ODD}}`).length - 1).toBeGreaterThan(4);
  });

  it("YAML's own infinities are still refused; a JSON literal past a double's range elsewhere than a message is the schema's to refuse", () => {
    for (const n of ['.inf', '-.Inf', '.nan']) {
      const loaded = loadScenario(`name: a\nsteps:\n  - send:\n      message: {type: track, event: E, userId: u, properties: {n: ${n}}}\n`, 'x.scenario.yaml');
      expect(loaded.ok ? [] : loaded.errors.map((e) => e.message), n).toEqual([`not valid YAML/JSON: a number JSON cannot hold (${n}, sent as null); write a finite number, or a string`]);
    }
    const count = loadScenario('name: a\nsteps:\n  - expect:\n      messages: {count: 1e400}\n', 'x.scenario.yaml');
    expect(count.ok).toBe(false);
  });
});
