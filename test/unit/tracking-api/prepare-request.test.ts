// prepareTrackingRequest (what the ingest worker computes, as columns) must agree exactly with the
// step-by-step path it replaces: parse, stamp, drop reasons, findings, summary, message text.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { prepareOwnedMessage } from '../../../src-shared/tracking-api/ingest';
import { parseTrackingRequest, type TrackingPath } from '../../../src-shared/tracking-api/parse';
import { prepareTrackingRequest } from '../../../src-shared/tracking-api/prepare-request';
import { displayName, str, tallyFindings } from '../../../src-shared/summary';
import { receiverFindings } from '../../../src-shared/validate/validate';
import { clientMessageIdFindings } from '../../../src-shared/tracking-api/client-message-id';
import { randomBatchBody, rng } from './random-json';

const receivedAt = '2026-01-01T12:00:00.000Z';
const receivedAtMs = Date.UTC(2026, 0, 1, 12);

function idMaker(): () => string {
  let n = 0;
  return () => `assigned-${++n}`;
}

function checkAgainstSteps(path: TrackingPath, bodyText: string): void {
  const input = { path, bodyText, bodyBytes: Buffer.byteLength(bodyText), authorizationHeader: 'Basic d2s6' };
  const prepared = prepareTrackingRequest(input, { receivedAt, receivedAtMs, newMessageId: idMaker() });
  const parsed = parseTrackingRequest(input);
  if (!parsed.ok) {
    expect(prepared).toEqual(parsed);
    return;
  }
  if (!prepared.ok) throw new Error(`prepareTrackingRequest failed where parsing did not: ${prepared.error}`);
  expect(prepared.writeKey).toBe(parsed.writeKey);
  expect(prepared.writeKeySource).toBe(parsed.writeKeySource);
  const newId = idMaker();
  parsed.messages.forEach((raw, i) => {
    const step = prepareOwnedMessage(raw, { receivedAt, receivedAtMs, newMessageId: newId }, parsed.messageJson.sent[i], parsed.messageJson.added[i]);
    const message: JsonObject = step.message;
    expect(prepared.jsons[i] + prepared.jsonTails[i], `message ${i} text`).toBe(step.messageJson);
    const start = prepared.jsonStarts[i];
    if (start >= 0) expect(bodyText.slice(start, start + prepared.jsons[i].length), `message ${i} slice`).toBe(prepared.jsons[i]);
    expect(JSON.parse(prepared.jsons[i] + prepared.jsonTails[i])).toEqual(message);
    expect(prepared.messageIds[i]).toBe(message.messageId);
    expect(prepared.messageIdAssigned[i]).toBe(step.messageIdAssigned);
    expect(prepared.dropReasons[i]).toEqual(step.dropReasons);
    expect(prepared.types[i]).toBe(str(message.type) ?? '?');
    expect(prepared.names[i]).toBe(displayName(message));
    expect(prepared.userIds[i]).toBe(str(message.userId));
    expect(prepared.anonymousIds[i]).toBe(str(message.anonymousId));
    // A client messageId the receiver replaced: kept in the column, and its warning counted.
    const replaced = 'clientMessageId' in step ? { clientMessageId: step.clientMessageId, message } : { message };
    expect(prepared.clientMessageIds?.find(([at]) => at === i)).toEqual('clientMessageId' in step ? [i, step.clientMessageId] : undefined);
    expect(prepared.tallies[prepared.tallyOf[i]]).toEqual(tallyFindings([...receiverFindings(message), ...clientMessageIdFindings(replaced)]));
  });
  expect(prepared.messageIds).toHaveLength(parsed.messages.length);
  slicesSeen += prepared.jsonStarts.filter((s) => s >= 0).length;
}
let slicesSeen = 0;

describe('prepareTrackingRequest', () => {
  it('agrees with the step-by-step path on known shapes (batch fields, assigned ids, client receivedAt, non-ASCII)', () => {
    const items = [
      { type: 'track', event: 'Notification Clicked', userId: 'u', messageId: 'm1', properties: { notificationId: 'n', notificationName: 'Promo' } },
      { type: 'identify', userId: 'u', traits: { email: 'a@b.co' }, sentAt: '2026-01-01T00:00:01.000Z' },
      { type: 'group', groupId: 'g', userId: 'u', traits: { billing_city: 'Brno', tags: ['a'] } },
      {},
      { type: 'track', event: 'café ✓ 😀 \u2028', userId: 'ü', messageId: 42 },
      { type: 'page', name: 'Pricing', anonymousId: 'a', messageId: '', receivedAt: 'client says' },
      { type: 'alias', userId: 'u', previousId: 'p', messageId: 'x'.repeat(120) },
    ];
    checkAgainstSteps('batch', JSON.stringify({ batch: items, sentAt: '2026-01-01T00:00:05.000Z', context: { library: { name: 'x' } }, writeKey: 'wk' }));
    checkAgainstSteps('batch', JSON.stringify({ batch: items }, null, 2));
    checkAgainstSteps('track', JSON.stringify({ event: 'E', userId: 'u', writeKey: 'wk' }));
    checkAgainstSteps('identify', JSON.stringify({ type: 'track', userId: 'u', traits: { email: 'no-at-sign' } }));
    checkAgainstSteps('page', '  {"name":"Home","anonymousId":"a"}\n');
  });

  it('agrees with it on 400 random batch bodies (any keys, escapes, line breaks, indentation)', () => {
    const next = rng(2026);
    slicesSeen = 0;
    for (let i = 0; i < 400; i++) checkAgainstSteps('batch', randomBatchBody(next));
    expect(slicesSeen).toBeGreaterThan(100); // most texts come straight from the body
  });

  it('answers bad input exactly as the parser does', () => {
    checkAgainstSteps('batch', '{"batch": [1, 2]}');
    checkAgainstSteps('batch', '{"batch": ');
    checkAgainstSteps('track', '[]');
    checkAgainstSteps('batch', JSON.stringify({ batch: [{ type: 'track', event: 'big', userId: 'u', properties: { blob: 'x'.repeat(40_000) } }] }));
  });

  it('shares one tally entry among consecutive messages with the same findings', () => {
    const batch = Array.from({ length: 50 }, (_, i) => ({ type: 'track', event: 'Feature Used', userId: `u${i}`, messageId: `m${i}` }));
    const prepared = prepareTrackingRequest({ path: 'batch', bodyText: JSON.stringify({ batch }), bodyBytes: 0 }, { receivedAt, receivedAtMs, newMessageId: idMaker() });
    if (!prepared.ok) throw new Error(prepared.error);
    expect(prepared.tallies).toHaveLength(1);
    expect(new Set(prepared.tallyOf)).toEqual(new Set([0]));
  });

  it('ids past 2^53 keep the digits the client sent in the columns (JSON.parse would round them)', () => {
    const bodyText = '{"batch":[{"type":"track","event":"E","userId":9007199254740993,"anonymousId":9007199254740995},{"type":"group","userId":"u","groupId":9007199254740997}]}';
    const prepared = prepareTrackingRequest({ path: 'batch', bodyText, bodyBytes: bodyText.length }, { receivedAt, receivedAtMs, newMessageId: idMaker() });
    if (!prepared.ok) throw new Error(prepared.error);
    expect(prepared.userIds).toEqual(['9007199254740993', 'u']);
    expect(prepared.anonymousIds).toEqual(['9007199254740995', undefined]);
    expect(prepared.names).toEqual(['E', '9007199254740997']);
    expect(prepared.accounts).toEqual(['', '9007199254740997']);
  });
});
