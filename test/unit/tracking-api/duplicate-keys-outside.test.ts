// Keys written twice outside a batch's messages, at the parse step (pure): a repeated "batch" is
// refused with each array's size, a batch-level field written twice or holding a repeat is copied
// into each item as written, and merged into an item's own context it keeps the repeat. The
// engine-level test is test/integration/duplicate-keys-outside.test.ts; these pin the texts.
import { describe, expect, it } from 'vitest';
import { parseTrackingRequest } from '../../../src-shared/tracking-api/parse';
import { prepareTrackingRequest } from '../../../src-shared/tracking-api/prepare-request';
import { receiverFindings } from '../../../src-shared/validate/validate';
import { DUPLICATE_KEY_RULE } from '../../../src-shared/validate/duplicate-keys';
import type { JsonObject } from '../../../src-shared/capture';

const batch = (bodyText: string) => parseTrackingRequest({ path: 'batch', bodyText, bodyBytes: Buffer.byteLength(bodyText) });
const item = (id: string) => `{"type":"track","userId":"u","messageId":"${id}","event":"E"}`;
const refusal = (bodyText: string) => {
  const parsed = batch(bodyText);
  if (parsed.ok) throw new Error('accepted');
  expect(parsed.code).toBe('batch-repeated');
  return /\(([^)]*)\)/.exec(parsed.error)?.[1];
};

describe('a "batch" written more than once is refused, each array named by its size', () => {
  it('twice, one message then two', () => {
    expect(refusal(`{"batch":[${item('a')}],"batch":[${item('b')},${item('c')}]}`)).toBe('1 message, then 2 messages');
    const parsed = batch(`{"batch":[${item('a')}],"batch":[${item('b')},${item('c')}]}`);
    expect(!parsed.ok && parsed.error).toMatch(/^the body writes "batch" twice \(/);
  });

  it('three times, an empty array and a value that is not one among them', () => {
    const body = `{"batch":[],"batch":"x","batch":[${item('a')}]}`;
    expect(refusal(body)).toBe('0 messages, a string, then 1 message');
    const parsed = batch(body);
    expect(!parsed.ok && parsed.error).toMatch(/^the body writes "batch" 3 times \(/);
    expect(refusal(`{"batch":[${item('a')},${item('b')}],"batch":[]}`)).toBe('2 messages, then 0 messages');
  });

  it('not refused for a "batch" key inside a batch-level value', () => {
    const parsed = batch(`{"batch":[${item('a')}],"context":{"batch":[1],"batch":[2]}}`);
    expect(parsed.ok).toBe(true);
  });
});

describe('a batch-level field with a repeat, copied as written', () => {
  const stamp = () => ({ receivedAt: '2026-12-07T01:00:00.000Z', receivedAtMs: Date.UTC(2026, 11, 7, 1), newMessageId: () => 'm' });
  const storedDups = (bodyText: string) => {
    const prepared = prepareTrackingRequest({ path: 'batch', bodyText, bodyBytes: Buffer.byteLength(bodyText) }, stamp());
    if (!prepared.ok) throw new Error(prepared.error);
    return prepared.jsons.map((head, i) => {
      const stored = head + prepared.jsonTails[i];
      const findings = receiverFindings(JSON.parse(stored) as JsonObject, undefined, stored);
      return { stored, paths: findings.filter((f) => f.rule === DUPLICATE_KEY_RULE).map((f) => f.path) };
    });
  };

  it('sentAt written twice: every item that takes it shows both, the one with its own does not', () => {
    const own = item('own').replace('{', '{"sentAt":"2026-12-07T00:00:09.000Z",');
    const out = storedDups(`{"sentAt":"2026-12-07T00:00:01.000Z","batch":[${item('a')},${own}],"sentAt":"2026-12-07T00:00:02.000Z"}`);
    expect(out[0].stored).toContain('"sentAt":"2026-12-07T00:00:01.000Z","sentAt":"2026-12-07T00:00:02.000Z"');
    expect(out.map((o) => o.paths)).toEqual([['sentAt'], []]);
  });

  it('a context holding a repeat, merged into an item\'s own: only the members the item lacks, each occurrence, as written', () => {
    const own = item('own').replace('{', '{"context":{"ip":"1.1.1.1","library":{"name":"mine"}},');
    const out = storedDups(`{"batch":[${item('a')},${own}],"context":{"ip":"0.0.0.0","page":{"x":1,"x":2},"page":{"y":3}}}`);
    expect(out.map((o) => o.paths)).toEqual([['context.page', 'context.page.x'], ['context.page', 'context.page.x']]);
    expect(out[1].stored).toContain('"page":{"x":1,"x":2},"page":{"y":3}');
    expect(out[1].stored).not.toContain('0.0.0.0');
    expect(JSON.parse(out[1].stored).context).toEqual({ ip: '1.1.1.1', library: { name: 'mine' }, page: { y: 3 } });
  });

  it('a context over lines is copied on one line', () => {
    const out = storedDups(`{"batch":[${item('a')}],"context":{\n"x":1,\r\n"x":2}}`);
    expect(out[0].stored).not.toMatch(/[\r\n]/);
    expect(out[0].paths).toEqual(['context.x']);
  });
});
