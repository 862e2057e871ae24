// Message texts taken from the request body (not re-serialized): whatever the client sent, the
// text stored for a message must parse to exactly the message the receiver holds, on one line.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { DuplicateIndex } from '../../../src-shared/tracking-api/duplicate-index';
import { prepareOwnedMessage, type PrepareContext } from '../../../src-shared/tracking-api/ingest';
import { parseTrackingRequest, type TrackingPath } from '../../../src-shared/tracking-api/parse';
import { randomObject, randomString, randomValue, rng } from './random-json';

function parseText(path: TrackingPath, bodyText: string) {
  const result = parseTrackingRequest({ path, bodyText, bodyBytes: Buffer.byteLength(bodyText) });
  if (!result.ok) throw new Error(result.error);
  return result;
}

function context(): PrepareContext {
  let n = 0;
  return { receivedAt: '2026-01-01T12:00:00.000Z', receivedAtMs: Date.UTC(2026, 0, 1, 12), newMessageId: () => `assigned-${++n}`, duplicates: new DuplicateIndex() };
}

/** Every message's stored text: parses to the message, one line. Returns the texts. */
function storedTexts(path: TrackingPath, bodyText: string): string[] {
  const parsed = parseText(path, bodyText);
  const ctx = context();
  return parsed.messages.map((message, i) => {
    const { messageJson } = prepareOwnedMessage(message, ctx, parsed.messageJson.sent[i], parsed.messageJson.added[i]);
    expect(JSON.parse(messageJson), `${bodyText}\n-> ${messageJson}`).toEqual(message);
    expect(messageJson).not.toMatch(/[\r\n]/);
    return messageJson;
  });
}

describe('message texts from the body', () => {
  it('keeps the client text of a batch item and appends what the receiver adds', () => {
    const body = '{"writeKey":"wk","batch":[ {"type":"track","event":"Caf\\u00e9","userId":"u","messageId":"m1","n":1.50} ,{ } ],"sentAt":"2026-01-01T00:00:05.000Z"}';
    const [first, empty] = storedTexts('batch', body);
    expect(first).toBe('{"type":"track","event":"Caf\\u00e9","userId":"u","messageId":"m1","n":1.50,"sentAt":"2026-01-01T00:00:05.000Z","receivedAt":"2026-01-01T12:00:00.000Z"}');
    expect(empty).toBe('{"sentAt":"2026-01-01T00:00:05.000Z","receivedAt":"2026-01-01T12:00:00.000Z","messageId":"assigned-1"}');
  });

  it('stringifies where appending would repeat a key, or the item spans lines', () => {
    const body = JSON.stringify({
      batch: [
        { type: 'track', receivedAt: 'client says' },
        { type: 'track', messageId: 42 },
        { type: 'track', messageId: '' },
      ],
    });
    const texts = storedTexts('batch', body.replace('"messageId":42', '"messageId" : 42'));
    expect(texts[1]).toBe(JSON.stringify({ type: 'track', messageId: 'assigned-2', receivedAt: '2026-01-01T12:00:00.000Z' }));
    const pretty = storedTexts('batch', JSON.stringify({ batch: [{ type: 'track', properties: { a: [1, 2] } }] }, null, 2));
    expect(pretty[0]).toBe(JSON.stringify({ type: 'track', properties: { a: [1, 2] }, receivedAt: '2026-01-01T12:00:00.000Z', messageId: 'assigned-1' }));
  });

  it('uses the whole body for a single call unless it carries a write key or another type', () => {
    expect(storedTexts('track', '  {"event":"E", "userId":"u","messageId":"m"}\t')).toEqual([
      '{"event":"E", "userId":"u","messageId":"m","type":"track","receivedAt":"2026-01-01T12:00:00.000Z"}',
    ]);
    expect(storedTexts('track', '{"type":"track","event":"E","messageId":"m"}')[0]).toBe('{"type":"track","event":"E","messageId":"m","receivedAt":"2026-01-01T12:00:00.000Z"}');
    const [keyed] = storedTexts('track', '{"event":"E","writeKey":"secret","messageId":"m"}');
    expect(keyed).not.toContain('secret');
    expect(storedTexts('page', '{"type":"track","name":"P","messageId":"m"}')[0]).toBe('{"type":"page","name":"P","messageId":"m","receivedAt":"2026-01-01T12:00:00.000Z"}');
  });

  it('measures a batch item by its bytes as sent (whitespace and escapes included)', () => {
    const pad = 'x'.repeat(32_700);
    const item = `{"type":"track","p":"${pad}\\u00e9"}`;
    const spaces = 32_768 - Buffer.byteLength(item); // the stringified item would be shorter still
    const spaced = `{"batch":[${item.replace('{', '{' + ' '.repeat(spaces))}]}`;
    expect(parseText('batch', spaced).ok).toBe(true);
    const over = `{"batch":[${item.replace('{', '{' + ' '.repeat(spaces + 1))}]}`;
    const result = parseTrackingRequest({ path: 'batch', bodyText: over, bodyBytes: Buffer.byteLength(over) });
    expect(result).toMatchObject({ ok: false, code: 'message-too-large', error: expect.stringMatching(/^batch\[0\] is 32,769 bytes/) });
  });
});

describe('message texts on random bodies', () => {
  /** A random message, sometimes with the fields the receiver sets or fills in. */
  function randomMessage(next: () => number): JsonObject {
    const m = randomObject(next, 1) as JsonObject;
    if (next() < 0.3) m.messageId = next() < 0.5 ? randomString(next) : (randomValue(next, 3) as JsonObject[string]);
    if (next() < 0.1) m.receivedAt = randomString(next);
    if (next() < 0.2) m.sentAt = randomString(next);
    if (next() < 0.2) m.context = randomObject(next, 2) as JsonObject;
    if (next() < 0.2) m.type = ['track', 'page', randomString(next)][Math.floor(next() * 3)];
    if (next() < 0.1) m.writeKey = 'wk';
    return m;
  }
  const indent = (next: () => number) => [undefined, 0, 2, '\t'][Math.floor(next() * 4)];

  it('stores, for every batch message, a text that parses to it', () => {
    const next = rng(7);
    for (let run = 0; run < 1000; run++) {
      const body: JsonObject = {};
      if (next() < 0.3) body.context = randomObject(next, 2) as JsonObject;
      body.batch = Array.from({ length: Math.floor(next() * 5) }, () => randomMessage(next));
      if (next() < 0.5) body.sentAt = '2026-01-01T00:00:05.000Z';
      if (next() < 0.3) body.integrations = { All: next() < 0.5 };
      storedTexts('batch', JSON.stringify(body, null, indent(next)));
    }
  });

  it('stores, for every single call, a text that parses to it', () => {
    const next = rng(11);
    const paths: TrackingPath[] = ['track', 'identify', 'page'];
    for (let run = 0; run < 500; run++) {
      storedTexts(paths[run % 3], JSON.stringify(randomMessage(next), null, indent(next)));
    }
  });
});
