// A messageId the client sent that is not a usable id (12345, true, {}, "", null) is replaced by
// one the receiver assigns, as before (same answer, no duplicate check on the client's value);
// the client's value is now kept beside the capture, so support can see what the customer's code
// sent, and the finding names it. It survives a restart and an export imported back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { CLIENT_MESSAGE_ID_RULE } from '../../src-shared/tracking-api/client-message-id';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

async function post(path: string, body: string, contentType = 'application/json'): Promise<{ status: number; text: string }> {
  const res = await fetch(`${t.engine.url}${path}`, { method: 'POST', headers: { 'content-type': contentType, authorization: 'Basic d2s6' }, body });
  return { status: res.status, text: await res.text() };
}

async function byUser(): Promise<Map<string, CapturedMessage[]>> {
  const res = await fetch(`${t.engine.url}/api/messages`);
  expect(res.status).toBe(200);
  const out = new Map<string, CapturedMessage[]>();
  for (const c of (await res.json()) as CapturedMessage[]) {
    const key = String(c.message.userId);
    out.set(key, [...(out.get(key) ?? []), c]);
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const replacedFindings = (c: CapturedMessage) => c.findings.filter((f) => f.rule === CLIENT_MESSAGE_ID_RULE).map((f) => f.message);

// userId -> the messageId's JSON text as sent, and the words the finding and the detail use for it.
const SENT: [string, string, string][] = [
  ['u-number', '12345', '12345, a number'],
  ['u-true', 'true', 'true, a boolean'],
  ['u-object', '{"id":"abc"}', '{"id":"abc"}, an object'],
  ['u-empty', '""', '"", an empty string'],
  ['u-null', 'null', 'null'],
  // Past 2^53: JSON.parse rounds it to ...992; the client's digits are kept and shown.
  ['u-big', '9007199254740993', '9007199254740993, a number'],
];

/** Every message of the log checked: the client's value kept and named, the common message untouched. */
async function expectKept(label: string): Promise<void> {
  const all = await byUser();
  for (const [userId, json, words] of SENT) {
    const [c] = all.get(userId) ?? [];
    expect([label, userId, c?.messageIdAssigned]).toEqual([label, userId, true]);
    expect(c.message.messageId).toMatch(UUID);
    expect(c.clientMessageId).toEqual(JSON.parse(json));
    expect(c.clientMessageIdJson).toBe(userId === 'u-big' ? json : undefined);
    expect(replacedFindings(c)).toEqual([
      `The client sent messageId ${words}; Eventbench assigned ${String(c.message.messageId)} in its place: a messageId is a non-empty string (at most 100 characters), and Eventbench takes any other value as missing. Send a unique string per message (a UUID): Segment recognises a retried message by it.`,
    ]);
  }
  // Sent twice (the single call and again in the batch): each got its own id, neither is a duplicate, as before.
  const twice = all.get('u-twice') ?? [];
  expect(twice.map((c) => c.clientMessageId)).toEqual([12345, 12345]);
  expect(new Set(twice.map((c) => c.message.messageId)).size).toBe(2);
  expect(twice.flatMap((c) => c.dropReasons)).toEqual([]);
  // A string id, and no id at all: nothing kept, nothing said.
  for (const userId of ['u-string', 'u-none']) {
    const [c] = all.get(userId) ?? [];
    expect(Object.hasOwn(c, 'clientMessageId')).toBe(false);
    expect(replacedFindings(c)).toEqual([]);
  }
  expect(all.get('u-string')?.[0].message.messageId).toBe('client-id-1');
  expect(all.get('u-none')?.[0].messageIdAssigned).toBe(true);
  // What was imported as a plain Segment message keeps it too.
  const [imported] = all.get('u-imported') ?? [];
  expect(imported.clientMessageId).toBe(7);
  expect(replacedFindings(imported)[0]).toContain('The client sent messageId 7, a number; Eventbench assigned ');
  // Read one at a time (the detail pane's command), it is there too.
  const one = (await t.engine.call('messages.get', { seq: all.get('u-number')![0].seq })) as CapturedMessage;
  expect(one.clientMessageId).toBe(12345);
  expect(one.findings.some((f) => f.rule === CLIENT_MESSAGE_ID_RULE)).toBe(true);
}

describe('a messageId that is not a string', () => {
  it('is answered and de-duplicated as before, its value kept with the capture through a restart and an export imported back', async () => {
    const single = await post('/v1/track', '{"userId":"u-twice","event":"E","messageId":12345}');
    expect(single.status).toBe(200);
    const items = SENT.map(([userId, json]) => `{"type":"track","userId":"${userId}","event":"E","messageId":${json}}`);
    items.push('{"type":"track","userId":"u-twice","event":"E","messageId":12345}');
    items.push('{"type":"track","userId":"u-string","event":"E","messageId":"client-id-1"}');
    items.push('{"type":"track","userId":"u-none","event":"E"}');
    const batch = await post('/v1/batch', `{"batch":[${items.join(',')}]}`);
    expect(batch.status).toBe(200);
    expect(JSON.parse(batch.text)).toEqual(JSON.parse(single.text));
    expect((await post('/api/import', '{"type":"track","userId":"u-imported","event":"E","messageId":7}', 'application/x-ndjson')).status).toBe(200);

    await expectKept('as received');
    await t.restart();
    await expectKept('after a restart');

    const exported = await (await fetch(`${t.engine.url}/api/export`)).text();
    expect(exported).toContain('"messageIdAssigned":true,"clientMessageId":12345,');
    expect((await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' })).status).toBe(200);
    expect((await byUser()).size).toBe(0);
    const imported = await post('/api/import', exported, 'application/x-ndjson');
    expect(exported).toContain('"clientMessageId":9007199254740993,');
    expect([imported.status, JSON.parse(imported.text).imported]).toEqual([200, 11]);
    await expectKept('exported and imported back');
    await t.restart();
    await expectKept('imported, after a restart');
  });
});
