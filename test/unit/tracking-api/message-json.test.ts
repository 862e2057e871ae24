// The ingest path stringifies each message once and extends that text as fields are added:
// whatever the message looks like, the text handed on must be exactly JSON.stringify(message).
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { parseExact, stringifyExact } from '../../../src-shared/exact-json';
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

// Numbers a double cannot hold (exact-json): where a message is written anew rather than kept as
// its slice of the body, the text must still hold the client's digits, and say what the message
// holds otherwise (JSON.parse of it is the message; key for key the same text as stringifying it).
describe('messages written anew keep the digits JSON.parse would round', () => {
  const BIG = '9007199254740993';
  const SNOW = '1234567890123456789';
  /** Each stored text (prepared as the receiver does), checked against its message. */
  function stored(path: TrackingPath, bodyText: string): string[] {
    const result = parseTrackingRequest({ path, bodyText, bodyBytes: Buffer.byteLength(bodyText) });
    if (!result.ok) throw new Error(result.error);
    const ctx = context();
    return result.messages.map((message, i) => {
      const text = prepareOwnedMessage(message, ctx, result.messageJson.sent[i], result.messageJson.added[i]).messageJson;
      expect(JSON.parse(text)).toEqual(message);
      expect(JSON.stringify(JSON.parse(text))).toBe(JSON.stringify(message));
      expect(stringifyExact(parseExact(text))).toBe(text);
      expect(text).not.toContain('\n');
      return text;
    });
  }

  it('an item merged with the batch context, and one given the batch context (analytics-go)', () => {
    const [merged, given] = stored(
      'batch',
      `{"messageId":"b","sentAt":"s","batch":[{"type":"track","messageId":"m1","context":{"app":{"build":${BIG}}},"properties":{"id":${BIG}}},{"type":"track","messageId":"m2"}],"context":{"library":{"name":"analytics-go"},"trace":${SNOW}}}`,
    );
    expect(merged).toContain(`"context":{"library":{"name":"analytics-go"},"trace":${SNOW},"app":{"build":${BIG}}},"properties":{"id":${BIG}},"sentAt":"s"`);
    expect(given).toContain(`"context":{"library":{"name":"analytics-go"},"trace":${SNOW}}`);
  });

  it('the batch context alone holding the long number, merged into an item without one', () => {
    const [merged] = stored('batch', `{"batch":[{"type":"track","messageId":"m1","context":{"ip":"1.2.3.4"}}],"context":{"trace":${SNOW}}}`);
    expect(merged).toContain(`"context":{"trace":${SNOW},"ip":"1.2.3.4"}`);
  });

  it('items spread over lines, items carrying a write key, and single calls of both kinds', () => {
    const [lines, key] = stored('batch', `{"batch":[\n{"type":"track",\n"messageId":"m1","properties":{"id":${SNOW}}},{"type":"track","writeKey":"wk","messageId":"m2","properties":{"id":-${SNOW}}}],"sentAt":"s"}`);
    expect(lines).toContain(`"properties":{"id":${SNOW}}`);
    expect(key).toContain(`"properties":{"id":-${SNOW}}`);
    expect(key).not.toContain('wk');
    const [pretty] = stored('track', `{\n  "messageId": "m3",\n  "type": "identify",\n  "properties": { "id": ${BIG}, "x": 1.0000000000000000001 }\n}`);
    expect(pretty).toContain(`"type":"track","properties":{"id":${BIG},"x":1.0000000000000000001}`);
    const [single] = stored('track', `{"writeKey":"wk","messageId":"m4","properties":{"id":${BIG}}}`);
    expect(single).toContain(`"properties":{"id":${BIG}}`);
    expect(single).not.toContain('wk');
  });

  it('a message whose receivedAt or messageId is replaced', () => {
    const [had, numeric] = stored('batch', `{"batch":[{"messageId":"m1","receivedAt":"r","properties":{"id":${BIG}}},{"messageId":${BIG},"properties":{"id":${SNOW}}}]}`);
    expect(had).toContain(`{"messageId":"m1","receivedAt":"2026-01-01T12:00:00.000Z","properties":{"id":${BIG}}}`);
    expect(numeric).toContain(`{"messageId":"assigned-1","properties":{"id":${SNOW}},"receivedAt":"2026-01-01T12:00:00.000Z"}`);
  });

  it('leaves the same shapes without long numbers as JSON.stringify writes them', () => {
    const texts = stored('batch', `{"batch":[{"type":"track","writeKey":"wk","context":{"a":1},"p":123456789012345}],"context":{"b":2}}`);
    expect(texts[0]).toBe('{"type":"track","context":{"b":2,"a":1},"p":123456789012345,"receivedAt":"2026-01-01T12:00:00.000Z","messageId":"assigned-1"}');
  });
});
