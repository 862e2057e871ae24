// A message whose text writes a key twice (`"event":"Signed Up", … "event":"Order Completed"`):
// the receiver stores the text as sent and reads it as JSON.parse does (the last wins, as Segment's
// Tracking API), and now says so: a Segment-spec warning naming the path, both values and the one
// read, over the API, in the problems filter and the row counts, and the same after a restart (the
// finding is derived from the log's text, never stored).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { DUPLICATE_KEY_RULE } from '../../src-shared/validate/duplicate-keys';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const EVENT_TWICE =
  'event appears twice in one object ("Signed Up", then "Order Completed"); the last, "Order Completed", is what Segment reads, and what Eventbench shows. Send the key once.';

async function postText(path: string, body: string): Promise<number> {
  const res = await fetch(`${t.engine.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Basic d2s6' }, body });
  await res.text();
  return res.status;
}

async function messages(query = ''): Promise<CapturedMessage[]> {
  const res = await fetch(`${t.engine.url}/api/messages${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as CapturedMessage[];
}

const dupOf = (c: CapturedMessage) => c.findings.filter((f) => f.rule === DUPLICATE_KEY_RULE).map((f) => [f.path, f.severity, f.profile, f.message]);

describe('a key written twice in one object', () => {
  it('is a warning on the message over the API, a problem in the filters, and the same after a restart', async () => {
    // A batch (as a client library posts it), a single call spread over lines (hand-written), a clean message.
    const batch =
      '{"batch":[{"type":"track","userId":"u1","messageId":"dup-1","event":"Signed Up","properties":{"plan":"free","items":[{"sku":"a","sku":"b"}]},"event":"Order Completed","context":{"traits":{"email":"a@x.io","email":"b@x.io"}}},' +
      '{"type":"track","userId":"u2","messageId":"clean-1","event":"Signed Up"}],"sentAt":"2026-12-07T01:00:00.000Z"}';
    expect(await postText('/v1/batch', batch)).toBe(200);
    expect(await postText('/v1/track', '{\n  "userId": "u3",\n  "messageId": "dup-2",\n  "event": "Signed Up",\n  "event": "Order Completed"\n}\n')).toBe(200);
    // Page calls, which no partner checks in auto mode: their only finding is this one.
    expect(await postText('/v1/batch', '{"batch":[{"type":"page","userId":"u4","messageId":"dup-3","name":"Home","name":"Pricing"},{"type":"page","userId":"u4","messageId":"clean-2","name":"Home"}]}')).toBe(200);
    const check = async () => {
      const all = await messages();
      expect(all.map((c) => c.message.messageId)).toEqual(['dup-1', 'clean-1', 'dup-2', 'dup-3', 'clean-2']);
      // What is read is the last value, as before.
      expect(all.map((c) => c.message.event ?? c.message.name)).toEqual(['Order Completed', 'Signed Up', 'Order Completed', 'Pricing', 'Home']);
      expect(dupOf(all[0]).map(([path]) => path)).toEqual(['event', 'properties.items[0].sku', 'context.traits.email']);
      expect(dupOf(all[0])[0][3]).toBe(EVENT_TWICE);
      expect(dupOf(all[0])[2][3]).toContain('("a@x.io", then "b@x.io"); the last, "b@x.io"');
      expect(dupOf(all[0]).every(([, severity, profile]) => severity === 'warning' && profile === 'segment')).toBe(true);
      expect(dupOf(all[1])).toEqual([]);
      expect(dupOf(all[2]).map(([path]) => path)).toEqual(['event']);
      // The problems filter and the profile filter count it (the index's tallies, computed at ingest and on load).
      expect(all[3].findings.map((f) => f.rule)).toEqual([DUPLICATE_KEY_RULE]);
      expect(all[4].findings).toEqual([]);
      expect((await messages('?type=page&hasProblems=true')).map((c) => c.message.messageId)).toEqual(['dup-3']);
      expect((await messages('?type=page&hasProblems=false')).map((c) => c.message.messageId)).toEqual(['clean-2']);
      expect((await messages('?profile=segment')).map((c) => c.message.messageId)).toEqual(['dup-1', 'dup-2', 'dup-3']);
      const rows = await t.engine.call('messages.list', undefined);
      const segmentWarnings = rows.map((r) => r.findingCounts?.[2 * r.findingProfiles.indexOf('segment') + 1] ?? 0);
      expect(segmentWarnings).toEqual([3, 0, 1, 1, 0]);
    };
    await check();
    await t.restart(); // the index rebuilt from the log, every finding derived again
    await check();
    // Under a workspace (the messages' source configured: its own plan of checks), the same.
    await t.engine.call('workspace.save', { sources: [{ id: 's', name: 'Site', kind: 'custom', writeKey: 'wk', destinations: [] }] });
    const all = await messages();
    expect(all.map((c) => dupOf(c).map(([path]) => path))).toEqual([['event', 'properties.items[0].sku', 'context.traits.email'], [], ['event'], ['name'], []]);
    expect((await messages('?hasProblems=true')).map((c) => c.message.messageId)).toEqual(['dup-1', 'dup-2', 'dup-3']);
  });
});
