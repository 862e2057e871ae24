// Integers past 2^53 (a Go int64 or Ruby Integer id, a 19-digit snowflake) keep their digits on
// every way out of the engine: forwarding to a Segment-compatible URL, the API's message text,
// replay through the sender (analytics-node, a webhook, this receiver) and a saved scenario.
// JSON.parse turns 9007199254740993 into 9007199254740992; the capture log keeps the text as sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { eventually, startTestEngine, type TestEngine } from './helpers/engine';

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

  it('in a saved scenario', async () => {
    const { text } = await t.engine.call('messages.toScenario', { seqs: [await seqOf('big-fwd-1')] });
    expect(text).toContain(`orderId: ${ORDER_ID}`);
    expect(text).toContain(SNOWFLAKE);
    expect(text).toContain(`refund: ${NEGATIVE}`);
  });
});
