// The ingest path stringifies each message once and extends that text as fields are added:
// whatever the message looks like, the text handed on must be exactly JSON.stringify(message).
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { DuplicateIndex } from '../../../src-shared/tracking-api/duplicate-index';
import { prepareOwnedMessage, type PrepareContext } from '../../../src-shared/tracking-api/ingest';
import { appendJsonTail, membersTail } from '../../../src-shared/tracking-api/json-text';
import { parseTrackingRequest, type TrackingPath } from '../../../src-shared/tracking-api/parse';

function parse(path: TrackingPath, body: unknown) {
  const bodyText = JSON.stringify(body);
  const result = parseTrackingRequest({ path, bodyText, bodyBytes: Buffer.byteLength(bodyText) });
  if (!result.ok) throw new Error(result.error);
  return result;
}

const withAdded = (sent: string, added: string) => (added === '' ? sent : appendJsonTail(sent, membersTail(added)));

function context(): PrepareContext {
  let n = 0;
  return { receivedAt: '2026-01-01T12:00:00.000Z', receivedAtMs: Date.UTC(2026, 0, 1, 12), newMessageId: () => `assigned-${++n}`, duplicates: new DuplicateIndex() };
}

const items: JsonObject[] = [
  { type: 'track', event: 'A', userId: 'u', messageId: 'm1' },
  { type: 'track', event: 'B', userId: 'u', sentAt: '2026-01-01T00:00:01.000Z' },
  { type: 'identify', userId: 'u', sentAt: null, context: { ip: '1.2.3.4' }, integrations: {} },
  {},
  { 1: 'index-like key', type: 'track', event: 'café ✓ 😀 \u2028', userId: 'ü', messageId: 42 },
  { type: 'page', name: 'Pricing', anonymousId: 'a', messageId: '', receivedAt: 'client says' },
  { type: 'track', event: 'esc "quotes" \\ \n \u0001', userId: 'u', properties: { nested: [1, 2.5, -0, 1e21, { deep: true }] } },
];

describe('parseTrackingRequest messageJson', () => {
  it('gives each batch message as sent plus the batch fields filled in, equal to stringifying it', () => {
    const body = { batch: items, sentAt: '2026-01-01T00:00:05.000Z', context: { library: { name: 'x' } }, integrations: { All: true }, writeKey: 'wk' };
    const result = parse('batch', structuredClone(body));
    expect(result.messages).toHaveLength(items.length);
    result.messages.forEach((message, i) => {
      // As the client sent it, except an item whose own context/integrations the batch's are merged
      // into: that one is written whole.
      if (i !== 2) expect(result.messageJson.sent[i]).toBe(JSON.stringify(items[i]));
      expect(withAdded(result.messageJson.sent[i], result.messageJson.added[i])).toBe(JSON.stringify(message));
    });
    // An item lacking every batch field shares one string with the others like it.
    expect(result.messageJson.added[0]).toBe(result.messageJson.added[3]);
    expect(result.messageJson.added[2]).toBe('');
    expect(result.messages[2]).toMatchObject({ context: { library: { name: 'x' }, ip: '1.2.3.4' }, integrations: { All: true } });
  });

  it('says where each text sits in the body when it is a slice of it, -1 when it was stringified', () => {
    const bodies: [TrackingPath, string][] = [
      ['batch', JSON.stringify({ batch: items, sentAt: 'x' })],
      ['batch', `{"batch":[${JSON.stringify(items[0])},\n  ${JSON.stringify(items[1])}, {\n"type":"track"}]}`],
      ['track', '  {"event":"E","userId":"u"}\n'],
      ['track', '{"event":"E","userId":"u","writeKey":"k"}'],
    ];
    let slices = 0;
    let stringified = 0;
    for (const [path, bodyText] of bodies) {
      const r = parseTrackingRequest({ path, bodyText, bodyBytes: bodyText.length });
      if (!r.ok) throw new Error(r.error);
      r.messageJson.sent.forEach((sent, i) => {
        const start = r.messageJson.starts[i];
        if (start >= 0) {
          slices++;
          expect(bodyText.slice(start, start + sent.length)).toBe(sent);
        } else stringified++;
      });
    }
    expect(slices).toBeGreaterThan(5);
    expect(stringified).toBe(2); // the item spread over lines, the call with a writeKey
  });

  it('covers a batch without batch-level fields and single calls', () => {
    const batch = parse('batch', { batch: structuredClone(items) });
    batch.messages.forEach((message, i) => {
      expect(batch.messageJson.added[i]).toBe('');
      expect(batch.messageJson.sent[i]).toBe(JSON.stringify(message));
    });
    const single = parse('track', { event: 'E', userId: 'u', writeKey: 'wk' });
    expect(single.messageJson).toEqual({ sent: [JSON.stringify(single.messages[0])], added: [''], starts: [-1] });
  });
});

describe('prepareOwnedMessage', () => {
  it('stamps the message in place and returns exactly its JSON text, for every shape', () => {
    const body = { batch: items, sentAt: '2026-01-01T00:00:05.000Z', context: { library: { name: 'x' } } };
    const parsed = parse('batch', structuredClone(body));
    const ctx = context();
    let split = 0;
    parsed.messages.forEach((message, i) => {
      const prepared = prepareOwnedMessage(message, ctx, parsed.messageJson.sent[i], parsed.messageJson.added[i]);
      expect(prepared.message).toBe(message);
      expect(message.receivedAt).toBe(ctx.receivedAt);
      expect(prepared.messageJson).toBe(JSON.stringify(message));
      // The parts, when given, are that same text split in two.
      if (prepared.messageJsonHead !== undefined) {
        split++;
        expect(prepared.messageJsonHead + prepared.messageJsonTail).toBe(prepared.messageJson);
      }
    });
    expect(split).toBeGreaterThan(0);
    // Assigned where the client's id was missing, empty or not a string; kept otherwise.
    expect(parsed.messages.map((m) => m.messageId)).toEqual(['m1', 'assigned-1', 'assigned-2', 'assigned-3', 'assigned-4', 'assigned-5', 'assigned-6']);
  });

  it('stringifies when no text is given', () => {
    const message: JsonObject = { type: 'track', event: 'E', userId: 'u' };
    const prepared = prepareOwnedMessage(message, context());
    expect(prepared.messageJson).toBe(JSON.stringify(message));
    expect(prepared.messageIdAssigned).toBe(true);
    expect(prepared.dropReasons).toEqual([]);
  });
});
